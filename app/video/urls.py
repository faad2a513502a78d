"""Stream URLs: checking them, adding credentials, hiding passwords.

Cameras are configured with a URL and, separately, a user name and a
password. FFmpeg wants the credentials inside the URL, percent-encoded, so
they are inserted here, and every text that may reach a log or a tooltip is
passed through ``mask`` first: a password must never be written anywhere.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

#: Schemes the PyAV engine can open as live sources.
NETWORK_SCHEMES = frozenset({"rtsp", "rtsps", "rtmp", "http", "https"})
#: Shown instead of a password.
MASK = "***"
#: Secrets shorter than this are masked only inside URLs.
MIN_FREE_SECRET = 6

# The userinfo part of any URL inside a longer text (FFmpeg repeats the URL in its errors).
_USERINFO = re.compile(r"(?P<head>[a-zA-Z][a-zA-Z0-9+.-]*://[^/@\s:'\"]*):(?P<pw>[^@\s'\"/]*)@")
# A URL in free text, so that secrets are not masked inside its host or path.
_URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'\"]*")


def check_url(url: str) -> str | None:
    """Why ``url`` cannot be opened at all, or None when it looks usable.

    Only the shape is checked (scheme, host, port); whether the camera answers
    is for the engine to find out. A bad shape is a permanent failure, so it
    is better caught here than by FFmpeg, which reports some of them as
    "connection refused" and would be retried forever.
    """
    url = url.strip()
    if not url:
        return "empty URL"
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError on a bad port
    except ValueError as exc:
        return f"bad URL: {exc}"
    scheme = parts.scheme.lower()
    problem = None
    if scheme == "file":
        problem = None if parts.path else "file URL without a path"
    elif not scheme:
        problem = "URL without a scheme (expected rtsp://...)"
    elif scheme not in NETWORK_SCHEMES:
        problem = f"unsupported scheme {scheme!r}"
    elif not parts.hostname:
        problem = "URL without a host"
    elif port == 0:
        problem = "URL with port 0"
    return problem


def has_credentials(url: str) -> bool:
    """True when the URL carries a user name (and maybe a password)."""
    try:
        return urlsplit(url).username is not None
    except ValueError:
        return False


def with_credentials(url: str, username: str, password: str) -> str:
    """``url`` with ``username:password@`` inserted, percent-encoded.

    Credentials already inside the URL win: the configured ones are added
    only when the URL has none, so a URL copied from a camera's web page keeps
    working as written.
    """
    if not username or has_credentials(url):
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.netloc:
        return url
    userinfo = quote(username, safe="")
    if password:
        userinfo += ":" + quote(password, safe="")
    return urlunsplit(parts._replace(netloc=f"{userinfo}@{parts.netloc}"))


def mask(text: str, *secrets: str) -> str:
    """``text`` with URL passwords and the given ``secrets`` replaced by ``***``.

    Passwords inside URLs are always hidden. Secrets found elsewhere in the
    text are hidden in raw and percent-encoded form when they are long
    enough not to be mistaken for ordinary words: masking a one-letter
    password everywhere would garble the message ("rtsp" -> "rts***").
    """
    long_secrets = [s for s in secrets if len(s) >= MIN_FREE_SECRET]
    # Long secrets first, over the whole text: a password may itself look like
    # part of a URL ("00A://"), and cutting the text at URLs first would split it.
    text = _mask_free_text(text, long_secrets)
    return _URL.sub(
        lambda url: _USERINFO.sub(lambda m: f"{m.group('head')}:{MASK}@", url.group()), text
    )


def _mask_free_text(text: str, secrets: list[str]) -> str:
    """``text`` (no URL in it) with each secret, raw or percent-encoded, hidden."""
    for secret in secrets:
        for form in {secret, quote(secret, safe="")}:
            text = text.replace(form, MASK)
    return text
