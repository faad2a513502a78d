"""A camera no tile shows goes down: an alarm, an acknowledgement, and "back" when it returns."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from app.config.sitefile import load_site
from tests.end2end.appproc import AppProcess
from tests.simproc import SimProcess

SETTINGS = "schema_version = 1\n[health]\ninterval_s = 2.0\n"


def _alarms(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "alarms", *args, "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"OCCHIO_HOME": str(home), "PATH": "/usr/bin:/bin"},
    )


def test_unwatched_camera_down_alarm_acknowledged_and_back(
    own_sim: SimProcess, sim_site: Path, tmp_path: Path, run_app: list[AppProcess]
) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.toml").write_text(SETTINGS, encoding="utf-8")
    site = load_site(sim_site)
    shown = {c.id for c in site.cameras[:9]}  # the default 3x3 wall
    victim = next(
        c.id for c in site.cameras if c.id not in shown and c.id not in own_sim.ptz_cameras
    )
    app = AppProcess(["--site", str(sim_site)], home=home)
    run_app.append(app)
    app.wait_for(r"wall ready", 60)
    mark = app.mark()
    own_sim.control(victim, "drop")
    try:
        down = app.wait_for(rf"alarm (\d+): camera_down {victim}", 30, mark)
        alarm_id = down.group(1)
        done = _alarms(home, "ack", alarm_id, "--note", "ponte radio", "--operator", "agente 7")
        assert done.returncode == 0, done.stderr
        acked = json.loads(done.stdout)
        assert (acked["acked_by"], acked["note"]) == ("agente 7", "ponte radio")
    finally:
        back_mark = app.mark()
        own_sim.control(victim, "restore")
    app.wait_for(rf"alarm \d+: camera_back {victim}", 30, back_mark)
    listed = [json.loads(line) for line in _alarms(home).stdout.splitlines()]
    kinds = [(a["camera"], a["kind"], a["acked_by"]) for a in listed if a["camera"] == victim]
    assert kinds[:2] == [(victim, "camera_back", ""), (victim, "camera_down", "agente 7")]
