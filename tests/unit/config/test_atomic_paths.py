"""Atomic writes and file locations."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
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


@pytest.fixture
def umask_022() -> Iterator[None]:
    """A usual desktop umask, whatever the test runner has."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    shared = tmp_path / "shared" / "site.toml"
    shared.parent.mkdir()
    shared.write_text("old")
    link = tmp_path / "config" / "site.toml"
    link.parent.mkdir()
    link.symlink_to(shared)
    written = atomic.write_text(link, "new")
    assert link.is_symlink()
    assert written == shared.resolve()
    assert shared.read_text() == "new"
    # The temporary file was made beside the target, and nothing is left of it.
    assert sorted(p.name for p in shared.parent.iterdir()) == ["site.toml"]
    assert sorted(p.name for p in link.parent.iterdir()) == ["site.toml"]


def test_relative_and_dangling_links_are_followed(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    link = tmp_path / "layout.json"
    link.symlink_to(Path("real") / "layout.json")  # relative, target not there yet
    atomic.write_text(link, "{}")
    assert link.is_symlink()
    assert (tmp_path / "real" / "layout.json").read_text() == "{}"


def test_existing_mode_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "site.toml"
    target.write_text("old")
    for mode in (0o644, 0o640, 0o600):
        target.chmod(mode)
        atomic.write_text(target, f"mode {mode:o}")
        assert _mode(target) == mode


@pytest.mark.usefixtures("umask_022")
def test_new_file_gets_the_umask_default_and_secrets_stay_private(tmp_path: Path) -> None:
    atomic.write_text(tmp_path / "site.toml", "x")
    assert _mode(tmp_path / "site.toml") == 0o644
    secret = tmp_path / "secrets.json"
    atomic.write_text(secret, "{}", mode=0o600)
    assert _mode(secret) == 0o600
    secret.chmod(0o644)  # somebody loosened it: the next write makes it private again
    atomic.write_text(secret, "{ }", mode=0o600)
    assert _mode(secret) == 0o600


def test_link_target_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "shared.toml"
    target.write_text("a")
    target.chmod(0o644)
    link = tmp_path / "site.toml"
    link.symlink_to(target)
    atomic.write_text(link, "b")
    assert _mode(target) == 0o644
    assert link.is_symlink()


def test_backups_rotate_a_few_generations(tmp_path: Path) -> None:
    target = tmp_path / "site.toml"
    for version in range(1, 7):
        atomic.write_text(target, f"v{version}", backups=3)
    assert target.read_text() == "v6"
    found = {n: atomic.backup_path(target, n).read_text() for n in (1, 2, 3)}
    assert found == {1: "v5", 2: "v4", 3: "v3"}
    assert not atomic.backup_path(target, 4).exists()


def test_unchanged_content_does_not_push_out_backups(tmp_path: Path) -> None:
    target = tmp_path / "settings.toml"
    atomic.write_text(target, "a", backups=2)
    atomic.write_text(target, "b", backups=2)
    atomic.write_text(target, "b", backups=2)
    assert atomic.backup_path(target, 1).read_text() == "a"
    assert not atomic.backup_path(target, 2).exists()


def test_backups_lie_beside_the_link_target_with_its_mode(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    target = tmp_path / "shared" / "site.toml"
    target.write_text("one")
    target.chmod(0o644)
    link = tmp_path / "site.toml"
    link.symlink_to(target)
    atomic.write_text(link, "two", backups=3)
    backup = atomic.backup_path(target, 1)
    assert backup.read_text() == "one"
    assert _mode(backup) == 0o644
    assert target.read_text() == "two"
