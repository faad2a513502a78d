"""Playing a camera's main and sub streams through the wall's stream manager."""

from __future__ import annotations

from app.core.model import Camera, Profile
from app.core.streams import StreamState
from app.devices.sources import DeviceSourceResolver
from app.video.manager import StreamManager
from app.video.pyav_engine import PyAVEngine
from tests.waiting import wait_until


def frame_sizes(camera: Camera, timeout: float) -> dict[Profile, tuple[int, int]]:
    """The decoded picture size of each profile, found as the wall finds them."""
    manager = StreamManager(PyAVEngine(), DeviceSourceResolver())
    try:
        sizes = {}
        for profile in (Profile.MAIN, Profile.SUB):
            stream = manager.acquire(camera, profile)
            assert wait_until(lambda s=stream: s.status.state is StreamState.PLAYING, timeout)
            assert wait_until(lambda s=stream: s.mailbox.latest()[1] is not None, 10)
            frame = stream.mailbox.latest()[1]
            assert frame is not None
            sizes[profile] = (frame.width, frame.height)
        return sizes
    finally:
        manager.shutdown()
