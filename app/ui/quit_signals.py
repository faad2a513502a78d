"""Quitting cleanly on SIGTERM and SIGINT while Qt's event loop runs.

Python runs its signal handlers only between bytecodes, and the GUI thread
spends its time inside Qt's C++ loop: a handler alone would wait for the
next Python callback. The signal module writes the signal number to a
socket (``set_wakeup_fd``); a QSocketNotifier on the other end wakes the
loop, which lets Python run the handler, which asks Qt to quit. Quitting
goes through the normal shutdown path (streams stopped, windows closed).
"""

from __future__ import annotations

import logging
import signal
import socket
import sys
from types import FrameType

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, QTimer

logger = logging.getLogger("app.ui")

QUIT_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class QuitOnSignals(QObject):
    """Installs the handlers on construction; ``uninstall`` puts the old ones back."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous = {sig: signal.getsignal(sig) for sig in QUIT_SIGNALS}
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        for sig in QUIT_SIGNALS:
            signal.signal(sig, self._on_signal)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self.received: list[int] = []

    def _drain(self) -> None:
        """Empty the socket; Python runs the pending handler right after this slot."""
        try:
            while self._reader.recv(64):
                pass
        except BlockingIOError:
            pass

    def _on_signal(self, number: int, _frame: FrameType | None) -> None:
        self.received.append(number)
        logger.info("%s received: closing", signal.Signals(number).name)
        # Queued, not called: a signal that comes while the wall is still starting
        # (before Qt's loop runs) would be lost, as quit() does nothing outside the loop.
        QTimer.singleShot(0, QCoreApplication.quit)

    def uninstall(self) -> None:
        """Restore the previous handlers and wakeup descriptor."""
        self._notifier.setEnabled(False)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()


def quit_on_signals(parent: QObject) -> QuitOnSignals | None:
    """Quit the application on SIGTERM/SIGINT (POSIX only; None elsewhere)."""
    if sys.platform.startswith("win"):
        return None
    return QuitOnSignals(parent)
