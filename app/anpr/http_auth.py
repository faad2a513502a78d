"""Authentication of cameras that push reads to Occhio: Basic or Digest (MD5, qop=auth).

Cameras configured for "HTTP listening" send the user and password the
installer gave them. Nonces are random, expire after ``NONCE_LIFETIME_S`` and
are checked with constant-time comparisons; a Basic password is never
logged.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import time

NONCE_LIFETIME_S = 300.0
MAX_NONCES = 1024
_PARAM = re.compile(r'(\w+)=(?:"([^"]*)"|([^\s,]*))')


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


class PushAuth:
    """Checks the ``Authorization`` header of one pushed request."""

    def __init__(self, username: str, password: str, realm: str = "Occhio ANPR") -> None:
        self.username = username
        self.password = password
        self.realm = realm
        self._nonces: dict[str, float] = {}

    @property
    def required(self) -> bool:
        """False when the installer set no user: pushes are accepted as they come."""
        return bool(self.username)

    def challenge(self) -> str:
        """A fresh ``WWW-Authenticate`` value offering Digest (Basic is accepted too)."""
        now = time.monotonic()
        if len(self._nonces) >= MAX_NONCES:
            self._nonces = {n: t for n, t in self._nonces.items() if now - t < NONCE_LIFETIME_S}
        nonce = secrets.token_hex(16)
        self._nonces[nonce] = now
        return f'Digest realm="{self.realm}", qop="auth", nonce="{nonce}", algorithm=MD5'

    def check(self, method: str, header: str | None) -> bool:
        """True when ``header`` proves the configured user and password."""
        if not self.required:
            return True
        if not header or len(header) > 2048:
            return False
        scheme, _, rest = header.partition(" ")
        if scheme.lower() == "basic":
            return self._basic(rest)
        if scheme.lower() == "digest":
            return self._digest(method, rest)
        return False

    def _basic(self, token: str) -> bool:
        try:
            user, _, password = (
                base64.b64decode(token.strip(), validate=True).decode().partition(":")
            )
        except (binascii.Error, ValueError, UnicodeDecodeError):
            return False
        return hmac.compare_digest(user, self.username) & hmac.compare_digest(
            password, self.password
        )

    def _digest(self, method: str, rest: str) -> bool:
        params = {m[0].lower(): m[1] or m[2] for m in _PARAM.findall(rest)}
        nonce = params.get("nonce", "")
        issued = self._nonces.get(nonce)
        if issued is None or time.monotonic() - issued > NONCE_LIFETIME_S:
            return False
        if not hmac.compare_digest(params.get("username", ""), self.username):
            return False
        ha1 = _md5(f"{self.username}:{self.realm}:{self.password}")
        ha2 = _md5(f"{method}:{params.get('uri', '')}")
        if params.get("qop") == "auth":
            parts = (nonce, params.get("nc", ""), params.get("cnonce", ""), "auth", ha2)
            expected = _md5(f"{ha1}:{':'.join(parts)}")
        else:
            expected = _md5(f"{ha1}:{nonce}:{ha2}")
        return hmac.compare_digest(expected, params.get("response", ""))
