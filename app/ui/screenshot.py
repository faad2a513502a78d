"""``--screenshot FILE``: save every wall window once all tiles are live.

Used by end-to-end tests and for documentation pictures. Saves when every
visible tile that has a camera has shown a live frame, or at the timeout
(then the exit status is 1, but the pictures are still saved).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QWidget

from app.ui.screens import WallManager

logger = logging.getLogger("app.ui")


def numbered(path: Path, index: int) -> Path:
    """FILE for the first window, FILE-2, FILE-3... (before the suffix) after."""
    if index == 0:
        return path
    return path.with_name(f"{path.stem}-{index + 1}{path.suffix}")


class ScreenshotTaker(QObject):
    """Waits for live tiles, saves the grabs, then quits the application."""

    def __init__(
        self, manager: WallManager, path: Path, timeout: float, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.manager, self.path = manager, path
        self.deadline = time.monotonic() + timeout
        self.status: int | None = None
        # Other windows saved beside the walls as FILE-<name> (the map), once ``extra_ready``.
        self.extra_windows: dict[str, QWidget] = {}
        self.extra_ready: Callable[[], bool] = lambda: True
        self._timer = QTimer(self)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    def all_live(self) -> bool:
        """True when every visible tile with a camera has shown a live frame."""
        for wall in self.manager.walls:
            if wall.window.view.suspended:
                continue
            for tile in wall.window.view.visible_tiles():
                if tile.camera_id is not None and not tile.has_shown_live:
                    return False
        return True

    def _on_timer_timeout(self) -> None:
        live = self.all_live() and self.extra_ready()
        if not live and time.monotonic() < self.deadline:
            return
        self._timer.stop()
        if not live:
            logger.warning("screenshot timeout: not every tile is playing")
        self.status = 0 if live else 1
        self.save()
        QCoreApplication.exit(self.status)

    def save(self) -> list[Path]:
        """Grab and save every shown wall window."""
        saved = []
        self.manager.tree.refresh_states()  # the dots as of now, not 0.5 s ago
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for i, window in enumerate(w.window for w in self.manager.walls):
            target = numbered(self.path, i)
            if window.grab().save(str(target)):
                logger.info("screenshot saved %s", target)
                saved.append(target)
            else:
                logger.error("screenshot not saved: %s", target)
        for name, extra in self.extra_windows.items():
            target = self.path.with_name(f"{self.path.stem}-{name}{self.path.suffix}")
            if extra.grab().save(str(target)):
                logger.info("screenshot saved %s", target)
                saved.append(target)
        return saved
