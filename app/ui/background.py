"""Run one blocking call (network, ONVIF) off the GUI thread.

``run_in_background`` starts a daemon thread for the call and delivers its
result or exception to a slot on the GUI thread through a queued signal, so
a slow or dead device never freezes the wall.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

logger = logging.getLogger("app.ui")


class BackgroundCall(QObject):
    """One call in a worker thread.

    Signals:
        finished(object, object): the result and the exception (one is None).
    """

    finished = Signal(object, object)

    def __init__(
        self,
        call: Callable[[], Any],
        done: Callable[[Any, BaseException | None], None],
        name: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._call, self._done = call, done
        self.running = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        # A bound method of this GUI-thread object: the emit from the worker is queued.
        self.finished.connect(self._on_finished)

    def start(self) -> None:
        """Start the call (once)."""
        self.running = True
        self._thread.start()

    def _run(self) -> None:
        result: Any = None
        error: BaseException | None = None
        try:
            result = self._call()
        except Exception as exc:  # handed to the GUI thread, which reports it
            error = exc
        try:
            # Emitted from the worker: Qt queues it to the receiver's (GUI) thread.
            self.finished.emit(result, error)
        except RuntimeError:
            logger.debug("background call %s ended after its window closed", self._thread.name)

    def _on_finished(self, result: Any, error: BaseException | None) -> None:
        self.running = False
        self._done(result, error)
        self.deleteLater()

    def join(self, timeout: float) -> None:
        """Wait for the worker thread (tests and shutdown only)."""
        self._thread.join(timeout)


def run_in_background(
    call: Callable[[], Any],
    done: Callable[[Any, BaseException | None], None],
    name: str,
    parent: QObject,
) -> BackgroundCall:
    """Start ``call`` in a thread; ``done(result, error)`` runs on the GUI thread."""
    job = BackgroundCall(call, done, name, parent)
    job.start()
    return job
