"""Bad input never crashes the wall, never storms, never overwrites a file."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.config.sitefile import load_site, save_site
from tests.end2end.appproc import AppProcess, run_site_once
from tests.end2end.conftest import tile_samples
from tests.simproc import SimProcess

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class CountingListener:
    """Accepts TCP connections, counts them and hangs up at once."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = int(self.sock.getsockname()[1])
        self.accepted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


def test_broken_site_file_is_named_and_left_untouched(tmp_path: Path) -> None:
    site = tmp_path / "impianto.toml"
    text = (
        'schema_version = 1\nname = "x"\n[[sites]]\nid = "s"\nname = "S"\n'
        '[[cameras]]\nid = "a"\nnumber = 1\nname = "A"\nsite = "s"\nmain_url = "rtsp://h/a"\n'
        '[[cameras]]\nid = "b"\nnumber = 1\nname = "B"\nsite = "s"\nmain_url = "rtsp://h/b"\n'
    )
    site.write_text(text)
    proc = run_site_once(site, tmp_path / "home")
    assert proc.returncode == 2
    assert "impianto.toml" in proc.stderr
    assert "cameras[1].number" in proc.stderr
    assert site.read_text() == text


def test_toml_syntax_error_gives_line(tmp_path: Path) -> None:
    site = tmp_path / "rotto.toml"
    site.write_text('schema_version = 1\nname = "x\n')
    proc = run_site_once(site, tmp_path / "home")
    assert proc.returncode == 2
    assert "rotto.toml" in proc.stderr
    assert "line 2" in proc.stderr


def test_malformed_url_in_probe_is_a_clear_error() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "app", "probe", "htp:/camera", "--seconds", "1"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode == 1
    assert "malformed" in (proc.stdout + proc.stderr).lower()


def test_corrupt_layout_falls_back_and_is_kept(
    own_sim: SimProcess, sim_site: Path, tmp_path: Path, run_app: list[AppProcess]
) -> None:
    home = tmp_path / "home"
    layouts = home / "data" / "layouts"
    layouts.mkdir(parents=True)
    broken = layouts / "rotto.json"
    broken.write_text('{"schema_version": 1, "name": "rotto", "screens": [\n  {"grid": "3x3",,}\n')
    before = broken.read_bytes()
    shot = tmp_path / "shot.png"
    app = AppProcess(
        ["--site", str(sim_site), "--layout", "rotto", "--screenshot", str(shot)], home=home
    )
    run_app.append(app)
    app.wait_for(r"rotto\.json.*line 2", 60)
    assert app.wait_exit(90) == 0  # the default wall came up live instead
    assert shot.exists()
    assert broken.read_bytes() == before


def test_bad_cameras_show_why_without_retry_storm(
    own_sim: SimProcess, tmp_path: Path, run_app: list[AppProcess]
) -> None:
    listener = CountingListener()
    try:
        site = load_site(Path(__file__).resolve().parents[2] / "resources/demo/site.toml")
        wrong = own_sim.url("chiavari-01", with_credentials=False)
        cams = [
            site.cameras[0].__class__(
                id="password",
                number=1,
                name="Password errata",
                site_id=site.sites[0].id,
                main_url=wrong,
                username="admin",
                password="sbagliata",
            ),
            site.cameras[0].__class__(
                id="spenta",
                number=2,
                name="Irraggiungibile",
                site_id=site.sites[0].id,
                main_url=f"rtsp://127.0.0.1:{_free_port()}/x",
            ),
            site.cameras[0].__class__(
                id="muta",
                number=3,
                name="Chiude subito",
                site_id=site.sites[0].id,
                main_url=f"rtsp://127.0.0.1:{listener.port}/x",
            ),
        ]
        path = tmp_path / "site.toml"
        save_site(site.__class__(name="prova", sites=site.sites, cameras=tuple(cams)), path)
        app = AppProcess(["--site", str(path), "--log-tiles"], home=tmp_path / "home")
        run_app.append(app)
        app.wait_for(r"wall ready", 60)
        started = time.monotonic()

        def all_reported(_: list[str]) -> bool:
            latest = {s.camera: s for s in tile_samples(app)}
            return (
                latest.get("password") is not None
                and latest["password"].health == "failed"
                and latest.get("spenta") is not None
                and latest["spenta"].banner
                and latest.get("muta") is not None
                and latest["muta"].banner
            )

        app.wait_until(all_reported, 20, "three bad cameras shown as not live")
        # Watch 8 more seconds: still running, and few attempts on the bad server.
        app.wait_until(lambda _: time.monotonic() - started > 8, 30, "8 s of running")
        assert app.proc.poll() is None
        assert listener.accepted <= 8, f"{listener.accepted} connections in ~8 s"
        assert any("CREDENZIALI NON VALIDE da " in line for line in app.lines)
    finally:
        listener.close()


def test_no_screen_is_a_clear_message(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "app", "demo"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"OCCHIO_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert proc.returncode == 2
    assert "DISPLAY" in proc.stderr


def _run_once(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The wall as a new user starts it, offscreen, taking a screenshot and ending."""
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--screenshot", str(tmp_path / "wall.png")],
        capture_output=True,
        text=True,
        timeout=120,
        env={"OCCHIO_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_a_new_station_starts_empty_with_the_camera_editor(tmp_path: Path) -> None:
    done = _run_once(tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "starting with an empty site" in done.stderr
    assert "Nessuna telecamera configurata: aggiungine una o cerca nella rete" in done.stderr
    assert "camera editor opened (0 cameras)" in done.stderr


def test_a_screen_that_is_not_there_is_an_error(tmp_path: Path) -> None:
    done = _run_once(tmp_path, "--screen", "3")
    assert done.returncode == 2
    assert "lo schermo 3 non esiste (schermi collegati: 1)" in done.stderr
