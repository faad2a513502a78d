"""ONVIF Device and Media services of one simulated camera (aiohttp + lxml).

Enough of ONVIF Profile S for a client to find the camera's streams:
device information, services, capabilities, clock, media profiles, stream
and snapshot URIs. Requests carry a WS-Security UsernameToken that is
checked like a real device does (PasswordDigest = Base64(SHA1(nonce +
created + password))); GetSystemDateAndTime answers without it, because
clients ask for the clock first to correct their timestamps.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import cv2
from aiohttp import web
from lxml import etree

from app.sim import onvif_xml as x
from app.sim import scene
from app.sim.auth import DigestAuth
from app.sim.cameras import SimCamera
from app.sim.encode import PROFILES

logger = logging.getLogger("app.sim")

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_NO_AUTH = {"GetSystemDateAndTime"}
_DIGEST_TYPE = "#PasswordDigest"


@dataclass(frozen=True)
class OnvifContext:
    """What every camera's ONVIF service needs to know about the simulator."""

    host: str
    rtsp_port: int
    t0: float


class SoapFaultError(Exception):
    """Answer with a SOAP fault and this HTTP status."""

    def __init__(self, status: int, subcode: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.subcode = subcode
        self.reason = reason


def check_username_token(header: etree._Element | None, user: str, password: str) -> bool:
    """Whether a SOAP Header holds a valid UsernameToken for ``user``/``password``."""
    if header is None:
        return False
    token = header.find(f"{{{x.NS['wsse']}}}Security/{{{x.NS['wsse']}}}UsernameToken")
    if token is None:
        return False
    name = token.findtext(f"{{{x.NS['wsse']}}}Username") or ""
    pw = token.find(f"{{{x.NS['wsse']}}}Password")
    if pw is None or not hmac.compare_digest(name, user):
        return False
    given = (pw.text or "").strip()
    if not pw.get("Type", "").endswith(_DIGEST_TYPE):
        return hmac.compare_digest(given, password)  # PasswordText
    created = token.findtext(f"{{{x.NS['wsu']}}}Created") or ""
    try:
        nonce = base64.b64decode(token.findtext(f"{{{x.NS['wsse']}}}Nonce") or "")
    except ValueError:
        return False
    digest = hashlib.sha1(nonce + created.encode() + password.encode()).digest()
    return hmac.compare_digest(base64.b64encode(digest).decode(), given)


def _profile_token(op: etree._Element) -> str:
    token = op.findtext(f"{{{x.NS['trt']}}}ProfileToken") or "main"
    if token not in PROFILES:
        raise SoapFaultError(400, "ter:InvalidArgVal", f"no such profile: {token}")
    return token


class OnvifDevice:
    """Answers SOAP requests for one camera."""

    def __init__(self, camera: SimCamera, ctx: OnvifContext) -> None:
        self.camera = camera
        self.ctx = ctx
        self.http_auth = DigestAuth("Occhio Simulator")
        self._base_image = scene.background(
            camera.id, PROFILES["main"].width, PROFILES["main"].height
        )

    def _operations(self, base: str) -> dict[str, Callable[[etree._Element], str]]:
        cam = self.camera
        rtsp = f"rtsp://{self.ctx.host}:{self.ctx.rtsp_port}/{cam.id}"
        return {
            "GetSystemDateAndTime": lambda op: x.date_and_time(dt.datetime.now(dt.UTC)),
            "GetDeviceInformation": lambda op: x.device_information(cam.id),
            "GetServices": lambda op: x.services(base),
            "GetCapabilities": lambda op: x.capabilities(base),
            "GetProfiles": lambda op: x.profiles(),
            "GetVideoSources": lambda op: x.video_sources(),
            "GetStreamUri": lambda op: x.media_uri("GetStreamUri", f"{rtsp}/{_profile_token(op)}"),
            "GetSnapshotUri": lambda op: x.media_uri(
                "GetSnapshotUri", f"{base}/onvif/snapshot?profile={_profile_token(op)}"
            ),
            "SetSynchronizationPoint": lambda op: "<trt:SetSynchronizationPointResponse/>",
        }

    def answer(self, body: bytes, base: str) -> tuple[int, str]:
        """HTTP status and SOAP envelope for one request body."""
        try:
            return 200, self._answer(body, base)
        except SoapFaultError as f:
            code = "s:Sender" if f.status < 500 else "s:Receiver"
            return f.status, x.fault(code, f.subcode, f.reason)

    def _answer(self, body: bytes, base: str) -> str:
        try:
            root = etree.fromstring(body, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise SoapFaultError(400, "ter:WellFormed", "request is not well-formed XML") from exc
        soap_body = root.find(f"{{{x.NS['s']}}}Body")
        if soap_body is None or len(soap_body) == 0:
            raise SoapFaultError(400, "ter:InvalidArgs", "no SOAP 1.2 body")
        op = soap_body[0]
        name = etree.QName(op).localname
        handler = self._operations(base).get(name)
        if handler is None:
            raise SoapFaultError(400, "ter:ActionNotSupported", f"{name} is not supported")
        if name not in _NO_AUTH and not check_username_token(
            root.find(f"{{{x.NS['s']}}}Header"), self.camera.username, self.camera.password
        ):
            logger.info("ONVIF %s on %s: not authorised", name, self.camera.id)
            raise SoapFaultError(400, "ter:NotAuthorized", "Sender not authorized")
        return x.envelope(handler(op))

    def snapshot_jpeg(self) -> bytes:
        """A JPEG of what the main stream shows now."""
        main = PROFILES["main"]
        n = int((time.monotonic() - self.ctx.t0) * float(main.fps))
        img = scene.render(
            self.camera.id,
            self.camera.name,
            self._base_image,
            n % main.loop_frames,
            main.loop_frames,
            label="snapshot",
            clock=scene.clock_text(time.time()),
        )
        ok, data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 80])
        if not ok:
            raise RuntimeError("JPEG encoding failed")
        return bytes(data.tobytes())


def start_onvif(camera: SimCamera, ctx: OnvifContext) -> web.Application:
    """The aiohttp application for one camera's ONVIF port."""
    device = OnvifDevice(camera, ctx)

    async def soap(request: web.Request) -> web.Response:
        body = await request.read()
        status, text = device.answer(body, f"http://{request.host}")
        return web.Response(
            status=status, text=text, content_type="application/soap+xml", charset="utf-8"
        )

    async def snapshot(request: web.Request) -> web.Response:
        if not device.http_auth.check(
            "GET",
            request.headers.get("Authorization"),
            camera.username,
            camera.password,
            basic=True,
        ):
            return web.Response(
                status=401, headers={"WWW-Authenticate": device.http_auth.challenge()}
            )
        return web.Response(body=device.snapshot_jpeg(), content_type="image/jpeg")

    app = web.Application(client_max_size=256 * 1024)
    app.router.add_post("/onvif/{service}", soap)
    app.router.add_get("/onvif/snapshot", snapshot)
    return app
