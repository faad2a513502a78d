"""Frame conversion for views: every column of the picture, at any tile width."""

from __future__ import annotations

import fractions

import av
import numpy as np
import pytest

from app.core.streams import VideoFrame
from app.video.convert import Scaler, shrink, shrunk_to_bgra, to_bgra_buffer


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


def _copy(source: av.VideoFrame, pix_fmt: str) -> av.VideoFrame:
    """A new frame with ``source``'s 4:2:0 planes (reformat may hand back ``source`` itself)."""
    copy = av.VideoFrame(source.width, source.height, pix_fmt)
    for ours, theirs in zip(copy.planes, source.planes, strict=True):
        np.frombuffer(ours, np.uint8)[:] = np.frombuffer(theirs, np.uint8)
    return copy


def _mean_error(frame: VideoFrame, width: int, height: int) -> float:
    got = _pixels(to_bgra_buffer(frame, width, height, Scaler()), width, height)
    return float(np.abs(got.astype(int) - _reference(frame, width, height)).mean())


def test_full_range_pictures_keep_their_contrast() -> None:
    colour = np.array([60, 130, 200], np.uint8)  # BGR, mid-tones: where range shows
    flat = av.VideoFrame.from_ndarray(np.tile(colour, (720, 1280, 1)), format="bgr24")
    full = VideoFrame(flat.reformat(format="yuvj420p"), 1280, 720, 1, 0.0, 0.0)
    assert shrink(full, 412, 232, Scaler())
    got = _pixels(to_bgra_buffer(full, 412, 232), 412, 232)[..., :3].reshape(-1, 3)
    assert np.abs(got.astype(int) - colour).max() <= 3
    # Read as video range instead, the same picture is visibly off.
    plain = VideoFrame(_copy(full.image, "yuv420p"), 1280, 720, 1, 0.0, 0.0)
    wrong = _pixels(to_bgra_buffer(plain, 412, 232), 412, 232)[..., :3].reshape(-1, 3)
    assert np.abs(wrong.astype(int) - colour).max() > 8


def test_pictures_the_fast_path_would_get_wrong_go_to_ffmpeg(frame: VideoFrame) -> None:
    source: av.VideoFrame = frame.image
    hd = _copy(source, "yuv420p")
    hd.colorspace = 1  # BT.709: another colour matrix
    assert not shrink(VideoFrame(hd, 1280, 720, 1, 0.0, 0.0), 412, 232, Scaler())
    assert not shrink(frame, 413, 232, Scaler())  # odd width: no 4:2:0 picture of it
    rgb = VideoFrame(source.reformat(format="rgb24"), 1280, 720, 1, 0.0, 0.0)
    assert not shrink(rgb, 412, 232, Scaler())
    for other in (VideoFrame(hd, 1280, 720, 1, 0.0, 0.0), rgb):
        assert _mean_error(other, 412, 232) < 3  # FFmpeg's own scaler, as the reference


def test_written_into_a_padded_surface_in_place(frame: VideoFrame) -> None:
    scaler = Scaler()
    assert shrink(frame, 146, 82, scaler)
    surface = np.zeros((100, 200, 4), np.uint8)
    view = surface[9:91, 30:176]
    assert shrunk_to_bgra(scaler, view) is view
    assert surface[9:91, 30:176, :3].std() > 20
    assert not surface[:9].any() and not surface[91:].any()
    assert not surface[:, :30].any() and not surface[:, 176:].any()
    expected = _pixels(to_bgra_buffer(frame, 146, 82, Scaler()), 146, 82)
    assert np.array_equal(surface[9:91, 30:176], expected)
