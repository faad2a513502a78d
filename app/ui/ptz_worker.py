"""One thread per PTZ camera that talks to it, in order, off the GUI thread.

The thread runs its own asyncio loop with one ``PtzClient``: the connection
(and the WSDL parsing behind it) happens lazily on the first command, never
on the GUI thread. Jobs arrive through a thread-safe hand-over into an
asyncio queue and run one at a time, so a Stop can never overtake the move
it ends. Each job's result or exception goes to its ``done`` callback, called
on the worker thread (the Qt side hops it back to the GUI thread).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from app.core.model import OnvifAddress
from app.devices.ptz import PtzClient
from app.devices.ptz_types import PtzLimits

logger = logging.getLogger("app.ui")

Job = Callable[["PtzWorker"], Awaitable[Any]]
Done = Callable[[Any, BaseException | None], None]
COMMAND_TIMEOUT_S = 5.0


class PtzWorker:
    """Serialises the PTZ commands of one camera in a thread of its own."""

    def __init__(
        self, address: OnvifAddress, name: str, timeout: float = COMMAND_TIMEOUT_S
    ) -> None:
        self.address = address
        self.timeout = timeout
        self.client: PtzClient | None = None  # made in the worker's loop
        self._limits: PtzLimits | None = None
        self._limits_read = False
        self._loop = asyncio.new_event_loop()
        self._queue: asyncio.Queue[tuple[Job, Done | None] | None] | None = None
        self._ready = threading.Event()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name=f"ptz-{name}", daemon=True)
        self._thread.start()
        self._ready.wait(5.0)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._queue = asyncio.Queue()
        self._ready.set()
        try:
            self._loop.run_until_complete(self._consume())
        finally:
            self._loop.close()

    async def _consume(self) -> None:
        assert self._queue is not None
        self.client = PtzClient(self.address, self.timeout)
        try:
            while (item := await self._queue.get()) is not None:
                job, done = item
                result: Any = None
                error: BaseException | None = None
                try:
                    result = await job(self)
                except Exception as exc:  # reported to the caller, never kills the worker
                    error = exc
                if done is not None:
                    done(result, error)
        finally:
            try:
                await self.client.close()
            except Exception:  # closing a dead connection must not hide the shutdown
                logger.debug("PTZ client of %s closed with an error", self.address.host)

    def submit(self, job: Job, done: Done | None = None) -> bool:
        """Queue ``job`` (an async function of this worker); False once closed."""
        if self._closed or self._queue is None:
            return False
        self._loop.call_soon_threadsafe(self._queue.put_nowait, (job, done))
        return True

    async def limits(self) -> PtzLimits | None:
        """The device's PTZ limits, asked once (None if it reports none)."""
        if not self._limits_read and self.client is not None:
            self._limits = await self.client.limits()
            self._limits_read = True
        return self._limits

    def request_close(self) -> None:
        """Let the queued jobs finish, then close the connection and end the thread."""
        if self._closed:
            return
        self._closed = True
        if self._queue is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._queue.put_nowait, None)

    def join(self, timeout: float) -> bool:
        """Wait for the thread to end; True if it did."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def close(self, timeout: float = 5.0) -> None:
        """``request_close`` and wait up to ``timeout`` seconds for the thread."""
        self.request_close()
        self.join(timeout)
