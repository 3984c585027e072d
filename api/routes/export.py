"""Exports: event rows (CSV, JSON Lines, Parquet) and the aggregated graph (GraphML, GEXF)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import FileResponse, StreamingResponse
from starlette.background import BackgroundTask

from graphkit import export
from graphkit.models import EdgeFilter

from ..deps import StoreHolder, edge_filter, get_holder
from ..limits import limited
from ._common import errors

router = APIRouter(tags=["export"])

_FORMAT_HELP = (
    "csv or jsonl: event rows, streamed; parquet: event rows as a file; "
    "graphml or gexf: the aggregated graph (Gephi, Cytoscape)"
)


@router.get(
    "/export",
    summary="Event rows or the aggregated graph, for pandas, R or Gephi",
    response_model=None,
    # FastAPI leaves a yield dependency after the response is sent: the slot is held
    # until a streamed export's last chunk (or a file's download) has gone
    dependencies=[Depends(limited("exports"))],
    responses={
        200: {
            "description": "the export, as a download",
            "content": {media: {} for media in dict.fromkeys(export.MEDIA_TYPES.values())},
        },
        **errors(422, 503),
    },
)
def get_export(
    fmt: export.Format = Query("csv", alias="format", description=_FORMAT_HELP),
    filt: EdgeFilter = Depends(edge_filter),
    holder: StoreHolder = Depends(get_holder),
) -> Response:
    """One row per piece of evidence (date, source and target with kind, country and
    sector, type, quad class, mode, modality, negation, article key, URL and outlet,
    sentence, confidence; the README lists the columns), or the graph of the relationships
    that pass the filter. At most `GRAPHKIT_API_LIMIT_EXPORTS` exports run at once."""
    store = holder.get()
    name = f"graphkit-export.{fmt}"
    if fmt in ("csv", "jsonl"):
        return StreamingResponse(
            export.stream(store, fmt, filt),
            media_type=export.MEDIA_TYPES[fmt],
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
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
