"""Reading and writing the ``[plates]`` table of a site file.

Errors name the key the way the rest of the site file does
(``plates.sources[2].dialect``); unknown keys are refused as typos.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.config.tomlerrors import Fields, type_name
from app.core.plates_config import WEBHOOK_FIELDS, Dialect, PlatesConfig, PlateSource


def read_plates(top: Fields) -> PlatesConfig:
    """The ``[plates]`` table of a site (defaults when there is none)."""
    table = top.get("plates", dict, {})
    f = Fields(table, top.path("plates"), top._error)
    config = PlatesConfig(
        sources=tuple(_sources(f)),
        retention_days=_days(f, "retention_days", 7.0),
        hit_retention_days=_days(f, "hit_retention_days", 365.0),
        retention_by_site=_by_site(f),
        hotlist_folder=f.get("hotlist_folder", str, ""),
        listen_host=f.get("listen_host", str, "0.0.0.0"),
        listen_port=_port(f, "listen_port", 0),
        listen_username=f.get("listen_username", str, ""),
        listen_password=f.get("listen_password", str, ""),
    )
    f.check_unknown()
    return config


def _days(f: Fields, key: str, default: float) -> float:
    days = f.get(key, float, default)
    if not 0.0 < days <= 3650.0:
        raise f.fail(key, f"{days} days is outside 0..3650")
    return days


def _port(f: Fields, key: str, default: int) -> int:
    port = f.get(key, int, default)
    if not 0 <= port <= 65535:
        raise f.fail(key, f"port {port} is outside 0..65535")
    return port


def _by_site(f: Fields) -> dict[str, float]:
    table = f.get("retention_by_site", dict, {})
    sites = Fields(table, f.path("retention_by_site"), f._error)
    return {name: _days(sites, name, 7.0) for name in table}


def _sources(f: Fields) -> list[PlateSource]:
    items = f.get("sources", list, [])
    out = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise f.fail(f"sources[{index}]", f"expected a table, got {type_name(item)}")
        fields = Fields(item, f.path(f"sources[{index}]"), f._error)
        out.append(_source(fields))
        fields.check_unknown()
    cameras = [s.camera_id for s in out]
    for index, camera in enumerate(cameras):
        if cameras.index(camera) != index:
            raise f.fail(f"sources[{index}].camera", f"camera {camera!r} has two sources")
    return out


def _source(f: Fields) -> PlateSource:
    camera = f.get("camera", str, required=True)
    name = f.get("dialect", str, required=True)
    try:
        dialect = Dialect(name)
    except ValueError:
        known = ", ".join(d.value for d in Dialect)
        raise f.fail("dialect", f"{name!r} is not one of {known}") from None
    host = f.get("host", str, "")
    if not host and not dialect.pushed:
        raise f.fail("host", f"a {dialect.value} source needs the camera's host")
    mapping = f.get("fields", dict, {})
    unknown = sorted(set(mapping) - set(WEBHOOK_FIELDS))
    if unknown:
        raise f.fail("fields", f"unknown fields {unknown}; known: {', '.join(WEBHOOK_FIELDS)}")
    return PlateSource(
        camera_id=camera,
        dialect=dialect,
        host=host,
        port=_port(f, "port", 80),
        username=f.get("username", str, ""),
        password=f.get("password", str, ""),
        channel=f.get("channel", int, 1),
        fields={str(k): str(v) for k, v in mapping.items()},
    )


def check_plate_cameras(
    error: Callable[[str, str], Exception], config: PlatesConfig, camera_ids: set[str]
) -> None:
    """Every plate source must name a camera of the site."""
    for index, source in enumerate(config.sources):
        if source.camera_id not in camera_ids:
            raise error(f"plates.sources[{index}].camera", f"unknown camera {source.camera_id!r}")


def plates_to_dict(config: PlatesConfig) -> dict[str, Any]:
    """The ``[plates]`` table of ``config`` ({} for a site without plate settings)."""
    if config == PlatesConfig() and not config.retention_by_site:
        return {}
    out: dict[str, Any] = {
        "retention_days": config.retention_days,
        "hit_retention_days": config.hit_retention_days,
        "listen_host": config.listen_host,
        "listen_port": config.listen_port,
    }
    for key in ("hotlist_folder", "listen_username", "listen_password"):
        if getattr(config, key):
            out[key] = getattr(config, key)
    if config.retention_by_site:
        out["retention_by_site"] = dict(config.retention_by_site)
    out["sources"] = [_source_to_dict(s) for s in config.sources]
    return out


def _source_to_dict(source: PlateSource) -> dict[str, Any]:
    out: dict[str, Any] = {"camera": source.camera_id, "dialect": source.dialect.value}
    if source.host:
        out.update(host=source.host, port=source.port)
    if source.username:
        out.update(username=source.username, password=source.password)
    if source.channel != 1:
        out["channel"] = source.channel
    if source.fields:
        out["fields"] = dict(source.fields)
    return out
