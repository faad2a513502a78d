"""Mouse, wheel and keys on a PTZ tile, turned into PTZ intents.

Installed as an event filter on every tile of a wall; it acts only while
the tile shows a PTZ camera (other tiles keep digital zoom and drag):

* press and drag: continuous pan/tilt at a speed proportional to the offset
  from the press point (a small dead zone), release: Stop;
* click without drag: centre the picture on that point (RelativeMove);
* Shift + drag a rectangle: centre on it and zoom by its size;
* wheel: zoom in or out by a step (RelativeMove on zoom);
* arrows and +/- on the selected tile (``key``): move while held.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QRubberBand, QWidget

from app.core.ptzrate import Velocity
from app.ui.ptz_control import PtzController
from app.ui.ptz_geometry import Geometry, centre_translation, drag_velocity, rect_zoom
from app.ui.ptz_worker import Job, PtzWorker

logger = logging.getLogger("app.ui")

WHEEL_ZOOM_STEP = 0.05  # share of the zoom range per wheel notch
KEY_SPEED = 0.5
MIN_RECT_PX = 8
_KEYS = {
    Qt.Key.Key_Left: Velocity(pan=-KEY_SPEED),
    Qt.Key.Key_Right: Velocity(pan=KEY_SPEED),
    Qt.Key.Key_Up: Velocity(tilt=KEY_SPEED),
    Qt.Key.Key_Down: Velocity(tilt=-KEY_SPEED),
    Qt.Key.Key_Plus: Velocity(zoom=KEY_SPEED),
    Qt.Key.Key_Minus: Velocity(zoom=-KEY_SPEED),
}


def _picture_rect(tile: QWidget) -> QRect:
    """Where ``tile`` draws its picture (a tile without one: the whole tile)."""
    picture = getattr(tile, "picture_rect", None)
    return picture() if callable(picture) else tile.rect()


def _relative_job(pan: float, tilt: float, zoom: float) -> Job:
    """RelativeMove by a fixed translation (the wheel's zoom steps)."""

    async def job(worker: PtzWorker) -> None:
        assert worker.client is not None
        await worker.client.relative_move(pan, tilt, zoom)

    return job


def _geometry_job(fx: float, fy: float, share: float | None, aspect: float) -> Job:
    """Centre on (fx, fy) (and zoom by ``share``) using the device's ranges and zoom."""

    async def job(worker: PtzWorker) -> None:
        assert worker.client is not None
        geo = Geometry.from_limits(await worker.limits(), aspect)
        status = await worker.client.status()
        zoom = status.position.zoom if status.position.zoom is not None else geo.zoom.min
        if share is None:
            pan, tilt = centre_translation(fx, fy, zoom, geo)
            await worker.client.relative_move(pan, tilt, 0.0)
        else:
            pan, tilt, dz = rect_zoom(fx, fy, share, zoom, geo)
            await worker.client.relative_move(pan, tilt, dz)

    return job


_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.Wheel,
    }
)


class PtzTileInput(QObject):
    """Event filter for the tiles of one wall; ``controller_of(tile)`` finds the camera."""

    def __init__(
        self, controller_of: Callable[[QWidget], PtzController | None], parent: QObject
    ) -> None:
        super().__init__(parent)
        self.controller_of = controller_of
        self._press: QPointF | None = None
        self._shift = False
        self._dragging = False
        self._band: QRubberBand | None = None
        self._held: list[Qt.Key] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Take the tile's mouse and wheel events while it shows a PTZ camera."""
        kind = event.type()
        # Every event of every tile passes here, 25 paints a second each: the
        # others leave at once.
        if kind not in _INPUT_EVENTS or not isinstance(watched, QWidget):
            return False
        handlers = {
            QEvent.Type.MouseButtonPress: self._pressed,
            QEvent.Type.MouseMove: self._moved,
            QEvent.Type.MouseButtonRelease: self._released,
        }
        if kind in handlers and isinstance(event, QMouseEvent):
            controller = self.controller_of(watched)
            return controller is not None and handlers[kind](watched, controller, event)
        if kind == QEvent.Type.Wheel and isinstance(event, QWheelEvent):
            controller = self.controller_of(watched)
            return controller is not None and self._wheel(controller, event)
        return False

    def _pressed(self, tile: QWidget, _c: PtzController, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        self._press, self._dragging = event.position(), False
        self._shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        return False  # the tile still selects itself

    def _moved(self, tile: QWidget, controller: PtzController, event: QMouseEvent) -> bool:
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return True  # no tile drag (swap) on a PTZ tile
        delta = event.position() - self._press
        if not self._dragging and delta.manhattanLength() < QApplication.startDragDistance():
            return True
        self._dragging = True
        if self._shift:
            self._show_band(tile, event.position())
        else:
            half_w, half_h = max(1, tile.width()) / 2, max(1, tile.height()) / 2
            fx = max(-1.0, min(1.0, delta.x() / half_w))
            fy = max(-1.0, min(1.0, delta.y() / half_h))
            controller.move(drag_velocity(fx, fy))
        return True

    def _released(self, tile: QWidget, controller: PtzController, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return False
        press, self._press = self._press, None
        picture = _picture_rect(tile)
        aspect = max(1, picture.width()) / max(1, picture.height())
        if self._dragging and not self._shift:
            controller.stop()
        elif self._dragging:
            rect = QRect(press.toPoint(), event.position().toPoint()).normalized()
            self._hide_band()
            if min(rect.width(), rect.height()) >= MIN_RECT_PX:
                fx, fy = self._offset(tile, QPointF(rect.center()))
                share = max(
                    rect.width() / max(1, picture.width()),
                    rect.height() / max(1, picture.height()),
                )
                controller.run(_geometry_job(fx, fy, share, aspect))
        else:
            fx, fy = self._offset(tile, event.position())
            controller.run(_geometry_job(fx, fy, None, aspect))
        self._dragging = False
        return False  # the tile ends its own press too

    @staticmethod
    def _offset(tile: QWidget, point: QPointF) -> tuple[float, float]:
        """``point`` as fractions of the picture from its centre (the picture, not
        the tile: a letterboxed picture would otherwise be centred short)."""
        picture = _picture_rect(tile)
        half_w, half_h = max(1, picture.width()) / 2, max(1, picture.height()) / 2
        cx, cy = picture.x() + half_w, picture.y() + half_h
        return (point.x() - cx) / half_w, (point.y() - cy) / half_h

    def _wheel(self, controller: PtzController, event: QWheelEvent) -> bool:
        notches = event.angleDelta().y() / 120
        if notches:
            step = max(-1.0, min(1.0, notches * WHEEL_ZOOM_STEP))
            controller.run(_relative_job(0.0, 0.0, step))
        event.accept()
        return True

    def _show_band(self, tile: QWidget, at: QPointF) -> None:
        assert self._press is not None
        if self._band is None or self._band.parentWidget() is not tile:
            self._hide_band()
            self._band = QRubberBand(QRubberBand.Shape.Rectangle, tile)
        rect = QRect(self._press.toPoint(), at.toPoint()).normalized()
        self._band.setGeometry(rect if rect.isValid() else QRect(rect.topLeft(), QSize(1, 1)))
        self._band.show()

    def _hide_band(self) -> None:
        if self._band is not None:
            self._band.hide()
            self._band.deleteLater()
            self._band = None

    def key(self, controller: PtzController, event: QKeyEvent, pressed: bool) -> bool:
        """Arrows and +/- move the selected PTZ camera while held; True if taken."""
        key = Qt.Key(event.key())
        if key not in _KEYS:
            return False
        if event.isAutoRepeat():
            return True
        if pressed and key not in self._held:
            self._held.append(key)
        elif not pressed and key in self._held:
            self._held.remove(key)
        controller.move(self._held_velocity())
        return True

    def _held_velocity(self) -> Velocity:
        pan = sum(_KEYS[k].pan for k in self._held)
        tilt = sum(_KEYS[k].tilt for k in self._held)
        zoom = sum(_KEYS[k].zoom for k in self._held)
        return Velocity(*(max(-1.0, min(1.0, v)) for v in (pan, tilt, zoom)))
