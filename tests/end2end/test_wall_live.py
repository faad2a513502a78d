"""The wall as a process: nine live tiles, a camera lost and brought back.

The application runs offscreen with ``--log-tiles``, which logs a fingerprint
of what each tile shows every half second; the simulator is driven over its
control API. Times are measured by the test from outside the process.
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

import pytest

from tests.end2end.appproc import AppProcess
from tests.end2end.conftest import TileSample, tile_samples
from tests.simproc import SimProcess

pytestmark = pytest.mark.e2e

TILES = 9


def _by_tile(samples: list[TileSample]) -> dict[int, list[TileSample]]:
    tiles: dict[int, list[TileSample]] = defaultdict(list)
    for s in samples:
        tiles[s.index].append(s)
    return tiles


def _all_changing(lines_from: int, app: AppProcess, needed: int = 3) -> bool:
    """Every tile has ``needed`` live samples with different fingerprints."""
    tiles = _by_tile([s for s in tile_samples(app, lines_from) if s.health == "live"])
    return len(tiles) == TILES and all(len({s.sig for s in v}) >= needed for v in tiles.values())


def _start_wall(sim_site: Path, tmp_path: Path, run_app: list[AppProcess]) -> AppProcess:
    app = AppProcess(["--site", str(sim_site), "--log-tiles"], home=tmp_path / "home")
    run_app.append(app)
    app.wait_for(r"wall ready", 60)
    app.wait_until(lambda _: _all_changing(0, app), 40, "nine live tiles with changing pictures")
    return app


def test_nine_tiles_show_live_different_pictures(
    sim_site: Path, tmp_path: Path, run_app: list[AppProcess]
) -> None:
    app = _start_wall(sim_site, tmp_path, run_app)
    latest = {i: v[-1] for i, v in _by_tile(tile_samples(app)).items()}
    assert sorted(latest) == list(range(TILES))
    assert len({s.camera for s in latest.values()}) == TILES
    for sample in latest.values():
        assert sample.std > 10, f"tile {sample.index} is nearly uniform: {sample}"
    assert len({s.sig for s in latest.values()}) == TILES, "two tiles show the same picture"


def test_dropped_camera_shows_banner_and_comes_back(
    own_sim: SimProcess, sim_site: Path, tmp_path: Path, run_app: list[AppProcess]
) -> None:
    app = _start_wall(sim_site, tmp_path, run_app)
    victim = next(s.camera for s in tile_samples(app) if s.index == 4)
    mark = app.mark()
    dropped_at = time.monotonic()
    own_sim.control(victim, "drop")
    try:

        def bannered(_: list[str]) -> bool:
            return any(s.camera == victim and s.banner for s in tile_samples(app, mark))

        app.wait_until(bannered, 10, f"lost-signal banner on {victim}")
        banner_after = time.monotonic() - dropped_at
        # Meanwhile the other eight keep playing and changing.
        app.wait_until(lambda _: _others_changing(app, mark, victim), 10, "others still live")
    finally:
        restore_mark = app.mark()
        restored_at = time.monotonic()
        own_sim.control(victim, "restore")

    def live_again(_: list[str]) -> bool:
        return any(
            s.camera == victim and s.health == "live" and not s.banner
            for s in tile_samples(app, restore_mark)
        )

    app.wait_until(live_again, 15, f"{victim} live again")
    back_after = time.monotonic() - restored_at
    print(f"banner after {banner_after:.2f} s, video back after {back_after:.2f} s")
    assert banner_after <= 3.0, f"banner after {banner_after:.1f} s"
    assert back_after <= 5.0, f"video back after {back_after:.1f} s"


def _others_changing(app: AppProcess, mark: int, victim: str) -> bool:
    others = [s for s in tile_samples(app, mark) if s.camera != victim]
    tiles = _by_tile(others)
    if len(tiles) != TILES - 1:
        return False
    return all(
        all(s.health == "live" for s in v) and len({s.sig for s in v}) >= 2 for v in tiles.values()
    )


def test_sigterm_closes_the_wall_cleanly(
    sim_site: Path, tmp_path: Path, run_app: list[AppProcess]
) -> None:
    app = AppProcess(["--site", str(sim_site)], home=tmp_path / "home")
    run_app.append(app)
    app.wait_for(r"wall ready", 60)
    app.wait_for(r"-> playing", 30)
    sent = time.monotonic()
    app.proc.terminate()
    status = app.wait_exit(10)
    assert status == 0, "\n".join(app.lines[-20:])
    assert time.monotonic() - sent < 5, "the wall took longer than 5 s to close on SIGTERM"
    app.wait_for(r"SIGTERM received", 1)
    app.wait_for(r"shutting down", 1)
