"""A generic JSON webhook with a field mapping from the site file.

Selea, Tattile, Axis License Plate Verifier and others push JSON in formats
of their own. The installer writes, per source, where each field is:
``plate = "results.0.plate"``, ``time = "timestamp"``... A path is a dot-
separated walk through objects and lists (list items by number). Times may
be ISO 8601 text, or epoch seconds or milliseconds; pictures base64.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

from app.anpr.parse_common import (
    MAX_DOCUMENT_BYTES,
    ParseError,
    ReadFields,
    build_read,
    iso_time,
    number,
)
from app.core.plates import MAX_IMAGE_BYTES, Direction, PlateRead
from app.core.plates_config import WEBHOOK_FIELDS

SOURCE = "webhook"
FIELDS = WEBHOOK_FIELDS
DEFAULT_MAPPING = {name: name for name in FIELDS}
_DIRECTIONS = {
    "in": Direction.APPROACHING,
    "approaching": Direction.APPROACHING,
    "approach": Direction.APPROACHING,
    "out": Direction.LEAVING,
    "leaving": Direction.LEAVING,
    "leave": Direction.LEAVING,
    "departing": Direction.LEAVING,
}


def check_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """The mapping over the defaults; ValueError names an unknown field."""
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise ValueError(f"unknown webhook fields {unknown}; known: {', '.join(FIELDS)}")
    return {**DEFAULT_MAPPING, **{k: str(v) for k, v in mapping.items()}}


def walk(document: Any, path: str) -> Any:
    """The value at a dot-separated ``path`` (None where the path leads nowhere)."""
    node = document
    for step in path.split(".")[:16]:
        if isinstance(node, dict):
            node = node.get(step)
        elif isinstance(node, list) and step.isdigit() and int(step) < len(node):
            node = node[int(step)]
        else:
            return None
    return node


def _time(value: Any) -> float | None:
    if isinstance(value, str) and not value.strip().replace(".", "").isdigit():
        return iso_time(value)
    stamp = number(value, 0, 1e14)
    if stamp is None:
        return None
    return stamp / 1000.0 if stamp > 1e11 else stamp  # milliseconds since the epoch


def _picture(value: Any) -> bytes:
    if not isinstance(value, str) or len(value) > MAX_IMAGE_BYTES * 4 // 3 + 4:
        return b""
    try:
        return base64.b64decode(value.split(",")[-1], validate=False)  # data: URLs too
    except (binascii.Error, ValueError):
        return b""


def parse_webhook(
    body: bytes, mapping: Mapping[str, str], camera_id: str, received: float
) -> PlateRead:
    """The read in one webhook body for ``camera_id`` (the URL it came to names it).

    Raises:
        ParseError: too large, not a JSON object, or no plate at the mapped path.
    """
    if len(body) > MAX_DOCUMENT_BYTES + 2 * MAX_IMAGE_BYTES:
        raise ParseError(f"webhook body too large ({len(body)} bytes)")
    try:
        document = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        raise ParseError("webhook body is not valid JSON") from None
    if not isinstance(document, dict):
        raise ParseError("webhook body is not a JSON object")
    get = {name: walk(document, path) for name, path in mapping.items()}
    plate = get.get("plate")
    if not isinstance(plate, str | int):
        raise ParseError(f"no plate at {mapping.get('plate')!r}")
    confidence = number(get.get("confidence"), 0, 100)
    lane = number(get.get("lane"), 0, 99)
    fields = ReadFields(
        plate_text=str(plate),
        at=_time(get.get("time")),
        country=str(get.get("country") or ""),
        confidence=_fraction(confidence),
        direction=_DIRECTIONS.get(str(get.get("direction") or "").lower(), Direction.UNKNOWN),
        lane=None if lane is None else int(lane),
        speed_kmh=number(get.get("speed"), 0, 400),
        vehicle_type=str(get.get("vehicle") or ""),
        plate_jpeg=_picture(get.get("plate_image")),
        vehicle_jpeg=_picture(get.get("vehicle_image")),
    )
    return build_read(fields, camera_id, SOURCE, received)


def _fraction(value: float | None) -> float | None:
    """A confidence as 0..1, whether the device said 0.87 or 87."""
    return None if value is None else (value / 100.0 if value > 1 else value)
