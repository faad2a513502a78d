"""The sender of one replay session: archive frames as interleaved RTP.

Forward playback starts at the key frame at or before the requested time and
follows the archive up to the requested end, or, without one, up to the
device's "now" and then along it as new video is recorded. ``Rate-Control:
no`` sends as fast as the TCP connection takes it (the writer's buffer is the
only brake); otherwise frames go out at ``Scale`` times real time. Reverse
playback (negative ``Scale``) sends key frames only, newest first. ONVIF
sessions end with an RTCP BYE when the range is done.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import struct
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.sim.rec_rtp import (
    FLAG_C,
    FLAG_D,
    FLAG_E,
    goodbye,
    onvif_extension,
    rtp_packets,
    sender_report_at,
)
from app.sim.rec_source import FrameSlot, RecordingSource

if TYPE_CHECKING:
    from app.sim.rec_rtsp import ReplaySession

logger = logging.getLogger("app.sim")

#: Frames sent before a "stall", "close" or "announce" fault strikes.
FAULT_AFTER_FRAMES = 50
LIVE_EDGE_POLL_S = 0.2
SR_EVERY_S = 1.0


@dataclass
class PlayRequest:
    """What a PLAY asked for."""

    start: float
    end: float | None
    scale: float = 1.0
    rate_control: bool = True
    intra: bool = False
    cseq: int = 0
    onvif: bool = True


async def _forward(source: RecordingSource, play: PlayRequest) -> AsyncIterator[FrameSlot]:
    """Frames from ``play.start`` to ``play.end``, or along the live edge without an end."""
    cursor, from_key = play.start, True
    while True:
        now = source.plan.device_now()
        stop = now if play.end is None else min(play.end, now)
        for slot in source.slots(cursor, stop, play.intra, from_key):
            yield slot
            cursor, from_key = source.time_of(slot.k + 1), False
        if play.end is not None and now >= play.end:
            return
        await asyncio.sleep(LIVE_EDGE_POLL_S)


async def _reverse(source: RecordingSource, play: PlayRequest) -> AsyncIterator[FrameSlot]:
    """Key frames from ``play.start`` back to ``play.end`` (or the archive's start)."""
    low = play.end if play.end is not None else source.plan.first()
    for slot in source.slots_reverse(low, math.nextafter(play.start, math.inf)):
        yield slot


def _interleave(channel: int, packets: list[bytes]) -> bytes:
    return b"".join(struct.pack(">cBH", b"$", channel, len(p)) + p for p in packets)


def _announce(session: ReplaySession) -> bytes:
    body = b"v=0\r\ns=changed\r\n"
    head = (
        f"ANNOUNCE rtsp://0.0.0.0/recording RTSP/1.0\r\nCSeq: 1\r\nSession: {session.id}\r\n"
        f"Content-Type: application/sdp\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


class _Clock:
    """Paces frames at ``scale`` times real time (or not at all)."""

    def __init__(self, play: PlayRequest) -> None:
        self.play = play
        self.loop = asyncio.get_running_loop()
        self.mono0 = self.loop.time()
        self.t0: float | None = None

    async def wait(self, t: float) -> None:
        if self.t0 is None:
            self.t0 = t
        if self.play.rate_control:
            due = self.mono0 + abs(t - self.t0) / abs(self.play.scale)
            delay = due - self.loop.time()
            if delay > 0:
                await asyncio.sleep(delay)


async def send_replay(
    writer: asyncio.StreamWriter,
    session: ReplaySession,
    source: RecordingSource,
    play: PlayRequest,
    fault_of: Callable[[str], str],
) -> None:
    """Send the requested frames on ``session``'s interleaved channel until done or cancelled."""
    camera = session.target.camera_id
    slots = _forward(source, play) if play.scale > 0 else _reverse(source, play)
    clock, sent, octets, last_sr = _Clock(play), 0, 0, -math.inf
    origin = session.origin or 0.0
    try:
        async for slot in slots:
            t = source.time_of(slot.k)
            if not await _misbehave(writer, session, fault_of(camera), sent):
                return
            await clock.wait(t)
            frame = await source.payloads(slot.k, 1 if play.scale > 0 else -1)
            ts = (session.ts_base + round((t - origin) * 90000)) & 0xFFFFFFFF
            flags = (FLAG_C if slot.key else 0) | (FLAG_E if slot.last else 0)
            flags |= FLAG_D if slot.discont and sent else 0
            ext = onvif_extension(t, flags, play.cseq) if play.onvif else None
            packets = rtp_packets(frame, session.seq, ts, session.ssrc, ext)
            session.seq = (session.seq + len(packets)) & 0xFFFF
            if not play.onvif and t - last_sr >= SR_EVERY_S:
                report = sender_report_at(session.ssrc, ts, t, sent, octets)
                writer.write(_interleave(session.channel + 1, [report]))
                last_sr = t
            writer.write(_interleave(session.channel, packets))
            sent, octets = sent + 1, octets + frame.size
            session.position = t + 1 / source.fps
            await writer.drain()
        writer.write(_interleave(session.channel + 1, [goodbye(session.ssrc)]))
        await writer.drain()
        logger.info("Replay session %s: %d frames sent, range done", session.id, sent)
    except (ConnectionError, OSError) as exc:
        logger.info("Replay session %s: client gone (%s)", session.id, exc)


async def _misbehave(
    writer: asyncio.StreamWriter, session: ReplaySession, fault: str, sent: int
) -> bool:
    """Apply a test fault before frame number ``sent``; False to stop sending."""
    if sent < FAULT_AFTER_FRAMES:
        return True
    if fault == "stall":
        logger.info("Replay session %s: stalling (test fault)", session.id)
        await asyncio.Event().wait()  # until the session is cancelled
    if fault == "close":
        logger.info("Replay session %s: closing the connection (test fault)", session.id)
        with contextlib.suppress(OSError):
            writer.transport.abort()
        return False
    if fault == "announce" and sent == FAULT_AFTER_FRAMES:
        writer.write(_announce(session))
    return True
