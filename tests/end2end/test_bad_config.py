"""Damaged configuration files: a named error and status 2, or defaults and a warning."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from app.config.credentials import PASSPHRASE_FILE, CredentialStore
from tests.end2end.appproc import AppProcess, run_site_once

pytestmark = pytest.mark.e2e

SITE = 'schema_version = 1\nname = "x"\n[[sites]]\nid = "s"\nname = "S"\n'
GOOD = "cavalli-bianchi-42"
CAMERA = '[[cameras]]\nid = "a"\nnumber = {number}\nsite = "s"\nmain_url = "rtsp://127.0.0.1:9/a"\n'


def _run_site(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    site = tmp_path / "impianto.toml"
    site.write_text(text, encoding="utf-8")
    return run_site_once(site, tmp_path / "home")


@pytest.mark.parametrize(
    ("tail", "where"),
    [
        (CAMERA.format(number="9" * 5000), "cameras[0].number: integer of 5000 digits"),
        (CAMERA.format(number="9" * 2000), "cameras[0].number: call-up number must be"),
        ("x = " + "[" * 20_000 + "]" * 20_000 + "\n", "nested too deeply at line 6"),
        ("[" + ".".join(["t"] * 50) + "]\n", "t.t.t.t"),
    ],
)
def test_huge_number_or_deep_nesting_in_the_site_is_named(
    tmp_path: Path, tail: str, where: str
) -> None:
    proc = _run_site(tmp_path, SITE + tail)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert f"impianto.toml: {where}" in proc.stderr


def test_unreadable_settings_reach_the_operator(tmp_path: Path, run_app: list[AppProcess]) -> None:
    home = tmp_path / "home"
    settings = home / "config" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_bytes(b'schema_version = 1\n[ui]\nlanguage = "\xff"\n')
    site = tmp_path / "site.toml"
    site.write_text(SITE, encoding="utf-8")
    shot = tmp_path / "shot.png"
    app = AppProcess(["--site", str(site), "--screenshot", str(shot)], home=home)
    run_app.append(app)
    app.wait_for(r"wall ready", 60)
    # The operator's bridge logs what it shows: the file and the problem, after the walls.
    app.wait_for(r"operator message: Impostazioni non usate", 30)
    shown = next(i for i, line in enumerate(app.lines) if "operator message:" in line)
    app.wait_for(r"settings\.toml: not UTF-8 text .*; using the defaults", 5, start=shown)
    assert app.wait_exit(60) == 0


def _passphrase_station(tmp_path: Path) -> tuple[Path, Path]:
    """A station whose camera password lies in the passphrase file (passphrase GOOD)."""
    home = tmp_path / "home"
    config = home / "config"
    store = CredentialStore(config, kind="passphrase", passphrase=lambda _c, _p: GOOD)
    reference = store.put("pw-a", "camera/rtsp/a")
    (config / "settings.toml").write_text('[credentials]\nstore = "passphrase"\n', "utf-8")
    site = tmp_path / "site.toml"
    camera = CAMERA.format(number=1) + f'username = "admin"\npassword = "{reference}"\n'
    site.write_text(SITE + camera, encoding="utf-8")
    return home, site


def test_wrong_passphrase_stops_with_a_clear_message_and_changes_nothing(tmp_path: Path) -> None:
    home, site = _passphrase_station(tmp_path)
    vault = home / "config" / PASSPHRASE_FILE
    before = vault.read_bytes()
    proc = run_site_once(site, home, {"OCCHIO_PASSPHRASE": "non-questa"})
    assert proc.returncode == 2
    assert "password delle telecamere non disponibili" in proc.stderr
    assert "wrong passphrase" in proc.stderr and "nothing was changed" in proc.stderr
    assert vault.read_bytes() == before


def test_right_passphrase_opens_the_wall(tmp_path: Path, run_app: list[AppProcess]) -> None:
    home, site = _passphrase_station(tmp_path)
    shot = tmp_path / "shot.png"
    args = ["--site", str(site), "--screenshot", str(shot), "--screenshot-timeout", "1"]
    app = AppProcess(args, home=home, extra_env={"OCCHIO_PASSPHRASE": GOOD})
    run_app.append(app)
    app.wait_for(r"camera secrets kept in the passphrase backend", 60)
    app.wait_for(r"wall ready \(1 window\(s\), 1 cameras\)", 60)
    assert app.wait_exit(60) in (0, 1)  # 1: the camera itself is not there, as expected
