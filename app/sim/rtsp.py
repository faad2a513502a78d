"""A small RTSP 1.0 server for the simulated cameras (asyncio).

Serves ``rtsp://host:port/<camera id>/<main|sub>`` with Digest auth,
RTP over TCP (interleaved) or UDP unicast, keep-alives, session timeouts and
the test states of :mod:`app.sim.cameras` (dropped cameras answer 503).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from typing import Protocol
from urllib.parse import urlsplit

from app.sim.auth import DigestAuth
from app.sim.cameras import CameraState, SimCamera
from app.sim.rtsp_proto import (
    REPLY,
    Interleaved,
    Request,
    RtspParseError,
    format_response,
    parse_message,
)
from app.sim.rtsp_setup import describe_body, make_sink
from app.sim.streams import Session, StreamTimer

logger = logging.getLogger("app.sim")

SESSION_TIMEOUT_S = 60
PUBLIC = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER"
_NEEDS_AUTH = {"DESCRIBE", "SETUP", "PLAY"}


class RtspReplyError(Exception):
    """Ends a request early with an RTSP status."""

    def __init__(self, status: int, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.headers = headers or {}


class ReplayHandler(Protocol):
    """Who answers for recorded video (:class:`app.sim.rec_rtsp.ReplayRoutes`)."""

    def handles(self, conn: Connection, req: Request) -> bool:
        """Whether the request is about a recording."""

    async def respond(self, conn: Connection, req: Request) -> bytes:
        """The response to such a request."""

    def forget(self, conn: Connection) -> None:
        """A connection closed."""


class Connection:
    """One client's RTSP connection and the sessions it set up."""

    def __init__(self, writer: asyncio.StreamWriter) -> None:
        self.writer = writer
        peer = writer.get_extra_info("peername")
        self.peer_ip = str(peer[0]) if peer else "?"
        self.sessions: dict[str, Session] = {}


class RtspServer:
    """The RTSP listener; ``timers`` maps (camera id, profile) to its stream timer."""

    def __init__(
        self,
        cameras: dict[str, SimCamera],
        timers: dict[tuple[str, str], StreamTimer],
        host: str,
    ) -> None:
        self.cameras = cameras
        self.timers = timers
        self.host = host
        self.port = 0
        self.auth = DigestAuth("Occhio Simulator")
        self.connections: set[Connection] = set()
        #: Answers requests for recorded video, where the simulator records.
        self.replay: ReplayHandler | None = None
        self._server: asyncio.Server | None = None
        self._reaper: asyncio.Task[None] | None = None

    async def start(self, port: int) -> int:
        """Listen on ``port`` (0: a free one); returns the port."""
        self._server = await asyncio.start_server(self._handle, self.host, port)
        self.port = int(self._server.sockets[0].getsockname()[1])
        self._reaper = asyncio.get_running_loop().create_task(self._reap())
        return self.port

    async def close(self) -> None:
        """Stop listening and close every connection."""
        if self._reaper:
            self._reaper.cancel()
        if self._server:
            self._server.close()
        for conn in list(self.connections):
            self._close_connection(conn)

    def sessions_of(self, camera_id: str) -> list[Session]:
        """Every session on a camera, over all connections."""
        return [
            s for c in self.connections for s in c.sessions.values() if s.camera_id == camera_id
        ]

    def drop_camera(self, camera_id: str) -> None:
        """Close every connection that has a session on ``camera_id``."""
        for conn in list(self.connections):
            if any(s.camera_id == camera_id for s in conn.sessions.values()):
                self._close_connection(conn)

    def _close_connection(self, conn: Connection) -> None:
        if self.replay is not None:
            self.replay.forget(conn)
        for session in list(conn.sessions.values()):
            self._end_session(conn, session)
        conn.writer.close()
        self.connections.discard(conn)

    def _end_session(self, conn: Connection, session: Session) -> None:
        conn.sessions.pop(session.id, None)
        timer = self.timers.get((session.camera_id, session.profile))
        if timer:
            timer.sessions.discard(session)
        session.sink.close()
        self.cameras[session.camera_id].clients.discard(session.peer)
        logger.info("Session %s on %s/%s ended", session.id, session.camera_id, session.profile)

    async def _reap(self) -> None:
        """End UDP sessions whose client stopped sending keep-alives."""
        while True:
            await asyncio.sleep(5)
            now = time.monotonic()
            for conn in list(self.connections):
                for s in list(conn.sessions.values()):
                    if now - s.last_seen > s.timeout_s:
                        logger.info("Session %s timed out", s.id)
                        self._end_session(conn, s)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn = Connection(writer)
        self.connections.add(conn)
        buf = bytearray()
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                buf += data
                if not await self._drain_messages(conn, buf):
                    break
        except (ConnectionError, OSError) as exc:
            logger.debug("RTSP connection from %s: %s", conn.peer_ip, exc)
        except Exception:
            logger.exception("RTSP connection from %s failed", conn.peer_ip)
        finally:
            self._close_connection(conn)

    async def _drain_messages(self, conn: Connection, buf: bytearray) -> bool:
        """Answer every complete request in ``buf``; False to close the connection."""
        while True:
            try:
                msg, used = parse_message(buf)
            except RtspParseError as exc:
                logger.info("Bad request from %s: %s", conn.peer_ip, exc)
                conn.writer.write(format_response(400, "0", {"Connection": "close"}))
                await conn.writer.drain()
                return False
            if msg is None:
                return True
            del buf[:used]
            if isinstance(msg, Interleaved):
                for s in conn.sessions.values():
                    s.last_seen = time.monotonic()  # RTCP receiver report: client alive
                continue
            if msg.method == REPLY:
                continue  # the client's answer to an ANNOUNCE we sent
            conn.writer.write(await self._respond(conn, msg))
            await conn.writer.drain()

    async def _respond(self, conn: Connection, req: Request) -> bytes:
        if self.replay is not None and self.replay.handles(conn, req):
            return await self.replay.respond(conn, req)
        handlers = {
            "OPTIONS": self._options,
            "DESCRIBE": self._describe,
            "SETUP": self._setup,
            "PLAY": self._play,
            "PAUSE": self._pause,
            "TEARDOWN": self._teardown,
            "GET_PARAMETER": self._keepalive,
            "SET_PARAMETER": self._keepalive,
        }
        handler = handlers.get(req.method)
        try:
            if handler is None:
                raise RtspReplyError(501)
            headers, body = await handler(conn, req)
            return format_response(200, req.cseq, headers, body)
        except RtspReplyError as reply:
            return format_response(reply.status, req.cseq, reply.headers)
        except Exception:
            logger.exception("RTSP %s %s failed", req.method, req.uri)
            return format_response(500, req.cseq)

    def _target(self, req: Request) -> tuple[SimCamera, str]:
        """Camera and profile a URL names; checks auth and state."""
        parts = [p for p in urlsplit(req.uri).path.split("/") if p]
        if len(parts) < 2 or (parts[0], parts[1]) not in self.timers:
            raise RtspReplyError(404)
        camera = self.cameras[parts[0]]
        if req.method in _NEEDS_AUTH and not self.auth.check(
            req.method, req.headers.get("authorization"), camera.username, camera.password
        ):
            raise RtspReplyError(401, {"WWW-Authenticate": self.auth.challenge()})
        if camera.state is CameraState.DROPPED:
            raise RtspReplyError(503)
        return camera, parts[1]

    def _session(self, conn: Connection, req: Request) -> Session:
        sid = req.headers.get("session", "").split(";")[0].strip()
        session = conn.sessions.get(sid)
        if session is None:
            raise RtspReplyError(454)
        session.last_seen = time.monotonic()
        return session

    async def _options(self, conn: Connection, req: Request) -> tuple[dict[str, str], bytes]:
        return {"Public": PUBLIC}, b""

    async def _describe(self, conn: Connection, req: Request) -> tuple[dict[str, str], bytes]:
        camera, profile = self._target(req)
        timer = self.timers[camera.id, profile]
        base = req.uri.rstrip("/") + "/"
        headers = {"Content-Type": "application/sdp", "Content-Base": base}
        return headers, describe_body(camera, timer, self.host)

    async def _setup(self, conn: Connection, req: Request) -> tuple[dict[str, str], bytes]:
        camera, profile = self._target(req)
        if "session" in req.headers:
            raise RtspReplyError(459)  # one track per stream: a second SETUP makes no sense
        sink, transport_reply = await make_sink(req.headers.get("transport", ""), conn, self.host)
        if sink is None:
            raise RtspReplyError(461)
        session = Session(
            secrets.token_hex(8), camera.id, profile, sink, conn.peer_ip, SESSION_TIMEOUT_S
        )
        conn.sessions[session.id] = session
        self.timers[camera.id, profile].sessions.add(session)
        camera.clients.add(conn.peer_ip)
        logger.info("Session %s on %s/%s for %s", session.id, camera.id, profile, conn.peer_ip)
        return {
            "Transport": transport_reply,
            "Session": f"{session.id};timeout={SESSION_TIMEOUT_S}",
        }, b""

    async def _play(self, conn: Connection, req: Request) -> tuple[dict[str, str], bytes]:
        session = self._session(conn, req)
        camera = self.cameras[session.camera_id]
        if camera.state is CameraState.DROPPED:
            raise RtspReplyError(503)
        timer = self.timers[session.camera_id, session.profile]
        session.playing = True
        session.waiting_idr = True
        session.catch_up = True
        first = timer.current_frame()
        first -= (first % timer.loop.profile.loop_frames) % timer.loop.profile.gop_frames
        rtptime = (timer.rtp_time(first) + session.ts_offset) & 0xFFFFFFFF
        track = req.uri.rstrip("/")
        if not track.endswith("trackID=0"):
            track += "/trackID=0"
        return {
            "Session": session.id,
            "Range": "npt=0.000-",
            "RTP-Info": f"url={track};seq={session.seq};rtptime={rtptime}",
        }, b""

    async def _pause(self, conn: Connection, req: Request) -> tuple[dict[str, str], bytes]:
        session = self._session(conn, req)
        session.playing = False
        return {"Session": session.id}, b""

    async def _teardown(self, conn: Connection, req: Request) -> tuple[dict[str, str], bytes]:
        session = self._session(conn, req)
        self._end_session(conn, session)
        return {}, b""

    async def _keepalive(self, conn: Connection, req: Request) -> tuple[dict[str, str], bytes]:
        if "session" in req.headers:
            return {"Session": self._session(conn, req).id}, b""
        return {}, b""
