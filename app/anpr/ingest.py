"""Every plate source of a site, read on one asyncio loop in a thread of its own.

``PlateIngest`` starts one task per pulled source (Hikvision, Dahua, ONVIF)
and, when the site has pushing sources or a listen port, the receiver. Each
read goes to ``submit`` (the pipeline) from the loop's thread; statuses go
out through ``status`` (the UI moves them to its own thread). ``stop``
cancels the tasks and closes the receiver, bounded in time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable, Coroutine
from typing import Any

from aiohttp import web

from app.anpr.onvif_events import OnvifEventSource
from app.anpr.pull_http import PulledSource
from app.anpr.receiver import receiver_app
from app.anpr.sources import SourceStatus
from app.core.plates import PlateRead
from app.core.plates_config import Dialect, PlatesConfig
from app.core.signal import Signal
from app.core.streams import Failure, StreamState

logger = logging.getLogger("app.anpr")

STOP_TIMEOUT_S = 5.0


class PlateIngest:
    """The plate sources of one site, running until ``stop``.

    Signals:
        status(SourceStatus): a source changed state (emitted in the ingest thread).
    """

    def __init__(self, config: PlatesConfig, submit: Callable[[PlateRead], object]) -> None:
        self.config = config
        self._submit = submit
        self.status = Signal()
        self.statuses: dict[str, SourceStatus] = {}
        self.receiver_port = 0
        self.receiver_error = ""  # why the receiver for pushed reads did not start
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._runner: web.AppRunner | None = None

    def start(self, timeout: float = 10.0) -> None:
        """Start the thread and wait until every source is started.

        A receiver that cannot open its port leaves ``receiver_error`` set;
        the pulled sources run all the same.

        Raises:
            OSError: the thread did not start in time.
        """
        self._thread = threading.Thread(target=self._main, name="plates-ingest", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise OSError("plate ingestion did not start in time")

    def stop(self) -> None:
        """Cancel every source, close the receiver and end the thread."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        future = asyncio.run_coroutine_threadsafe(self._shutdown(), loop)
        with contextlib.suppress(TimeoutError, asyncio.CancelledError):
            future.result(STOP_TIMEOUT_S)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(STOP_TIMEOUT_S)
        self._thread = None

    def run_coroutine(self, coro: Coroutine[Any, Any, Any]) -> Any:
        """Run ``coro`` on the ingest loop and wait for its result (tests, commands)."""
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(STOP_TIMEOUT_S)

    def _main(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        loop.run_until_complete(self._start_all())
        self._ready.set()
        loop.run_forever()
        loop.close()

    async def _start_all(self) -> None:
        if self.config.listen_port or any(s.dialect.pushed for s in self.config.sources):
            try:
                await self._start_receiver()
            except OSError as exc:  # the pulled sources work without it
                self.receiver_error = str(exc)
                logger.error("plate receiver not started: %s", exc)
        for source in self.config.sources:
            if source.dialect.pushed:  # waits for the camera; failed without a receiver
                self._on_status(self._pushed_status(source.camera_id))
                continue
            reader = (
                OnvifEventSource(source, self._submit, self._on_status)
                if source.dialect is Dialect.ONVIF
                else PulledSource(source, self._submit, self._on_status)
            )
            self._tasks.append(asyncio.create_task(reader.run(), name=f"plates-{source.camera_id}"))

    def _pushed_status(self, camera_id: str) -> SourceStatus:
        if self.receiver_error:
            return SourceStatus(
                camera_id, StreamState.FAILED, Failure.UNREACHABLE, self.receiver_error
            )
        return SourceStatus(camera_id, StreamState.IDLE)

    async def _start_receiver(self) -> None:
        app = receiver_app(self.config, self._submit, on_status=self._on_status)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.config.listen_host, self.config.listen_port)
        await site.start()
        self.receiver_port = int(self._runner.addresses[-1][1])
        logger.info("plate receiver listening on port %d", self.receiver_port)

    async def _shutdown(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()

    def _on_status(self, status: SourceStatus) -> None:
        self.statuses[status.camera_id] = status
        self.status.emit(status)
