"""Application settings: declared once, validated on load, written atomically.

Every setting is a ``SettingDef`` in ``SETTINGS`` with its type, default,
bounds and a one-line description; nothing else in the program invents a
setting. The file is TOML with dotted names split into tables
(``wall.stall_seconds`` is ``stall_seconds`` in ``[wall]``) and carries
``schema_version``; older files are migrated in memory when loaded.

A broken file never stops the program: problems are returned with the file,
the key and what is wrong, the bad values fall back to their defaults and the
file itself is left untouched until the operator saves again.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from app.config import atomic, tomlwrite

logger = logging.getLogger("app.config")

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class SettingDef:
    """One setting: name, type, default, allowed values and a description."""

    name: str
    type: type
    default: Any
    description: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    def check(self, value: Any) -> Any:
        """The value converted to this setting's type; ValueError says why not."""
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not self.type:
            raise ValueError(f"expected {self.type.__name__}, got {type(value).__name__}")
        if self.choices and value not in self.choices:
            raise ValueError(f"{value!r} is not one of {', '.join(self.choices)}")
        number = cast(float, value) if self.type in (int, float) else 0.0
        if self.minimum is not None and number < self.minimum:
            raise ValueError(f"{value} is below the minimum {self.minimum}")
        if self.maximum is not None and number > self.maximum:
            raise ValueError(f"{value} is above the maximum {self.maximum}")
        return value


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
    """Current values of every declared setting."""

    values: dict[str, Any] = field(
        default_factory=lambda: {name: s.default for name, s in SETTINGS.items()}
    )

    def get(self, name: str) -> Any:
        """The value of setting ``name``; KeyError for undeclared names."""
        return self.values[_definition(name).name]

    def set(self, name: str, value: Any) -> None:
        """Change a setting; raises ValueError (with the name) for a bad value."""
        definition = _definition(name)
        try:
            self.values[name] = definition.check(value)
        except ValueError as err:
            raise ValueError(f"{name}: {err}") from None

    def to_toml(self) -> str:
        """The settings as TOML text, with the current schema version."""
        tree: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        for name, value in self.values.items():
            *tables, leaf = name.split(".")
            node = tree
            for table in tables:
                node = node.setdefault(table, {})
            node[leaf] = value
        return tomlwrite.dumps(tree)


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
    the problems found, each naming the file and key.
    """
    settings = Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return settings, []
    except (OSError, UnicodeDecodeError) as err:
        return settings, [SettingsProblem(path, "", f"cannot read the file: {err}")]
    except tomllib.TOMLDecodeError as err:
        return settings, [SettingsProblem(path, "", f"not valid TOML: {err}")]
    data, problems = _upgrade(path, data)
    problems += _apply(settings, path, _flatten(data))
    for problem in problems:
        logger.warning("settings problem: %s", problem)
    return settings, problems


def _upgrade(path: Path, data: dict[str, Any]) -> tuple[dict[str, Any], list[SettingsProblem]]:
    version = data.pop("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        return {}, [SettingsProblem(path, "schema_version", f"not a version number: {version!r}")]
    if version > SCHEMA_VERSION:
        message = f"version {version} is newer than this program ({SCHEMA_VERSION})"
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
            problems.append(SettingsProblem(path, name, f"{message}; using {default!r}"))
    return problems


def save_settings(settings: Settings, path: Path) -> None:
    """Write ``settings`` to ``path`` atomically."""
    atomic.write_text(path, settings.to_toml())
    logger.info("settings saved to %s", path)
