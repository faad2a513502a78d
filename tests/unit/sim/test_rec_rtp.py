"""Replay wire formats of the simulator: clock ranges, vendor URLs, the 0xABAC extension."""

from __future__ import annotations

import contextlib
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.sim.rec_rtp import (
    FLAG_C,
    TimeFormatError,
    format_clock,
    onvif_extension,
    parse_clock,
    parse_clock_range,
    parse_dahua_time,
    rtp_packets,
)
from app.sim.rec_urls import DAHUA, HIKVISION, ONVIF, parse_target
from app.sim.rtp import FramePayloads

CHANNELS = {1: "cam-a", 2: "cam-b"}


@given(st.integers(0, 4_000_000_000), st.integers(0, 999))
def test_clock_round_trip(seconds: int, millis: int) -> None:
    t = seconds + millis / 1000
    assert parse_clock(format_clock(t)) == pytest.approx(t, abs=1e-6)


def test_clock_range() -> None:
    assert parse_clock_range("clock=20260403T033500Z-20260403T034000.5Z") == (
        parse_clock("20260403T033500Z"),
        parse_clock("20260403T034000Z") + 0.5,
    )
    assert parse_clock_range("clock=20260403T033500Z-")[1] is None
    for bad in ("npt=0-", "clock=-20260403T033500Z", "clock=2026-", "clock=20261403T000000Z-"):
        with pytest.raises(TimeFormatError):
            parse_clock_range(bad)


@given(st.text(max_size=80))
def test_clock_range_fails_only_with_its_error(text: str) -> None:
    with contextlib.suppress(TimeFormatError):
        parse_clock_range(text)


@given(st.text(max_size=120))
def test_urls_fail_only_with_a_time_error(path: str) -> None:
    for prefix in ("/recording/", "/Streaming/tracks/", "/cam/playback?"):
        with contextlib.suppress(TimeFormatError):
            parse_target(f"rtsp://h{prefix}{path}", CHANNELS)


def test_three_dialects() -> None:
    onvif = parse_target("rtsp://h:1/recording/rec-cam-b/trackID=0", CHANNELS)
    assert onvif is not None and (onvif.camera_id, onvif.dialect) == ("cam-b", ONVIF)
    hik = parse_target(
        "rtsp://h/Streaming/tracks/201?starttime=20260403T033500Z&endtime=20260403T034000Z"
        "/trackID=0",
        CHANNELS,
    )
    assert hik is not None and (hik.camera_id, hik.dialect) == ("cam-b", HIKVISION)
    assert hik.end == parse_clock("20260403T034000Z")
    dahua = parse_target(
        "rtsp://h/cam/playback?channel=1&subtype=0&starttime=2026_04_03_03_35_00", CHANNELS
    )
    assert dahua is not None and (dahua.camera_id, dahua.dialect) == ("cam-a", DAHUA)
    assert dahua.start == parse_dahua_time("2026_04_03_03_35_00")
    sub = "rtsp://h/Streaming/tracks/102?starttime=20260403T033500Z"
    assert parse_target(sub, CHANNELS) is None  # only main streams are recorded
    assert parse_target("rtsp://h/cam/playback?channel=9", CHANNELS) is None
    assert parse_target("rtsp://h/recording/rec-nobody", CHANNELS) is None


def test_extension_layout() -> None:
    t = 1_775_000_000.25
    ext = onvif_extension(t, FLAG_C, 0x1234)
    profile, words, ntp, flags, cseq, pad = struct.unpack(">HHQBBH", ext)
    assert (profile, words, flags, cseq, pad) == (0xABAC, 3, 0x80, 0x34, 0)
    assert ntp / 2**32 - 2208988800 == pytest.approx(t, abs=1e-6)
    packets = rtp_packets(FramePayloads((b"\x65a", b"\x65b"), True, 4), 65535, 7, 9, ext)
    assert [p[0] for p in packets] == [0x90, 0x90]  # version 2 with an extension
    assert [p[1] & 0x80 for p in packets] == [0, 0x80]  # marker on the last
    assert struct.unpack(">H", packets[1][2:4])[0] == 0  # sequence wraps
    assert packets[0][12:28] == ext
