"""Guards against a Qt binding that drops references to None while painting.

PySide6 6.12.0 on Python 3.11 lost one reference to None per QPainter call:
a wall painting 16 tiles at 25 Hz aborted the interpreter within a minute
("none_dealloc"). Python 3.12+ makes None immortal, so this only bites 3.11.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot


def test_painting_keeps_none_alive(qtbot: QtBot) -> None:
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for _ in range(500):
            painter.setPen(QColor(255, 0, 0))
            painter.setBrush(QColor(0, 255, 0))
            painter.fillRect(QRect(0, 0, 8, 8), QColor(0, 0, 255))
            painter.drawEllipse(QRect(0, 0, 8, 8))
            painter.drawText(QRect(0, 0, 32, 16), Qt.AlignmentFlag.AlignLeft, "x")
        after = sys.getrefcount(None)
    finally:
        painter.end()
    # Unrelated code may hold or drop a few references meanwhile; a leaking
    # binding loses ~2500 here.
    assert after - before > -100, f"None lost {before - after} references in 2500 paints"
