"""An HTTP camera (MJPEG-style) on 127.0.0.1 that asks for Basic credentials only."""

from __future__ import annotations

from aiohttp import web

from tests.hostile.loop import LoopThread


class BasicOnlyCamera(LoopThread):
    """Answers every request with 401 and a Basic challenge; records Authorization headers."""

    name = "hostile-http"

    def __init__(self) -> None:
        super().__init__()
        self.authorizations: list[str] = []
        self.requests = 0

    @property
    def url(self) -> str:
        """The stream's address."""
        return f"http://127.0.0.1:{self.port}/video.mjpg"

    async def serve(self) -> None:
        """Answer until stopped."""

        async def handle(request: web.Request) -> web.StreamResponse:
            self.requests += 1
            if "Authorization" in request.headers:
                self.authorizations.append(request.headers["Authorization"])
            return web.Response(status=401, headers={"WWW-Authenticate": 'Basic realm="cam"'})

        await self.serve_http(handle)
