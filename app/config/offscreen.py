"""Screens for Qt's offscreen platform: a JSON file naming their sizes.

Without one the offscreen platform has a single 800x600 screen; the
screenshot of a machine with no display and the benchmark both want
ordinary monitors.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path


def screens_config(count: int, width: int, height: int) -> dict[str, object]:
    """Qt offscreen platform configuration: ``count`` screens side by side, two rows at most."""
    columns = max(1, math.ceil(count / 2)) if count > 2 else count
    screens = [
        {
            "name": f"offscreen-{i + 1}",
            "x": (i % columns) * width,
            "y": (i // columns) * height,
            "width": width,
            "height": height,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        }
        for i in range(count)
    ]
    return {"screens": screens}


def write_screens_config(path: Path, count: int, width: int, height: int) -> str:
    """Write the configuration atomically; returns the ``QT_QPA_PLATFORM`` value using it."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(screens_config(count, width, height)))
    os.replace(tmp, path)
    return f"offscreen:configfile={path}"
