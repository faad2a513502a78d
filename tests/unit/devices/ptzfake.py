"""A minimal ONVIF PTZ device for tests: aiohttp in its own thread on 127.0.0.1.

It answers the Device, Media and PTZ operations Occhio uses with few
optional fields, remembers every PTZ request (operation and the numbers in
it) and keeps a position that moves on AbsoluteMove and GotoPreset. Options
choose whether PTZ appears in GetServices or only in GetCapabilities.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from dataclasses import dataclass, field

from aiohttp import web
from lxml import etree

from app.sim import onvif_xml as x

TPTZ = "http://www.onvif.org/ver20/ptz/wsdl"
TT = x.NS["tt"]
_D = f'xmlns:tptz="{TPTZ}"'
_GENERIC = "http://www.onvif.org/ver10/tptz/PanTiltSpaces/VelocityGenericSpace"


@dataclass
class Call:
    """One PTZ request: operation, pan/tilt/zoom numbers found in it, preset token."""

    op: str
    pan: float | None = None
    tilt: float | None = None
    zoom: float | None = None
    preset: str = ""
    has_timeout: bool = False


@dataclass
class DeviceState:
    """What the fake device knows and what it was asked."""

    ptz_in_services: bool = True
    ptz_in_capabilities: bool = True
    options_supported: bool = True
    position: tuple[float, float, float] = (0.1, -0.2, 0.0)
    presets: dict[str, str] = field(default_factory=lambda: {"1": "Ingresso", "2": "Piazza"})
    calls: list[Call] = field(default_factory=list)
    fail_ops: set[str] = field(default_factory=set)  # operations answered with a SOAP fault

    def ops(self) -> list[str]:
        """Names of the PTZ operations received, in order."""
        return [c.op for c in self.calls]


def _range(low: float, high: float) -> str:
    return f"<tt:Min>{low}</tt:Min><tt:Max>{high}</tt:Max>"


def _space(kind: str, two_d: bool = True) -> str:
    y = f"<tt:YRange>{_range(-1, 1)}</tt:YRange>" if two_d else ""
    x_range = f"<tt:XRange>{_range(-1, 1)}</tt:XRange>"
    return f"<tt:{kind}><tt:URI>{_GENERIC}</tt:URI>{x_range}{y}</tt:{kind}>"


def _ptz_body(op: str, state: DeviceState) -> str:
    pan, tilt, zoom = state.position
    bodies = {
        "GetNodes": (
            '<tptz:PTZNode token="n0"><tt:SupportedPTZSpaces>'
            f"{_space('ContinuousPanTiltVelocitySpace')}"
            f"{_space('ContinuousZoomVelocitySpace', False)}</tt:SupportedPTZSpaces>"
            "<tt:MaximumNumberOfPresets>16</tt:MaximumNumberOfPresets>"
            "<tt:HomeSupported>true</tt:HomeSupported></tptz:PTZNode>"
        ),
        "GetConfigurations": (
            '<tptz:PTZConfiguration token="c0"><tt:Name>ptz</tt:Name><tt:UseCount>1</tt:UseCount>'
            "<tt:NodeToken>n0</tt:NodeToken><tt:PanTiltLimits><tt:Range>"
            f"<tt:URI>{_GENERIC}</tt:URI><tt:XRange>{_range(-1, 1)}</tt:XRange>"
            f"<tt:YRange>{_range(-0.5, 1)}</tt:YRange></tt:Range></tt:PanTiltLimits>"
            "</tptz:PTZConfiguration>"
        ),
        "GetConfigurationOptions": (
            "<tptz:PTZConfigurationOptions><tt:Spaces>"
            f"{_space('ContinuousPanTiltVelocitySpace')}</tt:Spaces>"
            "<tt:PTZTimeout><tt:Min>PT1S</tt:Min><tt:Max>PT1M</tt:Max></tt:PTZTimeout>"
            "</tptz:PTZConfigurationOptions>"
        ),
        "GetPresets": "".join(
            f'<tptz:Preset token="{t}"><tt:Name>{n}</tt:Name></tptz:Preset>'
            for t, n in state.presets.items()
        ),
        "GetStatus": (
            f'<tptz:PTZStatus><tt:Position><tt:PanTilt x="{pan}" y="{tilt}"/>'
            f'<tt:Zoom x="{zoom}"/></tt:Position><tt:MoveStatus><tt:PanTilt>IDLE</tt:PanTilt>'
            "</tt:MoveStatus><tt:UtcTime>2026-04-03T03:35:00Z</tt:UtcTime></tptz:PTZStatus>"
        ),
        "SetPreset": "<tptz:PresetToken>7</tptz:PresetToken>",
    }
    return f"<tptz:{op}Response {_D}>{bodies.get(op, '')}</tptz:{op}Response>"


def _record(op: str, body: etree._Element, state: DeviceState) -> None:
    call = Call(op)
    for element in body.iter(f"{{{TT}}}PanTilt"):
        call.pan, call.tilt = float(element.get("x", "nan")), float(element.get("y", "nan"))
    for element in body.iter(f"{{{TT}}}Zoom"):
        if element.get("x") is not None:
            call.zoom = float(element.get("x"))
    token = body.find(f".//{{{TPTZ}}}PresetToken")
    call.preset = token.text if token is not None else ""
    call.has_timeout = body.find(f".//{{{TPTZ}}}Timeout") is not None
    state.calls.append(call)
    if op == "AbsoluteMove":
        state.position = (call.pan or 0.0, call.tilt or 0.0, call.zoom or 0.0)
    elif op == "GotoPreset":
        state.position = (0.5, 0.5, 0.25)
    elif op == "SetPreset":
        state.presets["7"] = body.findtext(f".//{{{TPTZ}}}PresetName") or ""


def _services(base: str, state: DeviceState) -> str:
    text = x.services(base)
    if state.ptz_in_services:
        item = (
            f"<tds:Service><tds:Namespace>{TPTZ}</tds:Namespace>"
            f"<tds:XAddr>{base}/onvif/ptz_service</tds:XAddr><tds:Version><tt:Major>2"
            "</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>"
        )
        text = text.replace("</tds:GetServicesResponse>", item + "</tds:GetServicesResponse>")
    return text


def _capabilities(base: str, state: DeviceState) -> str:
    text = x.capabilities(base)
    if state.ptz_in_capabilities:
        item = f"<tt:PTZ><tt:XAddr>{base}/onvif/ptz_service</tt:XAddr></tt:PTZ>"
        text = text.replace("</tds:Capabilities>", item + "</tds:Capabilities>")
    return text


def _answer(op: str, body: etree._Element, base: str, state: DeviceState) -> web.Response:
    device = {
        "GetSystemDateAndTime": lambda: x.date_and_time(dt.datetime.now(dt.UTC)),
        "GetServices": lambda: _services(base, state),
        "GetCapabilities": lambda: _capabilities(base, state),
        "GetDeviceInformation": lambda: x.device_information("ptz-1"),
        "GetProfiles": x.profiles,
        "GetStreamUri": lambda: x.media_uri("GetStreamUri", "rtsp://127.0.0.1/ptz"),
        "GetSnapshotUri": lambda: x.media_uri("GetSnapshotUri", f"{base}/snap.jpg"),
    }
    if op in device:
        text = x.envelope(device[op]())
    elif op == "GetConfigurationOptions" and not state.options_supported:
        text = x.fault("s:Receiver", "ter:ActionNotSupported", "Optional Action Not Implemented")
        return web.Response(status=400, text=text, content_type="application/soap+xml")
    else:
        _record(op, body, state)
        if op in state.fail_ops:
            text = x.fault("s:Sender", "ter:InvalidArgVal", "No such profile")
            return web.Response(status=400, text=text, content_type="application/soap+xml")
        text = x.envelope(_ptz_body(op, state))
    return web.Response(text=text, content_type="application/soap+xml")


class PtzResponder:
    """The fake device, served from a thread so blocking code (the CLI) can call it."""

    def __init__(self, state: DeviceState | None = None) -> None:
        self.state = state or DeviceState()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        root = etree.fromstring(await request.read())
        body = root.find(f"{{{x.NS['s']}}}Body")[0]
        op = etree.QName(body).localname
        return _answer(op, body, f"http://{request.host}", self.state)

    async def _start(self) -> int:
        app = web.Application()
        app.router.add_route("POST", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        return int(self._runner.addresses[0][1])

    def __enter__(self) -> PtzResponder:
        self._thread.start()
        self.port = asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()
