"""A hostile RTSP server on 127.0.0.1 (asyncio, in a thread of its own).

It speaks just enough RTSP for FFmpeg to start playing (OPTIONS, DESCRIBE,
SETUP, PLAY, GET_PARAMETER, TEARDOWN over TCP with interleaved RTP), sends a
few real H.264 frames, then misbehaves as ``Script`` says: only audio, only
RTCP sender reports, junk on a channel nobody set up, silence; or it never
answers, answers with a status code, a giant header line or a giant SDP, asks
for Basic credentials, or announces a codec nobody decodes.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import struct
from dataclasses import dataclass
from fractions import Fraction

import av

from app.sim.encode import split_annexb
from app.sim.rtp import packetise_frame, rtp_header, sender_report
from tests.hostile.loop import LoopThread

#: What the server does once its video frames are sent.
AFTER_KINDS = ("audio", "rtcp", "unknown", "silent", "video")
FPS = 25


@dataclass(frozen=True)
class Script:
    """How the server misbehaves.

    Attributes:
        video_frames: H.264 frames sent after PLAY before ``after`` starts.
        after: "audio" (RTP on the audio track), "rtcp" (sender reports on the
            video's RTCP channel), "unknown" (data on channel 9), "silent",
            or "video" (keeps playing: a well-behaved camera).
        audio_track: announce an audio track in the SDP as well.
        never_answer: accept connections and read requests, answer nothing.
        status: answer every request with this status (e.g. 503) instead.
        header_bytes: add a header line of this many bytes to DESCRIBE's answer.
        sdp_bytes: pad the SDP to this many bytes.
        auth: "" (none), "basic" or "digest": what DESCRIBE asks for.
        codec: the encoding name announced in the SDP's rtpmap.
    """

    video_frames: int = 25
    after: str = "video"
    audio_track: bool = False
    never_answer: bool = False
    status: int = 0
    header_bytes: int = 0
    sdp_bytes: int = 0
    auth: str = ""
    codec: str = "H264"


@functools.cache
def _tiny_h264() -> tuple[list[list[bytes]], bytes, bytes]:
    """50 frames of 160x120 H.264 (NAL units per frame), with SPS and PPS."""
    ctx = av.CodecContext.create("libx264", "w")
    ctx.width, ctx.height, ctx.pix_fmt = 160, 120, "yuv420p"
    ctx.time_base, ctx.framerate = Fraction(1, FPS), Fraction(FPS)
    ctx.options = {
        "preset": "ultrafast",
        "tune": "zerolatency",
        "x264-params": "keyint=25:min-keyint=25:scenecut=0:bframes=0:repeat-headers=1",
    }
    frames: list[list[bytes]] = []
    for k in range(50):
        frame = av.VideoFrame(160, 120, "yuv420p")
        for plane in frame.planes:
            plane.update(bytes([(k * 5) % 256]) * plane.buffer_size)
        frame.pts = k
        frames += [split_annexb(bytes(p)) for p in ctx.encode(frame)]
    frames += [split_annexb(bytes(p)) for p in ctx.encode(None)]
    sps = next(n for n in frames[0] if n[0] & 0x1F == 7)
    pps = next(n for n in frames[0] if n[0] & 0x1F == 8)
    return frames, sps, pps


class HostileRtspServer(LoopThread):
    """Serves ``rtsp://127.0.0.1:<port>/cam`` the way ``script`` says; use as a context manager.

    Attributes:
        connections: TCP connections accepted so far.
        misbehaving: connections that have sent their video and now misbehave.
        requests: request lines received (method and URI), in order.
        authorizations: every Authorization header received.
    """

    name = "hostile-rtsp"

    def __init__(self, script: Script) -> None:
        super().__init__()
        self.script = script
        self.connections = 0
        self.misbehaving = 0
        self.requests: list[str] = []
        self.authorizations: list[str] = []
        _tiny_h264()  # encoded before the clock of any test starts

    @property
    def url(self) -> str:
        """The stream's address."""
        return f"rtsp://127.0.0.1:{self.port}/cam"

    async def serve(self) -> None:
        """Accept connections until stopped; then end every connection."""
        tasks: set[asyncio.Task[None]] = set()

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            task = asyncio.current_task()
            assert task is not None
            tasks.add(task)
            try:
                await _Connection(self, reader, writer).run()
            except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                pass
            except asyncio.CancelledError:
                pass  # the server is closing: the connection ends here
            finally:
                writer.close()
                tasks.discard(task)

        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        self.port = int(server.sockets[0].getsockname()[1])
        self.ready()
        await self.stopped()
        server.close()
        for task in list(tasks):
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await server.wait_closed()


class _Connection:
    """One client connection: requests answered, then the scripted stream."""

    def __init__(
        self, server: HostileRtspServer, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.server, self.script = server, server.script
        self.reader, self.writer = reader, writer
        self.streaming: asyncio.Task[None] | None = None
        self.channels: dict[str, int] = {}

    async def run(self) -> None:
        self.server.connections += 1
        try:
            while True:
                head = await self.reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length", "0") or 0)
                if length:
                    await self.reader.readexactly(length)
                method, uri = [*lines[0].split(" "), "", ""][:2]
                self.server.requests.append(f"{method} {uri}")
                if "authorization" in headers:
                    self.server.authorizations.append(headers["authorization"])
                if self.script.never_answer:
                    continue
                self.writer.write(self._answer(method, uri, headers))
                await self.writer.drain()
                if method == "PLAY" and self.streaming is None:
                    self.streaming = asyncio.create_task(self._stream())
        finally:
            if self.streaming is not None:
                self.streaming.cancel()

    def _answer(self, method: str, uri: str, headers: dict[str, str]) -> bytes:
        cseq = headers.get("cseq", "0")
        if self.script.status:
            return _reply(self.script.status, cseq)
        needs_auth = method in ("DESCRIBE", "SETUP", "PLAY") and self.script.auth
        if needs_auth and "authorization" not in headers:
            scheme = "Basic" if self.script.auth == "basic" else "Digest"
            extra = "" if scheme == "Basic" else ', nonce="0123456789abcdef"'
            challenge = f'{scheme} realm="hostile"{extra}'
            return _reply(401, cseq, {"WWW-Authenticate": challenge})
        return self._answer_method(method, uri, cseq)

    def _answer_method(self, method: str, uri: str, cseq: str) -> bytes:
        if method == "OPTIONS":
            return _reply(200, cseq, {"Public": "DESCRIBE, SETUP, PLAY, TEARDOWN"})
        if method == "DESCRIBE":
            return self._describe(uri, cseq)
        if method == "SETUP":
            track = "audio" if uri.endswith("trackID=1") else "video"
            first = 2 * len(self.channels)
            self.channels[track] = first
            transport = f"RTP/AVP/TCP;unicast;interleaved={first}-{first + 1}"
            return _reply(200, cseq, {"Transport": transport, "Session": "12345678"})
        if method == "PLAY":
            return _reply(200, cseq, {"Session": "12345678", "Range": "npt=0.000-"})
        return _reply(200, cseq, {"Session": "12345678"})

    def _describe(self, uri: str, cseq: str) -> bytes:
        _, sps, pps = _tiny_h264()
        sprop = ",".join(base64.b64encode(x).decode() for x in (sps, pps))
        lines = [
            "v=0",
            "o=- 1 1 IN IP4 127.0.0.1",
            "s=hostile",
            "c=IN IP4 127.0.0.1",
            "t=0 0",
            "a=control:*",
            "m=video 0 RTP/AVP 96",
            f"a=rtpmap:96 {self.script.codec}/90000",
            f"a=fmtp:96 packetization-mode=1;sprop-parameter-sets={sprop}",
            "a=control:trackID=0",
        ]
        if self.script.audio_track:
            lines += ["m=audio 0 RTP/AVP 8", "a=rtpmap:8 PCMA/8000", "a=control:trackID=1"]
        body = ("\r\n".join(lines) + "\r\n").encode()
        if self.script.sdp_bytes > len(body):
            body += b"a=x-pad:" + b"p" * (self.script.sdp_bytes - len(body) - 10) + b"\r\n"
        headers = {"Content-Type": "application/sdp", "Content-Base": uri.rstrip("/") + "/"}
        if self.script.header_bytes:
            headers["X-Pad"] = "p" * self.script.header_bytes
        return _reply(200, cseq, headers, body)

    async def _stream(self) -> None:
        frames, _, _ = _tiny_h264()
        video = self.channels.get("video", 0)
        seq, ssrc = 0, 0x1234
        count = self.script.video_frames if self.script.after != "video" else 10**9
        for k in range(count):
            payloads = packetise_frame(frames[k % len(frames)]).payloads
            for i, payload in enumerate(payloads):
                header = rtp_header(seq, k * 3600, ssrc, i == len(payloads) - 1)
                self._interleave(video, header + payload)
                seq += 1
            await self.writer.drain()
            await asyncio.sleep(1 / FPS)
        await self._misbehave(video, count)

    async def _misbehave(self, video: int, frames_sent: int) -> None:
        self.server.misbehaving += 1
        after, n = self.script.after, 0
        while after != "silent":
            n += 1
            if after == "audio":
                channel = self.channels.get("audio", 2)
                packet = struct.pack(">BBHII", 0x80, 8, n & 0xFFFF, n * 160, 0x5678) + b"\xd5" * 160
                self._interleave(channel, packet)
                await self.writer.drain()
                await asyncio.sleep(0.02)
            elif after == "rtcp":
                self._interleave(video + 1, sender_report(0x1234, frames_sent * 3600, 1, 1))
                await self.writer.drain()
                await asyncio.sleep(0.5)
            else:  # "unknown": data on a channel nobody set up
                self._interleave(9, b"\x00" * 400)
                await self.writer.drain()
                await asyncio.sleep(0.02)
        await asyncio.Event().wait()  # silent: hold the connection open

    def _interleave(self, channel: int, data: bytes) -> None:
        self.writer.write(b"$" + bytes([channel]) + struct.pack(">H", len(data)) + data)


def _reply(
    status: int, cseq: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> bytes:
    reasons = {200: "OK", 401: "Unauthorized", 503: "Service Unavailable"}
    lines = [f"RTSP/1.0 {status} {reasons.get(status, 'Error')}", f"CSeq: {cseq}"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
