"""The ONVIF wrapper against small SOAP servers that misbehave on purpose.

Each test starts an aiohttp server on 127.0.0.1 (port 0) in the same event
loop as the client. The SOAP bodies come from the simulator's templates; the
behaviour (no GetServices, skewed clock, HTML, silence) is the test's own.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import socket
import time
from collections.abc import Awaitable, Callable

import pytest
from aiohttp import web
from lxml import etree

from app.core.model import OnvifAddress
from app.core.streams import Failure
from app.devices.onvif import get_device_summary, resolve_stream_uris
from app.devices.onvif_errors import OnvifError
from app.sim import onvif_xml as x

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _operation(body: bytes) -> str:
    root = etree.fromstring(body)
    return etree.QName(root.find(f"{{{x.NS['s']}}}Body")[0]).localname


def _soap(text: str, status: int = 200) -> web.Response:
    return web.Response(status=status, text=text, content_type="application/soap+xml")


def legacy_device(skew_s: float = 0.0, refuse_auth: bool = False) -> Handler:
    """A device without GetServices (plain HTTP 400), optionally refusing every login."""

    async def handle(request: web.Request) -> web.StreamResponse:
        op = _operation(await request.read())
        base = f"http://{request.host}"
        if op == "GetSystemDateAndTime":
            now = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=skew_s)
            return _soap(x.envelope(x.date_and_time(now)))
        if op == "GetServices":
            return web.Response(status=400, text="Bad Request", content_type="text/plain")
        if refuse_auth:
            return _soap(x.fault("s:Sender", "ter:NotAuthorized", "Sender not authorized"), 400)
        bodies = {
            "GetCapabilities": lambda: x.capabilities(base),
            "GetDeviceInformation": lambda: x.device_information("legacy"),
            "GetProfiles": x.profiles,
            "GetStreamUri": lambda: x.media_uri("GetStreamUri", "rtsp://10.1.1.1/legacy"),
            "GetSnapshotUri": lambda: x.media_uri("GetSnapshotUri", f"{base}/snap.jpg"),
        }
        return _soap(x.envelope(bodies[op]()))

    return handle


async def html_page(request: web.Request) -> web.StreamResponse:
    return web.Response(
        text="<html><body><h1>Router login</h1></body></html>", content_type="text/html"
    )


async def not_found(request: web.Request) -> web.StreamResponse:
    return web.Response(status=404, text="<html>404</html>", content_type="text/html")


def run_against(handler: Handler, scenario: Callable[[OnvifAddress], Awaitable[object]]) -> object:
    """Serve ``handler`` on a free port and run ``scenario`` against it."""

    async def main() -> object:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handler)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        try:
            return await scenario(OnvifAddress("127.0.0.1", port, "admin", "occhio"))
        finally:
            await runner.cleanup()

    return asyncio.run(main())


def test_device_without_get_services_falls_back_to_capabilities() -> None:
    summary = run_against(legacy_device(), get_device_summary)
    assert [p.token for p in summary.profiles] == ["main", "sub"]
    assert summary.main.stream_uri == "rtsp://10.1.1.1/legacy"
    assert summary.sub.token == "sub"
    assert summary.snapshot_uri.endswith("/snap.jpg")


def test_refused_login_with_skewed_clock_says_so() -> None:
    with pytest.raises(OnvifError) as info:
        run_against(legacy_device(skew_s=-3600, refuse_auth=True), resolve_stream_uris)
    assert info.value.failure is Failure.AUTH
    assert "clock differs" in info.value.detail
    assert re.search(r"by -360[01] s", info.value.detail)


def test_refused_login_with_good_clock_is_plain_auth() -> None:
    with pytest.raises(OnvifError) as info:
        run_against(legacy_device(refuse_auth=True), resolve_stream_uris)
    assert info.value.failure is Failure.AUTH
    assert "clock" not in info.value.detail


@pytest.mark.parametrize("handler", [html_page, not_found])
def test_web_page_is_not_an_onvif_device(handler: Handler) -> None:
    with pytest.raises(OnvifError) as info:
        run_against(handler, get_device_summary)
    assert info.value.failure is Failure.ONVIF
    assert "not an ONVIF device" in info.value.detail


def test_closed_port_is_unreachable_quickly() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before use: nobody listens
    started = time.monotonic()
    with pytest.raises(OnvifError) as info:
        asyncio.run(get_device_summary(OnvifAddress("127.0.0.1", port), timeout=2.0))
    assert info.value.failure is Failure.UNREACHABLE
    assert time.monotonic() - started < 2.0


def test_silent_device_times_out_within_the_bound() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(4)  # accepts connections, never answers
        port = sock.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(OnvifError) as info:
            asyncio.run(get_device_summary(OnvifAddress("127.0.0.1", port), timeout=0.5))
    assert info.value.failure is Failure.TIMEOUT
    assert "0.5 s" in info.value.detail
    assert time.monotonic() - started < 3.0
