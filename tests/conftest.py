"""Test-wide settings: no display, a private home for every test, and leak checks.

Every test gets its own ``OCCHIO_HOME``, so no test reads or writes the
operator's real settings, site or layouts, nor another test's. A test that
leaves a non-daemon thread running or a top-level window open fails: a
leaked stream worker or window would otherwise show up later as another
test's flake, or as a program that does not exit.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest

from tests.simproc import SimProcess
from tests.waiting import wait_until

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The simulator's encoded loops are kept between test runs (keyed by content),
# even if a test later points HOME elsewhere: encoding them is the slow part.
os.environ.setdefault("OCCHIO_SIM_CACHE", str(Path(platformdirs.user_cache_dir("occhio")) / "sim"))

#: Stopping stream workers end within their read timeout; give them this long.
THREAD_GRACE_S = 5.0


@pytest.fixture(scope="session")
def sim() -> Iterator[SimProcess]:
    """A simulator process for the demo site, shared by the whole test run."""
    proc = SimProcess().start()
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings, site, layouts and data of this test only."""
    home = tmp_path / "occhio-home"
    monkeypatch.setenv("OCCHIO_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    """Fail the test that leaves a non-daemon thread running after it ended."""
    before = set(threading.enumerate())
    yield

    def leaked() -> list[threading.Thread]:
        return [
            t for t in threading.enumerate() if t not in before and not t.daemon and t.is_alive()
        ]

    if not wait_until(lambda: not leaked(), THREAD_GRACE_S, 0.05):
        names = ", ".join(sorted(t.name for t in leaked()))
        pytest.fail(f"threads left running by this test: {names}")


@pytest.fixture(autouse=True)
def no_leaked_windows() -> Iterator[None]:
    """Fail the test that leaves a top-level widget shown (pytest-qt closes those it was given).

    Qt is looked up, never imported here: tests of the core run without it.
    """
    widgets = sys.modules.get("PySide6.QtWidgets")
    app = widgets.QApplication.instance() if widgets is not None else None
    before = set(app.topLevelWidgets()) if app is not None else set()
    yield
    widgets = sys.modules.get("PySide6.QtWidgets")
    app = widgets.QApplication.instance() if widgets is not None else None
    if app is None:
        return
    shown = [w for w in app.topLevelWidgets() if w not in before and w.isVisible()]
    for widget in shown:
        widget.close()
    if shown:
        names = ", ".join(sorted(type(w).__name__ for w in shown))
        pytest.fail(f"top-level widgets left open by this test: {names}")
