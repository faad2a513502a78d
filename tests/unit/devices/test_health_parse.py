"""The health check's RTSP answer parsing and Digest answer, with hostile input."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from app.devices.health_check import CheckError, clean, digest_header, parse_answer


def test_parses_status_and_prefers_the_digest_challenge():
    head = (
        b"RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\n"
        b'WWW-Authenticate: Basic realm="x"\r\n'
        b'WWW-Authenticate: Digest realm="cam", nonce="abc"\r\n\r\n'
    )
    answer = parse_answer(head)
    assert (answer.status, answer.reason) == (401, "Unauthorized")
    assert answer.authenticate == 'Digest realm="cam", nonce="abc"'


def test_digest_response_matches_rfc_2617():
    value = digest_header('Digest realm="cam", nonce="abc"', "DESCRIBE", "rtsp://h/x", "u", "p")
    ha1 = hashlib.md5(b"u:cam:p").hexdigest()
    ha2 = hashlib.md5(b"DESCRIBE:rtsp://h/x").hexdigest()
    expected = hashlib.md5(f"{ha1}:abc:{ha2}".encode()).hexdigest()
    assert f'response="{expected}"' in value and 'username="u"' in value


def test_device_words_are_cleaned():
    assert clean("ok\r\n2026-01-01 ERROR fake log line\x1b[31m") == (
        "ok 2026-01-01 ERROR fake log line [31m"
    )
    assert len(clean("x" * 10_000)) == 160


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_head_parses_or_raises_check_error(head: bytes):
    try:
        answer = parse_answer(head)
    except CheckError as err:
        assert err.failure is not None
    else:
        assert 100 <= answer.status <= 999
        assert "\n" not in answer.reason and len(answer.reason) <= 160


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_challenge_gives_a_header(challenge: str):
    assert digest_header(challenge, "DESCRIBE", "rtsp://h/x", "u", "p").startswith("Digest ")
