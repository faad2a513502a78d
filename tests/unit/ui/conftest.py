"""Fixtures for UI tests: a small site and the synthetic provider."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.core.layout import WallLayout
from app.core.model import Camera, CameraKind, Site, SiteConfig
from app.core.wall import ScreenLayout
from app.ui.messages import MessageBridge
from app.ui.screens import WallManager
from tests.fakes import FakeProvider

NAMES = [
    "Piazza Matteotti",
    "Corso Garibaldi",
    "Stazione FS",
    "Porto turistico",
    "Via Roma",
    "Lungomare",
    "Piazza Cavour",
    "Ponte Maddalena",
    "Municipio",
    "Scuole medie",
]


def make_site() -> SiteConfig:
    """Two comuni, ten cameras numbered 101-105 and 201-205."""
    sites = (Site("chiavari", "Chiavari"), Site("lavagna", "Lavagna"))
    cameras = tuple(
        Camera(
            id=f"{site.id}-{i:02d}",
            number=(101 if site.id == "chiavari" else 201) + i - 1,
            name=NAMES[(0 if site.id == "chiavari" else 5) + i - 1],
            site_id=site.id,
            kind=CameraKind.PLATE if i == 2 else CameraKind.CONTEXT,
            main_url=f"rtsp://127.0.0.1:1/{site.id}-{i:02d}/main",
        )
        for site in sites
        for i in range(1, 6)
    )
    return SiteConfig("Prova", sites, (), cameras)


@pytest.fixture
def site() -> SiteConfig:
    """The test site."""
    return make_site()


@pytest.fixture
def provider() -> FakeProvider:
    """Synthetic streams with one frame each."""
    return FakeProvider()


@pytest.fixture
def bridge() -> MessageBridge:
    """A message bridge that never opens boxes."""
    return MessageBridge(show_boxes=False)


#: The cameras the ``manager`` fixture's wall shows; a module may override it.
MANAGER_CAMERAS = ("chiavari-01", "chiavari-02")


@pytest.fixture
def manager_cameras() -> tuple[str, ...]:
    """Cameras on the ``manager`` fixture's 2x2 wall (override per module)."""
    return MANAGER_CAMERAS


@pytest.fixture
def manager(
    qtbot: QtBot,
    site: SiteConfig,
    provider: FakeProvider,
    bridge: MessageBridge,
    manager_cameras: tuple[str, ...],
) -> Iterator[WallManager]:
    """A shown wall manager with one 2x2 wall of ``manager_cameras``."""
    layout = WallLayout("", (ScreenLayout("2x2", manager_cameras),))
    mgr = WallManager(site, provider, bridge, layout=layout)
    for window in mgr.windows():
        qtbot.addWidget(window)
    mgr.show()
    yield mgr
    mgr.shutdown()
