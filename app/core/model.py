"""The site model: comuni, agencies and cameras.

Plain immutable data. A ``SiteConfig`` is what a site file describes; it is
loaded and validated by ``app.config.sitefile``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.core.alarm_rules import AlarmRules
from app.core.plates_config import PlatesConfig


class CameraKind(enum.StrEnum):
    """What a camera is for; decides its icon and which tools apply."""

    CONTEXT = "context"
    PLATE = "plate"
    PTZ = "ptz"


class Profile(enum.StrEnum):
    """Which of a camera's streams: full resolution or the light sub-stream."""

    MAIN = "main"
    SUB = "sub"


class Transport(enum.StrEnum):
    """RTP transport asked of the RTSP server."""

    TCP = "tcp"
    UDP = "udp"


class EngineName(enum.StrEnum):
    """Which library plays a camera (``engine = "vlc"`` in the site file)."""

    PYAV = "pyav"  # FFmpeg through PyAV: the default, every protocol
    VLC = "vlc"  # libVLC: its own video output and hardware decoding


@dataclass(frozen=True)
class Site:
    """A comune (or any place) that owns cameras."""

    id: str
    name: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Agency:
    """A police command or other body that owns or watches cameras."""

    id: str
    name: str


@dataclass(frozen=True)
class OnvifAddress:
    """Where to ask a camera for its stream URIs when none are configured.

    ``allow_foreign_stream_host``: the installer confirmed that this device's
    stream addresses may point at another host (a recorder, a proxy); without
    it such an address is refused, and no credentials are sent there.
    """

    host: str
    port: int = 80
    username: str = ""
    password: str = ""
    allow_foreign_stream_host: bool = False


class RecorderKind(enum.StrEnum):
    """Who holds a camera's recordings, and which dialect it speaks."""

    CAMERA = "camera"  # the camera itself (SD card), ONVIF Profile G at its ONVIF address
    ONVIF = "onvif"  # a recorder (NVR) with ONVIF Profile G
    HIKVISION = "hikvision"  # Hikvision NVR: ISAPI search, /Streaming/tracks replay
    DAHUA = "dahua"  # Dahua NVR: mediaFileFind search, /cam/playback replay


@dataclass(frozen=True)
class RecorderAddress:
    """Where a camera's recordings are and how to ask for them.

    ``channel`` is the NVR's input the camera is plugged into (1 for a
    camera's own card); ``recording`` an ONVIF recording token where the
    channel does not say which recording it is; ``timezone`` the device's
    IANA zone for dialects that speak local time (Dahua; "" is this
    computer's zone).
    """

    kind: RecorderKind
    host: str = ""
    port: int = 80
    rtsp_port: int = 554
    channel: int = 1
    recording: str = ""
    username: str = ""
    password: str = ""
    timezone: str = ""


@dataclass(frozen=True)
class Camera:
    """One camera as the operator knows it.

    ``number`` is the call-up number typed on the CCTV keyboard. A camera has
    either a main stream URL (and optionally a sub-stream URL) or an ONVIF
    address from which both are resolved.

    On the map: ``heading`` is where the lens points (degrees clockwise from
    north; for a PTZ head, where it points at pan 0), ``fov_deg`` its
    horizontal field of view, ``range_m`` how far it usefully sees and
    ``height_m`` its mounting height. None: not surveyed (the map uses
    defaults).
    """

    id: str
    number: int
    name: str
    site_id: str
    kind: CameraKind = CameraKind.CONTEXT
    agency_id: str = ""
    latitude: float | None = None
    longitude: float | None = None
    heading: float | None = None
    main_url: str | None = None
    sub_url: str | None = None
    username: str = ""
    password: str = ""
    transport: Transport = Transport.TCP
    onvif: OnvifAddress | None = None
    engine: EngineName | None = None  # None: the site's default engine
    recorder: RecorderAddress | None = None
    fov_deg: float | None = None
    range_m: float | None = None
    height_m: float | None = None
    #: The installer allowed Basic authentication (the password in clear) over
    #: plain RTSP for this camera; off, only Digest or an encrypted link is used.
    allow_basic_auth: bool = False


@dataclass(frozen=True)
class SiteConfig:
    """Everything a site file describes, with lookups by id and number."""

    name: str
    sites: tuple[Site, ...] = ()
    agencies: tuple[Agency, ...] = ()
    cameras: tuple[Camera, ...] = ()
    engine: EngineName | None = None  # default engine of the site's cameras (None: the setting)
    alarms: AlarmRules = field(default_factory=AlarmRules)  # what raises an alarm
    plates: PlatesConfig = field(default_factory=PlatesConfig, compare=False)
    _by_id: dict[str, Camera] = field(default_factory=dict, init=False, repr=False, compare=False)
    _by_number: dict[int, Camera] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._by_id.update({cam.id: cam for cam in self.cameras})
        self._by_number.update({cam.number: cam for cam in self.cameras})

    def camera(self, camera_id: str) -> Camera | None:
        """The camera with this id, or None."""
        return self._by_id.get(camera_id)

    def camera_by_number(self, number: int) -> Camera | None:
        """The camera with this call-up number, or None."""
        return self._by_number.get(number)

    def site(self, site_id: str) -> Site | None:
        """The site with this id, or None."""
        return next((s for s in self.sites if s.id == site_id), None)

    def cameras_of(self, site_id: str) -> Iterable[Camera]:
        """Cameras of one site, in call-up order."""
        return sorted((c for c in self.cameras if c.site_id == site_id), key=lambda c: c.number)
