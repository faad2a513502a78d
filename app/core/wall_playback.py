"""Tiles that show a camera's recording instead of its live picture: the wall model's part.

A tile in playback keeps its camera in the wall model (the camera tree, a
swap, "Invia allo schermo" and the saved layout all still see the camera),
and a :class:`PlaybackTile` beside it says that the tile shows a recording,
from which time, and whether it follows the wall's shared timeline
("Sincronizza"). The view gives such a tile a playback feed instead of a
live one.

What the rules are, and why:

- **A layout saves a playback tile as live.** Playback is a consultation
  of recorded video: Italian rules (Garante 2010, D.Lgs. 51/2018) ask for a
  reason and a log line for each one. A layout reopened tomorrow, or a tour
  cycling through it, must not put recorded video on the wall without an
  operator asking for it, and a stale time would mean nothing by then.
- **A swap moves the playback with its tile**, as it moves a tour.
- **Another camera in the tile, a tour, or a layout loaded** ends the
  playback: the operator's new choice wins.
- **Hidden tiles** (another one maximised, a smaller grid) remember the time
  they were at (``note_position``) and open there, paused, when shown again.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class PlaybackTile:
    """One tile's playback.

    Attributes:
        camera_id: the camera whose recording is shown.
        at: the recorder time to open at (seconds since the epoch).
        playing: play from ``at`` at once (instant replay) rather than show a still.
        synced: the tile follows the wall's shared timeline.
        ident: tells one playback from the next, so a view keeps its feed
            across a swap and makes a new one for a new playback.
    """

    camera_id: str
    at: float
    playing: bool = False
    synced: bool = False
    ident: int = 0


class PlaybackTiles:
    """Which tiles of one wall play back a recording, by tile index."""

    def __init__(self) -> None:
        self._tiles: dict[int, PlaybackTile] = {}
        self._idents = itertools.count(1)

    def get(self, index: int) -> PlaybackTile | None:
        """The playback of tile ``index`` (None: live)."""
        return self._tiles.get(index)

    def start(self, index: int, camera_id: str, at: float, playing: bool) -> PlaybackTile:
        """Tile ``index`` shows ``camera_id``'s recording from ``at``; a new playback.

        A tile already synced stays synced (the operator set up the group).
        """
        old = self._tiles.get(index)
        synced = old is not None and old.synced and old.camera_id == camera_id
        tile = PlaybackTile(camera_id, at, playing, synced, next(self._idents))
        self._tiles[index] = tile
        return tile

    def stop(self, index: int) -> bool:
        """Tile ``index`` goes back to live; False when it was live."""
        return self._tiles.pop(index, None) is not None

    def clear(self) -> list[int]:
        """Every tile back to live; the indices that were playing back."""
        stopped = sorted(self._tiles)
        self._tiles.clear()
        return stopped

    def swap(self, a: int, b: int) -> None:
        """Playbacks follow their tiles when two tiles are exchanged."""
        pa, pb = self._tiles.pop(a, None), self._tiles.pop(b, None)
        if pa is not None:
            self._tiles[b] = pa
        if pb is not None:
            self._tiles[a] = pb

    def set_synced(self, index: int, synced: bool) -> bool:
        """Put tile ``index`` in or out of the shared timeline; False if nothing changed."""
        tile = self._tiles.get(index)
        if tile is None or tile.synced == synced:
            return False
        self._tiles[index] = replace(tile, synced=synced)
        return True

    def note_position(self, index: int, at: float) -> None:
        """Where a hidden tile's playback was, to open there (paused) when shown again."""
        tile = self._tiles.get(index)
        if tile is not None:
            self._tiles[index] = replace(tile, at=at, playing=False)

    def synced(self) -> list[int]:
        """The tiles that follow the shared timeline, in tile order."""
        return sorted(i for i, t in self._tiles.items() if t.synced)

    def indices(self) -> list[int]:
        """Every tile in playback, in tile order."""
        return sorted(self._tiles)
