"""Wire formats of recorded-video replay, server side: times, RTP extension, RTCP.

- ONVIF replay (Streaming Specification, "RTP header extension"): every RTP
  packet carries extension 0xABAC, three words long: the frame's capture
  time as a 64-bit NTP timestamp, then a byte of flags C (clean point, a key
  frame), E (last frame before a gap), D (first frame after a gap), T
  (the requested range ends here), then the low byte of the PLAY's CSeq and
  padding.
- Clock ranges (``Range: clock=20260403T033500Z-20260403T034000.5Z``) and
  the vendor URL times: Hikvision ``20260403T033500Z`` (UTC), Dahua
  ``2026_04_03_03_35_00`` (device local time).
"""

from __future__ import annotations

import calendar
import re
import struct
import time

from app.sim.rtp import PAYLOAD_TYPE, FramePayloads

NTP_EPOCH_OFFSET = 2208988800
EXTENSION_PROFILE = 0xABAC
FLAG_C, FLAG_E, FLAG_D, FLAG_T = 0x80, 0x40, 0x20, 0x10

_CLOCK = re.compile(r"(\d{8})T(\d{6})(?:\.(\d{1,9}))?Z")
_DAHUA = re.compile(r"(\d{4})_(\d{1,2})_(\d{1,2})_(\d{1,2})_(\d{1,2})_(\d{1,2})")


class TimeFormatError(ValueError):
    """A time or range the client sent that cannot be read."""


def parse_clock(text: str) -> float:
    """``YYYYMMDDTHHMMSS[.fff]Z`` (UTC) as seconds since the Unix epoch."""
    m = _CLOCK.fullmatch(text.strip())
    if m is None:
        raise TimeFormatError(f"not a UTC clock time: {text[:40]!r}")
    try:
        tm = time.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S")
    except ValueError as exc:
        raise TimeFormatError(f"not a date: {text[:40]!r}") from exc
    fraction = float("0." + m.group(3)) if m.group(3) else 0.0
    return calendar.timegm(tm) + fraction


def format_clock(t: float) -> str:
    """Seconds since the epoch as ``YYYYMMDDTHHMMSS[.fff]Z``."""
    whole = int(t // 1)
    millis = round((t - whole) * 1000)
    if millis == 1000:
        whole, millis = whole + 1, 0
    text = time.strftime("%Y%m%dT%H%M%S", time.gmtime(whole))
    return f"{text}.{millis:03d}Z" if millis else f"{text}Z"


def parse_clock_range(value: str) -> tuple[float, float | None]:
    """A ``Range: clock=START-[END]`` header value as (start, end or None).

    For reverse playback the end may come before the start.
    """
    unit, sep, spec = value.strip().partition("=")
    if not sep or unit.strip().lower() != "clock":
        raise TimeFormatError(f"not a clock range: {value[:60]!r}")
    spec = spec.split(";")[0].strip()
    first, dash, second = spec.partition("-")
    if not dash or not first:
        raise TimeFormatError(f"range without a start: {value[:60]!r}")
    start = parse_clock(first)
    end = parse_clock(second) if second.strip() else None
    return start, end


def parse_dahua_time(text: str) -> float:
    """Dahua's ``YYYY_MM_DD_HH_MM_SS`` in the device's (this process's) local time."""
    m = _DAHUA.fullmatch(text.strip())
    if m is None:
        raise TimeFormatError(f"not a Dahua time: {text[:40]!r}")
    year, month, day, hour, minute, second = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60 and second < 61):
        raise TimeFormatError(f"not a date: {text[:40]!r}")
    return time.mktime((year, month, day, hour, minute, second, 0, 0, -1))


def ntp_time(t: float) -> int:
    """Unix seconds as a 64-bit NTP timestamp."""
    return round((t + NTP_EPOCH_OFFSET) * (1 << 32)) & 0xFFFFFFFFFFFFFFFF


def onvif_extension(t: float, flags: int, cseq: int) -> bytes:
    """The 16 bytes of the 0xABAC header extension (including its 4-byte header)."""
    return struct.pack(">HHQBBH", EXTENSION_PROFILE, 3, ntp_time(t), flags, cseq & 0xFF, 0)


def rtp_packets(
    frame: FramePayloads, seq: int, timestamp: int, ssrc: int, extension: bytes | None
) -> list[bytes]:
    """RTP packets of one frame; ``extension`` (if any) goes on every packet."""
    first = 0x90 if extension else 0x80
    last = len(frame.payloads) - 1
    out = []
    for i, payload in enumerate(frame.payloads):
        second = (0x80 if i == last else 0) | PAYLOAD_TYPE
        head = struct.pack(">BBHII", first, second, (seq + i) & 0xFFFF, timestamp, ssrc)
        out.append(head + (extension or b"") + payload)
    return out


def sender_report_at(ssrc: int, rtp_ts: int, t: float, packets: int, octets: int) -> bytes:
    """An RTCP SR tying ``rtp_ts`` to the recording time ``t`` (not to the clock now)."""
    ntp = ntp_time(t)
    return struct.pack(
        ">BBHIIIIII",
        0x80,
        200,
        6,
        ssrc,
        ntp >> 32,
        ntp & 0xFFFFFFFF,
        rtp_ts & 0xFFFFFFFF,
        packets & 0xFFFFFFFF,
        octets & 0xFFFFFFFF,
    )


def goodbye(ssrc: int) -> bytes:
    """An RTCP BYE: the recorder has nothing more to send in this range."""
    return struct.pack(">BBHI", 0x81, 203, 1, ssrc)
