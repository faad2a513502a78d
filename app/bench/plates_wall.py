"""A live wall beside the plate measurements: the demo's cameras from the simulator, offscreen.

``bench-plates --ingest RATE --wall N`` puts the demo site's first N
cameras (16: all of them, a 4x4 grid) on one 1920x1080 offscreen wall,
built the way the application builds it (``WallManager``, the wall's PyAV
engine, ONVIF cameras resolved through their devices, one overload
governor), waits until every tile shows live video and keeps it running
while the plate camera floods the station. The streams are wrapped in a
counting provider (``app.bench.counting``), so the report gives the frame
rate each tile painted during the run: a wall that stalls shows there even
when the event loop looks healthy. Hit pop-ups take their live picture
from this provider, and hits frame the tile of their camera, as in the
application.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.bench.counting import CountedStream, CountingProvider
from app.bench.qtloop import spin, wait_until

DEMO_SITE = Path(__file__).resolve().parents[2] / "resources" / "demo" / "site.toml"
SCREEN = (1920, 1080)
LIVE_TIMEOUT_S = 60.0


def offscreen_screen() -> None:
    """One 1920x1080 offscreen screen (before the QApplication exists), unless a display is."""
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return
    from app.config.offscreen import write_screens_config

    folder = Path(tempfile.mkdtemp(prefix="occhio-bench-screens-"))
    os.environ["QT_QPA_PLATFORM"] = write_screens_config(folder / "screens.json", 1, *SCREEN)


@dataclass
class BenchWall:
    """The running wall and what it shows."""

    walls: Any  # WallManager
    manager: Any  # StreamManager
    provider: CountingProvider
    tiles: list[Any] = field(default_factory=list)  # TileWidget
    not_live: int = 0
    _taken: list[int] = field(default_factory=list)
    _since: float = 0.0

    def start_counting(self) -> None:
        """Count painted frames from now on."""
        self._taken = [_taken(t) for t in self.tiles]
        self._since = time.monotonic()

    def fps(self) -> list[float]:
        """Frames each tile painted per second since ``start_counting``."""
        elapsed = max(1e-6, time.monotonic() - self._since)
        return [(_taken(t) - b) / elapsed for t, b in zip(self.tiles, self._taken, strict=True)]

    def report(self) -> dict[str, Any]:
        """Tiles, how many never went live, and the painted rates."""
        fps = self.fps()
        return {
            "tiles": len(self.tiles),
            "tiles_not_live": self.not_live,
            "tile_fps_min": round(min(fps, default=0.0), 1),
            "tile_fps_median": round(statistics.median(fps) if fps else 0.0, 1),
        }

    def stop(self) -> None:
        """Close the wall and its streams."""
        self.walls.shutdown()
        self.manager.shutdown()
        spin(0.1)


def _taken(tile: Any) -> int:
    stream = tile.stream
    return stream.taken if isinstance(stream, CountedStream) else 0


def start_wall(info: dict[str, Any], count: int) -> BenchWall:
    """The demo's first ``count`` cameras on a shown wall, once every tile is live."""
    from app.bench.measure import pick_grid
    from app.config.settings import Settings
    from app.config.sitefile import load_site
    from app.core.layout import WallLayout
    from app.core.wall import ScreenLayout
    from app.devices.sources import DeviceSourceResolver
    from app.ui.bootstrap import freeze_startup_objects
    from app.ui.demo import point_site_at_sim
    from app.ui.messages import MessageBridge
    from app.ui.screens import WallManager
    from app.ui.wall_window import WallOptions
    from app.video.manager import StreamManager
    from app.video.overload import OverloadGovernor
    from app.video.pyav_engine import wall_engine

    settings = Settings()
    site = point_site_at_sim(load_site(DEMO_SITE), info)
    manager = StreamManager(
        wall_engine(settings), DeviceSourceResolver(settings.float_value("onvif.timeout_s"))
    )
    provider = CountingProvider(manager)
    ids = tuple(c.id for c in site.cameras[:count])
    name = pick_grid(len(ids))
    walls = WallManager(
        site,
        provider,
        MessageBridge(show_boxes=False),
        layout=WallLayout("", (ScreenLayout(name, ids),)),
        options=WallOptions(stall_seconds=settings.float_value("wall.stall_seconds")),
        governor=OverloadGovernor(),
    )
    walls.show()
    freeze_startup_objects()
    tiles = [t for t in walls.walls[0].window.view.visible_tiles() if t.camera_id is not None]
    wait_until(lambda: all(t.has_shown_live for t in tiles), LIVE_TIMEOUT_S, 50)
    wall = BenchWall(walls, manager, provider, tiles)
    wall.not_live = sum(1 for t in tiles if not t.has_shown_live)
    spin(1.0)  # first key frames, first resizes
    return wall
