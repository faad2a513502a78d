"""The rule for addresses a device hands out: which ones Occhio opens, and with what.

An ONVIF device answers GetStreamUri, GetSnapshotUri (and, on recorders,
GetReplayUri and event endpoints) with addresses of its own choosing. A
broken or compromised device could point them at a file on the operator's PC
(``file:///...``), at a local service, or at a host that collects the
credentials Occhio sends with them. So every address from a device passes
``check_device_url`` before it is used:

- only the schemes of its kind: RTSP(S) for live and replay streams,
  HTTP(S) for snapshots and event endpoints (an HTTP stream only where the
  camera's kind allows it);
- only on the host the installer configured, unless the installer confirmed
  this camera's other host (``allow_foreign_stream_host`` in the site file):
  credentials go to no host the installer did not name;
- credentials written inside the address by the device are dropped
  (``without_userinfo``): the configured ones are used, or none.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from app.core.streams import Failure
from app.core.untrusted import clean


class UrlKind(enum.StrEnum):
    """What a device address is for; decides the schemes allowed."""

    STREAM = "stream"  # live video (GetStreamUri)
    REPLAY = "replay"  # recorded video (GetReplayUri)
    SNAPSHOT = "snapshot"  # a still picture (GetSnapshotUri)
    EVENTS = "events"  # event subscriptions and pull points


_SCHEMES: dict[UrlKind, frozenset[str]] = {
    UrlKind.STREAM: frozenset({"rtsp", "rtsps"}),
    UrlKind.REPLAY: frozenset({"rtsp", "rtsps"}),
    UrlKind.SNAPSHOT: frozenset({"http", "https"}),
    UrlKind.EVENTS: frozenset({"http", "https"}),
}
#: Streams some cameras serve over HTTP (MJPEG): allowed only when asked for.
_HTTP_STREAM = frozenset({"http", "https"})
#: Longest device address accepted (a URL, not a document).
MAX_URL_CHARS = 2048


@dataclass(frozen=True)
class UrlProblem:
    """Why a device address is not used: the failure kind and a log detail."""

    failure: Failure
    detail: str


def same_host(a: str, b: str) -> bool:
    """Whether two host names are the same host as written (case and brackets ignored).

    Deliberately literal: a name and the address it resolves to count as
    different hosts, since resolving would let DNS decide where credentials go.
    """
    return a.strip().strip("[]").lower().rstrip(".") == b.strip().strip("[]").lower().rstrip(".")


def check_device_url(
    url: str,
    kind: UrlKind,
    configured_host: str,
    *,
    allow_foreign_host: bool = False,
    allow_http_stream: bool = False,
) -> UrlProblem | None:
    """Why ``url`` (given by the device at ``configured_host``) must not be used, or None.

    Args:
        url: the address as the device gave it.
        kind: what it is for.
        configured_host: the device's host as the installer configured it.
        allow_foreign_host: the installer confirmed that this camera's
            addresses may point at another host.
        allow_http_stream: the camera's kind allows HTTP streams (MJPEG).
    """
    shown = clean(url, 120)
    if len(url) > MAX_URL_CHARS:
        return UrlProblem(Failure.OVERSIZED, f"address of {len(url)} characters refused")
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as err:
        return UrlProblem(Failure.UNSAFE_URI, f"unusable address {shown!r}: {err}")
    allowed = _SCHEMES[kind] | (_HTTP_STREAM if allow_http_stream else frozenset())
    scheme = parts.scheme.lower()
    if scheme not in allowed:
        names = ", ".join(sorted(allowed))
        return UrlProblem(
            Failure.UNSAFE_URI, f"{kind} address {shown!r} has scheme {scheme!r} (allowed: {names})"
        )
    host = parts.hostname or ""
    if not host:
        return UrlProblem(Failure.UNSAFE_URI, f"{kind} address {shown!r} names no host")
    if not allow_foreign_host and not same_host(host, configured_host):
        return UrlProblem(
            Failure.FOREIGN_HOST,
            f"{kind} address is on host {clean(host, 80)!r}, not on the configured "
            f"{clean(configured_host, 80)!r}",
        )
    return None


def without_userinfo(url: str) -> str:
    """``url`` without any ``user:password@`` the device wrote into it."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
