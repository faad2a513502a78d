"""Serving the simulated plate cameras: each on a port of its own, in its dialect.

Pulled dialects are served on the camera's plate port like the real
devices serve them: Hikvision ``/ISAPI/Event/notification/alertStream``,
Dahua ``/cgi-bin/eventManager.cgi?action=attach``, ONVIF Device and Events
under ``/onvif/``. Pushing dialects (``hikvision-push``, ``webhook``) POST
each read to the target Occhio gave with ``POST /sim/<id>/plates/target``.

Test controls on the simulator's main HTTP port:

- ``POST /sim/<id>/plates`` (body: a plate): that plate passes now, read right;
- ``POST /sim/<id>/plates/rate`` (body: reads a second) for load tests;
- ``POST /sim/<id>/plates/misreads`` (body: 0..1) the share of reads gone wrong;
- ``POST /sim/<id>/plates/target`` (body: a URL) where pushed reads go.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

from app.sim import plates_wire as wire
from app.sim.auth import DigestAuth
from app.sim.cameras import SimCamera
from app.sim.plates import PlateTraffic, SimRead
from app.sim.plates_onvif import PlateEvents

logger = logging.getLogger("app.sim")

HEARTBEAT_S = 5.0
MAX_STREAM_QUEUE = 100_000
PULLED = ("hikvision", "dahua", "onvif")
HIK_BOUNDARY = "boundary"
DAHUA_BOUNDARY = "myboundary"


@dataclass
class PlateCamera:
    """One simulated plate camera: its traffic, dialect and who listens."""

    camera: SimCamera
    dialect: str
    traffic: PlateTraffic
    events: PlateEvents
    target: str = ""
    streams: set[asyncio.Queue[bytes]] = field(default_factory=set)
    sent: int = 0
    dropped: int = 0
    push_failures: int = 0
    _index: int = 0
    _pushes: set[asyncio.Task[None]] = field(default_factory=set)
    _session: aiohttp.ClientSession | None = None

    def publish(self, read: SimRead) -> None:
        """Send one read to everyone listening, in the camera's dialect."""
        self.sent += 1
        self._index += 1
        if self.dialect == "hikvision":
            self._to_streams(wire.hik_parts(read, HIK_BOUNDARY, named=False))
        elif self.dialect == "dahua":
            body = wire.dahua_event(read, self._index)
            self._to_streams(wire.part(DAHUA_BOUNDARY, "text/plain", body))
        elif self.dialect == "onvif":
            self.events.publish(wire.onvif_message(read))
        elif self.target:
            self._push(read)

    def _to_streams(self, data: bytes) -> None:
        for queue in list(self.streams):
            try:
                queue.put_nowait(data)
            except asyncio.QueueFull:
                self.dropped += 1

    def _push(self, read: SimRead) -> None:
        if len(self._pushes) > 1000:
            self.dropped += 1  # a receiver that does not keep up loses reads, as with a device
            return
        task = asyncio.create_task(self._post(read))
        self._pushes.add(task)
        task.add_done_callback(self._pushes.discard)

    async def _post(self, read: SimRead) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        if self.dialect == "webhook":
            data, headers = wire.webhook_body(read), {"Content-Type": "application/json"}
        else:
            data = wire.hik_parts(read, "MIME_boundary", named=True) + b"--MIME_boundary--\r\n"
            headers = {"Content-Type": "multipart/form-data; boundary=MIME_boundary"}
        try:  # credentials, if any, are in the target URL (Basic)
            async with self._session.post(self.target, data=data, headers=headers) as r:
                if r.status >= 300:
                    self.push_failures += 1
        except (aiohttp.ClientError, OSError, TimeoutError):
            self.push_failures += 1

    async def close(self) -> None:
        """Finish the pushes under way and close the HTTP client."""
        for task in list(self._pushes):
            task.cancel()
        await asyncio.gather(*self._pushes, return_exceptions=True)
        if self._session is not None:
            await self._session.close()


async def traffic_loop(cam: PlateCamera) -> None:
    """Vehicles pass at the camera's rate until cancelled (bursts at high rates)."""
    traffic = cam.traffic
    next_at = time.monotonic() + traffic.next_gap()
    rate = traffic.per_second
    while True:
        now = time.monotonic()
        if traffic.per_second != rate:  # the rate changed: start counting from now
            rate, next_at = traffic.per_second, now + traffic.next_gap()
        burst = 0
        while next_at <= now and burst < 2000:
            cam.publish(traffic.read())
            next_at += traffic.next_gap()
            burst += 1
        await asyncio.sleep(max(0.0, min(0.05, next_at - time.monotonic())))


async def _stream(
    request: web.Request, cam: PlateCamera, boundary: str, kind: str, heartbeat: bytes
) -> web.StreamResponse:
    """An endless multipart response fed by the camera's reads, with heartbeats."""
    response = web.StreamResponse(
        headers={"Content-Type": f"multipart/{kind}; boundary={boundary}"}
    )
    await response.prepare(request)
    queue: asyncio.Queue[bytes] = asyncio.Queue(MAX_STREAM_QUEUE)
    cam.streams.add(queue)
    try:
        while True:
            try:
                data = await asyncio.wait_for(queue.get(), HEARTBEAT_S)
            except TimeoutError:
                data = heartbeat
            chunks = [data]
            while not queue.empty() and len(chunks) < 500:
                chunks.append(queue.get_nowait())
            await response.write(b"".join(chunks))
    except ConnectionError:
        pass  # the client went away
    finally:
        cam.streams.discard(queue)
    return response


def plate_camera_app(cam: PlateCamera) -> web.Application:
    """The aiohttp application of one plate camera's own port."""
    auth = DigestAuth("Occhio Simulator ANPR")

    def allowed(request: web.Request) -> bool:
        header = request.headers.get("Authorization")
        return auth.check(
            request.method, header, cam.camera.username, cam.camera.password, basic=True
        )

    async def alert_stream(request: web.Request) -> web.StreamResponse:
        if cam.dialect != "hikvision":
            return web.Response(status=404)
        if not allowed(request):
            return web.Response(status=401, headers={"WWW-Authenticate": auth.challenge()})
        beat = wire.part(HIK_BOUNDARY, "application/xml", wire.hik_heartbeat(time.time()))
        return await _stream(request, cam, HIK_BOUNDARY, "mixed", beat)

    async def attach(request: web.Request) -> web.StreamResponse:
        if cam.dialect != "dahua" or request.query.get("action") != "attach":
            return web.Response(status=404)
        if not allowed(request):
            return web.Response(status=401, headers={"WWW-Authenticate": auth.challenge()})
        beat = wire.part(DAHUA_BOUNDARY, "text/plain", b"Heartbeat")
        return await _stream(request, cam, DAHUA_BOUNDARY, "x-mixed-replace", beat)

    async def soap(request: web.Request) -> web.Response:
        if cam.dialect != "onvif":
            return web.Response(status=404)
        body = await request.read()
        status, text = await cam.events.answer(body, f"http://{request.host}", request.path)
        return web.Response(
            status=status, text=text, content_type="application/soap+xml", charset="utf-8"
        )

    app = web.Application(client_max_size=256 * 1024)
    app.router.add_get("/ISAPI/Event/notification/alertStream", alert_stream)
    app.router.add_get("/cgi-bin/eventManager.cgi", attach)
    app.router.add_post("/onvif/{path:.*}", soap)
    return app


def force_plate(cams: dict[str, PlateCamera]) -> Callable[[SimCamera, str], str | None]:
    """The ``POST /sim/<id>/plates`` control (a plate passes now): an action of the control app."""

    def action(camera: SimCamera, body: str) -> str | None:
        cam = cams.get(camera.id)
        if cam is None:
            return "not a plate camera"
        try:
            _apply(cam, "", body[:200])
        except ValueError as exc:
            return str(exc)
        return None

    return action


def add_plate_controls(app: web.Application, cams: dict[str, PlateCamera]) -> None:
    """``GET /sim/plates`` and ``POST /sim/<id>/plates/<action>``, on the control application."""

    async def control(request: web.Request) -> web.Response:
        cam = cams.get(request.match_info["camera"])
        if cam is None:
            return web.json_response({"error": "not a plate camera"}, status=404)
        action = request.match_info["action"]
        text = (await request.text()).strip()[:200]
        try:
            _apply(cam, action, text)
        except ValueError as exc:
            return web.json_response({"error": str(exc)}, status=400)
        return web.json_response(plate_status(cam))

    async def status(request: web.Request) -> web.Response:
        return web.json_response({cid: plate_status(cam) for cid, cam in cams.items()})

    app.router.add_get("/sim/plates", status)
    app.router.add_post("/sim/{camera}/plates/{action}", control)


def _apply(cam: PlateCamera, action: str, text: str) -> None:
    if action == "":
        plate = "".join(ch for ch in text.upper() if ch.isalnum())
        if not plate:
            raise ValueError("no plate given")
        cam.publish(cam.traffic.read(plate, exact=True))
        logger.info("plate camera %s: %s forced", cam.camera.id, plate)
    elif action == "rate":
        cam.traffic.set_rate(float(text))
    elif action == "misreads":
        cam.traffic.misread_rate = max(0.0, min(1.0, float(text)))
    elif action == "target":
        if not text.startswith("http://"):
            raise ValueError("target must be an http:// URL")
        cam.target = text
    else:
        raise ValueError(f"unknown action {action!r}")


def plate_status(cam: PlateCamera) -> dict[str, object]:
    """What a plate camera did: its dialect, rate and counters."""
    return {
        "dialect": cam.dialect,
        "rate": cam.traffic.per_second,
        "sent": cam.sent,
        "dropped": cam.dropped,
        "push_failures": cam.push_failures,
        "listeners": len(cam.streams) + len(cam.events.subscriptions),
        "target": cam.target,
    }


async def close_all(cams: dict[str, PlateCamera]) -> None:
    """Close every camera's push client."""
    for cam in cams.values():
        await cam.close()
