"""Fixtures for end-to-end tests: a simulator of their own and site files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.config.sitefile import load_site, save_site
from app.ui.demo import point_site_at_sim
from tests.end2end.appproc import AppProcess
from tests.simproc import SimProcess

REPO = Path(__file__).resolve().parents[2]
DEMO_SITE = REPO / "resources" / "demo" / "site.toml"

TILE_LINE = re.compile(
    r"tile wall=(?P<wall>\d+) index=(?P<index>\d+) camera=(?P<camera>\S+) "
    r"health=(?P<health>\w+) banner=(?P<banner>[01]) std=(?P<std>[\d.]+) sig=(?P<sig>\w+)"
)


@dataclass(frozen=True)
class TileSample:
    """One ``--log-tiles`` line."""

    line: int
    index: int
    camera: str
    health: str
    banner: bool
    std: float
    sig: str


def tile_samples(app: AppProcess, start: int = 0) -> list[TileSample]:
    """Every tile line logged from log index ``start`` on."""
    samples = []
    for n, text in enumerate(app.lines[start:], start=start):
        m = TILE_LINE.search(text)
        if m:
            samples.append(
                TileSample(
                    n,
                    int(m["index"]),
                    m["camera"],
                    m["health"],
                    m["banner"] == "1",
                    float(m["std"]),
                    m["sig"],
                )
            )
    return samples


@pytest.fixture(scope="module")
def own_sim() -> Iterator[SimProcess]:
    """A simulator only this module's tests drop and restore cameras on."""
    proc = SimProcess().start()
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture
def sim_site(own_sim: SimProcess, tmp_path: Path) -> Path:
    """The demo site file, pointed at ``own_sim``'s ports."""
    site = point_site_at_sim(load_site(DEMO_SITE), own_sim.info)
    path = tmp_path / "site.toml"
    save_site(site, path)
    return path


@pytest.fixture
def run_app(tmp_path: Path) -> Iterator[list[AppProcess]]:
    """Collects started apps and stops them at the end of the test."""
    started: list[AppProcess] = []
    yield started
    for app in started:
        app.stop()
