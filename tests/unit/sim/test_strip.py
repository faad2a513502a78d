"""The frame-index strip survives scaling, JPEG and H.264, and never crashes on junk."""

from __future__ import annotations

import av
import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from app.sim import scene
from app.sim.encode import SUB, encode_frames
from app.sim.strip import decode_strip, encode_strip


def _picture(index: int) -> np.ndarray:
    base = scene.background("strip-test", 1280, 720)
    return scene.render("strip-test", "Prova", base, index, 1 << 16)


@pytest.mark.parametrize("index", [0, 1, 77, 0x5555, 0xAAAA, 65535])
def test_round_trip_through_tile_size_and_jpeg(index: int) -> None:
    small = cv2.resize(_picture(index), (320, 180), interpolation=cv2.INTER_AREA)
    ok, jpeg = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 30])
    assert ok
    assert decode_strip(cv2.imdecode(jpeg, cv2.IMREAD_COLOR)) == index


def test_reads_bgra_and_gray() -> None:
    img = _picture(1234)
    assert decode_strip(cv2.cvtColor(img, cv2.COLOR_BGR2BGRA)) == 1234
    assert decode_strip(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)) == 1234


def test_survives_h264_loop() -> None:
    frames = encode_frames("strip-h264", "H264", SUB)
    codec = av.CodecContext.create("h264", "r")
    seen = []
    for nals in frames[:8]:
        data = b"".join(b"\x00\x00\x00\x01" + n for n in nals)
        for frame in codec.decode(av.Packet(data)):
            seen.append(decode_strip(frame.to_ndarray(format="bgr24")))
    assert seen == list(range(len(seen)))
    assert len(seen) >= 6


def test_no_strip_gives_none() -> None:
    assert decode_strip(np.full((180, 320, 3), 128, np.uint8)) is None
    assert decode_strip(scene.background("x", 320, 180)) is None


def test_rejects_out_of_range_index() -> None:
    with pytest.raises(ValueError):
        encode_strip(np.zeros((180, 320, 3), np.uint8), 1 << 16)


@settings(max_examples=60, deadline=None)
@given(
    arrays(
        np.uint8,
        st.one_of(
            st.tuples(st.integers(0, 64), st.integers(0, 64)),
            st.tuples(st.integers(0, 64), st.integers(0, 64), st.integers(0, 5)),
        ),
    )
)
def test_decode_never_raises(arr: np.ndarray) -> None:
    result = decode_strip(arr)
    assert result is None or 0 <= result < 1 << 16
