"""Drag-and-drop formats shared by the camera tree and the tiles."""

from __future__ import annotations

from PySide6.QtCore import QMimeData

CAMERA_MIME = "application/x-occhio-camera"
"""Payload: the camera id, UTF-8."""

TILE_MIME = "application/x-occhio-tile"
"""Payload: ``<wall id>:<tile index>``, UTF-8 (a tile dragged to swap)."""


def camera_mime(camera_id: str) -> QMimeData:
    """Mime data carrying one camera."""
    data = QMimeData()
    data.setData(CAMERA_MIME, camera_id.encode())
    return data


def tile_mime(wall_id: str, index: int, camera_id: str | None) -> QMimeData:
    """Mime data for a dragged tile (also carries its camera for other walls)."""
    data = QMimeData()
    data.setData(TILE_MIME, f"{wall_id}:{index}".encode())
    if camera_id:
        data.setData(CAMERA_MIME, camera_id.encode())
    return data


def read_camera(data: QMimeData) -> str | None:
    """The camera id in ``data``, or None."""
    if not data.hasFormat(CAMERA_MIME):
        return None
    text = bytes(data.data(CAMERA_MIME).data()).decode(errors="replace").strip()
    return text or None


def read_tile(data: QMimeData) -> tuple[str, int] | None:
    """The (wall id, tile index) in ``data``, or None."""
    if not data.hasFormat(TILE_MIME):
        return None
    text = bytes(data.data(TILE_MIME).data()).decode(errors="replace")
    wall, _, index = text.rpartition(":")
    return (wall, int(index)) if index.isdigit() else None
