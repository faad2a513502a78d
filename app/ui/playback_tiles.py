"""Playback in a wall's tiles: a bar under each playback tile, and the wall's shared timeline.

The wall view (``app.ui.wall_view``) gives a tile a playback feed when the
wall model says the tile plays a recording; :class:`PlaybackTiles` then
puts a :class:`~app.ui.playback_bar.PlaybackBar` under its picture and
applies what the operator does on it. A tile that follows the shared
timeline ("Sincronizza") passes every command to all the wall's tiles that
follow it: one timeline drives them all (a scrub, play at a speed, a frame
on, a zoom of the timeline). A tile that joins the group moves to where
the group is.

What builds playback feeds (which recorder, the buffer, the consultation
log) is a :class:`PlaybackServices`, given by the composition root.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from app.core.model import Camera, Profile
from app.core.recording import Span
from app.core.streams import StreamProvider
from app.core.wall import WallModel
from app.core.wall_playback import PlaybackTile
from app.ui.playback_bar import PlaybackBar, TimeAsker, ask_time
from app.ui.tile import TileWidget
from app.video.playback_feed import PlaybackFeed
from app.video.tile_feed import TileFeed

logger = logging.getLogger("app.ui")

EXPORT_AROUND_S = 60.0  # without a selection, the export covers a minute either side


class PlaybackServices(Protocol):
    """What playback tiles need from the station (``RecordingActions``)."""

    def playback_feed(
        self,
        tile: PlaybackTile,
        camera: Camera | None,
        provider: StreamProvider,
        profile: Profile,
    ) -> PlaybackFeed:
        """A feed playing ``tile``'s recording (from the recorder, or the live buffer)."""
        ...

    def export(self, camera: Camera, span: Span, parent: QWidget | None) -> object:
        """Open the export dialog for ``span`` of ``camera``'s recording."""
        ...


class PlaybackTiles(QObject):
    """Bars under one wall's playback tiles; commands to one tile or to its synced group."""

    def __init__(
        self,
        model: WallModel,
        tiles: list[TileWidget],
        feeds: dict[int, TileFeed],
        services: PlaybackServices | None,
        *,
        ask: TimeAsker = ask_time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.model, self.tiles, self.feeds, self.services = model, tiles, feeds, services
        self.ask = ask
        self.bars: dict[int, PlaybackBar] = {}

    def feed(self, index: int) -> PlaybackFeed | None:
        """The playback feed of tile ``index`` (None: it shows live video or nothing)."""
        feed = self.feeds.get(index)
        return feed if isinstance(feed, PlaybackFeed) else None

    # -- bars ------------------------------------------------------------------------

    def sync(self) -> None:
        """A bar under every playback tile, none under the others; feeds told if synced."""
        for tile in self.tiles:
            feed = self.feed(tile.index)
            bar = self.bars.get(tile.index)
            if feed is None:
                if bar is not None:
                    self._drop_bar(tile, bar)
                continue
            playback = self.model.playback_at(tile.index)
            synced = playback is not None and playback.synced
            joined = synced and not feed.synced
            feed.set_synced(synced)
            if joined:
                self._join(tile.index, feed)
            if bar is None:
                bar = self.bars[tile.index] = self._make_bar(tile, feed)
            elif bar.feed is not feed:
                bar.set_feed(feed)
            tile.set_bottom_widget(bar)
            bar.refresh()

    def _make_bar(self, tile: TileWidget, feed: PlaybackFeed) -> PlaybackBar:
        bar = PlaybackBar(feed, ask=self.ask, parent=tile)
        i = tile.index
        bar.seek.connect(functools.partial(self._on_bar_seek, i))
        bar.scrubbing.connect(functools.partial(self._on_bar_seek, i))
        bar.play.connect(functools.partial(self._on_bar_play, i))
        bar.pause.connect(functools.partial(self._each, i, PlaybackFeed.pause))
        bar.step.connect(functools.partial(self._each, i, PlaybackFeed.step))
        bar.sync_toggled.connect(functools.partial(self._on_bar_sync_toggled, i))
        bar.export_requested.connect(functools.partial(self.export, i))
        bar.live_requested.connect(functools.partial(self.model.stop_playback, i))
        bar.view_changed.connect(functools.partial(self._on_bar_view_changed, i))
        return bar

    def _drop_bar(self, tile: TileWidget, bar: PlaybackBar) -> None:
        tile.set_bottom_widget(None)
        del self.bars[tile.index]
        bar.hide()
        bar.deleteLater()

    def poll(self) -> None:
        """Move the bars' cursors with the pictures (at the wall's refresh rate)."""
        for bar in self.bars.values():
            bar.refresh()

    # -- commands ----------------------------------------------------------------------

    def targets(self, index: int) -> list[PlaybackFeed]:
        """The feeds a command on tile ``index`` drives: its synced group, or itself."""
        playback = self.model.playback_at(index)
        indices = self.model.playback.synced() if playback and playback.synced else [index]
        return [f for f in map(self.feed, indices) if f is not None]

    def _each(self, index: int, command: Callable[[PlaybackFeed], None]) -> None:
        for feed in self.targets(index):
            command(feed)

    def _on_bar_seek(self, index: int, t: float) -> None:
        for feed in self.targets(index):
            feed.seek(t)
        self._repaint(index)

    def _on_bar_play(self, index: int, speed: float) -> None:
        for feed in self.targets(index):
            feed.play(speed)

    def _on_bar_view_changed(self, index: int) -> None:
        source = self.feed(index)
        if source is None:
            return
        for feed in self.targets(index):
            if feed is not source:
                feed.timeline.view = source.timeline.view
            feed.want_index(feed.timeline.view)
        self._repaint(index)

    def _repaint(self, index: int) -> None:
        driven = {id(f) for f in self.targets(index)}
        for i, bar in self.bars.items():
            if id(bar.feed) in driven or i == index:
                bar.timeline.update()

    def _on_bar_sync_toggled(self, index: int, synced: bool) -> None:
        self.model.set_synced(index, synced)

    def _join(self, index: int, feed: PlaybackFeed) -> None:
        """Tile ``index`` joined the shared timeline: it moves to where the group is."""
        group = (self.feed(i) for i in self.model.playback.synced() if i != index)
        leader = next((f for f in group if f is not None and f.synced), None)
        if leader is None:
            return
        feed.timeline.view = leader.timeline.view
        feed.want_index(feed.timeline.view)
        feed.seek(leader.position)
        if leader.playing:
            feed.play(leader.player.speed)
        logger.info("tile %d follows the shared timeline", index)

    def export(self, index: int) -> object:
        """The export dialog for the tile's selection (or the two minutes around its cursor)."""
        feed = self.feed(index)
        if feed is None or feed.camera is None or self.services is None:
            return None
        line = feed.timeline
        span = line.selection or Span(line.cursor - EXPORT_AROUND_S, line.cursor + EXPORT_AROUND_S)
        return self.services.export(feed.camera, span, self.tiles[index])

    def close(self) -> None:
        """Take every bar away (the wall is closing)."""
        for index, bar in list(self.bars.items()):
            self._drop_bar(self.tiles[index], bar)
