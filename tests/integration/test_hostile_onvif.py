"""ONVIF devices that lie: giant answers, addresses elsewhere, texts that forge log lines.

Against ``tests.hostile.onvif``: a 400 MB answer is refused after the 1 MiB
limit with the device and the limit named; a stream URI on another host or
with another scheme is never opened (and never gets the credentials) unless
the installer allowed the host; service addresses on another host are asked
at the configured one; device texts reach the operator as one clean line.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

from app.cli import build_parser
from app.core.model import Camera, OnvifAddress, Profile
from app.core.streams import Failure, StreamState
from app.devices.commission import run_onvif
from app.devices.onvif import forget_cached_uris, get_device_summary, resolve_stream_source
from app.devices.onvif_errors import OnvifError
from app.devices.onvif_http import MAX_ANSWER_BYTES
from app.devices.sources import DeviceSourceResolver
from app.video.manager import StreamManager
from app.video.pyav_engine import PyAVEngine
from tests.hostile.onvif import HostileOnvifDevice, OnvifScript
from tests.waiting import wait_until


@pytest.fixture(autouse=True)
def _fresh_uri_cache() -> None:
    forget_cached_uris()


def _camera(address: OnvifAddress) -> Camera:
    return Camera("hostile", 1, "Hostile", "s", onvif=address)


@pytest.mark.parametrize("announce", [False, True])
def test_giant_answer_is_refused_at_the_limit(announce: bool) -> None:
    script = OnvifScript(huge_on="GetProfiles", announce_length=announce)
    with HostileOnvifDevice(script) as device:
        with pytest.raises(OnvifError) as caught:
            asyncio.run(get_device_summary(device.address(), timeout=10.0))
        sent = device.sent_huge
    error = caught.value
    assert error.failure is Failure.OVERSIZED
    assert error.failure.permanent  # not asked again at once
    assert f"127.0.0.1:{device.port}" in error.detail
    assert str(MAX_ANSWER_BYTES) in error.detail
    assert "NoneType" not in error.detail
    # The client stopped reading soon after the limit (socket buffers aside).
    assert sent < 20 * MAX_ANSWER_BYTES


@pytest.mark.parametrize(
    ("uri", "failure"),
    [
        ("file:///etc/passwd", Failure.UNSAFE_URI),
        ("rtsp://10.66.66.66:554/stream1", Failure.FOREIGN_HOST),
    ],
)
def test_stream_uri_elsewhere_is_not_opened(uri: str, failure: Failure) -> None:
    with HostileOnvifDevice(OnvifScript(stream_uri=uri)) as device:
        with pytest.raises(OnvifError) as caught:
            resolve_stream_source(_camera(device.address()), Profile.MAIN, timeout=5.0)
        summary = asyncio.run(get_device_summary(device.address(), timeout=5.0))
    assert caught.value.failure is failure
    assert summary.main is not None and summary.main.uri_problem is not None
    assert summary.main.uri_problem.failure is failure


def test_installer_allowed_host_is_used() -> None:
    uri = "rtsp://10.66.66.66:554/stream1"
    with HostileOnvifDevice(OnvifScript(stream_uri=uri)) as device:
        address = device.address(allow_foreign_stream_host=True)
        source = resolve_stream_source(_camera(address), Profile.MAIN, timeout=5.0)
    assert source.url == uri


def test_foreign_stream_is_a_clear_failure_on_the_tile() -> None:
    uri = "rtsp://10.66.66.66:554/stream1"
    with HostileOnvifDevice(OnvifScript(stream_uri=uri)) as device:
        manager = StreamManager(PyAVEngine(decode_threads=1), DeviceSourceResolver(5.0))
        stream = manager.acquire(_camera(device.address()), Profile.MAIN)
        try:
            assert wait_until(lambda: stream.status.state is StreamState.FAILED, 10)
            assert stream.status.failure is Failure.FOREIGN_HOST
            assert "10.66.66.66" in stream.status.detail
        finally:
            manager.release(stream)
            manager.shutdown()
    assert not [t for t in threading.enumerate() if t.name.startswith("stream-")]


def test_snapshot_uri_elsewhere_is_dropped() -> None:
    script = OnvifScript(snapshot_uri="http://10.66.66.66/snap.jpg")
    with HostileOnvifDevice(script) as device:
        summary = asyncio.run(get_device_summary(device.address(), timeout=5.0))
    assert summary.snapshot_uri == ""
    assert summary.snapshot_problem is not None
    assert summary.snapshot_problem.failure is Failure.FOREIGN_HOST


def test_service_addresses_elsewhere_are_asked_at_the_configured_host() -> None:
    # 10.255.255.1 would never answer: the calls succeed only if they stay here.
    with HostileOnvifDevice(OnvifScript(service_host="10.255.255.1")) as device:
        summary = asyncio.run(get_device_summary(device.address(), timeout=3.0))
        hosts = set(device.hosts)
    assert summary.main is not None
    assert hosts == {f"127.0.0.1:{device.port}"}


FORGED = "Cam\r\n2030-01-01 00:00:00 INFO app: login ok\x1b[31m"


def test_device_texts_reach_the_operator_as_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with HostileOnvifDevice(OnvifScript(model=FORGED)) as device:
        summary = asyncio.run(get_device_summary(device.address(), timeout=5.0))
        monkeypatch.setenv("OCCHIO_PASSWORD", "occhio")
        command = ["onvif", f"127.0.0.1:{device.port}", "--user", "admin", "--timeout", "5"]
        assert run_onvif(build_parser().parse_args(command)) == 0
    assert "\n" not in summary.model and "\x1b" not in summary.model
    out = capsys.readouterr().out
    assert not any(line.startswith("2030-01-01") for line in out.splitlines())
    assert "\x1b" not in out


def test_fault_text_is_one_clean_line() -> None:
    script = OnvifScript(fault_on="GetProfiles", fault_reason=FORGED)
    with HostileOnvifDevice(script) as device, pytest.raises(OnvifError) as caught:
        asyncio.run(get_device_summary(device.address(), timeout=5.0))
    detail = caught.value.detail
    assert "\n" not in detail and "\r" not in detail and "\x1b" not in detail
    assert "login ok" in detail  # kept, but as part of one line
