"""The PyAV worker: one thread that keeps one stream playing.

The worker opens the source, demuxes and decodes the video track and puts
every decoded frame into its mailbox (the newest wins). It publishes its
state as an immutable ``StreamStatus`` and never gives up on a camera:
recoverable errors reconnect with capped exponential backoff (spread by a
random share, so cameras that failed together do not return together),
permanent ones (bad credentials, no such path, unusable URL, a codec it
cannot decode, a server that wants the password in clear) are retried at
most once every 30 s. Every read is bounded by PyAV's interrupt deadline,
so the thread notices its stop flag within about a second, and a stall is
judged on decoded pictures, whatever else keeps arriving.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import av
import av.error

from app.core.streams import (
    DecodeMode,
    Failure,
    Stream,
    StreamKey,
    StreamSource,
    StreamState,
    StreamStats,
    VideoFrame,
)
from app.video.failures import (
    classify,
    describe,
    resolver_failure,
    status_subject,
    subject_of,
)
from app.video.rates import RateMeter, SourceRate
from app.video.rtsp_check import ServerOffer, StreamCheckError, check_source
from app.video.stream_life import Outcome, StreamLife
from app.video.timings import Timings, open_options, read_timeout
from app.video.urls import check_url, mask, with_credentials

logger = logging.getLogger("app.video")

#: Returns the source to open; called on the worker thread (may block, may raise).
SourceFactory = Callable[[], StreamSource]

#: After a failed read on a connection that gave nothing usable, wait this long
#: before the next (a broken demuxer answers at once, and would spin).
SILENT_RETRY_S = 0.1


def _best_effort(request: Callable[[], object], name: str) -> None:
    """Run ``request``; a failure is only logged (the next regular key frame will do)."""
    try:
        request()
    except Exception as exc:
        logger.debug("%s: %s", name, describe(exc))


class PyAVStream(StreamLife):
    """One stream's worker thread and what views read from it (``Stream``).

    Its life (thread, status, retries, log) is ``StreamLife``'s; here is how
    PyAV opens, demuxes and decodes one attempt.
    """

    def __init__(
        self,
        key: StreamKey,
        factory: SourceFactory,
        timings: Timings,
        decode_threads: int = 2,
        packet_tap: Callable[[Any, Any], None] | None = None,
    ) -> None:
        super().__init__(key, timings, f"stream-{key.camera_id}-{key.profile}")
        #: Sees every demuxed packet before decoding (the pre-event buffer, which
        #: views reach through it for instant replay and recording).
        self.packet_tap = packet_tap
        self._factory = factory
        self._decode_threads = decode_threads
        self._stop_at: float | None = None  # monotonic time by which to stop, if any
        self._fps_in = RateMeter()
        self._fps_source = SourceRate()
        self._fps_out = RateMeter()
        self._bytes = RateMeter()
        self._last_frame_at: float | None = None
        self._size = (0, 0)
        self._codec = ""
        self._secrets: tuple[str, ...] = ()
        self._first_frame_at: float | None = None  # in the current connection
        self._mode = DecodeMode.FULL
        self._busy = RateMeter()  # microseconds spent decoding, as a rate: the decode load

    # -- what views and the engine call (any thread) -------------------------

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

    def stop_by(self, deadline: float) -> None:
        """Stop by ``deadline`` (monotonic) on its own: no attempt starts after it, and
        each open is cut short to end before it (a command-line run's hard limit)."""
        self._stop_at = deadline

    # -- the worker thread ----------------------------------------------------

    def _may_attempt(self) -> bool:
        return not self._past_deadline()

    def _past_deadline(self) -> bool:
        return self._stop_at is not None and time.monotonic() >= self._stop_at

    def _open_timeout(self) -> float:
        """The open timeout, shortened to end before ``stop_by``'s deadline.

        PyAV applies it twice (opening, then reading the stream info), hence half.
        """
        timeout = self._timings.open_timeout
        if self._stop_at is not None:
            timeout = min(timeout, max(0.1, (self._stop_at - time.monotonic()) / 2))
        return timeout

    def _attempt(self) -> Outcome:
        """Resolve, check, open and play the source once; returns why it stopped."""
        self._set(StreamState.CONNECTING)
        prepared = self._prepare()
        if isinstance(prepared, Outcome):
            return prepared
        url, source, offer = prepared
        try:
            container = av.open(
                url,
                options=open_options(source.transport, self._timings),
                timeout=(self._open_timeout(), read_timeout(self._timings)),
            )
        except Exception as exc:
            return self._outcome(exc)
        try:
            return self._play(container, offer)
        except Exception as exc:
            return self._outcome(exc)
        finally:
            container.close()

    def _prepare(self) -> tuple[str, StreamSource, ServerOffer] | Outcome:
        """The URL to open, its source and what the server offers; or why not to open it."""
        try:
            source = self._factory()
        except Exception as exc:
            detail = mask(describe(exc), *self._secrets)
            return Outcome(resolver_failure(exc), detail, subject=subject_of(exc))
        self._secrets = tuple(s for s in (source.password,) if s)
        url = with_credentials(source.url, source.username, source.password)
        problem = check_url(url)
        if problem is not None:
            return Outcome(Failure.MALFORMED, mask(f"{problem}: {url}", *self._secrets))
        with self._lock:
            self._attempts += 1
        self._request_key_frame(source)
        try:
            offer = check_source(
                url, source, timeout=self._open_timeout(), cancelled=self._stop.is_set
            )
        except StreamCheckError as exc:
            return Outcome(exc.failure, mask(exc.detail, *self._secrets), subject=exc.subject)
        if self._stop.is_set():
            return Outcome(Failure.NONE, "stopped")
        return url, source, offer

    def _request_key_frame(self, source: StreamSource) -> None:
        """Ask for a key frame alongside the RTSP handshake (in a thread: it may take
        a second, and the handshake must not wait for it)."""
        request = source.key_frame_request
        if request is None:
            return
        name = f"keyframe-{self.key.camera_id}/{self.key.profile}"
        threading.Thread(target=_best_effort, args=(request, name), name=name, daemon=True).start()

    def _video_track(self, container: Any, offer: ServerOffer) -> tuple[Any, Any] | Outcome:
        """The video stream and its decoder, or why there is nothing to decode."""
        if not container.streams.video:
            return Outcome(Failure.NO_VIDEO, "the stream has no video track")
        stream = container.streams.video[0]
        codec = stream.codec_context
        if codec is None or not codec.name or codec.name == "none":
            name = (offer.video_codecs or ("",))[0] or "?"
            return Outcome(Failure.UNSUPPORTED_CODEC, f"no decoder for {name!r}", subject=name)
        if self._decode_threads > 1:
            # Slices only: frame threading holds every picture back by one
            # frame per extra thread (+40 ms at 25 fps, measured on the
            # simulator); a wall of many streams keeps the cores busy anyway.
            codec.thread_type = "SLICE"
            codec.thread_count = self._decode_threads
        return stream, codec

    def _play(self, container: Any, offer: ServerOffer) -> Outcome:
        """Demux and decode until stopped, ended, stalled too long or failed."""
        track = self._video_track(container, offer)
        if isinstance(track, Outcome):
            return track
        stream, codec = track
        with self._lock:
            self._codec = codec.name
        self._set(StreamState.BUFFERING)
        connected = time.monotonic()
        self._first_frame_at = None
        while not self._stop.is_set() and not self._past_deadline():
            try:
                ended = self._pump(container, stream, codec, connected)
            except av.error.FFmpegError as exc:
                if not self._read_timed_out(connected):
                    raise  # an error while packets flow: the stream is broken
                # The read deadline struck (or FFmpeg's socket timeout, which
                # inside an interleaved packet reads as bad data): nothing
                # usable came for a read timeout; judged below on pictures.
                ended = False
                if not isinstance(exc, av.error.ExitError):
                    self._stop.wait(SILENT_RETRY_S)
            outcome = self._judge(ended, connected)
            if outcome is not None:
                return outcome
        return Outcome(Failure.NONE, "stopped")

    def _judge(self, ended: bool, connected: float) -> Outcome | None:
        """After a pump: the outcome when the connection is over, else None (stalled or not)."""
        now = time.monotonic()
        played = now - self._first_frame_at if self._first_frame_at else 0.0
        if ended:
            return Outcome(Failure.ENDED, "the server ended the stream", played)
        silent = now - max(self._last_frame_at_or(connected), connected)
        if silent >= self._timings.reconnect_after:
            return Outcome(Failure.TIMEOUT, f"no picture for {silent:.1f} s", played)
        if silent >= self._timings.stall_after:
            self._set(StreamState.STALLED, Failure.TIMEOUT, f"no picture for {silent:.1f} s")
        return None

    def _read_timed_out(self, connected: float) -> bool:
        """Whether no picture came for about a read timeout, so that a failed read is
        the deadline striking (or what follows it: a read cut inside an interleaved
        packet leaves the next one reading bad data at once), not a broken stream
        that still delivers pictures. The margin: the last picture and the failed
        read are a few milliseconds apart."""
        limit = min(self._timings.read_timeout, self._timings.socket_timeout) * 0.9
        last = max(self._last_frame_at_or(connected), connected)
        return time.monotonic() - last >= limit

    def _pump(self, container: Any, stream: Any, codec: Any, connected: float) -> bool:
        """Decode until the end of the stream (True), or stop or a due stall check (False).

        Every track is demuxed, so that a packet of any kind comes back here and
        the picture deadline is checked on it: demuxing only the video track
        would let FFmpeg and PyAV loop over other tracks' packets unseen.
        """
        stall = self._timings.stall_after
        mode: DecodeMode | None = None
        for packet in container.demux():
            if self._stop.is_set():
                return False
            got = False
            if packet.stream_index == stream.index:
                if self._mode is not mode:
                    mode = self._mode
                    codec.skip_frame = "NONKEY" if mode is DecodeMode.KEYFRAMES else "DEFAULT"
                if self.packet_tap is not None:
                    self.packet_tap(packet, stream)
                got = self._decode(codec, packet)
            if not got and (
                time.monotonic() - max(self._last_frame_at_or(0.0), connected) >= stall
            ):
                return False  # packets but no pictures: let _play judge the stall
        return True

    def _decode(self, codec: Any, packet: Any) -> bool:
        """Decode one video packet; True when it gave a picture."""
        if packet.size:
            self._bytes.add(packet.size)
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
        return got

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
        failure = classify(exc)
        subject = status_subject(exc) if failure is Failure.SERVER_ERROR else ""
        return Outcome(failure, mask(describe(exc), *self._secrets), subject=subject)


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
