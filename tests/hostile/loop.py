"""An asyncio event loop in a thread of its own, for the hostile servers.

A server subclasses ``LoopThread``, implements ``serve`` (start listening,
set ``port``, then ``await self.stopped()``), and is used as a context
manager: entering waits until it listens, leaving stops it and joins.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import Self

from aiohttp import web


class LoopThread:
    """Runs ``serve`` in a private event loop on a daemon thread."""

    name = "hostile"

    def __init__(self) -> None:
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)

    async def serve(self) -> None:
        """Listen on a free port of 127.0.0.1, set ``port``, call ``ready``, await ``stopped``."""
        raise NotImplementedError

    def ready(self) -> None:
        """Called by ``serve`` once it listens."""
        self._ready.set()

    async def stopped(self) -> None:
        """Returns when the context is left."""
        assert self._stop is not None
        await self._stop.wait()

    async def serve_http(
        self, handle: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> None:
        """``serve`` for an HTTP server: every path to ``handle``, until stopped."""
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.port = runner.addresses[0][1]
        self.ready()
        await self.stopped()
        await runner.cleanup()

    def __enter__(self) -> Self:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError(f"{self.name} server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def main() -> None:
            self._stop = asyncio.Event()
            await self.serve()

        self._loop.run_until_complete(main())
        self._loop.close()
