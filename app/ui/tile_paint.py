"""Drawing a tile: picture, captions, stall banner, selection border.

Pure painting helpers over a QPainter so the tile widget keeps only its
state and event handling. Text sizes follow the tile height so a 5x5 wall
on a small monitor stays readable and nothing overlaps.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPen, QRegion

from app.core.tile_state import Health

HEALTH_COLOURS = {
    Health.IDLE: QColor("#8a8f98"),
    Health.CONNECTING: QColor("#e8c547"),
    Health.LIVE: QColor("#3ecf5c"),
    Health.STALLED: QColor("#f08c2e"),
    Health.FAILED: QColor("#e5484d"),
    Health.RECORDED: QColor("#ffb000"),
}
#: Amber: recorded video (its frame, title dot and footer band), never live green.
RECORDED = HEALTH_COLOURS[Health.RECORDED]
SELECTED = QColor("#4aa3ff")
DROP_TARGET = QColor("#ffd24a")
BANNER = QColor(190, 30, 35, 225)  # down: red
#: The banner's colour by health: down red, no signal orange, waiting over an old picture grey.
BANNER_COLOURS = {
    Health.FAILED: BANNER,
    Health.STALLED: QColor(196, 102, 20, 230),
    Health.CONNECTING: QColor(70, 76, 86, 225),
    Health.IDLE: QColor(70, 76, 86, 225),
    Health.RECORDED: QColor(150, 88, 0, 230),
}
BAR = QColor(0, 0, 0, 150)


@dataclass(frozen=True)
class Captions:
    """The words around the picture."""

    title: str  # "101  Piazza Matteotti"
    state: str  # "In diretta", "Connessione..."
    health: Health
    footer: str  # "12:34:56 · 25 fps"
    zoom: str  # "2.5x" or ""
    banner: str  # red banner text, "" for none


def font_for(height: int, width: int = 10_000, scale: float = 1.0) -> QFont:
    """A caption font scaled to the tile: readable from across the room on a big
    tile, still fitting on a 5x5 wall (11-26 px, times the station's ``scale``)."""
    font = QFont()
    size = max(11, min(26, height // 15, width // 22))
    font.setPixelSize(max(9, round(size * scale)))
    return font


def caption_line(height: int, width: int, scale: float = 1.0) -> int:
    """The height of a caption band for a tile of this size."""
    return QFontMetrics(font_for(height, width, scale)).height() + 4


#: A picture may shrink by this much to leave the caption bands outside it
#: (over black, not over the camera's own date and name in its corners).
BANDS_SHRINK_MAX = 0.16


def picture_area(area: QRect, width: int, height: int, line: int) -> QRect:
    """Where a picture goes: below the title band and above the footer when that
    costs it little, else the whole tile (the bands then lie over it)."""
    whole = fit_rect(area, width, height)
    inner = area.adjusted(0, line, 0, -line)
    if inner.height() <= 0:
        return whole
    banded = fit_rect(inner, width, height)
    return banded if banded.width() >= (1 - BANDS_SHRINK_MAX) * whole.width() else whole


def fit_rect(area: QRect, width: int, height: int) -> QRect:
    """The largest rectangle of aspect ``width:height`` and even sides centred in ``area``."""
    if width <= 0 or height <= 0:
        return QRect(area)
    scale = min(area.width() / width, area.height() / height)
    # Even sides: the fast conversion shrinks 4:2:0 planes, which an odd size
    # leaves to FFmpeg's scaler (0.39 against 0.30 ms a 720p frame; FFmpeg itself
    # was 65 % slower to an odd width), for one pixel of picture.
    w, h = max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2)
    return QRect(area.x() + (area.width() - w) // 2, area.y() + (area.height() - h) // 2, w, h)


def margins(area: QRect, picture: QRect) -> list[QRect]:
    """The parts of ``area`` outside ``picture`` (centred in it): letterbox or pillarbox bars."""
    bars = [
        QRect(area.x(), area.y(), area.width(), picture.y() - area.y()),
        QRect(area.x(), picture.bottom() + 1, area.width(), area.bottom() - picture.bottom()),
        QRect(area.x(), picture.y(), picture.x() - area.x(), picture.height()),
        QRect(picture.right() + 1, picture.y(), area.right() - picture.right(), picture.height()),
    ]
    return [bar for bar in bars if bar.width() > 0 and bar.height() > 0]


def draw_picture(
    painter: QPainter, target: QRect, image: QImage, source: tuple[float, float, float, float]
) -> None:
    """Draw the visible ``source`` part of ``image`` into ``target``."""
    if source == (0, 0, image.width(), image.height()) and target.size() == image.size():
        # Whole picture at its own size, the usual case: a plain copy, without
        # the scaling set-up (a tenth of a wall's painting time).
        painter.drawImage(target.topLeft(), image)
        return
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    painter.drawImage(QRectF(target), image, QRectF(*source))


#: Surfaces a tile may write its picture into: 32 bits a pixel, B G R A in memory.
DIRECT_FORMATS = frozenset(
    {
        QImage.Format.Format_RGB32,
        QImage.Format.Format_ARGB32,
        QImage.Format.Format_ARGB32_Premultiplied,
    }
)


def device_pixels(painter: QPainter, rect: QRect) -> npt.NDArray[np.uint8] | None:
    """The pixels under ``rect`` on the image ``painter`` paints, as H x W x 4, to write into.

    A widget paints on its window's backing store, an image: writing the
    picture there directly saves copying it from an image of its own, a
    tenth of a wall's painting time. None wherever that could show anything
    other than what drawing would: another kind of surface (a pixmap while
    grabbing, an effect's buffer), scaling (high DPI), opacity, a clip that
    leaves out part of ``rect``, ``rect`` not wholly on the surface.
    """
    engine = painter.paintEngine()
    device = engine.paintDevice() if engine is not None else None
    if not isinstance(device, QImage) or device.format() not in DIRECT_FORMATS:
        return None
    transform = painter.deviceTransform()
    dx, dy = transform.dx(), transform.dy()
    # isScaling() holds for every transform beyond a move (rotation, shear...).
    plain = not transform.isScaling() and dx.is_integer() and dy.is_integer()
    if not plain or painter.opacity() != 1.0:
        return None
    if painter.hasClipping() and not _covers(painter.clipRegion(), rect):
        return None
    on_device = QRect(int(dx) + rect.x(), int(dy) + rect.y(), rect.width(), rect.height())
    # Qt limits a widget's paint to the region to repaint (a part of the
    # tile when a menu over it closes): what lies outside belongs to others.
    region = engine.systemClip()
    if (
        on_device.isEmpty()
        or not device.rect().contains(on_device)
        or not (region.isEmpty() or _covers(region, on_device))
    ):
        return None
    # The painter detached the image when it began, so bits() copies nothing.
    rows = np.frombuffer(device.bits(), np.uint8).reshape(device.height(), device.bytesPerLine())
    x, y, w, h = on_device.x(), on_device.y(), on_device.width(), on_device.height()
    return rows[y : y + h, 4 * x : 4 * (x + w)].reshape(h, w, 4)


def _covers(region: QRegion, rect: QRect) -> bool:
    """Whether ``region`` holds all of ``rect`` (``QRegion.contains`` means "overlaps")."""
    if region.rectCount() == 1:  # the usual case, a whole tile to repaint
        return region.boundingRect().contains(rect)
    return QRegion(rect).subtracted(region).isEmpty()


def draw_dim(painter: QPainter, rect: QRect) -> None:
    """Darken the picture: an old frame must not look live."""
    painter.fillRect(rect, QColor(0, 0, 0, 150))


def draw_empty(
    painter: QPainter, rect: QRect, position: str, hint: str, scale: float = 1.0
) -> None:
    """An empty tile: its position in words ("Riquadro 9", never a bare number
    that could be taken for a camera's) and the drop hint."""
    painter.fillRect(rect, QColor("#15181d"))
    font = font_for(rect.height(), rect.width(), scale)
    metrics = QFontMetrics(font)
    painter.setFont(font)
    painter.setPen(QColor("#59616c"))
    top = QRect(rect.x() + 6, rect.y() + 4, rect.width() - 12, metrics.height())
    painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, position)
    painter.setPen(QColor("#7d8590"))
    text = metrics.elidedText(hint, Qt.TextElideMode.ElideRight, rect.width() - 12)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


@dataclass(frozen=True)
class CaptionPart:
    """One band of captions: where it goes, what it depends on, how to draw it.

    ``draw`` paints in the tile's coordinates; a tile caches each part as a
    small image and redraws it only when its ``key`` changes (the footer's
    clock every second, the title almost never).
    """

    name: str
    band: QRect
    key: tuple[object, ...]
    draw: Callable[[QPainter], None]


def caption_parts(rect: QRect, cap: Captions, scale: float = 1.0) -> list[CaptionPart]:
    """Title bar on top, clock/fps bar at the bottom, banner in the middle."""
    font = font_for(rect.height(), rect.width(), scale)
    metrics = QFontMetrics(font)
    line = metrics.height() + 4
    top = QRect(rect.x(), rect.y(), rect.width(), line)
    parts = [
        CaptionPart(
            "title",
            top,
            (cap.title, cap.state, cap.health),
            functools.partial(_draw_title, rect=top, cap=cap, font=font),
        )
    ]
    if cap.footer or cap.zoom:
        bottom = QRect(rect.x(), rect.bottom() - line + 1, rect.width(), line)
        draw = functools.partial(_draw_footer, rect=bottom, cap=cap, font=font)
        parts.append(CaptionPart("footer", bottom, (cap.footer, cap.zoom, cap.health), draw))
    if cap.banner:
        band, lines, banner_font = _banner_layout(rect, cap.banner, scale)
        colour = BANNER_COLOURS.get(cap.health, BANNER)
        draw = functools.partial(
            _draw_banner, band=band, lines=lines, font=banner_font, colour=colour
        )
        parts.append(CaptionPart("banner", band, (cap.banner, cap.health), draw))
    return parts


def _draw_title(painter: QPainter, rect: QRect, cap: Captions, font: QFont) -> None:
    painter.setFont(font)
    metrics = QFontMetrics(font)
    line = rect.height()
    painter.fillRect(rect, BAR)
    dot = line // 2
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(HEALTH_COLOURS.get(cap.health, HEALTH_COLOURS[Health.IDLE]))
    painter.drawEllipse(rect.x() + 5, rect.y() + (line - dot) // 2, dot, dot)
    inner = rect.adjusted(dot + 10, 0, -5, 0)
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


def _draw_footer(painter: QPainter, rect: QRect, cap: Captions, font: QFont) -> None:
    painter.setFont(font)
    recorded = cap.health is Health.RECORDED
    if recorded:  # "REGISTRAZIONE 10:31:07" in bold black on amber
        font = QFont(font)
        font.setBold(True)
        painter.setFont(font)
    painter.fillRect(rect, RECORDED if recorded else BAR)
    inner = rect.adjusted(5, 0, -5, 0)
    painter.setPen(QColor("#111111") if recorded else QColor("#d0d4da"))
    painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, cap.footer)
    if cap.zoom:
        painter.setPen(QColor("#111111") if recorded else QColor("#ffd24a"))
        painter.drawText(
            inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, cap.zoom
        )


def _banner_layout(rect: QRect, text: str, scale: float = 1.0) -> tuple[QRect, list[str], QFont]:
    """The banner's band, its lines and font.

    Large and bold, to be read from across the room; a text too long for one
    line is wrapped at spaces (up to three lines) rather than losing its
    end ("da 2 min 14 s") to elision.
    """
    font = QFont()
    font.setPixelSize(round(max(11, min(30, rect.height() // 9, rect.width() // 18)) * scale))
    font.setBold(True)
    metrics = QFontMetrics(font)
    width = rect.width() - 10
    lines = _wrap(text, metrics, width, BANNER_LINES_MAX)
    height = metrics.height() * len(lines) + 10
    band = QRect(rect.x(), rect.center().y() - height // 2, rect.width(), height)
    shown = [metrics.elidedText(t, Qt.TextElideMode.ElideRight, width) for t in lines]
    return band, shown, font


BANNER_LINES_MAX = 3


def _wrap(text: str, metrics: QFontMetrics, width: int, most: int) -> list[str]:
    """``text`` in lines that fit ``width`` (the last one takes the rest), at most ``most``."""
    lines: list[str] = []
    words = text.split(" ")
    while words and len(lines) < most - 1:
        taken = 1
        while (
            taken < len(words) and metrics.horizontalAdvance(" ".join(words[: taken + 1])) <= width
        ):
            taken += 1
        lines.append(" ".join(words[:taken]))
        words = words[taken:]
    if words:
        lines.append(" ".join(words))
    return lines


def _draw_banner(
    painter: QPainter, band: QRect, lines: list[str], font: QFont, colour: QColor
) -> None:
    """The banner across the middle: down, no signal, or waiting over an old picture."""
    painter.fillRect(band, colour)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(band, Qt.AlignmentFlag.AlignCenter, "\n".join(lines))


def draw_border(painter: QPainter, rect: QRect, colour: QColor, width: int = 3) -> None:
    """A frame inside ``rect`` (selection or drop target)."""
    pen = QPen(colour, width)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = width // 2
    painter.drawRect(rect.adjusted(half, half, -half - 1 + width % 2, -half - 1 + width % 2))
