"""The camera tree: comuni -> cameras, with a filter box and state dots.

The model is a QStandardItemModel over a ``SiteConfig``: read-only, camera
rows drag out as ``application/x-occhio-camera``. Each camera's health mark
(shape and colour, ``app.ui.icons``) comes from a callable (camera id ->
CameraHealth or None) polled twice a second, so the tree needs no knowledge
of how cameras are watched. A second callable may give a camera a badge
beside its health mark, with a line for its tooltip (a plate camera's read
source: ``app.ui.plate_tree``). The filter matches every word typed, in
any order ("aurelia levante"). A search area drawn on the map narrows the
tree to the cameras inside it until the operator clears it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon, QPainter, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.health import CameraHealth
from app.core.model import SiteConfig
from app.ui.icons import health_mark
from app.ui.mime import CAMERA_MIME, camera_mime

CAMERA_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
SEARCH_ROLE = int(Qt.ItemDataRole.UserRole) + 2
HEALTH_ROLE = int(Qt.ItemDataRole.UserRole) + 3
BADGE_ROLE = int(Qt.ItemDataRole.UserRole) + 4
TOOLTIP_ROLE = int(Qt.ItemDataRole.UserRole) + 5  # the row's own tooltip, without a badge's line
MARK_PX = 14
BADGED_ICON = (2 * MARK_PX + 2, MARK_PX)  # health mark, gap, badge

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class RowBadge:
    """A mark beside a camera's health mark, and its line in the tooltip.

    ``key`` names the look: rows compare badges by key and tooltip, and one
    icon is drawn per health and key.
    """

    key: str
    tooltip: str
    pixmap: QPixmap = field(compare=False, hash=False)


_ICONS: dict[tuple[CameraHealth, str], QIcon] = {}


def _marked(health: CameraHealth, badge: RowBadge | None) -> QIcon:
    """The health mark with a badge (or room for one) beside it, drawn once per look."""
    key = badge.key if badge is not None else ""
    icon = _ICONS.get((health, key))
    if icon is None:
        pixmap = QPixmap(*BADGED_ICON)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.drawPixmap(0, 0, health_mark(health).pixmap(MARK_PX, MARK_PX))
        if badge is not None:
            painter.drawPixmap(MARK_PX + 2, 0, badge.pixmap)
        painter.end()
        icon = _ICONS[(health, key)] = QIcon(pixmap)
    return icon


class CameraTreeModel(QStandardItemModel):
    """Sites and their cameras ("101 Piazza Matteotti"), read-only."""

    def __init__(self, site: SiteConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels([self.tr("Telecamere")])
        self._rows: dict[str, QStandardItem] = {}
        for place in site.sites:
            parent_item = QStandardItem(place.name)
            parent_item.setEditable(False)
            parent_item.setDragEnabled(False)
            parent_item.setData(place.name.casefold(), SEARCH_ROLE)
            for cam in site.cameras_of(place.id):
                item = QStandardItem(f"{cam.number} {cam.name}")
                item.setEditable(False)
                item.setData(cam.id, CAMERA_ID_ROLE)
                item.setData(f"{cam.number} {cam.name} {place.name}".casefold(), SEARCH_ROLE)
                item.setToolTip(f"{cam.number} {cam.name} ({place.name}) - {cam.kind.value}")
                item.setData(item.toolTip(), TOOLTIP_ROLE)
                self._set_health(item, CameraHealth.UNKNOWN, None)
                parent_item.appendRow(item)
                self._rows[cam.id] = item
            self.appendRow(parent_item)

    def mimeTypes(self) -> list[str]:
        """Cameras drag out as their id."""
        return [CAMERA_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The first camera among ``indexes``."""
        for index in indexes:
            cam_id = index.data(CAMERA_ID_ROLE)
            if cam_id:
                return camera_mime(str(cam_id))
        return QMimeData()

    def camera_index(self, camera_id: str) -> QModelIndex:
        """The index of a camera's row (invalid when unknown)."""
        item = self._rows.get(camera_id)
        return item.index() if item is not None else QModelIndex()

    def update_states(
        self,
        health_of: Callable[[str], CameraHealth | None],
        badge_of: Callable[[str], RowBadge | None] | None = None,
    ) -> int:
        """Refresh the marks (and, with ``badge_of``, the badges); returns how many rows changed."""
        changed = 0
        for cam_id, item in self._rows.items():
            health = health_of(cam_id) or CameraHealth.UNKNOWN
            badge = badge_of(cam_id) if badge_of is not None else None
            badged = badge_of is not None
            if (item.data(HEALTH_ROLE), item.data(BADGE_ROLE)) != (health, (badged, badge)):
                self._set_health(item, health, badge, badged)
                changed += 1
        return changed

    @staticmethod
    def _set_health(
        item: QStandardItem, health: CameraHealth, badge: RowBadge | None, badged: bool = False
    ) -> None:
        """The row's mark; with ``badged``, every row leaves room for a badge (aligned marks)."""
        item.setData(health, HEALTH_ROLE)
        item.setData((badged, badge), BADGE_ROLE)
        tooltip = str(item.data(TOOLTIP_ROLE))
        item.setIcon(_marked(health, badge) if badged else health_mark(health))
        item.setToolTip(f"{tooltip}\n{badge.tooltip}" if badge is not None else tooltip)


class CameraFilter(QSortFilterProxyModel):
    """Keeps cameras whose number, name or comune contain every word of the filter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)  # a matching comune shows all its cameras
        self._words: list[str] = []
        self._only: frozenset[str] | None = None

    def set_cameras(self, camera_ids: Sequence[str] | None) -> None:
        """Show only these cameras (a map area); None shows every camera again."""
        self.beginFilterChange()
        self._only = None if camera_ids is None else frozenset(camera_ids)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        """Filter by ``text`` (case-insensitive; empty shows everything)."""
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Match the row's search text (and, with an area, keep only its cameras)."""
        index = self.sourceModel().index(source_row, 0, source_parent)
        if self._only is not None:
            camera_id = index.data(CAMERA_ID_ROLE)
            if camera_id is None or str(camera_id) not in self._only:
                return False  # a comune shows through the cameras of it inside the area
        if not self._words:
            return True
        haystack = str(index.data(SEARCH_ROLE) or "")
        return all(word in haystack for word in self._words)


class CameraTree(QWidget):
    """Filter box over the camera tree; emits the camera an operator picks.

    Signals:
        camera_activated(str): a camera row was double-clicked (or Enter).
        area_cleared(): the operator asked for every camera again (clear the map's area).
    """

    camera_activated = Signal(str)
    area_cleared = Signal()

    def __init__(
        self,
        site: SiteConfig,
        health_of: Callable[[str], CameraHealth | None] = lambda _id: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.health_of = health_of
        self.badge_of: Callable[[str], RowBadge | None] | None = None
        self.model = CameraTreeModel(site, self)
        self.proxy = CameraFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Cerca numero, nome o comune"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.view = QTreeView(self)
        self.view.setModel(self.proxy)
        self.view.setHeaderHidden(True)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.activated.connect(self._on_view_activated)
        self.view.expandAll()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self._area_bar())
        layout.addWidget(self.view)
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self.refresh_states)
        self._timer.start()

    def _area_bar(self) -> QWidget:
        """ "Area della mappa: 4 telecamere  [Tutte]", shown while an area narrows the tree."""
        self.area_bar = QWidget(self)
        row = QHBoxLayout(self.area_bar)
        row.setContentsMargins(0, 0, 0, 0)
        self.area_label = QLabel(self.area_bar)
        clear = QToolButton(self.area_bar)
        clear.setText(self.tr("Tutte"))
        clear.setToolTip(self.tr("Cancella l'area della mappa: tutte le telecamere"))
        clear.clicked.connect(self.area_cleared)
        row.addWidget(self.area_label, 1)
        row.addWidget(clear)
        self.area_bar.hide()
        return self.area_bar

    def set_area(self, camera_ids: Sequence[str] | None) -> None:
        """Only these cameras (a search area on the map); None: every camera."""
        self.proxy.set_cameras(camera_ids)
        if camera_ids is None:
            self.area_bar.hide()
        else:
            self.area_label.setText(self.tr("Area della mappa: %d telecamere") % len(camera_ids))
            self.area_bar.show()
        self.view.expandAll()

    def set_site(self, site: SiteConfig) -> None:
        """Show another site's comuni and cameras (after the site was edited)."""
        old = self.model
        self.model = CameraTreeModel(site, self)
        self.proxy.setSourceModel(self.model)
        old.deleteLater()
        self.view.expandAll()
        self.refresh_states()

    def set_badges(self, badge_of: Callable[[str], RowBadge | None] | None) -> None:
        """Take cameras' badges (beside the state dot) from ``badge_of`` (None: no badges)."""
        self.badge_of = badge_of
        if badge_of is not None:
            self.view.setIconSize(QSize(*BADGED_ICON))
        self.refresh_states()

    def refresh_states(self) -> None:
        """Re-read every camera's state dot and badge."""
        self.model.update_states(self.health_of, self.badge_of)

    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self.view.expandAll()

    def _on_view_activated(self, index: QModelIndex) -> None:
        cam_id = index.data(CAMERA_ID_ROLE)
        if cam_id:
            self.camera_activated.emit(str(cam_id))
