"""Turning ONVIF library errors into one exception an operator can act on.

onvif-zeep-async and zeep raise a dozen exception types (SOAP faults,
transport errors, aiohttp connection errors, timeouts, XML errors, wrapped
in ``ONVIFError`` or not). ``map_error`` sorts them into the stream failure
kinds the UI already explains (wrong credentials, unreachable, timeout, not
an ONVIF device) with a short English detail for logs and tooltips.
"""

from __future__ import annotations

import errno
from typing import Any

from app.core.streams import Failure
from app.core.untrusted import clean
from app.devices.onvif_http import AnswerTooLargeError

_AUTH_WORDS = ("notauthorized", "not authorized", "unauthorized", "authority failure")


class OnvifError(Exception):
    """An ONVIF request failed; ``failure`` says how, ``detail`` in plain words."""

    def __init__(self, failure: Failure, detail: str) -> None:
        super().__init__(failure, detail)
        self.failure = failure
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.failure}: {self.detail}"


def _root(exc: BaseException) -> BaseException:
    """The original error inside the library's ``ONVIFError`` wrappers."""
    seen = 0
    while type(exc).__name__ in ("ONVIFError", "ONVIFTimeoutError", "ONVIFAuthError") and seen < 5:
        inner = exc.__cause__ or (exc.args[0] if exc.args else None)
        if not isinstance(inner, BaseException):
            break
        exc, seen = inner, seen + 1
    return exc


def is_auth_fault(exc: BaseException) -> bool:
    """True for a SOAP fault or HTTP answer that means "wrong credentials"."""
    exc = _root(exc)
    if type(exc).__name__ == "ONVIFAuthError":
        return True
    status = getattr(exc, "status_code", None) or getattr(exc, "status", None)
    if status in (401, 403):
        return True
    if type(exc).__name__ != "Fault":
        return False
    parts: list[Any] = [getattr(exc, "message", ""), getattr(exc, "code", "")]
    parts += list(getattr(exc, "subcodes", None) or [])
    text = " ".join(str(p) for p in parts if p).lower()
    return any(word in text for word in _AUTH_WORDS)


def map_error(exc: BaseException, where: str, timeout: float) -> OnvifError:
    """The ``OnvifError`` for an exception raised while talking to ``where``."""
    if isinstance(exc, OnvifError):
        return exc
    root = _root(exc)
    name = type(root).__name__
    if isinstance(root, AnswerTooLargeError):
        return OnvifError(Failure.OVERSIZED, f"{where} sent an {root}")
    if isinstance(root, TimeoutError) or name in (
        "ONVIFTimeoutError",
        "ServerTimeoutError",
        "ConnectionTimeoutError",
    ):
        return OnvifError(Failure.TIMEOUT, f"{where} did not answer within {timeout:g} s")
    if is_auth_fault(root):
        return OnvifError(Failure.AUTH, f"{where} refused the user name or password")
    if name in ("ClientConnectorError", "ClientConnectorDNSError", "ClientOSError") or (
        isinstance(root, OSError) and root.errno in _UNREACHABLE_ERRNOS
    ):
        reason = _reason(root)
        return OnvifError(Failure.UNREACHABLE, f"cannot connect to {where}: {reason}")
    return _protocol_error(root, where)


_UNREACHABLE_ERRNOS = {
    errno.ECONNREFUSED,
    errno.EHOSTUNREACH,
    errno.ENETUNREACH,
    errno.ECONNRESET,
    errno.EHOSTDOWN,
}


def _reason(exc: BaseException) -> str:
    """The operating system's words ("Connection refused") where there are some."""
    inner = getattr(exc, "os_error", None)
    for candidate in (inner, exc):
        text = getattr(candidate, "strerror", None)
        if text:
            return clean(text, 120).lower()
    return clean(exc, 120)


def _protocol_error(root: BaseException, where: str) -> OnvifError:
    name = type(root).__name__
    status = getattr(root, "status_code", None)
    if name == "TransportError" and status and status != 200:
        if status == 404:
            detail = f"{where} is not an ONVIF device (HTTP 404: no ONVIF service there)"
        else:
            detail = f"{where} is not an ONVIF device (HTTP {status}, not a SOAP answer)"
        return OnvifError(Failure.ONVIF, detail)
    if name in ("XMLSyntaxError", "XMLParseError", "TransportError") or (
        name == "Fault" and "unknown fault" in str(getattr(root, "message", "")).lower()
    ):
        return OnvifError(Failure.ONVIF, f"{where} is not an ONVIF device (answer is not SOAP)")
    if name == "Fault":
        message = clean(getattr(root, "message", ""), 200) or "no reason given"
        return OnvifError(Failure.ONVIF, f"{where} refused the request: {message}")
    return OnvifError(Failure.ONVIF, f"{where}: {name}: {clean(root, 200)}")
