"""What the site file says about plates: where reads come from and how long they stay.

The ``[plates]`` table of the site file (validated by
``app.config.siteplates``): the retention rules, the watched hotlist folder,
the receiver that cameras push to, and one ``[[plates.sources]]`` entry per
plate camera naming its dialect and how to reach it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Dialect(enum.StrEnum):
    """How a plate camera delivers its reads."""

    HIKVISION = "hikvision"  # Occhio pulls /ISAPI/Event/notification/alertStream
    HIKVISION_PUSH = "hikvision-push"  # the camera posts to Occhio ("HTTP listening")
    DAHUA = "dahua"  # Occhio pulls eventManager.cgi?action=attach&codes=[TrafficJunction]
    ONVIF = "onvif"  # Profile M events through a PullPoint subscription
    WEBHOOK = "webhook"  # the camera posts JSON; ``fields`` maps it

    @property
    def pushed(self) -> bool:
        """True when the camera connects to Occhio rather than the other way round."""
        return self in (Dialect.HIKVISION_PUSH, Dialect.WEBHOOK)


#: Fields a webhook mapping may name (the value is a dot path in the JSON).
WEBHOOK_FIELDS = (
    "plate",
    "time",
    "country",
    "confidence",
    "direction",
    "lane",
    "speed",
    "vehicle",
    "plate_image",
    "vehicle_image",
)


@dataclass(frozen=True)
class PlateSource:
    """One plate camera as a source of reads."""

    camera_id: str
    dialect: Dialect
    host: str = ""
    port: int = 80
    username: str = ""
    password: str = ""
    channel: int = 1
    fields: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class PlatesConfig:
    """The ``[plates]`` table; the defaults are what a site without one gets."""

    sources: tuple[PlateSource, ...] = ()
    retention_days: float = 7.0
    hit_retention_days: float = 365.0
    retention_by_site: dict[str, float] = field(default_factory=dict, compare=False)
    hotlist_folder: str = ""
    listen_host: str = "0.0.0.0"
    listen_port: int = 0  # 0: no receiver for pushed reads
    listen_username: str = ""
    listen_password: str = ""

    def source(self, camera_id: str) -> PlateSource | None:
        """The source of ``camera_id``, or None."""
        return next((s for s in self.sources if s.camera_id == camera_id), None)
