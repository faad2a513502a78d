"""The simulated NVR's vendor HTTP APIs: Hikvision ISAPI and Dahua CGI.

- Hikvision: ``POST /ISAPI/ContentMgmt/search`` (``CMSearchDescription`` in,
  ``CMSearchResult`` out, paged with ``searchResultPostion`` [sic] and
  ``responseStatusStrg`` ``MORE``/``OK``/``NO MATCHES``), ``GET
  /ISAPI/System/time`` and ``GET /ISAPI/System/deviceInfo``.
- Dahua: ``GET /cgi-bin/mediaFileFind.cgi`` (``factory.create``,
  ``findFile``, ``findNextFile``, ``close``, ``destroy``; ``key=value``
  lines, device local time, channels counted from 1 in the query and from 0
  in the answers), ``global.cgi?action=getCurrentTime`` and
  ``magicBox.cgi``.

Recorded spans are cut into files of at most an hour, as recorders write
them, so a day's search takes several pages. The "badxml" fault answers
searches with a truncated document.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from xml.sax.saxutils import escape

from aiohttp import web
from lxml import etree

from app.sim.auth import DigestAuth
from app.sim.cameras import DEFAULT_PASSWORD, DEFAULT_USER
from app.sim.rec_onvif import parse_xml_time
from app.sim.rec_rtp import format_clock
from app.sim.rec_source import SimRecorder

logger = logging.getLogger("app.sim")

FILE_SECONDS = 3600
MAX_RESULTS = 50
HIK_NS = "http://www.hikvision.com/ver20/XMLSchema"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_ids = itertools.count(1000)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def files(
    recorder: SimRecorder, camera_id: str, start: float, end: float
) -> list[tuple[float, float]]:
    """Recorded files (start, end) of a camera overlapping ``[start, end)``, an hour at most."""
    out = []
    for a, b in recorder.sources[camera_id].plan.segments(start, end):
        cut = a
        while cut < b:
            nxt = min(b, (cut // FILE_SECONDS + 1) * FILE_SECONDS)
            out.append((cut, nxt))
            cut = nxt
    return out


def _local(t: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t))


def _parse_local(text: str) -> float | None:
    try:
        return time.mktime(time.strptime(text.strip(), "%Y-%m-%d %H:%M:%S"))
    except ValueError:
        return None


class VendorApis:
    """aiohttp handlers of the ISAPI and Dahua endpoints."""

    def __init__(self, recorder: SimRecorder, rtsp_base: str) -> None:
        self.recorder = recorder
        self.rtsp_base = rtsp_base
        self.auth = DigestAuth("Occhio NVR")
        self._finds: dict[str, tuple[int, list[tuple[float, float]]]] = {}

    def routes(self, app: web.Application) -> None:
        """Add the endpoints to ``app``."""
        app.router.add_post("/ISAPI/ContentMgmt/search", self._guard(self._hik_search))
        app.router.add_get("/ISAPI/System/time", self._guard(self._hik_time))
        app.router.add_get("/ISAPI/System/deviceInfo", self._guard(self._hik_info))
        app.router.add_get("/cgi-bin/mediaFileFind.cgi", self._guard(self._dahua_find))
        app.router.add_get("/cgi-bin/global.cgi", self._guard(self._dahua_time))
        app.router.add_get("/cgi-bin/magicBox.cgi", self._guard(self._dahua_info))

    def _guard(self, handler: Handler) -> Handler:
        async def checked(request: web.Request) -> web.StreamResponse:
            header = request.headers.get("Authorization")
            if not self.auth.check(
                request.method, header, DEFAULT_USER, DEFAULT_PASSWORD, basic=True
            ):
                return web.Response(status=401, headers={"WWW-Authenticate": self.auth.challenge()})
            return await handler(request)

        return checked

    def _broken(self, camera_id: str) -> bool:
        return self.recorder.fault(camera_id) == "badxml"

    async def _hik_search(self, request: web.Request) -> web.Response:
        try:
            root = etree.fromstring(await request.read(), _PARSER)
        except etree.XMLSyntaxError:
            return web.Response(status=400, text="bad XML")
        text = {etree.QName(e).localname: (e.text or "").strip() for e in root.iter()}
        track = text.get("trackID", "")
        channel = int(track) // 100 if track.isascii() and track.isdigit() else 0
        cid = self.recorder.channels.get(channel)
        start = parse_xml_time(text.get("startTime", "")) or 0.0
        end = parse_xml_time(text.get("endTime", "")) or float("inf")
        if cid is None:
            return web.Response(status=404, text="no such track")
        if self._broken(cid):
            return web.Response(text="<CMSearchResult><searchID>", content_type="application/xml")
        position = int(text.get("searchResultPostion", "0") or 0)
        limit = max(1, min(MAX_RESULTS, int(text.get("maxResults", "40") or 40)))
        found = files(self.recorder, cid, start, end)
        page = found[position : position + limit]
        state = "NO MATCHES" if not found else "MORE" if position + limit < len(found) else "OK"
        items = "".join(self._hik_item(track, a, b) for a, b in page)
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?><CMSearchResult version="2.0" '
            f'xmlns="{HIK_NS}"><searchID>{escape(text.get("searchID", ""))}</searchID>'
            f"<responseStatus>true</responseStatus><responseStatusStrg>{state}"
            f"</responseStatusStrg><numOfMatches>{len(page)}</numOfMatches>"
            f"<matchList>{items}</matchList></CMSearchResult>"
        )
        return web.Response(text=body, content_type="application/xml")

    def _hik_item(self, track: str, a: float, b: float) -> str:
        uri = (
            f"{self.rtsp_base}/Streaming/tracks/{track}/?starttime={format_clock(a)}"
            f"&endtime={format_clock(b)}"
        )
        span = f"<startTime>{_iso(a)}</startTime><endTime>{_iso(b)}</endTime>"
        return (
            f"<searchMatchItem><sourceID>sim</sourceID><trackID>{track}</trackID><timeSpan>"
            f"{span}</timeSpan><mediaSegmentDescriptor><contentType>video</contentType>"
            f"<codecType>H.264-BP</codecType><playbackURI>{escape(uri)}</playbackURI>"
            "</mediaSegmentDescriptor></searchMatchItem>"
        )

    async def _hik_time(self, request: web.Request) -> web.Response:
        now = self.recorder.device_now()
        local = time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(now))
        local = local[:-2] + ":" + local[-2:]
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?><Time version="2.0" xmlns="{HIK_NS}">'
            f"<timeMode>NTP</timeMode><localTime>{local}</localTime>"
            "<timeZone>CST-1:00:00DST01:00:00,M3.5.0/02:00:00,M10.5.0/03:00:00</timeZone></Time>"
        )
        return web.Response(text=body, content_type="application/xml")

    async def _hik_info(self, request: web.Request) -> web.Response:
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?><DeviceInfo version="2.0" xmlns="{HIK_NS}">'
            "<deviceName>SimNVR</deviceName><model>SIM-NVR-16</model>"
            "<serialNumber>SIMNVR0001</serialNumber><firmwareVersion>V1.0.0</firmwareVersion>"
            "</DeviceInfo>"
        )
        return web.Response(text=body, content_type="application/xml")

    async def _dahua_find(self, request: web.Request) -> web.Response:
        q = request.query
        action = q.get("action", "")
        if action == "factory.create":
            return _lines(f"result={next(_ids)}")
        obj = q.get("object", "")
        if action == "findFile":
            return self._dahua_start(obj, q.get("condition.Channel", ""), q)
        if action == "findNextFile":
            return self._dahua_next(obj, q.get("count", "100"))
        if action in ("close", "destroy"):
            self._finds.pop(obj, None)
            return _lines("OK")
        return web.Response(status=400, text="Error\r\nBad Request!\r\n")

    def _dahua_start(self, obj: str, channel: str, q: Mapping[str, str]) -> web.Response:
        number = int(channel) if channel.isascii() and channel.isdigit() else 0
        cid = self.recorder.channels.get(number)
        start = _parse_local(q.get("condition.StartTime", ""))
        end = _parse_local(q.get("condition.EndTime", ""))
        if cid is None or start is None or end is None:
            return web.Response(status=400, text="Error\r\nBad Request!\r\n")
        if self._broken(cid):
            return _lines("found=2\r\nitems[0].StartTime=2026-13-45 99\r\nitems[")
        self._finds[obj] = (number, files(self.recorder, cid, start, end))
        while len(self._finds) > 16:
            self._finds.pop(next(iter(self._finds)))
        return _lines("OK")

    def _dahua_next(self, obj: str, count: str) -> web.Response:
        if obj not in self._finds:
            return web.Response(status=400, text="Error\r\nBad Request!\r\n")
        number, pending = self._finds[obj]
        n = max(1, min(MAX_RESULTS, int(count) if count.isascii() and count.isdigit() else 1))
        page, self._finds[obj] = pending[:n], (number, pending[n:])
        lines = [f"found={len(page)}"]
        for i, (a, b) in enumerate(page):
            lines += [
                f"items[{i}].Channel={number - 1}",
                f"items[{i}].StartTime={_local(a)}",
                f"items[{i}].EndTime={_local(b)}",
                f"items[{i}].Type=dav",
                f"items[{i}].FilePath=/mnt/sd/{number}/{int(a)}.dav",
            ]
        return _lines("\r\n".join(lines))

    async def _dahua_time(self, request: web.Request) -> web.Response:
        return _lines(f"result={_local(self.recorder.device_now())}")

    async def _dahua_info(self, request: web.Request) -> web.Response:
        answers = {
            "getDeviceType": "type=SIM-NVR-16",
            "getSerialNo": "sn=SIMNVR0001",
            "getSoftwareVersion": "version=1.0.0,build:2026-01-01",
        }
        answer = answers.get(request.query.get("action", ""))
        return _lines(answer) if answer else web.Response(status=400, text="Error\r\n")


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def _lines(text: str) -> web.Response:
    return web.Response(text=text + "\r\n", content_type="text/plain")
