"""Plate cameras that Occhio reads from: one endless multipart HTTP response each.

Hikvision: ``GET /ISAPI/Event/notification/alertStream``; Dahua:
``GET /cgi-bin/eventManager.cgi?action=attach&codes=[TrafficJunction]&heartbeat=5``.
Both authenticate with Digest (Basic when the device asks for it). Every
read of the socket is bounded in time (a silent device is a dead one) and
the multipart reader bounds every part. A connection that ends, fails or
goes silent is opened again after ``Backoff``; 401 and 404 wait longer.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Protocol

import aiohttp

from app.anpr.multipart import MultipartError, MultipartReader, Part, boundary_of
from app.anpr.parse_common import ParseError
from app.anpr.parse_dahua import parse_event
from app.anpr.parse_hik import AlertStreamAssembler
from app.anpr.sources import ReconnectingSource
from app.core.plates import PlateRead, sanitise_text
from app.core.plates_config import Dialect, PlateSource
from app.core.streams import Failure

logger = logging.getLogger("app.anpr")

CONNECT_TIMEOUT_S = 10.0
#: A device sends heartbeats well within this; silence longer than it is a fault.
READ_TIMEOUT_S = 30.0
#: After a part, wait this long for the pictures that may follow before announcing.
QUIET_S = 0.05
HIK_PATH = "/ISAPI/Event/notification/alertStream"
DAHUA_PATH = "/cgi-bin/eventManager.cgi?action=attach&codes=[TrafficJunction]&heartbeat=5"


class StreamHandler(Protocol):
    """Turns parts of one device's stream into reads."""

    path: str

    def handle(self, parts: list[Part], received: float) -> list[PlateRead]:
        """Reads completed by ``parts``."""
        ...

    def idle(self, received: float) -> list[PlateRead]:
        """Reads held back waiting for more parts, now that the stream is quiet."""
        ...


class HikvisionStream:
    """``alertStream`` parts: XML alerts and the JPEGs that follow them."""

    path = HIK_PATH

    def __init__(self, camera_id: str) -> None:
        self._assembler = AlertStreamAssembler(camera_id)

    def handle(self, parts: list[Part], received: float) -> list[PlateRead]:
        return self._assembler.feed(parts, received)

    def idle(self, received: float) -> list[PlateRead]:
        return self._assembler.flush(received)


class DahuaStream:
    """``attach`` parts: one text event each (heartbeats are skipped)."""

    path = DAHUA_PATH

    def __init__(self, camera_id: str) -> None:
        self.camera_id = camera_id

    def handle(self, parts: list[Part], received: float) -> list[PlateRead]:
        reads = []
        for part in parts:
            if part.content_type.startswith("image/"):
                continue  # pictures come only with snapManager, not with eventManager
            try:
                read = parse_event(part.body, self.camera_id, received)
            except ParseError as exc:
                logger.warning("camera %s: event refused: %s", self.camera_id, exc)
                continue
            if read is not None:
                reads.append(read)
        return reads

    def idle(self, received: float) -> list[PlateRead]:
        return []


def handler_for(source: PlateSource) -> StreamHandler:
    """The stream handler of a pulled dialect."""
    if source.dialect is Dialect.HIKVISION:
        return HikvisionStream(source.camera_id)
    if source.dialect is Dialect.DAHUA:
        return DahuaStream(source.camera_id)
    raise ValueError(f"{source.dialect} is not pulled over HTTP")


class _FailedError(Exception):
    def __init__(self, failure: Failure, detail: str) -> None:
        super().__init__(detail)
        self.failure = failure


class PulledSource(ReconnectingSource):
    """One pulled plate camera (Hikvision alertStream, Dahua attach)."""

    async def session(self) -> tuple[Failure, str]:
        """One connection, until the device ends it or fails."""
        source = self.source
        handler = handler_for(source)
        url = f"http://{source.host}:{source.port}{handler.path}"
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=CONNECT_TIMEOUT_S)
        try:
            async with aiohttp.ClientSession(timeout=timeout) as session:
                response = await _open(session, url, source)
                async with response:
                    content_type = response.headers.get("Content-Type", "")
                    reader = MultipartReader(boundary_of(content_type))
                    self.connected()
                    await self._read_loop(response, reader, handler)
        except _FailedError as exc:
            return exc.failure, str(exc)
        except MultipartError as exc:
            return Failure.PROTOCOL, sanitise_text(exc, 200)
        except TimeoutError:
            return Failure.TIMEOUT, f"silent for {READ_TIMEOUT_S:.0f} s"
        except (aiohttp.ClientError, OSError) as exc:
            return Failure.UNREACHABLE, sanitise_text(exc, 200)
        return Failure.ENDED, "the device closed the stream"

    async def _read_loop(
        self, response: aiohttp.ClientResponse, reader: MultipartReader, handler: StreamHandler
    ) -> None:
        pending = False
        while True:
            try:
                async with asyncio.timeout(QUIET_S if pending else READ_TIMEOUT_S):
                    chunk = await response.content.readany()
            except TimeoutError:
                if not pending:
                    raise
                found, pending = handler.idle(time.time()), False
            else:
                if not chunk:
                    return
                parts = reader.feed(chunk)
                found = handler.handle(parts, time.time())
                pending = bool(parts) or pending
            for read in found:
                self.deliver(read)


async def _open(
    session: aiohttp.ClientSession, url: str, source: PlateSource
) -> aiohttp.ClientResponse:
    """The device's response, authenticated with Digest, or Basic when it asks for that."""
    middlewares: tuple[aiohttp.DigestAuthMiddleware, ...] = ()
    if source.username:
        middlewares = (aiohttp.DigestAuthMiddleware(source.username, source.password),)
    response = await session.get(url, middlewares=middlewares)
    challenge = response.headers.get("WWW-Authenticate", "")
    if response.status == 401 and challenge.lower().startswith("basic") and source.username:
        response.release()
        auth = aiohttp.BasicAuth(source.username, source.password)
        response = await session.get(url, auth=auth)
    if response.status != 200:
        response.release()
        failure = {401: Failure.AUTH, 403: Failure.AUTH, 404: Failure.NOT_FOUND}.get(
            response.status, Failure.PROTOCOL
        )
        raise _FailedError(failure, f"HTTP {response.status} from {source.host}")
    return response
