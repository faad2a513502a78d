"""Hikvision ISAPI plate events: ``EventNotificationAlert`` with ``eventType`` ANPR.

The same XML arrives two ways: pushed by the camera ("HTTP listening", one
multipart POST with ``anpr.xml``, ``licensePlatePicture.jpg`` and
``detectionPicture.jpg``) or as parts of the endless
``/ISAPI/Event/notification/alertStream`` response, where heartbeats and
other events come between plate reads. Field names follow the public
parsers of this format; ``direction`` is ``forward`` or ``reverse``.
"""

from __future__ import annotations

import logging

from app.anpr.multipart import Part
from app.anpr.parse_common import (
    ParseError,
    ReadFields,
    build_read,
    child,
    child_text,
    iso_time,
    local_name,
    number,
    xml_root,
)
from app.core.plates import Direction, PlateRead

logger = logging.getLogger("app.anpr")

SOURCE = "hikvision"
_DIRECTIONS = {"forward": Direction.APPROACHING, "reverse": Direction.LEAVING}
_PLATE_PICTURES = ("licenseplatepicture", "plate")
_VEHICLE_PICTURES = ("detectionpicture", "vehiclepicture", "scene")


def parse_alert(
    data: bytes, camera_id: str, received: float, pictures: tuple[bytes, bytes] = (b"", b"")
) -> PlateRead | None:
    """The read in one ``EventNotificationAlert`` (None: another kind of event).

    ``pictures`` are the plate and vehicle JPEGs that came with it.

    Raises:
        ParseError: not an alert, or an ANPR alert without a plate.
    """
    root = xml_root(data)
    if local_name(root) != "EventNotificationAlert":
        raise ParseError(f"not an EventNotificationAlert: <{local_name(root)[:40]}>")
    if child_text(root, "eventType").upper() != "ANPR":
        return None
    anpr = child(root, "ANPR")
    if anpr is None:
        raise ParseError("ANPR alert without an <ANPR> element")
    confidence = number(child_text(anpr, "confidenceLevel"), 0, 100)
    lane = number(child_text(anpr, "laneNo") or child_text(anpr, "line"), 0, 99)
    fields = ReadFields(
        plate_text=child_text(anpr, "licensePlate"),
        at=iso_time(child_text(root, "dateTime")),
        country=child_text(anpr, "country"),
        confidence=None if confidence is None else confidence / 100.0,
        direction=_DIRECTIONS.get(child_text(anpr, "direction").lower(), Direction.UNKNOWN),
        lane=None if lane is None else int(lane),
        speed_kmh=number(child_text(anpr, "speed"), 0, 400),
        vehicle_type=child_text(anpr, "vehicleType"),
        plate_jpeg=pictures[0],
        vehicle_jpeg=pictures[1],
    )
    return build_read(fields, camera_id, SOURCE, received)


def parse_push(parts: list[Part], camera_id: str, received: float) -> PlateRead | None:
    """The read in one pushed multipart event (``anpr.xml`` and its pictures).

    Raises:
        ParseError: no XML part, or the XML is not a usable alert.
    """
    xml = next((p for p in parts if _is_xml(p)), None)
    if xml is None:
        raise ParseError("no XML part in the pushed event")
    return parse_alert(xml.body, camera_id, received, pictures_of(parts))


def pictures_of(parts: list[Part]) -> tuple[bytes, bytes]:
    """The plate and the vehicle JPEG among ``parts``, by name (first JPEG: the plate)."""
    jpegs = [p for p in parts if p.content_type == "image/jpeg" or p.name.endswith(".jpg")]
    plate = next((p.body for p in jpegs if p.name.lower().startswith(_PLATE_PICTURES)), b"")
    vehicle = next((p.body for p in jpegs if p.name.lower().startswith(_VEHICLE_PICTURES)), b"")
    if not plate and not vehicle and jpegs:
        plate = jpegs[0].body
        vehicle = jpegs[1].body if len(jpegs) > 1 else b""
    return plate, vehicle


def _is_xml(part: Part) -> bool:
    return part.content_type in ("application/xml", "text/xml") or part.name.endswith(".xml")


class AlertStreamAssembler:
    """Groups the parts of an ``alertStream`` into events: an XML part and the JPEGs after it."""

    def __init__(self, camera_id: str) -> None:
        self.camera_id = camera_id
        self.rejected = 0
        self._pending: list[Part] = []

    def feed(self, parts: list[Part], received: float) -> list[PlateRead]:
        """Reads completed by ``parts``; an event is complete when the next XML starts."""
        reads: list[PlateRead] = []
        for part in parts:
            if _is_xml(part) and self._pending:
                reads.extend(self._flush(received))
            if _is_xml(part) or self._pending:
                self._pending.append(part)
            if len(self._pending) > 4:  # an XML and at most three pictures
                reads.extend(self._flush(received))
        return reads

    def flush(self, received: float) -> list[PlateRead]:
        """The event still pending (at the end of the stream, or after a quiet moment)."""
        return self._flush(received)

    def _flush(self, received: float) -> list[PlateRead]:
        pending, self._pending = self._pending, []
        if not pending:
            return []
        try:
            read = parse_push(pending, self.camera_id, received)
        except ParseError as exc:
            self.rejected += 1
            logger.warning("camera %s: event refused: %s", self.camera_id, exc)
            return []
        return [] if read is None else [read]
