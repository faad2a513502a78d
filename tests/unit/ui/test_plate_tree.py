"""Plate cameras' read sources in the camera tree: badge, shape per state, tooltip."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.anpr.sources import SourceStatus
from app.anpr.transits import StoredRead
from app.core.health import CameraHealth
from app.core.model import SiteConfig
from app.core.plates_config import Dialect, PlatesConfig, PlateSource
from app.core.streams import Failure, StreamState
from app.ui.camera_tree import BADGE_ROLE, CameraTree
from app.ui.plate_tree import Look, PlateSourceStates, badge_pixmap
from tests.plate_fixtures import plate_read

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
CONFIG = PlatesConfig(
    (
        PlateSource("chiavari-02", Dialect.HIKVISION, "127.0.0.1", 80, "admin", "x"),
        PlateSource("lavagna-02", Dialect.WEBHOOK),
    )
)


def tooltip(tree: CameraTree, camera_id: str) -> str:
    return str(tree.model.camera_index(camera_id).data(0x0003))  # ToolTipRole


def test_source_states_say_what_the_reads_do(qapp: object) -> None:
    states = PlateSourceStates(CONFIG)
    assert states.badge("chiavari-01") is None  # not a plate camera: no badge
    badge = states.badge("chiavari-02", now=0.0)
    assert badge is not None and badge.key == Look.DOWN
    assert "Hikvision alertStream" in badge.tooltip and "non avviate" in badge.tooltip
    states.on_status(SourceStatus("chiavari-02", StreamState.PLAYING), now=0.0)
    states.on_read(StoredRead(1, plate_read("AB123CD", camera="chiavari-02")))
    badge = states.badge("chiavari-02", now=1.0)
    assert badge is not None and badge.key == Look.LIVE
    assert "attive" in badge.tooltip and "Ultima lettura" in badge.tooltip
    states.on_status(
        SourceStatus("chiavari-02", StreamState.RECONNECTING, Failure.TIMEOUT, "", 0, 8.0),
        now=10.0,
    )
    badge = states.badge("chiavari-02", now=13.0)
    assert badge is not None and badge.key == Look.TROUBLE
    assert "INTERROTTE (nessuna risposta), nuovo tentativo tra 5 s" in badge.tooltip
    states.on_status(SourceStatus("lavagna-02", StreamState.FAILED, Failure.AUTH), now=0.0)
    badge = states.badge("lavagna-02")
    assert badge is not None and badge.key == Look.DOWN
    assert "webhook JSON" in badge.tooltip and "NON ATTIVE (credenziali rifiutate)" in badge.tooltip


def test_every_look_has_its_own_picture(qapp: object) -> None:
    images = {look: badge_pixmap(look).toImage() for look in Look}
    assert len({bytes(image.constBits()) for image in images.values()}) == len(Look)


def test_tree_shows_badges_beside_the_health_marks(
    qtbot: QtBot, site: SiteConfig, tmp_path: Path
) -> None:
    health = {"chiavari-02": CameraHealth.OK, "lavagna-02": CameraHealth.OK}
    tree = CameraTree(site, health.get)
    qtbot.addWidget(tree)
    states = PlateSourceStates(CONFIG)
    states.on_status(SourceStatus("chiavari-02", StreamState.PLAYING))
    states.on_status(SourceStatus("lavagna-02", StreamState.FAILED, Failure.AUTH))
    tree.set_badges(states.badge)
    assert "Letture targhe (Hikvision alertStream): attive" in tooltip(tree, "chiavari-02")
    assert "credenziali rifiutate" in tooltip(tree, "lavagna-02")
    assert "Letture targhe" not in tooltip(tree, "chiavari-01")
    # Video fine, reads down: the health mark stays, only the badge says it.
    index = tree.model.camera_index("lavagna-02")
    assert index.data(BADGE_ROLE)[1].key == Look.DOWN
    states.on_status(SourceStatus("lavagna-02", StreamState.PLAYING))
    assert tree.model.update_states(tree.health_of, tree.badge_of) == 1  # that row only
    assert index.data(BADGE_ROLE)[1].key == Look.LIVE
    tree.resize(320, 400)
    tree.show()
    qtbot.waitExposed(tree)
    assert tree.grab().save(str(tmp_path / "tree.png"))
    tree.set_badges(None)
    assert "Letture targhe" not in tooltip(tree, "chiavari-02")
