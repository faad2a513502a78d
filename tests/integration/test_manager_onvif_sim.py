"""A camera known only by its ONVIF address plays through the stream manager."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from app.config.sitefile import load_site
from app.core.model import Profile
from app.core.streams import StreamState
from app.devices.sources import DeviceSourceResolver
from app.ui.demo import point_site_at_sim
from app.video.manager import StreamManager
from app.video.pyav_engine import PyAVEngine
from tests.playback import frame_sizes
from tests.simproc import SimProcess
from tests.waiting import wait_until

DEMO_SITE = Path(__file__).resolve().parents[2] / "resources" / "demo" / "site.toml"


def test_onvif_only_camera_plays_main_and_sub(sim: SimProcess) -> None:
    site = point_site_at_sim(load_site(DEMO_SITE), sim.info)
    camera = next(c for c in site.cameras if c.onvif is not None)
    assert camera.main_url is None and camera.sub_url is None
    sizes = frame_sizes(camera, 15)
    assert sizes == {Profile.MAIN: (1280, 720), Profile.SUB: (640, 360)}


def test_onvif_camera_with_wrong_password_fails_as_auth(sim: SimProcess) -> None:
    site = point_site_at_sim(load_site(DEMO_SITE), sim.info)
    camera = next(c for c in site.cameras if c.onvif is not None)
    assert camera.onvif is not None
    wrong = dataclasses.replace(
        camera,
        id=camera.id + "-wrong",
        onvif=dataclasses.replace(camera.onvif, password="sbagliata"),
    )
    manager = StreamManager(PyAVEngine(), DeviceSourceResolver())
    try:
        stream = manager.acquire(wrong, Profile.MAIN)
        assert wait_until(lambda: stream.status.state is StreamState.FAILED, 15)
        assert stream.status.failure.value == "auth"
    finally:
        manager.shutdown()
