"""Icons drawn in code: coloured state dots (no image files to ship)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from app.core.tile_state import Health
from app.ui.tile_paint import HEALTH_COLOURS


@cache
def state_dot(health: Health, size: int = 12) -> QIcon:
    """A filled circle in the colour of ``health`` (see ``Health``)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QColor(0, 0, 0, 160))
    painter.setBrush(HEALTH_COLOURS[health])
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)
