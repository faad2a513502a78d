"""The PyAV worker: one thread that keeps one stream playing.

The worker opens the source, demuxes and decodes the video track and puts
every decoded frame into its mailbox (the newest wins). It publishes its
state as an immutable ``StreamStatus`` and never gives up on a camera:
recoverable errors reconnect with capped exponential backoff, permanent
ones (bad credentials, no such path, unusable URL) are retried at most once
every 30 s. Reads are bounded by a short timeout so that the thread notices
its stop flag, and stalls, within about a second.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import av
import av.error

from app.core.model import Transport
from app.core.streams import (
    DecodeMode,
    Failure,
    FrameMailbox,
    Stream,
    StreamKey,
    StreamSource,
    StreamState,
    StreamStats,
    StreamStatus,
    VideoFrame,
)
from app.video.failures import classify, describe
from app.video.rates import RateMeter, SourceRate
from app.video.urls import check_url, mask, with_credentials

logger = logging.getLogger("app.video")

#: Returns the source to open; called on the worker thread (may block, may raise).
SourceFactory = Callable[[], StreamSource]


@dataclass(frozen=True)
class Timings:
    """How long the worker waits for what; all in seconds."""

    open_timeout: float = 5.0  # connect + RTSP handshake + first stream info
    read_timeout: float = 1.0  # one blocked read; bounds how soon stop is seen
    socket_timeout: float = 2.0  # one socket operation (TCP): FFmpeg's own timer
    stall_after: float = 2.0  # no frame this long while connected -> STALLED
    reconnect_after: float = 5.0  # no frame this long -> drop and reconnect
    backoff: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0, 8.0)
    backoff_cap: float = 10.0
    backoff_reset_after: float = 10.0  # playing this long forgets earlier failures
    permanent_retry: float = 30.0  # FAILED streams try again after this
    join_timeout: float = 2.0  # close() waits this long for the thread

    def delay(self, failures_in_row: int) -> float:
        """The wait before reconnect attempt number ``failures_in_row`` (0-based)."""
        if failures_in_row < len(self.backoff):
            return min(self.backoff[failures_in_row], self.backoff_cap)
        return self.backoff_cap


@dataclass(frozen=True)
class Outcome:
    """How one connection attempt ended."""

    failure: Failure
    detail: str
    played_for: float = 0.0


def open_options(transport: Transport, timings: Timings) -> dict[str, str]:
    """FFmpeg options for a low-latency live source that shows a picture fast.

    Measured against the simulator (which sends its current GOP from the IDR
    on PLAY): with ``fflags=nobuffer`` the packets read while probing, the
    key frame among them, were thrown away and the first picture waited for
    the next key frame (about 1.2 s); keeping them and probing little (the
    SDP already names the codec) shows the first picture in about 50 ms.
    """
    options = {
        "rtsp_transport": str(transport),
        "timeout": str(int(timings.socket_timeout * 1_000_000)),  # socket I/O, microseconds
        "probesize": "262144",  # enough for a 4K key frame with its parameter sets
        "analyzeduration": "500000",
        "fpsprobesize": "0",  # the frame rate is measured, never waited for
        "max_delay": "500000",
    }
    if transport is Transport.UDP:
        options["buffer_size"] = str(2 * 1024 * 1024)  # fewer lost packets on I-frames
    return options


def read_timeout(transport: Transport, timings: Timings) -> float | None:
    """PyAV's own timeout while playing: only where FFmpeg has none of its own.

    PyAV enforces its timeout from FFmpeg's interrupt callback, which takes
    the GIL on every socket read: 16 tiles of 720p made some 10 000 GIL
    hand-overs a second, and the GUI thread waited for the GIL more than it
    painted. Over TCP, FFmpeg's socket timeout (``timeout`` option, no GIL)
    bounds every read as well; RTSP over UDP waits up to 10 s in FFmpeg, so
    there PyAV's timer stays.
    """
    return timings.read_timeout if transport is Transport.UDP else None


#: After a read that failed on a silent connection, wait this long before the next.
SILENT_RETRY_S = 0.1


def _best_effort(request: Callable[[], object], name: str) -> None:
    """Run ``request``; a failure is only logged (the next regular key frame will do)."""
    try:
        request()
    except Exception as exc:
        logger.debug("%s: %s", name, describe(exc))


def _resolver_failure(exc: BaseException) -> Failure:
    """The failure kind of an exception raised while resolving a source."""
    failure = getattr(exc, "failure", None)
    if isinstance(failure, Failure):
        return failure
    if isinstance(failure, str) and failure in Failure._value2member_map_:
        return Failure(failure)
    return Failure.ONVIF


class PyAVStream:
    """One stream's worker thread and what views read from it (``Stream``)."""

    def __init__(
        self,
        key: StreamKey,
        factory: SourceFactory,
        timings: Timings,
        decode_threads: int = 2,
        packet_tap: Callable[[Any, Any], None] | None = None,
    ) -> None:
        self.key = key
        #: Sees every demuxed packet before decoding (the pre-event buffer, which
        #: views reach through it for instant replay and recording).
        self.packet_tap = packet_tap
        self.mailbox = FrameMailbox()
        self._factory = factory
        self._timings = timings
        self._decode_threads = decode_threads
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._status = StreamStatus()
        self._history: collections.deque[StreamStatus] = collections.deque(maxlen=200)
        self._fps_in = RateMeter()
        self._fps_source = SourceRate()
        self._fps_out = RateMeter()
        self._bytes = RateMeter()
        self._last_frame_at: float | None = None
        self._size = (0, 0)
        self._codec = ""
        self._frames = 0
        self._attempts = 0
        self._secrets: tuple[str, ...] = ()
        self._repeats = 0  # identical failures in a row, to keep the log quiet
        self._last_outcome: tuple[Failure, str] | None = None
        self._first_frame_at: float | None = None  # in the current connection
        self._mode = DecodeMode.FULL
        self._busy = RateMeter()  # microseconds spent decoding, as a rate: the decode load
        self._thread = threading.Thread(
            target=self._run, name=f"stream-{key.camera_id}-{key.profile}", daemon=False
        )

    # -- what views and the engine call (any thread) -------------------------

    @property
    def status(self) -> StreamStatus:
        """The current state snapshot."""
        with self._lock:
            return self._status

    @property
    def attempts(self) -> int:
        """How many times the worker has tried to open the source."""
        with self._lock:
            return self._attempts

    @property
    def frames_decoded(self) -> int:
        """Frames decoded since the worker started (across reconnects)."""
        with self._lock:
            return self._frames

    def history(self) -> list[StreamStatus]:
        """The last state changes, oldest first (for diagnostics and the probe)."""
        with self._lock:
            return list(self._history)

    def stats(self) -> StreamStats:
        """Rates over the last two seconds and the age of the newest frame."""
        now = time.monotonic()
        with self._lock:
            last, (width, height), codec = self._last_frame_at, self._size, self._codec
        fps_in = self._fps_in.rate(now)
        return StreamStats(
            fps_in=fps_in,
            fps_source=self._fps_source.rate(),
            fps_out=self._fps_out.rate(now),
            bitrate_kbps=self._bytes.rate(now) * 8 / 1000,
            # Decoding microseconds per second over decoded frames per second.
            decode_ms=self._busy.rate(now) / 1000 / fps_in if fps_in > 0 else 0.0,
            last_frame_age=None if last is None else now - last,
            width=width,
            height=height,
            codec=codec,
        )

    def note_frame_taken(self) -> None:
        """A view took a frame to show: counts towards ``fps_out``."""
        self._fps_out.add()

    @property
    def decode_mode(self) -> DecodeMode:
        """What the worker decodes now."""
        return self._mode

    def set_decode_mode(self, mode: DecodeMode) -> None:
        """Decode every frame, or key frames only; applied from the next packet."""
        if mode is not self._mode:
            self._mode = mode
            logger.info("%s: decoding %s", self._name, mode)

    def decode_load(self) -> float:
        """Share of one core spent decoding over the last seconds (0.0-1.0+)."""
        return self._busy.rate() / 1_000_000

    def start(self) -> None:
        """Start the worker thread."""
        self._thread.start()

    def request_stop(self) -> None:
        """Ask the worker to stop; it notices within about one read timeout."""
        self._stop.set()

    def join(self, timeout: float) -> bool:
        """Wait up to ``timeout`` s for the thread to end; True when it has."""
        if self._thread.is_alive():
            self._thread.join(timeout)
        return not self._thread.is_alive()

    # -- the worker thread ----------------------------------------------------

    def _run(self) -> None:
        failures_in_row = 0
        try:
            while not self._stop.is_set():
                outcome = self._attempt()
                if self._stop.is_set():
                    break
                if outcome.played_for >= self._timings.backoff_reset_after:
                    failures_in_row = 0
                if outcome.failure.permanent:
                    delay, state = self._timings.permanent_retry, StreamState.FAILED
                else:
                    delay, state = self._timings.delay(failures_in_row), StreamState.RECONNECTING
                    failures_in_row += 1
                retry_at = time.monotonic() + delay
                self._set(state, outcome.failure, outcome.detail, retry_at)
                self._stop.wait(delay)
        except Exception:  # a bug here must not leave a tile silently frozen
            logger.exception("%s: stream worker crashed", self._name)
            self._set(StreamState.FAILED, Failure.PROTOCOL, "internal error")
            return
        self._set(StreamState.IDLE)

    def _attempt(self) -> Outcome:
        """Resolve, open and play the source once; returns why it stopped."""
        self._set(StreamState.CONNECTING)
        try:
            source = self._factory()
        except Exception as exc:
            return Outcome(_resolver_failure(exc), mask(describe(exc), *self._secrets))
        self._secrets = tuple(s for s in (source.password,) if s)
        url = with_credentials(source.url, source.username, source.password)
        problem = check_url(url)
        if problem is not None:
            return Outcome(Failure.MALFORMED, mask(f"{problem}: {url}", *self._secrets))
        with self._lock:
            self._attempts += 1
        self._request_key_frame(source)
        try:
            container = av.open(
                url,
                options=open_options(source.transport, self._timings),
                timeout=(self._timings.open_timeout, read_timeout(source.transport, self._timings)),
            )
        except Exception as exc:
            return self._outcome(exc)
        try:
            return self._play(container)
        except Exception as exc:
            return self._outcome(exc)
        finally:
            container.close()

    def _request_key_frame(self, source: StreamSource) -> None:
        """Ask for a key frame alongside the RTSP handshake (in a thread: it may take
        a second, and the handshake must not wait for it)."""
        request = source.key_frame_request
        if request is None:
            return
        name = f"keyframe-{self.key.camera_id}/{self.key.profile}"
        threading.Thread(target=_best_effort, args=(request, name), name=name, daemon=True).start()

    def _play(self, container: Any) -> Outcome:
        """Demux and decode until stopped, ended, stalled too long or failed."""
        if not container.streams.video:
            return Outcome(Failure.NO_VIDEO, "the stream has no video track")
        stream = container.streams.video[0]
        codec = stream.codec_context
        if self._decode_threads > 1:
            # Slices only: frame threading holds every picture back by one
            # frame per extra thread (+40 ms at 25 fps, measured on the
            # simulator); a wall of many streams keeps the cores busy anyway.
            codec.thread_type = "SLICE"
            codec.thread_count = self._decode_threads
        with self._lock:
            self._codec = codec.name
        self._set(StreamState.BUFFERING)
        connected = time.monotonic()
        self._first_frame_at = None
        while not self._stop.is_set():
            try:
                ended = self._pump(container, stream, codec, connected)
            except (av.error.ExitError, av.error.TimeoutError):
                ended = False  # one read timed out: nothing came for a read timeout
            except av.error.InvalidDataError:
                if not self._timed_out(connected):
                    raise  # garbage while pictures flow: a protocol failure
                # FFmpeg's socket timeout struck inside an interleaved packet and
                # reads as bad data: the camera went silent, it did not break.
                ended = False
                self._stop.wait(SILENT_RETRY_S)  # a broken demuxer answers at once
            now = time.monotonic()
            played = now - self._first_frame_at if self._first_frame_at else 0.0
            if ended:
                return Outcome(Failure.ENDED, "the server ended the stream", played)
            silent = now - max(self._last_frame_at_or(connected), connected)
            if silent >= self._timings.reconnect_after:
                return Outcome(Failure.TIMEOUT, f"no picture for {silent:.1f} s", played)
            if silent >= self._timings.stall_after:
                self._set(StreamState.STALLED, Failure.TIMEOUT, f"no picture for {silent:.1f} s")
        return Outcome(Failure.NONE, "stopped")

    def _timed_out(self, connected: float) -> bool:
        """Whether nothing came for about FFmpeg's socket timeout (the last byte
        and the last picture are a few milliseconds apart, hence the margin)."""
        silent = time.monotonic() - max(self._last_frame_at_or(connected), connected)
        return silent >= self._timings.socket_timeout * 0.9

    def _pump(self, container: Any, stream: Any, codec: Any, connected: float) -> bool:
        """Decode until the end of the stream (True), or stop or a due stall check (False)."""
        stall = self._timings.stall_after
        mode: DecodeMode | None = None
        for packet in container.demux(stream):
            if self._stop.is_set():
                return False
            if self._mode is not mode:
                mode = self._mode
                codec.skip_frame = "NONKEY" if mode is DecodeMode.KEYFRAMES else "DEFAULT"
            if packet.size:
                self._bytes.add(packet.size)
            if self.packet_tap is not None:
                self.packet_tap(packet, stream)
            got = False
            started = time.monotonic()
            for frame in codec.decode(packet):
                self._deliver(frame)
                got = True
            self._busy.add(int((time.monotonic() - started) * 1_000_000))
            if got:
                if self._first_frame_at is None:
                    self._first_frame_at = time.monotonic()
                if self.status.state is not StreamState.PLAYING:
                    self._set(StreamState.PLAYING)
            elif time.monotonic() - max(self._last_frame_at_or(0.0), connected) >= stall:
                return False  # packets but no pictures: let _play judge the stall
        return True

    def _deliver(self, frame: Any) -> None:
        now = time.monotonic()
        with self._lock:
            self._frames += 1
            index = self._frames
            self._last_frame_at = now
            self._size = (frame.width, frame.height)
        self._fps_in.add(1, now)
        self._fps_source.add(frame.time)
        self.mailbox.put(
            VideoFrame(
                image=frame,
                width=frame.width,
                height=frame.height,
                index=index,
                received_at=now,
                wallclock=time.time(),
                keyframe=bool(frame.key_frame),
            )
        )

    def _last_frame_at_or(self, default: float) -> float:
        with self._lock:
            return default if self._last_frame_at is None else self._last_frame_at

    def _outcome(self, exc: BaseException) -> Outcome:
        return Outcome(classify(exc), mask(describe(exc), *self._secrets))

    @property
    def _name(self) -> str:
        return f"{self.key.camera_id}/{self.key.profile}"

    def _set(
        self,
        state: StreamState,
        failure: Failure = Failure.NONE,
        detail: str = "",
        retry_at: float | None = None,
    ) -> None:
        """Publish a new status and log the transition (quietly when it repeats)."""
        with self._lock:
            old = self._status
            if old.state is state and old.failure is failure and retry_at is None:
                return
            new = StreamStatus(state, failure, detail, time.monotonic(), retry_at)
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


def stop_all(streams: Iterable[PyAVStream], timeout: float) -> list[PyAVStream]:
    """Stop several workers at once, waiting at most ``timeout`` s in all.

    Returns the ones still running when the time ran out.
    """
    pending = list(streams)
    for stream in pending:
        stream.request_stop()
    deadline = time.monotonic() + timeout
    return [s for s in pending if not s.join(max(0.0, deadline - time.monotonic()))]


__all__ = ["Outcome", "PyAVStream", "SourceFactory", "Stream", "Timings", "open_options"]
