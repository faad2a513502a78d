"""What every engine's stream shares: its thread, its status and the retry loop.

A stream never gives up on a camera: recoverable failures reconnect with
capped, spread backoff, permanent ones (bad credentials, no such path,
unusable URL) are retried at most once every ``permanent_retry`` seconds.
Its state is published as an immutable ``StreamStatus`` that views read
from any thread, and its transitions are logged quietly once a failure
repeats. The PyAV worker (``app.video.worker``) and the libVLC stream
(``app.video.vlc_stream``) each say how one attempt goes (``_attempt``);
this class does the rest, once.
"""

from __future__ import annotations

import collections
import logging
import random
import threading
import time
from dataclasses import dataclass

from app.core.streams import Failure, FrameMailbox, StreamKey, StreamState, StreamStatus
from app.video.timings import Timings

logger = logging.getLogger("app.video")


@dataclass(frozen=True)
class Outcome:
    """How one connection attempt ended.

    Attributes:
        failure: why (``Failure.NONE``: stopped, or asked to start again at once).
        detail: the library's or server's words, secrets masked.
        played_for: seconds of pictures in this attempt.
        subject: what the failure words carry (a status code, a codec name).
    """

    failure: Failure
    detail: str
    played_for: float = 0.0
    subject: str = ""


class StreamLife:
    """The thread, status and retry loop of one stream; subclasses implement ``_attempt``."""

    #: Said in the log after the stream's name ("" for the default engine).
    engine_tag = ""

    def __init__(self, key: StreamKey, timings: Timings, thread_name: str) -> None:
        self.key = key
        self.mailbox = FrameMailbox()
        self._timings = timings
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._random = random.Random()
        self._status = StreamStatus()
        self._history: collections.deque[StreamStatus] = collections.deque(maxlen=200)
        self._attempts = 0
        self._frames = 0
        self._repeats = 0  # identical failures in a row, to keep the log quiet
        self._last_outcome: tuple[Failure, str] | None = None
        self._thread = threading.Thread(target=self._run, name=thread_name, daemon=False)

    # -- what views and the engine call (any thread) -------------------------
    @property
    def status(self) -> StreamStatus:
        """The current state snapshot."""
        with self._lock:
            return self._status

    @property
    def attempts(self) -> int:
        """How many times the stream has tried to open its source."""
        with self._lock:
            return self._attempts

    @property
    def frames_decoded(self) -> int:
        """Pictures received since the start (across reconnects)."""
        with self._lock:
            return self._frames

    def history(self) -> list[StreamStatus]:
        """The last state changes, oldest first (for diagnostics and the probe)."""
        with self._lock:
            return list(self._history)

    def start(self) -> None:
        """Start the stream's thread."""
        self._thread.start()

    def request_stop(self) -> None:
        """Ask the stream to stop; its thread notices within about a second."""
        self._stop.set()

    def join(self, timeout: float) -> bool:
        """Wait up to ``timeout`` s for the thread to end; True when it has."""
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    # -- the stream's thread ---------------------------------------------------
    def _attempt(self) -> Outcome:
        """Open and play the source once; why it stopped (implemented per engine)."""
        raise NotImplementedError

    def _may_attempt(self) -> bool:
        """Whether another attempt may start (a deadline may say no)."""
        return True

    def _run(self) -> None:
        failures_in_row = 0
        try:
            while not self._stop.is_set() and self._may_attempt():
                outcome = self._attempt()
                if self._stop.is_set():
                    break
                if outcome.failure is Failure.NONE:
                    continue  # asked to start again at once (an output changed)
                if outcome.played_for >= self._timings.backoff_reset_after:
                    failures_in_row = 0
                if outcome.failure.permanent:
                    delay, state = self._timings.permanent_retry, StreamState.FAILED
                else:
                    delay, state = self._timings.delay(failures_in_row), StreamState.RECONNECTING
                    failures_in_row += 1
                delay = self._timings.spread(delay, self._random)
                retry_at = time.monotonic() + delay
                self._set(state, outcome.failure, outcome.detail, retry_at, outcome.subject)
                self._stop.wait(delay)
        except Exception:  # a bug here must not leave a tile silently frozen
            logger.exception("%s: stream crashed", self._name)
            self._set(StreamState.FAILED, Failure.PROTOCOL, "internal error")
            return
        self._set(StreamState.IDLE)

    @property
    def _name(self) -> str:
        return f"{self.key.camera_id}/{self.key.profile}{self.engine_tag}"

    def _set(
        self,
        state: StreamState,
        failure: Failure = Failure.NONE,
        detail: str = "",
        retry_at: float | None = None,
        subject: str = "",
    ) -> None:
        """Publish a new status and log the transition (quietly when it repeats)."""
        with self._lock:
            old = self._status
            if old.state is state and old.failure is failure and retry_at is None:
                return
            new = StreamStatus(state, failure, detail, time.monotonic(), retry_at, subject=subject)
            self._status = new
            self._history.append(new)
        self._log(old, new)

    def _log(self, old: StreamStatus, new: StreamStatus) -> None:
        # A camera that stays down fails the same way every few seconds: log the
        # first few cycles, then only at debug level, until it plays again.
        if new.state in (StreamState.RECONNECTING, StreamState.FAILED):
            outcome = (new.failure, new.detail)
            self._repeats = self._repeats + 1 if outcome == self._last_outcome else 1
            self._last_outcome = outcome
            if self._repeats == 4:
                logger.info("%s: same failure again; repeats are logged at debug", self._name)
        elif new.state is StreamState.PLAYING:
            self._repeats, self._last_outcome = 0, None
        quiet = self._repeats > 3 or (new.state is StreamState.CONNECTING and self._repeats > 0)
        level = logging.DEBUG if quiet else logging.INFO
        if new.state in (StreamState.FAILED, StreamState.STALLED) and not quiet:
            level = logging.WARNING
        if new.state is StreamState.IDLE:
            level = logging.INFO
        suffix = f" ({new.failure}: {new.detail})" if new.failure is not Failure.NONE else ""
        logger.log(level, "%s: %s -> %s%s", self._name, old.state, new.state, suffix)
