"""The map's fixed furniture, drawn over it in screen pixels.

Scale bar (a round length of 1, 2 or 5 times a power of ten, at most 120
pixels long), north arrow (Web-Mercator maps keep north up), the
coordinates under the cursor, the map's name and credit, and one line
saying what is missing (cameras without coordinates, tiles that failed).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen

from app.maps.mercator import LatLon

BAR_MAX_PX = 120
PANEL = QColor(255, 255, 255, 210)
INK = QColor(30, 30, 30)
WARN = QColor(150, 60, 0)


def scale_length(metres_per_pixel: float, max_px: int = BAR_MAX_PX) -> tuple[float, float]:
    """(metres, pixels) of the longest round length that fits in ``max_px``."""
    if not math.isfinite(metres_per_pixel) or metres_per_pixel <= 0:
        return 0.0, 0.0
    most = metres_per_pixel * max_px
    power = 10 ** math.floor(math.log10(most))
    metres = max(step * power for step in (1, 2, 5) if step * power <= most)
    return metres, metres / metres_per_pixel


def distance_text(metres: float) -> str:
    """ "500 m", "2 km"."""
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"


def coordinates_text(point: LatLon) -> str:
    """ "44.31770° N  9.32260° E" (five decimals: about a metre)."""
    ns = "N" if point.lat >= 0 else "S"
    ew = "E" if point.lon >= 0 else "W"
    return f"{abs(point.lat):.5f}° {ns}  {abs(point.lon):.5f}° {ew}"


def _font(px: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(px)
    font.setBold(bold)
    return font


def _panel_text(painter: QPainter, text: str, x: float, y: float, colour: QColor = INK) -> QRectF:
    """``text`` on a light panel with its top-left corner at (x, y); returns the panel."""
    metrics = QFontMetrics(painter.font())
    rect = QRectF(x, y, metrics.horizontalAdvance(text) + 10, metrics.height() + 4)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(PANEL)
    painter.drawRoundedRect(rect, 3, 3)
    painter.setPen(colour)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    return rect


def draw_scale_bar(painter: QPainter, metres_per_pixel: float, height: int) -> None:
    """The scale bar in the bottom-left corner, above the coordinates."""
    metres, pixels = scale_length(metres_per_pixel)
    if pixels <= 0:
        return
    x, y = 12.0, height - 44.0
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(PANEL)
    painter.drawRoundedRect(QRectF(x - 6, y - 16, pixels + 12 + 50, 24), 3, 3)
    painter.setPen(QPen(INK, 2))
    painter.drawLine(QPointF(x, y), QPointF(x + pixels, y))
    painter.drawLine(QPointF(x, y - 5), QPointF(x, y + 3))
    painter.drawLine(QPointF(x + pixels, y - 5), QPointF(x + pixels, y + 3))
    painter.setFont(_font(11))
    painter.drawText(QPointF(x + pixels + 6, y + 4), distance_text(metres))


def draw_north_arrow(painter: QPainter, width: int) -> None:
    """An arrow pointing up with an N, in the top-right corner."""
    cx, top = width - 26.0, 12.0
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(PANEL)
    painter.drawRoundedRect(QRectF(cx - 14, top - 2, 28, 46), 4, 4)
    arrow = QPainterPath()
    arrow.moveTo(cx, top + 16)
    arrow.lineTo(cx + 8, top + 40)
    arrow.lineTo(cx, top + 33)
    arrow.lineTo(cx - 8, top + 40)
    arrow.closeSubpath()
    painter.setPen(QPen(INK, 1))
    painter.setBrush(INK)
    painter.drawPath(arrow)
    painter.setFont(_font(12, bold=True))
    painter.drawText(QRectF(cx - 10, top, 20, 16), Qt.AlignmentFlag.AlignCenter, "N")


def draw_corner_texts(
    painter: QPainter, width: int, height: int, *, cursor: str, credit: str, problem: str
) -> None:
    """Coordinates bottom-left, the map's name and credit bottom-right, problems on top."""
    painter.setFont(_font(11))
    if cursor:
        _panel_text(painter, cursor, 6, height - 24)
    if credit:
        metrics = QFontMetrics(painter.font())
        _panel_text(painter, credit, width - metrics.horizontalAdvance(credit) - 16, height - 24)
    if problem:
        painter.setFont(_font(12, bold=True))
        _panel_text(painter, problem, 6, 6, WARN)
