"""The map model: cameras placed on the map, layers, selection, states and edits.

Qt-free and evented: the Qt map view draws it and sends gestures back.
Edits made in edit mode (a pin moved, a cone turned or widened) are kept
as changed cameras until ``edited_site`` hands the whole site to the
site-saving path, which validates and writes it atomically.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import replace

from app.core.health import CameraHealth
from app.core.model import Camera, SiteConfig
from app.core.signal import Signal
from app.core.site_edit import update_camera
from app.maps.area import SearchArea
from app.maps.fov import FieldOfView
from app.maps.mercator import LatLon, in_range
from app.maps.placement import Placement, place_camera, place_cameras
from app.maps.spatial import CameraIndex, Sighting
from app.maps.track import Track
from app.maps.view import MapView

LOST_STATES = frozenset(h for h in CameraHealth if h.is_down)
"""Camera states (the health the camera tree shows) that make a pin blink."""


class Layer(enum.StrEnum):
    """What the map can show, each switched on and off by the operator."""

    BASEMAP = "basemap"
    CAMERAS = "cameras"
    CONES = "cones"
    LABELS = "labels"


ALL_LAYERS = frozenset(Layer)


class MapModel:
    """The cameras of one site on a map.

    Signals:
        cameras_changed(): placements rebuilt (new site, or an edit).
        camera_moved(str): one camera's position or cone changed.
        selection_changed(): the selected cameras changed.
        layers_changed(): a layer was switched on or off.
        health_changed(list[str]): these cameras' states changed.
        editing_changed(bool): edit mode switched.
        track_changed(): a vehicle's track was drawn or cleared.
        area_changed(): the search area was drawn or cleared (or the cameras moved).
    """

    def __init__(self, site: SiteConfig, view: MapView | None = None) -> None:
        self.cameras_changed = Signal()
        self.camera_moved = Signal()
        self.selection_changed = Signal()
        self.layers_changed = Signal()
        self.health_changed = Signal()
        self.editing_changed = Signal()
        self.track_changed = Signal()
        self.area_changed = Signal()
        self.view = view or MapView(_site_centre(site))
        self._layers: frozenset[Layer] = ALL_LAYERS
        self._selected: frozenset[str] = frozenset()
        self._health: dict[str, str] = {}
        self._live: dict[str, FieldOfView] = {}
        self._edited: dict[str, Camera] = {}
        self._editing = False
        self._track: Track | None = None
        self._area: SearchArea | None = None
        self._load(site)

    def _load(self, site: SiteConfig) -> None:
        self.site = site
        placed, self.missing = place_cameras(site.cameras)
        self.placements: dict[str, Placement] = {p.camera_id: p for p in placed}
        self.index = CameraIndex(placed)

    # -- site and placements ------------------------------------------------
    def set_site(self, site: SiteConfig) -> None:
        """Show another (or an edited) site; pending edits are dropped."""
        self._edited.clear()
        self._load(site)
        self._selected = frozenset(i for i in self._selected if i in self.placements)
        self.cameras_changed.emit()
        if self._area is not None:
            self.area_changed.emit()  # the cameras inside may have changed

    def placement(self, camera_id: str) -> Placement | None:
        """Where the map shows ``camera_id`` (None: not on the map)."""
        return self.placements.get(camera_id)

    def fov_of(self, camera_id: str) -> FieldOfView | None:
        """The cone to draw: the head's live one outside edit mode, else the configured one."""
        placement = self.placements.get(camera_id)
        if placement is None:
            return None
        live = self._live.get(camera_id)
        return live if live is not None and not self._editing else placement.fov

    def set_live_fov(self, camera_id: str, fov: FieldOfView | None) -> None:
        """A PTZ head's cone from its reported pan and zoom (None: back to configured)."""
        if fov is None:
            changed = self._live.pop(camera_id, None) is not None
        else:
            changed = self._live.get(camera_id) != fov
            self._live[camera_id] = fov
        if changed and camera_id in self.placements:
            self.camera_moved.emit(camera_id)

    def sightings(self, point: LatLon) -> list[Sighting]:
        """Cameras that see ``point`` (nearest first), then PTZ heads that can turn to it."""
        if not in_range(point.lat, point.lon):
            return []
        return self.index.sightings(point)

    # -- layers and selection -------------------------------------------------
    @property
    def layers(self) -> frozenset[Layer]:
        """The layers switched on."""
        return self._layers

    def set_layer(self, layer: Layer, shown: bool) -> None:
        """Switch one layer on or off."""
        layers = self._layers | {layer} if shown else self._layers - {layer}
        if layers != self._layers:
            self._layers = layers
            self.layers_changed.emit()

    def set_layers(self, layers: Iterable[Layer]) -> None:
        """Switch exactly these layers on."""
        wanted = frozenset(layers)
        if wanted != self._layers:
            self._layers = wanted
            self.layers_changed.emit()

    @property
    def selected(self) -> frozenset[str]:
        """Ids of the selected cameras."""
        return self._selected

    def select(self, camera_ids: Iterable[str]) -> None:
        """Select exactly these cameras (unknown ids ignored)."""
        wanted = frozenset(i for i in camera_ids if i in self.placements)
        if wanted != self._selected:
            self._selected = wanted
            self.selection_changed.emit()

    def selected_in_order(self) -> list[str]:
        """The selected cameras by call-up number (the order a layout gets them in)."""
        chosen = [self.placements[i] for i in self._selected]
        return [p.camera_id for p in sorted(chosen, key=lambda p: p.number)]

    # -- states ---------------------------------------------------------------
    def set_health(self, states: dict[str, str | None]) -> list[str]:
        """New states by camera id (the camera tree's health words; None: unknown).

        Returns the ids whose state changed.
        """
        changed = []
        for camera_id, health in states.items():
            if health == self._health.get(camera_id):
                continue
            if health is None:
                self._health.pop(camera_id, None)
            else:
                self._health[camera_id] = health
            changed.append(camera_id)
        if changed:
            self.health_changed.emit(changed)
        return changed

    def health(self, camera_id: str) -> str | None:
        """The camera's state as the walls last reported it (None: unknown)."""
        return self._health.get(camera_id)

    def lost(self, camera_id: str) -> bool:
        """True while the camera is down: no video, refused or never reached (its pin blinks)."""
        return self._health.get(camera_id) in LOST_STATES

    # -- track and search area -------------------------------------------------
    @property
    def track(self) -> Track | None:
        """The vehicle's track drawn on the map (None: none)."""
        return self._track

    def set_track(self, track: Track | None) -> None:
        """Draw a vehicle's track (None: clear it)."""
        if track is not self._track:
            self._track = track
            self.track_changed.emit()

    @property
    def area(self) -> SearchArea | None:
        """The search area drawn on the map (None: none)."""
        return self._area

    def set_area(self, area: SearchArea | None) -> None:
        """Draw a search area (None: clear it)."""
        if area != self._area:
            self._area = area
            self.area_changed.emit()

    def area_cameras(self) -> list[str] | None:
        """The cameras inside the search area, by number (None: no area, all of them)."""
        if self._area is None:
            return None
        return self._area.cameras_inside(self.placements.values())

    # -- edit mode -------------------------------------------------------------
    @property
    def editing(self) -> bool:
        """True in the installer's edit mode (pins and cones can be moved)."""
        return self._editing

    def set_editing(self, on: bool) -> None:
        """Enter or leave edit mode (edits are kept until saved or discarded)."""
        if on != self._editing:
            self._editing = on
            self.editing_changed.emit(on)
            for camera_id in self._live:
                self.camera_moved.emit(camera_id)

    @property
    def has_edits(self) -> bool:
        """True when some camera was moved or its cone changed and not yet saved."""
        return bool(self._edited)

    def move_camera(self, camera_id: str, point: LatLon) -> None:
        """Put the camera at ``point`` (edit mode)."""
        camera = self._camera(camera_id)
        if camera is not None and in_range(point.lat, point.lon):
            lat, lon = round(point.lat, 7), round(point.lon, 7)
            self._apply(replace(camera, latitude=lat, longitude=lon))

    def set_cone(self, camera_id: str, fov: FieldOfView) -> None:
        """Give the camera another heading, angle or range (edit mode)."""
        camera = self._camera(camera_id)
        if camera is None:
            return
        heading = None if fov.heading is None else round(fov.heading, 1) % 360.0
        self._apply(
            replace(
                camera,
                heading=heading,
                fov_deg=round(fov.angle, 1),
                range_m=round(fov.range_m, 1),
            )
        )

    def _camera(self, camera_id: str) -> Camera | None:
        return self._edited.get(camera_id) or self.site.camera(camera_id)

    def _apply(self, camera: Camera) -> None:
        self._edited[camera.id] = camera
        placement = place_camera(camera)
        if placement is None:
            return
        self.placements[camera.id] = placement
        self.index = CameraIndex(self.placements.values())
        self.camera_moved.emit(camera.id)

    def edited_site(self) -> SiteConfig:
        """The site with every pending edit applied (validated; raises ``SiteEditError``)."""
        site = self.site
        for camera_id, camera in self._edited.items():
            site = update_camera(site, camera_id, camera)
        return site

    def discard_edits(self) -> None:
        """Forget pending edits: cameras go back where the site file has them."""
        if self._edited:
            self._edited.clear()
            self._load(self.site)
            self.cameras_changed.emit()


def _site_centre(site: SiteConfig) -> LatLon:
    """Where a new map looks first: the middle of the site's cameras, else of its comuni."""
    points = [
        (c.latitude, c.longitude)
        for c in site.cameras
        if c.latitude is not None and c.longitude is not None and in_range(c.latitude, c.longitude)
    ] or [
        (s.latitude, s.longitude)
        for s in site.sites
        if s.latitude is not None and s.longitude is not None
    ]
    if not points:
        return LatLon(41.9, 12.5)  # Rome: the middle of Italy, for a site not yet surveyed
    return LatLon(sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
