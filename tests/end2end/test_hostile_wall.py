"""The wall against a camera whose video stops while its audio goes on.

Before, the stream's worker stayed inside FFmpeg's read: the tile said "In
diretta" over a frozen picture and the wall ignored SIGTERM. Now the tile
shows the stall and the wall closes when asked.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from app.config.sitefile import save_site
from app.core.model import Camera, Site, SiteConfig
from tests.end2end.appproc import AppProcess
from tests.end2end.conftest import tile_samples
from tests.hostile.rtsp import HostileRtspServer, Script

pytestmark = pytest.mark.e2e


def test_wall_shows_the_stall_and_closes_on_sigterm(
    tmp_path: Path, run_app: list[AppProcess]
) -> None:
    with HostileRtspServer(Script(after="audio", audio_track=True)) as server:
        site = SiteConfig(
            "ostile",
            (Site("s", "Sala"),),
            cameras=(Camera("muta", 1, "Video fermo", "s", main_url=server.url),),
        )
        path = tmp_path / "site.toml"
        save_site(site, path)
        app = AppProcess(["--site", str(path), "--log-tiles"], home=tmp_path / "home")
        run_app.append(app)
        app.wait_for(r"wall ready", 60)

        def seen(health: str) -> bool:
            return any(s.camera == "muta" and s.health == health for s in tile_samples(app))

        app.wait_until(lambda _: seen("live"), 30, "the tile plays")
        app.wait_until(lambda _: seen("stalled"), 30, "the tile shows the stall")
        app.proc.send_signal(signal.SIGTERM)
        # Bounded: a wall stuck in a read never ends, and this raises.
        status = app.wait_exit(timeout=15)
    assert status == 0
    assert any("shutting down" in line for line in app.lines)
