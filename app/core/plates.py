"""Plate reads: what a plate camera tells us about one passing vehicle.

Every ingestion dialect (ONVIF Profile M, Hikvision ISAPI, Dahua, JSON
webhooks, the simulator) ends in one ``PlateRead``; the matcher, the transit
store and the UI only ever see this type. Text from a device is untrusted:
``sanitise_text`` bounds it and strips control characters before it reaches a
log line or the screen, and ``normalise_plate`` reduces a plate to the
upper-case letters and digits the matcher compares.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass, field

#: The longest plate kept; no European plate is longer than 10 symbols.
MAX_PLATE_LENGTH = 12
#: The longest free text kept from a device (vehicle type, camera's own name...).
MAX_TEXT_LENGTH = 64
#: Bytes accepted for one JPEG picture from a device.
MAX_IMAGE_BYTES = 2 * 1024 * 1024

_JPEG_START = b"\xff\xd8\xff"


class Direction(enum.StrEnum):
    """Which way a vehicle passed, as the camera sees it."""

    APPROACHING = "approaching"  # towards the camera ("in arrivo")
    LEAVING = "leaving"  # away from the camera ("in allontanamento")
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class PlateImage:
    """A picture that came with a read: its JPEG bytes, or where to fetch it.

    ``data`` is set by dialects that push pictures (Hikvision, Dahua, the
    simulator); ``uri`` by those that only name them (ONVIF ``ImageURI``).
    ``path`` is set once the transit store has written the picture to disk.
    """

    data: bytes = b""
    uri: str = ""
    path: str = ""


@dataclass(frozen=True, slots=True)
class PlateRead:
    """One plate read by one camera at one moment.

    ``plate_text`` is what the camera said (sanitised), ``plate`` its
    normalised form (``normalise_plate``); ``captured_at`` is UTC seconds
    since the epoch; ``confidence`` is 0..1 when the camera says it.
    """

    camera_id: str
    plate_text: str
    plate: str
    captured_at: float
    country: str = ""
    confidence: float | None = None
    direction: Direction = Direction.UNKNOWN
    lane: int | None = None
    speed_kmh: float | None = None
    vehicle_type: str = ""
    source: str = ""
    plate_image: PlateImage | None = field(default=None, repr=False)
    vehicle_image: PlateImage | None = field(default=None, repr=False)


def sanitise_text(value: object, limit: int = MAX_TEXT_LENGTH) -> str:
    """Device text made safe to log and show: printable, one line, at most ``limit``.

    Control and format characters (escape sequences, bidi overrides, NUL)
    become spaces; runs of white space collapse; the result is cut at
    ``limit`` characters.
    """
    text = str(value)[: limit * 4]  # bound the work before looking at characters
    if text.isascii() and text.isprintable():
        return " ".join(text.split())[:limit]  # the common case: nothing to replace
    cleaned = "".join(
        " " if unicodedata.category(ch)[0] in "CZ" and ch != " " else ch for ch in text
    )
    return " ".join(cleaned.split())[:limit]


def normalise_plate(value: object) -> str:
    """The plate as the matcher compares it: A-Z and 0-9 only, upper case.

    Separators (spaces, dashes, dots) are dropped and accented letters lose
    their accent (``à`` -> ``A``); anything else is dropped too. Returns ""
    when nothing usable is left or the plate is longer than
    ``MAX_PLATE_LENGTH``.
    """
    text = unicodedata.normalize("NFKD", str(value)[: MAX_PLATE_LENGTH * 4]).upper()
    plate = "".join(ch for ch in text if ("A" <= ch <= "Z") or ("0" <= ch <= "9"))
    return plate if len(plate) <= MAX_PLATE_LENGTH else ""


def odd_characters(value: str) -> str:
    """Characters of ``value`` that are neither letters, digits nor separators.

    Used by the hotlist import to refuse a row such as ``AB#12CD`` instead of
    silently turning it into another plate.
    """
    allowed_separators = " -."
    decomposed = unicodedata.normalize("NFKD", value)
    odd = {
        ch
        for ch in decomposed
        if not (ch.isascii() and ch.isalnum())
        and ch not in allowed_separators
        and unicodedata.category(ch) != "Mn"  # combining accents of à, è...
    }
    return "".join(sorted(odd))


def looks_like_jpeg(data: bytes) -> bool:
    """True when ``data`` starts like a JPEG and is within the size bound."""
    return 3 < len(data) <= MAX_IMAGE_BYTES and data.startswith(_JPEG_START)
