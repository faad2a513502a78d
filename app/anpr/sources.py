"""State of each plate source, and the backoff between reconnection attempts.

A plate source has the same states as a video stream (``StreamState``), so
the camera tree can show a plate camera's reads the way it shows its video:
connecting, live (``PLAYING``), reconnecting after a fault, failed for good
(wrong credentials, a device that does not speak the dialect).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass

from app.core.plates import PlateRead
from app.core.plates_config import PlateSource
from app.core.streams import Failure, StreamState

logger = logging.getLogger("app.anpr")

#: Waits between attempts: doubling from the first up to the cap, with jitter.
BACKOFF_FIRST_S = 1.0
BACKOFF_CAP_S = 30.0
#: After a permanent failure (401, 404) the next attempt waits this long.
PERMANENT_RETRY_S = 60.0


@dataclass(frozen=True)
class SourceStatus:
    """What one plate source is doing, for the camera tree and the logs."""

    camera_id: str
    state: StreamState
    failure: Failure = Failure.NONE
    detail: str = ""  # English, for the log; sanitised
    reads: int = 0
    retry_in_s: float = 0.0


StatusCallback = Callable[[SourceStatus], None]


class Backoff:
    """Reconnection delays: 1, 2, 4... seconds up to ``cap``, reset after a success."""

    def __init__(
        self,
        first: float = BACKOFF_FIRST_S,
        cap: float = BACKOFF_CAP_S,
        rng: random.Random | None = None,
    ) -> None:
        self.first = first
        self.cap = cap
        self._attempt = 0
        self._rng = rng or random.Random()

    def next(self, failure: Failure = Failure.NONE) -> float:
        """The wait before the next attempt after a failure of kind ``failure``."""
        if failure.permanent:
            return PERMANENT_RETRY_S
        delay = min(self.cap, self.first * 2**self._attempt)
        self._attempt = min(self._attempt + 1, 16)
        return delay * (0.8 + 0.4 * self._rng.random())  # no reconnection storms

    def reset(self) -> None:
        """A connection worked: start from the first delay again."""
        self._attempt = 0


class ReconnectingSource:
    """A plate source that connects, reads until a fault, then tries again.

    Subclasses implement ``session``: one connection's life, returning why
    it ended. ``connected`` and ``deliver`` are called from it.
    """

    kind = "plate camera"

    def __init__(
        self,
        source: PlateSource,
        submit: Callable[[PlateRead], object],
        on_status: StatusCallback,
        backoff: Backoff | None = None,
    ) -> None:
        self.source = source
        self._submit = submit
        self._on_status = on_status
        self._backoff = backoff or Backoff()
        self.reads = 0

    def status(
        self,
        state: StreamState,
        failure: Failure = Failure.NONE,
        detail: str = "",
        retry: float = 0.0,
    ) -> None:
        """Tell the world what this source does now."""
        camera = self.source.camera_id
        self._on_status(SourceStatus(camera, state, failure, detail, self.reads, retry))

    def connected(self) -> None:
        """The device answers and reads may come: live, and the backoff starts over."""
        self.status(StreamState.PLAYING)
        self._backoff.reset()

    def deliver(self, read: PlateRead) -> None:
        """Hand one read on."""
        self._submit(read)
        self.reads += 1

    async def run(self) -> None:
        """Read the device until cancelled, reconnecting after every fault."""
        while True:
            self.status(StreamState.CONNECTING)
            failure, detail = await self.session()
            delay = self._backoff.next(failure)
            state = StreamState.FAILED if failure.permanent else StreamState.RECONNECTING
            logger.warning(
                "%s %s: %s (%s); again in %.1f s",
                self.kind,
                self.source.camera_id,
                detail,
                failure,
                delay,
            )
            self.status(state, failure, detail, delay)
            await asyncio.sleep(delay)

    async def session(self) -> tuple[Failure, str]:
        """One connection's life; returns why it ended."""
        raise NotImplementedError
