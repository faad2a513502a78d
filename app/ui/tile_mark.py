"""Drawing a tile's mark: a thick frame in the mark's colour and its text in a tag.

A tile showing a camera with an open plate hit is framed in the list's
colour, with the plate in a tag under the title band, large enough to be
read across the room. The frame goes under the caption bands (the title
stays readable over it), the tag over them; the selection border, drawn
last, stays visible inside the frame.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter

from app.core.tile_marks import TileMark
from app.ui.tile_paint import caption_line, draw_border


def mark_width(rect: QRect) -> int:
    """The frame's width for a tile of this size (thicker than the selection's)."""
    return max(6, min(14, rect.height() // 25))


def text_colour(colour: QColor) -> QColor:
    """Black on light colours, white on dark ones."""
    return QColor("#000000") if colour.lightness() > 140 else QColor("#ffffff")


def mark_font(rect: QRect, scale: float = 1.0) -> QFont:
    """A bold font for the tag, sized to the tile like the captions."""
    font = QFont()
    font.setPixelSize(
        max(10, round(max(12, min(30, rect.height() // 11, rect.width() // 14)) * scale))
    )
    font.setBold(True)
    return font


def tag_rect(rect: QRect, text: str, scale: float = 1.0) -> QRect:
    """Where the tag goes: right-aligned, just under the title band, inside the frame."""
    metrics = QFontMetrics(mark_font(rect, scale))
    inset = mark_width(rect)
    width = min(metrics.horizontalAdvance(text) + 16, rect.width() - 2 * inset)
    top = rect.y() + caption_line(rect.height(), rect.width(), scale) + 2
    return QRect(rect.right() - inset - width + 1, top, width, metrics.height() + 6)


def draw_frame(painter: QPainter, rect: QRect, mark: TileMark) -> None:
    """The frame of ``mark`` around a tile of ``rect``."""
    draw_border(painter, rect, QColor(mark.colour), mark_width(rect))


def draw_tag(painter: QPainter, rect: QRect, mark: TileMark, scale: float = 1.0) -> None:
    """The tag of ``mark`` (its words on its colour) under the tile's title band."""
    colour = QColor(mark.colour)
    tag = tag_rect(rect, mark.text, scale)
    painter.fillRect(tag, colour)
    font = mark_font(rect, scale)
    painter.setFont(font)
    painter.setPen(text_colour(colour))
    text = QFontMetrics(font).elidedText(mark.text, Qt.TextElideMode.ElideRight, tag.width() - 8)
    painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)
