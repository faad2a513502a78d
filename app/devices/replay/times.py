"""Times on the recorder wire: ONVIF clock ranges and the vendors' URL formats.

- ONVIF ``Range: clock=YYYYMMDDTHHMMSS[.fff]Z-...`` and Hikvision URL times: UTC.
- Dahua URL times ``YYYY_MM_DD_HH_MM_SS``: the device's local time, so the
  device's time zone must be known (site file); Occhio converts with
  :mod:`zoneinfo`.
"""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def format_clock(t: float, millis: bool = True) -> str:
    """Unix seconds as ``YYYYMMDDTHHMMSS[.fff]Z``; whole seconds without a fraction."""
    whole = int(t // 1)
    ms = round((t - whole) * 1000) if millis else 0
    if ms == 1000:
        whole, ms = whole + 1, 0
    text = time.strftime("%Y%m%dT%H%M%S", time.gmtime(whole))
    return f"{text}.{ms:03d}Z" if ms else f"{text}Z"


def zone(name: str) -> dt.tzinfo:
    """A time zone by IANA name; "" is this computer's local zone.

    Raises:
        ValueError: an unknown zone name.
    """
    if not name:
        local = dt.datetime.now().astimezone().tzinfo
        assert local is not None
        return local
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ValueError(f"unknown time zone {name!r}") from err


def dahua_time(t: float, tz: dt.tzinfo) -> str:
    """Unix seconds as Dahua's ``YYYY_MM_DD_HH_MM_SS`` in the device's zone."""
    return dt.datetime.fromtimestamp(t, tz).strftime("%Y_%m_%d_%H_%M_%S")


def dahua_search_time(t: float, tz: dt.tzinfo) -> str:
    """Unix seconds as Dahua's search format ``YYYY-MM-DD HH:MM:SS`` (device zone)."""
    return dt.datetime.fromtimestamp(t, tz).strftime("%Y-%m-%d %H:%M:%S")


def parse_local(text: str, tz: dt.tzinfo) -> float:
    """``YYYY-MM-DD HH:MM:SS`` in zone ``tz`` as Unix seconds.

    Raises:
        ValueError: not that format.
    """
    naive = dt.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S")
    return naive.replace(tzinfo=tz).timestamp()


def parse_iso(text: str) -> float:
    """An ISO 8601 time with a zone (``Z`` or ``+01:00``) as Unix seconds.

    Raises:
        ValueError: not ISO 8601, or no zone.
    """
    value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"time without a zone: {text[:40]!r}")
    return value.timestamp()
