"""The data types of actor resolution: what a token stands for, and what the text says."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from graphkit.extraction.gazetteer import FORM_CAPITAL, FORM_METONYM
from graphkit.models import Actor


@dataclass(frozen=True)
class Ref:
    """An actor a token stands for, with how we know it."""

    actor: Actor
    sector: str | None = None
    coref: bool = False

    @property
    def id(self) -> str:
        return self.actor.id

    def as_actor(self) -> Actor:
        """The actor as it goes on a relation: the phrase's sector overrides the actor's."""
        if self.sector and self.sector != self.actor.sector:
            return self.actor.model_copy(update={"sector": self.sector})
        return self.actor


@dataclass
class Mention:
    """A span of the document that names an actor."""

    start: int
    end: int
    actor: Actor
    form: str = "name"


@dataclass
class Affiliation:
    """A LEADER_OF / MEMBER_OF / PART_OF fact found in the text (or the gazetteer)."""

    source: Actor
    type: str
    target: Actor
    role: str | None
    sent: Span
    trigger: str
    confidence: float
    from_gazetteer: bool = False  # known role only, not stated in the text


def as_coref(r: Ref) -> Ref:
    """The same reference, marked as found through coreference."""
    return Ref(r.actor, sector=r.sector, coref=True)


def form_sector(m: Mention) -> str | None:
    """The sector a mention's surface form gives its actor ("Pyongyang" -> GOV)."""
    if m.form.startswith(FORM_METONYM):
        return m.form[len(FORM_METONYM) :] or None
    if m.form == FORM_CAPITAL and m.actor.kind == "state":
        return "GOV"
    return None
