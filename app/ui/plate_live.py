"""The camera's live picture inside a hit pop-up: a small wall tile of its own.

The operator sees the vehicle's camera as it is now beside the pictures of
the read, without looking for the camera on the wall. It is a
``TileWidget`` over a ``LiveFeed`` from the wall's stream provider, so it
paints, ages and words its picture exactly like a wall tile (a frozen
camera never looks alive) and shares the running stream when the camera
is also on the wall. It takes the light sub-stream, and only while the
pop-up is on screen: a pop-up closed without acknowledgement (it comes
back when the hit escalates) holds no stream. It is polled at 25 Hz, not
at the walls' 50 Hz: a preview beside the read, where a skipped frame
does not matter. Several pop-ups of one camera show it live in one of
them only (``set_active``: the others say where): in a flood of hits on
a 2-core machine, six live copies of one camera took the event loop's
lag p99 from about 11 ms to about 39 ms.

Signals:
    double_clicked(str): the operator double-clicked the picture (camera id).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.core.model import Camera, Profile
from app.core.streams import StreamProvider
from app.core.tile_state import DEFAULT_STALL_SECONDS
from app.ui.tile import TileWidget
from app.video.feed import LiveFeed

#: 25 Hz: a pop-up's preview (the walls poll at 50 Hz so as to miss no frame).
POLL_MS = 40
SIZE = (360, 270)


class LivePicture(QWidget):
    """A camera's live picture, acquired while shown and given back when hidden."""

    double_clicked = Signal(str)

    def __init__(
        self,
        provider: StreamProvider,
        camera: Camera,
        *,
        stall_seconds: float = DEFAULT_STALL_SECONDS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.provider, self.camera, self.stall_seconds = provider, camera, stall_seconds
        self.feed: LiveFeed | None = None
        self.active = True  # False: another pop-up shows this camera live
        self.tile = TileWidget(0, f"hit-{camera.id}", self)
        self.tile.setAcceptDrops(False)  # a picture to look at, not a wall tile to fill
        self.tile.double_clicked.connect(self._on_tile_double_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tile)
        self.elsewhere = QLabel(self.tr("Immagine dal vivo nella segnalazione più recente"), self)
        self.elsewhere.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.elsewhere.setWordWrap(True)
        self.elsewhere.setStyleSheet("background: #111; color: #888; border: 1px solid #333;")
        self.elsewhere.hide()
        layout.addWidget(self.elsewhere)
        self.setFixedSize(*SIZE)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        """Take the camera's sub-stream (its last known picture shows until it delivers)."""
        if self.feed is not None:
            return
        feed = LiveFeed(
            self.provider,
            self.camera.id,
            self.camera,
            stall_seconds=self.stall_seconds,
            placeholder=self.provider.last_frame(self.camera.id),
        )
        feed.show(Profile.SUB)
        self.feed = feed
        self.tile.set_feed(feed)
        self._timer.start()

    def stop(self) -> None:
        """Give the stream back; the tile goes empty."""
        self._timer.stop()
        feed, self.feed = self.feed, None
        self.tile.set_feed(None)
        if feed is not None:
            feed.close()

    def set_active(self, active: bool) -> None:
        """Show the camera live here (True), or say that another pop-up does (False)."""
        if active == self.active:
            return
        self.active = active
        self.tile.setVisible(active)
        self.elsewhere.setVisible(not active)
        if not active:
            self.stop()
        elif self.isVisible():
            self.start()

    def showEvent(self, event: QShowEvent) -> None:
        """On screen: show the camera (when this pop-up is the one that shows it)."""
        super().showEvent(event)
        if self.active:
            self.start()

    def hideEvent(self, event: QHideEvent) -> None:
        """Off screen: decode nothing."""
        super().hideEvent(event)
        self.stop()

    def _on_timer_timeout(self) -> None:
        self.tile.poll()

    def _on_tile_double_clicked(self, _index: int) -> None:
        self.double_clicked.emit(self.camera.id)
