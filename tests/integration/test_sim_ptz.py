"""The simulator's PTZ camera seen by Occhio's own clients, and in its picture."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import av
import cv2
import numpy as np
import pytest
from onvif import ONVIFCamera

from app.core.model import Camera, Profile
from app.core.streams import StreamSource, StreamState
from app.devices.ptz import PtzClient
from app.devices.ptz_types import PtzPosition
from app.devices.sources import DeviceSourceResolver
from app.video.manager import StreamManager
from app.video.pyav_engine import PyAVEngine
from tests.onvifcmd import onvif_json
from tests.ptzsim import PASSWORD, PTZ_ID, USER, address, ptz_camera, ptz_simulator, shift
from tests.simproc import SimProcess
from tests.waiting import wait_until


@pytest.fixture(scope="module")
def ptz_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimProcess]:
    with ptz_simulator(tmp_path_factory.mktemp("ptz-site")) as proc:
        yield proc


async def settle(client: PtzClient, timeout: float = 10.0) -> PtzPosition:
    """Poll GetStatus until the head is idle; its position."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = await client.status()
        if not status.moving:
            return status.position
        await asyncio.sleep(0.05)
    raise AssertionError("the PTZ head kept moving")


def test_onvif_command_lists_profiles_uris_and_presets(ptz_sim: SimProcess) -> None:
    data = onvif_json(f"127.0.0.1:{ptz_sim.onvif_ports[PTZ_ID]}", USER, PASSWORD)
    uris = [p["stream_uri"] for p in data["device"]["profiles"]]
    base = f"rtsp://{ptz_sim.host}:{ptz_sim.rtsp_port}/{PTZ_ID}"
    assert uris == [f"{base}/main", f"{base}/sub"]
    assert data["ptz"]["available"] is True
    assert data["ptz"]["found_by"] == "services"
    assert {p["name"] for p in data["ptz"]["presets"]} >= {"Ingresso", "Incrocio"}


def test_continuous_move_right_then_stop(ptz_sim: SimProcess) -> None:
    async def scenario() -> tuple[float, float, bool]:
        async with PtzClient(address(ptz_sim)) as client:
            await client.absolute_move(-0.5, 0.0, 0.0)
            start = await settle(client)
            await client.continuous_move(1.0, 0.0)
            deadline = time.monotonic() + 10
            while True:
                pan = (await client.status()).position.pan
                if pan is not None and pan > (start.pan or 0.0) + 0.1:
                    break
                assert time.monotonic() < deadline, "pan did not increase"
                await asyncio.sleep(0.05)
            await client.stop()
            after = await client.status()
            return start.pan or 0.0, after.position.pan or 0.0, after.moving

    before, after, moving = asyncio.run(scenario())
    assert after > before + 0.05
    assert not moving


def grab(url: str) -> np.ndarray:
    """The first decoded picture of ``url`` as grey levels."""
    with av.open(url, options={"rtsp_transport": "tcp"}, timeout=10) as container:
        for frame in container.decode(video=0):
            return np.asarray(frame.to_ndarray(format="gray"), np.float32)
    raise AssertionError(f"no picture from {url}")


def test_picture_follows_the_head(ptz_sim: SimProcess) -> None:
    url = ptz_sim.url(PTZ_ID, "main")

    async def go(pan: float) -> PtzPosition:
        async with PtzClient(address(ptz_sim)) as client:
            await client.absolute_move(pan, 0.0, 0.0)
            return await settle(client)

    assert asyncio.run(go(0.0)).pan == pytest.approx(0.0, abs=1e-3)
    before = grab(url)
    assert asyncio.run(go(0.05)).pan == pytest.approx(0.05, abs=1e-3)
    after = grab(url)
    dx, dy = shift(before, after)
    # Pan right by 0.05 (9 degrees of a 60-degree field of view): the scene moves
    # 0.15 of the picture's width, 192 pixels, to the left.
    assert -212 < dx < -172, (dx, dy)
    assert abs(dy) < 10
    # The ONVIF snapshot shows the same view as the stream.
    snap_dx, snap_dy = shift(after, snapshot(ptz_sim))
    assert abs(snap_dx) < 5 and abs(snap_dy) < 5


def snapshot(sim: SimProcess) -> np.ndarray:
    """The camera's ONVIF snapshot (main profile) as grey levels."""
    url = f"http://{sim.host}:{sim.onvif_ports[PTZ_ID]}/onvif/snapshot?profile=main"
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, url, "admin", "occhio")
    opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(manager))
    with opener.open(url, timeout=10) as resp:
        data = np.frombuffer(resp.read(), np.uint8)
    image = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    assert image is not None and image.shape == (720, 1280)
    return np.asarray(image, np.float32)


def test_synchronization_point_forces_a_key_frame(ptz_sim: SimProcess) -> None:
    async def sync() -> None:
        camera = ONVIFCamera(ptz_sim.host, ptz_sim.onvif_ports[PTZ_ID], "admin", "occhio")
        try:
            await camera.update_xaddrs()
            media = await camera.create_media_service()
            await media.SetSynchronizationPoint({"ProfileToken": "main"})
        finally:
            await camera.close()

    with av.open(ptz_sim.url(PTZ_ID, "main"), options={"rtsp_transport": "tcp"}, timeout=10) as c:
        packets = (p for p in c.demux(video=0) if p.size)
        assert next(packets).is_keyframe  # a new viewer starts on a fresh IDR
        for _ in range(5):
            assert not next(packets).is_keyframe
        asyncio.run(sync())
        # The GOP is 50 frames, counted from the first IDR: a key frame before the
        # 50th is the synchronisation point (the demuxer may hold some frames already).
        keys = [i for i in range(6, 50) if next(packets).is_keyframe]
        assert keys, "no key frame after SetSynchronizationPoint"


def test_wall_streams_ask_onvif_cameras_for_a_key_frame(ptz_sim: SimProcess) -> None:
    camera = ptz_camera(ptz_sim)
    answers: list[object] = []

    def resolver(cam: Camera, profile: Profile) -> StreamSource:
        source = DeviceSourceResolver()(cam, profile)
        request = source.key_frame_request
        assert request is not None
        return dataclasses.replace(source, key_frame_request=lambda: answers.append(request()))

    manager = StreamManager(PyAVEngine(), resolver)
    try:
        stream = manager.acquire(camera, Profile.SUB)
        assert wait_until(lambda: stream.status.state is StreamState.PLAYING, 20)
        assert wait_until(lambda: answers == [True], 10), answers  # the camera agreed, once
    finally:
        manager.shutdown()
    fixed = dataclasses.replace(camera, onvif=None, main_url=ptz_sim.url(PTZ_ID, "main"))
    assert DeviceSourceResolver()(fixed, Profile.MAIN).key_frame_request is None


def _ptz_command(ptz_sim: SimProcess, *args: str) -> subprocess.CompletedProcess[str]:
    address = f"127.0.0.1:{ptz_sim.onvif_ports[PTZ_ID]}"
    return subprocess.run(
        [sys.executable, "-m", "app", "ptz", address, "--user", USER, *args],
        env={**os.environ, "OCCHIO_PASSWORD": PASSWORD},
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def _pan(output: str, label: str) -> float:
    line = next(x for x in output.splitlines() if x.startswith(label))
    return float(line.split("pan ")[1].split()[0])


def test_ptz_command_takes_a_negative_move_and_waits_for_a_preset(ptz_sim: SimProcess) -> None:
    left = _ptz_command(ptz_sim, "--move", "-0.5,0,0", "--for", "0.5")
    assert left.returncode == 0, left.stderr
    assert _pan(left.stdout, "Dopo") < _pan(left.stdout, "Prima")  # it turned left
    recall = _ptz_command(ptz_sim, "--preset", "Incrocio")
    assert recall.returncode == 0, recall.stderr
    assert abs(_pan(recall.stdout, "Dopo") - 0.5) < 0.01  # printed where it stopped
