"""The background health check against the simulator and a closed port."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from dataclasses import replace

import pytest

from app.core.health import Observation
from app.core.model import Camera, OnvifAddress
from app.core.streams import Failure
from app.devices.health_check import HealthChecker, check_camera
from tests.simproc import SimProcess
from tests.waiting import wait_until


@pytest.fixture(scope="module")
def small_sim() -> Iterator[SimProcess]:
    proc = SimProcess().start(cameras=3)
    try:
        yield proc
    finally:
        proc.stop()


def camera(sim: SimProcess, index: int, **changes: object) -> Camera:
    cam_id = sim.cameras[index]
    base = Camera(
        cam_id,
        900 + index,
        cam_id,
        "s",
        main_url=sim.url(cam_id, "main", with_credentials=False),
        username=sim.username,
        password=sim.password(cam_id),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def look(cam: Camera) -> Observation:
    return asyncio.run(check_camera(cam, timeout=3.0))


def test_describe_with_digest_tells_ok_credentials_path_and_unreachable(small_sim: SimProcess):
    good = look(camera(small_sim, 0))
    assert good.ok and good.failure is Failure.NONE, good.detail
    wrong = look(camera(small_sim, 0, password="sbagliata"))
    assert (wrong.ok, wrong.failure) == (False, Failure.AUTH)
    url = f"rtsp://127.0.0.1:{small_sim.rtsp_port}/nessuna/main"
    missing = look(camera(small_sim, 0, main_url=url))
    assert not missing.ok and missing.failure in (Failure.NOT_FOUND, Failure.AUTH)
    dead = look(camera(small_sim, 0, main_url=f"rtsp://127.0.0.1:{closed_port()}/x"))
    assert (dead.ok, dead.failure) == (False, Failure.UNREACHABLE)


def test_onvif_only_camera_answers_its_clock(small_sim: SimProcess):
    cam_id = small_sim.cameras[1]
    port = small_sim.onvif_ports[cam_id]
    onvif_only = Camera(cam_id, 1, cam_id, "s", onvif=OnvifAddress("127.0.0.1", port))
    assert look(onvif_only).ok
    gone = replace(onvif_only, onvif=OnvifAddress("127.0.0.1", closed_port()))
    assert look(gone).failure is Failure.UNREACHABLE


def test_checker_covers_every_camera_not_on_a_wall(small_sim: SimProcess):
    seen: list[Observation] = []
    checker = HealthChecker(seen.append, interval_s=0.5, concurrency=2, timeout=2.0)
    cams = [camera(small_sim, i) for i in range(3)]
    checker.set_cameras(cams)
    checker.set_skip([cams[2].id])  # on a wall: its stream says how it is
    checker.start()
    try:
        assert wait_until(lambda: {o.camera_id for o in seen} >= {cams[0].id, cams[1].id}, 10)
    finally:
        checker.stop()
    assert cams[2].id not in {o.camera_id for o in seen}
    assert all(o.ok for o in seen)


def test_recorder_check_is_a_connection_to_its_http_port(small_sim: SimProcess):
    from app.core.model import RecorderAddress, RecorderKind
    from app.devices.health_check import check_recorder

    up = RecorderAddress(RecorderKind.ONVIF, "127.0.0.1", small_sim.http_port)
    assert asyncio.run(check_recorder("recorder:a", up, 2.0)).ok
    gone = RecorderAddress(RecorderKind.ONVIF, "127.0.0.1", closed_port())
    seen = asyncio.run(check_recorder("recorder:b", gone, 2.0))
    assert (seen.ok, seen.failure) == (False, Failure.UNREACHABLE)
