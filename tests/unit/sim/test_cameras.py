"""Which cameras the simulator serves: site file entries, limits, fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.sim import cameras
from app.sim.cameras import load_cameras

SITE = """
schema_version = 1
[[cameras]]
id = "a"
name = "A"
main_url = "rtsp://x/a/main"
username = "u1"
password = "p1"
[[cameras]]
id = "b"
name = "B"
[cameras.onvif]
host = "127.0.0.1"
port = 8082
username = "u2"
password = "p2"
"""


def test_site_entries(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text(SITE, encoding="utf-8")
    cams = load_cameras(str(path))
    assert [(c.id, c.name, c.username, c.password, c.onvif_port) for c in cams] == [
        ("a", "A", "u1", "p1", 0),
        ("b", "B", "u2", "p2", 8082),
    ]
    assert [c.id for c in load_cameras(str(path), 1)] == ["a"]


def test_fallback_without_demo_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cameras, "DEFAULT_SITE", tmp_path / "missing.toml")
    cams = load_cameras(None)
    assert len(cams) == 16
    assert (cams[0].id, cams[-1].id) == ("sim-01", "sim-16")
    assert {c.password for c in cams} == {"occhio"}


def test_explicit_missing_site_raises(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        load_cameras(str(tmp_path / "missing.toml"))
