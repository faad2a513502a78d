"""Dahua plate events: ``TrafficJunction`` from ``eventManager.cgi?action=attach``.

Each part of the endless response is text like
``Code=TrafficJunction;action=Pulse;index=0;data={...JSON...}``. The JSON
has the plate in ``TrafficCar.PlateNumber`` (or ``Object.Text``), the lane,
speed and vehicle colour. ``UTC`` is, on the devices seen in public parsers,
the local time written as if it were UTC; ``RealUTC`` (when present) is true
UTC and is preferred. Pictures come only from the ``snapManager`` variant,
as a JPEG part after the text part.
"""

from __future__ import annotations

import json
from typing import Any

from app.anpr.parse_common import (
    MAX_DOCUMENT_BYTES,
    ParseError,
    ReadFields,
    build_read,
    number,
)
from app.core.plates import Direction, PlateRead

SOURCE = "dahua"
_DIRECTIONS = {"approach": Direction.APPROACHING, "leave": Direction.LEAVING}


def parse_event_text(text: bytes) -> tuple[dict[str, str], dict[str, Any]]:
    """The ``key=value`` fields of an event part and its JSON ``data`` (or {}).

    Raises:
        ParseError: too large, not text, or ``data`` that is not a JSON object.
    """
    if len(text) > MAX_DOCUMENT_BYTES:
        raise ParseError(f"event text too large ({len(text)} bytes)")
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError:
        raise ParseError("event text is not UTF-8") from None
    head, sep, data = decoded.partition("data=")
    fields = {}
    for item in head.strip().split(";"):
        key, eq, value = item.partition("=")
        if eq:
            fields[key.strip()[:40]] = value.strip()[:200]
    if not sep:
        return fields, {}
    try:
        payload = json.loads(data)
    except (json.JSONDecodeError, RecursionError):
        raise ParseError("event data is not valid JSON") from None
    if not isinstance(payload, dict):
        raise ParseError("event data is not a JSON object")
    return fields, payload


def parse_event(
    text: bytes, camera_id: str, received: float, picture: bytes = b""
) -> PlateRead | None:
    """The read in one attach event (None: not a TrafficJunction pulse).

    Raises:
        ParseError: malformed, or a TrafficJunction without a plate.
    """
    fields, data = parse_event_text(text)
    if fields.get("Code") != "TrafficJunction" or fields.get("action", "Pulse") != "Pulse":
        return None
    car = _table(data.get("TrafficCar"))
    obj = _table(data.get("Object"))
    vehicle = _table(data.get("Vehicle"))
    plate = str(car.get("PlateNumber") or obj.get("Text") or "")
    at = number(data.get("RealUTC"), 1, 4e9) or number(data.get("UTC"), 1, 4e9)
    confidence = number(obj.get("Confidence"), 0, 100)  # the scale is not documented
    lane = number(car.get("Lane", data.get("Lane")), 0, 99)
    driving = car.get("DrivingDirection")
    direction = str(driving[0]).lower() if isinstance(driving, list) and driving else ""
    read = ReadFields(
        plate_text=plate,
        at=at,
        country=str(car.get("Country") or ""),
        confidence=None if confidence is None else confidence / 100.0,
        direction=_DIRECTIONS.get(direction, Direction.UNKNOWN),
        lane=None if lane is None else int(lane),
        speed_kmh=number(car.get("Speed"), 0, 400),
        vehicle_type=str(car.get("VehicleSize") or vehicle.get("Category") or ""),
        plate_jpeg=picture,
    )
    return build_read(read, camera_id, SOURCE, received)


def _table(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
