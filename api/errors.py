"""Turn every failure into a JSON body a client can read; never leak a stack trace.

Status codes: 422 bad parameters, 404 unknown actor (with suggestions), 401/403 auth,
413 body too large, 400 refused Cypher (or a store without Cypher),
503 store unreachable, 500 only for genuine bugs (generic message, logged here).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graphkit.errors import (
    AuthError,
    ConfigError,
    CypherUnsupported,
    GraphkitError,
    InputError,
    QueryRejected,
    StoreUnavailable,
    UnknownActor,
    ValidationError,
)

log = logging.getLogger("graphkit.api")

STORE_DOWN = (
    "The graph store is unavailable: {reason}. Check that Neo4j is running "
    "(`graphkit neo4j start`) and that GRAPHKIT_NEO4J_URI points at it."
)

# Driver errors that mean "the database is not there", matched by class name so that
# no Neo4j import leaks out of graphkit/store/.
_UNAVAILABLE_NAMES = frozenset(
    {
        "ServiceUnavailable",
        "SessionExpired",
        "TransientError",
        "DatabaseUnavailable",
        "IncompleteCommit",
        "SessionError",
        "DriverError",
        "BoltError",
        "ConnectionError",
        "ConnectionRefusedError",
        "ConnectionResetError",
        "BrokenPipeError",
    }
)


# Client input echoed in an error is cut to this many characters (a 10k-character
# parameter came back whole), and whole messages to MAX_MESSAGE.
MAX_ECHO = 200
MAX_MESSAGE = 500
_UNICODE_HINT = (
    "not valid Unicode text: it holds a lone surrogate (a \\ud800-\\udfff escape without its pair)"
)


def printable(text: str, limit: int = MAX_ECHO) -> str:
    """``text`` fit for a JSON error body: cut at ``limit`` characters, and lone
    surrogates (which UTF-8 cannot encode) shown as ``\\udXXX`` escapes."""
    if len(text) > limit:
        text = f"{text[:limit]}... ({len(text) - limit} more characters)"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _printable_all(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value, MAX_MESSAGE)
    if isinstance(value, dict):
        return {k: _printable_all(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_printable_all(v) for v in value]
    return value


def error_body(status: int, error: str, message: str, **extra: Any) -> JSONResponse:
    """The one error shape every endpoint answers with; every string in it is printable."""
    body = {"error": error, "message": message, **extra}
    return JSONResponse(_printable_all(body), status_code=status)


def means_unavailable(exc: BaseException) -> bool:
    """Whether an exception (or its cause) says the store cannot be reached."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, StoreUnavailable | ConnectionError | TimeoutError):
            return True
        names = {cls.__name__ for cls in type(current).__mro__}
        if names & _UNAVAILABLE_NAMES and type(current).__module__.split(".")[0] in (
            "neo4j",
            "builtins",
        ):
            return True
        current = current.__cause__ or current.__context__
    return False


def _describe(err: dict[str, Any]) -> dict[str, Any]:
    loc = [str(p) for p in err.get("loc", ())]
    where = loc[0] if loc else "request"
    name = ".".join(loc[1:]) or where
    msg = _UNICODE_HINT if err.get("type") == "string_unicode" else str(err.get("msg", ""))
    out: dict[str, Any] = {"in": where, "param": name, "message": msg}
    if "input" in err and isinstance(err["input"], str | int | float | bool):
        out["input"] = printable(str(err["input"]))
    return out


async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
    details = [_describe(e) for e in exc.errors()]
    message = "; ".join(f"{d['param']}: {d['message']}" for d in details) or "invalid request"
    return error_body(422, "invalid_parameter", message, details=details)


async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    return http_error(exc)


def http_error(exc: StarletteHTTPException) -> JSONResponse:
    """The answer to an ``HTTPException``: its status, error name, message and headers."""
    names = {
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        413: "body_too_large",
    }
    # our own HTTPExceptions (api.limits) name their error
    error = getattr(exc, "error", None) or names.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else "request refused"
    response = error_body(exc.status_code, error, message)
    response.headers.update(getattr(exc, "headers", None) or {})
    return response


async def _graphkit(request: Request, exc: GraphkitError) -> JSONResponse:
    if isinstance(exc, UnknownActor):
        return error_body(404, "unknown_actor", str(exc), ref=exc.ref, suggestions=exc.suggestions)
    if isinstance(exc, ValidationError):
        return error_body(422, "invalid_parameter", str(exc))
    if isinstance(exc, InputError):
        return error_body(422, "invalid_input", str(exc))
    if isinstance(exc, CypherUnsupported):
        # 400, not 501: the request cannot succeed on this deployment, and a 5xx
        # would read as a server fault to clients and fuzzers.
        return error_body(400, "cypher_unsupported", str(exc))
    if isinstance(exc, QueryRejected):
        return error_body(400, "query_rejected", str(exc))
    if isinstance(exc, StoreUnavailable):
        log.warning("store unavailable on %s: %s", request.url.path, exc)
        return error_body(503, "store_unavailable", STORE_DOWN.format(reason=exc))
    if isinstance(exc, AuthError | ConfigError):
        # The store is there but our settings are wrong: say which one to fix.
        hint = f" (check {exc.setting})" if exc.setting else ""
        log.warning("store misconfigured on %s: %s%s", request.url.path, exc, hint)
        return error_body(503, "store_unavailable", f"The graph store is not usable: {exc}{hint}")
    log.error("unhandled graphkit error on %s", request.url.path, exc_info=exc)
    return error_body(500, "internal_error", "Internal error; the server log has the details.")


def unexpected(path: str, exc: BaseException) -> JSONResponse:
    """The answer to an exception no handler claimed: 503 if the store is gone, else 500."""
    if means_unavailable(exc):
        log.warning("store unavailable on %s: %r", path, exc)
        return error_body(503, "store_unavailable", STORE_DOWN.format(reason=type(exc).__name__))
    log.error("unhandled error on %s", path, exc_info=exc)
    return error_body(500, "internal_error", "Internal error; the server log has the details.")


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(GraphkitError, _graphkit)  # type: ignore[arg-type]
    # Not ``add_exception_handler(Exception, ...)``: Starlette re-raises those after
    # answering, so the catch-all lives in ``graphkit.api.middleware.CatchAll`` instead.
