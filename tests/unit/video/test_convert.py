"""Frame conversion for views: every column of the picture, at any tile width."""

from __future__ import annotations

import fractions

import av
import numpy as np
import pytest

from app.video.convert import Scaler, to_bgra_buffer
from app.video.engine import VideoFrame


@pytest.fixture(scope="module")
def frame() -> VideoFrame:
    """One decoded 1280x720 H.264 picture with edges and colour."""
    rng = np.random.default_rng(7)
    picture = np.zeros((720, 1280, 3), np.uint8)
    for _ in range(40):
        x, y = int(rng.integers(0, 1200)), int(rng.integers(0, 660))
        picture[y : y + 60, x : x + 80] = rng.integers(0, 256, 3, dtype=np.uint8)
    encoder = av.CodecContext.create("libx264", "w")
    encoder.width, encoder.height, encoder.pix_fmt = 1280, 720, "yuv420p"
    encoder.time_base = fractions.Fraction(1, 25)
    decoder = av.CodecContext.create("h264", "r")
    source = av.VideoFrame.from_ndarray(picture, format="bgr24").reformat(format="yuv420p")
    packets = [*encoder.encode(source), *encoder.encode(None)]
    decoded = [f for p in [*packets, None] for f in decoder.decode(p)]
    assert decoded
    return VideoFrame(decoded[0], 1280, 720, 1, 0.0, 0.0)


def _pixels(buffer: object, width: int, height: int) -> np.ndarray:
    data = np.frombuffer(buffer.data, np.uint8)  # type: ignore[attr-defined]
    rows = data.reshape(height, buffer.bytes_per_line)  # type: ignore[attr-defined]
    return rows[:, : width * 4].reshape(height, width, 4)


def _reference(frame: VideoFrame, width: int, height: int) -> np.ndarray:
    """The same picture through FFmpeg's plain bilinear scaler, freshly set up."""
    source: av.VideoFrame = frame.image
    image = source.reformat(width=width, height=height, format="bgra", interpolation="BILINEAR")
    return np.asarray(image.to_ndarray(), np.uint8)


# 546 and 146 wide are among the widths where a fast bilinear YUV-to-YUV shrink
# left its last columns unwritten.
@pytest.mark.parametrize("size", [(478, 268), (477, 269), (546, 306), (146, 82), (1920, 1080)])
def test_every_column_of_the_tile_is_the_picture(frame: VideoFrame, size: tuple[int, int]) -> None:
    width, height = size
    scaler = Scaler()
    for _ in range(2):  # the second call reuses the scaler's set-up
        got = _pixels(to_bgra_buffer(frame, width, height, scaler), width, height)
        assert got.shape == (height, width, 4)
        columns = np.abs(got.astype(int) - _reference(frame, width, height)).mean(axis=(0, 2))
        assert columns.max() < 25, np.argsort(columns)[-4:]
    assert got[..., :3].std() > 20  # a picture, not a flat colour
