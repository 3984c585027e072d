"""The landing page's overview: graph counts, the most active actors and dyads over the
latest days of data, and the newest articles.

"Latest" is measured back from the newest article date in the graph, not from today, so
an archive loaded once still shows what was busy at its end.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from pydantic import BaseModel, Field

from graphkit.errors import ValidationError
from graphkit.models import ActorNode, ArticleSummary, Stats
from graphkit.store.base import GraphStore

ACTIVE_DAYS = 30
TOP = 10
LATEST_ARTICLES = 10


class ActiveActor(BaseModel):
    """An actor and its evidence in the window."""

    actor: ActorNode
    count: int


class ActiveDyad(BaseModel):
    """A pair of actors and the evidence between them in the window (either direction)."""

    source: ActorNode
    target: ActorNode
    count: int


class Overview(BaseModel):
    """What the landing page shows."""

    stats: Stats
    since: date | None = Field(default=None, description="first day of the activity window")
    until: date | None = Field(default=None, description="the newest article date")
    actors: list[ActiveActor] = Field(default_factory=list)
    dyads: list[ActiveDyad] = Field(default_factory=list)
    articles: list[ArticleSummary] = Field(default_factory=list)


def overview(
    store: GraphStore, days: int = ACTIVE_DAYS, top: int = TOP, articles: int = LATEST_ARTICLES
) -> Overview:
    """Gather the overview: counts, the ``top`` busiest actors and pairs over the ``days``
    days up to the newest article date, and the ``articles`` newest articles.

    Raises:
        ValidationError: a count or window out of bounds.
    """
    for name, value, high in (("days", days, 3660), ("top", top, 100), ("articles", articles, 100)):
        if not isinstance(value, int) or not 1 <= value <= high:
            raise ValidationError(f"{name} must be between 1 and {high}, got {value!r}")
    latest = store.latest_articles(articles)
    newest = max((a.published for a in latest if a.published is not None), default=None)
    out = Overview(stats=store.stats(), articles=latest)
    if newest is None:
        return out
    since = newest - timedelta(days=days - 1)
    pairs = store.pair_activity(since)
    by_actor: Counter[str] = Counter()
    for a, b, n in pairs:
        by_actor[a] += n
        by_actor[b] += n
    top_actors = sorted(by_actor.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    top_pairs = sorted(pairs, key=lambda p: (-p[2], p[0], p[1]))[:top]
    ids = {i for i, _ in top_actors} | {i for a, b, _ in top_pairs for i in (a, b)}
    nodes = store.actor_nodes(sorted(ids))
    out.since, out.until = since, newest
    out.actors = [ActiveActor(actor=nodes[i], count=n) for i, n in top_actors if i in nodes]
    out.dyads = [
        ActiveDyad(source=nodes[a], target=nodes[b], count=n)
        for a, b, n in top_pairs
        if a in nodes and b in nodes
    ]
    return out
