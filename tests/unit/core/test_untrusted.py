"""Device text made safe: one printable line, capped; WS-Security secrets never logged."""

from __future__ import annotations

import logging
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.untrusted import ELLIPSIS, HIDDEN, RedactingFilter, clean, redact_ws_security


@given(st.text(max_size=2000), st.integers(1, 300))
def test_clean_gives_one_printable_line_within_the_limit(text: str, limit: int) -> None:
    out = clean(text, limit)
    assert len(out) <= limit
    assert "\n" not in out and "\r" not in out
    assert out.isprintable()
    assert all(unicodedata.category(ch) not in ("Cc", "Cf") for ch in out)


def test_forged_log_line_becomes_one_line() -> None:
    fault = "Sender not authorized\n2024-01-01 12:00:00 INFO app: operator admin logged in\x1b[2J"
    out = clean(fault)
    assert out == "Sender not authorized 2024-01-01 12:00:00 INFO app: operator admin logged in [2J"


def test_clean_cuts_long_text_and_says_so() -> None:
    assert clean("x" * 10_000, 50) == "x" * 49 + ELLIPSIS
    assert clean(None) == ""
    assert clean(12345) == "12345"
    assert clean("  Camera\u202eevil  ") == "Camera evil"  # no bidi override


ENVELOPE = (
    "<wsse:UsernameToken><wsse:Username>admin</wsse:Username>"
    '<wsse:Password Type="...#PasswordDigest">q1w2e3r4t5y6u7i8o9p0aa==</wsse:Password>'
    '<wsse:Nonce EncodingType="...#Base64Binary">bm9uY2Vub25jZQ==</wsse:Nonce>'
    "<wsu:Created>2024-05-01T10:00:00Z</wsu:Created></wsse:UsernameToken>"
)


@pytest.mark.parametrize("escaped", [False, True])
def test_ws_security_values_are_hidden(escaped: bool) -> None:
    text = ENVELOPE.replace("<", "&lt;").replace(">", "&gt;") if escaped else ENVELOPE
    out = redact_ws_security(text)
    for secret in ("q1w2e3r4t5y6u7i8o9p0aa==", "bm9uY2Vub25jZQ==", "2024-05-01T10:00:00Z"):
        assert secret not in out
    assert HIDDEN in out
    assert "admin" in out  # the user name is not a secret


def test_redacting_filter_covers_library_debug_records(caplog: pytest.LogCaptureFixture) -> None:
    library = logging.getLogger("onvif.zeep_aiohttp")
    redacting = RedactingFilter()
    caplog.handler.addFilter(redacting)
    try:
        with caplog.at_level(logging.DEBUG, logger="onvif.zeep_aiohttp"):
            library.debug("HTTP Post to %s:\n%s", "http://cam/onvif", ENVELOPE.encode())
    finally:
        caplog.handler.removeFilter(redacting)
    text = caplog.text
    assert "HTTP Post to http://cam/onvif" in text
    assert "q1w2e3r4t5y6u7i8o9p0aa==" not in text
    assert "bm9uY2Vub25jZQ==" not in text
