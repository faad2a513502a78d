"""Keeps the health book and the alarms up to date while the wall runs.

Twice a second, on the GUI thread: the background check's results are
taken from its queue, every camera a wall shows is judged by its tile (a
stream says more than any check, and its camera needs no check of its
own), the checker is told which cameras those are, and the alarm engine
raises what has lasted long enough. New alarms are announced (a beep that
repeats while a high-priority one waits) and, when the site asks for it,
a video-loss alarm puts its camera on a chosen screen.

Signals:
    alarms_changed(int): the number of alarms waiting for acknowledgement.
"""

from __future__ import annotations

import logging
import queue
import time

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from app.core.alarms import Alarm, AlarmEngine, AlarmKind, unacknowledged
from app.core.health import HealthBook, Observation, Source, book_ids, recorders_of
from app.core.tile_state import Phrase, TileState
from app.devices.health_check import HealthChecker
from app.ui.screens import WallManager
from app.ui.tile import TileWidget

logger = logging.getLogger("app.ui")

TICK_MS = 500
#: A waiting high-priority alarm sounds again this often.
REPEAT_SOUND_S = 30.0
HIGH_PRIORITY = 2


def tile_observation(tile: TileWidget, at: float, mono_now: float) -> Observation | None:
    """What a tile says of its camera's health (None: nothing yet, it is connecting)."""
    feed = tile.feed
    if feed is None or feed.stream is None or feed.camera is None:
        return None
    state: TileState = feed.state
    if state.phrase is Phrase.LIVE:
        return Observation(feed.camera_id, True, at=at, degraded=state.degraded, source=Source.WALL)
    outage = feed.outage
    if state.phrase is Phrase.DOWN and outage is not None:
        since = at - (mono_now - outage.since)
        return Observation(
            feed.camera_id, False, outage.failure, at=at, down_since=since, source=Source.WALL
        )
    if state.phrase is Phrase.NO_SIGNAL:
        since = at - (state.seconds or 0)
        return Observation(
            feed.camera_id, False, feed.stream.status.failure, "no pictures", at, since,
            source=Source.WALL,
        )  # fmt: skip
    return None


class HealthService(QObject):
    """Feeds the health book from the walls and the background check; raises alarms."""

    alarms_changed = Signal(int)

    def __init__(
        self,
        walls: WallManager,
        book: HealthBook,
        alarms: AlarmEngine,
        checker: HealthChecker | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.walls, self.book, self.alarms, self.checker = walls, book, alarms, checker
        self.inbox: queue.SimpleQueue[Observation] = queue.SimpleQueue()
        self._last_sound = float("-inf")
        self._waiting = 0
        walls.site_changed.connect(self.set_site)
        alarms.raised.connect(self._on_alarm_raised)
        alarms.acknowledged.connect(self._on_alarm_acknowledged)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)

    def start(self) -> None:
        """Start checking and watching."""
        if self.checker is not None:
            self.checker.set_cameras(self.walls.site.cameras)
            self.checker.set_recorders(recorders_of(self.walls.site.cameras))
            self.checker.start()
        self._timer.start()
        self._count()

    def stop(self) -> None:
        """Stop the background check (bounded wait) and the timer."""
        self._timer.stop()
        if self.checker is not None:
            self.checker.stop()

    def set_site(self) -> None:
        """The site was edited: check and book its cameras."""
        cameras = self.walls.site.cameras
        self.book.set_cameras(book_ids(cameras), time.time())
        if self.checker is not None:
            self.checker.set_cameras(cameras)
            self.checker.set_recorders(recorders_of(cameras))

    def tick(self) -> None:
        """Take in what was observed, and raise the alarms that are due."""
        now, mono = time.time(), time.monotonic()
        while True:
            try:
                checked = self.inbox.get_nowait()
            except queue.Empty:
                break
            self.book.observe(checked)
        watched = set()
        for tile in self.walls.shown_tiles():
            if tile.camera_id is not None and tile.stream is not None:
                watched.add(tile.camera_id)
            seen = tile_observation(tile, now, mono)
            if seen is not None:
                self.book.observe(seen)
        if self.checker is not None:
            self.checker.set_skip(watched)
        self.alarms.tick(now)
        self._sound_again(mono)

    def acknowledge(self, alarm_id: int, who: str, note: str) -> Alarm | None:
        """An operator acknowledges an alarm."""
        return self.alarms.acknowledge(alarm_id, who, note, time.time())

    def waiting(self) -> list[Alarm]:
        """Alarms waiting for an operator, highest priority first."""
        return unacknowledged(self.alarms.recent())

    def _on_alarm_raised(self, alarm: Alarm) -> None:
        if alarm.priority >= HIGH_PRIORITY:
            self._beep(time.monotonic())
        screen = self.alarms.rules.screen
        if alarm.kind is AlarmKind.CAMERA_DOWN and 0 < screen <= len(self.walls.walls):
            self.walls.show_camera(screen - 1, alarm.camera_id)
        self._count()

    def _on_alarm_acknowledged(self, _alarm: Alarm) -> None:
        self._count()

    def _count(self) -> None:
        waiting = self.waiting()
        self._waiting = sum(1 for a in waiting if a.priority >= HIGH_PRIORITY)
        self.alarms_changed.emit(len(waiting))

    def _sound_again(self, mono: float) -> None:
        if self._waiting and mono - self._last_sound >= REPEAT_SOUND_S:
            self._beep(mono)

    def _beep(self, mono: float) -> None:
        self._last_sound = mono
        QApplication.beep()
