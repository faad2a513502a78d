"""The camera tree: comuni -> cameras, with a filter box and state dots.

The model is a QStandardItemModel over a ``SiteConfig``: read-only, camera
rows drag out as ``application/x-occhio-camera``. Each camera's health mark
(shape and colour, ``app.ui.icons``) comes from a callable (camera id ->
CameraHealth or None) polled twice a second, so the tree needs no knowledge
of how cameras are watched. The filter matches every word typed, in any
order ("aurelia levante").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from app.core.health import CameraHealth
from app.core.model import SiteConfig
from app.ui.icons import health_mark
from app.ui.mime import CAMERA_MIME, camera_mime

CAMERA_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
SEARCH_ROLE = int(Qt.ItemDataRole.UserRole) + 2
HEALTH_ROLE = int(Qt.ItemDataRole.UserRole) + 3

Index = QModelIndex | QPersistentModelIndex


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
                self._set_health(item, CameraHealth.UNKNOWN)
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

    def update_states(self, health_of: Callable[[str], CameraHealth | None]) -> int:
        """Refresh the marks; returns how many changed."""
        changed = 0
        for cam_id, item in self._rows.items():
            health = health_of(cam_id) or CameraHealth.UNKNOWN
            if item.data(HEALTH_ROLE) != health:
                self._set_health(item, health)
                changed += 1
        return changed

    @staticmethod
    def _set_health(item: QStandardItem, health: CameraHealth) -> None:
        item.setData(health, HEALTH_ROLE)
        item.setIcon(health_mark(health))


class CameraFilter(QSortFilterProxyModel):
    """Keeps cameras whose number, name or comune contain every word of the filter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)  # a matching comune shows all its cameras
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        """Filter by ``text`` (case-insensitive; empty shows everything)."""
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """Match the row's search text."""
        if not self._words:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        haystack = str(index.data(SEARCH_ROLE) or "")
        return all(word in haystack for word in self._words)


class CameraTree(QWidget):
    """Filter box over the camera tree; emits the camera an operator picks.

    Signals:
        camera_activated(str): a camera row was double-clicked (or Enter).
    """

    camera_activated = Signal(str)

    def __init__(
        self,
        site: SiteConfig,
        health_of: Callable[[str], CameraHealth | None] = lambda _id: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.health_of = health_of
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
        layout.addWidget(self.view)
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self.refresh_states)
        self._timer.start()

    def set_site(self, site: SiteConfig) -> None:
        """Show another site's comuni and cameras (after the site was edited)."""
        old = self.model
        self.model = CameraTreeModel(site, self)
        self.proxy.setSourceModel(self.model)
        old.deleteLater()
        self.view.expandAll()
        self.refresh_states()

    def refresh_states(self) -> None:
        """Re-read every camera's state dot."""
        self.model.update_states(self.health_of)

    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self.view.expandAll()

    def _on_view_activated(self, index: QModelIndex) -> None:
        cam_id = index.data(CAMERA_ID_ROLE)
        if cam_id:
            self.camera_activated.emit(str(cam_id))
