"""What a wall tile needs of the feed it paints, whatever the feed shows.

A tile shows a feed: live video (``app.video.feed.LiveFeed``) or a
recording (``app.video.playback_feed.PlaybackFeed``). Both decide, without
Qt, which picture is on screen and what the tile says about it; the tile
only paints ``frame`` and ``words`` and forwards the operator's input. A
new kind of tile content is a new feed with this interface, not new
branches in the widget.
"""

from __future__ import annotations

from typing import Protocol

from app.core.model import Camera, Profile
from app.core.streams import Stream, VideoFrame
from app.core.tile_state import Outage, TileState
from app.core.zoom import Zoom
from app.video.feed import Change, FeedWords


class TileFeed(Protocol):
    """A tile's content (see module doc).

    Attributes:
        recorded: the pictures are recorded, not live (the wall and the
            snapshot treat them so).
        stream: the live stream shown, if any (health, overload control, menus).
        previous: during a profile switch, the old stream still on screen.
        outage: why and since when a live camera is down (None: it is not).
    """

    camera_id: str
    camera: Camera | None
    recorded: bool
    stream: Stream | None
    previous: Stream | None
    profile: Profile | None
    outage: Outage | None
    frame: VideoFrame | None
    seq: int
    state: TileState
    words: FeedWords
    zoom: Zoom

    @property
    def overlay(self) -> str:
        """Who is moving a PTZ camera ("" when nobody is)."""
        ...

    def show(self, profile: Profile) -> None:
        """Show ``profile``'s stream (live), or nothing to do (a recording)."""
        ...

    def set_overlay(self, text: str) -> Change:
        """Show who moves the camera."""
        ...

    def set_tour(self, label: str) -> Change:
        """Show where the tile's tour is."""
        ...

    def refresh(self) -> Change:
        """Work the words out again now."""
        ...

    def poll(self, now: float | None = None) -> Change:
        """Take the news and say what changed on screen."""
        ...

    def note_shown(self, frame: VideoFrame) -> None:
        """The tile painted ``frame``."""
        ...

    def streams(self) -> list[Stream]:
        """The streams held now."""
        ...

    def close(self) -> None:
        """Give everything back; the feed shows nothing more."""
        ...
