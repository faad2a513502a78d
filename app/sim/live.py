"""Live-encoded streams for PTZ cameras, whose picture follows the head.

A PTZ camera's picture depends on where operators point it, so it cannot be
a replayed loop: each frame is rendered from the panorama at the head's
current position and encoded with libx264 (ultrafast, zero latency, the
loops' GOP length). The work happens only while somebody plays the stream,
in one worker thread per stream so the event loop keeps serving every other
camera; PyAV and OpenCV release the GIL while they work. A new viewer, or
SetSynchronizationPoint, makes the next frame an IDR, so pictures start
without waiting for the GOP to end. The OSD and the frame-index strip are
drawn exactly as on the replayed cameras (:func:`scene.draw_osd`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor

import av
import cv2
import numpy as np

from app.sim import panorama, scene
from app.sim.cameras import CameraState, SimCamera
from app.sim.encode import PROFILES, EncodedLoop, ProfileSpec, profile_label, split_annexb
from app.sim.panorama import Panorama
from app.sim.ptz import PtzModel
from app.sim.rtp import packetise_frame
from app.sim.streams import Session, StreamTimer

logger = logging.getLogger("app.sim")

#: Constant rate factor: about 1.6 Mbit/s for the main stream (x264 ultrafast).
CRF = 26


def live_options(profile: ProfileSpec) -> dict[str, str]:
    """libx264 options: fastest preset, no frame delay, fixed GOP, headers in every IDR."""
    gop = profile.gop_frames
    return {
        "preset": "ultrafast",
        "tune": "zerolatency",
        "forced-idr": "1",
        "x264-params": f"keyint={gop}:min-keyint={gop}:scenecut=0:bframes=0"
        f":repeat-headers=1:crf={CRF}",
    }


class LiveSource:
    """Renders and encodes one profile of a PTZ camera, frame by frame."""

    def __init__(
        self, camera: SimCamera, model: PtzModel, profile: ProfileSpec, panorama: Panorama
    ) -> None:
        self.camera = camera
        self.model = model
        self.profile = profile
        self.panorama = panorama
        self.label = profile_label(profile)
        self.encoded = 0
        self._ctx = av.CodecContext.create("libx264", "w")
        self._ctx.width, self._ctx.height = profile.width, profile.height
        self._ctx.pix_fmt = "yuv420p"
        self._ctx.time_base = 1 / profile.fps
        self._ctx.framerate = profile.fps
        self._ctx.thread_count = 1  # one core's share at most; the loops need the rest
        self._ctx.options = live_options(profile)

    def render(self, n: int, wall: float) -> scene.Image:
        """The picture of global frame ``n``, shown at wall-clock time ``wall``."""
        img = self.panorama.view(self.model.position(), n / float(self.profile.fps))
        scene.draw_osd(
            img, self.camera.name, self.label, scene.clock_text(wall), n % self.profile.loop_frames
        )
        return img

    def encode(self, n: int, wall: float, idr: bool) -> list[bytes]:
        """NAL units of global frame ``n``; ``idr`` forces a key frame."""
        # OpenCV's converter is about four times cheaper than a libswscale reformat here.
        yuv = np.asarray(cv2.cvtColor(self.render(n, wall), cv2.COLOR_BGR2YUV_I420), np.uint8)
        frame = av.VideoFrame.from_ndarray(yuv, format="yuv420p")
        frame.pts = n
        if idr:
            frame.pict_type = av.video.frame.PictureType.I
        nals: list[bytes] = []
        for packet in self._ctx.encode(frame):
            nals += split_annexb(bytes(packet))
        self.encoded += 1
        return nals


class LiveTimer(StreamTimer):
    """A :class:`StreamTimer` whose frames are encoded as they fall due."""

    def __init__(self, source: LiveSource, t0: float) -> None:
        self.source = source
        # The first IDR carries the SPS and PPS the SDP announces.
        first = source.encode(0, time.time(), True)
        super().__init__(source.camera, EncodedLoop(source.profile, [first]), t0)
        self._want_idr = True
        self._executor = ThreadPoolExecutor(1, thread_name_prefix=f"sim-live-{source.camera.id}")

    def request_idr(self) -> None:
        """Make the next encoded frame an IDR (a new viewer, SetSynchronizationPoint)."""
        self._want_idr = True

    async def stop(self) -> None:
        """Stop the timer and its encoder thread."""
        await super().stop()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _resync(self) -> None:
        self._want_idr = True

    async def _tick(self, n: int) -> None:
        viewers = [s for s in self.sessions if s.playing] if self._live() else []
        if viewers:
            await self._serve(viewers, n)
        else:
            self._want_idr = True  # whoever comes next starts on a key frame

    async def _serve(self, viewers: list[Session], n: int) -> None:
        """Encode global frame ``n`` (off the event loop) and send it to ``viewers``."""
        for session in viewers:
            if session.catch_up:  # a new viewer: start it on a fresh IDR, not a GOP replay
                session.catch_up = False
                self._want_idr = True
        idr, self._want_idr = self._want_idr, False
        wall = self.wall_offset + self.t0 + n / self.fps
        loop = asyncio.get_running_loop()
        try:
            nals = await loop.run_in_executor(self._executor, self.source.encode, n, wall, idr)
        except Exception:
            logger.exception("Live frame %d of %s failed", n, self.camera.id)
            self._want_idr = True
            return
        frame = packetise_frame(nals)
        for session in viewers:
            try:
                session.send(frame, self.rtp_time(n))
            except Exception:
                # One broken client must not stop the camera for everybody else.
                logger.exception("Sending live frame %d of %s failed", n, self.camera.id)

    def _live(self) -> bool:
        return self.camera.state is CameraState.NORMAL


def live_timers(camera: SimCamera, t0: float) -> dict[tuple[str, str], LiveTimer]:
    """One live stream per profile of a PTZ camera, keyed like the replayed ones."""
    if camera.ptz is None:
        raise ValueError(f"camera {camera.id} has no PTZ head")
    full = panorama.build(camera.id)
    return {
        (camera.id, p.name): LiveTimer(
            LiveSource(camera, camera.ptz, p, Panorama(camera.id, full, p.width, p.height)), t0
        )
        for p in PROFILES.values()
    }
