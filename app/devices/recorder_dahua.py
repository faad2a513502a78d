"""Dahua recorders: ``mediaFileFind.cgi`` search, ``/cam/playback`` replay (device local time).

Dahua speaks the device's local time everywhere, so the site file's
``timezone`` (default: this computer's) converts both ways. Search is a
small conversation: ``factory.create`` gives an object, ``findFile`` sets
the channel and times, ``findNextFile`` pages through the files, ``close``
and ``destroy`` free it. Replay ignores ``endtime``, which
:class:`ReplayStream` enforces.
"""

from __future__ import annotations

import contextlib
import time
from urllib.parse import quote

from app.core.model import RecorderAddress, RecorderKind
from app.core.recording import DeviceIdentity, RecordingIndex, Span, merge_spans
from app.devices import recorder_parse as parse
from app.devices.recorder import ReplayStream, vendor_replay
from app.devices.recorder_http import RecorderHttp
from app.devices.replay.errors import ReplayError, ReplayFailure
from app.devices.replay.times import dahua_search_time, dahua_time, parse_local, zone

PAGE = 100
MAX_PAGES = 50
_FIND = "/cgi-bin/mediaFileFind.cgi?action="


class DahuaRecorder:
    """One channel of a Dahua NVR (or a camera's own card)."""

    kind = RecorderKind.DAHUA

    def __init__(self, address: RecorderAddress, timeout: float = 5.0) -> None:
        self.address = address
        self.timeout = timeout
        try:
            self.tz = zone(address.timezone)
        except ValueError as err:
            raise ReplayError(ReplayFailure.UNSUPPORTED, str(err)) from err
        self.where = f"{address.host}:{address.port} channel {address.channel}"
        self.http = RecorderHttp(
            f"http://{address.host}:{address.port}", address.username, address.password, timeout
        )

    async def identity(self) -> DeviceIdentity:
        """From ``magicBox.cgi``."""
        values = []
        for action, key in (
            ("getDeviceType", "type"),
            ("getSerialNo", "sn"),
            ("getSoftwareVersion", "version"),
        ):
            text = await self.http.request("GET", f"/cgi-bin/magicBox.cgi?action={action}")
            values.append(parse.dahua_value(text, key))
        return DeviceIdentity("Dahua", *values)

    async def clock_offset(self) -> float | None:
        """From ``global.cgi?action=getCurrentTime`` (local time, whole seconds)."""
        before = time.time()
        try:
            text = await self.http.request("GET", "/cgi-bin/global.cgi?action=getCurrentTime")
            device = parse_local(parse.dahua_value(text, "result"), self.tz)
        except (ReplayError, ValueError):
            return None
        # Whole seconds, cut short: +0.5 s centres the error.
        return device + 0.5 - (before + time.time()) / 2

    async def search(self, wanted: Span) -> RecordingIndex:
        """The files of this channel that overlap ``wanted``."""
        created = await self.http.request("GET", _FIND + "factory.create")
        obj = quote(parse.dahua_value(created, "result"), safe="")
        try:
            spans = await self._find(obj, wanted)
        finally:
            for action in ("close", "destroy"):
                with contextlib.suppress(ReplayError):
                    await self.http.request("GET", f"{_FIND}{action}&object={obj}")
        clipped = [Span(max(s.start, wanted.start), min(s.end, wanted.end)) for s in spans]
        recorded = tuple(merge_spans([s for s in clipped if s.end > s.start]))
        return RecordingIndex(wanted, recorded, clock_offset_s=await self.clock_offset())

    async def _find(self, obj: str, wanted: Span) -> list[Span]:
        start = quote(dahua_search_time(wanted.start, self.tz))
        end = quote(dahua_search_time(wanted.end, self.tz))
        query = (
            f"{_FIND}findFile&object={obj}&condition.Channel={self.address.channel}"
            f"&condition.StartTime={start}&condition.EndTime={end}"
        )
        await self.http.request("GET", query)
        spans: list[Span] = []
        for _ in range(MAX_PAGES):
            text = await self.http.request("GET", f"{_FIND}findNextFile&object={obj}&count={PAGE}")
            page = parse.dahua_found(text, self.tz)
            spans += page
            if len(page) < PAGE:
                return spans
        raise ReplayError(ReplayFailure.SEARCH, f"Dahua search: more than {MAX_PAGES} pages")

    async def replay(self, wanted: Span, *, fast: bool = False, scale: float = 1.0) -> ReplayStream:
        """RTSP playback of the channel's main stream from ``wanted.start``."""
        url = (
            f"rtsp://{self.address.host}:{self.address.rtsp_port}/cam/playback"
            f"?channel={self.address.channel}&subtype=0"
            f"&starttime={dahua_time(wanted.start, self.tz)}"
            f"&endtime={dahua_time(wanted.end, self.tz)}"
        )
        return await vendor_replay(self.address, url, wanted, scale, self.timeout)

    async def close(self) -> None:
        """Close the HTTP session."""
        await self.http.close()
