"""Replaying encoded loops on a global timeline to every playing session.

Frame ``n`` of a profile is due at ``t0 + n / fps`` (``t0`` is shared by all
cameras and published in the READY line) and shows loop frame
``n % loop_frames``. One timer per camera and profile sends each frame to all
of that stream's sessions, so the cost does not grow with the number of
timers per client.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
import struct
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Protocol

from app.sim.cameras import CameraState, SimCamera
from app.sim.clock import ClockIdr
from app.sim.encode import EncodedLoop
from app.sim.rtp import CLOCK_RATE, FramePayloads, packetise_frame, rtp_header, sender_report

logger = logging.getLogger("app.sim")

#: Bytes queued for a TCP client before frames are skipped until the next IDR.
MAX_TCP_BACKLOG = 4 * 1024 * 1024
SR_INTERVAL_S = 5.0


class Sink(Protocol):
    """Where a session's packets go (TCP interleaved or UDP)."""

    def send_rtp(self, packets: list[bytes]) -> bool:
        """Send RTP packets; False when the client cannot keep up."""

    def send_rtcp(self, packet: bytes) -> None:
        """Send one RTCP packet."""

    def close(self) -> None:
        """Release sockets."""


class TcpSink:
    """Interleaved RTP/RTCP frames on the RTSP connection (RFC 2326 10.12)."""

    def __init__(self, transport: asyncio.WriteTransport, rtp_channel: int) -> None:
        self.transport = transport
        self.rtp_channel = rtp_channel

    def send_rtp(self, packets: list[bytes]) -> bool:
        if self.transport.is_closing():
            return False
        if self.transport.get_write_buffer_size() > MAX_TCP_BACKLOG:
            return False
        head = struct.Struct(">cBH")
        chunks = []
        for pkt in packets:
            chunks += [head.pack(b"$", self.rtp_channel, len(pkt)), pkt]
        self.transport.write(b"".join(chunks))
        return True

    def send_rtcp(self, packet: bytes) -> None:
        if not self.transport.is_closing():
            self.transport.write(struct.pack(">cBH", b"$", self.rtp_channel + 1, len(packet)))
            self.transport.write(packet)

    def close(self) -> None:
        """Nothing: the RTSP connection owns the socket."""


class UdpSink:
    """RTP and RTCP to the client's ports from two sockets of our own."""

    def __init__(self, rtp: asyncio.DatagramTransport, rtcp: asyncio.DatagramTransport) -> None:
        self.rtp = rtp
        self.rtcp = rtcp

    def send_rtp(self, packets: list[bytes]) -> bool:
        if self.rtp.is_closing():
            return False
        for pkt in packets:
            self.rtp.sendto(pkt)
        return True

    def send_rtcp(self, packet: bytes) -> None:
        if not self.rtcp.is_closing():
            self.rtcp.sendto(packet)

    def close(self) -> None:
        self.rtp.close()
        self.rtcp.close()


@dataclass(eq=False)
class Session:
    """One client's RTP session on one stream."""

    id: str
    camera_id: str
    profile: str
    sink: Sink
    peer: str
    timeout_s: float = 60.0
    ssrc: int = field(default_factory=lambda: random.getrandbits(32))
    seq: int = field(default_factory=lambda: random.getrandbits(16))
    ts_offset: int = field(default_factory=lambda: random.getrandbits(32))
    last_seen: float = field(default_factory=time.monotonic)
    waiting_idr: bool = True
    catch_up: bool = False  # on PLAY: send the current GOP so far, not wait for the next IDR
    playing: bool = False
    packets: int = 0
    octets: int = 0
    last_sr: float = 0.0

    def send(self, frame: FramePayloads, rtp_ts: int) -> None:
        """Send one frame (from the next IDR on, after start or a stall)."""
        if self.waiting_idr and not frame.idr:
            return
        ts = rtp_ts + self.ts_offset
        last = len(frame.payloads) - 1
        pkts = []
        for i, payload in enumerate(frame.payloads):
            pkts.append(rtp_header(self.seq, ts, self.ssrc, i == last) + payload)
            self.seq = (self.seq + 1) & 0xFFFF
        if not self.sink.send_rtp(pkts):
            self.waiting_idr = True
            return
        self.waiting_idr = False
        self.packets += len(pkts)
        self.octets += frame.size
        now = time.monotonic()
        if now - self.last_sr >= SR_INTERVAL_S:
            self.last_sr = now
            self.sink.send_rtcp(sender_report(self.ssrc, ts, self.packets, self.octets))


class StreamTimer:
    """Sends one camera profile's loop on the global timeline."""

    def __init__(
        self, camera: SimCamera, loop: EncodedLoop, t0: float, clock: ClockIdr | None = None
    ) -> None:
        self.camera = camera
        self.loop = loop
        self.t0 = t0
        self.fps = float(loop.profile.fps)
        self.frames = [packetise_frame(nals) for nals in loop.frames]
        self.clock = clock
        #: Wall-clock time minus monotonic time, to stamp each IDR with its send time.
        self.wall_offset = time.time() - time.monotonic()
        self._clock_idrs: dict[int, Future[FramePayloads]] = {}
        self.sessions: set[Session] = set()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start the timer task on the running loop."""
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """Stop the timer task."""
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def rtp_time(self, n: int) -> int:
        """RTP timestamp (before a session's offset) of global frame ``n``."""
        return round(n * CLOCK_RATE / self.fps)

    def current_frame(self) -> int:
        """The global frame number due next."""
        return max(0, math.ceil((time.monotonic() - self.t0) * self.fps))

    async def _run(self) -> None:
        n = self.current_frame()
        while True:
            delay = self.t0 + n / self.fps - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            elif delay < -1.0:
                label = f"{self.camera.id}/{self.loop.profile.name}"
                logger.warning("%s is %.1f s late; skipping ahead", label, -delay)
                n = self.current_frame()
                self._resync()
                continue
            await self._tick(n)
            n += 1

    def _resync(self) -> None:
        """After skipping ahead: every client restarts on a key frame."""
        for s in self.sessions:
            s.waiting_idr = True

    async def _tick(self, n: int) -> None:
        """Send global frame ``n`` to whoever is playing."""
        try:
            self._send(n)
        except Exception:
            # One broken client must not stop the camera for everybody else.
            logger.exception("Sending frame %d of %s failed", n, self.camera.id)

    def _send(self, n: int) -> None:
        if self.camera.state is not CameraState.NORMAL or not self.sessions:
            return
        frame = self.frame(n)
        ts = self.rtp_time(n)
        for session in list(self.sessions):
            if not session.playing:
                continue
            if session.catch_up:
                self._catch_up(session, n)
            session.send(frame, ts)

    def _catch_up(self, session: Session, n: int) -> None:
        """Send the frames of the current GOP up to ``n`` at once, like a camera's GOP cache.

        A new client can then decode immediately instead of waiting up to a
        GOP for the next IDR; the frames keep their own timestamps, so the
        client sees a short burst and then real time.
        """
        session.catch_up = False
        gop = self.loop.profile.gop_frames
        for m in range(n - (n % self.loop.profile.loop_frames) % gop, n):
            session.send(self.frame(m), self.rtp_time(m))

    def frame(self, n: int) -> FramePayloads:
        """What global frame ``n`` sends: the cached frame, or a live-clock IDR."""
        cached = self.frames[n % len(self.frames)]
        gop = self.loop.profile.gop_frames
        if self.clock is None or not cached.idr:
            return cached
        g = n // gop
        for old in [k for k in self._clock_idrs if k < g]:
            del self._clock_idrs[old]
        self._prepare(g + 1)  # encode the next one while this GOP plays
        fut = self._clock_idrs.get(g)
        if fut is None:  # first IDR since the stream went live: build it here, once
            fut = self._prepare(g)
            fut.result()
        if not fut.done():
            logger.debug("Clock IDR %d of %s not ready; sending the cached one", g, self.camera.id)
            return cached
        try:
            return fut.result()
        except Exception:
            logger.exception("Clock IDR of %s failed", self.camera.id)
            return cached

    def _prepare(self, g: int) -> Future[FramePayloads]:
        """Start encoding the IDR of GOP ``g`` (stamped with its send time) if not yet started."""
        if self.clock is None:
            raise RuntimeError("no clock on this stream")
        fut = self._clock_idrs.get(g)
        if fut is None:
            n = g * self.loop.profile.gop_frames
            wall = self.wall_offset + self.t0 + n / self.fps
            fut = self.clock.submit(n % len(self.frames), wall)
            self._clock_idrs[g] = fut
        return fut
