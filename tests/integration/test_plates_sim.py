"""Plate reads from the simulator's plate cameras, in every dialect, over 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.anpr.ingest import PlateIngest
from app.core.plates import PlateRead
from app.core.plates_config import Dialect, PlatesConfig, PlateSource
from app.core.streams import StreamState
from tests.simproc import SimProcess

DEADLINE_S = 30.0


def post(sim: SimProcess, path: str, body: str) -> dict:  # type: ignore[type-arg]
    url = f"http://{sim.host}:{sim.http_port}{path}"
    req = urllib.request.Request(url, data=body.encode(), method="POST")
    with urllib.request.urlopen(req, timeout=10) as resp:
        result: dict = json.loads(resp.read())  # type: ignore[type-arg]
    return result


def wait_for(reads: list[PlateRead], plate: str) -> PlateRead:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        found = [r for r in list(reads) if r.plate == plate]
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError(f"{plate} never arrived; got {[r.plate for r in reads][-10:]}")


def source(sim: SimProcess, camera: str, dialect: Dialect) -> PlateSource:
    port = int(sim.info["plate_ports"][camera])
    return PlateSource(camera, dialect, sim.host, port, sim.username, sim.password(camera))


@pytest.fixture
def quiet_sim(sim: SimProcess) -> Iterator[SimProcess]:
    """The shared simulator with its plate cameras' own traffic stopped, so tests count."""
    for camera in sim.info["plate_dialects"]:
        post(sim, f"/sim/{camera}/plates/rate", "0")
    yield sim


@pytest.mark.parametrize(
    ("camera", "dialect"),
    [
        ("chiavari-05", Dialect.HIKVISION),
        ("lavagna-03", Dialect.DAHUA),
        ("carasco-01", Dialect.ONVIF),
    ],
)
def test_pulled_dialects_deliver_forced_plates(
    quiet_sim: SimProcess, camera: str, dialect: Dialect
) -> None:
    assert quiet_sim.info["plate_dialects"][camera] == dialect.value
    reads: list[PlateRead] = []
    ingest = PlateIngest(PlatesConfig((source(quiet_sim, camera, dialect),)), reads.append)
    ingest.start()
    try:
        deadline = time.monotonic() + DEADLINE_S
        while (
            ingest.statuses.get(camera) is None
            or ingest.statuses[camera].state != StreamState.PLAYING
        ):
            assert time.monotonic() < deadline, ingest.statuses
            time.sleep(0.05)
        post(quiet_sim, f"/sim/{camera}/plates", "GH 123 JK")
        read = wait_for(reads, "GH123JK")
    finally:
        ingest.stop()
    assert read.camera_id == camera and read.source == dialect.value.split("-")[0]
    if dialect is not Dialect.DAHUA:  # Dahua's eventManager sends no pictures
        assert read.plate_image is not None and read.plate_image.data.startswith(b"\xff\xd8")


def test_wrong_password_is_a_permanent_failure(quiet_sim: SimProcess) -> None:
    bad = PlateSource(
        "chiavari-05",
        Dialect.HIKVISION,
        quiet_sim.host,
        int(quiet_sim.info["plate_ports"]["chiavari-05"]),
        "admin",
        "wrong",
    )
    ingest = PlateIngest(PlatesConfig((bad,)), lambda _r: None)
    ingest.start()
    try:
        deadline = time.monotonic() + DEADLINE_S
        while (
            ingest.statuses.get("chiavari-05") is None
            or ingest.statuses["chiavari-05"].state != StreamState.FAILED
        ):
            assert time.monotonic() < deadline, ingest.statuses
            time.sleep(0.05)
    finally:
        ingest.stop()
    assert ingest.statuses["chiavari-05"].failure == "auth"


@pytest.mark.parametrize(
    ("camera", "dialect", "kind"),
    [
        ("cogorno-02", Dialect.WEBHOOK, "webhook"),
        ("chiavari-07", Dialect.HIKVISION_PUSH, "hikvision"),
    ],
)
def test_pushed_dialects_reach_the_receiver(
    quiet_sim: SimProcess, camera: str, dialect: Dialect, kind: str
) -> None:
    from app.sim.plates_wire import WEBHOOK_FIELDS

    fields = WEBHOOK_FIELDS if dialect is Dialect.WEBHOOK else {}
    config = PlatesConfig(
        (PlateSource(camera, dialect, fields=dict(fields)),),
        listen_host="127.0.0.1",
        listen_username="anpr",
        listen_password="segreto",
    )
    reads: list[PlateRead] = []
    ingest = PlateIngest(config, reads.append)
    ingest.start()
    try:
        target = f"http://anpr:segreto@127.0.0.1:{ingest.receiver_port}/anpr/{kind}/{camera}"
        post(quiet_sim, f"/sim/{camera}/plates/target", target)
        post(quiet_sim, f"/sim/{camera}/plates", "KL 456 MN")
        read = wait_for(reads, "KL456MN")
    finally:
        ingest.stop()
    assert read.camera_id == camera
    assert read.plate_image is not None and read.plate_image.data.startswith(b"\xff\xd8")


def test_plates_listen_prints_json_lines(quiet_sim: SimProcess, tmp_path: Path) -> None:
    text = Path("resources/demo/site.toml").read_text(encoding="utf-8")
    for port, camera in ((8201, "chiavari-05"), (8202, "lavagna-03")):
        text = text.replace(f"port = {port}", f"port = {quiet_sim.info['plate_ports'][camera]}")
    text = text.replace("listen_port = 8190", "listen_port = 0")
    site = tmp_path / "site.toml"
    site.write_text(text, encoding="utf-8")
    cmd = [sys.executable, "-m", "app", "plates", "listen", "--site", str(site)]
    with subprocess.Popen(
        [*cmd, "--seconds", "20", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            deadline = time.monotonic() + DEADLINE_S
            lines: list[str] = []
            assert proc.stderr is not None and proc.stdout is not None
            while "chiavari-05: playing" not in "".join(lines):
                assert time.monotonic() < deadline
                lines.append(proc.stderr.readline())
            post(quiet_sim, "/sim/chiavari-05/plates", "PQ 321 RS")
            line = proc.stdout.readline()
        finally:
            proc.terminate()
            proc.wait(10)
    read = json.loads(line)
    assert (read["camera"], read["plate"], read["plate_image"]) == ("chiavari-05", "PQ321RS", True)
