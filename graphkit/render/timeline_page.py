"""The actor and dyad pages: facts, a timeline chart (Chart.js, inlined) and evidence lists.

Like the views, each page is one self-contained file: Chart.js, the chart code and the
styles are inlined, the page's Content-Security-Policy lets only those two scripts run
(by hash), every string is autoescaped by Jinja, and the chart reads its data from a
``<script type="application/json">`` block, drawing on a canvas (no article text
reaches the DOM from script). Article links are kept only when they are http(s).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from graphkit.models import EvidenceRecord
from graphkit.render.network import FAMILY_STYLE, safe_url
from graphkit.render.page import STATIC_DIR, environment, page_csp, script_json
from graphkit.timeline import QUADS, ActorTimeline, DyadTimeline


@dataclass(frozen=True)
class RoleRow:
    """One line of an actor page's roles table (a gazetteer role or a standing relation)."""

    title: str
    of: str
    of_name: str
    start: date | None = None
    end: date | None = None
    href: str | None = None


@lru_cache(maxsize=1)
def page_assets() -> tuple[str, str, str, str]:
    """Chart.js, the chart code, its CSP and the page styles, read once per process."""
    chart = (STATIC_DIR / "chart.umd.min.js").read_text(encoding="utf-8")
    draw = (STATIC_DIR / "timeline.js").read_text(encoding="utf-8")
    css = (STATIC_DIR / "page.css").read_text(encoding="utf-8")
    return chart, draw, page_csp(chart, draw), css


def fill_link(template: str | None, **ids: str) -> str | None:
    """``template`` with each ``{name}`` replaced by the URL-encoded id, or ``None``."""
    if template is None:
        return None
    out = template
    for name, value in ids.items():
        out = out.replace("{" + name + "}", quote(value, safe=""))
    return out


def evidence_rows(
    records: Sequence[EvidenceRecord], names: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The evidence list's items: names for ids, and only http(s) article links."""
    return [
        {
            "published": r.published.isoformat() if r.published else None,
            "source_name": names.get(r.source, r.source),
            "target_name": names.get(r.target, r.target),
            "label": r.predicate or r.type,
            "modality": r.modality,
            "negated": r.negated,
            "sentence": r.sentence,
            "url": safe_url(r.article_url),
            "title": r.article_title,
            "publisher": r.article_source,
            "article_id": r.article_id,
        }
        for r in records
    ]


def _quads() -> list[dict[str, str]]:
    return [
        {"id": q, "label": FAMILY_STYLE[q][0], "colour": FAMILY_STYLE[q][1]}
        for q in (*QUADS, "standing")
    ]


def _render(template: str, *, timeline: dict[str, Any], **context: Any) -> str:
    chart, draw, csp, css = page_assets()
    payload = {"timeline": timeline, "quads": _quads()}
    return (
        environment()
        .get_template(template)
        .render(
            csp=csp,
            page_css=Markup(css),
            chart_js=Markup(chart),
            timeline_js=Markup(draw),
            payload=Markup(script_json(payload)),
            **context,
        )
    )


def _timeline_note(total: int, undated: int, interval: str, periods: int) -> str:
    note = f"{total} pieces of evidence in {periods} {interval}s"
    return note + (f"; {undated} from undated articles are in no period." if undated else ".")


def render_actor_page(
    tl: ActorTimeline,
    *,
    names: Mapping[str, str],
    roles: Sequence[RoleRow],
    evidence: Sequence[EvidenceRecord],
    note: str | None = None,
    links: Sequence[tuple[str, str]] = (),
    dyad_link: str | None = None,
) -> str:
    """An actor's page: facts, roles, timeline chart, top counterparts, latest evidence.

    Args:
        tl: the actor's timeline (its counterparts rank the partners).
        names: display names by actor id (ids without one are shown as they are).
        roles: the roles table (gazetteer roles and standing relations).
        evidence: the latest evidence, newest first.
        note: a line under the heading (escaped), e.g. the filters applied.
        links: ``(href, text)`` links under the heading.
        dyad_link: when set, counterparts link to it with ``{actor}`` and ``{other}``
            replaced by URL-encoded ids; files written by the CLI leave it unset.

    Returns:
        The HTML page as a string.
    """
    actor = tl.actor
    counterparts = [
        {
            "name": names.get(c.id, c.id),
            "count": c.count,
            "href": fill_link(dyad_link, actor=actor.id, other=c.id),
        }
        for c in tl.counterparts
    ]
    return _render(
        "actor.html",
        timeline=tl.model_dump(mode="json", exclude={"actor"}),
        title=actor.name,
        subtitle=note,
        links=list(links),
        actor=actor,
        roles=list(roles),
        counterparts=counterparts,
        timeline_note=_timeline_note(tl.total, tl.undated, tl.interval, len(tl.periods)),
        chart_label=f"{actor.name}: evidence per {tl.interval}",
        evidence_heading="Latest evidence",
        evidence=evidence_rows(evidence, names),
        evidence_more=None,
        more_href=None,
    )


def render_dyad_page(
    tl: DyadTimeline,
    *,
    evidence: Sequence[EvidenceRecord],
    total_listed: int,
    note: str | None = None,
    links: Sequence[tuple[str, str]] = (),
    more_href: str | None = None,
) -> str:
    """Two actors' page: the timeline stacked by quad class with its balance line, and
    the evidence between them, newest first.

    Args:
        tl: the dyad's timeline.
        evidence: the evidence to list, newest first (already capped).
        total_listed: how much dated evidence there is in all; when more than listed, a
            note says so (with ``more_href``, the JSON with all of it, as a link).
        note: a line under the heading (escaped).
        links: ``(href, text)`` links under the heading.
        more_href: where the whole evidence is (the timeline JSON), or ``None``.

    Returns:
        The HTML page as a string.
    """
    names = {tl.source.id: tl.source.name, tl.target.id: tl.target.name}
    dated = [p.start for p in tl.periods if p.total]
    more = None
    if total_listed > len(evidence):
        more = f"Showing the newest {len(evidence)} of {total_listed} pieces of evidence."
    return _render(
        "dyad.html",
        timeline=tl.model_dump(mode="json", exclude={"source", "target"}),
        title=f"{tl.source.name} and {tl.target.name}",
        subtitle=note,
        links=list(links),
        total=tl.total,
        undated=tl.undated,
        first=dated[0].isoformat() if dated else None,
        last=dated[-1].isoformat() if dated else None,
        corroboration=None,
        timeline_note=_timeline_note(tl.total, tl.undated, tl.interval, len(tl.periods)),
        chart_label=f"{tl.source.name} and {tl.target.name}: evidence per {tl.interval}",
        evidence_heading="Evidence, newest first",
        evidence=evidence_rows(evidence, names),
        evidence_more=more,
        more_href=more_href if more else None,
    )
