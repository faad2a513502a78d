"""Frame conversion for views: the two-step shrink matches FFmpeg's one-step result."""

from __future__ import annotations

import fractions

import av
import numpy as np
import pytest

from app.video.convert import TileScaler, to_bgra
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


@pytest.mark.parametrize("size", [(478, 268), (477, 269), (1920, 1080), (1280, 720)])
def test_tile_scaler_matches_the_one_step_conversion(
    frame: VideoFrame, size: tuple[int, int]
) -> None:
    width, height = size
    scaler = TileScaler()
    for _ in range(2):  # the second call reuses the scalers' set-up
        got = _pixels(scaler.to_bgra(frame, width, height), width, height)
        expected = to_bgra(frame, width, height)
        assert got.shape == expected.shape == (height, width, 4)
        assert np.abs(got.astype(int) - expected.astype(int)).mean() < 3.0
    assert got[..., :3].std() > 20  # a picture, not a flat colour
