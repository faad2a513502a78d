"""The site file: comuni, agencies and cameras of one installation (TOML).

``load_site`` turns a file into an ``app.core.model.SiteConfig`` or raises
``SiteFileError`` naming the file, the key path (``cameras[3].number``) and
what is wrong; nothing else escapes it. Files carry ``schema_version`` and
older versions are migrated in memory. ``save_site`` writes atomically and
changes only what changed, keeping the installer's comments.

A password may be written as ``password = "secret:<id>"`` (camera and
``[cameras.onvif]``): the secret is read from the credential store
(``app.config.credentials``) when the file is loaded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.config import tomledit
from app.config.credentials import SecretLookupError, resolve_camera_secrets
from app.config.sitealarms import alarm_rules_to_dict, read_alarm_rules
from app.config.sitecameras import read_camera, read_engine
from app.config.siteplates import check_plate_cameras, plates_to_dict, read_plates
from app.config.siterecorder import recorder_to_dict, resolve_recorder_secrets, with_recorder
from app.config.tomlerrors import Fields, type_name
from app.config.tomlread import TomlReadError, parse_toml, shown
from app.core.alarm_rules import AlarmRules
from app.core.model import Agency, Camera, Site, SiteConfig

logger = logging.getLogger("app.config")

SCHEMA_VERSION = 1

SecretResolver = Callable[[str], str]
"""Turns a ``secret:<id>`` value into the password (``CredentialStore.resolve``)."""


class SiteFileError(Exception):
    """A site file that cannot be used: which file, which key, what is wrong."""

    def __init__(self, path: Path | str, key: str, message: str) -> None:
        super().__init__(path, key, message)
        self.path = Path(path)
        self.key = key
        self.message = message

    def __str__(self) -> str:
        if self.key:
            return f"{self.path}: {self.key}: {self.message}"
        return f"{self.path}: {self.message}"


def _migrate_0_to_1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (no ``schema_version``) called a camera's site ``comune``
    and its main stream ``url``."""
    cameras = data.get("cameras")
    if isinstance(cameras, list):
        for camera in cameras:
            if isinstance(camera, dict):
                for old, new in (("comune", "site"), ("url", "main_url")):
                    if old in camera and new not in camera:
                        camera[new] = camera.pop(old)
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _migrate_0_to_1}
"""Migration from version N to N+1."""


def load_site(path: Path | str, secrets: SecretResolver | None = None) -> SiteConfig:
    """Read and validate the site file at ``path``.

    ``password = "secret:<id>"`` values are looked up with ``secrets``
    (default: the ``CredentialStore`` in the config folder).

    Raises:
        SiteFileError: unreadable file, TOML syntax error or invalid content.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SiteFileError(path, "", f"cannot read the file: {err}") from err
    config = parse_site(text, path, secrets)
    logger.info(
        "site %r loaded from %s: %d sites, %d cameras",
        config.name,
        path,
        len(config.sites),
        len(config.cameras),
    )
    return config


def parse_site(
    text: str, path: Path | str = "<site>", secrets: SecretResolver | None = None
) -> SiteConfig:
    """Validate site TOML ``text``; ``path`` is only used in messages."""
    try:
        data = parse_toml(text)
    except TomlReadError as err:
        raise SiteFileError(path, err.key, err.message) from None
    return site_from_dict(data, path, secrets)


def site_from_dict(
    data: dict[str, Any], path: Path | str = "<site>", secrets: SecretResolver | None = None
) -> SiteConfig:
    """Build a ``SiteConfig`` from parsed TOML (migrated first)."""

    def error(key: str, message: str) -> SiteFileError:
        return SiteFileError(path, key, message)

    if not isinstance(data, dict):
        raise error("", f"expected a table, got {type_name(data)}")
    data = _upgrade(dict(data), error)
    top = Fields(data, "", error)
    name = top.get("name", str, "")
    engine = read_engine(top)  # the site's default engine
    sites = tuple(_read_all(top, "sites", _read_site))
    agencies = tuple(_read_all(top, "agencies", _read_agency))
    cameras = tuple(_read_all(top, "cameras", lambda f: with_recorder(f, read_camera(f))))
    alarms = read_alarm_rules(top)
    plates = read_plates(top)
    top.check_unknown()
    _check_unique(error, "sites", [s.id for s in sites], "id")
    _check_unique(error, "agencies", [a.id for a in agencies], "id")
    _check_unique(error, "cameras", [c.id for c in cameras], "id")
    _check_unique(error, "cameras", [c.number for c in cameras], "number")
    _check_references(error, cameras, {s.id for s in sites}, {a.id for a in agencies})
    check_plate_cameras(error, plates, {c.id for c in cameras})
    try:
        cameras = resolve_recorder_secrets(resolve_camera_secrets(cameras, secrets), secrets)
    except SecretLookupError as err:
        raise error(err.key, err.message) from err
    return SiteConfig(
        name=name,
        sites=sites,
        agencies=agencies,
        cameras=cameras,
        engine=engine,
        alarms=alarms,
        plates=plates,
    )


def _upgrade(data: dict[str, Any], error: Callable[[str, str], SiteFileError]) -> dict[str, Any]:
    version = data.pop("schema_version", 0)
    if type(version) is not int or version < 0:
        raise error("schema_version", f"expected a version number, got {shown(version)}")
    if version > SCHEMA_VERSION:
        raise error(
            "schema_version",
            f"version {shown(version)} is newer than this program ({SCHEMA_VERSION})",
        )
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data


def _read_all(top: Fields, key: str, reader: Callable[[Fields], Any]) -> list[Any]:
    items = top.get(key, list, [])
    out = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise top.fail(f"{key}[{index}]", f"expected a table, got {type_name(item)}")
        fields = Fields(item, top.path(f"{key}[{index}]"), top._error)
        out.append(reader(fields))
        fields.check_unknown()
    return out


def _read_site(f: Fields) -> Site:
    site_id = f.get("id", str, required=True)
    if not site_id:
        raise f.fail("id", "must not be empty")
    latitude = f.optional("latitude", float)
    longitude = f.optional("longitude", float)
    if latitude is not None and not -90.0 <= latitude <= 90.0:
        raise f.fail("latitude", f"{latitude} is outside -90..90")
    if longitude is not None and not -180.0 <= longitude <= 180.0:
        raise f.fail("longitude", f"{longitude} is outside -180..180")
    return Site(site_id, f.get("name", str, site_id), latitude, longitude)


def _read_agency(f: Fields) -> Agency:
    agency_id = f.get("id", str, required=True)
    if not agency_id:
        raise f.fail("id", "must not be empty")
    return Agency(agency_id, f.get("name", str, agency_id))


def _check_unique(
    error: Callable[[str, str], SiteFileError], table: str, values: list[Any], key: str
) -> None:
    seen: dict[Any, int] = {}
    for index, value in enumerate(values):
        if value in seen:
            message = f"duplicate {key} {shown(value)} (also {table}[{seen[value]}])"
            raise error(f"{table}[{index}].{key}", message)
        seen[value] = index


def _check_references(
    error: Callable[[str, str], SiteFileError],
    cameras: tuple[Camera, ...],
    site_ids: set[str],
    agency_ids: set[str],
) -> None:
    for index, camera in enumerate(cameras):
        if camera.site_id not in site_ids:
            raise error(f"cameras[{index}].site", f"unknown site {shown(camera.site_id)}")
        if camera.agency_id and camera.agency_id not in agency_ids:
            raise error(f"cameras[{index}].agency", f"unknown agency {shown(camera.agency_id)}")


def site_to_dict(config: SiteConfig) -> dict[str, Any]:
    """The TOML tree of ``config`` (what ``save_site`` writes)."""
    plates = plates_to_dict(config.plates)
    return {
        "schema_version": SCHEMA_VERSION,
        "name": config.name,
        **({"engine": str(config.engine)} if config.engine else {}),
        "sites": [_drop_none(vars(s)) for s in config.sites],
        "agencies": [vars(a).copy() for a in config.agencies],
        "cameras": [_camera_to_dict(c) for c in config.cameras],
        **({"alarms": alarm_rules_to_dict(config.alarms)} if config.alarms != AlarmRules() else {}),
        **({"plates": plates} if plates else {}),
    }


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _camera_to_dict(camera: Camera) -> dict[str, Any]:
    out = _drop_none(
        {
            "id": camera.id,
            "number": camera.number,
            "name": camera.name,
            "site": camera.site_id,
            "agency": camera.agency_id or None,
            "kind": str(camera.kind),
            "latitude": camera.latitude,
            "longitude": camera.longitude,
            "heading": camera.heading,
            "fov_deg": camera.fov_deg,
            "range_m": camera.range_m,
            "height_m": camera.height_m,
            "main_url": camera.main_url,
            "sub_url": camera.sub_url,
            "username": camera.username or None,
            "password": camera.password or None,
            "transport": str(camera.transport),
            "engine": str(camera.engine) if camera.engine else None,
            "allow_basic_auth": camera.allow_basic_auth or None,  # written only when allowed
        }
    )
    if camera.onvif is not None:
        allowed = camera.onvif.allow_foreign_stream_host or None  # written only when allowed
        out["onvif"] = _drop_none(vars(camera.onvif) | {"allow_foreign_stream_host": allowed})
    if camera.recorder is not None:
        out["recorder"] = recorder_to_dict(camera.recorder)
    return out


def save_site(config: SiteConfig, path: Path | str) -> Path:
    """Write ``config`` to ``path`` atomically as TOML; returns the file written.

    An existing file is edited, not replaced: only the keys whose value
    changed are rewritten, comments, order and blank lines stay, cameras are
    matched by id (``app.config.tomledit``). A file that is not TOML, or is
    of an older format version, is written whole. The previous version is
    kept as ``NAME.1`` (and older ones as ``.2``, ``.3``); a symlink is
    written through to its target.
    """
    path = Path(path)
    tree = site_to_dict(config)
    try:
        doc = tomledit.read_document(path)
    except ValueError as err:  # the editor's save is asked for: the old file stays as .1
        logger.warning("site file rewritten whole: %s", err)
        doc = None
    old = _meaning(doc.unwrap(), path) if doc is not None else None
    if doc is None or old is None:
        doc = tomledit.fresh_document(tree)
    else:
        tomledit.apply_changes(doc, old, tree)
    written = tomledit.save_document(path, doc)
    logger.info("site saved to %s", written)
    return written


def _meaning(data: dict[str, Any], path: Path) -> dict[str, Any] | None:
    """What a saved file says, as ``site_to_dict`` writes it; None if unusable or older."""
    if data.get("schema_version") != SCHEMA_VERSION:
        return None
    try:
        return site_to_dict(site_from_dict(data, path, secrets=_keep_reference))
    except SiteFileError:
        return None


def _keep_reference(value: str) -> str:
    """A ``secret:<id>`` reference read as itself (saving compares references)."""
    return value
