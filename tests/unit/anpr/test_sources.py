"""Reconnection backoff and the receiver's authentication."""

from __future__ import annotations

import base64
import hashlib
import random
import re

from app.anpr.http_auth import PushAuth
from app.anpr.sources import PERMANENT_RETRY_S, Backoff
from app.core.streams import Failure


def test_backoff_doubles_to_the_cap_and_resets() -> None:
    backoff = Backoff(first=1.0, cap=8.0, rng=random.Random(1))
    delays = [backoff.next() for _ in range(6)]
    assert [round(d / b) for d, b in zip(delays, [1, 2, 4, 8, 8, 8], strict=True)] == [1] * 6
    assert all(0.8 * b <= d <= 1.2 * b for d, b in zip(delays, [1, 2, 4, 8, 8, 8], strict=True))
    backoff.reset()
    assert backoff.next() <= 1.2
    assert backoff.next(Failure.AUTH) == PERMANENT_RETRY_S


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def test_digest_and_basic_are_checked() -> None:
    auth = PushAuth("anpr", "segreto")
    nonce = re.search(r'nonce="([^"]+)"', auth.challenge())
    assert nonce is not None
    ha1 = _md5(f"anpr:{auth.realm}:segreto")
    ha2 = _md5("POST:/anpr/webhook/v1")
    response = _md5(f"{ha1}:{nonce.group(1)}:00000001:abc:auth:{ha2}")
    header = (
        f'Digest username="anpr", realm="{auth.realm}", nonce="{nonce.group(1)}", '
        f'uri="/anpr/webhook/v1", qop=auth, nc=00000001, cnonce="abc", response="{response}"'
    )
    assert auth.check("POST", header)
    assert not auth.check("GET", header)  # the method is part of the proof
    assert not auth.check("POST", header.replace(nonce.group(1), "f" * 32))
    basic = base64.b64encode(b"anpr:segreto").decode()
    assert auth.check("POST", f"Basic {basic}")
    assert not auth.check("POST", "Basic " + base64.b64encode(b"anpr:sbagliato").decode())
    assert not auth.check("POST", None)
    assert PushAuth("", "").check("POST", None)  # no user configured: open
