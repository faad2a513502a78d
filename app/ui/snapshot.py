"""Saving a tile's current frame as a PNG with who/what/when metadata."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSaveFile
from PySide6.QtGui import QImage

from app.core.model import Camera
from app.core.recording import iso
from app.core.streams import VideoFrame
from app.video.convert import to_bgra

logger = logging.getLogger("app.ui")


class SnapshotError(Exception):
    """The snapshot could not be written (English detail for the log)."""


def snapshot_name(camera: Camera, when: float, recorded: bool = False) -> str:
    """File name: camera number, id and local time, sortable; "-registrazione" from playback."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(when))
    return f"{camera.number}-{camera.id}-{stamp}{'-registrazione' if recorded else ''}.png"


def save_snapshot(
    frame: VideoFrame, camera: Camera, operator: str, folder: Path, *, recorded: bool = False
) -> Path:
    """Write ``frame`` at full resolution into ``folder``; returns the path.

    The PNG carries text chunks Camera, CameraId, Time (ISO 8601: the frame's
    own decode time live, its capture time in the recorder's clock from
    playback), Source ("diretta" or "registrazione") and Operator, so a
    printed snapshot can be traced; a snapshot from playback also carries
    CaptureTime, the frame's capture time in UTC to the millisecond, as the
    recorder stamped it. The file is written atomically (QSaveFile).
    """
    pixels = np.ascontiguousarray(to_bgra(frame, frame.width, frame.height))
    image = QImage(
        pixels.data, frame.width, frame.height, pixels.strides[0], QImage.Format.Format_RGB32
    ).copy()
    taken = time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(frame.wallclock))
    image.setText("Camera", f"{camera.number} {camera.name}")
    image.setText("CameraId", camera.id)
    image.setText("Time", taken)
    image.setText("Source", "registrazione" if recorded else "diretta")
    if recorded:
        image.setText("CaptureTime", iso(frame.wallclock))
    image.setText("Operator", operator)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / snapshot_name(camera, frame.wallclock, recorded)
    out = QSaveFile(str(path))
    if not out.open(QSaveFile.OpenModeFlag.WriteOnly):
        raise SnapshotError(f"cannot open {path}: {out.errorString()}")
    # WORKAROUND: PySide6 6.12 accepts only a str format at run time while its
    # stubs declare bytes.
    if not image.save(out, "PNG") or not out.commit():  # type: ignore[call-overload]
        out.cancelWriting()
        raise SnapshotError(f"cannot write {path}: {out.errorString()}")
    logger.info("snapshot of %s saved to %s", camera.id, path)
    return path
