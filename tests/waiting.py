"""The one way tests wait for something to happen outside Qt's event loop.

Qt tests use ``qtbot.waitUntil``; everything else (threads, processes,
sockets) polls a predicate with ``wait_until``: bounded in time, never a
fixed sleep.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


def wait_until(predicate: Callable[[], bool], timeout: float, step: float = 0.02) -> bool:
    """Poll ``predicate`` until it holds or ``timeout`` s pass; returns the last answer."""
    deadline = time.monotonic() + timeout
    waiter = threading.Event()
    while time.monotonic() < deadline:
        if predicate():
            return True
        waiter.wait(step)  # bounded polling step, not a fixed sleep
    return predicate()
