"""Which recording a replay URL names, in the three dialects the simulator speaks.

- ONVIF Profile G: ``/recording/<token>`` (what GetReplayUri returns); the
  time range comes with PLAY (``Range: clock=...``).
- Hikvision: ``/Streaming/tracks/<C>01?starttime=...Z&endtime=...Z``
  (channel C, 01 the main stream), times in UTC.
- Dahua: ``/cam/playback?channel=C&subtype=0&starttime=YYYY_MM_DD_HH_MM_SS&endtime=...``,
  device local time.

The simulator records only main streams: a sub-stream track is not found.
A track's control URL may be appended to the whole URL, query included
(``...&endtime=X/trackID=0``); it is cut off before parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from app.sim.rec_rtp import TimeFormatError, parse_clock, parse_dahua_time

ONVIF, HIKVISION, DAHUA = "onvif", "hikvision", "dahua"
RECORDING_PREFIX = "rec-"
_TRACK = re.compile(r"/trackID=\d+/?$")


@dataclass(frozen=True)
class ReplayTarget:
    """A camera's archive and, for the vendor dialects, the times in the URL."""

    camera_id: str
    dialect: str
    start: float | None = None
    end: float | None = None


def recording_token(camera_id: str) -> str:
    """The ONVIF recording token of a camera's archive."""
    return RECORDING_PREFIX + camera_id


def base_uri(uri: str) -> str:
    """``uri`` without a trailing track control (``/trackID=0``)."""
    return _TRACK.sub("", uri)


def parse_target(uri: str, channels: dict[int, str]) -> ReplayTarget | None:
    """The archive a URL names (None: not a replay URL, or no such recording).

    ``channels`` maps recorder channel numbers (1, 2...) to camera ids.

    Raises:
        TimeFormatError: a vendor URL whose times cannot be read.
    """
    parts = urlsplit(base_uri(uri))
    path = parts.path.rstrip("/")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if path.startswith("/recording/"):
        token = path.removeprefix("/recording/")
        cid = token.removeprefix(RECORDING_PREFIX)
        known = token.startswith(RECORDING_PREFIX) and cid in channels.values()
        return ReplayTarget(cid, ONVIF) if known else None
    if path.startswith("/Streaming/tracks/"):
        track = path.removeprefix("/Streaming/tracks/")
        number = _number(track)
        if number % 100 != 1 or number // 100 not in channels:
            return None
        start = parse_clock(query["starttime"]) if "starttime" in query else None
        end = parse_clock(query["endtime"]) if "endtime" in query else None
        return ReplayTarget(channels[number // 100], HIKVISION, start, end)
    if path == "/cam/playback":
        channel = _number(query.get("channel", ""))
        if channel not in channels or query.get("subtype", "0") != "0":
            return None
        start = parse_dahua_time(query["starttime"]) if "starttime" in query else None
        end = parse_dahua_time(query["endtime"]) if "endtime" in query else None
        return ReplayTarget(channels[channel], DAHUA, start, end)
    return None


def _number(text: str) -> int:
    """A small decimal number from a URL (-1 when it is not one)."""
    ok = text.isascii() and text.isdigit() and len(text) <= 6
    return int(text) if ok else -1


def is_replay_path(uri: str) -> bool:
    """Whether ``uri`` is in one of the replay URL forms (known recording or not)."""
    path = urlsplit(base_uri(uri)).path
    return path.startswith(("/recording/", "/Streaming/tracks/", "/cam/playback"))


__all__ = [
    "DAHUA",
    "HIKVISION",
    "ONVIF",
    "ReplayTarget",
    "TimeFormatError",
    "base_uri",
    "is_replay_path",
    "parse_target",
    "recording_token",
]
