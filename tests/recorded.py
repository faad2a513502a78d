"""Recorded video in memory for playback tests: real H.264 frames, a source and services.

The frames are the simulator's own encoded loop (640x360, a key frame every
2 s at 12.5 fps), stamped from ``T0``: a playback test decodes real
pictures without a recorder or the network.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from PySide6.QtWidgets import QWidget

from app.core.model import Camera, Profile
from app.core.recording import RecordedFrame, RecordingIndex, Span, StreamFormat, VideoCodec
from app.core.streams import StreamProvider
from app.core.timeline import TimelineMark
from app.core.wall_playback import PlaybackTile
from app.sim.encode import SUB, encode_frames
from app.video.playback import ListStream
from app.video.playback_feed import PlaybackFeed, PlaybackSource

FPS = 12.5
T0 = 1_780_000_000.0
SECONDS = 12


@functools.cache
def recorded_frames() -> tuple[RecordedFrame, ...]:
    """12 s of real H.264 frames stamped from ``T0``."""
    loop = encode_frames("playback-test", "Prova", SUB)
    out = []
    for n in range(round(SECONDS * FPS)):
        nals = tuple(loop[n % len(loop)])
        key = any(x[0] & 0x1F == 5 for x in nals)
        out.append(RecordedFrame(T0 + n / FPS, key, nals))
    return tuple(out)


@dataclass
class MemorySource:
    """Opens streams over the frames in memory; remembers what was asked."""

    opened: list[tuple[float, float]] = field(default_factory=list)
    searched: list[Span] = field(default_factory=list)

    async def open(self, t: float, scale: float = 1.0) -> ListStream:
        """From the key frame at or before ``t``."""
        self.opened.append((t, scale))
        frames = recorded_frames()
        keys = [i for i, f in enumerate(frames) if f.key and f.capture_time <= t + 0.01]
        return ListStream(StreamFormat(VideoCodec.H264), list(frames[keys[-1] if keys else 0 :]))

    async def search(self, span: Span) -> RecordingIndex:
        """The 12 s are recorded."""
        self.searched.append(span)
        return RecordingIndex(span, (Span(T0, T0 + SECONDS),))

    def source(self) -> PlaybackSource:
        """As a playback tile's source."""
        return PlaybackSource(self.open, search=self.search)


@dataclass
class FakeServices:
    """``PlaybackServices`` over memory sources, with marks; records exports."""

    marks: list[TimelineMark] = field(default_factory=list)
    sources: dict[str, MemorySource] = field(default_factory=dict)
    feeds: list[PlaybackFeed] = field(default_factory=list)
    exports: list[tuple[str, Span]] = field(default_factory=list)

    def playback_feed(
        self, tile: PlaybackTile, camera: Camera | None, provider: StreamProvider, profile: Profile
    ) -> PlaybackFeed:
        """A feed over the camera's memory source."""
        source = self.sources.setdefault(tile.camera_id, MemorySource())
        feed = PlaybackFeed(
            tile.camera_id,
            camera,
            source.source(),
            at=tile.at,
            playing=tile.playing,
            ident=tile.ident,
            marks=lambda cam, span: [m for m in self.marks if span.start <= m.t <= span.end],
        )
        self.feeds.append(feed)
        return feed

    def export(self, camera: Camera, span: Span, parent: QWidget | None) -> object:
        """Remember what would be exported."""
        self.exports.append((camera.id, span))
        return None
