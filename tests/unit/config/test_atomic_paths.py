"""Atomic writes and file locations."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.config import atomic, paths


def test_write_text_creates_folders_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "file.txt"
    atomic.write_text(target, "uno")
    atomic.write_text(target, "due è")
    assert target.read_text(encoding="utf-8") == "due è"
    assert [p.name for p in target.parent.iterdir()] == ["file.txt"]


def test_failed_write_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "file.bin"
    atomic.write_bytes(target, b"old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        atomic.write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.bin"]


def test_occhio_home_puts_everything_under_one_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path))
    assert paths.config_dir() == tmp_path / "config"
    assert paths.data_dir() == tmp_path / "data"
    assert paths.cache_dir() == tmp_path / "cache"
    assert paths.settings_path() == tmp_path / "config" / "settings.toml"
    assert paths.site_path() == tmp_path / "config" / "site.toml"
    assert paths.user_layouts_dir() == tmp_path / "data" / "layouts"


def test_without_home_platform_folders_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    folders = {paths.config_dir(), paths.data_dir(), paths.cache_dir()}
    assert len(folders) == 3
    assert all("occhio" in str(p).lower() for p in folders)
