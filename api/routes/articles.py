"""Ingest articles over HTTP, through the same pipeline as ``graphkit ingest``."""

from __future__ import annotations

from fastapi import APIRouter, Body, Depends

from graphkit.config import Settings
from graphkit.errors import ValidationError
from graphkit.ingest import IngestReport, ingest_articles
from graphkit.models import Article

from ..deps import StoreHolder, get_holder, get_settings, require_api_key
from ..schemas import ArticleIn
from ._common import errors

router = APIRouter(tags=["articles"])

MAX_BATCH = 100


@router.post(
    "/articles",
    response_model=IngestReport,
    summary="Ingest one article or a batch (API key)",
    dependencies=[Depends(require_api_key)],
    responses=errors(401, 403, 413, 422, 503),
)
def post_articles(
    body: ArticleIn | list[ArticleIn] = Body(
        ..., description=f"one article, or a list of at most {MAX_BATCH}"
    ),
    holder: StoreHolder = Depends(get_holder),
    settings: Settings = Depends(get_settings),
) -> IngestReport:
    """Extract actors and relations from the articles and store them.

    Articles are keyed like `graphkit ingest` keys them (URL, else a hash of the
    normalised text); unchanged ones are skipped; unusable ones are listed in
    `rejects` with the reason. Requires the `X-API-Key` header.
    """
    items = body if isinstance(body, list) else [body]
    if len(items) > MAX_BATCH:
        raise ValidationError(f"at most {MAX_BATCH} articles per request, got {len(items)}")
    articles = [
        Article(
            # The same identity as `graphkit ingest`: URL, else a hash of the text. A
            # client-supplied id would give the same article two keys.
            id=Article.key_for(a.text, a.url),
            text=a.text,
            title=a.title,
            url=a.url,
            published=a.published,
            source=a.source,
        )
        for a in items
    ]
    with holder.writing() as store:
        return ingest_articles(store, articles, max_bytes=settings.max_article_bytes)
