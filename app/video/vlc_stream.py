"""A stream played by libVLC: its thread, its states and what views read.

The thread does every libVLC call of its stream through a ``Player`` (made
by ``app.video.vlc_engine``, the one module that imports ``vlc``); libVLC's
own threads only hand it events, log lines and pictures. The states,
failure kinds, back-off and stall rules are the PyAV worker's, so a tile
reads a VLC stream exactly as it reads any other.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from app.core.streams import (
    DecodeMode,
    Failure,
    Limit,
    StreamCapabilities,
    StreamKey,
    StreamState,
    StreamStats,
    VideoFrame,
)
from app.video.rates import RateMeter
from app.video.rtsp_check import StreamCheckError, check_source
from app.video.stream_life import Outcome, StreamLife
from app.video.urls import check_url, mask, with_credentials
from app.video.worker import SourceFactory, Timings

logger = logging.getLogger("app.video")

#: How often the stream's thread looks at its events, stall timers and statistics.
TICK_S = 0.2
#: A still picture that is still being decoded is handed out again this often.
REFRESH_S = 1.0


class Player(Protocol):
    """One attempt's libVLC player, driven by the stream's thread only."""

    def pump(self, wait: float) -> tuple[Failure, str] | None:
        """Handle libVLC's news for up to ``wait`` s; the failure once the attempt is over."""
        ...

    def close(self) -> None:
        """Stop and release the player; no callback runs after this returns."""
        ...


#: Opens a player for (stream, URL, native window or None) and starts it playing.
PlayerFactory = Callable[["VlcStream", str, int | None], Player]


class VlcStream(StreamLife):
    """One stream played by libVLC, and what views read from it (``Stream``).

    Its life (thread, status, retries, log) is ``StreamLife``'s; here is how
    libVLC plays one attempt.
    """

    engine_tag = " (vlc)"

    def __init__(
        self,
        key: StreamKey,
        factory: SourceFactory,
        timings: Timings,
        open_player: PlayerFactory,
    ) -> None:
        super().__init__(key, timings, f"stream-vlc-{key.camera_id}-{key.profile}")
        self._factory = factory
        self._open_player = open_player
        self._asked_mode = DecodeMode.FULL
        self._fps_in = RateMeter()
        self._fps_out = RateMeter()
        self._bytes = RateMeter()
        self._last_frame_at: float | None = None
        self._size = (0, 0)
        self._codec = ""
        self._window: int | None = None
        self._window_changed = threading.Event()

    # -- what views and the engine call (any thread) -------------------------

    def stats(self) -> StreamStats:
        """Rates over the last two seconds and the age of the newest picture."""
        now = time.monotonic()
        with self._lock:
            last, (width, height), codec = self._last_frame_at, self._size, self._codec
        return StreamStats(
            fps_in=self._fps_in.rate(now),
            fps_out=self._fps_out.rate(now),
            bitrate_kbps=self._bytes.rate(now) * 8 / 1000,
            last_frame_age=None if last is None else now - last,
            width=width,
            height=height,
            codec=codec,
        )

    def note_frame_taken(self) -> None:
        """A view took a frame to show: counts towards ``fps_out``."""
        self._fps_out.add()

    def set_decode_mode(self, mode: DecodeMode) -> None:
        """libVLC has no key-frame-only mode: the request is only logged (once per mode).

        The wall does not ask it of this stream (its capabilities say so);
        the method is here so that every stream answers the same interface.
        """
        if mode is not self._asked_mode:
            self._asked_mode = mode
            logger.info("%s: libVLC cannot decode %s; decoding everything", self.key, mode)

    def capabilities(self) -> StreamCapabilities:
        """Snapshot and zoom need pixels, which a native window output never gives."""
        native = Limit.NATIVE_OUTPUT if self.window is not None else None
        return StreamCapabilities(snapshot=native, zoom=native, keyframes_only=Limit.ENGINE)

    @property
    def window(self) -> int | None:
        """The native window libVLC draws into (None: pictures go to the mailbox)."""
        with self._lock:
            return self._window

    def set_window(self, handle: int | None) -> None:
        """Draw into native window ``handle`` (X11 id, HWND, NSView), or hand out pictures.

        The player is restarted in the new output on the stream's thread.
        """
        with self._lock:
            if handle == self._window:
                return
            self._window = handle
        self._window_changed.set()

    # -- the stream's thread ---------------------------------------------------

    def _attempt(self) -> Outcome:
        """Resolve, open and play the source once; returns why it stopped."""
        self._set(StreamState.CONNECTING)
        try:
            source = self._factory()
        except Exception as exc:
            failure = getattr(exc, "failure", Failure.ONVIF)
            return Outcome(failure if isinstance(failure, Failure) else Failure.ONVIF, str(exc))
        secrets = tuple(s for s in (source.password,) if s)
        url = with_credentials(source.url, source.username, source.password)
        problem = check_url(url)
        if problem is not None:
            return Outcome(Failure.MALFORMED, mask(f"{problem}: {url}", *secrets))
        with self._lock:
            self._attempts += 1
        try:  # the same bounds and no-Basic-in-clear rule as the PyAV engine
            check_source(
                url, source, timeout=self._timings.open_timeout, cancelled=self._stop.is_set
            )
        except StreamCheckError as exc:
            return Outcome(exc.failure, mask(exc.detail, *secrets), subject=exc.subject)
        self._window_changed.clear()
        player = self._open_player(self, url, self.window)
        try:
            outcome = self._watch(player)
        finally:
            player.close()
        return Outcome(outcome.failure, mask(outcome.detail, *secrets), outcome.played_for)

    def _watch(self, player: Player) -> Outcome:
        """Follow the player until stopped, failed, ended or silent too long."""
        self._set(StreamState.BUFFERING)
        connected = time.monotonic()
        first: float | None = None
        while not self._stop.is_set():
            if self._window_changed.is_set():
                return Outcome(Failure.NONE, "output changed")
            ended = player.pump(TICK_S)
            now = time.monotonic()
            last = self._last_frame_at_or(None)
            if last is not None and last >= connected and first is None:
                first = now
                self._set(StreamState.PLAYING)
            played = now - first if first is not None else 0.0
            if ended is not None:
                return Outcome(*ended, played)
            silent = now - max(last or connected, connected)
            limit = self._timings.reconnect_after
            if first is None:
                limit = max(limit, self._timings.open_timeout)
            if silent >= limit:
                return Outcome(Failure.TIMEOUT, f"no picture for {silent:.1f} s", played)
            if first is not None and silent >= self._timings.stall_after:
                self._set(StreamState.STALLED, Failure.TIMEOUT, f"no picture for {silent:.1f} s")
            elif first is not None and self.status.state is StreamState.STALLED:
                self._set(StreamState.PLAYING)
        return Outcome(Failure.NONE, "stopped")

    # -- called by the player (libVLC's threads for frames) -------------------

    def deliver(self, image: np.ndarray[Any, Any], new: bool = True) -> None:
        """A picture from the video callbacks: into the mailbox (libVLC's vout thread).

        ``new`` is False when the last picture is handed out again (see ``progress``).
        """
        now = time.monotonic()
        height, width = image.shape[:2]
        if new:
            self._fps_in.add(1, now)
        with self._lock:
            self._frames += 1
            index = self._frames
            self._last_frame_at = now
            self._size = (width, height)
        self.mailbox.put(VideoFrame(image, width, height, index, now, time.time()))

    def progress(self, decoded: bool, shown: int, read_bytes: int, size: tuple[int, int]) -> None:
        """What libVLC's statistics say happened since the last look (stream's thread).

        Decoding is the measure of life: libVLC shows the last picture again
        every 80 ms when no new one comes, so pictures shown prove nothing
        (the video callbacks drop such repeats). A new picture identical to
        the one before is not handed out either: the last one is handed out
        again, fresh, once a second while decoding goes on, so a still scene
        does not look frozen. Drawing into a window, ``shown`` pictures
        (repeats included) give the rate.
        """
        now = time.monotonic()
        if read_bytes > 0:
            self._bytes.add(read_bytes, now)
        if not decoded:
            return
        if self.window is not None:
            self._fps_in.add(shown, now)
            with self._lock:
                self._frames += shown
                self._last_frame_at = now
                self._size = size if size[0] and size[1] else self._size
            return
        _, frame = self.mailbox.latest()
        if frame is not None and now - frame.received_at >= REFRESH_S:
            self.deliver(frame.image, new=False)

    def note_codec(self, codec: str) -> None:
        """The codec libVLC decodes (for the statistics)."""
        with self._lock:
            self._codec = codec

    def _last_frame_at_or(self, default: float | None) -> float | None:
        with self._lock:
            return default if self._last_frame_at is None else self._last_frame_at
