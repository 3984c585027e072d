"""Exceptions the library raises; the CLI and the API turn them into messages and codes."""

from __future__ import annotations


class GraphkitError(Exception):
    """Base class: every error graphkit raises on purpose derives from it."""


class ConfigError(GraphkitError):
    """A setting is wrong. ``setting`` names the one to fix (e.g. ``GRAPHKIT_NEO4J_PASSWORD``)."""

    def __init__(self, message: str, setting: str | None = None) -> None:
        super().__init__(message)
        self.setting = setting


class StoreUnavailable(GraphkitError):
    """The store cannot be reached (Neo4j down, wrong URI)."""


class AuthError(ConfigError):
    """The store refused our credentials."""


class ValidationError(GraphkitError):
    """A parameter is outside what the ontology or the query allows."""


class UnknownActor(GraphkitError):
    """No actor matches a reference; ``suggestions`` holds close matches."""

    def __init__(self, ref: str, suggestions: list[str] | None = None) -> None:
        self.ref = ref
        self.suggestions = suggestions or []
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"Unknown actor {ref!r}.{hint}")

    def __reduce__(self) -> tuple[type[UnknownActor], tuple[str, list[str]]]:
        # rebuilt from its fields: the default (the message as ``ref``) would wrap the
        # message in itself, e.g. when an API worker process raises it to the server
        return type(self), (self.ref, self.suggestions)


class InputError(GraphkitError):
    """One input item (file, line, article) is unusable: empty, binary, not UTF-8, too large."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class QueryRejected(GraphkitError):
    """A user Cypher query was refused (not read-only, too slow, malformed)."""


class CypherUnsupported(QueryRejected):
    """The store behind the query does not speak Cypher (the memory store)."""
