"""HTTP/RTSP Digest (RFC 2617, RFC 7616) and Basic authentication, client side.

Used for the RTSP replay connection and for the recorders' HTTP search APIs
(Hikvision ISAPI, Dahua CGI), which all answer 401 with a challenge first.
Challenges come from the network: they are parsed within bounds and a
malformed one is refused, never guessed at.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass

MAX_CHALLENGE = 2048
_HASHES = {"MD5": "md5", "SHA-256": "sha256"}


class AuthError(ValueError):
    """A challenge Occhio cannot answer."""


@dataclass(frozen=True)
class Challenge:
    """A parsed ``WWW-Authenticate`` header."""

    scheme: str  # "digest" or "basic"
    realm: str = ""
    nonce: str = ""
    opaque: str = ""
    algorithm: str = "MD5"
    qop: tuple[str, ...] = ()


def _params(text: str) -> dict[str, str]:
    """``k="v", k=v`` pairs; quoted values may hold commas."""
    params: dict[str, str] = {}
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " ,\t":
            i += 1
        eq = text.find("=", i)
        if eq < 0:
            break
        key = text[i:eq].strip().lower()
        i = eq + 1
        if i < n and text[i] == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            params[key] = text[i + 1 : end]
            i = end + 1
        else:
            end = text.find(",", i)
            end = n if end < 0 else end
            params[key] = text[i:end].strip()
            i = end
    return params


def parse_challenge(header: str) -> Challenge:
    """One challenge header.

    Raises:
        AuthError: unknown scheme, missing nonce, unsupported algorithm, too long.
    """
    if len(header) > MAX_CHALLENGE:
        raise AuthError("challenge too long")
    scheme, _, rest = header.strip().partition(" ")
    scheme = scheme.lower()
    params = _params(rest)
    if scheme == "basic":
        return Challenge("basic", params.get("realm", ""))
    if scheme != "digest":
        raise AuthError(f"unsupported authentication scheme {scheme[:20]!r}")
    algorithm = params.get("algorithm", "MD5").upper()
    if algorithm not in _HASHES:
        raise AuthError(f"unsupported digest algorithm {algorithm[:20]!r}")
    if not params.get("nonce"):
        raise AuthError("digest challenge without a nonce")
    qop = tuple(q.strip() for q in params.get("qop", "").split(",") if q.strip())
    return Challenge(
        "digest", params.get("realm", ""), params["nonce"], params.get("opaque", ""), algorithm, qop
    )


def best_challenge(headers: list[str]) -> Challenge:
    """The strongest of several ``WWW-Authenticate`` headers (Digest before Basic).

    Raises:
        AuthError: none of them can be answered.
    """
    parsed = []
    errors = []
    for header in headers[:8]:
        try:
            parsed.append(parse_challenge(header))
        except AuthError as err:
            errors.append(str(err))
    parsed.sort(key=lambda c: (c.scheme != "digest", c.algorithm != "SHA-256"))
    if not parsed:
        raise AuthError("; ".join(errors) or "no challenge")
    return parsed[0]


def _h(algorithm: str, text: str) -> str:
    return hashlib.new(_HASHES[algorithm], text.encode(), usedforsecurity=False).hexdigest()


def authorization(
    challenge: Challenge, method: str, uri: str, user: str, password: str, *, count: int = 1
) -> str:
    """The ``Authorization`` header answering ``challenge`` for one request."""
    if challenge.scheme == "basic":
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        return f"Basic {token}"
    alg = challenge.algorithm
    ha1 = _h(alg, f"{user}:{challenge.realm}:{password}")
    ha2 = _h(alg, f"{method}:{uri}")
    fields = [
        f'username="{user}"',
        f'realm="{challenge.realm}"',
        f'nonce="{challenge.nonce}"',
        f'uri="{uri}"',
    ]
    if "auth" in challenge.qop:
        cnonce, nc = secrets.token_hex(8), f"{count:08x}"
        response = _h(alg, f"{ha1}:{challenge.nonce}:{nc}:{cnonce}:auth:{ha2}")
        fields += ["qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
    else:
        response = _h(alg, f"{ha1}:{challenge.nonce}:{ha2}")
    fields.append(f'response="{response}"')
    if challenge.opaque:
        fields.append(f'opaque="{challenge.opaque}"')
    if alg != "MD5":
        fields.append(f"algorithm={alg}")
    return "Digest " + ", ".join(fields)
