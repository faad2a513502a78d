"""The map's items kept in step with its model: pins, cones, edit handles, plate hits.

``MapItems`` owns what the map widget's scene holds for the cameras and
updates it from the ``MapModel``'s signals (the widget connects them) and
from the ``HitBoard`` shared by every open map. The widget keeps the view
transform, the painting and the operator's gestures.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from app.maps.geodesy import destination
from app.maps.hits import HitBoard
from app.maps.model import Layer, MapModel
from app.ui.map_items import ConeItem, HandleItem, HandleKind, PinItem, scene_point
from app.ui.map_marks import HitItem


class MapItems:
    """The camera and hit items of one map's scene."""

    def __init__(self, scene: QGraphicsScene, model: MapModel, hits: HitBoard | None) -> None:
        self.scene, self.model, self.hits = scene, model, hits
        self.pins: dict[str, PinItem] = {}
        self.cones: dict[str, ConeItem] = {}
        self.handles: list[HandleItem] = []
        self.hit_items: dict[str, HitItem] = {}

    def _remove(self, items: list[QGraphicsItem]) -> None:
        for item in items:
            self.scene.removeItem(item)

    def rebuild(self) -> None:
        """Every item made afresh (a new or edited site)."""
        self._remove([*self.pins.values(), *self.cones.values(), *self.handles])
        self._remove(list(self.hit_items.values()))
        self.pins, self.cones, self.handles, self.hit_items = {}, {}, [], {}
        for camera_id, placement in self.model.placements.items():
            pin = PinItem(placement)
            pin.setToolTip(f"{placement.number} {placement.name}")
            pin.health = self.model.health(camera_id)
            self.scene.addItem(pin)
            self.pins[camera_id] = pin
            fov = self.model.fov_of(camera_id) or placement.fov
            cone = ConeItem(placement, fov)
            self.scene.addItem(cone)
            self.cones[camera_id] = cone
        self.selection_changed()
        self.layers_changed()
        self.sync_hits()

    def camera_moved(self, camera_id: str) -> None:
        """One camera's position or cone changed."""
        placement = self.model.placement(camera_id)
        pin, cone = self.pins.get(camera_id), self.cones.get(camera_id)
        if placement is None or pin is None or cone is None:
            return
        pin.place(placement)
        fov = self.model.fov_of(camera_id) or placement.fov
        cone.update_cone(placement, fov, camera_id in self.model.selected)
        hit = self.hit_items.get(camera_id)
        if hit is not None:
            hit.setPos(pin.pos())
        if self.model.editing:
            self.place_handles()

    def selection_changed(self) -> None:
        """Rings on the selected pins, their cones tinted."""
        chosen = self.model.selected
        for camera_id, pin in self.pins.items():
            selected = camera_id in chosen
            if pin.selected != selected:
                pin.selected = selected
                pin.update()
                placement = self.model.placements[camera_id]
                fov = self.model.fov_of(camera_id) or placement.fov
                self.cones[camera_id].update_cone(placement, fov, selected)
        if self.model.editing:
            self.place_handles()

    def layers_changed(self) -> None:
        """Pins and cones shown as their layers say (plate hits always show)."""
        layers = self.model.layers
        for pin in self.pins.values():
            pin.setVisible(Layer.CAMERAS in layers)
        for cone in self.cones.values():
            cone.setVisible(Layer.CONES in layers)

    def health_changed(self, camera_ids: list[str]) -> None:
        """These cameras' pins take their new state colours."""
        for camera_id in camera_ids:
            pin = self.pins.get(camera_id)
            if pin is not None:
                pin.health = self.model.health(camera_id)
                pin.dimmed = False
                pin.update()

    def sync_hits(self) -> None:
        """One label per camera with hits on the board, the newest hit on top."""
        entries = {e.camera_id: e for e in self.hits.by_camera()} if self.hits is not None else {}
        for camera_id in list(self.hit_items):
            if camera_id not in entries or self.model.placement(camera_id) is None:
                self.scene.removeItem(self.hit_items.pop(camera_id))
        for order, (camera_id, entry) in enumerate(entries.items()):
            placement = self.model.placement(camera_id)
            if placement is None:
                continue  # a camera the map cannot show: its hit is in the pop-up and panel
            item = self.hit_items.get(camera_id)
            if item is None:
                item = self.hit_items[camera_id] = HitItem(placement, entry)
                self.scene.addItem(item)
            elif item.entry != entry:
                item.show_entry(entry)
            item.setZValue(HitItem.Z + order / 1000)

    def blink(self, on: bool) -> None:
        """The "on" or "off" half of a blink: lost cameras fade, new hits swap colours."""
        for item in self.hit_items.values():
            if item.entry.flashing or item.blink_on:
                item.blink_on = on and item.entry.flashing
                item.update()
        for camera_id, pin in self.pins.items():
            dimmed = on and self.model.lost(camera_id)
            if pin.dimmed != dimmed:
                pin.dimmed = dimmed
                pin.update()

    def place_handles(self) -> None:
        """Handles on the selected cameras' cones (edit mode only)."""
        self._remove(list(self.handles))
        self.handles = []
        if not self.model.editing:
            return
        for camera_id in self.model.selected:
            placement = self.model.placements[camera_id]
            fov = placement.fov
            heading = fov.heading if fov.heading is not None else 0.0
            spots = [(HandleKind.TURN, heading)]
            if not fov.full_circle:
                spots.append((HandleKind.WIDEN, heading + fov.angle / 2))
            for kind, bearing in spots:
                handle = HandleItem(camera_id, kind)
                handle.setPos(scene_point(destination(placement.position, bearing, fov.range_m)))
                self.scene.addItem(handle)
                self.handles.append(handle)
