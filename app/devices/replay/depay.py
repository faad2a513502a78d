"""RTP payloads back to NAL units: H.264 (RFC 6184) and H.265 (RFC 7798).

H.264: single NAL unit packets (types 1-23), STAP-A aggregates (24) and FU-A
fragments (28). H.265: single NAL unit packets, aggregation packets (48)
and fragmentation units (49), without DONL (``sprop-max-don-diff`` 0, what
cameras send). An access unit ends at the marker bit, or when the RTP
timestamp changes without one. The NAL units come out exactly as the
encoder wrote them, so an export holds the recorder's own bitstream.

A fragment that arrives out of order (a lost packet) drops its NAL unit and
marks the access unit damaged; sizes are bounded so a hostile stream cannot
make the client hold unbounded memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.recording import VideoCodec
from app.devices.replay.rtp import OnvifStamp, RtpPacket, onvif_stamp

MAX_NAL = 4 * 1024 * 1024
MAX_ACCESS_UNIT = 8 * 1024 * 1024
MAX_NALS = 1024


@dataclass
class AccessUnit:
    """The NAL units of one frame and what its packets said about it."""

    timestamp: int
    nals: list[bytes] = field(default_factory=list)
    stamp: OnvifStamp | None = None
    damaged: bool = False
    size: int = 0

    def add(self, nal: bytes) -> None:
        """Append one NAL unit, within the bounds."""
        if not nal or len(self.nals) >= MAX_NALS or self.size + len(nal) > MAX_ACCESS_UNIT:
            self.damaged = True
            return
        self.nals.append(nal)
        self.size += len(nal)


class Depacketiser:
    """Turns a stream of RTP packets of one track into access units."""

    def __init__(self, codec: VideoCodec) -> None:
        self.codec = codec
        self._au: AccessUnit | None = None
        self._fragment: bytearray | None = None
        self._last_seq: int | None = None

    def push(self, packet: RtpPacket) -> list[AccessUnit]:
        """Feed one packet; returns the access units it completed (usually 0 or 1)."""
        done: list[AccessUnit] = []
        lost = self._last_seq is not None and packet.seq != (self._last_seq + 1) & 0xFFFF
        self._last_seq = packet.seq
        if self._au is not None and self._au.timestamp != packet.timestamp:
            done.append(self._finish())
        if self._au is None:
            self._au = AccessUnit(packet.timestamp)
        au = self._au
        if au.stamp is None:
            au.stamp = onvif_stamp(packet)
        if lost:
            au.damaged = True
            self._fragment = None
        if self.codec is VideoCodec.H264:
            self._h264(packet.payload, au)
        else:
            self._h265(packet.payload, au)
        if packet.marker:
            done.append(self._finish())
        return done

    def flush(self) -> list[AccessUnit]:
        """The access unit in progress, if any (the stream ended without a marker)."""
        return [self._finish()] if self._au is not None and self._au.nals else []

    def _finish(self) -> AccessUnit:
        au, self._au = self._au, None
        assert au is not None
        if self._fragment is not None:  # a fragment never ended
            au.damaged = True
            self._fragment = None
        return au

    def _fragment_part(self, fu: int, head: bytes, data: bytes, au: AccessUnit) -> None:
        """One fragment; ``fu`` is the FU header (S = 0x80, E = 0x40 in both codecs)."""
        if fu & 0x80:
            if self._fragment is not None:
                au.damaged = True
            self._fragment = bytearray(head)
        elif self._fragment is None:
            au.damaged = True  # a middle or end without its start
            return
        if len(self._fragment) + len(data) > MAX_NAL:
            au.damaged = True
            self._fragment = None
            return
        self._fragment += data
        if fu & 0x40:
            au.add(bytes(self._fragment))
            self._fragment = None

    def _h264(self, payload: bytes, au: AccessUnit) -> None:
        if not payload:
            return
        kind = payload[0] & 0x1F
        if 1 <= kind <= 23:
            au.add(payload)
        elif kind == 24:  # STAP-A: 16-bit size, NAL unit, ...
            self._aggregate(payload[1:], au)
        elif kind == 28 and len(payload) >= 2:  # FU-A
            fu = payload[1]
            head = bytes([(payload[0] & 0xE0) | (fu & 0x1F)])
            self._fragment_part(fu, head, payload[2:], au)
        else:
            au.damaged = True  # STAP-B, MTAP, FU-B: interleaved mode, not used by cameras

    def _h265(self, payload: bytes, au: AccessUnit) -> None:
        if len(payload) < 2:
            return
        kind = (payload[0] >> 1) & 0x3F
        if kind < 48:
            au.add(payload)
        elif kind == 48:  # aggregation packet
            self._aggregate(payload[2:], au)
        elif kind == 49 and len(payload) >= 3:  # fragmentation unit
            fu = payload[2]
            head = bytes([(payload[0] & 0x81) | ((fu & 0x3F) << 1), payload[1]])
            self._fragment_part(fu, head, payload[3:], au)
        else:
            au.damaged = True  # PACI and reserved types

    @staticmethod
    def _aggregate(body: bytes, au: AccessUnit) -> None:
        pos = 0
        while pos + 2 <= len(body):
            size = (body[pos] << 8) | body[pos + 1]
            if size == 0 or pos + 2 + size > len(body):
                au.damaged = True
                return
            au.add(body[pos + 2 : pos + 2 + size])
            pos += 2 + size


def is_key(codec: VideoCodec, nals: list[bytes]) -> bool:
    """Whether an access unit starts a GOP (H.264 IDR; H.265 IRAP, types 16-23)."""
    if codec is VideoCodec.H264:
        return any(n[0] & 0x1F == 5 for n in nals)
    return any(16 <= (n[0] >> 1) & 0x3F <= 23 for n in nals if len(n) >= 2)
