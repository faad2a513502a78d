"""The pre-event buffer: each live stream's packets of the last N seconds, in whole GOPs.

A control room wants the seconds *before* the moment something caught an
operator's eye. Every live stream Occhio decodes hands its packets (the
camera's own bitstream, before decoding) to a :class:`PacketRing`, which
keeps whole GOPs covering at least the last ``seconds`` and at most
``max_bytes``; older GOPs are dropped as new ones arrive. Nothing is written
to disk: the buffer is read for instant replay and by "Registra", which
starts a local recording with the buffered past.

The tap runs on the stream's worker thread; readers (the GUI, a recording)
take snapshots under a lock, which is held only to append or copy
references.
"""

from __future__ import annotations

import collections
import threading
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.core.recording import RecordedFrame, StreamFormat, TimeSource, VideoCodec
from app.core.streams import StreamKey

DEFAULT_SECONDS = 60.0
DEFAULT_MAX_BYTES = 96 * 1024 * 1024  # about 60 s of a 12 Mbit/s camera
_CODECS = {"h264": VideoCodec.H264, "hevc": VideoCodec.H265}


@dataclass(frozen=True)
class BufferedPacket:
    """One access unit as the camera sent it (Annex B), with its times."""

    data: bytes
    pts: float  # stream time, seconds
    key: bool
    wallclock: float  # this computer's clock when it arrived


def split_annexb(data: bytes) -> tuple[bytes, ...]:
    """NAL units of an Annex B access unit (start codes removed)."""
    parts = data.split(b"\x00\x00\x01")
    return tuple(p.rstrip(b"\x00") for p in parts if p.rstrip(b"\x00"))


class _Gop:
    """One GOP held compactly: the packets' bytes in one block once complete,
    their offsets and times in arrays (a few bytes per packet instead of two
    Python objects, so the buffer weighs what the video weighs)."""

    __slots__ = ("blob", "offsets", "parts", "pts", "wall")

    def __init__(self) -> None:
        self.parts: list[bytes] | None = []  # while the GOP grows
        self.blob = b""
        self.offsets = array("Q", [0])
        self.pts = array("d")
        self.wall = array("d")

    def add(self, item: BufferedPacket) -> None:
        assert self.parts is not None
        self.parts.append(item.data)
        self.offsets.append(self.offsets[-1] + len(item.data))
        self.pts.append(item.pts)
        self.wall.append(item.wallclock)

    def seal(self) -> None:
        """The GOP is complete: its packets become one block."""
        if self.parts is not None:
            self.blob, self.parts = b"".join(self.parts), None

    @property
    def size(self) -> int:
        return self.offsets[-1]

    def packets(self) -> list[BufferedPacket]:
        blob = self.blob if self.parts is None else b"".join(self.parts)
        return [
            BufferedPacket(
                blob[self.offsets[i] : self.offsets[i + 1]], self.pts[i], i == 0, self.wall[i]
            )
            for i in range(len(self.pts))
        ]


class PacketRing:
    """Whole GOPs of one stream covering the last ``seconds`` (bounded by ``max_bytes``)."""

    def __init__(self, seconds: float = DEFAULT_SECONDS, max_bytes: int = DEFAULT_MAX_BYTES):
        self.seconds = seconds
        self.max_bytes = max_bytes
        self._gops: collections.deque[_Gop] = collections.deque()
        self._bytes = 0
        self._last_pts = float("-inf")
        self._lock = threading.Lock()
        self._format: StreamFormat | None = None
        self._listeners: list[Callable[[BufferedPacket], None]] = []

    # -- the worker thread ---------------------------------------------------

    def __call__(self, packet: Any, stream: Any) -> None:
        """The tap: one demuxed packet of ``stream`` (PyAV objects)."""
        if packet.pts is None or not packet.size:
            return
        if self._format is None:
            self._format = _stream_format(stream)
        pts = float(packet.pts * packet.time_base)
        self.add(BufferedPacket(bytes(packet), pts, bool(packet.is_keyframe), time.time()))

    def add(self, item: BufferedPacket) -> None:
        """Append one packet; a key frame starts a GOP; old GOPs go."""
        with self._lock:
            if self._gops and item.pts < self._last_pts - 1.0:
                self._clear()  # a new connection restarted the stream's clock
            if item.key:
                if self._gops:
                    self._gops[-1].seal()
                self._gops.append(_Gop())
            elif not self._gops:
                return  # nothing decodes before the first key frame
            self._gops[-1].add(item)
            self._bytes += len(item.data)
            self._last_pts = item.pts
            self._trim(item.pts)
            listeners = list(self._listeners)
        for listener in listeners:
            listener(item)

    def _trim(self, newest: float) -> None:
        while len(self._gops) > 1 and (
            newest - self._gops[1].pts[0] >= self.seconds or self._bytes > self.max_bytes
        ):
            self._bytes -= self._gops.popleft().size

    def _clear(self) -> None:
        self._gops.clear()
        self._bytes = 0

    # -- readers -------------------------------------------------------------

    @property
    def bytes(self) -> int:
        """Payload bytes held now."""
        with self._lock:
            return self._bytes

    @property
    def stream_format(self) -> StreamFormat | None:
        """Codec and parameter sets of the stream (None before its first packet)."""
        return self._format

    def snapshot(self, since_wallclock: float | None = None) -> list[BufferedPacket]:
        """The buffered packets, from the GOP that holds ``since_wallclock`` (default: all)."""
        with self._lock:
            gops = list(self._gops)
            if since_wallclock is not None:
                later = [i for i, g in enumerate(gops) if g.wall[0] <= since_wallclock]
                gops = gops[later[-1] :] if later else gops
            return [p for gop in gops for p in gop.packets()]

    def subscribe(self, listener: Callable[[BufferedPacket], None]) -> Callable[[], None]:
        """Call ``listener`` with every new packet (worker thread); returns the unsubscriber."""
        with self._lock:
            self._listeners.append(listener)

        def cancel() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return cancel


def as_frame(packet: BufferedPacket, origin: BufferedPacket) -> RecordedFrame:
    """A buffered packet as a recorded frame, timed on this computer's clock.

    Times follow the stream's own clock from ``origin``'s arrival, so they
    are as regular as the camera sent them.
    """
    when = origin.wallclock + (packet.pts - origin.pts)
    return RecordedFrame(
        round(when, 6), packet.key, split_annexb(packet.data), time_source=TimeSource.ESTIMATED
    )


def _stream_format(stream: Any) -> StreamFormat | None:
    ctx = stream.codec_context
    codec = _CODECS.get(str(ctx.name))
    if codec is None:
        return None
    return StreamFormat(codec, split_annexb(bytes(ctx.extradata or b"")))


def pre_event_buffers(settings: Any) -> PreEventBuffers | None:
    """The buffers as configured (``video.pre_event_seconds``; 0 turns them off)."""
    seconds = settings.float_value("video.pre_event_seconds")
    return PreEventBuffers(seconds) if seconds > 0 else None


class PreEventBuffers:
    """One ring per live stream, made when its worker starts (composition root owns it)."""

    def __init__(self, seconds: float = DEFAULT_SECONDS, max_bytes: int = DEFAULT_MAX_BYTES):
        self.seconds = seconds
        self.max_bytes = max_bytes
        self._rings: dict[StreamKey, PacketRing] = {}
        self._lock = threading.Lock()

    def tap(self, key: StreamKey) -> PacketRing:
        """The ring of a stream (a fresh one per worker: a new worker, a new past)."""
        ring = PacketRing(self.seconds, self.max_bytes)
        with self._lock:
            self._rings[key] = ring
        return ring

    def ring(self, key: StreamKey) -> PacketRing | None:
        """The ring of a stream, if it has played."""
        with self._lock:
            return self._rings.get(key)

    def total_bytes(self) -> int:
        """Payload bytes held by every ring."""
        with self._lock:
            rings = list(self._rings.values())
        return sum(r.bytes for r in rings)
