"""A camera known only by its ONVIF address plays through the stream manager."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from app.config.sitefile import load_site
from app.core.model import Profile
from app.ui.demo import point_site_at_sim
from app.video.engine import StreamState
from app.video.manager import StreamManager, default_resolver
from app.video.pyav_engine import PyAVEngine
from tests.integration.gstserver import wait_until
from tests.simproc import SimProcess

DEMO_SITE = Path(__file__).resolve().parents[2] / "resources" / "demo" / "site.toml"


def test_onvif_only_camera_plays_main_and_sub(sim: SimProcess) -> None:
    site = point_site_at_sim(load_site(DEMO_SITE), sim.info)
    camera = next(c for c in site.cameras if c.onvif is not None)
    assert camera.main_url is None and camera.sub_url is None
    manager = StreamManager(PyAVEngine(), default_resolver)
    try:
        sizes = {}
        for profile in (Profile.MAIN, Profile.SUB):
            stream = manager.acquire(camera, profile)
            assert wait_until(lambda s=stream: s.status.state is StreamState.PLAYING, 15)
            assert wait_until(lambda s=stream: s.mailbox.latest()[1] is not None, 5)
            frame = stream.mailbox.latest()[1]
            assert frame is not None
            sizes[profile] = (frame.width, frame.height)
        assert sizes == {Profile.MAIN: (1280, 720), Profile.SUB: (640, 360)}
    finally:
        manager.shutdown()


def test_onvif_camera_with_wrong_password_fails_as_auth(sim: SimProcess) -> None:
    site = point_site_at_sim(load_site(DEMO_SITE), sim.info)
    camera = next(c for c in site.cameras if c.onvif is not None)
    assert camera.onvif is not None
    wrong = dataclasses.replace(
        camera,
        id=camera.id + "-wrong",
        onvif=dataclasses.replace(camera.onvif, password="sbagliata"),
    )
    manager = StreamManager(PyAVEngine(), default_resolver)
    try:
        stream = manager.acquire(wrong, Profile.MAIN)
        assert wait_until(lambda: stream.status.state is StreamState.FAILED, 15)
        assert stream.status.failure.value == "auth"
    finally:
        manager.shutdown()
