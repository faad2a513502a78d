"""The part of an SDP description (RFC 4566) a replay client needs: the video track.

Read from a DESCRIBE answer, so from the network: bounded in lines and
length, and only :class:`SdpError` escapes.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field

from app.core.recording import StreamFormat, VideoCodec

MAX_LINES = 512
_CODECS = {"H264": VideoCodec.H264, "H265": VideoCodec.H265}


class SdpError(ValueError):
    """A description without a usable video track."""


@dataclass
class SdpVideo:
    """The first video track Occhio can depacketise."""

    payload_type: int
    codec: VideoCodec
    clock_rate: int
    control: str = ""
    fmtp: dict[str, str] = field(default_factory=dict)
    session_control: str = ""
    range: str = ""

    def stream_format(self) -> StreamFormat:
        """Codec and the out-of-band parameter sets (sprop-*), undecodable ones skipped."""
        if self.codec is VideoCodec.H264:
            names = ["sprop-parameter-sets"]
        else:
            names = ["sprop-vps", "sprop-sps", "sprop-pps"]
        sets: list[bytes] = []
        for name in names:
            for item in self.fmtp.get(name, "").split(","):
                try:
                    nal = base64.b64decode(item.strip(), validate=True)
                except (binascii.Error, ValueError):
                    continue
                if nal:
                    sets.append(nal)
        return StreamFormat(self.codec, tuple(sets), self.clock_rate)


def _small_number(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 9


def _media(lines: list[str], session_control: str, session_range: str) -> SdpVideo | None:
    head = lines[0].split()
    if len(head) < 4 or head[0] != "video":
        return None
    rtpmap: dict[int, tuple[str, int]] = {}
    fmtp: dict[int, dict[str, str]] = {}
    control = ""
    for line in lines[1:]:
        key, _, value = line.partition(":")
        if key == "rtpmap":
            pt, _, enc = value.partition(" ")
            name, _, clock = enc.partition("/")
            clock = clock.split("/")[0]
            if _small_number(pt) and _small_number(clock):
                rtpmap[int(pt)] = (name.strip().upper(), int(clock))
        elif key == "fmtp":
            pt, _, params = value.partition(" ")
            if _small_number(pt):
                pairs = (p.strip().partition("=") for p in params.split(";") if p.strip())
                fmtp[int(pt)] = {k.strip().lower(): v.strip() for k, _, v in pairs}
        elif key == "control":
            control = value.strip()
    for fmt in head[3:]:
        if not _small_number(fmt):
            continue
        name, rate = rtpmap.get(int(fmt), ("", 0))
        if name in _CODECS and 0 < rate <= 1_000_000:
            return SdpVideo(
                int(fmt),
                _CODECS[name],
                rate,
                control,
                fmtp.get(int(fmt), {}),
                session_control,
                session_range,
            )
    return None


def parse_sdp(text: str) -> SdpVideo:
    """The first H.264 or H.265 video track of ``text``.

    Raises:
        SdpError: none there, or the description is out of bounds.
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    if len(lines) > MAX_LINES:
        raise SdpError("description too long")
    session_control = session_range = ""
    sections: list[list[str]] = []
    for line in lines:
        kind, eq, value = line.partition("=")
        if not eq or len(kind) != 1:
            continue
        if kind == "m":
            sections.append([value])
        elif kind == "a" and sections:
            sections[-1].append(value)
        elif kind == "a" and value.startswith("control:"):
            session_control = value[8:].strip()
        elif kind == "a" and value.startswith("range:"):
            session_range = value[6:].strip()
    for section in sections:
        video = _media(section, session_control, session_range)
        if video is not None:
            return video
    raise SdpError("no H.264 or H.265 video track in the description")
