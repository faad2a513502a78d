"""Reading one ``[[cameras]]`` table of a site file into a ``Camera``."""

from __future__ import annotations

from typing import TypeVar
from urllib.parse import urlsplit

from app.config.tomlerrors import Fields
from app.config.tomlread import shown
from app.core.model import Camera, CameraKind, EngineName, OnvifAddress, Transport
from app.core.site_edit import MAX_NUMBER

STREAM_SCHEMES = ("rtsp", "rtsps", "http", "https")
"""URL schemes a stream may use (HTTP for MJPEG and recorded files)."""


def read_camera(f: Fields) -> Camera:
    """Validate one camera table; raises the ``Fields`` error on problems."""
    camera_id = f.get("id", str, required=True)
    if not camera_id:
        raise f.fail("id", "must not be empty")
    number = f.get("number", int, required=True)
    if not 0 < number <= MAX_NUMBER:
        raise f.fail("number", f"call-up number must be 1..{MAX_NUMBER}, got {shown(number)}")
    main_url = _url(f, "main_url")
    sub_url = _url(f, "sub_url")
    onvif = _onvif(f)
    if main_url is None and onvif is None:
        raise f.fail("main_url", "camera has neither main_url nor an [cameras.onvif] table")
    latitude, longitude = _position(f)
    heading = f.optional("heading", float)
    if heading is not None and not 0.0 <= heading <= 360.0:
        raise f.fail("heading", f"{heading} is outside 0..360")
    fov_deg = _bounded(f, "fov_deg", 1.0, 360.0)
    range_m = _bounded(f, "range_m", 1.0, 5000.0)
    height_m = _bounded(f, "height_m", 0.0, 500.0)
    return Camera(
        id=camera_id,
        number=number,
        name=f.get("name", str, camera_id),
        site_id=f.get("site", str, required=True),
        kind=_choice(f, "kind", CameraKind, CameraKind.CONTEXT),
        agency_id=f.get("agency", str, ""),
        latitude=latitude,
        longitude=longitude,
        heading=heading,
        main_url=main_url,
        sub_url=sub_url,
        username=f.get("username", str, ""),
        password=f.get("password", str, ""),
        transport=_choice(f, "transport", Transport, Transport.TCP),
        onvif=onvif,
        engine=read_engine(f),
        fov_deg=fov_deg,
        range_m=range_m,
        height_m=height_m,
        allow_basic_auth=f.get("allow_basic_auth", bool, False),
    )


def _bounded(f: Fields, key: str, low: float, high: float) -> float | None:
    """An optional number within ``low..high`` (the map's survey fields)."""
    value = f.optional(key, float)
    if value is not None and not low <= value <= high:
        raise f.fail(key, f"{value} is outside {low:g}..{high:g}")
    return value


def read_engine(f: Fields) -> EngineName | None:
    """The optional ``engine`` key of a camera or of the whole site."""
    if f.optional("engine", str) is None:
        return None
    return _choice(f, "engine", EngineName, EngineName.PYAV)


_E = TypeVar("_E", CameraKind, Transport, EngineName)


def _choice(f: Fields, key: str, enum: type[_E], default: _E) -> _E:
    value = f.get(key, str, str(default))
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(str(e) for e in enum)
        raise f.fail(key, f"{shown(value)} is not one of {allowed}") from None


def _url(f: Fields, key: str) -> str | None:
    url = f.optional(key, str)
    if url is None:
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as err:
        raise f.fail(key, f"not a valid URL: {err}") from None
    if parts.scheme.lower() not in STREAM_SCHEMES:
        allowed = ", ".join(f"{s}://" for s in STREAM_SCHEMES)
        raise f.fail(key, f"URL scheme {parts.scheme!r} is not supported (use {allowed})")
    if not parts.hostname:
        raise f.fail(key, "URL has no host")
    del port  # read only so that a bad port is reported here
    return url


def _position(f: Fields) -> tuple[float | None, float | None]:
    latitude = f.optional("latitude", float)
    longitude = f.optional("longitude", float)
    if latitude is not None and not -90.0 <= latitude <= 90.0:
        raise f.fail("latitude", f"{latitude} is outside -90..90")
    if longitude is not None and not -180.0 <= longitude <= 180.0:
        raise f.fail("longitude", f"{longitude} is outside -180..180")
    return latitude, longitude


def _onvif(f: Fields) -> OnvifAddress | None:
    table = f.optional("onvif", dict)
    if table is None:
        return None
    sub = Fields(table, f.path("onvif"), f._error)
    host = sub.get("host", str, required=True)
    if not host:
        raise sub.fail("host", "must not be empty")
    port = sub.get("port", int, 80)
    if not 1 <= port <= 65535:
        raise sub.fail("port", f"{shown(port)} is not a TCP port (1..65535)")
    address = OnvifAddress(
        host,
        port,
        sub.get("username", str, ""),
        sub.get("password", str, ""),
        allow_foreign_stream_host=sub.get("allow_foreign_stream_host", bool, False),
    )
    sub.check_unknown()
    return address
