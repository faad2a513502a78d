"""RTSP request parsing: valid requests, partial input, interleaved frames, junk."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.sim.rtsp_proto import (
    Interleaved,
    Request,
    RtspParseError,
    format_response,
    parse_message,
    parse_port_pair,
    parse_transport,
)

SETUP = (
    b"SETUP rtsp://h/cam/main/trackID=0 RTSP/1.0\r\nCSeq: 3\r\n"
    b"Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n"
)


def test_parses_request_and_headers() -> None:
    msg, used = parse_message(SETUP + b"OPTIONS")
    assert isinstance(msg, Request)
    assert used == len(SETUP)
    assert (msg.method, msg.uri, msg.cseq) == ("SETUP", "rtsp://h/cam/main/trackID=0", "3")
    assert parse_transport(msg.headers["transport"]) == {
        "protocol": "RTP/AVP/TCP",
        "unicast": "",
        "interleaved": "0-1",
    }


def test_waits_for_whole_message_and_body() -> None:
    data = b"SET_PARAMETER rtsp://h/c RTSP/1.0\r\nCSeq: 9\r\nContent-Length: 5\r\n\r\nab"
    assert parse_message(data) == (None, 0)
    msg, used = parse_message(data + b"cde")
    assert isinstance(msg, Request)
    assert msg.body == b"abcde"
    assert used == len(data) + 3


def test_interleaved_frame() -> None:
    assert parse_message(b"$\x01\x00\x03ab") == (None, 0)
    assert parse_message(b"$\x01\x00\x03abcX") == (Interleaved(1, b"abc"), 7)


@pytest.mark.parametrize(
    "data",
    [
        b"GARBAGE\r\n\r\n",
        b"GET / HTTP/1.1\r\n\r\n",
        b"OPTIONS * RTSP/1.0\r\nno colon here\r\n\r\n",
        b"OPTIONS * RTSP/1.0\r\nContent-Length: -1\r\n\r\n",
        b"OPTIONS * RTSP/1.0\r\nContent-Length: 99999999\r\n\r\n",
        b"\xff\xfe RTSP/1.0\r\n\r\n",
        b"A" * 9000,
    ],
)
def test_malformed_requests_raise(data: bytes) -> None:
    with pytest.raises(RtspParseError):
        parse_message(data)


def test_format_response() -> None:
    out = format_response(401, "4", {"WWW-Authenticate": "Digest x"}, b"")
    assert out.startswith(b"RTSP/1.0 401 Unauthorized\r\nCSeq: 4\r\n")
    assert out.endswith(b"WWW-Authenticate: Digest x\r\n\r\n")


def test_port_pairs() -> None:
    assert parse_port_pair("5000-5001") == (5000, 5001)
    assert parse_port_pair("7") == (7, 8)
    assert parse_port_pair("0-1") is None
    assert parse_port_pair("x") is None
    assert parse_port_pair("70000") is None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_parse_or_raise_parse_error(data: bytes) -> None:
    try:
        msg, used = parse_message(data)
    except RtspParseError:
        return
    assert 0 <= used <= len(data)
    assert (msg is None) == (used == 0)


_text = st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_text, _text), max_size=6), _text, _text)
def test_random_headers_parse_or_raise_parse_error(
    headers: list[tuple[str, str]], method: str, uri: str
) -> None:
    if method.startswith("$"):  # that is an interleaved binary frame, tested above
        method = "X" + method
    head = f"{method} {uri} RTSP/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    try:
        msg, _ = parse_message(head.encode() + b"\r\n")
    except RtspParseError:
        return
    assert isinstance(msg, Request)
    assert msg.method == method
