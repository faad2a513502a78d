"""Decoded pictures written straight onto the window's pixels, and only where they changed."""

from __future__ import annotations

import time

import av
import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QRegion

from app.core.streams import Failure, StreamState, StreamStatus, VideoFrame
from app.core.wall import ScreenLayout
from app.ui import tile_paint
from app.ui.tile import TileWidget
from tests.fakes import FakeStream, synthetic_image
from tests.unit.ui.test_tile import make_wall

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

MARK = QColor(255, 0, 255)


def push_yuv(stream: FakeStream, seed: int) -> VideoFrame:
    """A decoder-like 640x360 yuv420p picture, as the PyAV engine hands them over."""
    image = av.VideoFrame.from_ndarray(synthetic_image(seed, 640, 360), format="bgr24")
    yuv = image.reformat(format="yuv420p")
    seq, _ = stream.mailbox.latest()
    frame = VideoFrame(yuv, 640, 360, seq + 1, time.monotonic(), time.time())
    stream.mailbox.put(frame)
    return frame


def pixels(image: QImage) -> np.ndarray:
    """H x W x 4 copy of a 32-bit image's pixels."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4).copy()


@pytest.fixture
def live_tile(qtbot, site, provider) -> tuple[TileWidget, FakeStream]:
    window = make_wall(qtbot, site, provider, ScreenLayout("2x2", ("chiavari-01",)))
    tile = window.view.tiles[0]
    stream = window.view.held_streams()[0]
    frame = push_yuv(stream, 3)
    qtbot.waitUntil(lambda: tile.frame is frame, timeout=2000)
    return tile, stream


def test_written_picture_equals_drawn_picture(live_tile):
    tile, stream = live_tile
    drawn = pixels(tile.grab().toImage())  # a pixmap: the tile draws its own image
    target = QImage(tile.width() + 20, tile.height() + 10, QImage.Format.Format_RGB32)
    target.fill(MARK)
    offset = QPoint(13, 7)
    tile.render(target, offset)  # an image: the tile writes into it
    written = pixels(target)
    box = tile.picture_rect()
    x, y = box.x() + offset.x(), box.y() + offset.y()
    inside = written[y : y + box.height(), x : x + box.width(), :3]
    expected = drawn[box.y() : box.bottom() + 1, box.x() : box.right() + 1, :3]
    assert inside.std() > 20  # a picture, not a flat colour
    # Captions are blended over both in the same way: the whole box must match.
    assert np.abs(inside.astype(int) - expected.astype(int)).max() <= 1
    # Nothing was written outside the tile.
    mark = np.array([MARK.blue(), MARK.green(), MARK.red()], np.uint8)
    assert (written[: offset.y(), :, :3] == mark).all()
    assert (written[:, : offset.x(), :3] == mark).all()
    assert (written[offset.y() + tile.height() :, :, :3] == mark).all()
    assert stream.taken >= 1


def test_window_surface_shows_the_written_picture(qtbot, live_tile):
    tile, stream = live_tile
    frame = push_yuv(stream, 11)
    qtbot.waitUntil(lambda: tile.frame is frame, timeout=2000)
    tile.repaint()  # the new frame's first paint counts it (if the wall has not yet)
    taken = stream.taken
    tile.repaint()  # on the window's own surface, as every frame is
    window = tile.window()
    surface = pixels(window.screen().grabWindow(window.winId()).toImage())
    drawn = pixels(tile.grab().toImage())
    box = tile.picture_rect()
    at = tile.mapTo(window, box.topLeft())
    shown = surface[at.y() : at.y() + box.height(), at.x() : at.x() + box.width(), :3]
    expected = drawn[box.y() : box.bottom() + 1, box.x() : box.right() + 1, :3]
    assert np.abs(shown.astype(int) - expected.astype(int)).max() <= 1
    assert stream.taken == taken  # one frame is counted once, however often painted


def test_clipped_paint_is_drawn_within_the_clip(live_tile):
    tile, _ = live_tile
    target = QImage(tile.size(), QImage.Format.Format_RGB32)
    target.fill(MARK)
    half = QRegion(QRect(0, 0, tile.width() // 2, tile.height()))
    tile.render(target, QPoint(), half)
    written = pixels(target)
    mark = np.array([MARK.blue(), MARK.green(), MARK.red()], np.uint8)
    assert (written[:, tile.width() // 2 + 1 :, :3] == mark).all()
    assert not (written[:, : tile.width() // 2, :3] == mark).all()


def test_only_plain_image_surfaces_are_written(qapp):
    rect = QRect(2, 3, 10, 6)
    image = QImage(20, 20, QImage.Format.Format_RGB32)
    image.fill(QColor(0, 0, 0))
    painter = QPainter(image)
    try:
        assert tile_paint.device_pixels(painter, rect) is not None
        painter.setOpacity(0.5)
        assert tile_paint.device_pixels(painter, rect) is None
        painter.setOpacity(1.0)
        painter.scale(2.0, 2.0)
        assert tile_paint.device_pixels(painter, rect) is None
        painter.resetTransform()
        painter.rotate(90.0)
        assert tile_paint.device_pixels(painter, rect) is None
        painter.resetTransform()
        painter.translate(0.5, 0.0)  # between pixels
        assert tile_paint.device_pixels(painter, rect) is None
        painter.resetTransform()
        assert tile_paint.device_pixels(painter, QRect(15, 15, 10, 10)) is None  # off the edge
        painter.setClipRect(QRect(0, 0, 5, 5))  # overlaps the rectangle, does not hold it
        assert tile_paint.device_pixels(painter, rect) is None
        painter.setClipRect(QRect(0, 0, 20, 20))
        view = tile_paint.device_pixels(painter, rect)
        assert view is not None and view.shape == (6, 10, 4)
        view[...] = 200  # lands where the rectangle is on the image
        painter.setClipping(False)
    finally:
        painter.end()
    assert image.pixelColor(2, 3) == QColor(200, 200, 200)
    assert image.pixelColor(11, 8) == QColor(200, 200, 200)
    assert image.pixelColor(12, 9) != QColor(200, 200, 200)
    other = QImage(20, 20, QImage.Format.Format_RGB888)
    painter = QPainter(other)
    try:
        assert tile_paint.device_pixels(painter, rect) is None
    finally:
        painter.end()


class PaintRects(QObject):
    """Records the rectangle of every paint event a widget gets."""

    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(event, QPaintEvent):
            self.rects.append(QRect(event.rect()))
        return False


def test_a_new_frame_repaints_only_the_picture(qtbot, live_tile):
    tile, stream = live_tile
    paints = PaintRects()
    tile.installEventFilter(paints)
    picture_only = False
    for seed in range(20, 25):  # a second may tick between two frames: then all of it
        paints.rects.clear()
        frame = push_yuv(stream, seed)
        qtbot.waitUntil(lambda f=frame: tile.frame is f and bool(paints.rects), timeout=2000)
        if paints.rects == [tile.picture_rect()]:
            picture_only = True
            break
    assert picture_only
    assert tile.picture_rect() != tile.rect()  # the margins were left alone
    paints.rects.clear()
    stream.status = StreamStatus(StreamState.FAILED, Failure.AUTH)  # new words
    qtbot.waitUntil(lambda: bool(paints.rects), timeout=2000)
    assert paints.rects[-1] == tile.rect()
    tile.removeEventFilter(paints)


def test_a_tile_waiting_for_its_first_frame_is_all_painted(qtbot, site):
    from tests.fakes import FakeProvider

    window = make_wall(
        qtbot, site, FakeProvider(auto_frames=False), ScreenLayout("2x2", ("chiavari-01",))
    )
    tile = window.view.tiles[0]
    assert tile.camera_id == "chiavari-01" and tile.frame is None
    target = QImage(tile.size(), QImage.Format.Format_RGB32)
    target.fill(MARK)  # what an earlier picture left on the window, say
    tile.render(target)
    written = pixels(target)
    mark = np.array([MARK.blue(), MARK.green(), MARK.red()], np.uint8)
    assert not (written[..., :3] == mark).all(axis=-1).any()
