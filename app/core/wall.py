"""The wall model: what one wall window shows.

Holds the grid, the camera in each tile, the selected tile, the maximised
one and the tours running on tiles. The Qt wall view only displays this
model and calls its methods; every change is announced by a signal.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.grid import DEFAULT_GRID, PRESETS, Grid, grid
from app.core.signal import Signal
from app.core.tour import Tour, TourRun
from app.core.wall_playback import PlaybackTile, PlaybackTiles

MAX_TILES = max(g.size for g in PRESETS.values())


@dataclass(frozen=True)
class ScreenLayout:
    """The persistent part of a wall: grid, camera ids per tile, tours per tile."""

    grid: str = DEFAULT_GRID
    tiles: tuple[str | None, ...] = ()
    tours: tuple[tuple[int, Tour], ...] = ()  # (tile index, tour), by index
    screen_tour: Tour | None = None  # the whole screen cycles pages of cameras


class WallModel:
    """One screen's wall.

    Tiles beyond the current grid's size keep their cameras, so switching
    3x3 -> 2x2 -> 3x3 gives the same wall back.

    Signals:
        tiles_changed(list[int]): the cameras of these tile indices changed.
        grid_changed(): the grid preset changed (all tiles re-laid).
        maximised_changed(int | None): a tile was maximised or restored.
        selected_changed(int | None): the selected tile changed.
        tours_changed(): a tour started, stopped, paused or resumed.
        playback_changed(list[int]): these tiles went into or out of playback,
            or joined or left the shared timeline (``app.core.wall_playback``).
    """

    def __init__(self, layout: ScreenLayout | None = None) -> None:
        self.tiles_changed = Signal()
        self.grid_changed = Signal()
        self.maximised_changed = Signal()
        self.selected_changed = Signal()
        self.tours_changed = Signal()
        self.playback_changed = Signal()
        self.playback = PlaybackTiles()
        layout = layout or ScreenLayout()
        self._grid: Grid = grid(layout.grid)
        self._tiles: list[str | None] = [None] * MAX_TILES
        for i, cam in enumerate(layout.tiles[:MAX_TILES]):
            self._tiles[i] = cam
        self._maximised: int | None = None
        self._selected: int | None = None
        self._tours: dict[int, TourRun] = {}
        self._screen_tour: TourRun | None = None
        self._start_tours(layout.tours)
        self._start_screen_tour(layout.screen_tour)

    # -- reading -----------------------------------------------------------
    @property
    def grid(self) -> Grid:
        """The current grid preset."""
        return self._grid

    @property
    def maximised(self) -> int | None:
        """The maximised tile index, or None."""
        return self._maximised

    @property
    def selected(self) -> int | None:
        """The selected tile index, or None."""
        return self._selected

    def camera_at(self, index: int) -> str | None:
        """Camera id shown by tile ``index`` (None for an empty tile)."""
        return self._tiles[index]

    def visible_cameras(self) -> list[str | None]:
        """Camera ids of the tiles of the current grid, in tile order."""
        return self._tiles[: self._grid.size]

    def snapshot(self) -> ScreenLayout:
        """The persistent state, trailing empty tiles trimmed."""
        tiles = list(self._tiles)
        while tiles and tiles[-1] is None:
            tiles.pop()
        tours = tuple((i, run.tour) for i, run in sorted(self._tours.items()))
        screen = self._screen_tour.tour if self._screen_tour is not None else None
        return ScreenLayout(self._grid.name, tuple(tiles), tours, screen)

    # -- tours -------------------------------------------------------------
    def tour_at(self, index: int) -> TourRun | None:
        """The tour running on tile ``index``, if any."""
        return self._tours.get(index)

    @property
    def screen_tour(self) -> TourRun | None:
        """The tour the whole screen runs, if any."""
        return self._screen_tour

    def start_screen_tour(self, cameras: tuple[str, ...], dwell_s: float, now: float) -> None:
        """Make the whole screen show ``cameras`` a page at a time (a page per grid)."""
        self._tours.clear()
        stopped = self.playback.clear()  # pages of live cameras: no tile plays back
        if stopped:
            self.playback_changed.emit(stopped)
        tour = Tour(cameras, dwell_s, per_step=self._grid.size)
        self._screen_tour = TourRun.start(tour, now)
        self._show_page(self._screen_tour)
        self.tours_changed.emit()

    def stop_screen_tour(self) -> None:
        """Stop the screen's tour; the page shown stays."""
        if self._screen_tour is not None:
            self._screen_tour = None
            self.tours_changed.emit()

    def toggle_screen_tour_pause(self, now: float) -> bool:
        """Pause or resume the screen's tour; False when it has none."""
        if self._screen_tour is None:
            return False
        self._screen_tour = self._screen_tour.toggle_pause(now)
        self.tours_changed.emit()
        return True

    def _show_page(self, run: TourRun) -> list[int]:
        """Put the run's page on the grid's tiles; the tiles that changed."""
        page = run.cameras
        changed = []
        for index in range(run.tour.per_step):
            camera = page[index] if index < len(page) else None
            if self._tiles[index] != camera:
                self._tiles[index] = camera
                self.playback.stop(index)
                changed.append(index)
        return changed

    def _start_screen_tour(self, tour: Tour | None) -> None:
        self._screen_tour = TourRun.start(tour) if tour is not None else None
        if self._screen_tour is not None:
            self._show_page(self._screen_tour)

    def start_tour(self, index: int, tour: Tour, now: float) -> None:
        """Make tile ``index`` cycle through ``tour``, from its first camera now."""
        self._check(index)
        self.stop_screen_tour()  # a tile of its own ends the screen's pages
        self.stop_playback(index)
        self._tours[index] = TourRun.start(tour, now)
        self._set_tile(index, tour.cameras[0])
        self.tours_changed.emit()

    def stop_tour(self, index: int) -> None:
        """Stop tile ``index``'s tour; it keeps showing the camera it shows now."""
        if self._tours.pop(index, None) is not None:
            self.tours_changed.emit()

    def toggle_tour_pause(self, index: int, now: float) -> bool:
        """Pause or resume tile ``index``'s tour; False when it has none."""
        run = self._tours.get(index)
        if run is None:
            return False
        self._tours[index] = run.toggle_pause(now)
        self.tours_changed.emit()
        return True

    def step_tours(self, now: float) -> list[int]:
        """Move on the tours whose step is due; the tiles that changed camera."""
        changed = []
        if self._screen_tour is not None:
            moved = self._screen_tour.step(now)
            if moved is not self._screen_tour:
                self._screen_tour = moved
                changed += self._show_page(moved)
        for index, run in list(self._tours.items()):
            moved = run.step(now)
            if moved is not run:
                self._tours[index] = moved
                if self._tiles[index] != moved.camera:
                    self._tiles[index] = moved.camera
                    self.playback.stop(index)
                    changed.append(index)
        if changed:
            self.tiles_changed.emit(changed)
        return changed

    def next_cameras(self, now: float) -> dict[int, str]:
        """Tile -> the camera its tour shows next, for tours about to move on."""
        upcoming = {i: run.next_camera(now) for i, run in self._tours.items()}
        found = {i: cam for i, cam in upcoming.items() if cam is not None}
        if self._screen_tour is not None:
            found.update(enumerate(self._screen_tour.next_cameras(now)))
        return found

    def _start_tours(self, tours: tuple[tuple[int, Tour], ...]) -> None:
        self._tours = {}
        for index, tour in tours:
            if 0 <= index < MAX_TILES:
                self._tours[index] = TourRun.start(tour)  # timed from its first step
                self._tiles[index] = tour.cameras[0]

    # -- playback ----------------------------------------------------------
    def playback_at(self, index: int) -> PlaybackTile | None:
        """The recording tile ``index`` shows (None: it shows live video)."""
        return self.playback.get(index)

    def start_playback(self, index: int, at: float, *, playing: bool = False) -> PlaybackTile:
        """Show the recording of tile ``index``'s camera from ``at`` (its tour, and the
        screen's pages, stop: the operator's choice wins).

        Raises:
            ValueError: the tile shows no camera.
        """
        self._check(index)
        camera_id = self._tiles[index]
        if camera_id is None:
            raise ValueError(f"tile {index} shows no camera to play back")
        self.stop_tour(index)
        self.stop_screen_tour()
        tile = self.playback.start(index, camera_id, at, playing)
        self.playback_changed.emit([index])
        return tile

    def stop_playback(self, index: int) -> None:
        """Tile ``index`` shows live video again ("Torna in diretta")."""
        if self.playback.stop(index):
            self.playback_changed.emit([index])

    def set_synced(self, index: int, synced: bool) -> None:
        """Make tile ``index`` follow (or leave) the wall's shared timeline."""
        if self.playback.set_synced(index, synced):
            self.playback_changed.emit([index])

    # -- changing ----------------------------------------------------------
    def assign(self, index: int, camera_id: str | None) -> None:
        """Show ``camera_id`` in tile ``index`` (None clears it).

        The operator's choice wins over a tour: the tile's tour stops.
        """
        self._check(index)
        self.stop_tour(index)
        self.stop_screen_tour()  # the operator's choice wins over the screen's pages too
        self._set_tile(index, camera_id)

    def _set_tile(self, index: int, camera_id: str | None) -> None:
        if self._tiles[index] != camera_id:
            self._tiles[index] = camera_id
            self.playback.stop(index)  # another camera: live (its view follows tiles_changed)
            self.tiles_changed.emit([index])

    def clear(self, index: int) -> None:
        """Empty tile ``index``."""
        self.assign(index, None)

    def swap(self, a: int, b: int) -> None:
        """Exchange the cameras of two tiles."""
        self._check(a)
        self._check(b)
        if a != b and self._tiles[a] != self._tiles[b]:
            self._tiles[a], self._tiles[b] = self._tiles[b], self._tiles[a]
            tour_a, tour_b = self._tours.pop(a, None), self._tours.pop(b, None)
            if tour_a is not None:
                self._tours[b] = tour_a  # a tour moves with its tile
            if tour_b is not None:
                self._tours[a] = tour_b
            self.playback.swap(a, b)
            self.tiles_changed.emit([a, b])

    def set_grid(self, name: str) -> None:
        """Switch to another preset; a maximised tile is restored."""
        new = grid(name)
        if new == self._grid:
            return
        self._grid = new
        run = self._screen_tour
        if run is not None:  # the same cameras, paged for the new grid
            tour = run.tour
            self._screen_tour = TourRun(Tour(tour.cameras, tour.dwell_s, new.size), 0, run.due)
            self._show_page(self._screen_tour)
        self._set_maximised(None)
        if self._selected is not None and self._selected >= new.size:
            self.select(None)
        self.grid_changed.emit()

    def load(self, layout: ScreenLayout) -> None:
        """Replace grid, cameras and tours with a saved layout."""
        self._tiles = [None] * MAX_TILES
        for i, cam in enumerate(layout.tiles[:MAX_TILES]):
            self._tiles[i] = cam
        self.playback.clear()
        self._start_tours(layout.tours)
        self._start_screen_tour(layout.screen_tour)
        self.tours_changed.emit()
        self._grid = grid(layout.grid)
        self._set_maximised(None)
        self.select(None)
        self.grid_changed.emit()

    def toggle_maximise(self, index: int) -> None:
        """Maximise tile ``index``, or restore it if it already is."""
        self._check(index)
        self._set_maximised(None if self._maximised == index else index)

    def select(self, index: int | None) -> None:
        """Make ``index`` the tile that keyboard call-up and Delete act on."""
        if index is not None:
            self._check(index)
        if index != self._selected:
            self._selected = index
            self.selected_changed.emit(index)

    def first_empty(self) -> int | None:
        """Index of the first empty visible tile, or None when all are used."""
        return next((i for i, c in enumerate(self.visible_cameras()) if c is None), None)

    def _set_maximised(self, index: int | None) -> None:
        if index != self._maximised:
            self._maximised = index
            self.maximised_changed.emit(index)

    def _check(self, index: int) -> None:
        if not 0 <= index < self._grid.size:
            raise IndexError(f"tile {index} is outside grid {self._grid.name}")
