"""Camera tree: model checks, filter, state dots, drag data, activation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.core.health import CameraHealth
from app.ui.camera_tree import CAMERA_ID_ROLE, HEALTH_ROLE, CameraTree, CameraTreeModel
from app.ui.icons import health_mark
from app.ui.mime import read_camera

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def visible_cameras(tree: CameraTree) -> list[str]:
    proxy = tree.proxy
    names = []
    for r in range(proxy.rowCount()):
        parent = proxy.index(r, 0)
        names += [proxy.index(c, 0, parent).data() for c in range(proxy.rowCount(parent))]
    return names


def test_model_passes_modeltester(qapp, qtmodeltester, site):
    model = CameraTreeModel(site)
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    first = model.index(0, 0)
    assert model.index(0, 0, first).data() == "101 Piazza Matteotti"


def test_filter_matches_name_number_and_site(qtbot, qtmodeltester, site):
    tree = CameraTree(site)
    qtbot.addWidget(tree)
    tree.filter.setText("PIAZZA")
    assert visible_cameras(tree) == ["101 Piazza Matteotti", "202 Piazza Cavour"]
    tree.filter.setText("20")
    assert len(visible_cameras(tree)) == 5
    tree.filter.setText("lavagna")
    assert visible_cameras(tree)[0] == "201 Lungomare" and len(visible_cameras(tree)) == 5
    tree.filter.setText("nessuna")
    assert visible_cameras(tree) == []
    tree.filter.setText("")
    assert len(visible_cameras(tree)) == 10
    qtmodeltester.check(tree.proxy)


def test_health_marks_follow_the_cameras(qtbot, site):
    states = {"chiavari-02": CameraHealth.OK, "lavagna-01": CameraHealth.DOWN}
    tree = CameraTree(site, health_of=states.get)
    qtbot.addWidget(tree)
    tree.refresh_states()
    model = tree.model
    assert model.camera_index("chiavari-02").data(HEALTH_ROLE) == CameraHealth.OK
    assert model.camera_index("lavagna-01").data(HEALTH_ROLE) == CameraHealth.DOWN
    assert model.camera_index("chiavari-01").data(HEALTH_ROLE) == CameraHealth.UNKNOWN
    states["chiavari-02"] = CameraHealth.AUTH
    assert model.update_states(states.get) == 1
    assert not model.camera_index("chiavari-02").data(Qt.ItemDataRole.DecorationRole).isNull()


def test_each_health_has_its_own_shape_not_only_a_colour(qapp):
    """Down and connecting (not checked yet) must differ in shape, not only colour."""

    def silhouette(health: CameraHealth) -> bytes:
        image = health_mark(health).pixmap(14, 14).toImage()
        return bytes(
            int(image.pixelColor(x, y).alpha() > 100) for y in range(14) for x in range(14)
        )

    shapes = {health: silhouette(health) for health in CameraHealth}
    assert len(set(shapes.values())) == len(CameraHealth)


def test_filter_matches_words_in_any_order(qtbot, site):
    tree = CameraTree(site)
    qtbot.addWidget(tree)
    tree.filter.setText("matteotti piazza")
    assert visible_cameras(tree) == ["101 Piazza Matteotti"]
    tree.filter.setText("cavour lavagna")
    assert visible_cameras(tree) == ["202 Piazza Cavour"]


def test_drag_data_carries_camera_id(qapp, site):
    model = CameraTreeModel(site)
    index = model.camera_index("lavagna-04")
    assert read_camera(model.mimeData([index])) == "lavagna-04"
    assert not model.mimeData([model.index(0, 0)]).formats()


def test_double_click_activates_camera(qtbot, site):
    tree = CameraTree(site)
    qtbot.addWidget(tree)
    tree.resize(300, 400)
    tree.show()
    qtbot.waitExposed(tree)
    proxy_index = tree.proxy.mapFromSource(tree.model.camera_index("chiavari-03"))
    rect = tree.view.visualRect(proxy_index)
    with qtbot.waitSignal(tree.camera_activated) as blocker:
        # A real double-click: the item view wants the press before the double-click.
        qtbot.mouseClick(tree.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(tree.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["chiavari-03"]
    assert proxy_index.data(CAMERA_ID_ROLE) == "chiavari-03"
