"""The pre-event buffer: whole GOPs, bounded by time and bytes, restarted with the stream."""

from __future__ import annotations

from app.video.packet_ring import BufferedPacket, PacketRing, as_frame, split_annexb


def feed(ring: PacketRing, seconds: float, fps: int = 25, gop: int = 25, size: int = 100) -> None:
    for n in range(int(seconds * fps)):
        ring.add(
            BufferedPacket(
                b"\x00\x00\x00\x01\x65" + bytes(size), n / fps, n % gop == 0, 1000 + n / fps
            )
        )


def test_keeps_whole_gops_covering_the_last_seconds() -> None:
    ring = PacketRing(seconds=4)
    feed(ring, 10.5)
    packets = ring.snapshot()
    assert packets[0].key and packets[0].pts == 6.0  # 6.0 .. 10.44: at least 4 s, whole GOPs
    assert packets[-1].pts == 10.44
    assert ring.bytes == sum(len(p.data) for p in packets)


def test_bytes_bound_drops_gops_early() -> None:
    ring = PacketRing(seconds=60, max_bytes=25 * 105 * 3)
    feed(ring, 10)
    assert ring.snapshot()[0].pts == 7.0 and ring.bytes <= 25 * 105 * 3


def test_nothing_before_the_first_key_frame_and_restart_on_a_new_clock() -> None:
    ring = PacketRing(seconds=10)
    ring.add(BufferedPacket(b"p", 5.0, False, 0.0))
    assert ring.snapshot() == []
    feed(ring, 3)
    ring.add(BufferedPacket(b"k", 0.0, True, 9.0))  # a reconnection: the clock starts again
    assert [p.data for p in ring.snapshot()] == [b"k"]


def test_snapshot_since_and_listeners() -> None:
    ring = PacketRing(seconds=60)
    seen: list[float] = []
    cancel = ring.subscribe(lambda p: seen.append(p.pts))
    feed(ring, 3)
    cancel()
    feed(ring, 1)
    assert len(seen) == 75  # nothing after the listener left


def test_snapshot_from_the_gop_holding_a_moment() -> None:
    ring = PacketRing(seconds=60)
    feed(ring, 5)
    assert ring.snapshot(since_wallclock=1003.5)[0].pts == 3.0


def test_frames_follow_the_stream_clock() -> None:
    origin = BufferedPacket(b"\x00\x00\x00\x01\x67a\x00\x00\x01\x65b", 10.0, True, 500.0)
    later = BufferedPacket(b"\x00\x00\x01\x41c", 10.04, False, 500.3)
    assert split_annexb(origin.data) == (b"\x67a", b"\x65b")
    frame = as_frame(later, origin)
    assert frame.capture_time == 500.04 and frame.nals == (b"\x41c",) and not frame.key
