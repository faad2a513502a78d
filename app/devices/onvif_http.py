"""ONVIF answers read with a size limit, and without the envelope in the log.

onvif-zeep-async reads every HTTP answer whole (aiohttp ``response.read()``)
before zeep parses it: a device that answers with hundreds of megabytes takes
the process past a gigabyte. It also logs each request envelope at debug
level, WS-Security password digest, nonce and timestamp included, which
allow an offline guess of the password. ``bound_answers`` replaces the
transport's one POST routine on a service: the same request, an answer read
in chunks and refused past ``limit`` bytes (``AnswerTooLargeError``, which
``onvif_errors.map_error`` names with the device and the limit), and nothing
of either logged.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger("app.devices")

#: The largest ONVIF answer read. Answers Occhio asks for are a few KiB; a
#: device with sixteen profiles answers GetProfiles in about 100 KiB.
MAX_ANSWER_BYTES = 1 << 20
_CHUNK = 65536


class AnswerTooLargeError(Exception):
    """A device's answer was larger than the limit; it was not read to its end."""

    def __init__(self, limit: int, announced: int | None = None) -> None:
        what = f"{announced} bytes" if announced is not None else "more"
        super().__init__(f"answer of {what} refused (limit {limit} bytes)")
        self.limit, self.announced = limit, announced


async def read_bounded(response: Any, limit: int) -> bytes:
    """The body of an aiohttp ``response``, or ``AnswerTooLargeError`` past ``limit`` bytes."""
    announced = response.content_length
    if announced is not None and announced > limit:
        raise AnswerTooLargeError(limit, announced)
    chunks: list[bytes] = []
    total = 0
    async for chunk in response.content.iter_chunked(_CHUNK):
        total += len(chunk)
        if total > limit:
            raise AnswerTooLargeError(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def bound_answers(service: Any, limit: int = MAX_ANSWER_BYTES) -> None:
    """Make ``service`` (an ``ONVIFService``) read answers of at most ``limit`` bytes.

    Idempotent. A service without the expected transport is left as it is
    (and logged), so a library change shows up in the log, not as a crash.
    """
    transport = getattr(service, "transport", None)
    if transport is None or getattr(transport, "_occhio_limit", None) == limit:
        return
    if not hasattr(transport, "_post_internal") or not hasattr(transport, "session"):
        logger.warning("ONVIF transport %s not bounded: unknown kind", type(transport).__name__)
        return

    async def post(address: str, message: str | bytes, headers: dict[str, str]) -> Any:
        # WORKAROUND https://github.com/openvideolibs/python-onvif-zeep-async: the
        # library reads answers whole and logs envelopes with their secrets.
        headers = dict(headers or {})
        headers.setdefault("User-Agent", "Occhio")
        headers.setdefault("Content-Type", 'text/xml; charset="utf-8"')
        data = message.encode("utf-8") if isinstance(message, str) else message
        response = await transport.session.post(
            address,
            data=data,
            headers=headers,
            proxy=getattr(transport, "proxy", None),
            timeout=getattr(transport, "_client_timeout", None),
        )
        try:
            content = await read_bounded(response, limit)
        finally:
            response.release()
        return response, content

    transport._post_internal = post
    transport._occhio_limit = limit
