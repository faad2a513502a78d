"""Drawing a tile: picture, captions, stall banner, selection border.

Pure painting helpers over a QPainter so the tile widget keeps only its
state and event handling. Text sizes follow the tile height so a 5x5 wall
on a small monitor stays readable and nothing overlaps.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPen

from app.ui.status_text import Health

HEALTH_COLOURS = {
    Health.IDLE: QColor("#8a8f98"),
    Health.CONNECTING: QColor("#e8c547"),
    Health.LIVE: QColor("#3ecf5c"),
    Health.STALLED: QColor("#f08c2e"),
    Health.FAILED: QColor("#e5484d"),
}
SELECTED = QColor("#4aa3ff")
DROP_TARGET = QColor("#ffd24a")
BANNER = QColor(190, 30, 35, 225)
BAR = QColor(0, 0, 0, 150)


@dataclass(frozen=True)
class Captions:
    """The words around the picture."""

    title: str  # "101  Piazza Matteotti"
    state: str  # "In diretta", "Connessione..."
    health: str
    footer: str  # "12:34:56 · 25 fps"
    zoom: str  # "2.5x" or ""
    banner: str  # red banner text, "" for none


def font_for(height: int, width: int = 10_000) -> QFont:
    """A caption font scaled to the tile (10-16 px): small tiles, small text."""
    font = QFont()
    font.setPixelSize(max(10, min(16, height // 16, width // 22)))
    return font


def fit_rect(area: QRect, width: int, height: int) -> QRect:
    """The largest rectangle of aspect ``width:height`` centred in ``area``."""
    if width <= 0 or height <= 0:
        return QRect(area)
    scale = min(area.width() / width, area.height() / height)
    w, h = max(1, round(width * scale)), max(1, round(height * scale))
    return QRect(area.x() + (area.width() - w) // 2, area.y() + (area.height() - h) // 2, w, h)


def draw_picture(
    painter: QPainter, target: QRect, image: QImage, source: tuple[float, float, float, float]
) -> None:
    """Draw the visible ``source`` part of ``image`` into ``target``."""
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    painter.drawImage(QRectF(target), image, QRectF(*source))


def draw_dim(painter: QPainter, rect: QRect) -> None:
    """Darken the picture: an old frame must not look live."""
    painter.fillRect(rect, QColor(0, 0, 0, 150))


def draw_empty(painter: QPainter, rect: QRect, number: int, hint: str) -> None:
    """An empty tile: its number, large, and the drop hint."""
    painter.fillRect(rect, QColor("#15181d"))
    big = QFont()
    big.setPixelSize(max(14, min(72, rect.height() // 4)))
    big.setBold(True)
    painter.setFont(big)
    painter.setPen(QColor("#2e333b"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(number))
    small = font_for(rect.height(), rect.width())
    painter.setFont(small)
    painter.setPen(QColor("#7d8590"))
    bottom = QRect(
        rect.x() + 4,
        rect.bottom() - 2 * small.pixelSize() - 6,
        rect.width() - 8,
        2 * small.pixelSize(),
    )
    text = QFontMetrics(small).elidedText(hint, Qt.TextElideMode.ElideRight, bottom.width())
    painter.drawText(bottom, Qt.AlignmentFlag.AlignCenter, text)


def draw_captions(painter: QPainter, rect: QRect, cap: Captions) -> list[QRect]:
    """Title bar on top, clock/fps bar at the bottom, banner in the middle.

    Returns the bands drawn on, so that a cached caption image is blended
    onto the picture band by band rather than as a whole transparent tile.
    """
    font = font_for(rect.height(), rect.width())
    painter.setFont(font)
    metrics = QFontMetrics(font)
    line = metrics.height() + 4
    top = QRect(rect.x(), rect.y(), rect.width(), line)
    painter.fillRect(top, BAR)
    dot = line // 2
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(HEALTH_COLOURS.get(cap.health, HEALTH_COLOURS[Health.IDLE]))
    painter.drawEllipse(top.x() + 5, top.y() + (line - dot) // 2, dot, dot)
    inner = top.adjusted(dot + 10, 0, -5, 0)
    state_w = min(metrics.horizontalAdvance(cap.state), inner.width() // 2) if cap.state else 0
    title_w = metrics.horizontalAdvance(cap.title)
    if cap.health == Health.LIVE and title_w + state_w + 8 > inner.width():
        state_w = 0  # "In diretta" gives way to the name: the green dot says it
    painter.setPen(QColor("#f2f4f7"))
    title = metrics.elidedText(cap.title, Qt.TextElideMode.ElideRight, inner.width() - state_w - 8)
    painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
    if cap.state and state_w:
        painter.setPen(HEALTH_COLOURS.get(cap.health, QColor("#f2f4f7")))
        state = metrics.elidedText(cap.state, Qt.TextElideMode.ElideRight, state_w)
        painter.drawText(inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, state)
    bands = [top]
    bands += _draw_footer(painter, rect, cap, metrics, line)
    if cap.banner:
        bands.append(_draw_banner(painter, rect, cap.banner))
    return bands


def _draw_footer(
    painter: QPainter, rect: QRect, cap: Captions, metrics: QFontMetrics, line: int
) -> list[QRect]:
    if not cap.footer and not cap.zoom:
        return []
    bottom = QRect(rect.x(), rect.bottom() - line + 1, rect.width(), line)
    painter.fillRect(bottom, BAR)
    inner = bottom.adjusted(5, 0, -5, 0)
    painter.setPen(QColor("#d0d4da"))
    painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, cap.footer)
    if cap.zoom:
        painter.setPen(QColor("#ffd24a"))
        painter.drawText(
            inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, cap.zoom
        )
    return [bottom]


def _draw_banner(painter: QPainter, rect: QRect, text: str) -> QRect:
    """The red banner across the middle: no signal or a failure.

    A long text ("reason · Riconnessione tra 4 s") goes on two lines rather
    than losing its countdown to elision.
    """
    font = QFont()
    font.setPixelSize(max(11, min(22, rect.height() // 12)))
    font.setBold(True)
    metrics = QFontMetrics(font)
    width = rect.width() - 10
    lines = [text]
    if metrics.horizontalAdvance(text) > width and " · " in text:
        lines = text.split(" · ", 1)
    height = metrics.height() * len(lines) + 10
    band = QRect(rect.x(), rect.center().y() - height // 2, rect.width(), height)
    painter.fillRect(band, BANNER)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    shown = "\n".join(metrics.elidedText(t, Qt.TextElideMode.ElideRight, width) for t in lines)
    painter.drawText(band, Qt.AlignmentFlag.AlignCenter, shown)
    return band


def draw_border(painter: QPainter, rect: QRect, colour: QColor, width: int = 3) -> None:
    """A frame inside ``rect`` (selection or drop target)."""
    pen = QPen(colour, width)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = width // 2
    painter.drawRect(rect.adjusted(half, half, -half - 1 + width % 2, -half - 1 + width % 2))
