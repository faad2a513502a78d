"""What every dialect parser shares: bounded, hardened parsing and field cleaning.

Everything here treats its input as hostile: sizes are checked before
parsing, the XML parser resolves no entities, loads no DTD and touches no
network, numbers outside their range are dropped, and text is sanitised
before it goes anywhere.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from lxml import etree

from app.core.plates import (
    MAX_PLATE_LENGTH,
    Direction,
    PlateImage,
    PlateRead,
    looks_like_jpeg,
    normalise_plate,
    sanitise_text,
)

#: The largest XML or JSON document accepted from a device (pictures travel apart).
MAX_DOCUMENT_BYTES = 256 * 1024


class ParseError(ValueError):
    """A message from a device that is not a usable plate read (the text says why)."""


def xml_root(data: bytes, limit: int = MAX_DOCUMENT_BYTES) -> etree._Element:
    """The root of an XML document from a device, parsed safely.

    Raises:
        ParseError: larger than ``limit``, malformed, or with a DOCTYPE (entity tricks).
    """
    if len(data) > limit:
        raise ParseError(f"XML document too large ({len(data)} bytes)")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"malformed XML: {sanitise_text(exc)}") from None
    if root is None:
        raise ParseError("empty XML document")
    if root.getroottree().docinfo.doctype:
        raise ParseError("XML with a DOCTYPE refused")
    return root


def local_name(element: etree._Element) -> str:
    """The tag without its namespace (``{ns}licensePlate`` -> ``licensePlate``)."""
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def child_text(element: etree._Element | None, name: str) -> str:
    """The text of the first child called ``name`` in any namespace ("" if none)."""
    if element is None:
        return ""
    for child in element:
        if local_name(child) == name:
            return str(child.text or "").strip()
    return ""


def child(element: etree._Element | None, name: str) -> etree._Element | None:
    """The first child called ``name`` in any namespace."""
    if element is None:
        return None
    return next((c for c in element if local_name(c) == name), None)


def number(value: object, low: float, high: float) -> float | None:
    """``value`` as a finite number within [low, high], else None."""
    try:
        result = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) and low <= result <= high else None


def iso_time(text: str) -> float | None:
    """UTC seconds of an ISO 8601 time; one without a zone is taken as local time."""
    text = text.strip()[:40]
    if not text:
        return None
    try:
        stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.astimezone()  # the device's clock is the station's local time
    return stamp.timestamp()


def plausible_time(at: float | None, received: float) -> float:
    """``at`` when within a day of ``received``, else ``received`` (a device with a wrong clock)."""
    if at is None or abs(at - received) > 86400:
        return received
    return at


@dataclass
class ReadFields:
    """Fields gathered by a parser before they become a ``PlateRead``."""

    plate_text: str
    at: float | None = None
    country: str = ""
    confidence: float | None = None
    direction: Direction = Direction.UNKNOWN
    lane: int | None = None
    speed_kmh: float | None = None
    vehicle_type: str = ""
    plate_jpeg: bytes = b""
    vehicle_jpeg: bytes = b""
    plate_uri: str = ""
    vehicle_uri: str = ""


def build_read(fields: ReadFields, camera_id: str, source: str, received: float) -> PlateRead:
    """The ``PlateRead`` of parsed fields, or ParseError when no plate was read."""
    text = sanitise_text(fields.plate_text, MAX_PLATE_LENGTH * 2)
    plate = normalise_plate(text)
    if not plate:
        raise ParseError(f"no usable plate in {text!r}")
    return PlateRead(
        camera_id=camera_id,
        plate_text=text,
        plate=plate,
        captured_at=plausible_time(fields.at, received),
        country=sanitise_text(fields.country, 3).upper() if fields.country.isalpha() else "",
        confidence=fields.confidence,
        direction=fields.direction,
        lane=fields.lane,
        speed_kmh=fields.speed_kmh,
        vehicle_type=sanitise_text(fields.vehicle_type, 32),
        source=source,
        plate_image=_image(fields.plate_jpeg, fields.plate_uri),
        vehicle_image=_image(fields.vehicle_jpeg, fields.vehicle_uri),
    )


def _image(data: bytes, uri: str) -> PlateImage | None:
    """A picture that really is a JPEG, or a URI with an http(s) scheme; else None."""
    jpeg = data if looks_like_jpeg(data) else b""
    link = uri if uri.startswith(("http://", "https://")) and len(uri) <= 1024 else ""
    return PlateImage(data=jpeg, uri=sanitise_text(link, 1024)) if jpeg or link else None
