"""``python -m app probe`` as a process against GStreamer's RTSP server."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.integration.gstserver import GstServer, running_gst


@pytest.fixture(scope="module")
def gst() -> Iterator[GstServer]:
    with running_gst(user="admin", password="occhio", width=320, height=240, fps=25) as server:
        yield server


def _probe(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "probe", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.thirdparty
@pytest.mark.parametrize("transport", ["tcp", "udp"])
def test_probe_reports_the_stream(gst: GstServer, transport: str) -> None:
    done = _probe(
        gst.url(), "--seconds", "2", "--transport", transport,
        "--user", "admin", "--password", "occhio", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is True
    assert (report["width"], report["height"]) == (320, 240)
    assert report["codec"] == "h264"
    assert report["frames"] >= 20
    assert 15 <= report["fps"] <= 35
    assert report["first_frame_ms"] > 0
    assert "occhio" not in done.stdout  # the password is never printed
    assert [t["state"] for t in report["transitions"]][-1] in ("playing", "idle")


@pytest.mark.thirdparty
def test_probe_wrong_password_exits_1_with_auth(gst: GstServer) -> None:
    done = _probe(f"rtsp://admin:nope@127.0.0.1:{gst.port}/test", "--seconds", "2")
    assert done.returncode == 1
    assert "auth" in done.stdout
    assert "nope" not in done.stdout + done.stderr


def test_probe_of_dead_address_is_bounded() -> None:
    done = _probe("rtsp://127.0.0.1:1/x", "--seconds", "1", "--json", timeout=20)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["ok"] is False
    assert report["failure"] == "unreachable"
