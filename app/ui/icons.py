"""Icons drawn in code: a camera's health as a coloured shape (no image files to ship).

Health is never told by colour alone (a colour-blind operator, a washed-out
monitor): each health has its own shape too. Working is a filled circle,
degraded a triangle, down a square, refused credentials a diamond, never
reached a hollow square, not checked yet a hollow circle.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF

from app.core.health import CameraHealth

HEALTH_MARK_COLOURS = {
    CameraHealth.UNKNOWN: QColor("#8a8f98"),
    CameraHealth.OK: QColor("#3ecf5c"),
    CameraHealth.DEGRADED: QColor("#f0b429"),
    CameraHealth.DOWN: QColor("#e5484d"),
    CameraHealth.AUTH: QColor("#d6409f"),
    CameraHealth.NEVER_REACHED: QColor("#e5484d"),
}


@cache
def health_mark(health: CameraHealth, size: int = 14) -> QIcon:
    """The shape and colour of ``health``."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    colour = HEALTH_MARK_COLOURS[health]
    hollow = health in (CameraHealth.UNKNOWN, CameraHealth.NEVER_REACHED)
    painter.setPen(QPen(colour, 2) if hollow else QPen(QColor(0, 0, 0, 160), 1))
    painter.setBrush(Qt.BrushStyle.NoBrush if hollow else colour)
    m, s = 2.0, float(size)
    if health in (CameraHealth.OK, CameraHealth.UNKNOWN):
        painter.drawEllipse(QPointF(s / 2, s / 2), s / 2 - m, s / 2 - m)
    elif health is CameraHealth.DEGRADED:
        painter.drawPolygon(
            QPolygonF([QPointF(s / 2, m), QPointF(s - m, s - m), QPointF(m, s - m)])
        )
    elif health is CameraHealth.AUTH:
        points = [
            QPointF(s / 2, m),
            QPointF(s - m, s / 2),
            QPointF(s / 2, s - m),
            QPointF(m, s / 2),
        ]
        painter.drawPolygon(QPolygonF(points))
    else:  # down, never reached
        painter.drawRect(int(m), int(m), int(s - 2 * m), int(s - 2 * m))
    painter.end()
    return QIcon(pixmap)
