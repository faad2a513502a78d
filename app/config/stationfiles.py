"""The station's evidence files: its signing key and its consultation log.

Every evidence package the station makes (recorded video, plate hits) is
signed with the one station key and written to the one consultation log;
both places are named here so every exporter finds the same ones.
"""

from __future__ import annotations

from pathlib import Path

from app.config import atomic, paths
from app.core.audit import AuditLog

STATION_KEY_FILE = "evidence-station-key.pem"
AUDIT_FILE = "consultazioni.sqlite3"


def station_key_path() -> Path:
    """The station's signing key, beside the credentials in the config folder."""
    return paths.config_dir() / STATION_KEY_FILE


def audit_log() -> AuditLog:
    """The consultation log in the data folder."""
    return AuditLog(paths.data_dir() / AUDIT_FILE, atomic.write_bytes)
