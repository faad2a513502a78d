"""What Occhio learns from an ONVIF device, and how it picks main and sub.

Plain data, filled by ``app.devices.onvif``. Devices name their profiles as
they like ("Profile_1", "mainStream", "MediaProfile000"), so main and sub are
told apart by resolution: the largest picture is the main stream, the
smallest the sub-stream.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.core.device_urls import UrlProblem
from app.core.model import Profile
from app.core.untrusted import clean


@dataclass(frozen=True)
class ProfileInfo:
    """One media profile of a device."""

    token: str
    name: str = ""
    width: int = 0
    height: int = 0
    encoding: str = ""
    fps: float = 0.0
    stream_uri: str = ""
    #: Why ``stream_uri`` is not used as it stands (another host, a bad scheme); None if usable.
    uri_problem: UrlProblem | None = None

    @property
    def pixels(self) -> int:
        """Picture size, used to rank profiles."""
        return self.width * self.height


@dataclass(frozen=True)
class DeviceSummary:
    """Identity, profiles and URIs of one device."""

    manufacturer: str = ""
    model: str = ""
    firmware: str = ""
    serial: str = ""
    profiles: tuple[ProfileInfo, ...] = ()
    main: ProfileInfo | None = None
    sub: ProfileInfo | None = None
    snapshot_uri: str = ""  # "" when the device gave none, or one that is not used
    snapshot_problem: UrlProblem | None = None


def classify_profiles(profiles: Iterable[ProfileInfo]) -> dict[Profile, ProfileInfo]:
    """Main = largest picture, sub = smallest; one profile serves both.

    Ties keep the device's order (the first listed wins for main, the last
    listed for sub), so two equal profiles still give two different streams.
    Profiles without a known size rank below every sized one.
    """
    items = list(profiles)
    if not items:
        return {}
    order = {id(p): i for i, p in enumerate(items)}
    ranked = sorted(items, key=lambda p: (-p.pixels, order[id(p)]))
    return {Profile.MAIN: ranked[0], Profile.SUB: ranked[-1]}


def dig(obj: Any, *names: str) -> Any:
    """Follow attribute or key ``names`` through zeep objects; None if any is missing."""
    for name in names:
        if obj is None:
            return None
        if isinstance(obj, Mapping):
            obj = obj.get(name)
        else:
            try:
                obj = getattr(obj, name)
            except (AttributeError, KeyError):
                return None
    return obj


def profile_info(
    profile: Any, stream_uri: str = "", uri_problem: UrlProblem | None = None
) -> ProfileInfo:
    """A ``ProfileInfo`` from one GetProfiles entry (missing parts stay empty; the
    device's texts sanitised)."""
    encoder = dig(profile, "VideoEncoderConfiguration")
    return ProfileInfo(
        token=str(dig(profile, "token") or ""),
        name=clean(dig(profile, "Name"), 80),
        width=_int(dig(encoder, "Resolution", "Width")),
        height=_int(dig(encoder, "Resolution", "Height")),
        encoding=clean(dig(encoder, "Encoding"), 32),
        fps=_float(dig(encoder, "RateControl", "FrameRateLimit")),
        stream_uri=stream_uri,
        uri_problem=uri_problem,
    )


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return 0


def _float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
