"""Digest and Basic authentication as RFC 2617 clients compute it."""

from __future__ import annotations

import base64
import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from app.sim.auth import DigestAuth, parse_auth_params


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def _digest_header(auth: DigestAuth, password: str, uri: str = "rtsp://h/c/main") -> str:
    nonce = auth.new_nonce()
    ha1 = _md5(f"admin:{auth.realm}:{password}")
    resp = _md5(f"{ha1}:{nonce}:{_md5('DESCRIBE:' + uri)}")
    return (
        f'Digest username="admin", realm="{auth.realm}", nonce="{nonce}", uri="{uri}", '
        f'response="{resp}"'
    )


def test_digest_right_and_wrong_password() -> None:
    auth = DigestAuth("Test")
    assert auth.check("DESCRIBE", _digest_header(auth, "occhio"), "admin", "occhio")
    assert not auth.check("DESCRIBE", _digest_header(auth, "nope"), "admin", "occhio")
    assert not auth.check("PLAY", _digest_header(auth, "occhio"), "admin", "occhio")
    assert not auth.check("DESCRIBE", None, "admin", "occhio")


def test_digest_with_qop() -> None:
    auth = DigestAuth("Test")
    nonce = auth.new_nonce()
    ha1 = _md5("admin:Test:pw")
    ha2 = _md5("GET:/onvif/snapshot")
    resp = _md5(f"{ha1}:{nonce}:00000001:abc:auth:{ha2}")
    header = (
        f'Digest username="admin", realm="Test", nonce="{nonce}", uri="/onvif/snapshot", '
        f'qop=auth, nc=00000001, cnonce="abc", response="{resp}"'
    )
    assert auth.check("GET", header, "admin", "pw")


def test_forged_nonce_rejected() -> None:
    auth, other = DigestAuth("Test"), DigestAuth("Test")
    assert not auth.check("DESCRIBE", _digest_header(other, "occhio"), "admin", "occhio")


def test_basic_only_when_allowed() -> None:
    auth = DigestAuth("Test")
    header = "Basic " + base64.b64encode(b"admin:occhio").decode()
    assert auth.check("GET", header, "admin", "occhio", basic=True)
    assert not auth.check("GET", header, "admin", "occhio")
    assert not auth.check("GET", "Basic !!!", "admin", "occhio", basic=True)


def test_parse_params() -> None:
    assert parse_auth_params('username="a b", nc=01, uri="/x,y"') == {
        "username": "a b",
        "nc": "01",
        "uri": "/x,y",
    }


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_random_headers_never_authenticate(header: str) -> None:
    auth = DigestAuth("Test")
    assert not auth.check("DESCRIBE", header, "admin", "occhio", basic=True)
