"""Hits on the wall: a pop-up per hit, sound by priority, acknowledgement and escalation.

``HitsController`` owns the open pop-ups. A hit plays its category's sound
and opens a pop-up at once; a hit left unacknowledged for
``escalate_after_s`` escalates: the sound again, the pop-up framed in red
and moved to the second screen (when there is one), the escalation stored.
It repeats until someone acknowledges. The acknowledgement is committed
durably before the pop-up closes.

Each pop-up shows the camera's live picture (``live_picture`` makes it;
of several pop-ups of one camera the newest shows it, the others say so),
and every open hit marks the tiles that show its camera on the walls
(``marks``: the list's colour and the plate) until it is acknowledged.

When ``MAX_POPUPS`` are open, further hits only go to the hits panel and
``overflow`` says how many wait: a flood of hits must not bury the wall
under windows. Sounds are at most one per ``SOUND_GAP_S``.

Signals:
    changed(): a hit arrived or was acknowledged (the hits panel refreshes).
    overflow(int): hits not shown as pop-ups since the pop-ups were full.
    acknowledged(int): this hit was acknowledged (the maps take it off).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from app.anpr.pipeline import HitEvent
from app.anpr.transit_hits import Outcome, acknowledge, mark_escalated
from app.anpr.transits import TransitStore
from app.core.model import SiteConfig
from app.core.plates_lists import Sound
from app.core.tile_marks import CameraMarks, TileMark
from app.ui.plate_live import LivePicture
from app.ui.plate_popup import HitPopup

logger = logging.getLogger("app.ui")

MAX_LATENCIES = 10000
CASCADE_PX = 32
#: Pop-ups open at once; more hits wait in the hits panel (they are stored anyway).
MAX_POPUPS = 6
#: At most one alert sound in this time, however many hits come.
SOUND_GAP_S = 1.0


class HitsController(QObject):
    """Opens, sounds, escalates and acknowledges hit pop-ups."""

    changed = Signal()
    overflow = Signal(int)
    acknowledged = Signal(int)

    def __init__(
        self,
        store: TransitStore,
        site: SiteConfig,
        *,
        play: Callable[[Sound], None],
        show_camera: Callable[[str], None],
        flush: Callable[[], bool],
        operator: str,
        escalate_after_s: float = 60.0,
        live_picture: Callable[[str], LivePicture | None] | None = None,
        marks: CameraMarks | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._live_picture = live_picture or (lambda _camera: None)
        self.marks = marks
        self.store, self.site = store, site
        self._play, self._show_camera, self._flush = play, show_camera, flush
        self.operator = operator
        self.escalate_after_s = escalate_after_s
        self.popups: dict[int, HitPopup] = {}
        self._live_hit: dict[str, int] = {}  # camera -> the hit whose pop-up shows it live
        self._timers: dict[int, QTimer] = {}
        self.latencies_ms: list[float] = []  # read in to pop-up painted
        self.not_shown = 0
        self._last_sound = -SOUND_GAP_S

    def on_hit(self, event: HitEvent) -> None:
        """Show a new hit: tile marks, pop-up, sound, escalation timer (or count it when full)."""
        hotlist = event.hit.hotlist
        if self.marks is not None:
            mark = TileMark(hotlist.category.colour, event.hit.plate, hotlist.category.priority)
            self.marks.add(event.stored.read.camera_id, event.hit_id, mark)
        if len(self.popups) >= MAX_POPUPS:
            self.not_shown += 1
            self.overflow.emit(self.not_shown)
            self.changed.emit()
            return
        self._open(event)
        self._sound(event.hit.hotlist.category.sound)
        self.changed.emit()

    def show_hit(self, event: HitEvent) -> None:
        """Bring a hit's pop-up to the front, opening it again if it was closed (no sound)."""
        popup = self.popups.get(event.hit_id)
        if popup is None:
            popup = self._open(event)
        popup.show()
        popup.raise_()
        popup.activateWindow()

    def _open(self, event: HitEvent) -> HitPopup:
        """The hit's pop-up, shown, with its escalation timer running."""
        camera = self.site.camera(event.stored.read.camera_id)
        name = f"{camera.number} {camera.name}" if camera else event.stored.read.camera_id
        live = self._live_picture(event.stored.read.camera_id)
        if live is not None:
            live.double_clicked.connect(self._show_camera)
            self._move_live(event.stored.read.camera_id, live, event.hit_id)
        popup = HitPopup(event, name, live)
        popup.acknowledge_requested.connect(self._on_acknowledge_requested)
        popup.show_camera_requested.connect(self._show_camera)
        popup.first_painted.connect(self._on_popup_painted)
        self.popups[event.hit_id] = popup
        self._place(popup, len(self.popups) - 1)
        popup.show()
        popup.raise_()
        timer = QTimer(self)
        timer.setInterval(int(self.escalate_after_s * 1000))
        timer.timeout.connect(lambda hid=event.hit_id: self._escalate(hid))
        timer.start()
        self._timers[event.hit_id] = timer
        return popup

    def _move_live(self, camera_id: str, live: LivePicture, hit_id: int) -> None:
        """Make ``live`` (of hit ``hit_id``) the one live picture of its camera."""
        before = self.popups.get(self._live_hit.get(camera_id, -1))
        if before is not None and before.live is not None and before.live is not live:
            before.live.set_active(False)
        live.set_active(True)
        self._live_hit[camera_id] = hit_id

    def _sound(self, sound: Sound) -> None:
        now = time.monotonic()
        if now - self._last_sound >= SOUND_GAP_S:
            self._last_sound = now
            self._play(sound)

    def _on_popup_painted(self, painted: float) -> None:
        popup = self.sender()
        if isinstance(popup, HitPopup) and len(self.latencies_ms) < MAX_LATENCIES:
            self.latencies_ms.append((painted - popup.hit_event.submitted) * 1000.0)

    def _place(self, popup: QWidget, index: int, screen_number: int = 0) -> None:
        """Cascade pop-ups from the top left of a screen's available area."""
        screens = QGuiApplication.screens()
        area = screens[min(screen_number, len(screens) - 1)].availableGeometry()
        offset = CASCADE_PX * (index % 8)
        popup.move(area.left() + 40 + offset, area.top() + 40 + offset)

    def _escalate(self, hit_id: int) -> None:
        popup = self.popups.get(hit_id)
        if popup is None:
            return
        popup.mark_escalated()
        self._place(popup, 0, screen_number=1)
        popup.show()  # again, if it was closed without acknowledgement
        popup.raise_()
        self._play(popup.hit_event.hit.hotlist.category.sound)  # always: that is the point
        mark_escalated(self.store, hit_id, time.time())
        logger.warning(
            "hit %d not acknowledged after %.0f s: escalated", hit_id, self.escalate_after_s
        )

    def _on_acknowledge_requested(self, hit_id: int, outcome: str, note: str) -> None:
        self.acknowledge(hit_id, Outcome(outcome), note)

    def acknowledge(self, hit_id: int, outcome: Outcome, note: str) -> bool:
        """Store the acknowledgement (the hit is flushed to disk first if needed); close it."""
        done = acknowledge(self.store, hit_id, self.operator, outcome, note)
        if not done and self._flush():
            done = acknowledge(self.store, hit_id, self.operator, outcome, note)
        if done:
            self._forget(hit_id)
            self.acknowledged.emit(hit_id)
            if self.marks is not None:
                self.marks.remove(hit_id)
            self.changed.emit()
        return done

    def dismiss(self, hit_id: int) -> None:
        """Close a pop-up without acknowledging it (the hit stays open in the panel)."""
        self._forget(hit_id)
        self.changed.emit()

    def _forget(self, hit_id: int) -> None:
        popup = self.popups.pop(hit_id, None)
        if popup is not None:
            popup.close()
            popup.deleteLater()
            camera_id = popup.hit_event.stored.read.camera_id
            if self._live_hit.get(camera_id) == hit_id:
                del self._live_hit[camera_id]
                self._hand_live_on(camera_id)
        timer = self._timers.pop(hit_id, None)
        if timer is not None:
            timer.stop()
            timer.deleteLater()

    def _hand_live_on(self, camera_id: str) -> None:
        """The newest pop-up left of ``camera_id`` shows it live now."""
        same = [
            (hid, p.live)
            for hid, p in self.popups.items()
            if p.live is not None and p.hit_event.stored.read.camera_id == camera_id
        ]
        if same:
            hid, live = max(same, key=lambda item: item[0])
            assert live is not None
            self._move_live(camera_id, live, hid)

    def shutdown(self) -> None:
        """Close every pop-up (their hits stay open in the store).

        The pop-ups are deleted now, not at the next turn of the event loop:
        a pop-up outliving its controller crashed the process when deleted.
        """
        for hit_id in list(self.popups):
            self._forget(hit_id)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
