"""Where Occhio keeps its files.

Platform locations come from platformdirs. Setting ``OCCHIO_HOME`` puts
everything under one root (``config/``, ``data/``, ``cache/``), which the tests
and portable installs use. Nothing is computed at import time, so changing the
environment variable takes effect on the next call.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "occhio"
HOME_ENV = "OCCHIO_HOME"
SETTINGS_FILE = "settings.toml"
SITE_FILE = "site.toml"


def _home() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    """Folder for settings and the site file (not created)."""
    home = _home()
    if home is not None:
        return home / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """Folder for user data: layouts, audit log, plate reads (not created)."""
    home = _home()
    if home is not None:
        return home / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Folder for data that can be rebuilt at any time (not created)."""
    home = _home()
    if home is not None:
        return home / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def settings_path() -> Path:
    """The settings TOML file."""
    return config_dir() / SETTINGS_FILE


def site_path() -> Path:
    """The site TOML file the wall loads when none is given."""
    return config_dir() / SITE_FILE


def user_layouts_dir() -> Path:
    """Folder of the operator's saved layouts."""
    return data_dir() / "layouts"
