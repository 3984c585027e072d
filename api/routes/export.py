"""Exports: event rows (CSV, JSON Lines, Parquet) and the aggregated graph (GraphML, GEXF)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import FileResponse, StreamingResponse
from starlette.background import BackgroundTask

from graphkit import export
from graphkit.models import EdgeFilter

from ..deps import StoreHolder, edge_filter, get_holder
from ..limits import Busy, Limits
from ._common import errors

router = APIRouter(tags=["export"])

_FORMAT = Query(
    "csv",
    description="csv or jsonl: event rows, streamed; parquet: event rows as a file; "
    "graphml or gexf: the aggregated graph (Gephi, Cytoscape)",
)


@router.get(
    "/export",
    summary="Event rows or the aggregated graph, for pandas, R or Gephi",
    response_model=None,
    responses={
        200: {
            "description": "the export, as a download",
            "content": {media: {} for media in dict.fromkeys(export.MEDIA_TYPES.values())},
        },
        **errors(422, 503),
    },
)
def get_export(
    request: Request,
    fmt: export.Format = Query("csv", alias="format", description=_FORMAT.description),
    filt: EdgeFilter = Depends(edge_filter),
    holder: StoreHolder = Depends(get_holder),
) -> Response:
    """One row per piece of evidence (date, source and target with kind, country and
    sector, type, quad class, mode, modality, negation, article key, URL and outlet,
    sentence, confidence; the README lists the columns), or the graph of the relationships
    that pass the filter. At most `GRAPHKIT_API_LIMIT_EXPORTS` exports run at once."""
    limits: Limits = request.app.state.limits
    if not limits.try_acquire("exports"):
        raise Busy("exports", limits.sizes["exports"])
    released = False
    try:
        store = holder.get()
        name = f"graphkit-export.{fmt}"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        if fmt in ("csv", "jsonl"):
            chunks = export.stream(store, fmt, filt)
            released = True  # the stream gives the slot back when it ends
            return StreamingResponse(
                _releasing(chunks, limits), media_type=export.MEDIA_TYPES[fmt], headers=headers
            )
        fd, tmp = tempfile.mkstemp(prefix="graphkit-export-", suffix=f".{fmt}")
        os.close(fd)
        path = Path(tmp)
        try:
            export.export(store, fmt, path, filt)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return FileResponse(
            path,
            media_type=export.MEDIA_TYPES[fmt],
            filename=name,
            background=BackgroundTask(path.unlink, missing_ok=True),
        )
    finally:
        if not released:
            limits.release("exports")


def _releasing(chunks: Iterator[str], limits: Limits) -> Iterator[str]:
    """``chunks``, giving the export slot back however the stream ends."""
    try:
        yield from chunks
    finally:
        with contextlib.suppress(Exception):
            limits.release("exports")
