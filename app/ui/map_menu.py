"""The map's right-click menu: the cameras that see a point, and "punta qui".

Cameras whose cone holds the point come first, nearest first, each one a
call-up; PTZ heads in range follow with "Punta qui", which turns the head
to the point. In edit mode a PTZ head can also be calibrated on the point
(the installer has aimed it at a landmark and right-clicks the landmark).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMenu, QWidget

from app.maps.mercator import LatLon
from app.maps.model import MapModel
from app.maps.spatial import Sighting

CameraAction = Callable[[str], None]
PointAction = Callable[[str, LatLon], None]


def _label(sighting: Sighting) -> str:
    placement = sighting.placement
    return f"{placement.number}  {placement.name}  ({sighting.distance_m:.0f} m)"


def point_menu(
    parent: QWidget,
    model: MapModel,
    point: LatLon,
    *,
    call_up: CameraAction,
    aim: PointAction | None = None,
    calibrate: PointAction | None = None,
) -> QMenu:
    """The menu for a right-click at ``point`` (built fresh, deleted on close)."""
    menu = QMenu(parent)
    sightings = model.sightings(point)
    seeing = [s for s in sightings if s.in_view]
    header = menu.addAction(
        QCoreApplication.translate("MapMenu", "Telecamere che vedono questo punto")
    )
    header.setEnabled(False)
    if not seeing:
        menu.addAction(
            QCoreApplication.translate("MapMenu", "Nessuna telecamera inquadra questo punto")
        ).setEnabled(False)
    for sighting in seeing:
        camera_id = sighting.camera_id
        menu.addAction(_label(sighting), functools.partial(call_up, camera_id))
    steerable = [s for s in sightings if s.placement.steerable]
    if aim is not None and steerable:
        menu.addSeparator()
        for sighting in steerable:
            camera_id = sighting.camera_id
            text = QCoreApplication.translate("MapMenu", "Punta qui: %s") % _label(sighting)
            menu.addAction(text, functools.partial(aim, camera_id, point))
    if calibrate is not None and model.editing and steerable:
        menu.addSeparator()
        for sighting in steerable:
            camera_id = sighting.camera_id
            text = (
                QCoreApplication.translate("MapMenu", "Calibra %s: ora inquadra questo punto")
                % sighting.placement.number
            )
            menu.addAction(text, functools.partial(calibrate, camera_id, point))
    return menu
