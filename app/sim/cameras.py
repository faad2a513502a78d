"""The simulated cameras: which ones (from a site file) and their live state."""

from __future__ import annotations

import enum
import logging
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.sim.ptz import PtzModel

logger = logging.getLogger("app.sim")

#: The demo site, found from the package (not the working directory), so that
#: ``occhio sim`` simulates the demo's cameras from any folder.
DEFAULT_SITE = Path(__file__).resolve().parents[2] / "resources" / "demo" / "site.toml"
FALLBACK_COUNT = 16
DEFAULT_USER = "admin"
DEFAULT_PASSWORD = "occhio"


class CameraState(enum.Enum):
    """What the tests asked a camera to do."""

    NORMAL = "normal"
    DROPPED = "dropped"  # sessions closed, new requests get 503
    FROZEN = "frozen"  # sessions stay open, no packets


class Quirks(enum.Enum):
    """How faithfully a camera's ONVIF answers follow the standard's optional parts."""

    NONE = "none"  # complete answers
    MINIMAL = "minimal"  # PTZ missing from GetServices, only mandatory fields elsewhere


@dataclass
class SimCamera:
    """One simulated camera and its mutable test state."""

    id: str
    name: str
    username: str
    password: str
    onvif_port: int = 0  # wanted port from the site file (0: derive or pick)
    state: CameraState = CameraState.NORMAL
    clients: set[str] = field(default_factory=set)
    kind: str = "context"  # as in the site file; "ptz" cameras get a PtzModel
    quirks: Quirks = Quirks.NONE
    ptz: PtzModel | None = None


def _camera_from_entry(entry: dict[str, Any]) -> SimCamera:
    onvif = entry.get("onvif")
    creds = onvif if isinstance(onvif, dict) and "main_url" not in entry else entry
    kind = str(entry.get("kind", "context"))
    return SimCamera(
        id=str(entry["id"]),
        name=str(entry.get("name", entry["id"])),
        username=str(creds.get("username", entry.get("username", DEFAULT_USER))),
        password=str(creds.get("password", entry.get("password", DEFAULT_PASSWORD))),
        onvif_port=int(onvif.get("port", 0)) if isinstance(onvif, dict) else 0,
        kind=kind,
        ptz=PtzModel() if kind == "ptz" else None,
    )


def fallback_cameras(count: int = FALLBACK_COUNT) -> list[SimCamera]:
    """Cameras sim-01..sim-NN, used when there is no site file."""
    return [
        SimCamera(f"sim-{i:02d}", f"Simulata {i:02d}", DEFAULT_USER, DEFAULT_PASSWORD)
        for i in range(1, count + 1)
    ]


def load_cameras(site: str | None, limit: int | None = None) -> list[SimCamera]:
    """Cameras of the site file ``site`` (default: the demo site, else sim-01..sim-16).

    Raises:
        OSError, tomllib.TOMLDecodeError, KeyError: an explicitly given site is unusable.
    """
    path = Path(site) if site else DEFAULT_SITE
    if not site and not path.is_file():
        logger.info("No site file at %s: simulating %d generic cameras", path, FALLBACK_COUNT)
        cameras = fallback_cameras()
    else:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        cameras = [_camera_from_entry(e) for e in data.get("cameras", [])]
        logger.info("Simulating %d cameras of %s", len(cameras), path)
    if limit is not None:
        cameras = cameras[: max(0, limit)]
    return cameras
