"""Recorder access: one interface, three dialects (ONVIF Profile G, Hikvision, Dahua).

A camera's recordings are on the device named by its site file's
``[cameras.recorder]`` (the camera's own card or an NVR channel). Occhio
talks to that device directly: it asks what is recorded (ranges and gaps),
who the device is and how its clock compares with this computer's, and
replays a time range over RTSP with :class:`~app.devices.replay.client.ReplayClient`.

Recorders cannot be trusted to honour the end of a range (most vendors
ignore ``endtime``) or even the start (some answer any request with live
video): :class:`ReplayStream` checks the first frame against the request
and stops at the requested end by the frames' own time stamps.
"""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Protocol

from app.core.model import Camera, RecorderAddress, RecorderKind
from app.core.recording import (
    DeviceIdentity,
    RecordedFrame,
    RecordingIndex,
    Span,
    StreamFormat,
    iso,
)
from app.devices.replay.client import PlayOptions, ReplayClient
from app.devices.replay.errors import ReplayError, ReplayFailure

logger = logging.getLogger("app.devices")

#: How far before the requested start the first frame may be (a long GOP's key frame).
MAX_LEAD_S = 60.0
#: How far after the start of recorded video the first frame may come.
MAX_LATE_S = 30.0


class Recorder(Protocol):
    """What Occhio asks of any recorder. Times are the recorder's own clock."""

    kind: RecorderKind
    where: str  # host:port, channel; never credentials

    async def identity(self) -> DeviceIdentity:
        """Manufacturer, model, serial number and firmware."""

    async def clock_offset(self) -> float | None:
        """The device clock minus this computer's clock, in seconds (None: unknown)."""

    async def search(self, wanted: Span) -> RecordingIndex:
        """What is recorded inside ``wanted`` (spans; gaps follow from them)."""

    async def replay(self, wanted: Span, *, fast: bool = False, scale: float = 1.0) -> ReplayStream:
        """Start replaying ``wanted``; ``fast`` asks for no rate control (export)."""

    async def close(self) -> None:
        """Release connections."""


def sanitise(text: object, limit: int = 120) -> str:
    """Device text made safe for a log line or the screen: printable, bounded."""
    clean = "".join(c if c.isprintable() else "?" for c in str(text or ""))
    return clean[:limit]


@dataclass
class ReplayStream:
    """A started replay whose frames are held to the requested range.

    ``url`` is the replay URL without credentials (for the manifest).
    ``stopped_at_end`` tells that the recorder kept sending past the end and
    Occhio stopped it there. ``scale`` is the speed the recorder said it
    plays at (RTSP ``Scale`` in its PLAY answer; 1 when it said none);
    played backwards (a negative scale) the frames come newest first, from
    ``wanted.end`` down to ``wanted.start``. ``device_paced`` is set by a
    caller that asked for a speed and got it: the device sends at that pace.
    """

    client: ReplayClient
    url: str
    wanted: Span
    recorded_start: float | None = None
    stopped_at_end: bool = False
    notes: list[str] = field(default_factory=list)
    scale: float = 1.0
    device_paced: bool = False

    @property
    def stream_format(self) -> StreamFormat:
        """Codec and parameter sets of the replay."""
        if self.client.stream_format is None:
            raise ReplayError(ReplayFailure.PROTOCOL, "replay not set up")
        return self.client.stream_format

    def _check_first(self, frame: RecordedFrame) -> None:
        t, wanted = frame.capture_time, self.wanted
        if self.scale < 0:  # backwards: the key frame at or before the end, then down
            wrong = t < wanted.start or t > wanted.end + 1.0
        else:
            expected = max(wanted.start, self.recorded_start or wanted.start)
            wrong = t < wanted.start - MAX_LEAD_S or t > expected + MAX_LATE_S or t >= wanted.end
        if wrong:
            raise ReplayError(
                ReplayFailure.WRONG_TIME,
                f"asked for {iso(self.wanted.start)} - {iso(self.wanted.end)}, the recorder "
                f"sent video of {iso(frame.capture_time)} (live video or another time)",
            )

    async def frames(self) -> AsyncIterator[RecordedFrame]:
        """Frames from the key frame at or before the start up to the requested end."""
        first = True
        async for frame in self.client.frames():
            if first:
                self._check_first(frame)
                first = False
            if self._past_end(frame.capture_time):
                self.stopped_at_end = True
                logger.info("replay %s: stopped at the requested end", self.url)
                return
            yield frame
        self.notes += self.client.notes

    def _past_end(self, t: float) -> bool:
        """Beyond the requested range, in the direction of play."""
        return t < self.wanted.start if self.scale < 0 else t >= self.wanted.end

    async def close(self) -> None:
        """Stop the replay (TEARDOWN) and close its connection."""
        self.notes = list(dict.fromkeys(self.notes + self.client.notes))
        await self.client.close()


async def start_replay(
    url: str, wanted: Span, options: PlayOptions, *, user: str, password: str, timeout: float
) -> ReplayStream:
    """Connect to a replay URL, ask for ``options`` and hand the stream over.

    Raises:
        ReplayError: the recorder refused or could not be reached.
    """
    client = ReplayClient(url, user, password, timeout=timeout)
    try:
        await client.connect(onvif=options.onvif)
        answer = await client.play(options)
    except BaseException:
        await client.close()
        raise
    return ReplayStream(client, client.url, wanted, scale=granted_scale(answer.headers))


def granted_scale(headers: dict[str, str]) -> float:
    """The speed a PLAY answer says the recorder plays at (RTSP ``Scale``; 1 without one).

    A recorder that ignores the speed asked says none (or 1): the caller
    then paces the pictures itself. A value that is not a finite number
    counts as none.
    """
    try:
        value = float(headers.get("scale", "1").strip()[:16])
    except ValueError:
        return 1.0
    return value if math.isfinite(value) and abs(value) <= 1024 else 1.0


async def vendor_replay(
    address: RecorderAddress, url: str, wanted: Span, scale: float, timeout: float
) -> ReplayStream:
    """A vendor playback URL (the range in the URL, times from RTCP) with the NVR's account."""
    options = PlayOptions(wanted.start, wanted.end, onvif=False, scale=scale)
    return await start_replay(
        url, wanted, options, user=address.username, password=address.password, timeout=timeout
    )


async def open_recorder(camera: Camera, timeout: float = 5.0) -> Recorder:
    """The recorder of ``camera`` as its site file says, connected where that is needed.

    Raises:
        ReplayError: the camera has no recorder, or it cannot be reached.
    """
    recorder = camera.recorder
    if recorder is None:
        raise ReplayError(ReplayFailure.NOT_FOUND, f"camera {camera.id} has no recorder configured")
    if recorder.kind in (RecorderKind.CAMERA, RecorderKind.ONVIF):
        from app.devices.recorder_onvif import OnvifRecorder

        return await OnvifRecorder.open(camera, timeout)
    if recorder.kind is RecorderKind.HIKVISION:
        from app.devices.recorder_hik import HikvisionRecorder

        return HikvisionRecorder(recorder, timeout)
    from app.devices.recorder_dahua import DahuaRecorder

    return DahuaRecorder(recorder, timeout)
