"""ASGI middleware: a last-resort error catcher and a request body size limit."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_body, unexpected


class _TrackedSend:
    """``send`` that remembers whether the response has started: after that it is too
    late to answer with a clean error, and the server has to close the connection."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.started = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
        await self.send(message)


class CatchAll:
    """Answer any exception that escaped the handlers with JSON, never a stack trace."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tracked = _TrackedSend(send)
        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            if tracked.started:  # too late for a clean answer; let the server close the connection
                raise
            await unexpected(scope.get("path", "?"), exc)(scope, receive, send)


class _TooLarge(HTTPException):
    """Raised from ``receive``; an HTTPException so FastAPI's body parser lets it through."""


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, whether or not they declare a length."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        too_big_message = (
            f"Request body is larger than the {self.max_bytes} byte limit; "
            "send fewer or smaller articles per request (GRAPHKIT_MAX_ARTICLE_BYTES)."
        )
        too_big = error_body(413, "body_too_large", too_big_message)
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_bytes:
                    await too_big(scope, receive, send)
                    return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge(413, too_big_message)
            return message

        tracked = _TrackedSend(send)
        try:
            await self.app(scope, counting_receive, tracked)
        except _TooLarge:
            if tracked.started:
                raise
            await too_big(scope, receive, send)
