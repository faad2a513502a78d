"""Third-party ONVIF replay: GStreamer's client on the simulator, Occhio on GStreamer's server.

So that Occhio's replay client and the simulator's recorder are not only
tested against each other.
"""

from __future__ import annotations

import asyncio
import itertools
import struct
from pathlib import Path

import av
import pytest

from app.core import evidence as ev
from app.core.evidence_sign import StationKey
from app.core.model import Camera
from app.core.recording import DeviceIdentity, RecordingIndex, Span
from app.devices.evidence_export import EvidenceExport, ExportRequest
from app.devices.recorder import ReplayStream, start_replay
from app.devices.replay.client import PlayOptions
from app.sim.clock_read import shown_time
from tests.evidence import minute_ago, probe_frames
from tests.integration.gstonvif import onvif_server, run_client
from tests.simproc import SimProcess

pytestmark = pytest.mark.thirdparty
CAMERA, NAME = "chiavari-01", "Piazza Matteotti"


def read_dump(path: Path) -> list[tuple[float, int, bytes]]:
    data = path.read_bytes()
    out, pos = [], 0
    while pos < len(data):
        pts, flags, size = struct.unpack_from(">qBI", data, pos)
        pos += 13
        out.append((pts / 1e9, flags, data[pos : pos + size]))
        pos += size
    return out


def test_gstreamer_plays_a_simulator_recording_by_clock_range(
    sim: SimProcess, tmp_path: Path
) -> None:
    start = minute_ago(2) + 10
    url = f"rtsp://{sim.host}:{sim.rtsp_port}/recording/rec-{CAMERA}"
    last = run_client(
        url,
        tmp_path / "dump",
        user=sim.username,
        password=sim.password(CAMERA),
        span=(start, start + 4),
    )
    _, frames, decoded = last.split()
    units = read_dump(tmp_path / "dump")
    assert int(frames) == len(units) >= 75 and int(decoded) >= 50
    times = [t for t, _, _ in units]
    assert start - 1 <= times[0] and times[-1] < start + 4
    assert all(round(b - a, 6) == 0.04 for a, b in itertools.pairwise(times))
    codec = av.CodecContext.create("h264", "r")
    checked = 0
    for t, _flags, data in units[next(i for i, u in enumerate(units) if u[1] & 1) :]:
        pictures = codec.decode(av.Packet(data))
        if pictures and round(t * 25) % 12 == 0:
            second = t - t % 1
            picture = pictures[-1].to_ndarray(format="bgr24")
            assert shown_time(picture, CAMERA, NAME, [second - 1, second, second + 1])[0] == second
            checked += 1
    assert checked >= 4  # GStreamer's capture times are the times burnt into the picture


class GstRecorder:
    """GStreamer's server has replay but no ONVIF search or device service: the rest is given."""

    where = "gstreamer"

    def __init__(self, url: str) -> None:
        self.url = url

    async def identity(self) -> DeviceIdentity:
        return DeviceIdentity("GStreamer", "RTSPOnvifServer")

    async def clock_offset(self) -> float | None:
        return 0.0

    async def search(self, wanted: Span) -> RecordingIndex:
        return RecordingIndex(wanted, (wanted,))

    async def replay(self, wanted: Span, *, fast: bool = False, scale: float = 1.0) -> ReplayStream:
        options = PlayOptions(wanted.start, wanted.end, onvif=True, rate_control=not fast)
        return await start_replay(self.url, wanted, options, user="", password="", timeout=5.0)

    async def close(self) -> None:
        return None


def test_occhio_exports_from_gstreamers_onvif_server(tmp_path: Path) -> None:
    start = minute_ago(1) + 20
    with onvif_server() as port:
        recorder = GstRecorder(f"rtsp://127.0.0.1:{port}/recording")

        async def opener(camera: Camera) -> GstRecorder:
            return recorder

        key = StationKey.load_or_create(tmp_path / "key.pem")
        camera = Camera("gst", 1, "GStreamer", "s")
        request = ExportRequest(
            camera, Span(start, start + 3), "Prova", "P-1", "Rossi", tmp_path / "out"
        )
        result = asyncio.run(EvidenceExport(key, opener=opener).run(request))  # type: ignore[arg-type]
    assert result.complete, result.reason
    rows = [line.split(",") for line in (result.folder / ev.FRAMES).read_text().splitlines()[1:]]
    assert len(rows) == 75
    expected = [ev.utc_micro(start + n / 25) for n in range(75)]
    assert [r[1] for r in rows] == expected  # the server's own capture times, frame by frame
    assert rows[0][2] == "1" and rows[25][2] == "1"
    assert probe_frames(result.folder / ev.CLIP) == "75"
