"""RTP and RTCP packets as a replay client reads them (RFC 3550), no I/O.

Besides the fixed header, a recorder's replay packets carry the ONVIF header
extension 0xABAC (ONVIF Streaming Specification): the frame's capture time
as a 64-bit NTP timestamp and the flags C (clean point), E (end of a
contiguous section), D (discontinuity) and T (end of the requested range).
Vendor playback gives capture times through RTCP sender reports instead.
All parsers take bytes from the network and fail only with :class:`RtpError`.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

NTP_EPOCH_OFFSET = 2208988800
ONVIF_PROFILE = 0xABAC
RTCP_SR, RTCP_BYE = 200, 203


class RtpError(ValueError):
    """Bytes that are not a valid RTP or RTCP packet."""


@dataclass(frozen=True)
class RtpPacket:
    """One RTP packet; ``extension`` is the header extension's data (after its 4-byte head)."""

    marker: bool
    payload_type: int
    seq: int
    timestamp: int
    ssrc: int
    payload: bytes
    extension_profile: int | None = None
    extension: bytes = b""


@dataclass(frozen=True)
class OnvifStamp:
    """The ONVIF replay extension of a packet."""

    time: float  # Unix seconds
    clean_point: bool
    end_of_section: bool
    discontinuity: bool
    end_of_range: bool
    cseq: int


@dataclass(frozen=True)
class SenderReport:
    """An RTCP SR: RTP time ``rtp_time`` is ``ntp_time`` (Unix seconds) on the sender's clock."""

    ssrc: int
    ntp_time: float
    rtp_time: int


def ntp_to_unix(ntp: int) -> float:
    """A 64-bit NTP timestamp as Unix seconds."""
    return (ntp >> 32) - NTP_EPOCH_OFFSET + (ntp & 0xFFFFFFFF) / 2**32


def parse_rtp(data: bytes) -> RtpPacket:
    """One RTP packet.

    Raises:
        RtpError: wrong version, or lengths that do not fit the packet.
    """
    if len(data) < 12:
        raise RtpError("RTP packet shorter than its header")
    first, second, seq, timestamp, ssrc = struct.unpack_from(">BBHII", data)
    if first >> 6 != 2:
        raise RtpError("not RTP version 2")
    pos = 12 + 4 * (first & 0x0F)
    end = len(data)
    if first & 0x20:  # padding: the last byte says how much
        if end <= pos or data[-1] == 0 or data[-1] > end - pos:
            raise RtpError("bad RTP padding")
        end -= data[-1]
    profile: int | None = None
    ext = b""
    if first & 0x10:
        if pos + 4 > end:
            raise RtpError("RTP extension header cut short")
        profile, words = struct.unpack_from(">HH", data, pos)
        if pos + 4 + 4 * words > end:
            raise RtpError("RTP extension longer than the packet")
        ext = bytes(data[pos + 4 : pos + 4 + 4 * words])
        pos += 4 + 4 * words
    if pos > end:
        raise RtpError("RTP header longer than the packet")
    return RtpPacket(
        bool(second & 0x80), second & 0x7F, seq, timestamp, ssrc, bytes(data[pos:end]), profile, ext
    )


def onvif_stamp(packet: RtpPacket) -> OnvifStamp | None:
    """The packet's 0xABAC extension, or None when it has none (or a malformed one)."""
    if packet.extension_profile != ONVIF_PROFILE or len(packet.extension) < 10:
        return None
    ntp, flags, cseq = struct.unpack_from(">QBB", packet.extension)
    return OnvifStamp(
        ntp_to_unix(ntp),
        bool(flags & 0x80),
        bool(flags & 0x40),
        bool(flags & 0x20),
        bool(flags & 0x10),
        cseq,
    )


def parse_rtcp(data: bytes) -> tuple[list[SenderReport], bool]:
    """Sender reports in a (compound) RTCP packet, and whether it holds a BYE.

    Raises:
        RtpError: a header that does not fit.
    """
    reports: list[SenderReport] = []
    bye = False
    pos = 0
    while pos + 4 <= len(data):
        first, kind, words = struct.unpack_from(">BBH", data, pos)
        size = 4 * (words + 1)
        if first >> 6 != 2 or pos + size > len(data):
            raise RtpError("bad RTCP packet")
        if kind == RTCP_SR and size >= 28:
            ssrc, ntp, rtp_time = struct.unpack_from(">IQI", data, pos + 4)
            reports.append(SenderReport(ssrc, ntp_to_unix(ntp), rtp_time))
        elif kind == RTCP_BYE:
            bye = True
        pos += size
    return reports, bye
