"""Simulated plate cameras: passing vehicles, their plates, and the reads a camera makes.

Each plate camera sees traffic at its own pace: mostly Italian cars
(``LL DDD LL``), some motorcycles (``LL DDDDD``) and foreign vehicles. When
a vehicle's plate is readable the camera makes a read, wrong now and then
the way real readers are (a ``0`` for an ``O``, ``8`` for ``B``, a lost
character) at ``misread_rate``. Every read carries a plate crop and a
vehicle picture rendered here (white plate, blue EU band, black letters).
``force`` makes a given plate pass now; ``rate`` raises the pace for load
tests.
"""

from __future__ import annotations

import dataclasses
import random
import time
import zlib
from dataclasses import dataclass

import cv2
import numpy as np

from app.core.plates_format import ITALIAN_LETTERS, confusion_partners

_LETTERS = sorted(ITALIAN_LETTERS)
_FOREIGN = ("D", "F", "CH", "A", "SLO")
_FONT = cv2.FONT_HERSHEY_SIMPLEX
#: Vehicles that pass again and again (the demo's hotlist has some of them).
REGULARS = (("FG482KL", "IT"), ("EZ315TR", "IT"), ("DA77712", "IT"), ("BX903MN", "IT"))
REGULAR_SHARE = 0.15
DEFAULT_PER_MINUTE = 6.0
DEFAULT_MISREAD_RATE = 0.05
MAX_RATE_PER_S = 5000.0
PICTURES_UP_TO = 20.0


@dataclass(frozen=True)
class SimRead:
    """One read as the camera makes it, before it is written in a dialect."""

    camera_id: str
    plate: str  # what the reader says (may be a misread)
    true_plate: str  # what the vehicle carries
    country: str
    at: float
    confidence: float
    direction: str  # "approaching" or "leaving"
    lane: int
    speed_kmh: float
    vehicle: str
    plate_jpeg: bytes = b""
    vehicle_jpeg: bytes = b""


def italian_car(rng: random.Random) -> str:
    """A random plate of a car registered since 1994."""
    letters = "".join(rng.choice(_LETTERS) for _ in range(4))
    return f"{letters[:2]}{rng.randrange(1000):03d}{letters[2:]}"


def italian_motorcycle(rng: random.Random) -> str:
    """A random motorcycle plate."""
    return f"{rng.choice(_LETTERS)}{rng.choice(_LETTERS)}{rng.randrange(100000):05d}"


def foreign(rng: random.Random) -> tuple[str, str]:
    """A random foreign plate and its country code."""
    country = rng.choice(_FOREIGN)
    letters = "".join(rng.choice("ABCDEFGHKLMNPRSTUVWXYZ") for _ in range(2))
    return f"{rng.choice('MBKS')}{letters}{rng.randrange(10, 9999)}", country


def misread(plate: str, rng: random.Random) -> str:
    """``plate`` read wrong once: a confusable character swapped, or one lost."""
    positions = [i for i, ch in enumerate(plate) if confusion_partners(ch)]
    if positions and rng.random() < 0.75:
        i = rng.choice(positions)
        return plate[:i] + rng.choice(confusion_partners(plate[i])) + plate[i + 1 :]
    i = rng.randrange(len(plate))
    return plate[:i] + plate[i + 1 :]


def plate_picture(text: str, country: str = "I") -> bytes:
    """A JPEG of a European plate showing ``text``."""
    return _jpeg(_plate_image(text, country))


def _plate_image(text: str, country: str) -> np.ndarray:
    img = np.full((60, 280, 3), 245, np.uint8)
    cv2.rectangle(img, (0, 0), (34, 59), (160, 40, 0), -1)  # the blue EU band (BGR)
    cv2.putText(img, country[:3], (4, 50), _FONT, 0.5, (255, 255, 255), 1, cv2.LINE_AA)
    spaced = f"{text[:2]} {text[2:5]} {text[5:]}" if len(text) == 7 else text
    cv2.putText(img, spaced, (42, 44), _FONT, 1.2, (20, 20, 20), 3, cv2.LINE_AA)
    cv2.rectangle(img, (0, 0), (279, 59), (30, 30, 30), 2)
    return img


def vehicle_picture(text: str, colour_seed: int) -> bytes:
    """A JPEG of a car seen from behind, its plate on it."""
    rng = random.Random(colour_seed)
    img = np.full((360, 480, 3), 70, np.uint8)
    colour = tuple(rng.randrange(40, 230) for _ in range(3))
    cv2.rectangle(img, (90, 80), (390, 300), colour, -1)
    cv2.rectangle(img, (130, 100), (350, 170), (50, 50, 60), -1)  # rear window
    small = cv2.resize(_plate_image(text, "I"), (140, 30))
    img[240:270, 170:310] = small
    return _jpeg(img)


def _jpeg(img: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 80])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return bytes(data.tobytes())


class PlateTraffic:
    """The vehicles one plate camera sees, and the reads it makes of them."""

    def __init__(self, camera_id: str, seed: int | None = None) -> None:
        self.camera_id = camera_id
        self.per_second = DEFAULT_PER_MINUTE / 60.0
        self.misread_rate = DEFAULT_MISREAD_RATE
        self.pictures = True
        self._rng = random.Random(seed if seed is not None else zlib.crc32(camera_id.encode()))
        self.made = 0

    def set_rate(self, per_second: float) -> None:
        """Reads a second (0 stops the traffic; forced plates still pass).

        Above ``PICTURES_UP_TO`` reads a second no pictures are drawn: a load
        test measures the reads, and drawing would cost the simulator a core.
        """
        self.per_second = max(0.0, min(MAX_RATE_PER_S, per_second))
        self.pictures = self.per_second <= PICTURES_UP_TO

    def next_gap(self) -> float:
        """Seconds to the next vehicle (exponential gaps: traffic is not a metronome)."""
        if self.per_second <= 0:
            return 3600.0
        return self._rng.expovariate(self.per_second)

    def vehicle(self) -> tuple[str, str]:
        """A passing vehicle's plate and country."""
        roll = self._rng.random()
        if roll < REGULAR_SHARE:
            return self._rng.choice(REGULARS)
        if roll < 0.8:
            return italian_car(self._rng), "IT"
        if roll < 0.9:
            return italian_motorcycle(self._rng), "IT"
        return foreign(self._rng)

    def read(self, plate: str | None = None, country: str = "IT", exact: bool = False) -> SimRead:
        """The camera's read of a vehicle (``plate`` forced, or a random one)."""
        if plate is None:
            plate, country = self.vehicle()
        seen = plate
        if not exact and self._rng.random() < self.misread_rate:
            seen = misread(plate, self._rng)
        self.made += 1
        rng = self._rng
        read = SimRead(
            self.camera_id,
            seen,
            plate,
            country,
            time.time(),
            round(rng.uniform(0.7, 0.99), 2),
            rng.choice(("approaching", "leaving")),
            rng.randint(1, 2),
            round(rng.uniform(20, 70), 1),
            "motorcycle" if len(plate) == 7 and plate[2:].isdigit() else "car",
        )
        if not self.pictures:
            return read
        return dataclasses.replace(
            read,
            plate_jpeg=plate_picture(plate, "I" if country == "IT" else country),
            vehicle_jpeg=vehicle_picture(plate, zlib.crc32(plate.encode())),
        )
