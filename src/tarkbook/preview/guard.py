"""Whom the preview answers: a browser of this machine that asked for it by its own address.

Every request must name the preview's host as ``127.0.0.1:PORT`` or ``localhost:PORT``
(``Host``), else it is refused with 403: a web page whose name was made to point at
127.0.0.1 (DNS rebinding) sends its own name and reads nothing. A request that says which
page sent it (``Origin``, as the event stream's does when another site opens it) must
come from the preview's own page. An address over ``MAX_TARGET_BYTES`` is refused with 414
before any route sees it. Every answer tells the browser not to guess a type of its own
(``X-Content-Type-Options: nosniff``).
"""

from __future__ import annotations

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_TARGET_BYTES = 8_192
"""The longest path and query a request may ask for; the longest path the book's images
may have is far shorter."""


class Guard:
    """The preview's application ``app``, answering only requests for port ``port``."""

    def __init__(self, app: ASGIApp, port: int) -> None:
        self.app = app
        self.hosts = {f"127.0.0.1:{port}".encode(), f"localhost:{port}".encode()}
        self.origins = {b"http://" + host for host in self.hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self.refusal(scope)
        if refusal is not None:
            status, reason = refusal
            await PlainTextResponse(reason, status)(scope, receive, _nosniff(send))
            return
        await self.app(scope, receive, _nosniff(send))

    def refusal(self, scope: Scope) -> tuple[int, str] | None:
        """The status and reason the request of ``scope`` is refused with, or None."""
        if len(scope.get("raw_path", b"")) + len(scope.get("query_string", b"")) \
                > MAX_TARGET_BYTES:
            return 414, "the address is too long"
        hosts = [value for name, value in scope["headers"] if name == b"host"]
        if len(hosts) != 1 or hosts[0].lower() not in self.hosts:
            return 403, "the preview answers only http://127.0.0.1 or localhost at its port"
        origins = [value for name, value in scope["headers"] if name == b"origin"]
        if any(origin.lower() not in self.origins for origin in origins):
            return 403, "the preview answers only its own page"
        return None


def _nosniff(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            headers.append((b"x-content-type-options", b"nosniff"))
            message = {**message, "headers": headers}
        await send(message)

    return sending
