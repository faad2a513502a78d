"""Test-wide settings: no display, and a private home for every test run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest

from tests.simproc import SimProcess

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The simulator's encoded loops are kept between test runs (keyed by content),
# even if a test later points HOME elsewhere: encoding them is the slow part.
os.environ.setdefault("OCCHIO_SIM_CACHE", str(Path(platformdirs.user_cache_dir("occhio")) / "sim"))


@pytest.fixture(scope="session")
def sim() -> Iterator[SimProcess]:
    """A simulator process for the demo site, shared by the whole test run."""
    proc = SimProcess().start()
    try:
        yield proc
    finally:
        proc.stop()
