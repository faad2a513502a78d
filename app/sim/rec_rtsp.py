"""Replay of recordings over the simulator's RTSP port (ONVIF, Hikvision, Dahua).

:class:`ReplayRoutes` answers the requests whose URL names a recording (see
:mod:`app.sim.rec_urls`) and the sessions they set up; the live RTSP server
hands those over and keeps everything else. Replay runs over RTP interleaved
on the RTSP connection only, like most recorders. A PLAY starts a sender
task (:mod:`app.sim.rec_sender`) at the key frame at or before the requested
time.

The vendor dialects behave as field devices do: they take the range from the
URL, ignore ``endtime`` (the archive keeps coming until the client stops it),
send no 0xABAC extension, and give times through RTCP sender reports.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import random
import secrets
import zlib
from dataclasses import dataclass, field

from app.sim.auth import DigestAuth
from app.sim.cameras import DEFAULT_PASSWORD, DEFAULT_USER, SimCamera
from app.sim.rec_rtp import TimeFormatError, format_clock, parse_clock_range
from app.sim.rec_sender import PlayRequest, send_replay
from app.sim.rec_source import SimRecorder
from app.sim.rec_urls import ONVIF, ReplayTarget, base_uri, is_replay_path, parse_target
from app.sim.rtp import PAYLOAD_TYPE
from app.sim.rtsp import Connection, RtspReplyError
from app.sim.rtsp_proto import Request, format_response, parse_port_pair, parse_transport

logger = logging.getLogger("app.sim")

REPLAY_REQUIREMENT = "onvif-replay"


@dataclass(eq=False)
class ReplaySession:
    """One client's replay of one archive."""

    id: str
    target: ReplayTarget
    channel: int
    ssrc: int = field(default_factory=lambda: random.getrandbits(32))
    seq: int = field(default_factory=lambda: random.getrandbits(16))
    ts_base: int = field(default_factory=lambda: random.getrandbits(32))
    origin: float | None = None  # device time that RTP timestamp ts_base stands for
    position: float | None = None  # where a PLAY without a range resumes
    task: asyncio.Task[None] | None = None

    def stop(self) -> None:
        """Cancel the sender, if one runs."""
        if self.task is not None:
            self.task.cancel()
            self.task = None


class ReplayRoutes:
    """RTSP methods for replay URLs and replay sessions, on the shared RTSP port."""

    def __init__(self, recorder: SimRecorder, cameras: dict[str, SimCamera], auth: DigestAuth):
        self.recorder = recorder
        self.cameras = cameras
        self.auth = auth
        self._sessions: dict[Connection, dict[str, ReplaySession]] = {}

    def handles(self, conn: Connection, req: Request) -> bool:
        """Whether this request is for a replay URL or one of our sessions."""
        sid = req.headers.get("session", "").split(";")[0].strip()
        return is_replay_path(req.uri) or sid in self._sessions.get(conn, {})

    def forget(self, conn: Connection) -> None:
        """The connection closed: stop its senders."""
        for session in self._sessions.pop(conn, {}).values():
            session.stop()

    async def respond(self, conn: Connection, req: Request) -> bytes:
        """The response to one request (errors as RTSP statuses)."""
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
                raise RtspReplyError(405, {"Allow": ", ".join(handlers)})
            self._check_require(req)
            headers, body = await handler(conn, req)
            return format_response(200, req.cseq, headers, body)
        except RtspReplyError as reply:
            return format_response(reply.status, req.cseq, reply.headers)
        except TimeFormatError as err:
            logger.info("Replay %s %s: %s", req.method, req.uri[:120], err)
            return format_response(457, req.cseq)  # Invalid Range

    def _check_require(self, req: Request) -> None:
        wanted = [r.strip() for r in req.headers.get("require", "").split(",") if r.strip()]
        unknown = [r for r in wanted if r != REPLAY_REQUIREMENT]
        if unknown:
            raise RtspReplyError(551, {"Unsupported": ", ".join(unknown)})

    def _target(self, req: Request) -> ReplayTarget:
        target = parse_target(req.uri, self.recorder.channels)
        if target is None:
            raise RtspReplyError(404)
        user, password = DEFAULT_USER, DEFAULT_PASSWORD  # the NVR's own account
        if target.dialect == ONVIF:  # the camera's, as its ONVIF service gave the URL
            camera = self.cameras[target.camera_id]
            user, password = camera.username, camera.password
        if not self.auth.check(req.method, req.headers.get("authorization"), user, password):
            raise RtspReplyError(401, {"WWW-Authenticate": self.auth.challenge()})
        return target

    def _session(self, conn: Connection, req: Request) -> ReplaySession:
        sid = req.headers.get("session", "").split(";")[0].strip()
        session = self._sessions.get(conn, {}).get(sid)
        if session is None:
            raise RtspReplyError(454)
        return session

    async def _describe(self, conn: Connection, req: Request) -> tuple[dict[str, str], bytes]:
        target = self._target(req)
        source = self.recorder.sources[target.camera_id]
        sps, pps = source.loop.sps, source.loop.pps
        sprop = ",".join(base64.b64encode(x).decode() for x in (sps, pps))
        now = source.plan.device_now()
        lines = [
            "v=0",
            f"o=- {zlib.crc32(target.camera_id.encode())} 1 IN IP4 0.0.0.0",
            f"s=Recording {target.camera_id}",
            "c=IN IP4 0.0.0.0",
            "t=0 0",
            "a=control:*",
            f"a=range:clock={format_clock(source.plan.first(now))}-{format_clock(now)}",
            f"m=video 0 RTP/AVP {PAYLOAD_TYPE}",
            f"a=rtpmap:{PAYLOAD_TYPE} H264/90000",
            f"a=fmtp:{PAYLOAD_TYPE} packetization-mode=1;profile-level-id={sps[1:4].hex()};"
            f"sprop-parameter-sets={sprop}",
            "a=recvonly",
            "a=control:trackID=0",
        ]
        body = ("\r\n".join(lines) + "\r\n").encode()
        headers = {"Content-Type": "application/sdp", "Content-Base": base_uri(req.uri) + "/"}
        return headers, body

    async def _setup(self, conn: Connection, req: Request) -> tuple[dict[str, str], bytes]:
        target = self._target(req)
        spec = parse_transport(req.headers.get("transport", ""))
        if not spec["protocol"].endswith("/TCP"):
            raise RtspReplyError(461)  # replay only over the RTSP connection
        channels = parse_port_pair(spec.get("interleaved", "0-1")) or (0, 1)
        if channels[0] > 254:
            raise RtspReplyError(461)
        session = ReplaySession(secrets.token_hex(8), target, channels[0])
        self._sessions.setdefault(conn, {})[session.id] = session
        logger.info("Replay session %s on %s (%s)", session.id, target.camera_id, target.dialect)
        return {
            "Transport": f"RTP/AVP/TCP;unicast;interleaved={channels[0]}-{channels[0] + 1}",
            "Session": f"{session.id};timeout=60",
        }, b""

    async def _play(self, conn: Connection, req: Request) -> tuple[dict[str, str], bytes]:
        session = self._session(conn, req)
        source = self.recorder.sources[session.target.camera_id]
        play = self._play_request(session, req, source.plan.first())
        if self.recorder.fault(session.target.camera_id) == "live":
            play.start, play.end = source.plan.device_now() - 1.0, None
        session.stop()
        if session.origin is None:
            session.origin = play.start - play.start % 1.0
        ts = (session.ts_base + round((play.start - play.start % 1.0 - session.origin) * 90000)) & (
            0xFFFFFFFF
        )
        session.task = asyncio.get_running_loop().create_task(
            send_replay(conn.writer, session, source, play, self.recorder.fault)
        )
        track = base_uri(req.uri).rstrip("/") + "/trackID=0"
        end = format_clock(play.end) if play.end is not None else ""
        return {
            "Session": session.id,
            "Range": f"clock={format_clock(play.start - play.start % 1.0)}-{end}",
            "RTP-Info": f"url={track};seq={session.seq};rtptime={ts}",
            "Scale": f"{play.scale:g}",
        }, b""

    def _play_request(self, session: ReplaySession, req: Request, first: float) -> PlayRequest:
        """Range, speed and options of a PLAY (vendor dialects: the URL's start)."""
        target = session.target
        end: float | None = None
        clock = req.headers.get("range", "").strip().lower().startswith("clock")
        if target.dialect == ONVIF and clock:  # npt ranges of plain clients: from the start
            start, end = parse_clock_range(req.headers["range"])
        elif session.position is not None:
            start = session.position
        else:
            start = target.start if target.start is not None else first
        try:
            scale = float(req.headers.get("scale", "1"))
        except ValueError:
            raise RtspReplyError(400) from None
        if scale == 0 or abs(scale) > 64:
            raise RtspReplyError(400)
        if end is not None and (end < start) != (scale < 0):
            raise RtspReplyError(457)  # the range runs against the direction of play
        return PlayRequest(
            start=start,
            end=end,
            scale=scale,
            rate_control=req.headers.get("rate-control", "yes").strip().lower() != "no",
            intra=req.headers.get("frames", "").strip().lower().startswith("intra"),
            cseq=int(req.cseq) if req.cseq.isdigit() else 0,
            onvif=target.dialect == ONVIF,
        )

    async def _options(self, conn: Connection, req: Request) -> tuple[dict[str, str], bytes]:
        methods = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER"
        return {"Public": methods}, b""

    async def _pause(self, conn: Connection, req: Request) -> tuple[dict[str, str], bytes]:
        session = self._session(conn, req)
        session.stop()
        return {"Session": session.id}, b""

    async def _teardown(self, conn: Connection, req: Request) -> tuple[dict[str, str], bytes]:
        session = self._session(conn, req)
        session.stop()
        with contextlib.suppress(KeyError):
            del self._sessions[conn][session.id]
        logger.info("Replay session %s ended", session.id)
        return {}, b""

    async def _keepalive(self, conn: Connection, req: Request) -> tuple[dict[str, str], bytes]:
        if "session" in req.headers:
            return {"Session": self._session(conn, req).id}, b""
        return {}, b""
