"""A simulated camera's archive as frames: cached loop packets, re-stamped in time.

Days of video are not stored. Device time ``t`` (seconds since the Unix epoch,
a multiple of 1/25 s) shows frame ``k = t * 25`` of the global timeline, which
is frame ``k % 50`` of the camera's recording loop (:data:`encode.REC`, a key
frame every second). Each key frame gets a freshly encoded clock band showing
its own second (:class:`clock.ClockIdr`), so every frame of that second shows
the time it was "captured": a test can check that the frame a recorder says
is from 10:31:07 shows 10:31:07. Key frames are built in worker threads a few
seconds ahead of the sender and kept in a small cache.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass

from app.sim.clock import ClockIdr
from app.sim.encode import EncodedLoop
from app.sim.rec_schedule import RecordingPlan
from app.sim.rtp import FramePayloads, packetise_frame

#: Key frames kept ready; a sender asks for the next ones ahead of time.
CACHE_SECONDS = 64
PREFETCH_SECONDS = 4


@dataclass(frozen=True)
class FrameSlot:
    """One frame to send: its global number and where it sits in the archive."""

    k: int
    discont: bool  # the first frame after a gap
    last: bool  # the last frame before a gap or the end of the archive
    key: bool


class RecordingSource:
    """Frames of one camera's archive, by device time."""

    def __init__(
        self,
        camera_id: str,
        name: str,
        loop: EncodedLoop,
        plan: RecordingPlan,
        executor: Executor | None = None,
    ) -> None:
        self.camera_id = camera_id
        self.loop = loop
        self.plan = plan
        self.fps = int(loop.profile.fps)
        self.gop = loop.profile.gop_frames
        self.frames = [packetise_frame(nals) for nals in loop.frames]
        self._clock = ClockIdr(camera_id, name, loop)
        self._idrs: OrderedDict[int, Future[FramePayloads]] = OrderedDict()
        #: Where key frames are built (default: the live clock's shared pool).
        self._executor = executor

    def time_of(self, k: int) -> float:
        """Device time of global frame ``k``."""
        return k / self.fps

    def _idr_future(self, k: int) -> Future[FramePayloads]:
        fut = self._idrs.get(k)
        if fut is None:
            index, second = k % len(self.frames), float(k // self.fps)
            if self._executor is None:
                fut = self._clock.submit(index, second)
            else:
                fut = self._executor.submit(self._clock.build, index, second)
            self._idrs[k] = fut
            while len(self._idrs) > CACHE_SECONDS:
                self._idrs.popitem(last=False)
        else:
            self._idrs.move_to_end(k)
        return fut

    async def payloads(self, k: int, ahead: int = 1) -> FramePayloads:
        """What frame ``k`` sends; ``ahead`` (+1 forward, -1 backward) prefetches key frames."""
        if k % self.gop:
            return self.frames[k % len(self.frames)]
        for step in range(1, PREFETCH_SECONDS + 1):
            self._idr_future(k + ahead * step * self.gop)
        return await asyncio.wrap_future(self._idr_future(k))

    def slots(
        self, start: float, end: float, intra: bool = False, from_key: bool = True
    ) -> Iterator[FrameSlot]:
        """Frames from ``start`` up to ``end`` (exclusive).

        ``from_key`` starts at the key frame at or before ``start`` (a new
        PLAY); without it, at the first frame at or after ``start`` (more of
        the same session).
        """
        for a, b in self.plan.segments(start, end):
            first = math.ceil(round(a * self.fps, 6))
            if from_key:
                # Recorded spans start on whole seconds: flooring to the key
                # frame never reaches back into a gap.
                first -= first % self.gop
            last = math.ceil(round(b * self.fps, 6)) - 1
            for k in range(first, last + 1):
                key = k % self.gop == 0
                if intra and not key:
                    continue
                yield FrameSlot(k, k == first, k == last and b < end, key)

    def slots_reverse(self, start: float, end: float) -> Iterator[FrameSlot]:
        """Key frames only, newest first, from ``end`` back to ``start`` (reverse playback)."""
        for a, b in reversed(self.plan.segments(start, end)):
            last = math.ceil(b * self.fps) - 1
            keys = range(last - last % self.gop, math.ceil(a * self.fps) - 1, -self.gop)
            for i, k in enumerate(keys):
                yield FrameSlot(k, i == 0, i == len(keys) - 1, True)


FAULTS = ("none", "live", "stall", "close", "announce", "badxml")
"""Misbehaviour a test can ask of a camera's recorder (``POST /sim/<id>/replay-fault``):
answer a clock range with live video, stop sending, close the connection,
send an RTSP ANNOUNCE mid-stream, or answer searches with broken XML."""


class SimRecorder:
    """Every camera's archive, as one NVR sees them (channel N is the Nth camera).

    A camera without an archive (a PTZ camera, whose picture is live) still
    takes a channel number, so channels match the camera list.
    """

    def __init__(self, sources: dict[str, RecordingSource], camera_ids: list[str]) -> None:
        self.sources = sources
        self.channels = {i + 1: cid for i, cid in enumerate(camera_ids) if cid in sources}
        self.faults: dict[str, str] = {}
        self.clock_offset_s = 0.0

    def fault(self, camera_id: str) -> str:
        """The fault set on a camera's recorder ("none" when it behaves)."""
        return self.faults.get(camera_id, "none")

    def set_fault(self, camera_id: str, fault: str) -> None:
        """Make a camera's recorder misbehave (see :data:`FAULTS`)."""
        if fault not in FAULTS:
            raise ValueError(f"replay fault: one of {', '.join(FAULTS)}")
        self.faults[camera_id] = fault

    def set_clock_offset(self, seconds: float) -> None:
        """Put the recorder's clock ``seconds`` off: every archive is stamped in its time.

        One clock for all: the simulated archives live in one recorder.
        """
        self.clock_offset_s = seconds
        for source in self.sources.values():
            source.plan.clock_offset_s = seconds

    def device_now(self) -> float:
        """The recorder's clock now."""
        return time.time() + self.clock_offset_s

    def channel_of(self, camera_id: str) -> int:
        """The NVR channel of a camera (0 when it has no archive)."""
        return next((ch for ch, cid in self.channels.items() if cid == camera_id), 0)
