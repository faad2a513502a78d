"""A hostile ONVIF device (aiohttp on 127.0.0.1, in a thread of its own).

It answers the Device and Media operations Occhio uses with the simulator's
SOAP templates, except where ``OnvifScript`` says otherwise: stream and
snapshot URIs of its choosing (``file:///``, another host), device texts
with line breaks and control characters, a SOAP fault with a forged log
line, or a giant answer streamed without end (the server counts what it
managed to send before the client hung up).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.sax.saxutils import escape

from aiohttp import web
from lxml import etree

from app.core.model import OnvifAddress
from app.sim import onvif_xml as x
from tests.hostile.loop import LoopThread

_CHUNK = b"<tt:Name>" + b"A" * 65_000 + b"</tt:Name>"


@dataclass(frozen=True)
class OnvifScript:
    """How the device misbehaves. ``{host}`` in a URI is the server's own address.

    Attributes:
        stream_uri: what GetStreamUri answers.
        snapshot_uri: what GetSnapshotUri answers.
        model: the Model of GetDeviceInformation.
        fault_on: an operation answered with a SOAP fault of reason ``fault_reason``.
        fault_reason: the fault's text.
        huge_on: an operation answered with ``huge_bytes`` of XML, streamed.
        huge_bytes: how much the giant answer announces and tries to send.
        announce_length: send a Content-Length for the giant answer (else chunked).
        service_host: host written into GetServices' XAddrs ("" = the server's own).
    """

    stream_uri: str = "rtsp://{host}:554/stream1"
    snapshot_uri: str = "http://{host}/snap.jpg"
    model: str = "HostileCam"
    fault_on: str = ""
    fault_reason: str = ""
    huge_on: str = ""
    huge_bytes: int = 400_000_000
    announce_length: bool = False
    service_host: str = ""


class HostileOnvifDevice(LoopThread):
    """Serves ``script`` on a free port; use as a context manager.

    Attributes:
        sent_huge: bytes of the giant answer written before the client left.
        hosts: the Host header of every request received.
    """

    name = "hostile-onvif"

    def __init__(self, script: OnvifScript) -> None:
        super().__init__()
        self.script = script
        self.sent_huge = 0
        self.hosts: list[str] = []

    def address(self, password: str = "occhio", **flags: bool) -> OnvifAddress:
        """The device as a site file would name it."""
        return OnvifAddress("127.0.0.1", self.port, "admin", password, **flags)

    async def serve(self) -> None:
        """Answer SOAP requests until stopped."""
        await self.serve_http(self._handle)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.hosts.append(request.host)
        root = etree.fromstring(await request.read())
        operation = etree.QName(root.find(f"{{{x.NS['s']}}}Body")[0]).localname
        script = self.script
        if operation == script.huge_on:
            return await self._huge(request)
        if operation == script.fault_on:
            text = x.fault("s:Receiver", "ter:Action", script.fault_reason)
            return web.Response(status=500, text=text, content_type="application/soap+xml")
        body = self._body(operation, f"127.0.0.1:{self.port}")
        return web.Response(text=x.envelope(body), content_type="application/soap+xml")

    def _body(self, operation: str, here: str) -> str:
        script = self.script
        services_at = f"http://{script.service_host or '127.0.0.1'}:{self.port}"
        bodies = {
            "GetSystemDateAndTime": lambda: x.date_and_time(dt.datetime.now(dt.UTC)),
            "GetServices": lambda: x.services(services_at),
            "GetCapabilities": lambda: x.capabilities(services_at),
            "GetDeviceInformation": lambda: (
                "<tds:GetDeviceInformationResponse><tds:Manufacturer>Hostile</tds:Manufacturer>"
                f"<tds:Model>{escape(script.model)}</tds:Model>"
                "<tds:FirmwareVersion>6.6.6</tds:FirmwareVersion>"
                "<tds:SerialNumber>1</tds:SerialNumber><tds:HardwareId>1</tds:HardwareId>"
                "</tds:GetDeviceInformationResponse>"
            ),
            "GetProfiles": x.profiles,
            "GetStreamUri": lambda: x.media_uri(
                "GetStreamUri", script.stream_uri.format(host="127.0.0.1")
            ),
            "GetSnapshotUri": lambda: x.media_uri(
                "GetSnapshotUri", script.snapshot_uri.format(host="127.0.0.1")
            ),
        }
        return bodies[operation]()

    async def _huge(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/soap+xml"})
        if self.script.announce_length:
            response.content_length = self.script.huge_bytes
        await response.prepare(request)
        head = x.envelope("<trt:GetProfilesResponse>").split("<trt:GetProfilesResponse>")[0]
        try:
            await response.write(head.encode())
            while self.sent_huge < self.script.huge_bytes:
                await response.write(_CHUNK)
                self.sent_huge += len(_CHUNK)
        except (ConnectionError, RuntimeError):
            pass  # the client hung up: what it refused is counted
        return response
