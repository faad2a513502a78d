"""HTTP/RTSP Digest (RFC 2617, MD5) and Basic authentication, server side."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time

NONCE_LIFETIME_S = 300.0


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def parse_auth_params(text: str) -> dict[str, str]:
    """Parse ``k="v", k=v`` parameters of an Authorization header (quotes removed)."""
    params: dict[str, str] = {}
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " ,":
            i += 1
        eq = text.find("=", i)
        if eq < 0:
            break
        key = text[i:eq].strip().lower()
        i = eq + 1
        if i < n and text[i] == '"':
            end = text.find('"', i + 1)
            if end < 0:
                end = n
            value = text[i + 1 : end]
            i = end + 1
        else:
            end = text.find(",", i)
            if end < 0:
                end = n
            value = text[i:end].strip()
            i = end
        params[key] = value
    return params


def _basic_ok(token: str, user: str, password: str) -> bool:
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        return False
    return hmac.compare_digest(decoded, f"{user}:{password}")


class DigestAuth:
    """Issues nonces and checks Digest (and optionally Basic) credentials.

    Nonces are a timestamp signed with a per-process secret, so the server
    keeps no state per client and still rejects forged or stale nonces.
    """

    def __init__(self, realm: str) -> None:
        self.realm = realm
        self._secret = secrets.token_bytes(16)

    def _sign(self, stamp: str) -> str:
        return hmac.new(self._secret, stamp.encode(), "sha256").hexdigest()[:24]

    def new_nonce(self) -> str:
        """A fresh nonce."""
        stamp = f"{time.monotonic():.3f}"
        return f"{stamp}-{self._sign(stamp)}"

    def _nonce_ok(self, nonce: str) -> bool:
        stamp, _, sig = nonce.partition("-")
        if not hmac.compare_digest(sig, self._sign(stamp)):
            return False
        try:
            return time.monotonic() - float(stamp) < NONCE_LIFETIME_S
        except ValueError:
            return False

    def challenge(self) -> str:
        """Value of a WWW-Authenticate header asking for Digest credentials."""
        return f'Digest realm="{self.realm}", nonce="{self.new_nonce()}", algorithm="MD5"'

    def check(
        self, method: str, header: str | None, user: str, password: str, basic: bool = False
    ) -> bool:
        """Whether the Authorization ``header`` proves ``user``/``password``."""
        if not header:
            return False
        scheme, _, rest = header.partition(" ")
        if scheme.lower() == "basic" and basic:
            return _basic_ok(rest, user, password)
        if scheme.lower() != "digest":
            return False
        p = parse_auth_params(rest)
        if p.get("username") != user or p.get("realm") != self.realm:
            return False
        if not self._nonce_ok(p.get("nonce", "")):
            return False
        ha1 = _md5(f"{user}:{self.realm}:{password}")
        ha2 = _md5(f"{method}:{p.get('uri', '')}")
        if p.get("qop") == "auth":
            expected = _md5(
                f"{ha1}:{p['nonce']}:{p.get('nc', '')}:{p.get('cnonce', '')}:auth:{ha2}"
            )
        else:
            expected = _md5(f"{ha1}:{p['nonce']}:{ha2}")
        return hmac.compare_digest(expected, p.get("response", ""))
