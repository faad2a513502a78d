"""``occhio bench --recorder``: evidence export speed, replay start, instant replay, buffer memory.

Against the simulator's recorder (720p, 25 fps, a key frame per second, about
3 Mbit/s), in this order:

- **export**: ``--export-seconds`` (default 300) of one camera through ONVIF
  replay without rate control, into a real evidence folder; the speed is the
  video's length over the wall time, and the clip's NAL units are hashed
  against the bitstream the simulator's recorder sends for that range,
  rebuilt in this process from the same loop (byte-identical or not);
- **replay start** (what a scrub release costs without a warm session):
  connect, DESCRIBE, SETUP, PLAY at a random time, first decoded picture;
- **instant replay**: the first picture 30 s back, from the pre-event buffer
  and from the recorder;
- **pre-event buffer memory**: 16 main streams with 60 s buffers; the
  process's RSS growth while the buffers fill, against the bytes they hold.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import statistics
import struct
import tempfile
import time
from pathlib import Path
from typing import Any

import av

from app.bench.measure import rss_mb
from app.core.evidence_sign import StationKey
from app.core.model import Camera, RecorderAddress, RecorderKind
from app.core.recording import RecordedFrame, Span
from app.core.streams import StreamKey, StreamSource
from app.devices.evidence_export import EvidenceExport, ExportRequest
from app.devices.replay.client import PlayOptions, ReplayClient
from app.sim.encode import REC, load_loops
from app.sim.rec_schedule import RecordingPlan
from app.sim.rec_source import RecordingSource
from app.sim.rtp import nal_units
from app.video.packet_ring import PreEventBuffers, as_frame
from app.video.pyav_engine import PyAVEngine


def _recorded_minute(hours_back: float) -> float:
    t = time.time() - hours_back * 3600
    return t - t % 60


def _camera(info: dict[str, Any], camera_id: str) -> Camera:
    recorder = RecorderAddress(
        RecorderKind.ONVIF, str(info["host"]), int(info["http_port"]), int(info["rtsp_port"]),
        list(info["cameras"]).index(camera_id) + 1, "", "admin", "occhio",
    )  # fmt: skip
    return Camera(camera_id, 1, camera_id, "banco", recorder=recorder)


def clip_nal_digest(path: Path) -> tuple[str, int]:
    """SHA-256 over every NAL unit of an MP4's video samples, and the number of frames."""
    digest, frames = hashlib.sha256(), 0
    with av.open(str(path)) as container:
        for packet in container.demux(video=0):
            data, pos = bytes(packet), 0
            while pos + 4 <= len(data):
                (size,) = struct.unpack_from(">I", data, pos)
                digest.update(data[pos + 4 : pos + 4 + size])
                pos += 4 + size
            frames += bool(packet.size)
    return digest.hexdigest(), frames


def sent_nal_digest(camera_id: str, name: str, span: Span) -> tuple[str, int]:
    """The same digest over what the simulator's recorder sends for ``span``."""
    loop = load_loops([(camera_id, name)], profiles=[REC])[camera_id, REC.name]
    source = RecordingSource(camera_id, name, loop, RecordingPlan(camera_id))

    async def collect() -> tuple[str, int]:
        digest, frames = hashlib.sha256(), 0
        for slot in source.slots(span.start, span.end):
            payloads = await source.payloads(slot.k)
            for nal in nal_units(payloads.payloads):
                digest.update(nal)
            frames += 1
        return digest.hexdigest(), frames

    return asyncio.run(collect())


def bench_export(info: dict[str, Any], seconds: float) -> dict[str, object]:
    """Export ``seconds`` of the first camera; speed and byte identity."""
    camera_id = str(info["cameras"][0])
    start = _recorded_minute(2.5)
    span = Span(start, start + seconds)
    with tempfile.TemporaryDirectory(prefix="occhio-bench-export-") as tmp:
        key = StationKey.load_or_create(Path(tmp) / "key.pem")
        request = ExportRequest(
            _camera(info, camera_id), span, "bench", "bench", "bench", Path(tmp) / "out"
        )
        began = time.monotonic()
        result = asyncio.run(EvidenceExport(key).run(request))
        elapsed = time.monotonic() - began
        got, frames = clip_nal_digest(Path(tmp) / "out" / "clip.mp4")
        size = (Path(tmp) / "out" / "clip.mp4").stat().st_size
    # The benchmark's site names camera N "Banco NNN" (app.bench.simproc.write_sim_site).
    name = f"Banco {list(info['cameras']).index(camera_id) + 1:03d}"
    expected, sent = sent_nal_digest(camera_id, name, span)
    return {
        "export_seconds": seconds,
        "export_wall_s": round(elapsed, 2),
        "export_speed_x": round(seconds / elapsed, 1),
        "export_complete": result.complete,
        "export_frames": frames,
        "export_mbit_s": round(size * 8 / seconds / 1e6, 2),
        "export_identical": got == expected and frames == sent,
    }


async def _first_picture(url: str, start: float) -> float:
    """Seconds from connecting to the first decoded picture of a replay at ``start``."""
    began = time.monotonic()
    codec = av.CodecContext.create("h264", "r")
    async with ReplayClient(url, "admin", "occhio") as client:
        await client.connect()
        await client.play(PlayOptions(start, start + 5, rate_control=False))
        async for frame in client.frames():
            if codec.decode(av.Packet(frame.annexb())):
                return time.monotonic() - began
    raise RuntimeError("no picture")


def bench_replay_start(info: dict[str, Any], runs: int) -> dict[str, object]:
    """Replay start to first picture at random recorded times (a scrub release)."""
    camera_id = str(info["cameras"][1])
    url = f"rtsp://{info['host']}:{info['rtsp_port']}/recording/rec-{camera_id}"
    base = _recorded_minute(3)
    rng = random.Random(7)
    times = [asyncio.run(_first_picture(url, base + rng.uniform(0, 3000))) for _ in range(runs)]
    times.sort()
    return {
        "replay_start_ms_p50": round(statistics.median(times) * 1000),
        "replay_start_ms_max": round(times[-1] * 1000),
        "replay_starts": runs,
    }


def _decode_first(frames: list[RecordedFrame]) -> float:
    began = time.monotonic()
    codec = av.CodecContext.create("h264", "r")
    for frame in frames:
        if codec.decode(av.Packet(frame.annexb())):
            return time.monotonic() - began
    raise RuntimeError("no picture in the buffer")


def _rss_growth(
    info: dict[str, Any], streams: int, buffers: PreEventBuffers | None, seconds: float
) -> tuple[float, int, float]:
    """RSS growth (MiB) and buffer bytes gained while ``streams`` main streams play ``seconds``.

    Measured from 15 s in, when decoders and sockets have their steady size.
    Also returns the time to the first picture 30 s back from the buffer (0 without).
    """
    engine = PyAVEngine(decode_threads=1, buffers=buffers)
    user, password = str(info["username"]), str(info["password"])
    base = f"rtsp://{info['host']}:{info['rtsp_port']}"
    cameras = list(info["cameras"])[:streams]
    opened = [
        engine.open(StreamKey(c), StreamSource(f"{base}/{c}/main", user, password)) for c in cameras
    ]
    instant = 0.0
    try:
        time.sleep(15)
        rss0, bytes0 = rss_mb(), buffers.total_bytes() if buffers else 0
        time.sleep(seconds - 10)
        rss1, bytes1 = rss_mb(), buffers.total_bytes() if buffers else 0
        ring = buffers.ring(StreamKey(cameras[0])) if buffers else None
        if ring is not None:
            past = ring.snapshot(since_wallclock=time.time() - 30)
            instant = _decode_first([as_frame(p, past[0]) for p in past])
    finally:
        engine.close_many(opened)
    return rss1 - rss0, bytes1 - bytes0, instant


def bench_buffers(info: dict[str, Any], streams: int, seconds: float) -> dict[str, object]:
    """60 s buffers of ``streams`` main streams: RSS growth against the bytes they gained.

    The same streams are first played without buffers for as long (the
    control): what the process grows anyway is taken off.
    """
    control, _, _ = _rss_growth(info, streams, None, seconds)
    buffers = PreEventBuffers(seconds)
    growth, gained, instant = _rss_growth(info, streams, buffers, seconds)
    gained_mb = gained / 2**20
    return {
        "buffer_streams": streams,
        "buffer_held_mb": round(buffers.total_bytes() / 2**20, 1),
        "buffer_gained_mb": round(gained_mb, 1),
        "buffer_rss_growth_mb": round(growth, 1),
        "control_rss_growth_mb": round(control, 1),
        "buffer_growth_ratio": round((growth - control) / gained_mb, 3) if gained_mb else None,
        "instant_replay_buffer_ms": round(instant * 1000),
    }


def run_recorder_bench(info: dict[str, Any], export_seconds: float, runs: int) -> dict[str, object]:
    """Every measurement, as one report."""
    report: dict[str, object] = {}
    report |= bench_export(info, export_seconds)
    report |= bench_replay_start(info, runs)
    url = f"rtsp://{info['host']}:{info['rtsp_port']}/recording/rec-{info['cameras'][2]}"
    report["instant_replay_recorder_ms"] = round(
        asyncio.run(_first_picture(url, time.time() - 30)) * 1000
    )
    report |= bench_buffers(info, min(16, len(info["cameras"])), 60.0)
    return report
