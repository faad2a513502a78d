"""Encode each camera's loop once with libx264 and keep it in a disk cache.

Live encoding of 16 cameras would need several cores (about 11 ms per 720p
frame for rendering plus x264 ultrafast), so the simulator renders and
encodes a short loop per camera and profile once, then replays the same
packets forever. The loop is two GOPs long and the scene is periodic in it,
so the replay joins up without a visible jump. Loops are cached on disk
(keyed by everything that changes the bitstream), which makes a second start
nearly instant.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import struct
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from multiprocessing import get_context
from pathlib import Path

import av
import numpy as np
import platformdirs

from app.sim import scene

logger = logging.getLogger("app.sim")

FORMAT_VERSION = 4
#: Constant quantiser: a live IDR then codes the unchanged macroblocks exactly as the loop did.
QP = 24
_MAGIC = b"OCSIM\x01"


@dataclass(frozen=True)
class ProfileSpec:
    """One stream profile of a simulated camera."""

    name: str
    width: int
    height: int
    fps: Fraction
    gop_frames: int
    loop_frames: int
    #: Amplitude of the moving film grain (0: none); grain makes the bitrate realistic.
    grain: int = 0

    def key_fields(self) -> dict[str, object]:
        """The fields that change the encoded bitstream (for the cache key)."""
        fields: dict[str, object] = {
            "profile": self.name,
            "w": self.width,
            "h": self.height,
            "fps": str(self.fps),
            "gop": self.gop_frames,
            "loop": self.loop_frames,
        }
        if self.grain:
            fields["grain"] = self.grain
        return fields


MAIN = ProfileSpec("main", 1280, 720, Fraction(25), 50, 100)
SUB = ProfileSpec("sub", 640, 360, Fraction(25, 2), 25, 50)
PROFILES = {MAIN.name: MAIN, SUB.name: SUB}
#: What the simulated recorders hold: 720p with a key frame every second, so a
#: key frame's burnt-in clock is right for every frame of its second, and grain
#: that brings the bitrate to about 3 Mbit/s like a real camera's main stream.
REC = ProfileSpec("rec", 1280, 720, Fraction(25), 25, 50, grain=8)


@dataclass(frozen=True)
class EncodedLoop:
    """The NAL units (no start codes) of every frame of one loop."""

    profile: ProfileSpec
    frames: list[list[bytes]]

    @property
    def sps(self) -> bytes:
        """The sequence parameter set (from the first IDR)."""
        return next(n for n in self.frames[0] if n[0] & 0x1F == 7)

    @property
    def pps(self) -> bytes:
        """The picture parameter set (from the first IDR)."""
        return next(n for n in self.frames[0] if n[0] & 0x1F == 8)


def split_annexb(data: bytes) -> list[bytes]:
    """Split an Annex B byte stream into NAL units without start codes."""
    nals = []
    for chunk in data.split(b"\x00\x00\x01"):
        nal = chunk.rstrip(b"\x00")
        if nal:
            nals.append(nal)
    return nals


def cache_dir() -> Path:
    """Where encoded loops live: ``OCCHIO_SIM_CACHE``, else under ``OCCHIO_HOME``
    (as Occhio's own cache), else the user's cache folder."""
    env = os.environ.get("OCCHIO_SIM_CACHE")
    if env:
        return Path(env)
    home = os.environ.get("OCCHIO_HOME", "").strip()
    if home:
        return Path(home).expanduser() / "cache" / "sim"
    return Path(platformdirs.user_cache_dir("occhio")) / "sim"


def cache_key(camera_id: str, name: str, profile: ProfileSpec) -> str:
    """Hash of everything that changes a loop's bitstream."""
    fields = {"v": FORMAT_VERSION, "id": camera_id, "name": name, **profile.key_fields()}
    blob = json.dumps(fields, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:32]


def _serialise(frames: list[list[bytes]]) -> bytes:
    parts = [_MAGIC, struct.pack(">I", len(frames))]
    for nals in frames:
        parts.append(struct.pack(">I", len(nals)))
        for nal in nals:
            parts += [struct.pack(">I", len(nal)), nal]
    return b"".join(parts)


def _deserialise(data: bytes) -> list[list[bytes]]:
    if not data.startswith(_MAGIC):
        raise ValueError("not a simulator loop file")
    pos = len(_MAGIC)
    (count,) = struct.unpack_from(">I", data, pos)
    pos += 4
    frames = []
    for _ in range(count):
        (n,) = struct.unpack_from(">I", data, pos)
        pos += 4
        nals = []
        for _ in range(n):
            (size,) = struct.unpack_from(">I", data, pos)
            pos += 4
            nals.append(data[pos : pos + size])
            pos += size
        frames.append(nals)
    if pos != len(data):
        raise ValueError("trailing bytes in loop file")
    return frames


def x264_options(profile: ProfileSpec) -> dict[str, str]:
    """libx264 options of a profile's loop, shared by the live clock IDRs.

    Constant QP without adaptive quantisation makes the coding of a
    macroblock depend only on its pixels and its neighbours; slices cut at
    the clock band let a live IDR replace just the band's slice.
    """
    band_mbs = (profile.width + 15) // 16 * scene.clock_band(profile.width, profile.height) // 16
    return {
        "preset": "veryfast",
        "tune": "zerolatency",
        "forced-idr": "1",
        "x264-params": f"keyint={profile.gop_frames}:min-keyint={profile.gop_frames}"
        f":scenecut=0:bframes=0:repeat-headers=1:aud=0:qp={QP}:aq-mode=0"
        f":slice-max-mbs={band_mbs}",
    }


def open_encoder(profile: ProfileSpec, height: int | None = None) -> av.VideoCodecContext:
    """A libx264 encoder with the profile's loop settings.

    ``height`` encodes only the top rows of the picture (the clock band):
    the slice header and data of those rows do not depend on the rows below.
    """
    ctx = av.CodecContext.create("libx264", "w")
    ctx.width, ctx.height = profile.width, height or profile.height
    ctx.pix_fmt = "yuv420p"
    ctx.time_base = 1 / profile.fps
    ctx.framerate = profile.fps
    ctx.thread_count = 1  # encoders already run in parallel, one per process
    ctx.options = x264_options(profile)
    return ctx


def encode_frames(camera_id: str, name: str, profile: ProfileSpec) -> list[list[bytes]]:
    """Render and encode one loop; returns the NAL units of each frame."""
    ctx = open_encoder(profile)
    base = scene.background(camera_id, profile.width, profile.height)
    label = profile_label(profile)
    decoder = av.CodecContext.create("h264", "r")
    recon: av.VideoFrame | None = None
    frames: list[list[bytes]] = []
    for k in range(profile.loop_frames):
        img = scene.render(camera_id, name, base, k, profile.loop_frames, label=label)
        if profile.grain:
            scene.add_grain(img, camera_id, k, profile.grain)
        frame = av.VideoFrame.from_ndarray(img, format="bgr24").reformat(format="yuv420p")
        if recon is not None and k % profile.gop_frames:
            _paste_clock(frame, recon)
        frame.pts = k
        for packet in ctx.encode(frame):
            frames.append(split_annexb(bytes(packet)))
            decoded = decoder.decode(packet)
            if k % profile.gop_frames == 0 and decoded:
                recon = decoded[-1]
    frames += [split_annexb(bytes(p)) for p in ctx.encode(None)]
    if len(frames) != profile.loop_frames:
        raise RuntimeError(f"encoder gave {len(frames)} frames, wanted {profile.loop_frames}")
    return frames


def _paste_clock(frame: av.VideoFrame, recon: av.VideoFrame) -> None:
    """Copy the decoded IDR's clock macroblocks into ``frame`` (both yuv420p).

    The P-frames then see no difference at all there and skip those
    macroblocks, so they keep showing whatever clock a live IDR carries;
    without this, x264 refines the IDR's coding noise and the refinement
    would print a ghost of the placeholder over the live time.
    """
    x0, y0, x1, y1 = scene.clock_region(frame.width, frame.height)
    for i, (dst, src) in enumerate(zip(frame.planes, recon.planes, strict=True)):
        div = 1 if i == 0 else 2
        dst_arr = np.frombuffer(memoryview(dst), np.uint8).reshape(-1, dst.line_size).copy()
        src_arr = np.frombuffer(memoryview(src), np.uint8).reshape(-1, src.line_size)
        rows, cols = slice(y0 // div, y1 // div), slice(x0 // div, x1 // div)
        dst_arr[rows, cols] = src_arr[rows, cols]
        dst.update(dst_arr.tobytes())


def profile_label(profile: ProfileSpec) -> str:
    """The second OSD line of a profile's pictures."""
    return f"{profile.name} {profile.width}x{profile.height}"


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _load_cached(path: Path) -> list[list[bytes]] | None:
    try:
        return _deserialise(path.read_bytes())
    except FileNotFoundError:
        return None
    except (ValueError, struct.error):
        logger.warning("Ignoring corrupt loop cache file %s", path)
        return None


def _profile(name: str) -> ProfileSpec:
    return REC if name == REC.name else PROFILES[name]


def _encode_job(camera_id: str, name: str, profile_name: str, path: str) -> None:
    frames = encode_frames(camera_id, name, _profile(profile_name))
    _write_atomic(Path(path), _serialise(frames))


def load_loops(
    cameras: list[tuple[str, str]],
    workers: int | None = None,
    profiles: list[ProfileSpec] | None = None,
) -> dict[tuple[str, str], EncodedLoop]:
    """Encoded loops for every (camera id, name) and profile, encoding what is not cached.

    ``profiles`` defaults to the live ones (:data:`PROFILES`). Returns a dict
    keyed by (camera id, profile name).
    """
    root = cache_dir()
    wanted = list(PROFILES.values()) if profiles is None else profiles
    paths = {
        (cid, p.name): root / f"{cache_key(cid, name, p)}.loop"
        for cid, name in cameras
        for p in wanted
    }
    names = dict(cameras)
    missing = [key for key, path in paths.items() if _load_cached(path) is None]
    if missing:
        n = workers or min(2, os.cpu_count() or 1, len(missing))
        logger.info("Encoding %d loops with %d processes into %s", len(missing), n, root)
        with ProcessPoolExecutor(n, mp_context=get_context("spawn")) as pool:
            futures = [
                pool.submit(_encode_job, cid, names[cid], prof, str(paths[cid, prof]))
                for cid, prof in missing
            ]
            for fut in futures:
                fut.result()
    loops = {}
    for (cid, prof), path in paths.items():
        frames = _load_cached(path)
        if frames is None:
            raise RuntimeError(f"loop cache file unreadable after encoding: {path}")
        loops[cid, prof] = EncodedLoop(_profile(prof), frames)
    return loops
