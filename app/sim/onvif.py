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
import dataclasses
import datetime as dt
import hashlib
import hmac
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import cv2
from aiohttp import web
from lxml import etree

from app.sim import onvif_xml as x
from app.sim import ptz_xml, scene
from app.sim.auth import DigestAuth
from app.sim.cameras import Quirks, SimCamera
from app.sim.encode import PROFILES
from app.sim.ptz import PtzError

logger = logging.getLogger("app.sim")

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_NO_AUTH = {"GetSystemDateAndTime"}
_DIGEST_TYPE = "#PasswordDigest"


@dataclass(frozen=True)
class RecordingHooks:
    """What a camera with an archive adds to its ONVIF device (Profile G)."""

    operations: Mapping[str, Callable[[etree._Element], str]] = dataclasses.field(
        default_factory=dict
    )
    services: Sequence[tuple[str, str]] = ()
    clock: Callable[[], float] = time.time


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
    """Answers SOAP requests for one camera.

    ``sync`` is called by SetSynchronizationPoint (live-encoded streams then
    start a new GOP); without it the request is accepted and does nothing,
    since a replayed loop has its IDRs where they are. ``picture`` renders
    what a live (PTZ) camera shows now, for snapshots. ``recording`` adds the
    services of a camera with an archive (operations keyed
    ``{namespace}Name``, the (namespace, path) pairs GetServices lists) and
    its device clock.
    """

    def __init__(
        self,
        camera: SimCamera,
        ctx: OnvifContext,
        sync: Callable[[], None] | None = None,
        picture: Callable[[], scene.Image] | None = None,
        recording: RecordingHooks | None = None,
    ) -> None:
        self.camera = camera
        self.ctx = ctx
        self.sync = sync
        self.picture = picture
        self.recording = recording or RecordingHooks()
        self.http_auth = DigestAuth("Occhio Simulator")
        self._base_image = scene.background(
            camera.id, PROFILES["main"].width, PROFILES["main"].height
        )

    def _synchronise(self) -> str:
        if self.sync is not None:
            self.sync()
        return "<trt:SetSynchronizationPointResponse/>"

    def _operations(self, base: str) -> dict[str, Callable[[etree._Element], str]]:
        cam = self.camera
        rtsp = f"rtsp://{self.ctx.host}:{self.ctx.rtsp_port}/{cam.id}"
        minimal = cam.quirks is Quirks.MINIMAL
        has_ptz = cam.ptz is not None
        ptz_config = ptz_xml.configuration("tt:PTZConfiguration") if has_ptz else ""
        ops: dict[str, Callable[[etree._Element], str]] = {
            "GetSystemDateAndTime": lambda op: x.date_and_time(
                dt.datetime.fromtimestamp(self.recording.clock(), dt.UTC)
            ),
            "GetDeviceInformation": lambda op: x.device_information(cam.id, minimal),
            # Quirk seen in the field: PTZ only in GetCapabilities.
            "GetServices": lambda op: x.services(
                base, has_ptz and not minimal, self.recording.services
            ),
            "GetCapabilities": lambda op: x.capabilities(base, has_ptz),
            "GetProfiles": lambda op: x.profiles(ptz_config, minimal),
            "GetVideoSources": lambda op: x.video_sources(),
            "GetStreamUri": lambda op: x.media_uri("GetStreamUri", f"{rtsp}/{_profile_token(op)}"),
            "GetSnapshotUri": lambda op: x.media_uri(
                "GetSnapshotUri", f"{base}/onvif/snapshot?profile={_profile_token(op)}"
            ),
            "SetSynchronizationPoint": lambda op: self._synchronise(),
        }
        if cam.ptz is not None:
            ops.update(ptz_xml.operations(cam.ptz, PROFILES))
        ops.update(self.recording.operations)
        return ops

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
        ops = self._operations(base)
        handler = ops.get(etree.QName(op).text) or ops.get(name)
        if handler is None:
            raise SoapFaultError(400, "ter:ActionNotSupported", f"{name} is not supported")
        if name not in _NO_AUTH and not check_username_token(
            root.find(f"{{{x.NS['s']}}}Header"), self.camera.username, self.camera.password
        ):
            logger.info("ONVIF %s on %s: not authorised", name, self.camera.id)
            raise SoapFaultError(400, "ter:NotAuthorized", "Sender not authorized")
        try:
            return x.envelope(handler(op))
        except PtzError as err:
            raise SoapFaultError(400, err.code, str(err)) from err

    def snapshot_jpeg(self) -> bytes:
        """A JPEG of what the main stream shows now."""
        if self.picture is not None:
            return _jpeg(self.picture())
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
        return _jpeg(img)


def _jpeg(img: scene.Image) -> bytes:
    ok, data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 80])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return bytes(data.tobytes())


def start_onvif(
    camera: SimCamera,
    ctx: OnvifContext,
    sync: Callable[[], None] | None = None,
    picture: Callable[[], scene.Image] | None = None,
    recording: RecordingHooks | None = None,
) -> web.Application:
    """The aiohttp application for one camera's ONVIF port (see ``OnvifDevice``)."""
    device = OnvifDevice(camera, ctx, sync, picture, recording)

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
