"""Matching system relations to gold items: actor keys, leadership, article scope."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphkit.evaluate.names import name_key, same_actor
from graphkit.ontology import default_ontology

LEADERSHIP = "LEADER_OF"

# How a system relation's endpoints sit on a gold item's actors, types ignored.
SAME = "same"
REVERSED = "reversed"


def actor_id(actor: dict[str, Any]) -> str:
    """The id a system endpoint is counted under (its id, else its name)."""
    return str(actor.get("id") or actor.get("name") or "")


class Matcher:
    """Decides which system relations match which gold items.

    Args:
        system: system relation lines (each with ``source``, ``target`` and ``type``).
        gold: gold items.
    """

    def __init__(self, system: list[dict[str, Any]], gold: list[dict[str, Any]]) -> None:
        # imported here so that loading graphkit.evaluate stays cheap for the CLI
        from graphkit.extraction.gazetteer import Gazetteer

        self.gaz = Gazetteer.load()
        self.symmetric = default_ontology().symmetric
        self.keys: dict[str, set[str]] = {}
        self.leads: dict[str, set[str]] = {}
        for r in system:
            for side in ("source", "target"):
                a = r[side]
                ks = self.keys.setdefault(actor_id(a), set())
                names = [a.get("id"), a.get("name"), *(a.get("aliases") or [])]
                ks.update(k for k in map(name_key, names) if k)
                if a.get("kind") == "state" and a.get("country"):
                    ks.add(name_key(a["country"]))
            if r.get("type") == LEADERSHIP:
                self.leads.setdefault(actor_id(r["source"]), set()).add(actor_id(r["target"]))
        self.gold_leads: dict[str, set[str]] = {}
        for g in gold:
            if LEADERSHIP in g.get("types", []):
                self.gold_leads.setdefault(name_key(g["source"]), set()).add(g["target"])
        # Per article only when the gold names articles and the system output uses those
        # ids: output keyed some other way (file paths, graph keys) is matched globally.
        gold_articles = {g["article"] for g in gold if g.get("article")}
        self.per_article = bool(gold_articles) and any(
            r.get("article_id") in gold_articles for r in system
        )
        self._gold_cache: dict[tuple[str, bool], frozenset[str]] = {}
        self._sys_cache: dict[tuple[str, bool], frozenset[str]] = {}

    def same_article(self, g: dict[str, Any], r: dict[str, Any]) -> bool:
        """Whether a system relation may count for a gold item (always, unless per article)."""
        return not self.per_article or not g.get("article") or r.get("article_id") == g["article"]

    def gold_keys(self, name: str, expand: bool) -> frozenset[str]:
        """Keys of a gold name (and, expanded, of what the gold says it leads)."""
        cached = self._gold_cache.get((name, expand))
        if cached is not None:
            return cached
        out = {name_key(name)}
        hit = self.gaz.lookup(name)
        if hit is not None and hit[0].actor.kind == "state":
            out.add(name_key(hit[0].actor.id))
        if expand:
            for led in self.gold_leads.get(name_key(name), ()):
                out |= self.gold_keys(led, False)
        self._gold_cache[name, expand] = frozen = frozenset(out)
        return frozen

    def sys_keys(self, aid: str, expand: bool) -> frozenset[str]:
        """Keys of a system actor (and, expanded, of what the system says it leads)."""
        cached = self._sys_cache.get((aid, expand))
        if cached is not None:
            return cached
        out = set(self.keys.get(aid, {name_key(aid)}))
        if expand:
            for led in self.leads.get(aid, ()):
                out |= self.keys.get(led, {name_key(led)})
        self._sys_cache[aid, expand] = frozen = frozenset(out)
        return frozen

    def _levels(self, g: dict[str, Any], rtype: str | None) -> tuple[bool, ...]:
        # A person stands for what they lead, except in a leadership relation itself:
        # "Putin LEADER_OF Russia" must not match "Russia LEADER_OF Russia".
        if LEADERSHIP in g.get("types", []) or rtype == LEADERSHIP:
            return (False,)
        return (False, True)

    def orientation(self, g: dict[str, Any], r: dict[str, Any]) -> set[str]:
        """How the relation's endpoints sit on the gold item's actors, types ignored.

        Returns:
            A subset of {SAME, REVERSED}; empty when the two actors are not the gold's.
        """
        s, t = actor_id(r["source"]), actor_id(r["target"])
        out: set[str] = set()
        for expand in self._levels(g, r.get("type")):
            sk, tk = self.sys_keys(s, expand), self.sys_keys(t, expand)
            gs, gt = self.gold_keys(g["source"], expand), self.gold_keys(g["target"], expand)
            if same_actor(sk, gs) and same_actor(tk, gt):
                out.add(SAME)
            if same_actor(sk, gt) and same_actor(tk, gs):
                out.add(REVERSED)
        return out

    def match(self, g: dict[str, Any], r: dict[str, Any]) -> bool:
        """Whether a system relation matches a gold item (type, actors, direction, article)."""
        if r.get("type") not in g.get("types", []) or not self.same_article(g, r):
            return False
        how = self.orientation(g, r)
        either = bool(g.get("symmetric")) or r["type"] in self.symmetric
        return SAME in how or (either and REVERSED in how)

    def names(self, g: dict[str, Any], name: str, actors: Iterable[str]) -> bool:
        """Whether a gold actor is one of the given system actors (by the matching rules)."""
        levels = self._levels(g, None)
        return any(
            same_actor(self.sys_keys(aid, expand), self.gold_keys(name, expand))
            for aid in actors
            for expand in levels
        )
