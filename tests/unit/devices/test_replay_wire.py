"""RTSP, Digest, SDP and RTP parsing of the replay client: bounded, and only their own errors."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.recording import VideoCodec
from app.devices.replay import digest, wire
from app.devices.replay.rtp import RtpError, onvif_stamp, parse_rtcp, parse_rtp
from app.devices.replay.sdp import SdpError, parse_sdp

RESPONSE = (
    b"RTSP/1.0 401 Unauthorized\r\nCSeq: 3\r\n"
    b'WWW-Authenticate: Basic realm="r"\r\n'
    b'WWW-Authenticate: Digest realm="r", nonce="n,1", qop="auth"\r\nContent-Length: 4\r\n\r\nbody'
)


def test_response_interleaved_and_server_request() -> None:
    buf = RESPONSE + b"$\x01\x00\x02ab" + b"ANNOUNCE rtsp://h/x RTSP/1.0\r\nCSeq: 1\r\n\r\n"
    msg, used = wire.parse_message(buf)
    assert isinstance(msg, wire.RtspMessage)
    assert (msg.status, msg.cseq, msg.body) == (401, 3, b"body")
    assert len(msg.all_headers["www-authenticate"]) == 2
    packet, more = wire.parse_message(buf[used:])
    assert packet == wire.Interleaved(1, b"ab")
    request, _ = wire.parse_message(buf[used + more :])
    assert isinstance(request, wire.RtspMessage) and request.method == "ANNOUNCE"


def test_partial_messages_ask_for_more() -> None:
    for cut in range(len(RESPONSE)):
        assert wire.parse_message(RESPONSE[:cut]) == (None, 0)


def test_bounds() -> None:
    with pytest.raises(wire.RtspWireError):
        wire.parse_message(b"RTSP/1.0 200 OK\r\n" + b"X: y\r\n" * 4000)
    with pytest.raises(wire.RtspWireError):
        wire.parse_message(b"RTSP/1.0 200 OK\r\nContent-Length: 99999999\r\n\r\n")


@given(st.binary(max_size=400))
def test_any_bytes_parse_or_fail_cleanly(data: bytes) -> None:
    with contextlib.suppress(wire.RtspWireError):
        msg, used = wire.parse_message(data)
        assert 0 <= used <= len(data)
        assert (msg is None) == (used == 0)


@given(st.text(max_size=300))
def test_any_text_head_parses_or_fails_cleanly(text: str) -> None:
    with contextlib.suppress(wire.RtspWireError):
        wire.parse_message(text.encode() + b"\r\n\r\n")


def test_digest_answer_matches_rfc_2617() -> None:
    challenge = digest.best_challenge(
        ['Basic realm="r"', 'Digest realm="testrealm", nonce="abc", opaque="o"']
    )
    assert challenge.scheme == "digest"
    header = digest.authorization(challenge, "DESCRIBE", "rtsp://h/x", "u", "p")
    md5 = lambda s: hashlib.md5(s.encode()).hexdigest()  # noqa: E731
    expected = md5(f"{md5('u:testrealm:p')}:abc:{md5('DESCRIBE:rtsp://h/x')}")
    assert f'response="{expected}"' in header and 'opaque="o"' in header
    basic = digest.authorization(digest.parse_challenge('Basic realm="x"'), "GET", "/", "u", "p")
    assert basic == "Basic " + base64.b64encode(b"u:p").decode()


@given(st.text(max_size=300))
def test_challenges_parse_or_fail_cleanly(text: str) -> None:
    with contextlib.suppress(digest.AuthError):
        digest.parse_challenge(text)


SDP = """v=0\r
o=- 1 1 IN IP4 0.0.0.0\r
s=x\r
a=control:*\r
a=range:clock=20260101T000000Z-\r
m=audio 0 RTP/AVP 0\r
m=video 0 RTP/AVP 97 96\r
a=rtpmap:96 H264/90000\r
a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LAHg==,aM48gA==\r
a=control:trackID=1\r
"""


def test_sdp_finds_the_video_track() -> None:
    video = parse_sdp(SDP)
    assert (video.payload_type, video.codec, video.control) == (96, VideoCodec.H264, "trackID=1")
    assert video.range.startswith("clock=")
    assert video.stream_format().parameter_sets == (b"\x67\x42\xc0\x1e", b"\x68\xce\x3c\x80")
    with pytest.raises(SdpError):
        parse_sdp("v=0\r\nm=audio 0 RTP/AVP 0\r\n")


@given(st.text(max_size=500))
def test_sdp_parses_or_fails_cleanly(text: str) -> None:
    with contextlib.suppress(SdpError):
        parse_sdp(text)


def rtp(payload: bytes, ext: bytes | None = None, marker: bool = False, pad: int = 0) -> bytes:
    first = 0x80 | (0x10 if ext is not None else 0) | (0x20 if pad else 0)
    head = struct.pack(">BBHII", first, (0x80 if marker else 0) | 96, 7, 90000, 1)
    if ext is not None:
        head += struct.pack(">HH", 0xABAC, len(ext) // 4) + ext
    return head + payload + (bytes(pad - 1) + bytes([pad]) if pad else b"")


def test_rtp_with_extension_and_padding() -> None:
    ntp = (2208988800 + 1_700_000_000) << 32 | 1 << 31
    ext = struct.pack(">QBBH", ntp, 0xE0, 5, 0)
    packet = parse_rtp(rtp(b"\x65abc", ext, marker=True, pad=3))
    assert packet.payload == b"\x65abc" and packet.marker and packet.seq == 7
    stamp = onvif_stamp(packet)
    assert stamp is not None
    assert stamp.time == 1_700_000_000.5
    assert (stamp.clean_point, stamp.end_of_section, stamp.discontinuity) == (True, True, True)
    assert onvif_stamp(parse_rtp(rtp(b"\x41"))) is None


def test_rtcp_sender_report_and_bye() -> None:
    ntp = (2208988800 + 1_700_000_000) << 32
    sr = struct.pack(">BBHIQIII", 0x80, 200, 6, 9, ntp, 1234, 0, 0)
    bye = struct.pack(">BBHI", 0x81, 203, 1, 9)
    reports, ended = parse_rtcp(sr + bye)
    assert ended and reports[0].ntp_time == 1_700_000_000 and reports[0].rtp_time == 1234


@given(st.binary(max_size=200))
def test_rtp_and_rtcp_parse_or_fail_cleanly(data: bytes) -> None:
    with contextlib.suppress(RtpError):
        packet = parse_rtp(data)
        onvif_stamp(packet)
    with contextlib.suppress(RtpError):
        parse_rtcp(data)
