"""The simulator as a process: site file, camera limit, READY contents, ways to stop."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import av

from app.sim.strip import decode_strip
from tests.simproc import STOP_TIMEOUT_S, SimProcess

SITE = """
schema_version = 1
name = "Prova"

[[cameras]]
id = "alfa-01"
number = 1
name = "Alfa uno"
site = "s"
agency = "a"
kind = "context"
main_url = "rtsp://127.0.0.1:8554/alfa-01/main"
sub_url = "rtsp://127.0.0.1:8554/alfa-01/sub"
username = "admin"
password = "occhio"
transport = "tcp"

[[cameras]]
id = "beta-01"
number = 2
name = "Beta uno"
site = "s"
agency = "a"
kind = "ptz"

[cameras.onvif]
host = "127.0.0.1"
port = 8082
username = "operatore"
password = "segreta"

[[cameras]]
id = "gamma-01"
number = 3
name = "Gamma uno"
site = "s"
agency = "a"
kind = "plate"
main_url = "rtsp://127.0.0.1:8554/gamma-01/main"
username = "admin"
password = "occhio"
"""


def test_site_file_cameras_and_stdin_eof(tmp_path: Path) -> None:
    site = tmp_path / "site.toml"
    site.write_text(SITE, encoding="utf-8")
    sim = SimProcess().start(site=site, cameras=2)
    try:
        assert sim.cameras == ["alfa-01", "beta-01"]
        assert set(sim.onvif_ports) == {"alfa-01", "beta-01"}
        assert sim.info["profiles"]["main"]["fps"] == 25.0
        assert sim.info["profiles"]["sub"]["loop_frames"] > 0
        assert isinstance(sim.info["t0"], float)
        url = sim.url("beta-01", "sub", with_credentials=False).replace(
            "rtsp://", "rtsp://operatore:segreta@"
        )
        with av.open(url, options={"rtsp_transport": "tcp"}, timeout=5) as container:
            frame = next(container.decode(video=0))
            assert decode_strip(frame.to_ndarray(format="bgr24")) is not None
        assert sim.status()["beta-01"]["state"] == "normal"
        # Closing stdin (the parent went away) stops the simulator cleanly.
        assert sim.proc is not None and sim.proc.stdin is not None
        sim.proc.stdin.close()
        assert sim.proc.wait(STOP_TIMEOUT_S) == 0
    finally:
        sim.stop()


def test_sigterm_stops_cleanly(tmp_path: Path) -> None:
    site = tmp_path / "site.toml"
    site.write_text(SITE, encoding="utf-8")
    sim = SimProcess().start(site=site, cameras=1)
    assert sim.cameras == ["alfa-01"]
    assert sim.proc is not None
    sim.proc.send_signal(signal.SIGTERM)  # with stdin still open: the signal alone stops it
    assert sim.proc.wait(30) == 0
    assert sim.stop() == 0


def test_sim_from_another_folder_in_the_background_serves_the_demo(tmp_path: Path) -> None:
    """Started as a user would in another folder, stdin closed: the demo's cameras, kept
    running, its cache under OCCHIO_HOME."""
    env = {k: v for k, v in os.environ.items() if k != "OCCHIO_SIM_CACHE"}
    env["OCCHIO_HOME"] = str(tmp_path / "home")
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "sim", "--rtsp-port", "0", "--http-port", "0",
         "--cameras", "1"],
        cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # bounded by the timeout below if it never comes
        assert line.startswith("OCCHIO-SIM READY "), line
        info = json.loads(line.split(" ", 2)[2])
        assert info["cameras"] == ["chiavari-01"]  # the demo site's first camera
        assert list((tmp_path / "home" / "cache" / "sim").glob("*.loop"))
        assert proc.poll() is None  # stdin from /dev/null did not stop it
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()
