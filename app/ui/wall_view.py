"""The tile area of one wall window: lays out tiles and gives each its feed.

A thin view over ``WallModel``: it lays the tiles of the model's grid in a
QGridLayout (with spans), forwards tile gestures to the model, and decides
here, in one place, which camera and profile each tile shows: one feed per
visible, non-empty tile, live (``app.video.feed.LiveFeed``) or, where the
model says the tile plays a recording, a playback feed
(``app.video.playback_feed.PlaybackFeed``) with its timeline under the
picture (``app.ui.playback_tiles``). Hidden tiles (another one maximised,
or the whole wall suspended) have no feed, so they decode nothing; a
hidden playback remembers its time and opens there again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget

from app.core.model import Profile, SiteConfig
from app.core.signal import Signal as CoreSignal
from app.core.streams import Stream, StreamProvider, capabilities_of
from app.core.tile_marks import CameraMarks
from app.core.tile_state import DEFAULT_STALL_SECONDS
from app.core.wall import MAX_TILES, WallModel
from app.core.wall_playback import PlaybackTile
from app.maps.maptile import is_map_tile
from app.ui.playback_tiles import PlaybackServices, PlaybackTiles
from app.ui.provider import SUB_STREAM_MAX_WIDTH, profile_for_width
from app.ui.tile import TileWidget
from app.video.feed import LiveFeed
from app.video.overload import Demand
from app.video.playback_feed import PlaybackFeed
from app.video.tile_feed import TileFeed

logger = logging.getLogger("app.ui")

#: 50 Hz, twice the cameras' usual 25 fps: polling at the frame rate itself beat
#: against the frames' arrival and skipped one frame in five (19-20 painted fps
#: of 25, measured with occhio bench); a poll that finds nothing new is cheap.
REFRESH_MS = 20
#: Tours are moved on, and their labels updated, this often.
TOURS_EVERY_S = 0.25
GRID_ROWS_MAX = 5

#: What a visible tile should show: camera, profile, and the recording it plays (None: live).
Wanted = tuple[str, Profile, PlaybackTile | None]


class WallView(QWidget):
    """Tiles of one wall, laid out by the model's grid.

    Signals:
        menu_requested(int, QPoint): right-click on tile ``index``.
    """

    menu_requested = Signal(int, QPoint)

    def __init__(
        self,
        model: WallModel,
        site: SiteConfig,
        provider: StreamProvider,
        wall_id: str,
        *,
        stall_seconds: float = DEFAULT_STALL_SECONDS,
        show_stats: bool = False,
        always_badge: bool = False,
        text_scale: float = 1.0,
        parent: QWidget | None = None,
        sub_below: int = SUB_STREAM_MAX_WIDTH,
        playback: PlaybackServices | None = None,
    ) -> None:
        super().__init__(parent)
        self.sub_below = sub_below
        self.stall_seconds, self.show_stats = stall_seconds, show_stats
        self.always_badge = always_badge
        self.text_scale = text_scale
        self.setObjectName("wallArea")
        self.setAutoFillBackground(True)
        self.model, self.site, self.provider, self.wall_id = model, site, provider, wall_id
        self.suspended = False  # its screen is gone
        self.minimised = False  # its window is minimised
        self.feeds: dict[int, TileFeed] = {}  # tile index -> what it shows
        self.playback_services = playback
        self.marks: CameraMarks | None = None  # per-camera frames (open plate hits)
        # Streams started ahead of a tour's next step (camera -> stream), so the
        # step shows a live picture at once.
        self._warm: dict[str, Stream] = {}
        self._tours_due = 0.0
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(2)
        self.tiles = [self._make_tile(i) for i in range(MAX_TILES)]
        self.playback = PlaybackTiles(model, self.tiles, self.feeds, playback, parent=self)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._resync = QTimer(self)
        self._resync.setSingleShot(True)
        self._resync.setInterval(300)
        self._resync.timeout.connect(self.sync_streams)
        for signal, slot in self._model_slots():
            signal.connect(slot)
        self.relayout()
        self._timer.start()

    def _model_slots(self) -> list[tuple[CoreSignal, Callable[..., Any]]]:
        m = self.model
        return [
            (m.tiles_changed, self._on_model_tiles_changed),
            (m.playback_changed, self._on_model_tiles_changed),
            (m.grid_changed, self._on_model_layout_changed),
            (m.maximised_changed, self._on_model_layout_changed),
            (m.selected_changed, self._on_model_selected_changed),
        ]

    def _make_tile(self, index: int) -> TileWidget:
        tile = TileWidget(index, self.wall_id, self)
        tile.text_scale = self.text_scale
        tile.hide()
        tile.clicked.connect(self.model.select)
        tile.double_clicked.connect(self.model.toggle_maximise)
        tile.camera_dropped.connect(self.model.assign)
        tile.tile_dropped.connect(self._on_tile_dropped)
        tile.menu_requested.connect(self.menu_requested)
        return tile

    # -- layout ------------------------------------------------------------
    def relayout(self) -> None:
        """Place the grid's tiles (or only the maximised one) and fetch streams."""
        grid, maxi = self.model.grid, self.model.maximised
        for tile in self.tiles:
            self._grid.removeWidget(tile)
        for r in range(GRID_ROWS_MAX):
            self._grid.setRowStretch(r, 1 if r < grid.rows else 0)
            self._grid.setColumnStretch(r, 1 if r < grid.columns else 0)
        for i, tile in enumerate(self.tiles):
            if maxi is not None:
                shown = i == maxi
                if shown:
                    self._grid.addWidget(tile, 0, 0, grid.rows, grid.columns)
            else:
                shown = i < grid.size
                if shown:
                    c = grid.cells[i]
                    self._grid.addWidget(tile, c.row, c.column, c.row_span, c.column_span)
            tile.setVisible(shown)
        self._on_model_selected_changed(self.model.selected)
        self.sync_streams()

    def visible_tiles(self) -> list[TileWidget]:
        """Tiles on screen now, in tile order."""
        maxi = self.model.maximised
        if maxi is not None:
            return [self.tiles[maxi]]
        return self.tiles[: self.model.grid.size]

    # -- feeds -------------------------------------------------------------
    def _wanted(self) -> dict[int, Wanted]:
        """Camera, profile and recording (None: live) each visible tile should show now."""
        if self.suspended or self.minimised:
            return {}
        grid, maxi = self.model.grid, self.model.maximised
        wanted: dict[int, Wanted] = {}
        for tile in self.visible_tiles():
            cam = self.model.camera_at(tile.index)
            if cam is None or is_map_tile(cam):  # a map tile shows no stream
                continue
            span = 1 if maxi is not None else grid.cells[tile.index].column_span
            width = self.width() * (grid.columns if maxi is not None else span) // grid.columns
            profile = profile_for_width(width, maxi is not None, self.sub_below)
            playback = self.model.playback_at(tile.index) if self.playback_services else None
            wanted[tile.index] = (cam, profile, playback)
        return wanted

    def sync_streams(self) -> None:
        """Give each tile the feed it should show, then close the feeds no longer shown.

        New feeds take their streams before old ones give theirs back, so a
        camera that only moves between tiles (swap) keeps its shared stream
        running instead of stopping and restarting it; a playback moved by a
        swap keeps its feed (and its place in the recording).
        """
        wanted = self._wanted()
        old = dict(self.feeds)
        playing = {f.ident: f for f in old.values() if isinstance(f, PlaybackFeed)}
        kept: dict[int, TileFeed] = {}
        for index, (camera_id, profile, playback) in wanted.items():
            feed = old.get(index)
            if feed is None or not _shows(feed, camera_id, playback):
                moved = playing.get(playback.ident) if playback is not None else None
                feed = moved or self._new_feed(camera_id, profile, playback)
            kept[index] = feed
            feed.show(profile)  # the same camera in another profile: a switch
        shown = {id(f) for f in kept.values()}
        self.feeds.clear()
        self.feeds.update(kept)
        for index, feed in old.items():
            if id(feed) not in shown:
                self._note_position(index, feed)
                feed.close()
        for tile in self.tiles:
            tile.set_feed(self.feeds.get(tile.index))
        self.playback.sync()
        self._on_marks_changed()

    def set_marks(self, marks: CameraMarks | None) -> None:
        """Frame the tiles of the cameras ``marks`` marks (None: no marks)."""
        if self.marks is not None:
            self.marks.changed.disconnect(self._on_marks_changed)
        self.marks = marks
        if marks is not None:
            marks.changed.connect(self._on_marks_changed)
        self._on_marks_changed()

    def _on_marks_changed(self, _cameras: frozenset[str] = frozenset()) -> None:
        marks = self.marks
        for tile in self.tiles:
            tile.set_mark(marks.mark_of(tile.camera_id) if marks is not None else None)

    def _new_feed(
        self, camera_id: str, profile: Profile, playback: PlaybackTile | None
    ) -> TileFeed:
        """A live feed of ``camera_id`` (its last known picture shown until its stream
        delivers), or a playback feed of its recording."""
        camera = self.site.camera(camera_id)
        if playback is not None and self.playback_services is not None:
            return self.playback_services.playback_feed(playback, camera, self.provider, profile)
        return LiveFeed(
            self.provider,
            camera_id,
            camera,
            stall_seconds=self.stall_seconds,
            show_stats=self.show_stats,
            always_badge=self.always_badge,
            placeholder=self.provider.last_frame(camera_id),
        )

    def _note_position(self, index: int, feed: TileFeed) -> None:
        """A playback closed while its tile still plays it (hidden): remember its time."""
        if isinstance(feed, PlaybackFeed):
            playback = self.model.playback_at(index)
            if playback is not None and playback.ident == feed.ident:
                self.model.playback.note_position(index, feed.position)

    def release_all(self) -> None:
        """Give every stream back (window closing)."""
        self._timer.stop()
        self.suspended = True
        self.sync_streams()
        for cam in list(self._warm):
            self.provider.release(self._warm.pop(cam))

    def set_suspended(self, suspended: bool) -> None:
        """A suspended wall keeps its model but holds no streams."""
        self.suspended = suspended
        self._apply_hidden()

    def set_minimised(self, minimised: bool) -> None:
        """A minimised wall decodes nothing, like a suspended one, until restored."""
        self.minimised = minimised
        self._apply_hidden()

    def _apply_hidden(self) -> None:
        if self.suspended or self.minimised:
            self._timer.stop()
        else:
            self._timer.start()
        self.sync_streams()

    def refresh_interval_s(self) -> float:
        """Seconds between two refreshes of the tiles."""
        return self._timer.interval() / 1000

    def held_streams(self) -> dict[int, Stream]:
        """Tile index -> the stream its feed shows (for state display and tests)."""
        return {i: f.stream for i, f in self.feeds.items() if f.stream is not None}

    def demands(self) -> list[tuple[Stream, Demand]]:
        """Each shown stream with how much it matters (tile area, selected, maximised)."""
        model = self.model
        out = []
        for tile in self.visible_tiles():
            feed = self.feeds.get(tile.index)
            if feed is None or feed.stream is None:
                continue
            if capabilities_of(feed.stream).keyframes_only is not None:
                continue  # its engine cannot decode key frames only: nothing to decide
            area = tile.width() * tile.height()
            selected, maximised = model.selected == tile.index, model.maximised == tile.index
            out.append((feed.stream, Demand(feed.stream.key, area, selected, maximised)))
        return out

    # -- slots -------------------------------------------------------------
    def _on_timer_timeout(self) -> None:
        now = time.monotonic()
        if now >= self._tours_due:
            self._tours_due = now + TOURS_EVERY_S
            self.run_tours(now)
        for tile in self.visible_tiles():
            tile.poll(now)
        if self.playback.bars:
            self.playback.poll()

    # -- tours -------------------------------------------------------------
    def run_tours(self, now: float) -> None:
        """Move tours on, warm up their next cameras, and label the touring tiles."""
        model = self.model
        model.step_tours(now)  # a step reassigns the tile: sync_streams follows
        shown = self._wanted()
        upcoming = {
            cam: shown[i][1]
            for i, cam in model.next_cameras(now).items()
            if i in shown and self.site.camera(cam) is not None
        }
        for cam, profile in upcoming.items():
            if cam not in self._warm:
                camera = self.site.camera(cam)
                assert camera is not None
                self._warm[cam] = self.provider.acquire(camera, profile)
        for cam in [c for c in self._warm if c not in upcoming]:
            self.provider.release(self._warm.pop(cam))
        for tile in self.visible_tiles():
            run = model.tour_at(tile.index)
            tile.set_tour_label(run.label(now) if run is not None else "")

    def _on_model_tiles_changed(self, _indices: list[int]) -> None:
        self.sync_streams()

    def _on_model_layout_changed(self, *_: object) -> None:
        self.relayout()

    def _on_model_selected_changed(self, selected: int | None) -> None:
        for tile in self.tiles:
            tile.set_selected(tile.index == selected)

    def _on_tile_dropped(self, target: int, wall_id: str, source: int) -> None:
        if wall_id == self.wall_id:
            self.model.swap(source, target)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-pick sub/main streams once the size settles."""
        super().resizeEvent(event)
        self._resync.start()

    def disconnect_model(self) -> None:
        """Stop listening to the model and the marks (the view is going away)."""
        self.playback.close()
        for signal, slot in self._model_slots():
            signal.disconnect(slot)
        self.set_marks(None)


def _shows(feed: TileFeed, camera_id: str, playback: PlaybackTile | None) -> bool:
    """Whether ``feed`` already shows what a tile wants: this camera, live or this recording."""
    if feed.camera_id != camera_id:
        return False
    if playback is None:
        return not feed.recorded
    return isinstance(feed, PlaybackFeed) and feed.ident == playback.ident
