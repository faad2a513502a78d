"""Recorded video as every layer sees it: spans, gaps, frames with capture times.

Times are seconds since the Unix epoch (UTC) as a float, in the clock of the
device that recorded them; how far that clock is from this computer's is
measured separately and kept beside the data (see ``RecordingIndex`` and the
evidence manifest), never silently applied to the frames.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

START_CODE = b"\x00\x00\x00\x01"


class VideoCodec(enum.StrEnum):
    """Codecs a recorder's replay may carry (FFmpeg's names)."""

    H264 = "h264"
    H265 = "hevc"


class TimeSource(enum.StrEnum):
    """Where a frame's capture time came from, most trustworthy first."""

    ONVIF = "onvif"  # the RTP header extension 0xABAC, per frame
    RTCP = "rtcp"  # a sender report mapping RTP time to the recorder's clock
    ESTIMATED = "estimated"  # the requested start plus RTP time: no clock from the device


@dataclass(frozen=True)
class Span:
    """A half-open time interval ``[start, end)``."""

    start: float
    end: float

    @property
    def seconds(self) -> float:
        """Its length."""
        return max(0.0, self.end - self.start)

    def overlaps(self, other: Span) -> bool:
        """Whether the two share any time."""
        return self.start < other.end and other.start < self.end


def iso(t: float) -> str:
    """A time as ISO 8601 UTC with milliseconds (``2026-04-03T03:35:00.000Z``)."""
    stamp = dt.datetime.fromtimestamp(t, dt.UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def gaps_between(wanted: Span, recorded: list[Span]) -> list[Span]:
    """The parts of ``wanted`` that no recorded span covers."""
    out: list[Span] = []
    cursor = wanted.start
    for span in sorted(recorded, key=lambda s: s.start):
        if span.end <= cursor:
            continue
        if span.start > cursor:
            out.append(Span(cursor, min(span.start, wanted.end)))
        cursor = max(cursor, span.end)
        if cursor >= wanted.end:
            break
    if cursor < wanted.end:
        out.append(Span(cursor, wanted.end))
    return [g for g in out if g.end > g.start]


def merge_spans(spans: list[Span], slack: float = 1.0) -> list[Span]:
    """Spans sorted and joined where they touch or overlap (a recorder's files are back to
    back; two searches may overlap); ``slack`` joins spans this close too."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if out and span.start <= out[-1].end + slack:
            out[-1] = Span(out[-1].start, max(out[-1].end, span.end))
        else:
            out.append(span)
    return out


@dataclass(frozen=True)
class RecordingIndex:
    """What a recorder holds of one camera between two times, and its clock.

    ``clock_offset_s`` is the device clock minus this computer's clock (None
    when the device would not say).
    """

    wanted: Span
    recorded: tuple[Span, ...]
    earliest: float | None = None
    latest: float | None = None
    clock_offset_s: float | None = None

    @property
    def gaps(self) -> list[Span]:
        """What is missing inside ``wanted``."""
        return gaps_between(self.wanted, list(self.recorded))


@dataclass(frozen=True)
class DeviceIdentity:
    """Who a recorder says it is (device text, already sanitised for showing)."""

    manufacturer: str = ""
    model: str = ""
    serial: str = ""
    firmware: str = ""


@dataclass(frozen=True)
class StreamFormat:
    """What a replay carries: codec and the parameter sets from its description."""

    codec: VideoCodec
    parameter_sets: tuple[bytes, ...] = ()  # VPS/SPS/PPS NAL units, no start codes
    clock_rate: int = 90000


@dataclass(frozen=True)
class RecordedFrame:
    """One access unit as the recorder sent it, with its capture time.

    ``nals`` are the NAL units exactly as received (no start codes), so the
    exported bitstream is the recorder's own.
    """

    capture_time: float
    key: bool
    nals: tuple[bytes, ...]
    rtp_time: int = 0
    time_source: TimeSource = TimeSource.ONVIF
    discontinuity: bool = False  # the first frame after a gap (D)
    end_of_section: bool = False  # the last frame before a gap (E)
    size: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "size", sum(len(n) for n in self.nals))

    def annexb(self) -> bytes:
        """The access unit as an Annex B byte stream (what decoders take)."""
        return b"".join(START_CODE + n for n in self.nals)
