"""The RTSP server check's parsers: answers and SDP from a server are untrusted.

Whatever bytes a server sends, reading its answer either gives an ``Answer``
within the limits or fails with ``StreamCheckError``; the Digest answer the
check computes is the one a server (the simulator's) accepts.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.digest import digest_authorization, parse_challenge
from app.core.streams import Failure
from app.sim.auth import DigestAuth
from app.video.rtsp_check import (
    Answer,
    AnswerReader,
    RtspLimits,
    ServerOffer,
    StreamCheckError,
    unsupported_codec,
    video_codecs,
)

LIMITS = RtspLimits(line_bytes=256, head_bytes=2048, header_lines=20, body_bytes=1024)


def _feed(chunks: list[bytes]) -> Callable[[], bytes]:
    pending = list(chunks)
    return lambda: pending.pop(0) if pending else b""


def _read(data: bytes, limits: RtspLimits = LIMITS, size: int = 97) -> Answer:
    chunks = [data[i : i + size] for i in range(0, len(data), size)]
    return AnswerReader(_feed(chunks), "RTSP server cam:554", limits).answer()


_HEADER = st.tuples(
    st.text(st.characters(min_codepoint=33, max_codepoint=126, exclude_characters=":"), min_size=1),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
).filter(lambda h: h[0].lower() != "content-length")  # the answer's own length comes last


@settings(max_examples=300, deadline=None)
@given(
    status=st.integers(100, 599),
    headers=st.lists(_HEADER, max_size=8),
    body=st.binary(max_size=200),
    size=st.integers(1, 64),
)
def test_well_formed_answers_are_read_whole(
    status: int, headers: list[tuple[str, str]], body: bytes, size: int
) -> None:
    lines = [f"RTSP/1.0 {status} Whatever", *(f"{k}: {v}" for k, v in headers)]
    lines.append(f"Content-Length: {len(body)}")
    data = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
    answer = _read(data, size=size)
    assert answer.status == status
    assert answer.body == body
    assert answer.header("content-length") == str(len(body))


@settings(max_examples=500, deadline=None)
@given(data=st.binary(max_size=4096), size=st.integers(1, 512))
def test_any_bytes_give_an_answer_or_a_check_error(data: bytes, size: int) -> None:
    try:
        answer = _read(data, size=size)
    except StreamCheckError as err:
        assert err.failure in (Failure.PROTOCOL, Failure.OVERSIZED, Failure.UNREACHABLE)
    else:
        assert len(answer.headers) <= LIMITS.header_lines
        assert len(answer.body) <= LIMITS.body_bytes


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"RTSP/1.0 200 OK\r\nX-Pad: " + b"p" * 5000 + b"\r\n\r\n", "header line"),
        (b"RTSP/1.0 200 OK\r\n" + b"A: b\r\n" * 50 + b"\r\n", "header lines"),
        (b"RTSP/1.0 200 OK\r\nContent-Length: 500000000\r\n\r\n", "description"),
        (b"RTSP/1.0 200 OK\r\nContent-Length: " + b"9" * 40 + b"\r\n\r\n", "description"),
    ],
)
def test_oversized_answers_are_refused_with_the_limit(data: bytes, what: str) -> None:
    with pytest.raises(StreamCheckError) as caught:
        _read(data)
    assert caught.value.failure is Failure.OVERSIZED
    assert what in caught.value.detail
    assert "cam:554" in caught.value.detail  # names the device


def test_a_line_without_end_is_not_read_past_the_limit() -> None:
    calls = 0

    def endless() -> bytes:
        nonlocal calls
        calls += 1
        return b"x" * 100

    with pytest.raises(StreamCheckError) as caught:
        AnswerReader(endless, "cam", LIMITS).answer()
    assert caught.value.failure is Failure.OVERSIZED
    assert calls * 100 <= LIMITS.line_bytes + 200


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048))
def test_sdp_parser_takes_any_bytes(data: bytes) -> None:
    codecs = video_codecs(data)
    assert all(len(name) <= 32 and name.isprintable() for name in codecs)


def test_sdp_video_codecs_in_order_audio_ignored() -> None:
    sdp = (
        b"v=0\r\nm=audio 0 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n"
        b"m=video 0 RTP/AVP 96\r\na=rtpmap:96 H266/90000\r\n"
        b"m=video 0 RTP/AVP 26\r\n"
        b"m=video 0 RTP/AVP 97\r\na=rtpmap:97 h264/90000\r\n"
    )
    assert video_codecs(sdp) == ("H266", "", "H264")
    assert unsupported_codec(ServerOffer(video_codecs(sdp))) == "H266"
    assert unsupported_codec(ServerOffer(("H264",))) is None
    assert unsupported_codec(ServerOffer(("",))) is None  # a static payload type


@pytest.mark.parametrize("qop", ["", "auth"])
def test_digest_answer_is_accepted_by_a_digest_server(qop: str) -> None:
    server = DigestAuth("Occhio Simulator")
    header = server.challenge() + (f', qop="{qop}"' if qop else "")
    scheme, params = parse_challenge(header)
    assert scheme == "digest"
    uri = "rtsp://127.0.0.1:8554/cam/main"
    value = digest_authorization(params, "DESCRIBE", uri, "admin", "occhio")
    assert server.check("DESCRIBE", value, "admin", "occhio")
    assert not server.check("DESCRIBE", value, "admin", "wrong")
    assert "occhio" not in value  # the password itself never travels
