"""Named layouts in two folders: shipped examples and the operator's own.

Shipped examples (the ``layouts/`` folder next to the ``app`` package) are
read-only; the operator's layouts live in the data folder and may be saved,
renamed and deleted. A user layout with the same name as a shipped one hides
it, so "saving over" an example keeps the original available once the
user's copy is deleted.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from app.config import paths
from app.config.layoutfile import read_layout, write_layout
from app.core.layout import WallLayout

logger = logging.getLogger("app.config")

MAX_NAME = 64
_FORBIDDEN = set('/\\:*?"<>|')
SUFFIX = ".json"


class LayoutStoreError(ValueError):
    """A request the store refuses: bad name, unknown layout, shipped layout."""


@dataclass(frozen=True)
class LayoutEntry:
    """One listed layout."""

    name: str
    path: Path
    shipped: bool


def shipped_layouts_dir() -> Path | None:
    """The repository's ``layouts/`` folder next to the package, if present."""
    folder = Path(__file__).resolve().parents[2] / "layouts"
    return folder if folder.is_dir() else None


def check_name(name: str) -> str:
    """``name`` stripped, or LayoutStoreError saying why it cannot be used."""
    clean = name.strip()
    if not clean:
        raise LayoutStoreError("layout name is empty")
    if len(clean) > MAX_NAME:
        raise LayoutStoreError(f"layout name longer than {MAX_NAME} characters")
    if _FORBIDDEN & set(clean) or clean.startswith("."):
        raise LayoutStoreError(f"layout name {clean!r} contains a character not allowed")
    if any(ord(c) < 32 for c in clean):
        raise LayoutStoreError("layout name contains control characters")
    return clean


class LayoutStore:
    """Lists, loads and saves layouts by name."""

    def __init__(self, user_dir: Path | None = None, shipped_dir: Path | None = None) -> None:
        self.user_dir = user_dir if user_dir is not None else paths.user_layouts_dir()
        self.shipped_dir = shipped_dir

    @classmethod
    def default(cls) -> LayoutStore:
        """The store over the platform data folder and the shipped examples."""
        return cls(paths.user_layouts_dir(), shipped_layouts_dir())

    def list(self) -> list[LayoutEntry]:
        """Every layout, sorted by name; user layouts hide shipped namesakes."""
        found: dict[str, LayoutEntry] = {}
        for folder, shipped in ((self.shipped_dir, True), (self.user_dir, False)):
            if folder is None or not folder.is_dir():
                continue
            for file in folder.glob(f"*{SUFFIX}"):
                if not file.name.startswith("."):
                    found[file.stem] = LayoutEntry(file.stem, file, shipped)
        return sorted(found.values(), key=lambda e: e.name.casefold())

    def find(self, name: str) -> LayoutEntry | None:
        """The entry called ``name``, or None."""
        return next((e for e in self.list() if e.name == name), None)

    def load(self, name_or_path: str | os.PathLike[str]) -> WallLayout:
        """A layout by name, or from a ``.json`` file path.

        Raises:
            LayoutStoreError: no layout has that name.
            LayoutFileError: the file is unreadable or invalid.
        """
        text = os.fspath(name_or_path)
        if text.endswith(SUFFIX) or os.sep in text or "/" in text:
            return read_layout(Path(text))
        entry = self.find(text)
        if entry is None:
            raise LayoutStoreError(f"no layout called {text!r}")
        return read_layout(entry.path, name=entry.name)

    def save(self, layout: WallLayout) -> Path:
        """Write ``layout`` under its own name in the user folder."""
        name = check_name(layout.name)
        path = self.user_dir / f"{name}{SUFFIX}"
        write_layout(layout.renamed(name), path)
        logger.info("layout %r saved to %s", name, path)
        return path

    def save_as(self, layout: WallLayout, new_name: str) -> WallLayout:
        """Save a copy of ``layout`` under ``new_name``; returns the copy."""
        copy = layout.renamed(check_name(new_name))
        self.save(copy)
        return copy

    def rename(self, old: str, new: str) -> None:
        """Rename a user layout; shipped ones and existing targets are refused."""
        source = self._user_path(old)
        new = check_name(new)
        target = self.user_dir / f"{new}{SUFFIX}"
        if new != old and self.find(new) is not None:
            raise LayoutStoreError(f"a layout called {new!r} already exists")
        layout = read_layout(source, name=new)
        write_layout(layout, target)
        if target != source:
            source.unlink()
        logger.info("layout %r renamed to %r", old, new)

    def delete(self, name: str) -> None:
        """Delete a user layout (a shipped namesake, if any, shows again)."""
        self._user_path(name).unlink()
        logger.info("layout %r deleted", name)

    def _user_path(self, name: str) -> Path:
        path = self.user_dir / f"{check_name(name)}{SUFFIX}"
        if path.is_file():
            return path
        if self.shipped_dir is not None and (self.shipped_dir / f"{name}{SUFFIX}").is_file():
            raise LayoutStoreError(f"{name!r} is a shipped example and cannot be changed")
        raise LayoutStoreError(f"no layout called {name!r}")
