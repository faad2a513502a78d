"""A thin, bounded wrapper over onvif-zeep-async.

Occhio asks ONVIF devices only a few things: who they are, which media
profiles they have, and the RTSP and snapshot URIs of those profiles. Every
request is bounded by ``asyncio.wait_for`` (the library's own timeouts are
90 s) and in size (``onvif_http``), and every failure leaves as one
``OnvifError`` whose ``failure`` kind the UI already knows how to explain.
What a device says is untrusted: its texts are sanitised, its service
addresses are asked at the configured host only, and its stream and
snapshot URIs pass ``app.core.device_urls.check_device_url``.

The WSDL files ship with the library and are parsed once per process (the
library caches parsed documents); ``warm_up`` does that ahead of time, off
the GUI thread, because it takes most of a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from app.core.device_urls import (
    UrlKind,
    UrlProblem,
    check_device_url,
    same_host,
    without_userinfo,
)
from app.core.model import Camera, OnvifAddress, Profile
from app.core.streams import Failure, StreamSource
from app.core.untrusted import clean
from app.devices import soap_repair
from app.devices.onvif_errors import OnvifError, map_error
from app.devices.onvif_http import bound_answers
from app.devices.onvif_types import (
    DeviceSummary,
    ProfileInfo,
    classify_profiles,
    dig,
    profile_info,
)

logger = logging.getLogger("app.devices")

DEFAULT_TIMEOUT = 5.0
CLOCK_SKEW_LIMIT = 5.0  # seconds; WS-Security tokens are usually valid for a few seconds
URI_CACHE_SECONDS = 60.0

__all__ = [
    "DeviceSummary",
    "OnvifError",
    "ProfileInfo",
    "close_camera",
    "get_device_summary",
    "open_camera",
    "resolve_stream_source",
    "resolve_stream_uris",
    "warm_up",
]

_T = TypeVar("_T")


def _where(address: OnvifAddress) -> str:
    return f"ONVIF device {address.host}:{address.port}"


async def _bounded(call: Awaitable[_T], address: OnvifAddress, timeout: float) -> _T:
    """Await one library call, at most ``timeout`` seconds, errors mapped."""
    try:
        return await asyncio.wait_for(call, timeout)
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        raise map_error(exc, _where(address), timeout) from exc


async def open_camera(address: OnvifAddress, timeout: float = DEFAULT_TIMEOUT) -> Any:
    """A connected ``ONVIFCamera`` (services discovered); close it with ``close_camera``.

    Raises:
        OnvifError: the device cannot be reached, refuses us or is not ONVIF.
    """
    # The cache only matters for remote schemas; the bundled WSDLs are local.
    camera = _camera_class()(
        address.host, address.port, address.username, address.password, no_cache=True
    )
    camera.occhio_allow_foreign = address.allow_foreign_stream_host
    try:
        await _discover_services(camera, address, timeout)
    except BaseException:
        await close_camera(camera, timeout)
        raise
    return camera


@functools.cache
def _camera_class() -> Any:
    """``ONVIFCamera`` whose services bind the prefixes sloppy devices leave undeclared."""
    from onvif import ONVIFCamera  # imported late: the library configures logging on import

    class LenientCamera(ONVIFCamera):
        occhio_allow_foreign = False

        async def create_onvif_service(self, name: str, *args: Any, **kwargs: Any) -> Any:
            service = await super().create_onvif_service(name, *args, **kwargs)
            soap_repair.attach(service)
            bound_answers(service)
            return service

        def rewrite_url(self, url: str | None) -> str | None:
            # Service addresses on another host are asked at the configured
            # one: the request carries the credentials, and a device behind
            # NAT advertises addresses nobody outside can reach anyway.
            return _at_configured_host(self, url)

    return LenientCamera


def _at_configured_host(camera: Any, url: str | None) -> str | None:
    """``url`` with the camera's configured host and port, when it names another host."""
    from onvif.util import replace_host_port

    if not url or camera.occhio_allow_foreign:
        return url
    host = urlsplit(url).hostname or ""
    if same_host(host, camera.host):
        return url
    logger.info(
        "ONVIF device %s advertises a service on host %r: asked at the configured address",
        camera.host,
        clean(host, 80),
    )
    return str(replace_host_port(url, camera.host, camera.port))


async def close_camera(camera: Any, timeout: float = DEFAULT_TIMEOUT) -> None:
    """Close a camera's HTTP sessions; errors only logged (nothing left to do)."""
    try:
        await asyncio.wait_for(camera.close(), timeout)
    except Exception as err:
        logger.debug("closing ONVIF connection: %s", err)


@contextlib.asynccontextmanager
async def _device(address: OnvifAddress, timeout: float) -> AsyncIterator[Any]:
    """A connected camera object (services discovered), closed on exit."""
    camera = await open_camera(address, timeout)
    try:
        yield camera
    finally:
        await close_camera(camera, timeout)


async def _discover_services(camera: Any, address: OnvifAddress, timeout: float) -> None:
    """Find service addresses: GetServices, or GetCapabilities where it fails.

    The library falls back by itself only for SOAP faults; devices that
    answer GetServices with a bare HTTP error need the fallback here too.
    Wrong credentials are checked against the device clock, since a skewed
    clock makes WS-Security reject a correct password.
    """
    try:
        await _bounded(camera.update_xaddrs(), address, timeout)
    except OnvifError as err:
        if err.failure in (Failure.UNREACHABLE, Failure.TIMEOUT):
            raise
        if err.failure is Failure.AUTH:
            raise await _explain_auth(camera, address, timeout, err) from err
        logger.debug("%s: GetServices failed (%s), trying GetCapabilities", address.host, err)
        try:
            await _bounded(camera.get_capabilities(), address, timeout)
        except OnvifError as again:
            if again.failure is Failure.AUTH:
                raise await _explain_auth(camera, address, timeout, again) from again
            raise
    if not camera.xaddrs:
        raise OnvifError(Failure.ONVIF, f"{_where(address)} lists no services")


async def _explain_auth(
    camera: Any, address: OnvifAddress, timeout: float, err: OnvifError
) -> OnvifError:
    """Add the clock difference to an auth error when it explains it."""
    skew = await device_clock_skew(camera, address, timeout)
    if skew is None or abs(skew) <= CLOCK_SKEW_LIMIT:
        return err
    detail = (
        f"{_where(address)} refused the credentials; its clock differs from this "
        f"computer's by {skew:+.0f} s, which makes it reject them: set the device "
        "time (NTP)"
    )
    return OnvifError(Failure.AUTH, detail)


async def device_clock_skew(camera: Any, address: OnvifAddress, timeout: float) -> float | None:
    """Device UTC minus local UTC in seconds (GetSystemDateAndTime, no auth); None if unknown."""
    try:
        devicemgmt = await _bounded(camera.create_devicemgmt_service(), address, timeout)
        answer = await _bounded(devicemgmt.authless_GetSystemDateAndTime(), address, timeout)
        date = dig(answer, "UTCDateTime", "Date")
        clock = dig(answer, "UTCDateTime", "Time")
        device = dt.datetime(
            date.Year, date.Month, date.Day, clock.Hour, clock.Minute, clock.Second, tzinfo=dt.UTC
        )
    except (OnvifError, AttributeError, TypeError, ValueError) as err:
        logger.debug("%s: device clock unknown: %s", address.host, err)
        return None
    return (device - dt.datetime.now(dt.UTC)).total_seconds()


async def _profiles(camera: Any, address: OnvifAddress, timeout: float) -> tuple[Any, list[Any]]:
    media = await _bounded(camera.create_media_service(), address, timeout)
    profiles = await _bounded(media.GetProfiles(), address, timeout)
    if not profiles:
        raise OnvifError(Failure.ONVIF, f"{_where(address)} has no media profiles")
    return media, list(profiles)


async def _stream_uri(media: Any, token: str, address: OnvifAddress, timeout: float) -> str:
    """The RTSP URI of one profile (RTP over the RTSP TCP connection)."""
    request = {
        "StreamSetup": {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}},
        "ProfileToken": token,
    }
    answer = await _bounded(media.GetStreamUri(request), address, timeout)
    uri = dig(answer, "Uri")
    if not uri:
        raise OnvifError(Failure.ONVIF, f"{_where(address)} gave no stream URI for {token!r}")
    return str(uri)


async def get_device_summary(
    address: OnvifAddress, timeout: float = DEFAULT_TIMEOUT
) -> DeviceSummary:
    """Identity, profiles with their stream URIs, and the main snapshot URI.

    Every text is sanitised; a URI that must not be used as it stands keeps
    its problem beside it (``uri_problem``, ``snapshot_problem``).

    Raises:
        OnvifError: the device cannot be reached, refuses us or is not ONVIF.
    """
    async with _device(address, timeout) as camera, _understood(address):
        devicemgmt = await _bounded(camera.create_devicemgmt_service(), address, timeout)
        info = await _bounded(devicemgmt.GetDeviceInformation(), address, timeout)
        media, raw = await _profiles(camera, address, timeout)
        profiles = []
        for item in raw:
            token = str(dig(item, "token") or "")
            uri = await _stream_uri(media, token, address, timeout)
            profiles.append(profile_info(item, uri, _uri_problem(uri, UrlKind.STREAM, address)))
        chosen = classify_profiles(profiles)
        main = chosen.get(Profile.MAIN)
        snapshot = "" if main is None else await _snapshot_uri(media, main.token, address, timeout)
    snapshot_problem = _uri_problem(snapshot, UrlKind.SNAPSHOT, address) if snapshot else None
    return DeviceSummary(
        manufacturer=clean(dig(info, "Manufacturer"), 80),
        model=clean(dig(info, "Model"), 80),
        firmware=clean(dig(info, "FirmwareVersion"), 80),
        serial=clean(dig(info, "SerialNumber"), 80),
        profiles=tuple(profiles),
        main=main,
        sub=chosen.get(Profile.SUB),
        snapshot_uri="" if snapshot_problem else snapshot,
        snapshot_problem=snapshot_problem,
    )


def _uri_problem(uri: str, kind: UrlKind, address: OnvifAddress) -> UrlProblem | None:
    problem = check_device_url(
        uri, kind, address.host, allow_foreign_host=address.allow_foreign_stream_host
    )
    if problem is not None:
        logger.warning("%s: %s", _where(address), problem.detail)
    return problem


async def _snapshot_uri(media: Any, token: str, address: OnvifAddress, timeout: float) -> str:
    """The snapshot URI of one profile, or "" when the device offers none."""
    try:
        answer = await _bounded(media.GetSnapshotUri({"ProfileToken": token}), address, timeout)
    except OnvifError as err:
        if err.failure in (Failure.UNREACHABLE, Failure.TIMEOUT, Failure.OVERSIZED):
            raise
        logger.debug("%s: no snapshot URI: %s", _where(address), err)
        return ""
    return str(dig(answer, "Uri") or "")


@contextlib.asynccontextmanager
async def _understood(address: OnvifAddress) -> AsyncIterator[None]:
    """Turn what a strange answer makes the library raise (``TypeError: 'NoneType'
    object is not iterable`` and the like) into an ``OnvifError``; the
    traceback goes to the log, not to the operator."""
    try:
        yield
    except (TypeError, AttributeError, ValueError, KeyError, IndexError) as exc:
        logger.warning("%s: answer not understood", _where(address), exc_info=True)
        detail = f"{_where(address)} gave an answer Occhio does not understand"
        raise OnvifError(Failure.ONVIF, detail) from exc


async def resolve_stream_uris(
    address: OnvifAddress, timeout: float = DEFAULT_TIMEOUT
) -> dict[Profile, str]:
    """RTSP URIs of the main and sub profiles (the same URI if only one exists).

    Raises:
        OnvifError: as ``get_device_summary``.
    """
    async with _device(address, timeout) as camera, _understood(address):
        media, raw = await _profiles(camera, address, timeout)
        chosen = classify_profiles(profile_info(p) for p in raw)
        uris: dict[Profile, str] = {}
        for profile, info in chosen.items():
            uris[profile] = await _stream_uri(media, info.token, address, timeout)
    return uris


_cache_lock = threading.Lock()
_uri_cache: dict[tuple[str, int, str, str], tuple[float, dict[Profile, str]]] = {}


def resolve_stream_source(
    camera: Camera, profile: Profile, timeout: float = DEFAULT_TIMEOUT
) -> StreamSource:
    """Where to open ``camera``'s ``profile`` stream, asked of its ONVIF address.

    Blocking: runs its own event loop, so call it from a worker thread. The
    ONVIF credentials are used for RTSP too unless the camera has its own.
    Answers are kept for a minute so that reconnections do not ask again.

    Raises:
        OnvifError: the camera has no ONVIF address or the device failed.
    """
    address = camera.onvif
    if address is None:
        raise OnvifError(Failure.MALFORMED, f"camera {camera.id} has no ONVIF address")
    key = (address.host, address.port, address.username, address.password)
    with _cache_lock:
        cached = _uri_cache.get(key)
    if cached is not None and time.monotonic() - cached[0] < URI_CACHE_SECONDS:
        uris = cached[1]
    else:
        started = time.monotonic()
        uris = asyncio.run(resolve_stream_uris(address, timeout))
        logger.info(
            "camera %s: ONVIF URIs resolved in %.2f s", camera.id, time.monotonic() - started
        )
        with _cache_lock:
            _uri_cache[key] = (time.monotonic(), uris)
    uri = uris[profile]
    problem = check_device_url(
        uri, UrlKind.STREAM, address.host, allow_foreign_host=address.allow_foreign_stream_host
    )
    if problem is not None:
        raise OnvifError(problem.failure, f"{_where(address)}: {problem.detail}")
    username = camera.username or address.username
    password = camera.password if camera.username else address.password
    return StreamSource(
        without_userinfo(uri),
        username,
        password,
        camera.transport,
        allow_basic_auth=camera.allow_basic_auth,
    )


def forget_cached_uris() -> None:
    """Drop remembered URIs (after a device was reconfigured, and in tests)."""
    with _cache_lock:
        _uri_cache.clear()


def warm_up() -> None:
    """Parse the device, media and PTZ WSDLs now (about a second), not on first use.

    Blocking; meant for a background thread at start-up. No network traffic.
    """
    asyncio.run(_warm_up())


async def _warm_up() -> None:
    from onvif import ONVIFCamera
    from onvif.definition import SERVICES

    camera = ONVIFCamera("127.0.0.1", 1, "", "", no_cache=True)
    try:
        # A placeholder address lets the library build the media client
        # (building it parses the WSDL; nothing is sent).
        camera.xaddrs[SERVICES["media"]["ns"]] = "http://127.0.0.1:1/onvif/media"
        await camera.create_devicemgmt_service()
        await camera.create_media_service()
        camera.xaddrs[SERVICES["ptz"]["ns"]] = "http://127.0.0.1:1/onvif/ptz"
        await camera.create_ptz_service()
    finally:
        await camera.close()
