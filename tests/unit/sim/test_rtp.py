"""H.264 RTP packetisation (RFC 6184) and RTCP sender reports."""

from __future__ import annotations

import struct

from app.sim.rtp import packetise_frame, packetise_nal, rtp_header, sender_report


def _reassemble(payloads: list[bytes]) -> bytes:
    first = payloads[0]
    assert first[0] & 0x1F == 28
    header = bytes([(first[0] & 0xE0) | (first[1] & 0x1F)])
    return header + b"".join(p[2:] for p in payloads)


def test_small_nal_is_single_packet() -> None:
    assert packetise_nal(b"\x65abc") == [b"\x65abc"]


def test_large_nal_fragments_and_reassembles() -> None:
    nal = b"\x65" + bytes(range(256)) * 20
    parts = packetise_nal(nal, mtu=1000)
    assert len(parts) == 6
    assert all(len(p) <= 1000 for p in parts)
    assert parts[0][1] & 0x80 and not parts[0][1] & 0x40
    assert parts[-1][1] & 0x40 and not parts[-1][1] & 0x80
    assert _reassemble(parts) == nal


def test_frame_marks_idr() -> None:
    frame = packetise_frame([b"\x67sps", b"\x68pps", b"\x65" + bytes(3000)])
    assert frame.idr
    assert len(frame.payloads) == 5
    assert not packetise_frame([b"\x41" + bytes(10)]).idr


def test_rtp_header_fields() -> None:
    head = rtp_header(0x1FFFF, 2**32 + 5, 0xDEADBEEF, marker=True)
    assert struct.unpack(">BBHII", head) == (0x80, 0x80 | 96, 0xFFFF, 5, 0xDEADBEEF)


def test_sender_report_layout() -> None:
    sr = sender_report(7, 90000, 10, 1000)
    assert len(sr) == 28
    assert sr[1] == 200
    assert struct.unpack(">I", sr[4:8])[0] == 7
    assert struct.unpack(">III", sr[16:28]) == (90000, 10, 1000)
