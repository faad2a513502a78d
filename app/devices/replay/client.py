"""An asyncio RTSP client for recorded video: ONVIF replay and vendor playback URLs.

One TCP connection carries the RTSP requests and, interleaved, the RTP and
RTCP packets (``RTP/AVP/TCP``), which is how recorders serve replay. The
client answers Digest challenges, keeps the session alive (GET_PARAMETER,
or OPTIONS where the server lists no GET_PARAMETER), answers the server's
own requests (an ANNOUNCE is noted for the operator), and turns packets into
:class:`RecordedFrame` objects with their capture times: from the ONVIF
extension where present, else from RTCP sender reports, else estimated from
the requested start (and marked so).

Every read is bounded: message sizes by :mod:`.wire`, waits by ``timeout``
(requests) and ``stall_timeout`` (no frame for that long while playing).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

from app.core.recording import RecordedFrame, StreamFormat, TimeSource, VideoCodec
from app.devices.replay.depay import AccessUnit, Depacketiser, is_key
from app.devices.replay.digest import AuthError, Challenge, authorization, best_challenge
from app.devices.replay.errors import ReplayError, ReplayFailure, status_failure
from app.devices.replay.rtp import RtpError, RtpPacket, SenderReport, parse_rtcp, parse_rtp
from app.devices.replay.sdp import SdpError, SdpVideo, parse_sdp
from app.devices.replay.times import format_clock
from app.devices.replay.wire import (
    Interleaved,
    RtspMessage,
    RtspWireError,
    format_request,
    format_response,
    parse_message,
    session_id,
)

logger = logging.getLogger("app.devices")

MAX_PENDING_PACKETS = 20000
DEFAULT_SESSION_TIMEOUT_S = 60.0
REPLAY_REQUIREMENT = "onvif-replay"


@dataclass
class PlayOptions:
    """What to ask of PLAY. ``onvif`` sends ``Require: onvif-replay`` and a clock range."""

    start: float | None = None
    end: float | None = None
    onvif: bool = True
    rate_control: bool = True
    scale: float = 1.0
    intra_only: bool = False

    def headers(self) -> dict[str, str]:
        """The PLAY request's own headers."""
        out: dict[str, str] = {}
        if self.onvif:
            out["Require"] = REPLAY_REQUIREMENT
            if self.start is not None:
                end = format_clock(self.end) if self.end is not None else ""
                out["Range"] = f"clock={format_clock(self.start)}-{end}"
            out["Immediate"] = "yes"
            if not self.rate_control:
                out["Rate-Control"] = "no"
            if self.intra_only:
                out["Frames"] = "intra"
        if self.scale != 1.0:
            out["Scale"] = f"{self.scale:g}"
        return out


def split_credentials(url: str) -> tuple[str, str, str]:
    """(url without user info, user, password)."""
    parts = urlsplit(url)
    user = unquote(parts.username or "")
    password = unquote(parts.password or "")
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, "")), user, password


def control_url(base: str, control: str) -> str:
    """A track's URL from the content base and its ``a=control`` (FFmpeg's rule)."""
    if not control or control == "*":
        return base
    if control.lower().startswith("rtsp://"):
        return control
    return base.rstrip("/") + "/" + control


class ReplayClient:
    """One replay session on one RTSP connection (use as ``async with``)."""

    def __init__(
        self,
        url: str,
        username: str = "",
        password: str = "",
        *,
        timeout: float = 5.0,
        stall_timeout: float = 10.0,
    ) -> None:
        self.url, url_user, url_password = split_credentials(url)
        self.username = username or url_user
        self.password = password or url_password
        self.timeout = timeout
        self.stall_timeout = stall_timeout
        self.notes: list[str] = []  # what the operator should know (ANNOUNCE...)
        self.video: SdpVideo | None = None
        self.stream_format: StreamFormat | None = None
        self.date_header = ""  # the server's Date, to compare clocks
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._buf = bytearray()
        self._pending: collections.deque[Interleaved] = collections.deque()
        self._cseq = 0
        self._challenge: Challenge | None = None
        self._auth_count = 0
        self._session = ""
        self._session_timeout = DEFAULT_SESSION_TIMEOUT_S
        self._keepalive = "GET_PARAMETER"
        self._channel = 0
        self._start_hint: float | None = None

    async def __aenter__(self) -> ReplayClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- connection and requests -------------------------------------------------

    async def connect(self, onvif: bool = True) -> SdpVideo:
        """Connect, DESCRIBE and SETUP the video track over the RTSP connection.

        Raises:
            ReplayError: unreachable, refused, no usable video, or a protocol error.
        """
        await self._open()
        require = {"Require": REPLAY_REQUIREMENT} if onvif else {}
        options = await self._request("OPTIONS", self.url, require)
        if "GET_PARAMETER" not in options.headers.get("public", "GET_PARAMETER").upper():
            self._keepalive = "OPTIONS"
        accept = {"Accept": "application/sdp", **require}
        described = await self._request("DESCRIBE", self.url, accept)
        try:
            self.video = parse_sdp(described.body.decode("utf-8", "replace"))
        except SdpError as err:
            raise ReplayError(ReplayFailure.PROTOCOL, str(err)) from err
        self.stream_format = self.video.stream_format()
        base = described.headers.get("content-base") or self.url
        await self._setup(control_url(base, self.video.control), require)
        return self.video

    async def _open(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme.lower() != "rtsp" or not parts.hostname:
            raise ReplayError(ReplayFailure.UNSUPPORTED, f"not an rtsp:// URL: {self.url[:80]}")
        try:
            self._reader, self._writer = await asyncio.wait_for(
                asyncio.open_connection(parts.hostname, parts.port or 554), self.timeout
            )
        except (OSError, TimeoutError) as err:
            raise ReplayError(ReplayFailure.UNREACHABLE, f"{parts.hostname}: {err}") from err

    async def _setup(self, track: str, require: dict[str, str]) -> None:
        transport = {"Transport": "RTP/AVP/TCP;unicast;interleaved=0-1", **require}
        setup = await self._request("SETUP", track, transport)
        self._session, timeout = session_id(setup.headers.get("session", ""))
        if not self._session:
            raise ReplayError(ReplayFailure.PROTOCOL, "SETUP answer without a session")
        self._session_timeout = timeout or DEFAULT_SESSION_TIMEOUT_S
        answer = setup.headers.get("transport", "")
        if "interleaved=" in answer:
            first = answer.split("interleaved=")[1].split("-")[0].split(";")[0]
            self._channel = int(first) if first.isdigit() and int(first) < 255 else 0

    async def play(self, options: PlayOptions) -> RtspMessage:
        """Ask for the range; frames then come from :meth:`frames`."""
        self._start_hint = options.start
        headers = {"Session": self._session, **options.headers()}
        answer = await self._request("PLAY", self.url, headers)
        self.date_header = answer.headers.get("date", self.date_header)
        return answer

    async def pause(self) -> None:
        """Stop the flow of frames, keeping the session."""
        await self._request("PAUSE", self.url, {"Session": self._session})

    async def close(self) -> None:
        """TEARDOWN (best effort, bounded) and close the connection."""
        writer, self._writer = self._writer, None
        if writer is None:
            return
        if self._session and not writer.is_closing():
            with contextlib.suppress(OSError):
                self._cseq += 1
                headers = {"Session": self._session, **self._auth("TEARDOWN", self.url)}
                writer.write(format_request("TEARDOWN", self.url, self._cseq, headers))
                await asyncio.wait_for(writer.drain(), 1.0)
        writer.close()
        with contextlib.suppress(OSError, TimeoutError):
            await asyncio.wait_for(writer.wait_closed(), 1.0)

    def _auth(self, method: str, uri: str) -> dict[str, str]:
        if self._challenge is None:
            return {}
        self._auth_count += 1
        value = authorization(
            self._challenge, method, uri, self.username, self.password, count=self._auth_count
        )
        return {"Authorization": value}

    async def _request(self, method: str, uri: str, headers: dict[str, str]) -> RtspMessage:
        """Send a request and wait (bounded) for its answer; one retry after a 401."""
        for attempt in range(2):
            self._cseq += 1
            cseq = self._cseq
            self._send(format_request(method, uri, cseq, {**headers, **self._auth(method, uri)}))
            answer = await self._answer_to(cseq)
            if answer.status == 401 and attempt == 0 and (self.username or self.password):
                try:
                    self._challenge = best_challenge(answer.all_headers.get("www-authenticate", []))
                except AuthError as err:
                    raise ReplayError(ReplayFailure.AUTH, str(err)) from err
                continue
            if answer.status != 200:
                raise ReplayError(
                    status_failure(answer.status),
                    f"{method} answered {answer.status} {answer.reason[:60]}",
                    answer.status,
                )
            return answer
        raise ReplayError(ReplayFailure.AUTH, f"{method}: credentials refused")

    def _send(self, data: bytes) -> None:
        if self._writer is None or self._writer.is_closing():
            raise ReplayError(ReplayFailure.CLOSED, "the connection is closed")
        self._writer.write(data)

    async def _answer_to(self, cseq: int) -> RtspMessage:
        deadline = time.monotonic() + self.timeout
        while True:
            msg = await self._next(max(0.01, deadline - time.monotonic()), ReplayFailure.TIMEOUT)
            if isinstance(msg, Interleaved):
                if len(self._pending) >= MAX_PENDING_PACKETS:
                    raise ReplayError(ReplayFailure.PROTOCOL, "too much data before an answer")
                self._pending.append(msg)
            elif msg.method:
                self._answer_server(msg)
            elif msg.cseq == cseq:
                return msg

    async def _next(self, timeout: float, failure: ReplayFailure) -> RtspMessage | Interleaved:
        """The next message on the connection, waiting at most ``timeout`` s for bytes."""
        while True:
            try:
                msg, used = parse_message(self._buf)
            except RtspWireError as err:
                raise ReplayError(ReplayFailure.PROTOCOL, str(err)) from err
            if msg is not None:
                del self._buf[:used]
                return msg
            if self._reader is None:
                raise ReplayError(ReplayFailure.CLOSED, "not connected")
            try:
                data = await asyncio.wait_for(self._reader.read(65536), timeout)
            except TimeoutError:
                raise ReplayError(failure, f"nothing from the server for {timeout:.0f} s") from None
            except OSError as err:
                raise ReplayError(ReplayFailure.CLOSED, f"connection lost: {err}") from err
            if not data:
                raise ReplayError(ReplayFailure.CLOSED, "the server closed the connection")
            self._buf += data

    def _answer_server(self, msg: RtspMessage) -> None:
        """Answer a request the server sent us (ANNOUNCE, keep-alive probes)."""
        if msg.method == "ANNOUNCE":
            self.notes.append("ANNOUNCE")
            logger.warning("replay %s: the server sent ANNOUNCE", self.url[:80])
        known = msg.method in ("ANNOUNCE", "GET_PARAMETER", "OPTIONS")
        status, reason = (200, "OK") if known else (501, "Not Implemented")
        self._send(format_response(status, reason, max(0, msg.cseq)))

    # -- frames -------------------------------------------------------------------

    async def frames(self) -> AsyncIterator[RecordedFrame]:
        """Frames until the server ends the range (RTCP BYE) or the stream fails.

        Raises:
            ReplayError: STALLED (no frame for ``stall_timeout`` s), CLOSED, PROTOCOL.
        """
        if self.video is None:
            raise ReplayError(ReplayFailure.PROTOCOL, "not set up")
        depay = Depacketiser(self.video.codec)
        timing = _Timing(self.video.clock_rate, self._start_hint, self.video.codec)
        keepalive_every = max(5.0, min(self._session_timeout, 120.0) / 2)
        next_keepalive = time.monotonic() + keepalive_every
        last_frame = time.monotonic()
        while True:
            now = time.monotonic()
            if now >= next_keepalive:
                self._keep_alive()
                next_keepalive = now + keepalive_every
            wait = self.stall_timeout - (now - last_frame)
            if wait <= 0:
                raise ReplayError(ReplayFailure.STALLED, f"no frame for {self.stall_timeout:.0f} s")
            if self._pending:
                msg: RtspMessage | Interleaved = self._pending.popleft()
            else:
                msg = await self._next(min(wait, keepalive_every), ReplayFailure.STALLED)
            frames, done = self._on_message(msg, depay, timing)
            for frame in frames:
                last_frame = time.monotonic()
                yield frame
            if done:
                return

    def _on_message(
        self, msg: RtspMessage | Interleaved, depay: Depacketiser, timing: _Timing
    ) -> tuple[list[RecordedFrame], bool]:
        """Frames completed by one message, and whether the server said BYE (the end)."""
        if isinstance(msg, RtspMessage):
            if msg.method:
                self._answer_server(msg)
            return [], False
        if msg.channel == self._channel + 1:
            if timing.rtcp(msg.data):  # BYE: the range is done
                return [timing.frame(au) for au in depay.flush()], True
            return [], False
        packet = self._video_packet(msg)
        if packet is None:
            return [], False
        return [timing.frame(au) for au in depay.push(packet) if au.nals], False

    def _video_packet(self, msg: Interleaved) -> RtpPacket | None:
        """The RTP packet of our video track in ``msg``, or None (other channel, bad data)."""
        if msg.channel != self._channel or self.video is None:
            return None
        try:
            packet = parse_rtp(msg.data)
        except RtpError as err:
            logger.debug("replay: dropped a bad RTP packet: %s", err)
            return None
        return packet if packet.payload_type == self.video.payload_type else None

    def _keep_alive(self) -> None:
        self._cseq += 1
        headers = {"Session": self._session, **self._auth(self._keepalive, self.url)}
        self._send(format_request(self._keepalive, self.url, self._cseq, headers))


class _Timing:
    """Capture times of access units: ONVIF extension, else RTCP SR, else estimated."""

    def __init__(self, clock_rate: int, start_hint: float | None, codec: VideoCodec) -> None:
        self.codec = codec
        self.clock_rate = clock_rate
        self.start_hint = start_hint
        self.report: SenderReport | None = None
        self.first_ts: int | None = None

    def rtcp(self, data: bytes) -> bool:
        """Take sender reports from an RTCP packet; True when it says BYE."""
        try:
            reports, bye = parse_rtcp(data)
        except RtpError:
            return False
        if reports:
            self.report = reports[-1]
        return bye

    def _since(self, ts: int, ref: int) -> float:
        delta = (ts - ref) & 0xFFFFFFFF
        if delta >= 1 << 31:
            delta -= 1 << 32
        return delta / self.clock_rate

    def frame(self, au: AccessUnit) -> RecordedFrame:
        """The frame of an access unit, with its capture time."""
        codec = self.codec
        if self.first_ts is None:
            self.first_ts = au.timestamp
        stamp = au.stamp
        if stamp is not None:
            when, source = stamp.time, TimeSource.ONVIF
            key = stamp.clean_point or is_key(codec, au.nals)
        elif self.report is not None:
            when = self.report.ntp_time + self._since(au.timestamp, self.report.rtp_time)
            source, key = TimeSource.RTCP, is_key(codec, au.nals)
        else:
            when = (self.start_hint or 0.0) + self._since(au.timestamp, self.first_ts)
            source, key = TimeSource.ESTIMATED, is_key(codec, au.nals)
        return RecordedFrame(
            capture_time=round(when, 6),
            key=key,
            nals=tuple(au.nals),
            rtp_time=au.timestamp,
            time_source=source,
            discontinuity=bool(stamp and stamp.discontinuity),
            end_of_section=bool(stamp and stamp.end_of_section),
        )
