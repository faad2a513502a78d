"""Health of every camera and alarms in the wall: tiles feed the book, alarms reach the list."""

from __future__ import annotations

import csv
import time

import pytest

from app.core.alarm_rules import AlarmRules
from app.core.alarm_store import AlarmStore
from app.core.alarms import AlarmEngine, AlarmKind
from app.core.health import CameraHealth, HealthBook, Observation
from app.core.layout import WallLayout
from app.core.model import Profile
from app.core.streams import Failure, StreamKey, StreamState, StreamStatus
from app.core.wall import ScreenLayout
from app.ui.alarm_panel import AlarmPanel
from app.ui.health_panel import HealthPanel
from app.ui.health_service import HealthService
from app.ui.screens import WallManager

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def health(qtbot, site, provider, bridge):
    layout = WallLayout("Turno", (ScreenLayout("2x2", ("chiavari-01", "chiavari-02")),))
    walls = WallManager(site, provider, bridge, layout=layout)
    for window in walls.windows():
        qtbot.addWidget(window)
    walls.show()
    book = HealthBook([c.id for c in site.cameras], time.time())
    engine = AlarmEngine(AlarmRules(down_after_s=0), AlarmStore(":memory:"))
    book.changed.connect(engine.on_health_changed)
    service = HealthService(walls, book, engine, None)
    walls.set_health_book(book)
    yield walls, book, service
    service.stop()
    walls.shutdown()


def test_a_camera_on_the_wall_is_judged_by_its_tile(qtbot, health, provider):
    walls, book, service = health
    service.tick()
    assert book.record("chiavari-01").health is CameraHealth.OK
    stream = provider.streams[StreamKey("chiavari-02", Profile.SUB)]
    stream.push(seed=2, age=40.0)  # the last picture, 40 s ago
    stream.status = StreamStatus(StreamState.RECONNECTING, Failure.UNREACHABLE)
    qtbot.waitUntil(lambda: walls.walls[0].window.view.tiles[1].state.banner, timeout=3000)
    service.tick()
    record = book.record("chiavari-02")
    assert record.health is CameraHealth.DOWN and record.failure is Failure.UNREACHABLE
    assert abs(record.since - (time.time() - 40)) < 3  # down since its last picture
    assert walls.health_of("chiavari-02") is CameraHealth.DOWN


def test_an_alarm_reaches_every_window_and_is_acknowledged(qtbot, health, site):
    walls, _book, service = health
    counts = []
    service.alarms_changed.connect(counts.append)
    service.alarms_changed.connect(walls.set_alarm_count)
    panel = AlarmPanel(service, site, "agente 7", lambda _t, _l: "pattuglia inviata")
    qtbot.addWidget(panel)
    service.inbox.put(Observation("lavagna-03", False, Failure.TIMEOUT, "no answer", time.time()))
    service.tick()
    assert counts[-1] == 1
    assert walls.walls[0].window.info.alarm_button.text() == "⚠ 1 allarmi da confermare"
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 1).text() == "203 Ponte Maddalena"
    assert panel.table.item(0, 3).text() == "Telecamera fuori servizio"
    panel.table.selectRow(0)
    acked = panel.acknowledge_selected()
    assert acked is not None and acked.acked_by == "agente 7" and acked.note == "pattuglia inviata"
    assert counts[-1] == 0 and panel.table.item(0, 6).text().startswith("agente 7")
    assert panel.send_selected(0)  # its camera goes to the selected or first empty tile
    assert "lavagna-03" in walls.walls[0].model.visible_cameras()
    service.inbox.put(Observation("lavagna-03", True, at=time.time()))
    service.tick()
    assert [a.kind for a in service.alarms.recent()][:2] == [
        AlarmKind.CAMERA_BACK,
        AlarmKind.CAMERA_DOWN,
    ]


def test_health_panel_sorts_worst_first_filters_and_exports(
    qtbot, qtmodeltester, health, site, tmp_path
):
    _walls, book, _service = health
    now = time.time()
    book.observe(Observation("lavagna-01", False, Failure.AUTH, "401", now))
    book.observe(Observation("chiavari-03", True, at=now))
    panel = HealthPanel(book, site)
    qtbot.addWidget(panel)
    qtmodeltester.check(panel.model)
    first = panel.proxy.index(0, 2).data()
    assert first == "Credenziali rifiutate"
    panel.comune.setCurrentIndex(1)  # Chiavari
    shown = {panel.proxy.index(r, 1).data() for r in range(panel.proxy.rowCount())}
    assert shown == {"Chiavari"}
    rows = panel.export_csv(tmp_path / "stato.csv")
    with (tmp_path / "stato.csv").open(encoding="utf-8") as f:
        table = list(csv.reader(f, delimiter=";"))
    assert rows == 5 and len(table) == 6 and table[0][0] == "Telecamera"
    assert any(r[2] == "In servizio" for r in table[1:])
    panel.grab().save(str(tmp_path / "health.png"))
