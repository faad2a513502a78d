"""The ONVIF wrapper against the simulator's ONVIF cameras (real sockets)."""

from __future__ import annotations

import asyncio

import pytest

from app.core.model import Camera, OnvifAddress, Profile
from app.core.streams import Failure
from app.devices.onvif import forget_cached_uris, get_device_summary, resolve_stream_source
from app.devices.onvif_errors import OnvifError
from tests.simproc import SimProcess

CAMERA = "chiavari-07"  # ONVIF-only in the demo site


def _address(sim: SimProcess, password: str = "occhio") -> OnvifAddress:
    return OnvifAddress(sim.host, sim.onvif_ports[CAMERA], "admin", password)


def test_summary_lists_main_and_sub(sim: SimProcess) -> None:
    summary = asyncio.run(get_device_summary(_address(sim)))
    assert len(summary.profiles) == 2
    assert summary.main is not None and summary.sub is not None
    assert summary.main.stream_uri.startswith("rtsp://")
    assert summary.main.stream_uri.endswith(f"/{CAMERA}/main")
    assert summary.sub.stream_uri.endswith(f"/{CAMERA}/sub")
    assert summary.main.pixels > summary.sub.pixels
    assert summary.main.encoding == "H264"
    assert summary.snapshot_uri.startswith("http://")


def test_wrong_password_is_auth_failure(sim: SimProcess) -> None:
    with pytest.raises(OnvifError) as info:
        asyncio.run(get_device_summary(_address(sim, "sbagliata"), timeout=3.0))
    assert info.value.failure is Failure.AUTH
    assert "clock" not in info.value.detail


def test_resolve_stream_source_uses_onvif_credentials(sim: SimProcess) -> None:
    forget_cached_uris()
    camera = Camera(CAMERA, 116, "Casello", "chiavari", onvif=_address(sim))
    source = resolve_stream_source(camera, Profile.SUB)
    assert source.url == f"rtsp://{sim.host}:{sim.rtsp_port}/{CAMERA}/sub"
    assert (source.username, source.password) == ("admin", "occhio")
    assert resolve_stream_source(camera, Profile.MAIN).url.endswith(f"/{CAMERA}/main")
