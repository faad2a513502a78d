"""Test-wide settings: no display, and a private home for every test run."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
