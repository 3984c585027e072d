"""The relation ontology, loaded from ``data/ontology.yaml``.

Every relation type that reaches a query is checked here first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from graphkit.errors import ValidationError
from graphkit.resource import data_path


@dataclass(frozen=True)
class Ontology:
    """Relation types, their quad classes, labels and modes, and the modalities."""

    event_types: dict[str, dict[str, object]]
    standing: dict[str, dict[str, object]]
    quad_class: dict[str, str]
    modalities: tuple[str, ...]
    actor_kinds: tuple[str, ...]
    sectors: tuple[str, ...]
    symmetric: frozenset[str] = field(default_factory=frozenset)

    @property
    def types(self) -> frozenset[str]:
        return frozenset(self.event_types) | frozenset(self.standing)

    def label(self, rel_type: str) -> str:
        spec = self.event_types.get(rel_type) or self.standing.get(rel_type) or {}
        return str(spec.get("label", rel_type.lower().replace("_", " ")))

    def is_symmetric(self, rel_type: str) -> bool:
        return rel_type in self.symmetric

    def family(self, rel_type: str) -> str:
        """``verbal_cooperation`` … ``material_conflict``, or ``standing``."""
        return self.quad_class.get(rel_type, "standing")

    def modality_rank(self, modality: str) -> int:
        """Lower is stronger; unknown modalities rank last."""
        try:
            return self.modalities.index(modality)
        except ValueError:
            return len(self.modalities)

    def check_type(self, rel_type: str) -> str:
        """Validate one relation type (case-insensitive) and return it upper-cased.

        Raises:
            ValidationError: if the type is not in the ontology.
        """
        up = str(rel_type).strip().upper()
        if up not in self.types:
            raise ValidationError(
                f"Unknown relation type {rel_type!r}; "
                f"expected one of {', '.join(sorted(self.types))}"
            )
        return up

    def check_types(self, types: Iterable[str] | None) -> list[str] | None:
        """Validate relation types (case-insensitive) and return them upper-cased.

        Raises:
            ValidationError: if any type is not in the ontology.
        """
        if types is None:
            return None
        return [self.check_type(t) for t in types]

    def check_modalities(self, modalities: Iterable[str] | None) -> list[str] | None:
        """Validate modality names (case-insensitive).

        Raises:
            ValidationError: if any modality is not in the ontology.
        """
        if modalities is None:
            return None
        out = []
        for m in modalities:
            low = str(m).strip().lower()
            if low not in self.modalities:
                raise ValidationError(
                    f"Unknown modality {m!r}; expected one of {', '.join(self.modalities)}"
                )
            out.append(low)
        return out


def load_ontology(path: Path | None = None) -> Ontology:
    """Read an ontology file (default: the packaged ``data/ontology.yaml``)."""
    raw = yaml.safe_load((path or data_path("ontology.yaml")).read_text(encoding="utf-8"))
    quad = {t: q for q, ts in raw["quad_classes"].items() for t in ts}
    standing = raw["standing_relations"]
    symmetric = {t for t, s in standing.items() if s.get("symmetric")}
    symmetric |= set(raw.get("symmetric_event_types", []))
    return Ontology(
        event_types=raw["event_types"],
        standing=standing,
        quad_class=quad,
        modalities=tuple(raw["modalities"]),
        actor_kinds=tuple(raw["actor_kinds"]),
        sectors=tuple(raw["sectors"]),
        symmetric=frozenset(symmetric),
    )


@lru_cache(maxsize=1)
def default_ontology() -> Ontology:
    """The packaged ontology, loaded once per process."""
    return load_ontology()
