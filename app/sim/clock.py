"""Live OSD clock for replayed loops: fresh IDRs whose top slice shows the time.

The loop is encoded once with the clock showing a placeholder and with a
slice boundary right under the clock band (see :func:`scene.clock_band`).
Its P-frames never change the band's clock pixels, so they skip those
macroblocks and copy whatever the IDR showed. At each IDR of the live
timeline the timer swaps in a freshly encoded band slice that shows the
wall-clock time of that IDR; the other slices stay the cached bytes, so
the rest of the picture, and every P-frame built on it, decodes exactly as
before. Encoding a band costs a few milliseconds per GOP and camera, done
ahead of time in a thread, instead of a live encode of every frame.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor

import av
import numpy as np

from app.sim import scene
from app.sim.encode import EncodedLoop, open_encoder, profile_label, split_annexb
from app.sim.rtp import FramePayloads, packetise_frame

logger = logging.getLogger("app.sim")

_NAL_IDR = 5
_executor: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    global _executor  # one small pool shared by every camera
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sim-clock")
    return _executor


def shutdown_pool() -> None:
    """Stop the shared pool's threads (the simulator is ending, or a test is done)."""
    global _executor
    if _executor is not None:
        _executor.shutdown(wait=True)
        _executor = None


class ClockIdr:
    """Builds one camera profile's IDRs with the clock showing a given time."""

    def __init__(self, camera_id: str, name: str, loop: EncodedLoop) -> None:
        self.camera_id = camera_id
        self.name = name
        self.loop = loop
        profile = loop.profile
        self.band = scene.clock_band(profile.width, profile.height)
        self._base = scene.background(camera_id, profile.width, profile.height)

    def band_slice(self, index: int, wall: float) -> bytes:
        """The first IDR slice (the clock band) of loop frame ``index`` showing ``wall``.

        x264 numbers IDRs 0, 1, 0, 1... (``idr_pic_id``); all slices of a
        picture must agree, so the band is encoded as often as it takes to
        reach the number the cached IDR at ``index`` carries.
        """
        profile = self.loop.profile
        img = scene.render(
            self.camera_id,
            self.name,
            self._base,
            index,
            profile.loop_frames,
            label=profile_label(profile),
            clock=scene.clock_text(wall),
        )
        band = np.ascontiguousarray(img[: self.band])
        frame = av.VideoFrame.from_ndarray(band, format="bgr24").reformat(format="yuv420p")
        ctx = open_encoder(profile, self.band)
        repeats = index // profile.gop_frames % 2 + 1
        nals: list[bytes] = []
        for pts in range(repeats):
            frame.pts = pts
            frame.pict_type = av.video.frame.PictureType.I
            for packet in ctx.encode(frame):
                nals = split_annexb(bytes(packet))
        for packet in ctx.encode(None):
            nals = split_annexb(bytes(packet))
        return next(n for n in nals if n[0] & 0x1F == _NAL_IDR)

    def build(self, index: int, wall: float) -> FramePayloads:
        """The IDR at loop frame ``index`` with the clock showing ``wall``."""
        return packetise_frame(splice_band(self.loop.frames[index], self.band_slice(index, wall)))

    def submit(self, index: int, wall: float) -> Future[FramePayloads]:
        """:meth:`build` in a worker thread, off the event loop."""
        return _pool().submit(self.build, index, wall)


def splice_band(nals: list[bytes], band: bytes) -> list[bytes]:
    """``nals`` (one IDR access unit) with its first slice replaced by ``band``."""
    out = list(nals)
    first = next(i for i, n in enumerate(out) if n[0] & 0x1F == _NAL_IDR)
    out[first] = band
    return out
