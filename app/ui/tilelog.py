"""``--log-tiles``: log what every tile shows, for tests and remote diagnosis.

Every half second each visible tile with a camera is grabbed as the
operator would see it, shrunk to a 16x9 grey thumbnail, and logged with its
state, the spread of its pixels and a short fingerprint. End-to-end tests
read these lines from outside the process: a tile whose fingerprint stops
changing is frozen on screen, whatever the stream claims.
"""

from __future__ import annotations

import hashlib
import logging

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QImage

from app.ui.screens import WallManager
from app.ui.status_text import words_of
from app.ui.tile import TileWidget

logger = logging.getLogger("app.ui.tiles")

INTERVAL_MS = 500
THUMB_W, THUMB_H = 16, 9


def fingerprint(tile: TileWidget) -> tuple[float, str]:
    """Standard deviation (0-255) and a hex digest of the tile's thumbnail."""
    image = tile.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    thumb = image.scaled(
        THUMB_W,
        THUMB_H,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    stride = thumb.bytesPerLine()
    raw = np.frombuffer(thumb.constBits(), dtype=np.uint8, count=stride * THUMB_H)
    pixels = raw.reshape(THUMB_H, stride)[:, :THUMB_W]
    # Quantised so that compression noise alone does not look like motion.
    digest = hashlib.blake2s((pixels // 8).tobytes(), digest_size=4).hexdigest()
    return float(pixels.std()), digest


class TileLogger(QObject):
    """Logs one line per visible tile every ``INTERVAL_MS``."""

    def __init__(self, manager: WallManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.manager = manager
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()
        QTimer.singleShot(0, self._on_timer_timeout)  # one sample as soon as laid out

    def _on_timer_timeout(self) -> None:
        for number, wall in enumerate(self.manager.walls, start=1):
            view = wall.window.view
            if view.suspended:
                continue
            for tile in view.visible_tiles():
                if tile.camera_id is None:
                    continue
                spread, digest = fingerprint(tile)
                state = tile.state
                logger.info(
                    "tile wall=%d index=%d camera=%s health=%s banner=%d std=%.1f sig=%s text=%s",
                    number,
                    tile.index,
                    tile.camera_id,
                    state.health,
                    int(state.banner),
                    spread,
                    digest,
                    words_of(state).replace("\n", " "),
                )
