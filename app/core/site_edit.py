"""Editing a ``SiteConfig``: add, change and remove comuni and cameras.

Every operation validates and returns a new ``SiteConfig`` (the model is
immutable), or raises ``SiteEditError`` with a code the UI turns into an
Italian sentence and an English detail for the log. The rules are those
``app.config.sitefile`` enforces on load, so that what the editor accepts
the next start-up accepts too.
"""

from __future__ import annotations

import enum
from dataclasses import replace
from urllib.parse import urlsplit

from app.core.model import Camera, Site, SiteConfig

STREAM_SCHEMES = ("rtsp", "rtsps", "http", "https")
MAX_NUMBER = 999_999
"""Highest call-up number (six digits on a CCTV keyboard)."""


class EditProblem(enum.StrEnum):
    """Why an edit was refused."""

    EMPTY_ID = "empty_id"
    DUPLICATE_ID = "duplicate_id"
    DUPLICATE_NUMBER = "duplicate_number"
    BAD_NUMBER = "bad_number"
    UNKNOWN_SITE = "unknown_site"
    UNKNOWN_CAMERA = "unknown_camera"
    SITE_IN_USE = "site_in_use"
    BAD_URL = "bad_url"
    NO_STREAM = "no_stream"
    BAD_LATITUDE = "bad_latitude"
    BAD_LONGITUDE = "bad_longitude"
    BAD_HEADING = "bad_heading"
    BAD_HOST = "bad_host"
    BAD_PORT = "bad_port"


class SiteEditError(ValueError):
    """An edit that would make the site invalid.

    Attributes:
        problem: what is wrong (the UI words it).
        field: the camera or site field concerned ("number", "main_url").
        value: the offending value, as text (for the message).
        detail: an English explanation for the log.
    """

    def __init__(self, problem: EditProblem, field: str, value: object, detail: str) -> None:
        super().__init__(problem, field, value, detail)
        self.problem, self.field, self.value, self.detail = problem, field, str(value), detail

    def __str__(self) -> str:
        return f"{self.field}: {self.detail}"


def _check_url(field: str, url: str | None) -> None:
    if url is None:
        return
    try:
        parts = urlsplit(url)
        _ = parts.port  # a bad port raises here
    except ValueError as err:
        raise SiteEditError(EditProblem.BAD_URL, field, url, f"not a valid URL: {err}") from None
    if parts.scheme.lower() not in STREAM_SCHEMES or not parts.hostname:
        detail = f"{url!r} is not an rtsp/rtsps/http/https URL with a host"
        raise SiteEditError(EditProblem.BAD_URL, field, url, detail)


def _check_range(value: float | None, low: float, high: float, problem: EditProblem) -> None:
    if value is not None and not low <= value <= high:
        field = problem.value.removeprefix("bad_")
        raise SiteEditError(problem, field, value, f"{value} is outside {low:g}..{high:g}")


def validate_camera(config: SiteConfig, camera: Camera, replacing: str | None = None) -> None:
    """Raise ``SiteEditError`` unless ``camera`` fits in ``config``.

    ``replacing`` is the id of the camera being changed: its own id and
    number do not count as duplicates.
    """
    if not camera.id.strip():
        raise SiteEditError(EditProblem.EMPTY_ID, "id", "", "camera id must not be empty")
    if not 0 < camera.number <= MAX_NUMBER:
        detail = f"call-up number must be 1..{MAX_NUMBER}, got {camera.number}"
        raise SiteEditError(EditProblem.BAD_NUMBER, "number", camera.number, detail)
    for other in config.cameras:
        if other.id == replacing:
            continue
        if other.id == camera.id:
            detail = f"camera id {camera.id!r} is already used"
            raise SiteEditError(EditProblem.DUPLICATE_ID, "id", camera.id, detail)
        if other.number == camera.number:
            detail = f"call-up number {camera.number} is already camera {other.id!r}"
            raise SiteEditError(EditProblem.DUPLICATE_NUMBER, "number", camera.number, detail)
    if config.site(camera.site_id) is None:
        detail = f"unknown site {camera.site_id!r}"
        raise SiteEditError(EditProblem.UNKNOWN_SITE, "site", camera.site_id, detail)
    _check_url("main_url", camera.main_url)
    _check_url("sub_url", camera.sub_url)
    if camera.main_url is None and camera.onvif is None:
        detail = "camera has neither a main URL nor an ONVIF address"
        raise SiteEditError(EditProblem.NO_STREAM, "main_url", "", detail)
    if camera.onvif is not None:
        if not camera.onvif.host.strip():
            raise SiteEditError(EditProblem.BAD_HOST, "onvif.host", "", "ONVIF host is empty")
        if not 1 <= camera.onvif.port <= 65535:
            detail = f"{camera.onvif.port} is not a TCP port"
            raise SiteEditError(EditProblem.BAD_PORT, "onvif.port", camera.onvif.port, detail)
    _check_range(camera.latitude, -90.0, 90.0, EditProblem.BAD_LATITUDE)
    _check_range(camera.longitude, -180.0, 180.0, EditProblem.BAD_LONGITUDE)
    _check_range(camera.heading, 0.0, 360.0, EditProblem.BAD_HEADING)


def _with(
    config: SiteConfig,
    *,
    sites: tuple[Site, ...] | None = None,
    cameras: tuple[Camera, ...] | None = None,
) -> SiteConfig:
    return SiteConfig(
        config.name,
        config.sites if sites is None else sites,
        config.agencies,
        config.cameras if cameras is None else cameras,
    )


def add_camera(config: SiteConfig, camera: Camera) -> SiteConfig:
    """``config`` with ``camera`` added (validated)."""
    validate_camera(config, camera)
    return _with(config, cameras=(*config.cameras, camera))


def update_camera(config: SiteConfig, camera_id: str, camera: Camera) -> SiteConfig:
    """``config`` with camera ``camera_id`` replaced by ``camera`` (id may change)."""
    if config.camera(camera_id) is None:
        detail = f"unknown camera {camera_id!r}"
        raise SiteEditError(EditProblem.UNKNOWN_CAMERA, "id", camera_id, detail)
    validate_camera(config, camera, replacing=camera_id)
    cameras = tuple(camera if c.id == camera_id else c for c in config.cameras)
    return _with(config, cameras=cameras)


def remove_camera(config: SiteConfig, camera_id: str) -> SiteConfig:
    """``config`` without camera ``camera_id``."""
    if config.camera(camera_id) is None:
        detail = f"unknown camera {camera_id!r}"
        raise SiteEditError(EditProblem.UNKNOWN_CAMERA, "id", camera_id, detail)
    return _with(config, cameras=tuple(c for c in config.cameras if c.id != camera_id))


def _validate_site(config: SiteConfig, site: Site, replacing: str | None) -> None:
    if not site.id.strip():
        raise SiteEditError(EditProblem.EMPTY_ID, "id", "", "site id must not be empty")
    if any(s.id == site.id and s.id != replacing for s in config.sites):
        raise SiteEditError(EditProblem.DUPLICATE_ID, "id", site.id, f"site {site.id!r} exists")
    _check_range(site.latitude, -90.0, 90.0, EditProblem.BAD_LATITUDE)
    _check_range(site.longitude, -180.0, 180.0, EditProblem.BAD_LONGITUDE)


def add_site(config: SiteConfig, site: Site) -> SiteConfig:
    """``config`` with the comune ``site`` added (validated)."""
    _validate_site(config, site, None)
    return _with(config, sites=(*config.sites, site))


def update_site(config: SiteConfig, site_id: str, site: Site) -> SiteConfig:
    """``config`` with comune ``site_id`` replaced; its cameras follow a new id."""
    if config.site(site_id) is None:
        raise SiteEditError(EditProblem.UNKNOWN_SITE, "id", site_id, f"unknown site {site_id!r}")
    _validate_site(config, site, site_id)
    sites = tuple(site if s.id == site_id else s for s in config.sites)
    cameras = tuple(
        replace(c, site_id=site.id) if c.site_id == site_id else c for c in config.cameras
    )
    return _with(config, sites=sites, cameras=cameras)


def remove_site(config: SiteConfig, site_id: str) -> SiteConfig:
    """``config`` without comune ``site_id``; refused while it has cameras."""
    if config.site(site_id) is None:
        raise SiteEditError(EditProblem.UNKNOWN_SITE, "id", site_id, f"unknown site {site_id!r}")
    used = [c.id for c in config.cameras if c.site_id == site_id]
    if used:
        detail = f"site {site_id!r} still has {len(used)} cameras"
        raise SiteEditError(EditProblem.SITE_IN_USE, "id", len(used), detail)
    return _with(config, sites=tuple(s for s in config.sites if s.id != site_id))


def next_number(config: SiteConfig, site_id: str = "") -> int:
    """A free call-up number: after the comune's highest, else after the highest overall."""
    own = [c.number for c in config.cameras if c.site_id == site_id]
    candidate = max(own or [c.number for c in config.cameras] or [0]) + 1
    while config.camera_by_number(candidate) is not None:
        candidate += 1
    return candidate


def slug(text: str) -> str:
    """An id from a name: lower case, letters and digits, dashes between words."""
    words = "".join(ch if ch.isalnum() else " " for ch in text.casefold()).split()
    return "-".join(words)


def configured_endpoints(config: SiteConfig) -> tuple[set[tuple[str, int]], set[str]]:
    """(ONVIF host:port pairs, hosts of stream URLs) of the site's cameras.

    A discovered device is already configured when its address and port are
    an ONVIF address here, or its address is the host of a stream URL.
    """
    onvif = {(c.onvif.host, c.onvif.port) for c in config.cameras if c.onvif is not None}
    hosts: set[str] = set()
    for camera in config.cameras:
        for url in (camera.main_url, camera.sub_url):
            if url:
                try:
                    host = urlsplit(url).hostname
                except ValueError:
                    host = None
                if host:
                    hosts.add(host)
    return onvif, hosts
