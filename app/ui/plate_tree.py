"""Plate cameras' read sources in the camera tree: a badge beside the health mark.

A plate camera has two things that can fail apart: its video (judged by
the health book, ``app.core.health``) and the source of its reads (the
alertStream, the Dahua attach stream, the ONVIF PullPoint subscription,
the pushes it sends to the receiver). The read source gets a mark of its
own rather than an ``Observation`` in the health book: one record per
camera would flip between "in servizio" and "fuori servizio" as video and
reads disagree, raise camera-down alarms for a camera whose picture is
fine, and say nothing at all for a plate camera shown on no wall. So the
tree shows a small plate-shaped badge beside the health mark, with its own
shape per state (a colour-blind operator reads it too), and a tooltip line
that says what the reads are doing, why not, and when the last one came.

``PlateSourceStates`` keeps the last status of each source and the time of
each camera's last read (on the GUI thread, from ``PlateBridge``) and
answers the tree's ``badge_of``.
"""

from __future__ import annotations

import enum
import time
from functools import cache

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap

from app.anpr.sources import SourceStatus
from app.anpr.transits import StoredRead
from app.core.plates_config import Dialect, PlatesConfig
from app.core.streams import Failure, StreamState
from app.ui.camera_tree import MARK_PX, RowBadge

translate = QCoreApplication.translate


class Look(enum.StrEnum):
    """How a read source's badge looks."""

    LIVE = "live"  # reading: a filled green plate
    WAITING = "waiting"  # connecting, or waiting for a pushing camera: a hollow grey plate
    TROUBLE = "trouble"  # reconnecting, or sending what cannot be read: amber, dashed edge
    DOWN = "down"  # failed: a red plate struck through


LOOKS = {
    StreamState.PLAYING: Look.LIVE,
    StreamState.IDLE: Look.WAITING,
    StreamState.CONNECTING: Look.WAITING,
    StreamState.BUFFERING: Look.WAITING,
    StreamState.RECONNECTING: Look.TROUBLE,
    StreamState.STALLED: Look.TROUBLE,
    StreamState.FAILED: Look.DOWN,
}
COLOURS = {
    Look.LIVE: QColor("#3ecf5c"),
    Look.WAITING: QColor("#8a8f98"),
    Look.TROUBLE: QColor("#f0b429"),
    Look.DOWN: QColor("#e5484d"),
}


@cache
def badge_pixmap(look: Look) -> QPixmap:
    """A small licence plate in the look's colour and shape."""
    pixmap = QPixmap(MARK_PX, MARK_PX)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    colour = COLOURS[look]
    plate = QRectF(1, 3.5, MARK_PX - 2, MARK_PX - 7)
    hollow = look is Look.WAITING
    pen = QPen(colour if hollow else QColor(0, 0, 0, 170), 1.5)
    if look is Look.TROUBLE:
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush if hollow else colour)
    painter.drawRoundedRect(plate, 1.5, 1.5)
    if look is Look.DOWN:
        painter.setPen(QPen(QColor("#ffffff"), 1.6))
        painter.drawLine(plate.bottomLeft(), plate.topRight())
    painter.end()
    return pixmap


def dialect_words(dialect: Dialect) -> str:
    """How the reads come, as an installer names it."""
    return {
        Dialect.HIKVISION: "Hikvision alertStream",
        Dialect.HIKVISION_PUSH: translate("PlateTree", "Hikvision, invio alla centrale"),
        Dialect.DAHUA: "Dahua attach",
        Dialect.ONVIF: "ONVIF PullPoint",
        Dialect.WEBHOOK: translate("PlateTree", "webhook JSON"),
    }[dialect]


def reason_words(failure: Failure) -> str:
    """Why a read source is not reading, in the operator's words."""
    words = {
        Failure.AUTH: translate("PlateTree", "credenziali rifiutate"),
        Failure.NOT_FOUND: translate("PlateTree", "servizio eventi inesistente (404)"),
        Failure.MALFORMED: translate("PlateTree", "indirizzo non valido"),
        Failure.UNREACHABLE: translate("PlateTree", "non raggiungibile"),
        Failure.TIMEOUT: translate("PlateTree", "nessuna risposta"),
        Failure.ENDED: translate("PlateTree", "collegamento chiuso dalla telecamera"),
        Failure.PROTOCOL: translate("PlateTree", "eventi illeggibili"),
    }
    return words.get(failure, translate("PlateTree", "errore"))


def state_words(status: SourceStatus | None, retry_at: float, now: float) -> str:
    """What the source does ("attive", "INTERROTTE (nessuna risposta), nuovo tentativo tra 4 s")."""
    if status is None:
        return translate("PlateTree", "non avviate")
    state = status.state
    simple = {
        StreamState.PLAYING: translate("PlateTree", "attive"),
        StreamState.IDLE: translate("PlateTree", "in attesa della telecamera"),
        StreamState.CONNECTING: translate("PlateTree", "connessione..."),
        StreamState.BUFFERING: translate("PlateTree", "connessione..."),
        StreamState.STALLED: translate("PlateTree", "RICEVUTI EVENTI ILLEGGIBILI"),
    }
    if state in simple:
        return simple[state]
    why = reason_words(status.failure)
    if state is StreamState.FAILED:
        return translate("PlateTree", "NON ATTIVE (%s)") % why
    left = max(0, round(retry_at - now))
    return translate("PlateTree", "INTERROTTE (%s), nuovo tentativo tra %d s") % (why, left)


class PlateSourceStates:
    """The last status of each plate source and the last read of each camera.

    A status's ``retry_in_s`` becomes a deadline when it arrives, so the
    tooltip counts down.
    """

    def __init__(self, config: PlatesConfig) -> None:
        self.config = config
        self.statuses: dict[str, SourceStatus] = {}
        self.last_read: dict[str, float] = {}
        self._retry_at: dict[str, float] = {}

    def on_status(self, status: SourceStatus, now: float | None = None) -> None:
        """Take a source's new status."""
        now = time.monotonic() if now is None else now
        self.statuses[status.camera_id] = status
        self._retry_at[status.camera_id] = now + status.retry_in_s

    def on_read(self, stored: StoredRead) -> None:
        """Note when a camera's last read came."""
        self.last_read[stored.read.camera_id] = stored.read.captured_at

    def look(self, camera_id: str) -> Look | None:
        """The badge's look (None: not a plate camera)."""
        if self.config.source(camera_id) is None:
            return None
        status = self.statuses.get(camera_id)
        return LOOKS[status.state] if status is not None else Look.DOWN

    def badge(self, camera_id: str, now: float | None = None) -> RowBadge | None:
        """The tree's badge for ``camera_id`` (None: not a plate camera)."""
        source = self.config.source(camera_id)
        look = self.look(camera_id)
        if source is None or look is None:
            return None
        now = time.monotonic() if now is None else now
        status = self.statuses.get(camera_id)
        text = translate("PlateTree", "Letture targhe (%s): %s") % (
            dialect_words(source.dialect),
            state_words(status, self._retry_at.get(camera_id, now), now),
        )
        last = self.last_read.get(camera_id)
        if last is not None:
            stamp = time.strftime("%H:%M:%S %d/%m", time.localtime(last))
            text += "\n" + translate("PlateTree", "Ultima lettura: %s") % stamp
        return RowBadge(look.value, text, badge_pixmap(look))
