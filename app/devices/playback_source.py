"""A camera's recorder as a player's source: opened once, lazily, on the player's loop.

Seeks open a replay of a window from the time asked (a scrub, a new speed);
the recorder object (its ONVIF or HTTP session) is kept between them, so a
seek costs one RTSP set-up, not a device discovery.

Speeds other than 1x are asked of the recorder (RTSP ``Scale``): where its
PLAY answer says it plays at that speed, the stream is marked
``device_paced`` and the player shows frames as they come. A recorder that
refuses, or answers at another speed, gets a plain replay (as fast as the
link allows) that the player paces itself; it is not asked again. Vendor
playback URLs are not asked to go backwards: their range is a start and an
end in the URL, with no agreed meaning for reverse.
"""

from __future__ import annotations

import asyncio
import logging

from app.core.model import Camera, RecorderKind
from app.core.recording import RecordingIndex, Span
from app.devices.recorder import Recorder, ReplayStream, open_recorder
from app.devices.replay.errors import ReplayError, ReplayFailure

logger = logging.getLogger("app.devices")

WINDOW_S = 600.0  # a replay's range of recorded time; playing past it opens the next one
STILL = 0.0  # the speed a player asks for when it wants one picture (a scrub, a step)
#: Vendor playback has no "as fast as possible": a still is asked at this speed, so
#: the frames from the key frame before it come in a fraction of their real time.
STILL_SCALE = 8.0
#: Answers that mean "not at that speed" (the request itself was refused).
_REFUSED = (ReplayFailure.UNSUPPORTED, ReplayFailure.PROTOCOL)


class RecorderSource:
    """Opens replays of one camera's recording (use on one asyncio loop)."""

    def __init__(self, camera: Camera, timeout: float = 5.0) -> None:
        self.camera = camera
        self.timeout = timeout
        self._recorder: Recorder | None = None
        self._opening = asyncio.Lock()
        #: None: not yet known; False: the recorder would not play at another speed.
        self.scale_ok: bool | None = None

    async def recorder(self) -> Recorder:
        """The connected recorder (opened on first use; a search and a seek share it).

        Raises:
            ReplayError: no recorder configured, or it cannot be reached.
        """
        async with self._opening:
            if self._recorder is None:
                self._recorder = await open_recorder(self.camera, self.timeout)
            return self._recorder

    async def open(self, t: float, scale: float = 1.0) -> ReplayStream:
        """A replay from the key frame at or before ``t``, at ``scale`` where the recorder can.

        ``scale`` 0 (``STILL``) asks for the picture at ``t`` alone, as soon
        as possible: ONVIF recorders send without rate control; vendor ones
        are asked for ``STILL_SCALE``, where they keep to it.
        """
        recorder = await self.recorder()
        vendor = recorder.kind in (RecorderKind.HIKVISION, RecorderKind.DAHUA)
        if scale == STILL:
            scale = STILL_SCALE if vendor and self.scale_ok is not False else 1.0
        if scale != 1.0 and self._may_scale(recorder, scale):
            stream = await self._scaled(recorder, t, scale)
            if stream is not None:
                return stream
        return await recorder.replay(Span(t, t + WINDOW_S), fast=True)

    def _may_scale(self, recorder: Recorder, scale: float) -> bool:
        if self.scale_ok is False:
            return False
        return scale > 0 or recorder.kind in (RecorderKind.CAMERA, RecorderKind.ONVIF)

    async def _scaled(self, recorder: Recorder, t: float, scale: float) -> ReplayStream | None:
        """The recorder's replay at ``scale``, or None when it will not keep to it."""
        window = WINDOW_S * max(1.0, abs(scale))
        wanted = Span(t - window, t) if scale < 0 else Span(t, t + window)
        try:
            stream = await recorder.replay(wanted, scale=scale)
        except ReplayError as err:
            if err.failure not in _REFUSED:
                raise
            logger.info("recorder of %s refused Scale %g: %s", self.camera.id, scale, err.detail)
            self.scale_ok = False
            return None
        if stream.scale != scale:
            logger.info(
                "recorder of %s plays at %g when asked %g: paced here",
                self.camera.id,
                stream.scale,
                scale,
            )
            self.scale_ok = False
            await stream.close()
            return None
        self.scale_ok = True
        stream.device_paced = True
        return stream

    async def search(self, span: Span) -> RecordingIndex:
        """What is recorded inside ``span``."""
        return await (await self.recorder()).search(span)

    async def close(self) -> None:
        """Release the recorder's connections."""
        if self._recorder is not None:
            await self._recorder.close()
            self._recorder = None
