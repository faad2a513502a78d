"""The "Layout" menu: save, save as, open, rename and delete layouts.

Names are asked through an ``Asker`` so the tests answer with a script
instead of modal dialogs; errors from the store reach the operator through
the message bridge, in Italian, with the store's detail appended.
"""

from __future__ import annotations

import functools
import logging
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget

from app.config.layoutfile import LayoutFileError
from app.config.layoutstore import LayoutStore, LayoutStoreError
from app.ui.messages import MessageBridge
from app.ui.reasons import reason_words
from app.ui.screens import WallManager

logger = logging.getLogger("app.ui")

STORE_ERRORS = (LayoutStoreError, LayoutFileError, OSError)


class Asker(Protocol):
    """Asks the operator for a name or a confirmation."""

    def text(self, title: str, label: str, default: str = "") -> str | None:
        """A line of text, or None if cancelled."""
        ...

    def confirm(self, title: str, text: str) -> bool:
        """True when the operator agrees."""
        ...


class DialogAsker:
    """The real ``Asker``: small modal dialogs over the first wall window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def text(self, title: str, label: str, default: str = "") -> str | None:
        """QInputDialog.getText."""
        value, ok = QInputDialog.getText(self.parent, title, label, text=default)
        return value if ok else None

    def confirm(self, title: str, text: str) -> bool:
        """QMessageBox.question, Yes/No."""
        answer = QMessageBox.question(self.parent, title, text)
        return answer == QMessageBox.StandardButton.Yes


class LayoutActions(QObject):
    """What the Layout menu does, over a ``WallManager`` and a ``LayoutStore``."""

    def __init__(
        self,
        manager: WallManager,
        store: LayoutStore,
        bridge: MessageBridge,
        asker: Asker | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.manager, self.store, self.bridge = manager, store, bridge
        self.asker: Asker = asker or DialogAsker(manager.walls[0].window)

    def build_menu(self, parent: QWidget) -> QMenu:
        """The "Layout" menu for one window (the open list is read when shown)."""
        menu = QMenu(self.tr("&Layout"), parent)
        menu.addAction(self.tr("Salva"), self.save)
        menu.addAction(self.tr("Salva come..."), self.save_as)
        opener = menu.addMenu(self.tr("Apri"))
        opener.aboutToShow.connect(functools.partial(self._fill_open_menu, opener))
        menu.addAction(self.tr("Rinomina..."), self.rename)
        menu.addAction(self.tr("Elimina"), self.delete)
        return menu

    def _fill_open_menu(self, menu: QMenu) -> None:
        menu.clear()
        try:
            entries = self.store.list()
        except STORE_ERRORS as exc:
            self._fail(self.tr("Impossibile leggere i layout"), exc)
            return
        for entry in entries:
            menu.addAction(entry.name, functools.partial(self.open, entry.name))
        if not entries:
            menu.addAction(self.tr("(nessun layout salvato)")).setEnabled(False)

    def _fail(self, what: str, exc: Exception) -> None:
        logger.error("%s: %s", what, exc)
        self.bridge.error(self.tr("%s: %s") % (what, reason_words(exc)))

    def save(self) -> bool:
        """Save under the current name (asks one the first time)."""
        if not self.manager.layout_name:
            return self.save_as()
        try:
            self.store.save(self.manager.snapshot(self.manager.layout_name))
        except STORE_ERRORS as exc:
            self._fail(self.tr("Layout non salvato"), exc)
            return False
        self.bridge.info(self.tr("Layout \u201c%s\u201d salvato") % self.manager.layout_name)
        return True

    def save_as(self, name: str | None = None) -> bool:
        """Save under a new name and make it the current layout."""
        if name is None:
            name = self.asker.text(
                self.tr("Salva layout"), self.tr("Nome del layout:"), self.manager.layout_name
            )
        if name is None:
            return False
        try:
            saved = self.store.save_as(self.manager.snapshot(name), name)
        except STORE_ERRORS as exc:
            self._fail(self.tr("Layout non salvato"), exc)
            return False
        self.manager.set_layout_name(saved.name)
        self.bridge.info(self.tr("Layout \u201c%s\u201d salvato") % saved.name)
        return True

    def open(self, name: str) -> bool:
        """Load layout ``name`` onto the walls."""
        try:
            layout = self.store.load(name)
        except STORE_ERRORS as exc:
            self._fail(self.tr("Layout non aperto"), exc)
            return False
        self.manager.apply(layout)
        self.bridge.info(self.tr("Layout \u201c%s\u201d aperto") % layout.name)
        return True

    def rename(self, new: str | None = None) -> bool:
        """Rename the current layout."""
        old = self.manager.layout_name
        if not old:
            self.bridge.warning(self.tr("Nessun layout aperto da rinominare"))
            return False
        if new is None:
            new = self.asker.text(self.tr("Rinomina layout"), self.tr("Nuovo nome:"), old)
        if new is None:
            return False
        try:
            self.store.rename(old, new)
        except STORE_ERRORS as exc:
            self._fail(self.tr("Layout non rinominato"), exc)
            return False
        self.manager.set_layout_name(new.strip())
        self.bridge.info(self.tr("Layout rinominato in \u201c%s\u201d") % new.strip())
        return True

    def delete(self) -> bool:
        """Delete the current layout (after confirmation); the walls stay as they are."""
        name = self.manager.layout_name
        if not name:
            self.bridge.warning(self.tr("Nessun layout aperto da eliminare"))
            return False
        question = self.tr("Eliminare il layout \u201c%s\u201d?") % name
        if not self.asker.confirm(self.tr("Elimina layout"), question):
            return False
        try:
            self.store.delete(name)
        except STORE_ERRORS as exc:
            self._fail(self.tr("Layout non eliminato"), exc)
            return False
        self.manager.set_layout_name("")
        self.bridge.info(self.tr("Layout \u201c%s\u201d eliminato") % name)
        return True


def install_layout_menus(actions: LayoutActions) -> None:
    """Add the Layout menu to every wall window's menu bar."""
    for window in actions.manager.windows():
        window.menuBar().addMenu(actions.build_menu(window))
