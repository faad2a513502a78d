"""Letting the Qt event loop run for a while, and measuring how late it is."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer

LAG_INTERVAL_MS = 10


def spin(seconds: float) -> None:
    """Run the event loop for ``seconds`` (the wall keeps painting meanwhile)."""
    loop = QEventLoop()
    QTimer.singleShot(max(0, round(seconds * 1000)), loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], bool], timeout: float, every_ms: int = 5) -> bool:
    """Run the event loop until ``condition()`` holds or ``timeout`` passes."""
    if condition():
        return True
    loop = QEventLoop()
    deadline = time.monotonic() + timeout
    result = [False]

    def check() -> None:
        if condition():
            result[0] = True
            loop.quit()
        elif time.monotonic() >= deadline:
            loop.quit()

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(every_ms)
    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    return result[0]


class LagMeter(QObject):
    """A 10 ms timer recording how late each tick comes (event-loop lag, ms)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lags_ms: list[float] = []
        self._last = 0.0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(LAG_INTERVAL_MS)
        self._timer.timeout.connect(self._on_tick)

    def start(self) -> None:
        """Forget earlier samples and start ticking."""
        self.lags_ms = []
        self._last = time.monotonic()
        self._timer.start()

    def stop(self) -> None:
        """Stop ticking (samples are kept)."""
        self._timer.stop()

    def _on_tick(self) -> None:
        now = time.monotonic()
        self.lags_ms.append(max(0.0, (now - self._last) * 1000.0 - LAG_INTERVAL_MS))
        self._last = now
