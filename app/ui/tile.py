"""One tile of a wall: paints what its feed shows and forwards the operator's input.

What the tile shows (which stream, which picture, which words) is decided
by its feed (``app.video.feed.LiveFeed``), a model without Qt. The tile
paints the feed's picture in ``paintEvent`` (so window grabs show it, also
offscreen), converting a frame only when a new one arrived and the tile is
painted, straight to the size it is drawn at. The wall's refresh timer
calls ``poll`` at display rate; the tile repaints only what the feed says
has changed.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRect, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from app.core.model import Camera, Profile
from app.core.streams import Notice, Stream, VideoFrame
from app.core.tile_marks import TileMark
from app.core.tile_state import IDLE, Health, Phrase, TileState
from app.core.zoom import Zoom
from app.ui import mime, tile_mark, tile_paint
from app.ui.playback_text import playback_captions
from app.ui.status_text import activity_of, notice_text, words_of
from app.video.convert import BgraBuffer, Scaler, shrink, shrunk_to_bgra, to_bgra_buffer
from app.video.feed import Change, FeedWords
from app.video.tile_feed import TileFeed


class TileWidget(QWidget):
    """Shows one wall tile's feed; user actions go out as signals to the wall.

    Signals:
        clicked(int): the tile was pressed (select it).
        double_clicked(int): maximise or restore.
        camera_dropped(int, str): a camera id was dropped on this tile.
        tile_dropped(int, str, int): tile (wall id, index) was dropped here.
        menu_requested(int, QPoint): right-click at a global position.
    """

    clicked = Signal(int)
    double_clicked = Signal(int)
    camera_dropped = Signal(int, str)
    tile_dropped = Signal(int, str, int)
    menu_requested = Signal(int, QPoint)

    def __init__(self, index: int, wall_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.wall_id = wall_id
        self.feed: TileFeed | None = None
        self.text_scale = 1.0  # the station's base text size (``ui.text_scale``)
        self.selected = False
        self.mark: TileMark | None = None  # e.g. an open plate hit on the shown camera
        self.has_shown_live = False  # a live frame reached the screen
        self._drop_hover = False
        self._frame: VideoFrame | None = None  # the feed's picture as of the last poll
        self._image: QImage | None = None
        self._pixels: BgraBuffer | None = None  # memory behind _image
        self._image_key: tuple[int, int, int] | None = None  # (seq, w, h) converted
        # The frame (and size) the scaler holds shrunk.
        self._shrunk_frame: VideoFrame | None = None
        self._shrunk_size = (0, 0)
        self._scaler = Scaler()  # conversion set-up and the shrunk picture, kept between frames
        # Caption parts as small images: {name: (key, image)}, and what to blend
        # this frame ((where, image) per part) for the captions key it was made for.
        self._caption_images: dict[str, tuple[tuple[object, ...], QImage]] = {}
        self._caption_key: tuple[object, ...] | None = None
        self._caption_draws: list[tuple[QRect, QImage]] = []
        self._layout_key: tuple[int, ...] | None = None
        self._layout_value: tuple[QRect, list[QRect]] = (QRect(), [])
        self._captions_key: FeedWords | None = None
        self._captions_value = tile_paint.Captions("", "", Health.IDLE, "", "", "")
        self._press: QPointF | None = None
        self._bottom: QWidget | None = None  # a bar under the picture (playback's timeline)
        self.setAcceptDrops(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setMinimumSize(40, 30)

    # -- content -----------------------------------------------------------
    def set_feed(self, feed: TileFeed | None) -> None:
        """Show ``feed`` (None: an empty tile). The wall owns feeds; the tile only paints."""
        if feed is self.feed:
            return
        if feed is None or self.feed is None or feed.camera_id != self.feed.camera_id:
            self.has_shown_live = False
        self.feed = feed
        self._frame, self._image, self._image_key = None, None, None
        self._shrunk_frame = None  # let the old feed's pictures go
        self.poll()
        self.update()

    def set_selected(self, selected: bool) -> None:
        """Draw (or remove) the selection border."""
        if selected != self.selected:
            self.selected = selected
            self.update()

    def set_mark(self, mark: TileMark | None) -> None:
        """Frame the tile with ``mark`` (None: remove the frame)."""
        if mark != self.mark:
            self.mark = mark
            self.update()

    # What the feed shows, for the wall, its menus and the tests.
    @property
    def camera_id(self) -> str | None:
        """The camera shown (None: empty tile)."""
        return self.feed.camera_id if self.feed is not None else None

    @property
    def camera(self) -> Camera | None:
        """The shown camera's configuration (None: empty, or not in the site)."""
        return self.feed.camera if self.feed is not None else None

    @property
    def stream(self) -> Stream | None:
        """The stream the feed holds now."""
        return self.feed.stream if self.feed is not None else None

    @property
    def previous(self) -> Stream | None:
        """During a profile switch, the old stream still on screen."""
        return self.feed.previous if self.feed is not None else None

    @property
    def profile(self) -> Profile | None:
        """The profile of the feed's stream."""
        return self.feed.profile if self.feed is not None else None

    @property
    def state(self) -> TileState:
        """What the tile shows about its stream (as of the last poll)."""
        return self.feed.state if self.feed is not None else IDLE

    @property
    def frame(self) -> VideoFrame | None:
        """The picture on the tile, if any."""
        return self._frame

    @property
    def recorded(self) -> bool:
        """The tile shows a recording, not live video."""
        return self.feed is not None and self.feed.recorded

    # -- a bar under the picture ---------------------------------------------
    def set_bottom_widget(self, widget: QWidget | None) -> None:
        """Keep ``widget`` (a child of the tile) along its bottom edge, the picture above it.

        The playback timeline lives there; None gives the whole tile back to the picture.
        """
        if widget is self._bottom:
            return
        self._bottom = widget
        self._layout_key = None
        self._caption_key = None
        self._place_bottom()
        self.update()

    def content_rect(self) -> QRect:
        """The part of the tile the picture and its captions use (above a bottom bar)."""
        rect = self.rect()
        bottom = self._bottom
        if bottom is None:
            return rect
        return rect.adjusted(0, 0, 0, -min(bottom.sizeHint().height(), rect.height() // 2))

    def _place_bottom(self) -> None:
        bottom = self._bottom
        if bottom is not None:
            content = self.content_rect()
            height = self.height() - content.height()
            bottom.setGeometry(0, content.bottom() + 1, self.width(), height)
            bottom.show()
            bottom.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the bottom bar along the bottom edge."""
        super().resizeEvent(event)
        self._place_bottom()

    @property
    def zoom(self) -> Zoom:
        """The digital zoom of the shown picture (a fresh one on an empty tile)."""
        return self.feed.zoom if self.feed is not None else Zoom()

    @property
    def ptz_caption(self) -> str:
        """ "PTZ: <operatore>" while someone moves the camera."""
        return self.feed.overlay if self.feed is not None else ""

    def set_ptz_caption(self, text: str) -> None:
        """Say who moves the camera ("" when nobody does)."""
        if self.feed is not None and self.feed.set_overlay(text):
            self.update()

    def set_tour_label(self, label: str) -> None:
        """Say where the tile's tour is ("" without one)."""
        if self.feed is not None and self.feed.set_tour(label):
            self.update()

    def zoom_changed(self) -> None:
        """The digital zoom changed: repaint, with the new factor in the corner."""
        if self.feed is not None:
            self.feed.refresh()
        self.update()

    def picture_rect(self) -> QRect:
        """Where the picture is drawn: letterboxed in the tile (all of it before a frame)."""
        return self._layout()[0]

    def _layout(self) -> tuple[QRect, list[QRect]]:
        """The picture's rectangle and the black margins around it, kept per size."""
        frame = self._frame
        key = (self.width(), self.height(), *((frame.width, frame.height) if frame else (0, 0)))
        if key != self._layout_key:
            rect = self.content_rect()
            if frame is None:
                self._layout_value = (rect, [rect])
            else:
                line = tile_paint.caption_line(rect.height(), rect.width(), self.text_scale)
                picture = tile_paint.picture_area(rect, frame.width, frame.height, line)
                self._layout_value = (picture, tile_paint.margins(rect, picture))
            self._layout_key = key
        return self._layout_value

    def poll(self, now: float | None = None) -> bool:
        """Take the feed's news; repaint what it says changed."""
        feed = self.feed
        if feed is None:
            return False
        change = feed.poll(now)
        if change is Change.NONE:
            return False
        self._frame = feed.frame
        if change is Change.PICTURE:
            # Only the picture changed, as with 24 of every 25 frames: margins
            # and caption bands beside it stay as painted.
            self.update(self.picture_rect())
        else:
            self.update()
        return True

    # -- painting ----------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        """Picture, then captions, then borders (see ``tile_paint``)."""
        painter = QPainter(self)
        try:
            rect = self.content_rect()
            if self.camera_id is None:
                hint = self.tr("Trascina una telecamera qui")
                position = self.tr("Riquadro %d") % (self.index + 1)
                tile_paint.draw_empty(painter, rect, position, hint, self.text_scale)
            else:
                if self._frame is None or not self.picture_rect().contains(event.rect()):
                    self._paint_margins(painter)  # without a frame: all of the tile
                self._paint_camera(painter, rect, event.rect())
            if self.recorded:  # a recording is framed in amber: never taken for live
                tile_paint.draw_border(painter, rect, tile_paint.RECORDED, 3)
            if self._drop_hover:
                tile_paint.draw_border(painter, rect, tile_paint.DROP_TARGET, 4)
            elif self.selected:
                # Thick enough to find at a glance on a 5x5 wall, across the room.
                width = max(4, min(8, rect.height() // 40))
                tile_paint.draw_border(painter, rect, tile_paint.SELECTED, width)
        finally:
            painter.end()  # also after an error, or the backing store stays locked

    def _paint_margins(self, painter: QPainter) -> None:
        """Black where the picture does not cover the tile (all of it before a frame).

        Filling the whole tile under a picture that covers it anyway cost
        about 5 % of the GUI thread on a 16-tile wall.
        """
        for margin in self._layout()[1]:
            painter.fillRect(margin, Qt.GlobalColor.black)

    def _paint_camera(self, painter: QPainter, rect: QRect, dirty: QRect) -> None:
        frame = self._frame
        if frame is not None:
            target = self.picture_rect()
            self._paint_picture(painter, frame, target)
            state = self.state
            if state.banner:
                tile_paint.draw_dim(painter, target)
            elif state.health is Health.LIVE:
                self.has_shown_live = True
        if self.mark is not None:  # under the caption bands, so the title stays readable
            tile_mark.draw_frame(painter, rect, self.mark)
        self._paint_captions(painter, rect, dirty)
        if self.mark is not None:
            tile_mark.draw_tag(painter, rect, self.mark, self.text_scale)

    def _paint_captions(self, painter: QPainter, rect: QRect, dirty: QRect) -> None:
        """Blend the caption bands, each from an image redrawn only when its words change.

        Laying out text cost about 0.14 ms a paint, as much as a quarter of
        a tile's painting; the footer's words change once a second (the
        clock), the title almost never, so each band has its own image. Only
        the bands are blended: Qt's raster engine splits a blend of more than
        64k pixels over its thread pool, and handing a whole transparent tile
        to those threads took more than half of the GUI thread's time at 16
        tiles x 25 fps.
        """
        captions = self._captions()
        ratio = self.devicePixelRatioF()
        key = (captions, rect.x(), rect.y(), rect.width(), rect.height(), ratio)
        if key != self._caption_key:
            local = QRect(0, 0, rect.width(), rect.height())
            parts = tile_paint.caption_parts(local, captions, self.text_scale)
            origin = rect.topLeft()
            self._caption_draws = [
                (p.band.translated(origin), self._caption_image(p, ratio)) for p in parts
            ]
            self._caption_key = key
            names = {p.name for p in parts}
            self._caption_images = {n: v for n, v in self._caption_images.items() if n in names}
        for band, image in self._caption_draws:
            if band.intersects(dirty):  # Qt clips the rest; this spares the call
                painter.drawImage(band.topLeft(), image)

    def _caption_image(self, part: tile_paint.CaptionPart, ratio: float) -> QImage:
        """``part`` drawn on a transparent image of its band, reused while its key holds."""
        key = (part.key, part.band.width(), part.band.height(), ratio)
        cached = self._caption_images.get(part.name)
        if cached is not None and cached[0] == key:
            return cached[1]
        image = QImage(
            round(part.band.width() * ratio),
            round(part.band.height() * ratio),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.transparent)
        overlay = QPainter(image)
        try:
            overlay.setTransform(QTransform.fromTranslate(-part.band.x(), -part.band.y()))
            part.draw(overlay)
        finally:
            overlay.end()
        self._caption_images[part.name] = (key, image)
        return image

    def _paint_picture(self, painter: QPainter, frame: VideoFrame, target: QRect) -> None:
        """The picture: written straight onto the window's pixels where it can be, else drawn."""
        if not self.zoom.active:
            pixels = tile_paint.device_pixels(painter, target)
            if pixels is not None and self._shrunk(frame, target.width(), target.height()):
                shrunk_to_bgra(self._scaler, pixels)
                return
        image = self._converted(frame, target)
        tile_paint.draw_picture(
            painter, target, image, self.zoom.source_rect(image.width(), image.height())
        )

    def _shrunk(self, frame: VideoFrame, width: int, height: int) -> bool:
        """Whether the scaler holds this frame at this size, shrinking it there if need be."""
        if self._shrunk_frame is frame and self._shrunk_size == (width, height):
            return True
        if not shrink(frame, width, height, self._scaler):
            return False
        self._shrunk_frame, self._shrunk_size = frame, (width, height)
        self._note_shown(frame)
        return True

    def _note_shown(self, frame: VideoFrame) -> None:
        """Count a frame towards the stream's shown rate (the feed counts each once)."""
        if self.feed is not None:
            self.feed.note_shown(frame)

    def _converted(self, frame: VideoFrame, target: QRect) -> QImage:
        """The frame as a QImage, converted once per frame and size."""
        # Zoomed in, convert at up to the source size so details stay sharp.
        scale = min(self.zoom.factor, max(1.0, frame.width / max(1, target.width())))
        # Even sides, as ``fit_rect`` gives: odd widths convert far slower.
        w, h = round(target.width() * scale) // 2 * 2, round(target.height() * scale) // 2 * 2
        key = (self.feed.seq if self.feed is not None else -1, w, h)
        if self._image is None or key != self._image_key:
            # Rows may be padded (FFmpeg pads them): QImage takes the stride, so no copy; the
            # buffer's owner is kept as long as the image that reads it.
            pixels = to_bgra_buffer(frame, w, h, self._scaler)
            self._shrunk_frame = None  # the scaler's picture is this one now, or gone
            self._pixels = pixels
            self._image = QImage(
                pixels.data,
                pixels.width,
                pixels.height,
                pixels.bytes_per_line,
                QImage.Format.Format_RGB32,
            )
            self._image_key = key
            self._note_shown(frame)
        return self._image

    def _captions(self) -> tile_paint.Captions:
        """The words to show, worked out again only when the feed's words change."""
        words = self.feed.words if self.feed is not None else None
        if words != self._captions_key:
            self._captions_value, self._captions_key = self._make_captions(words), words
        return self._captions_value

    def _make_captions(self, words: FeedWords | None) -> tile_paint.Captions:
        if words is None:
            return tile_paint.Captions("", "", Health.IDLE, "", "", "")
        title = words.title or self.tr("Telecamera sconosciuta: %s") % words.camera_id
        if words.state.health is Health.RECORDED:
            return playback_captions(title, words)
        footer = ""
        state = words.state
        if words.clock is not None:
            clock = time.strftime("%H:%M:%S", time.localtime(words.clock))
            footer = f"{clock} · {words.fps} fps" if words.fps >= 1 else clock
            if words.stats is not None:
                footer += f" · {words.stats.kbps} kb/s · {words.stats.decode_ms:.1f} ms"
            if state.banner:
                # A dead stream shows when its picture was taken, never a rate.
                footer = self.tr("Ultima immagine %s") % clock
        banner = caption = ""
        if state.banner:
            banner, caption = words_of(state), activity_of(state)
        elif state.notice is not Notice.NONE:
            caption = notice_text(state.notice)  # e.g. another engine than the one asked for
        elif state.degraded:
            caption = self.tr("%s (ridotto)") % words_of(state)
        elif state.phrase is not Phrase.LIVE or words.fps:
            caption = words_of(state)  # a healthy live tile says nothing: its picture does
        if words.tour:
            caption = f"{words.tour} · {caption}" if caption else words.tour
        return tile_paint.Captions(title, caption, state.health, footer, words.corner, banner)

    # -- mouse -------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Select the tile; remember where a drag or pan starts."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self.clicked.emit(self.index)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Pan a zoomed picture, or drag the tile to swap it."""
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        delta = event.position() - self._press
        if self.zoom.active:
            self.zoom.pan_by(delta.x() / max(1, self.width()), delta.y() / max(1, self.height()))
            self._press = event.position()
            self.zoom_changed()
        elif self.camera_id and delta.manhattanLength() >= QApplication.startDragDistance():
            self._press = None
            drag = QDrag(self)
            drag.setMimeData(mime.tile_mime(self.wall_id, self.index, self.camera_id))
            drag.exec(Qt.DropAction.MoveAction)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """End a pan."""
        self._press = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Maximise or restore (also when zoomed)."""
        if event.button() == Qt.MouseButton.LeftButton:
            self.double_clicked.emit(self.index)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Digital zoom around the cursor, on tiles showing a picture."""
        if self._frame is None:
            event.ignore()
            return
        notches = event.angleDelta().y() / 120
        pos = event.position()
        self.zoom.zoom_at(notches, pos.x() / max(1, self.width()), pos.y() / max(1, self.height()))
        self.zoom_changed()
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Ask the wall for this tile's menu."""
        self.clicked.emit(self.index)
        self.menu_requested.emit(self.index, event.globalPos())

    # -- drop --------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept cameras from the tree and tiles from any wall."""
        data = event.mimeData()
        if data.hasFormat(mime.CAMERA_MIME) or data.hasFormat(mime.TILE_MIME):
            self._drop_hover = True
            self.update()
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        """Remove the drop highlight."""
        self._drop_hover = False
        self.update()

    def dropEvent(self, event: QDropEvent) -> None:
        """Hand the dropped camera or tile to the wall."""
        self._drop_hover = False
        self.update()
        if self.accept_mime(event.mimeData()):
            event.acceptProposedAction()

    def accept_mime(self, data: QMimeData) -> bool:
        """Act on dropped mime data; True when it carried something usable."""
        source = mime.read_tile(data)
        if source is not None and source[0] == self.wall_id:
            if source[1] != self.index:
                self.tile_dropped.emit(self.index, source[0], source[1])
            return True
        camera_id = mime.read_camera(data)
        if camera_id is not None:
            self.camera_dropped.emit(self.index, camera_id)
            return True
        return False
