"""Occhio against an ONVIF camera nobody on the project wrote: IPyCam from PyPI.

IPyCam answers in its own way: it uses the ``ptz:`` and ``tptz:`` prefixes
without declaring them, fills only some optional fields, leaves template
placeholders in GetStatus's move status and refuses operations it lacks
(RemovePreset, SetSynchronizationPoint). The client must cope with all of it.
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.core.model import Camera, CameraKind, OnvifAddress, Profile
from app.devices.onvif_errors import OnvifError
from app.devices.ptz import PtzClient
from tests.onvifcmd import onvif_json
from tests.playback import frame_sizes

SCRIPT = Path(__file__).with_name("ipycam_server.py")
USER, PASSWORD = "operatore", "terza-parte"
START_TIMEOUT_S = 30.0


@dataclass
class ThirdPartyCamera:
    """A running IPyCam: its ports and whether it streams RTSP (it needs FFmpeg)."""

    onvif_port: int
    rtsp_port: int
    streaming: bool

    @property
    def address(self) -> OnvifAddress:
        return OnvifAddress("127.0.0.1", self.onvif_port, USER, PASSWORD)


def _free_ports(count: int) -> list[int]:
    socks = [socket.socket() for _ in range(count)]
    try:
        for sock in socks:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in socks]
    finally:
        for sock in socks:
            sock.close()


def _ready_line(proc: subprocess.Popen[str]) -> str:
    """The server's first stdout line, waited for at most START_TIMEOUT_S."""
    lines: list[str] = []
    stdout = proc.stdout
    assert stdout is not None
    reader = threading.Thread(target=lambda: lines.append(stdout.readline()))
    reader.start()
    reader.join(START_TIMEOUT_S)
    return lines[0] if lines else ""


@pytest.fixture(scope="module")
def ipycam(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThirdPartyCamera]:
    pytest.importorskip("ipycam", reason="IPyCam is installed by packaging/dev.sh test")
    onvif, rtsp, web, go2rtc = _free_ports(4)
    folder = tmp_path_factory.mktemp("ipycam")  # it writes its presets file where it runs
    log = folder / "ipycam.log"
    with log.open("w") as err:
        command = [sys.executable, str(SCRIPT), "--onvif-port", str(onvif)]
        command += ["--rtsp-port", str(rtsp), "--web-port", str(web), "--go2rtc-port", str(go2rtc)]
        command += ["--user", USER, "--password", PASSWORD]
        proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            cwd=folder,
        )
        try:
            line = _ready_line(proc)
            assert line.startswith("READY "), f"IPyCam did not start: {log.read_text()[-2000:]}"
            mode = json.loads(line.split(" ", 1)[1])["mode"]
            yield ThirdPartyCamera(onvif, rtsp, streaming=mode == "native_rtsp")
        finally:
            _stop(proc)


def _stop(proc: subprocess.Popen[str]) -> None:
    """Close the server's stdin (it exits), killing it if it does not."""
    for pipe in (proc.stdin, proc.stdout):
        if pipe:
            pipe.close()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def test_onvif_command_reads_the_device(ipycam: ThirdPartyCamera) -> None:
    data = onvif_json(f"127.0.0.1:{ipycam.onvif_port}", USER, PASSWORD)
    profiles = data["device"]["profiles"]
    base = f"rtsp://127.0.0.1:{ipycam.rtsp_port}"
    assert [p["stream_uri"] for p in profiles] == [f"{base}/video_main", f"{base}/video_sub"]
    assert (data["device"]["main"]["width"], data["device"]["sub"]["width"]) == (1920, 640)
    assert data["ptz"]["available"] is True
    assert data["ptz"]["limits"]["zoom"] == {"min": 0.0, "max": 1.0}


def test_ptz_moves_presets_and_refusals(ipycam: ThirdPartyCamera) -> None:
    async def scenario() -> None:
        async with PtzClient(ipycam.address) as client:
            await client.absolute_move(0.2, -0.3, 0.4)
            position = (await client.status()).position
            assert (position.pan, position.tilt, position.zoom) == pytest.approx((0.2, -0.3, 0.4))
            await client.continuous_move(0.8, 0.0)
            for _ in range(100):  # the device integrates the speed on its own clock
                if ((await client.status()).position.pan or 0.0) > 0.25:
                    break
                await asyncio.sleep(0.05)
            await client.stop()
            stopped = (await client.status()).position.pan or 0.0
            assert stopped > 0.25
            token = await client.set_preset("Molo")
            assert "Molo" in {p.name for p in await client.presets()}
            await client.goto_home()
            await client.goto_preset(token)
            with pytest.raises(OnvifError):
                await client.remove_preset(token)  # not implemented by this device

    asyncio.run(scenario())


def test_wall_plays_the_device_known_by_onvif_address_only(ipycam: ThirdPartyCamera) -> None:
    if not ipycam.streaming:
        pytest.skip("IPyCam streams RTSP only with FFmpeg installed (Debian package ffmpeg)")
    camera = Camera(
        id="terza", number=901, name="Terza", site_id="s", kind=CameraKind.PTZ, onvif=ipycam.address
    )
    sizes = frame_sizes(camera, 30)
    assert sizes == {Profile.MAIN: (1920, 1080), Profile.SUB: (640, 360)}
