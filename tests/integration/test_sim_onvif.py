"""The simulator's ONVIF services seen by the real client library (onvif-zeep-async)."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request

import pytest
from onvif import ONVIFCamera
from zeep.exceptions import Fault

from tests.simproc import SimProcess


async def _profiles_and_uris(sim: SimProcess, camera_id: str, password: str) -> list[tuple]:
    cam = ONVIFCamera(sim.host, sim.onvif_ports[camera_id], sim.username, password)
    try:
        await cam.update_xaddrs()
        media = await cam.create_media_service()
        out = []
        for profile in await media.GetProfiles():
            res = profile.VideoEncoderConfiguration.Resolution
            uri = await media.GetStreamUri(
                {
                    "StreamSetup": {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}},
                    "ProfileToken": profile.token,
                }
            )
            snap = await media.GetSnapshotUri({"ProfileToken": profile.token})
            out.append((profile.token, res.Width, res.Height, uri.Uri, snap.Uri))
        return out
    finally:
        await cam.close()


def test_profiles_and_stream_uris(sim: SimProcess) -> None:
    camera_id = sim.cameras[-1]
    result = asyncio.run(_profiles_and_uris(sim, camera_id, sim.password(camera_id)))
    base = f"rtsp://{sim.host}:{sim.rtsp_port}/{camera_id}"
    assert [r[:4] for r in result] == [
        ("main", 1280, 720, f"{base}/main"),
        ("sub", 640, 360, f"{base}/sub"),
    ]
    snapshot_url = result[0][4]
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, snapshot_url, sim.username, sim.password(camera_id))
    opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(manager))
    with opener.open(snapshot_url, timeout=10) as resp:
        assert resp.headers["Content-Type"] == "image/jpeg"
        assert resp.read(2) == b"\xff\xd8"
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(snapshot_url, timeout=10)
    assert info.value.code == 401
    info.value.close()


def test_wrong_password_is_a_fault(sim: SimProcess) -> None:
    camera_id = sim.cameras[-2]
    with pytest.raises(Fault) as info:
        asyncio.run(_profiles_and_uris(sim, camera_id, "sbagliata"))
    assert "not authorized" in str(info.value).lower()
