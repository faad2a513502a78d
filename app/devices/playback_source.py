"""A camera's recorder as the playback feed's source: opened once, lazily, on the feed's loop.

Seeks open a replay of a window from the time asked (a scrub, a new speed);
the recorder object (its ONVIF or HTTP session) is kept between them, so a
seek costs one RTSP set-up, not a device discovery.
"""

from __future__ import annotations

from app.core.model import Camera
from app.core.recording import RecordingIndex, Span
from app.devices.recorder import Recorder, ReplayStream, open_recorder

WINDOW_S = 600.0  # a replay's range; playing past it opens the next one


class RecorderSource:
    """Opens replays of one camera's recording (use on one asyncio loop)."""

    def __init__(self, camera: Camera, timeout: float = 5.0) -> None:
        self.camera = camera
        self.timeout = timeout
        self._recorder: Recorder | None = None

    async def recorder(self) -> Recorder:
        """The connected recorder (opened on first use).

        Raises:
            ReplayError: no recorder configured, or it cannot be reached.
        """
        if self._recorder is None:
            self._recorder = await open_recorder(self.camera, self.timeout)
        return self._recorder

    async def open(self, t: float) -> ReplayStream:
        """A replay from the key frame at or before ``t`` (as fast as the link allows)."""
        return await (await self.recorder()).replay(Span(t, t + WINDOW_S), fast=True)

    async def search(self, span: Span) -> RecordingIndex:
        """What is recorded inside ``span``."""
        return await (await self.recorder()).search(span)

    async def close(self) -> None:
        """Release the recorder's connections."""
        if self._recorder is not None:
            await self._recorder.close()
            self._recorder = None
