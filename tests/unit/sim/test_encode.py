"""Encoded loops: bitstream shape, and a disk cache that makes the second start instant."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.sim import encode
from app.sim.encode import SUB, cache_key, load_loops


def test_loop_shape() -> None:
    frames = encode.encode_frames("enc-test", "Enc", SUB)
    assert len(frames) == SUB.loop_frames
    idr = [k for k, nals in enumerate(frames) if any(n[0] & 0x1F == 5 for n in nals)]
    assert idr == list(range(0, SUB.loop_frames, SUB.gop_frames))
    for k in idr:  # SPS and PPS repeated before every IDR
        assert [n[0] & 0x1F for n in frames[k]][:2] == [7, 8]


def test_cache_key_depends_on_camera_and_profile() -> None:
    assert cache_key("a", "A", SUB) == cache_key("a", "A", SUB)
    assert cache_key("a", "A", SUB) != cache_key("b", "A", SUB)
    assert cache_key("a", "A", SUB) != cache_key("a", "B", SUB)
    assert cache_key("a", "A", SUB) != cache_key("a", "A", encode.MAIN)


def test_split_annexb() -> None:
    data = b"\x00\x00\x00\x01\x67ab\x00\x00\x01\x68c\x00\x00\x00\x01\x65d"
    assert encode.split_annexb(data) == [b"\x67ab", b"\x68c", b"\x65d"]


def test_second_load_reads_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCCHIO_SIM_CACHE", str(tmp_path))
    monkeypatch.setattr(encode, "PROFILES", {"sub": SUB})
    first = load_loops([("cache-test", "Cache")], workers=1)
    files = sorted(tmp_path.glob("*.loop"))
    assert len(files) == 1
    mtime = files[0].stat().st_mtime_ns

    def no_encoding(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a cached loop was encoded again")

    monkeypatch.setattr(encode, "ProcessPoolExecutor", no_encoding)
    second = load_loops([("cache-test", "Cache")], workers=1)
    assert files[0].stat().st_mtime_ns == mtime
    assert second["cache-test", "sub"].frames == first["cache-test", "sub"].frames
    assert not list(tmp_path.glob(".tmp-*"))


def test_corrupt_cache_file_is_re_encoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCCHIO_SIM_CACHE", str(tmp_path))
    monkeypatch.setattr(encode, "PROFILES", {"sub": SUB})
    path = tmp_path / f"{cache_key('bad', 'Bad', SUB)}.loop"
    path.write_bytes(b"junk")
    loops = load_loops([("bad", "Bad")], workers=1)
    assert len(loops["bad", "sub"].frames) == SUB.loop_frames
    assert path.read_bytes().startswith(b"OCSIM")
