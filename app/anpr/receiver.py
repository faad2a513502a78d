"""The receiver for reads that cameras push: Hikvision "HTTP listening" and JSON webhooks.

One small HTTP server (aiohttp) on the port of the site's ``[plates]``
table. Each plate camera posts to its own path, so the path names the
camera and no device can speak for another:

- ``POST /anpr/hikvision/<camera>``: multipart with ``anpr.xml`` and JPEGs
  (or the XML alone);
- ``POST /anpr/webhook/<camera>``: JSON, read with the source's field mapping.

Bodies are bounded (``MAX_BODY_BYTES``); a body that cannot be parsed gets
400 and a log line with the camera and the reason; an unknown camera 404.

Each pushing camera's state goes to ``on_status`` when it changes, as a
pulled source's does: live once a read is accepted, failed when it sends
credentials that are refused (a first request without any is only asked
for them, as Digest wants), stalled while what it sends cannot be read.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from aiohttp import web

from app.anpr.http_auth import PushAuth
from app.anpr.multipart import MultipartError, MultipartReader, Part, boundary_of
from app.anpr.parse_common import ParseError
from app.anpr.parse_hik import parse_push
from app.anpr.parse_webhook import check_mapping, parse_webhook
from app.anpr.sources import SourceStatus, StatusCallback
from app.core.plates import PlateRead, sanitise_text
from app.core.plates_config import Dialect, PlatesConfig
from app.core.streams import Failure, StreamState

logger = logging.getLogger("app.anpr")

MAX_BODY_BYTES = 8 * 1024 * 1024
_PATHS = {"hikvision": Dialect.HIKVISION_PUSH, "webhook": Dialect.WEBHOOK}


def receiver_app(
    config: PlatesConfig,
    submit: Callable[[PlateRead], object],
    auth: PushAuth | None = None,
    on_status: StatusCallback | None = None,
) -> web.Application:
    """The aiohttp application receiving pushed reads for the sources of ``config``."""
    auth = auth or PushAuth(config.listen_username, config.listen_password)
    mappings = {
        s.camera_id: check_mapping(s.fields) for s in config.sources if s.dialect is Dialect.WEBHOOK
    }
    states: dict[str, StreamState] = {}

    def tell(
        camera: str, state: StreamState, failure: Failure = Failure.NONE, why: str = ""
    ) -> None:
        """Say a pushing camera's state, when it changed (not once per read)."""
        if on_status is not None and states.get(camera) is not state:
            states[camera] = state
            on_status(SourceStatus(camera, state, failure, why))

    async def receive(request: web.Request) -> web.Response:
        kind, camera = request.match_info["kind"], request.match_info["camera"]
        source = config.source(camera)
        if source is None or _PATHS.get(kind) is not source.dialect:
            return web.Response(status=404, text="unknown camera\n")
        given = request.headers.get("Authorization")
        if not auth.check(request.method, given):
            if given:  # credentials sent and refused: the camera is set up wrong
                tell(camera, StreamState.FAILED, Failure.AUTH, "credentials refused")
            return web.Response(status=401, headers={"WWW-Authenticate": auth.challenge()})
        body = await request.read()
        now = time.time()
        try:
            if source.dialect is Dialect.WEBHOOK:
                read: PlateRead | None = parse_webhook(body, mappings[camera], camera, now)
            else:
                content_type = request.headers.get("Content-Type", "")
                read = parse_push(_parts(content_type, body), camera, now)
        except (ParseError, MultipartError) as exc:
            why = sanitise_text(exc, 200)
            logger.warning("pushed read from %s refused: %s", camera, why)
            tell(camera, StreamState.STALLED, Failure.PROTOCOL, why)
            return web.Response(status=400, text="unusable event\n")
        tell(camera, StreamState.PLAYING)
        if read is not None:
            submit(read)
        return web.Response(text="OK\n")

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_post("/anpr/{kind}/{camera}", receive)
    return app


def _parts(content_type: str, body: bytes) -> list[Part]:
    """The parts of a pushed body: multipart, or one XML document sent alone."""
    if content_type.lower().startswith("multipart/"):
        return MultipartReader(boundary_of(content_type), MAX_BODY_BYTES).feed(body)
    return [Part({"content-type": "application/xml"}, body)]
