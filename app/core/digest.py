"""HTTP Digest authentication (RFC 2617) as a client answers it, for RTSP and HTTP.

The stream check before FFmpeg opens a camera and the background health
check both answer a camera's ``WWW-Authenticate: Digest`` challenge with the
password never sent itself. The challenge comes from the device, so parsing
it never fails: a malformed one gives a harmless (and refused) answer.
"""

from __future__ import annotations

import hashlib
import os


def parse_challenge(value: str) -> tuple[str, dict[str, str]]:
    """(scheme in lower case, parameters with lower-case names) of one challenge."""
    scheme, _, rest = value.strip().partition(" ")
    params: dict[str, str] = {}
    for item in _split_params(rest):
        key, _, raw = item.partition("=")
        params[key.strip().lower()] = raw.strip().strip('"')
    return scheme.lower(), params


def _split_params(text: str) -> list[str]:
    """Comma-separated ``k=v`` items; commas inside quotes do not split."""
    items: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return [i for i in items if i.strip()]


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def digest_authorization(
    params: dict[str, str], method: str, uri: str, user: str, password: str, *, count: int = 1
) -> str:
    """The ``Authorization`` value answering a Digest challenge's ``params``.

    MD5 or MD5-sess; ``qop=auth`` when the server offers it, with request
    counter ``count`` and a fresh client nonce.
    """
    realm, nonce = params.get("realm", ""), params.get("nonce", "")
    ha1 = _md5(f"{user}:{realm}:{password}")
    cnonce = os.urandom(8).hex()
    if params.get("algorithm", "").lower() == "md5-sess":
        ha1 = _md5(f"{ha1}:{nonce}:{cnonce}")
    ha2 = _md5(f"{method}:{uri}")
    fields = [f'username="{user}"', f'realm="{realm}"', f'nonce="{nonce}"', f'uri="{uri}"']
    if "auth" in [q.strip() for q in params.get("qop", "").split(",")]:
        nc = f"{count:08x}"
        response = _md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
        fields += ["qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
    else:
        response = _md5(f"{ha1}:{nonce}:{ha2}")
    fields.append(f'response="{response}"')
    if "opaque" in params:
        fields.append(f'opaque="{params["opaque"]}"')
    return "Digest " + ", ".join(fields)
