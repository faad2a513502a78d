"""Hikvision recorders: ISAPI search, ``/Streaming/tracks/<C>01`` replay (UTC).

Search is ``POST /ISAPI/ContentMgmt/search`` with a ``CMSearchDescription``,
repeated with ``searchResultPostion`` (sic) while the answer says ``MORE``.
Replay asks ``rtsp://HOST/Streaming/tracks/<channel>01?starttime=...Z&endtime=...Z``;
the device ignores ``endtime``, which :class:`ReplayStream` enforces.
"""

from __future__ import annotations

import time
import uuid

from app.core.model import RecorderAddress, RecorderKind
from app.core.recording import DeviceIdentity, RecordingIndex, Span, merge_spans
from app.devices import recorder_parse as parse
from app.devices.recorder import ReplayStream, vendor_replay
from app.devices.recorder_http import RecorderHttp
from app.devices.replay.errors import ReplayError, ReplayFailure
from app.devices.replay.times import format_clock

PAGE = 40
MAX_PAGES = 50


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def search_body(track: int, wanted: Span, position: int) -> bytes:
    """A ``CMSearchDescription`` for one track and time span, from ``position``."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?><CMSearchDescription>'
        f"<searchID>{uuid.uuid4()}</searchID><trackIDList><trackID>{track}</trackID>"
        f"</trackIDList><timeSpanList><timeSpan><startTime>{_iso(wanted.start)}</startTime>"
        f"<endTime>{_iso(wanted.end)}</endTime></timeSpan></timeSpanList>"
        f"<maxResults>{PAGE}</maxResults><searchResultPostion>{position}</searchResultPostion>"
        "<metadataList><metadataDescriptor>//recordType.meta.std-cgi.com</metadataDescriptor>"
        "</metadataList></CMSearchDescription>"
    ).encode()


class HikvisionRecorder:
    """One channel of a Hikvision NVR (or a camera's own card)."""

    kind = RecorderKind.HIKVISION

    def __init__(self, address: RecorderAddress, timeout: float = 5.0) -> None:
        self.address = address
        self.timeout = timeout
        self.track = address.channel * 100 + 1  # 01: the main stream
        self.where = f"{address.host}:{address.port} track {self.track}"
        self.http = RecorderHttp(
            f"http://{address.host}:{address.port}", address.username, address.password, timeout
        )

    async def identity(self) -> DeviceIdentity:
        """From ``/ISAPI/System/deviceInfo``."""
        return parse.isapi_identity(await self.http.request("GET", "/ISAPI/System/deviceInfo"))

    async def clock_offset(self) -> float | None:
        """From ``/ISAPI/System/time`` (None when the device will not say)."""
        before = time.time()
        try:
            device = parse.isapi_time(await self.http.request("GET", "/ISAPI/System/time"))
        except ReplayError:
            return None
        # Whole seconds, cut short: +0.5 s centres the error.
        return device + 0.5 - (before + time.time()) / 2

    async def search(self, wanted: Span) -> RecordingIndex:
        """Every page of the ISAPI search for this track."""
        spans: list[Span] = []
        for page in range(MAX_PAGES):
            body = search_body(self.track, wanted, page * PAGE)
            found, state = parse.isapi_search(
                await self.http.request("POST", "/ISAPI/ContentMgmt/search", body)
            )
            spans += found
            if state != "MORE":
                break
        else:
            raise ReplayError(ReplayFailure.SEARCH, f"ISAPI search: more than {MAX_PAGES} pages")
        clipped = [Span(max(s.start, wanted.start), min(s.end, wanted.end)) for s in spans]
        recorded = tuple(merge_spans([s for s in clipped if s.end > s.start]))
        return RecordingIndex(wanted, recorded, clock_offset_s=await self.clock_offset())

    async def replay(self, wanted: Span, *, fast: bool = False, scale: float = 1.0) -> ReplayStream:
        """RTSP playback of the track from ``wanted.start`` (real time times ``scale``)."""
        start = format_clock(wanted.start, millis=False)
        end = format_clock(wanted.end, millis=False)
        url = (
            f"rtsp://{self.address.host}:{self.address.rtsp_port}/Streaming/tracks/{self.track}"
            f"?starttime={start}&endtime={end}"
        )
        return await vendor_replay(self.address, url, wanted, scale, self.timeout)

    async def close(self) -> None:
        """Close the HTTP session."""
        await self.http.close()


__all__ = ["HikvisionRecorder", "search_body"]
