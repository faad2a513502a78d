"""Pictures of plate reads on disk, one folder per day beside the transit database.

A read's pictures are written once by the writer thread: to a temporary
name, then renamed, so a reader never sees half a JPEG. Pictures of reads
that hit nothing are not fsynced (the retention deletes them within days
anyway); those of hits are, with their folder, before the hit is stored.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Iterable
from pathlib import Path

logger = logging.getLogger("app.anpr")


class ImageFolder:
    """Where the pictures of reads live; paths in the database are relative to it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, read_id: int, kind: str, data: bytes, at: float, durable: bool = False) -> str:
        """Write one JPEG; returns its path relative to the folder."""
        day = time.strftime("%Y-%m-%d", time.gmtime(at))
        rel = f"{day}/{read_id}-{kind}.jpg"
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, target)
        if durable:
            _fsync_dir(target.parent)
        return rel

    def path(self, rel: str) -> Path | None:
        """The file of a stored relative path (None for "" or a path leaving the folder)."""
        if not rel:
            return None
        path = (self.root / rel).resolve()
        return path if path.is_relative_to(self.root.resolve()) else None

    def remove(self, rels: Iterable[str]) -> int:
        """Delete pictures (missing ones are fine); returns how many were deleted."""
        removed = 0
        folders = set()
        for rel in rels:
            path = self.path(rel)
            if path is None:
                continue
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed += 1
                folders.add(path.parent)
        for folder in folders:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only succeeds once the day's folder is empty
        return removed


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
