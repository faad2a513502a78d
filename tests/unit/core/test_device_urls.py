"""Addresses from devices: only the configured host, only the schemes of their kind."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.device_urls import UrlKind, check_device_url, same_host, without_userinfo
from app.core.streams import Failure


@pytest.mark.parametrize(
    ("url", "kind", "failure"),
    [
        ("rtsp://10.0.0.5:554/stream1", UrlKind.STREAM, None),
        ("RTSPS://10.0.0.5/stream1", UrlKind.STREAM, None),
        ("file:///etc/passwd", UrlKind.STREAM, Failure.UNSAFE_URI),
        ("file:///home/op/video.mp4", UrlKind.REPLAY, Failure.UNSAFE_URI),
        ("http://10.0.0.5/video.mjpg", UrlKind.STREAM, Failure.UNSAFE_URI),
        ("rtsp://10.0.0.66/stream1", UrlKind.STREAM, Failure.FOREIGN_HOST),
        ("rtsp://collector.example/stream1", UrlKind.STREAM, Failure.FOREIGN_HOST),
        ("http://10.0.0.5/snap.jpg", UrlKind.SNAPSHOT, None),
        ("rtsp://10.0.0.5/snap.jpg", UrlKind.SNAPSHOT, Failure.UNSAFE_URI),
        ("http://10.0.0.66/snap.jpg", UrlKind.SNAPSHOT, Failure.FOREIGN_HOST),
        ("https://10.0.0.5/onvif/events", UrlKind.EVENTS, None),
        ("gopher://10.0.0.5/", UrlKind.EVENTS, Failure.UNSAFE_URI),
        ("rtsp:///nohost", UrlKind.STREAM, Failure.UNSAFE_URI),
        ("rtsp://10.0.0.5:99999/x", UrlKind.STREAM, Failure.UNSAFE_URI),
        ("rtsp://10.0.0.5/" + "a" * 5000, UrlKind.STREAM, Failure.OVERSIZED),
    ],
)
def test_device_addresses(url: str, kind: UrlKind, failure: Failure | None) -> None:
    problem = check_device_url(url, kind, "10.0.0.5")
    assert (problem.failure if problem else None) is failure


def test_installer_may_allow_another_host_and_http_streams() -> None:
    foreign = "rtsp://10.0.0.66/stream1"
    assert check_device_url(foreign, UrlKind.STREAM, "10.0.0.5", allow_foreign_host=True) is None
    mjpeg = "http://10.0.0.5/video.mjpg"
    assert check_device_url(mjpeg, UrlKind.STREAM, "10.0.0.5", allow_http_stream=True) is None
    # Allowing another host never allows another scheme.
    local = "file:///etc/passwd"
    problem = check_device_url(local, UrlKind.STREAM, "10.0.0.5", allow_foreign_host=True)
    assert problem is not None and problem.failure is Failure.UNSAFE_URI


def test_host_comparison_is_literal() -> None:
    assert same_host("Cam-1.Local.", "cam-1.local")
    assert same_host("[fe80::1]", "fe80::1")
    assert not same_host("10.0.0.5", "cam-1.local")  # no DNS: the installer's name counts


def test_device_credentials_are_dropped() -> None:
    assert without_userinfo("rtsp://evil:x@10.0.0.5:554/a?b=c") == "rtsp://10.0.0.5:554/a?b=c"
    assert without_userinfo("rtsp://10.0.0.5/a") == "rtsp://10.0.0.5/a"


@given(st.text(max_size=300), st.sampled_from(list(UrlKind)))
def test_any_text_gives_a_verdict_not_an_exception(text: str, kind: UrlKind) -> None:
    problem = check_device_url(text, kind, "10.0.0.5")
    if problem is not None:
        assert "\n" not in problem.detail
