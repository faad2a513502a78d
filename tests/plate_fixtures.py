"""Fixtures and helpers of the plate tests: hotlists, a transit store, a pipeline, reads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from app.anpr.hotlist_store import HotlistStore
from app.anpr.hotlists import Hotlists
from app.anpr.images import ImageFolder
from app.anpr.pipeline import PlatePipeline
from app.anpr.transits import TransitStore
from app.core.plates import Direction, PlateImage, PlateRead


def _jpeg() -> bytes:
    ok, data = cv2.imencode(".jpg", np.full((30, 140, 3), 200, np.uint8))
    assert ok
    return bytes(data.tobytes())


JPEG = _jpeg()


def plate_read(
    plate: str,
    at: float = 1_700_000_000.0,
    camera: str = "varco-1",
    direction: Direction = Direction.APPROACHING,
    image: bool = False,
) -> PlateRead:
    """A read as an adapter would make it."""
    pic = PlateImage(data=JPEG) if image else None
    return PlateRead(
        camera, plate, plate, at, "IT", 0.9, direction, plate_image=pic, vehicle_image=pic
    )


@pytest.fixture
def transit_store(tmp_path: Path) -> Iterator[TransitStore]:
    store = TransitStore(tmp_path / "transiti.sqlite")
    yield store
    store.close()


@pytest.fixture
def plate_hotlists(tmp_path: Path) -> Hotlists:
    lists = Hotlists(HotlistStore(tmp_path / "liste.sqlite"))
    lists.define("A1", "a1")
    return lists


@pytest.fixture
def pipeline(
    plate_hotlists: Hotlists, transit_store: TransitStore, tmp_path: Path
) -> Iterator[PlatePipeline]:
    pipe = PlatePipeline(
        plate_hotlists, transit_store, ImageFolder(tmp_path / "img"), lambda c: "chiavari"
    )
    pipe.start()
    yield pipe
    pipe.stop()
