"""Application settings: declared once, validated on load, written atomically.

Every setting is a ``SettingDef`` in ``SETTINGS`` with its type, default,
bounds and a one-line description; nothing else in the program invents a
setting. The file is TOML with dotted names split into tables
(``wall.stall_seconds`` is ``stall_seconds`` in ``[wall]``) and carries
``schema_version``; older files are migrated in memory when loaded.

Values are read through typed accessors (``settings.float_value(
"wall.stall_seconds")``), each checked against the declaration, so a caller
gets the type it asked for or a ``TypeError`` naming the setting.

A broken file never stops the program: problems are returned with the file,
the key, what is wrong and the default used instead (numbers that are NaN,
infinite or out of bounds included), and the file itself is left untouched.
Saving changes only the keys whose value changed and keeps the comments.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import tomlkit
from tomlkit.items import Table

from app.config import tomledit
from app.config.tomlread import TomlReadError, parse_toml, shown

logger = logging.getLogger("app.config")

SCHEMA_VERSION = 1

SettingValue = str | bool | int | float
"""What a setting can hold."""

_V = TypeVar("_V", str, bool, int, float)


@dataclass(frozen=True)
class SettingDef:
    """One setting: name, type, default, allowed values and a description."""

    name: str
    type: type[SettingValue]
    default: SettingValue
    description: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    def check(self, value: object) -> SettingValue:
        """The value converted to this setting's type; ValueError says why not."""
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not self.type or not isinstance(value, SettingValue):
            raise ValueError(f"expected {self.type.__name__}, got {type(value).__name__}")
        if self.choices and value not in self.choices:
            raise ValueError(f"{shown(value)} is not one of {', '.join(self.choices)}")
        if isinstance(value, int | float) and not isinstance(value, bool):
            self._check_number(value)
        return value

    def _check_number(self, value: float) -> None:
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{value} is not a finite number")
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"{shown(value)} is below the minimum {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"{shown(value)} is above the maximum {self.maximum}")


SETTINGS: dict[str, SettingDef] = {
    s.name: s
    for s in (
        SettingDef("ui.language", str, "it", "Interface language", choices=("it", "en")),
        SettingDef("ui.fullscreen", bool, False, "Open wall windows in full screen"),
        SettingDef("ui.show_tile_stats", bool, False, "Show bitrate and decoding time on tiles"),
        SettingDef(
            "ui.text_scale",
            float,
            1.0,
            "Size of the wall's text (captions, tree, menus) against the default",
            minimum=0.75,
            maximum=2.5,
        ),
        SettingDef(
            "ui.always_show_live",
            bool,
            False,
            "Show 'In diretta' and the frame rate on healthy live tiles too",
        ),
        SettingDef(
            "wall.stall_seconds",
            float,
            2.0,
            "Seconds without frames before a tile shows the camera as stalled",
            minimum=0.5,
            maximum=30.0,
        ),
        SettingDef(
            "wall.sub_stream_below_px",
            int,
            640,
            "Tiles narrower than this use the camera's sub-stream",
            minimum=0,
            maximum=4000,
        ),
        SettingDef("wall.last_layout", str, "", "Layout opened at start (empty: none)"),
        SettingDef("video.engine", str, "pyav", "Decoding engine", choices=("pyav", "vlc")),
        SettingDef(
            "video.open_timeout_s",
            float,
            5.0,
            "Seconds allowed to open a stream",
            minimum=1.0,
            maximum=120.0,
        ),
        SettingDef(
            "video.reconnect_max_s",
            float,
            # 4 s: a camera that comes back is live again within ~5 s, while a
            # dead one costs one connection attempt per 4 s (no storm).
            4.0,
            "Longest wait between reconnection attempts",
            minimum=1.0,
            maximum=600.0,
        ),
        SettingDef(
            "video.decode_threads", int, 1, "Decoder threads per stream", minimum=1, maximum=16
        ),
        SettingDef(
            "video.pre_event_seconds",
            float,
            60.0,
            "Seconds of each live stream kept in memory for instant replay and recording (0: off)",
            minimum=0.0,
            maximum=600.0,
        ),
        SettingDef(
            "playback.reason_once_per_group",
            bool,
            True,
            "Ask the reason for viewing recordings once per session and comune "
            "(off: at every playback)",
        ),
        SettingDef(
            "playback.instant_replay_s",
            float,
            30.0,
            "Seconds an instant replay goes back",
            minimum=5.0,
            maximum=600.0,
        ),
        SettingDef(
            "onvif.timeout_s",
            float,
            5.0,
            "Seconds allowed for each ONVIF request",
            minimum=0.5,
            maximum=60.0,
        ),
        SettingDef(
            "health.interval_s",
            float,
            5.0,
            "Seconds between two background checks of a camera no wall shows",
            minimum=1.0,
            maximum=3600.0,
        ),
        SettingDef(
            "health.concurrency",
            int,
            8,
            "Background checks running at once",
            minimum=1,
            maximum=64,
        ),
        SettingDef(
            "health.timeout_s",
            float,
            3.0,
            "Seconds a background check of one camera may take",
            minimum=0.5,
            maximum=60.0,
        ),
        SettingDef(
            "ptz.lock_seconds",
            float,
            15.0,
            "Seconds a PTZ camera stays reserved to the operator who last moved it",
            minimum=1.0,
            maximum=600.0,
        ),
        SettingDef("operator.name", str, "", "Operator name written on snapshots and logs"),
        SettingDef(
            "credentials.store",
            str,
            "auto",
            "Where camera passwords are kept: auto (system keyring, else a key file) "
            "or passphrase (a file locked by a passphrase asked at start)",
            choices=("auto", "passphrase"),
        ),
        SettingDef(
            "credentials.passphrase_file",
            str,
            "",
            "File holding the passphrase, for unattended stations (empty: ask at start)",
        ),
        SettingDef("site.file", str, "", "Site file to load (empty: the default location)"),
    )
}


@dataclass(frozen=True)
class SettingsProblem:
    """Something wrong in a settings file: where and what."""

    path: Path
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: {self.key}" if self.key else str(self.path)
        return f"{where}: {self.message}"


@dataclass
class Settings:
    """Current values of every declared setting, read through typed accessors."""

    values: dict[str, SettingValue] = field(
        default_factory=lambda: {name: s.default for name, s in SETTINGS.items()}
    )

    def str_value(self, name: str) -> str:
        """The value of a text setting (TypeError if ``name`` is declared otherwise)."""
        return self._typed(name, str)

    def bool_value(self, name: str) -> bool:
        """The value of a yes/no setting."""
        return self._typed(name, bool)

    def int_value(self, name: str) -> int:
        """The value of a whole-number setting."""
        return self._typed(name, int)

    def float_value(self, name: str) -> float:
        """The value of a decimal-number setting."""
        return self._typed(name, float)

    def _typed(self, name: str, kind: type[_V]) -> _V:
        definition = _definition(name)
        value = self.values[name]
        if definition.type is not kind or not isinstance(value, kind):
            raise TypeError(f"setting {name} is a {definition.type.__name__}, not {kind.__name__}")
        return value

    def set(self, name: str, value: object) -> None:
        """Change a setting; raises ValueError (with the name) for a bad value."""
        definition = _definition(name)
        try:
            self.values[name] = definition.check(value)
        except ValueError as err:
            raise ValueError(f"{name}: {err}") from None

    def tree(self) -> dict[str, Any]:
        """The settings as nested tables (``wall.stall_seconds`` in ``[wall]``), versioned."""
        tree: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        for name, value in self.values.items():
            *tables, leaf = name.split(".")
            node = tree
            for table in tables:
                node = node.setdefault(table, {})
            node[leaf] = value
        return tree


def _definition(name: str) -> SettingDef:
    try:
        return SETTINGS[name]
    except KeyError:
        raise KeyError(f"unknown setting {name!r}") from None


def _migrate_0_to_1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 files had flat keys and no ``schema_version``."""
    renames = {
        "language": ("ui", "language"),
        "stall_timeout": ("wall", "stall_seconds"),
        "engine": ("video", "engine"),
        "operator": ("operator", "name"),
    }
    out: dict[str, Any] = {k: v for k, v in data.items() if k not in renames}
    for old, (table, key) in renames.items():
        if old in data:
            section = out.setdefault(table, {})
            if isinstance(section, dict):
                section.setdefault(key, data[old])
    return out


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _migrate_0_to_1}
"""Migration from version N to N+1, applied in order on load."""


def load_settings(path: Path) -> tuple[Settings, list[SettingsProblem]]:
    """Read settings from ``path``; defaults stand in for anything unusable.

    A missing file is not a problem (first start). Returns the settings and
    the problems found, each naming the file, the key and the default used;
    they are logged here, and the caller shows them to the operator.
    """
    settings = Settings()
    problems = _read(path, settings)
    for problem in problems:
        logger.warning("settings problem: %s", problem)
    return settings, problems


def _read(path: Path, settings: Settings) -> list[SettingsProblem]:
    try:
        data = parse_toml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except UnicodeDecodeError as err:
        message = f"not UTF-8 text ({err.reason} at byte {err.start}); using the defaults"
        return [SettingsProblem(path, "", message)]
    except OSError as err:
        return [SettingsProblem(path, "", f"cannot read the file ({err}); using the defaults")]
    except TomlReadError as err:
        return [SettingsProblem(path, err.key, f"{err.message}; using the defaults")]
    data, problems = _upgrade(path, data)
    return problems + _apply(settings, path, _flatten(data))


def _upgrade(path: Path, data: dict[str, Any]) -> tuple[dict[str, Any], list[SettingsProblem]]:
    version = data.pop("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        message = f"not a version number: {shown(version)}; using the defaults"
        return {}, [SettingsProblem(path, "schema_version", message)]
    if version > SCHEMA_VERSION:
        message = (
            f"version {shown(version)} is newer than this program ({SCHEMA_VERSION}); "
            "using the defaults"
        )
        return {}, [SettingsProblem(path, "schema_version", message)]
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data, []


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and name not in SETTINGS:
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def _apply(settings: Settings, path: Path, flat: dict[str, Any]) -> list[SettingsProblem]:
    problems = []
    for name, value in flat.items():
        if name not in SETTINGS:
            problems.append(SettingsProblem(path, name, "unknown setting (ignored)"))
            continue
        try:
            settings.set(name, value)
        except ValueError as err:
            message = str(err).removeprefix(f"{name}: ")
            default = SETTINGS[name].default
            problems.append(SettingsProblem(path, name, f"{message}; using {shown(default)}"))
    return problems


def save_settings(settings: Settings, path: Path) -> Path:
    """Write ``settings`` to ``path`` atomically; returns the file written.

    An existing file keeps its comments and order: only settings whose value
    changed are rewritten (``app.config.tomledit``), and the previous version
    is kept beside it. A new file (or one of an older version) is written
    whole, each setting under its description.

    Raises:
        ValueError: the existing file is not TOML, or of a newer version: it is
            the installer's to repair, and is left as it is.
        OSError: the file cannot be read or written.
    """
    doc = tomledit.read_document(path)
    old = _meaning(doc.unwrap(), path) if doc is not None else None
    if doc is None or old is None:
        doc = _described(settings)
    else:
        tomledit.apply_changes(doc, old, settings.tree())
    written = tomledit.save_document(path, doc)
    logger.info("settings saved to %s", written)
    return written


def _meaning(data: dict[str, Any], path: Path) -> dict[str, Any] | None:
    """The settings a current-version file gives (defaults filled in), as a tree.

    None for an older version (written whole, migrated); ValueError for a newer one.
    """
    version = data.pop("schema_version", 0)
    if isinstance(version, int) and version > SCHEMA_VERSION:
        raise ValueError(f"{path} is of a newer version ({shown(version)}): left as it is")
    if version != SCHEMA_VERSION:
        return None
    settings = Settings()
    _apply(settings, path, _flatten(data))
    return settings.tree()


def _described(settings: Settings) -> tomlkit.TOMLDocument:
    """A new settings document: every setting, with its description as a comment."""
    doc = tomlkit.document()
    doc["schema_version"] = SCHEMA_VERSION
    tables: dict[str, Table] = {}
    for name, value in settings.values.items():
        table_name, leaf = name.rsplit(".", 1)
        table = tables.get(table_name)
        if table is None:
            table = tables[table_name] = tomlkit.table()
            doc[table_name] = table
        table.add(tomlkit.comment(_describe(SETTINGS[name])))
        table.add(leaf, value)
    return doc


def _describe(definition: SettingDef) -> str:
    text = definition.description
    if definition.choices:
        return f"{text} ({', '.join(definition.choices)})"
    if definition.minimum is not None and definition.maximum is not None:
        return f"{text} ({definition.minimum:g}..{definition.maximum:g})"
    return text
