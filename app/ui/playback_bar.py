"""The bar under a playback tile's picture: its timeline and the playback controls.

A thin view: it paints the feed's timeline and sends what the operator does
(scrub, click a mark, play, pause, a frame on, backwards, speed, go to a
date and time, join the shared timeline, export, back to live) out as
signals; the wall's playback controller (``app.ui.playback_tiles``) applies
them to this tile, or to every tile that follows the shared timeline. Its
background is amber, like the tile's frame: the controls of a recording.

Signals:
    seek(float): show the picture at this time (scrub released, mark clicked, "Vai").
    scrubbing(float): the cursor is being dragged here.
    play(float): play at this speed (negative: backwards).
    pause(): stop at the picture shown.
    step(): the next frame.
    sync_toggled(bool): follow (or leave) the shared timeline.
    export_requested(): export the selection (or the minutes around the cursor).
    live_requested(): back to live video.
    view_changed(): the timeline was zoomed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDateTime, QSize, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.recording import Span
from app.ui.timeline_widget import TimelineWidget
from app.video.playback_feed import PlaybackFeed

SPEEDS = (1.0, 2.0, 4.0, 8.0, 16.0)
BAR_COLOUR = QColor("#8a5a00")
#: Light words on the dark amber; "Sincronizza" on, in black on bright amber.
BUTTONS_STYLE = (
    "QToolButton { color: #fff4dc; padding: 1px 4px; }"
    " QToolButton:checked { background: #ffb000; color: #111111; border-radius: 2px; }"
)

#: Asks the time to go to: (parent, the time shown now) -> the chosen time or None.
TimeAsker = Callable[[QWidget, float], float | None]


def ask_time(parent: QWidget, now: float) -> float | None:
    """A small dialog with a date and time field (the default ``TimeAsker``)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(QCoreApplication.translate("PlaybackBar", "Vai a data e ora"))
    edit = QDateTimeEdit(QDateTime.fromSecsSinceEpoch(int(now)), dialog)
    edit.setDisplayFormat("dd/MM/yyyy HH:mm:ss")
    edit.setCalendarPopup(True)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(edit)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return float(edit.dateTime().toSecsSinceEpoch())


class PlaybackBar(QWidget):
    """Timeline and controls of one playback tile (see module doc)."""

    seek = Signal(float)
    scrubbing = Signal(float)
    play = Signal(float)
    pause = Signal()
    step = Signal()
    sync_toggled = Signal(bool)
    export_requested = Signal()
    live_requested = Signal()
    view_changed = Signal()

    def __init__(
        self, feed: PlaybackFeed, *, ask: TimeAsker = ask_time, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.feed = feed
        self._ask = ask
        self._cursor = feed.timeline.cursor
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, BAR_COLOUR)
        self.setPalette(palette)
        self.setStyleSheet(BUTTONS_STYLE)
        self.timeline = TimelineWidget(feed.timeline, self)
        self.timeline.scrubbed.connect(self.seek)
        self.timeline.mark_clicked.connect(self.seek)
        self.timeline.scrubbing.connect(self.scrubbing)
        self.timeline.view_changed.connect(self._on_timeline_view_changed)
        self.buttons: dict[str, QToolButton] = {}
        self.speed = QComboBox(self)
        self.speed.addItems([f"{s:g}x" for s in SPEEDS])
        self.speed.setToolTip(self.tr("Velocità"))
        self._build()

    def _button(
        self,
        name: str,
        tip: str,
        slot: Callable[[], None],
        look: QStyle.StandardPixmap | str,
    ) -> QToolButton:
        """A flat button with a standard icon, or a word when ``look`` is text."""
        button = QToolButton(self)
        if isinstance(look, str):
            button.setText(look)
        else:
            button.setIcon(self.style().standardIcon(look))
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        self.buttons[name] = button
        return button

    def _build(self) -> None:
        pix = QStyle.StandardPixmap
        row = QHBoxLayout()
        row.setContentsMargins(2, 0, 2, 0)
        row.setSpacing(1)
        for name, tip, slot, look in (
            ("back", self.tr("Indietro"), self._on_back, pix.SP_MediaSeekBackward),
            ("play", self.tr("Riproduci"), self._on_play, pix.SP_MediaPlay),
            ("pause", self.tr("Pausa"), self.pause.emit, pix.SP_MediaPause),
            ("step", self.tr("Fotogramma successivo"), self.step.emit, pix.SP_MediaSkipForward),
        ):
            row.addWidget(self._button(name, tip, slot, look))
        row.addWidget(self.speed)
        row.addWidget(
            self._button("goto", self.tr("Vai a data e ora"), self._on_go_to, self.tr("Vai a"))
        )
        row.addStretch(1)
        for name, tip, slot, word in (
            (
                "sync",
                self.tr("Segue la linea del tempo comune"),
                self._on_sync,
                self.tr("Sincronizza"),
            ),
            (
                "export",
                self.tr("Esporta la selezione"),
                self.export_requested.emit,
                self.tr("Esporta"),
            ),
            ("live", self.tr("Torna in diretta"), self.live_requested.emit, self.tr("Diretta")),
        ):
            row.addWidget(self._button(name, tip, slot, word))
        self.buttons["sync"].setCheckable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2)
        layout.setSpacing(0)
        layout.addWidget(self.timeline)
        layout.addLayout(row)

    def sizeHint(self) -> QSize:
        """The timeline and one row of controls."""
        return QSize(400, self.timeline.sizeHint().height() + 28)

    # -- following the feed ------------------------------------------------------------

    def set_feed(self, feed: PlaybackFeed) -> None:
        """Show another feed's timeline (a swap moved feeds between tiles)."""
        self.feed = feed
        self.timeline.set_model(feed.timeline)

    def refresh(self) -> None:
        """Repaint what changed: the cursor moved, the search came back, the group changed."""
        sync = self.buttons["sync"]
        if sync.isChecked() != self.feed.synced:
            sync.setChecked(self.feed.synced)
        self.buttons["play"].setDown(self.feed.playing)
        if self.feed.timeline.cursor != self._cursor:
            self._cursor = self.feed.timeline.cursor
            self.timeline.update()

    def current_speed(self) -> float:
        """The speed chosen in the list."""
        return SPEEDS[max(0, self.speed.currentIndex())]

    # -- slots ---------------------------------------------------------------------------

    def _on_play(self) -> None:
        self.play.emit(self.current_speed())

    def _on_back(self) -> None:
        self.play.emit(-self.current_speed())

    def _on_sync(self) -> None:
        self.sync_toggled.emit(self.buttons["sync"].isChecked())

    def _on_go_to(self) -> None:
        t = self._ask(self, self.feed.position)
        if t is not None:
            self.go_to(t)

    def go_to(self, t: float) -> None:
        """Centre the timeline on ``t`` and show the picture there."""
        half = self.feed.timeline.view.seconds / 2
        self.feed.timeline.view = Span(t - half, t + half)
        self.view_changed.emit()
        self.seek.emit(t)
        self.timeline.update()

    def _on_timeline_view_changed(self) -> None:
        self.view_changed.emit()
