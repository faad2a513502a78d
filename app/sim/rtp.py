"""RTP packetisation of H.264 (RFC 6184) and RTCP sender reports (RFC 3550).

Payloads are cut once per loop (single NAL unit or FU-A fragments); each
session only prepends its own 12-byte header when sending.
"""

from __future__ import annotations

import struct
import time
from dataclasses import dataclass

#: Largest RTP payload: fits an Ethernet MTU with IP/UDP/RTP headers to spare.
MAX_PAYLOAD = 1400
PAYLOAD_TYPE = 96
CLOCK_RATE = 90000
_NTP_EPOCH_OFFSET = 2208988800


@dataclass(frozen=True)
class FramePayloads:
    """The RTP payloads of one frame; the last one carries the marker bit."""

    payloads: tuple[bytes, ...]
    idr: bool
    size: int


def packetise_nal(nal: bytes, mtu: int = MAX_PAYLOAD) -> list[bytes]:
    """Payloads for one NAL unit: itself if it fits, else FU-A fragments."""
    if len(nal) <= mtu:
        return [nal]
    header = nal[0]
    indicator = (header & 0xE0) | 28
    nal_type = header & 0x1F
    body = nal[1:]
    chunk = mtu - 2
    out = []
    for start in range(0, len(body), chunk):
        fu = nal_type
        if start == 0:
            fu |= 0x80
        if start + chunk >= len(body):
            fu |= 0x40
        out.append(bytes((indicator, fu)) + body[start : start + chunk])
    return out


def packetise_frame(nals: list[bytes], mtu: int = MAX_PAYLOAD) -> FramePayloads:
    """All payloads of one access unit, in order."""
    payloads = [p for nal in nals for p in packetise_nal(nal, mtu)]
    idr = any(n[0] & 0x1F == 5 for n in nals)
    return FramePayloads(tuple(payloads), idr, sum(len(n) for n in nals))


def nal_units(payloads: tuple[bytes, ...]) -> list[bytes]:
    """The NAL units of a frame's payloads (FU-A fragments joined): what a client sees."""
    out: list[bytes] = []
    for p in payloads:
        if p[0] & 0x1F == 28:  # FU-A: the start fragment opens a NAL unit
            if p[1] & 0x80:
                out.append(bytes([(p[0] & 0xE0) | (p[1] & 0x1F)]))
            out[-1] += p[2:]
        else:
            out.append(p)
    return out


def rtp_header(seq: int, timestamp: int, ssrc: int, marker: bool) -> bytes:
    """The fixed 12-byte RTP header (version 2, no padding/extension/CSRC)."""
    second = (0x80 if marker else 0) | PAYLOAD_TYPE
    return struct.pack(
        ">BBHII", 0x80, second, seq & 0xFFFF, timestamp & 0xFFFFFFFF, ssrc & 0xFFFFFFFF
    )


def sender_report(ssrc: int, rtp_timestamp: int, packets: int, octets: int) -> bytes:
    """An RTCP SR (no report blocks) tying ``rtp_timestamp`` to the wall clock now."""
    now = time.time() + _NTP_EPOCH_OFFSET
    ntp_sec = int(now)
    ntp_frac = int((now - ntp_sec) * (1 << 32)) & 0xFFFFFFFF
    return struct.pack(
        ">BBHIIIIII",
        0x80,
        200,
        6,
        ssrc & 0xFFFFFFFF,
        ntp_sec & 0xFFFFFFFF,
        ntp_frac,
        rtp_timestamp & 0xFFFFFFFF,
        packets & 0xFFFFFFFF,
        octets & 0xFFFFFFFF,
    )
