"""Layout menu: save / open / rename / delete through the UI actions."""

from __future__ import annotations

import pytest

from app.config.layoutstore import LayoutStore
from app.ui.layout_menu import LayoutActions, install_layout_menus
from tests.fakes import ScriptedAsker

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def manager_cameras() -> tuple[str, ...]:
    return ("chiavari-01", "lavagna-02")


def test_save_as_then_open_round_trip(qtbot, manager, bridge, tmp_path):
    store = LayoutStore(tmp_path)
    asker = ScriptedAsker(["Turno notte"])
    actions = LayoutActions(manager, store, bridge, asker)
    install_layout_menus(actions)
    menu = next(
        a.menu() for a in manager.walls[0].window.menuBar().actions() if a.text() == "&Layout"
    )
    texts = [a.text() for a in menu.actions()]
    assert texts == ["Salva", "Salva come...", "Apri", "Rinomina...", "Elimina"]
    menu.actions()[1].trigger()  # Salva come...
    assert (tmp_path / "Turno notte.json").is_file()
    assert bridge.last().text == "Layout \u201cTurno notte\u201d salvato"
    model = manager.walls[0].model
    model.set_grid("3x3")
    model.assign(4, "lavagna-05")
    model.clear(0)
    # Open it again through the Apri submenu, filled when shown.
    opener = menu.actions()[2].menu()
    opener.aboutToShow.emit()
    assert [a.text() for a in opener.actions()] == ["Turno notte"]
    opener.actions()[0].trigger()
    assert model.grid.name == "2x2"
    assert model.visible_cameras() == ["chiavari-01", "lavagna-02", None, None]


def test_save_rename_delete(manager, bridge, tmp_path):
    store = LayoutStore(tmp_path)
    actions = LayoutActions(manager, store, bridge, ScriptedAsker(["Giorno", "Sera", True]))
    assert actions.save()  # no name yet: asks one
    manager.walls[0].model.assign(3, "chiavari-05")
    assert actions.save()  # same name, no question
    assert store.load("Giorno").screens[0].tiles[3] == "chiavari-05"
    assert actions.rename()
    assert [e.name for e in store.list()] == ["Sera"]
    assert actions.delete()
    assert store.list() == []
    assert manager.layout_name == ""


def test_store_errors_reach_the_operator(manager, bridge, tmp_path):
    store = LayoutStore(tmp_path)
    actions = LayoutActions(manager, store, bridge, ScriptedAsker(["bad/name"]))
    assert not actions.save_as()
    last = bridge.last()
    assert last.level == "error" and last.text.startswith("Layout non salvato: ")
    assert not actions.open("inesistente")
    assert bridge.last().text.startswith("Layout non aperto: ")
    # The walls did not change.
    assert manager.walls[0].model.camera_at(0) == "chiavari-01"


def test_tree_double_click_fills_selected_then_first_empty(manager, provider):
    model = manager.walls[0].model
    manager.tree.camera_activated.emit("lavagna-03")
    assert model.camera_at(2) == "lavagna-03"  # first empty tile
    model.select(0)
    manager.tree.camera_activated.emit("lavagna-04")
    assert model.camera_at(0) == "lavagna-04"
    assert manager.health_of("lavagna-04") is not None
    assert manager.health_of("chiavari-01") is None  # not shown anymore
    assert provider.users("chiavari-01") == 0
