"""Depacketisers: any NAL units, cut any way RFC 6184 / RFC 7798 allow, come back byte for byte."""

from __future__ import annotations

import struct

from hypothesis import given
from hypothesis import strategies as st

from app.core.recording import VideoCodec
from app.devices.replay.depay import Depacketiser, is_key
from app.devices.replay.rtp import parse_rtp


def h264_nal() -> st.SearchStrategy[bytes]:
    header = st.integers(1, 23).map(lambda t: bytes([0x60 | t]))
    return st.tuples(header, st.binary(min_size=0, max_size=3000)).map(lambda p: p[0] + p[1])


def h265_nal() -> st.SearchStrategy[bytes]:
    header = st.integers(0, 40).map(lambda t: bytes([t << 1, 1]))
    return st.tuples(header, st.binary(min_size=0, max_size=3000)).map(lambda p: p[0] + p[1])


def fragments(nal: bytes, mtu: int, codec: VideoCodec) -> list[bytes]:
    """Cut one NAL into FU-A / FU payloads (or keep it whole when it fits)."""
    head = 1 if codec is VideoCodec.H264 else 2
    if len(nal) <= mtu:
        return [nal]
    body = nal[head:]
    chunk = mtu - head - 1
    out = []
    for start in range(0, len(body), chunk):
        flags = (0x80 if start == 0 else 0) | (0x40 if start + chunk >= len(body) else 0)
        if codec is VideoCodec.H264:
            indicator = bytes([(nal[0] & 0xE0) | 28])
            out.append(indicator + bytes([flags | (nal[0] & 0x1F)]) + body[start : start + chunk])
        else:
            kind = (nal[0] >> 1) & 0x3F
            indicator = bytes([(nal[0] & 0x81) | (49 << 1), nal[1]])
            out.append(indicator + bytes([flags | kind]) + body[start : start + chunk])
    return out


def aggregate(nals: list[bytes], codec: VideoCodec) -> bytes:
    head = b"\x18" if codec is VideoCodec.H264 else bytes([48 << 1, 1])
    return head + b"".join(struct.pack(">H", len(n)) + n for n in nals)


def packets(units: list[list[bytes]], mtu: int, codec: VideoCodec, stap: bool) -> list[bytes]:
    out = []
    seq = 65530  # wraps inside the test
    for ts, nals in enumerate(units):
        payloads: list[bytes] = []
        small = [n for n in nals if len(n) < 200]
        if stap and len(small) == len(nals) and len(nals) > 1:
            payloads = [aggregate(nals, codec)]
        else:
            for nal in nals:
                payloads += fragments(nal, mtu, codec)
        for i, payload in enumerate(payloads):
            marker = 0x80 if i == len(payloads) - 1 else 0
            head = struct.pack(">BBHII", 0x80, marker | 96, seq & 0xFFFF, ts * 3600, 5)
            out.append(head + payload)
            seq += 1
    return out


def run(codec: VideoCodec, units: list[list[bytes]], mtu: int, stap: bool) -> None:
    depay = Depacketiser(codec)
    got = []
    for data in packets(units, mtu, codec, stap):
        got += depay.push(parse_rtp(data))
    assert [au.nals for au in got] == units
    assert not any(au.damaged for au in got)


@given(
    st.lists(st.lists(h264_nal(), min_size=1, max_size=4), min_size=1, max_size=4),
    st.integers(100, 1500),
    st.booleans(),
)
def test_h264_round_trip(units: list[list[bytes]], mtu: int, stap: bool) -> None:
    run(VideoCodec.H264, units, mtu, stap)


@given(
    st.lists(st.lists(h265_nal(), min_size=1, max_size=4), min_size=1, max_size=4),
    st.integers(100, 1500),
    st.booleans(),
)
def test_h265_round_trip(units: list[list[bytes]], mtu: int, stap: bool) -> None:
    run(VideoCodec.H265, units, mtu, stap)


def test_a_lost_fragment_damages_the_frame_and_drops_the_nal() -> None:
    nal = b"\x65" + bytes(range(256)) * 20
    data = packets([[nal]], 1000, VideoCodec.H264, False)
    depay = Depacketiser(VideoCodec.H264)
    got = []
    for i, item in enumerate(data):
        if i != 2:
            got += depay.push(parse_rtp(item))
    assert len(got) == 1 and got[0].damaged and got[0].nals == []


@given(
    st.lists(st.binary(min_size=12, max_size=300), max_size=30), st.sampled_from(list(VideoCodec))
)
def test_any_payloads_never_crash(payloads: list[bytes], codec: VideoCodec) -> None:
    depay = Depacketiser(codec)
    for i, payload in enumerate(payloads):
        head = struct.pack(">BBHII", 0x80, 96 | (0x80 if i % 3 == 0 else 0), i, i // 2, 1)
        for au in depay.push(parse_rtp(head + payload)):
            assert au.size == sum(len(n) for n in au.nals)


def test_key_frames() -> None:
    assert is_key(VideoCodec.H264, [b"\x67", b"\x65"])
    assert not is_key(VideoCodec.H264, [b"\x41"])
    assert is_key(VideoCodec.H265, [bytes([19 << 1, 1])])
    assert not is_key(VideoCodec.H265, [bytes([1 << 1, 1])])
