"""ONVIF Profile M plate events: topic ``tns1:RuleEngine/Recognition/LicensePlate``.

A notification carries a ``tt:Message`` with ``Source`` and ``Data`` items
(ONVIF Analytics Service specification, License Plate Recognition rule):
``Likelihood``, ``ImageURI``, ``VehicleImageURI``, ``Speed`` and ``Direction``
as simple items; ``LicensePlateInfo`` (``PlateNumber``, ``PlateType``,
``CountryCode``, ``IssuingEntity``), ``VehicleInfo``, ``Image`` and
``VehicleImage`` (base64 JPEG) as element items. ``Direction`` is one of
Left, Right, Any, Entering, Exiting, Approaching, Departing.
"""

from __future__ import annotations

import base64
import binascii

from lxml import etree

from app.anpr.parse_common import (
    MAX_DOCUMENT_BYTES,
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
from app.core.plates import MAX_IMAGE_BYTES, Direction, PlateRead

SOURCE = "onvif"
TOPIC = "RuleEngine/Recognition/LicensePlate"
_DIRECTIONS = {
    "approaching": Direction.APPROACHING,
    "entering": Direction.APPROACHING,
    "departing": Direction.LEAVING,
    "exiting": Direction.LEAVING,
}


def is_plate_topic(topic: str) -> bool:
    """True for the licence plate topic, whatever prefix stands for ``tns1``."""
    return topic.strip().split(":", 1)[-1] == TOPIC


def _items(message: etree._Element, group: str) -> dict[str, etree._Element]:
    """``SimpleItem``/``ElementItem`` children of ``Source`` or ``Data``, by Name."""
    items: dict[str, etree._Element] = {}
    node = child(message, group)
    for item in node if node is not None else ():
        name = item.get("Name")
        if name and len(items) < 64:
            items[name[:64]] = item
    return items


def _value(items: dict[str, etree._Element], name: str) -> str:
    item = items.get(name)
    return str(item.get("Value") or "").strip() if item is not None else ""


def _base64_jpeg(item: etree._Element | None) -> bytes:
    """The picture of an ``Image`` element item (text inside it or its child)."""
    if item is None:
        return b""
    text = "".join(item.itertext()).strip()
    if not text or len(text) > MAX_IMAGE_BYTES * 4 // 3 + 4:
        return b""
    try:
        return base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        return b""


def parse_message(message: etree._Element, camera_id: str, received: float) -> PlateRead:
    """The read in one ``tt:Message`` of the plate topic.

    Raises:
        ParseError: not a ``Message``, or no ``PlateNumber``.
    """
    if local_name(message) != "Message":
        raise ParseError(f"not a tt:Message: <{local_name(message)[:40]}>")
    data = _items(message, "Data")
    info_item = data.get("LicensePlateInfo")
    info = child(info_item, "LicensePlateInfo") if info_item is not None else None
    if info is None and info_item is not None:
        info = info_item  # some devices put the fields straight in the item
    vehicle = child(data.get("VehicleInfo"), "VehicleInfo")
    likelihood = number(_value(data, "Likelihood"), 0, 1)
    if likelihood is None and info is not None:
        plate_node = child(info, "PlateNumber")
        likelihood = number(plate_node.get("Likelihood") if plate_node is not None else "", 0, 1)
    fields = ReadFields(
        plate_text=child_text(info, "PlateNumber"),
        at=iso_time(str(message.get("UtcTime") or "")),
        country=child_text(info, "CountryCode"),
        confidence=likelihood,
        direction=_DIRECTIONS.get(_value(data, "Direction").lower(), Direction.UNKNOWN),
        speed_kmh=number(_value(data, "Speed"), 0, 400),
        vehicle_type=child_text(vehicle, "Type"),
        plate_jpeg=_base64_jpeg(data.get("Image")),
        vehicle_jpeg=_base64_jpeg(data.get("VehicleImage")),
        plate_uri=_value(data, "ImageURI"),
        vehicle_uri=_value(data, "VehicleImageURI"),
    )
    return build_read(fields, camera_id, SOURCE, received)


def parse_notifications(
    data: bytes, camera_id: str, received: float, limit: int = MAX_DOCUMENT_BYTES
) -> list[PlateRead]:
    """Every plate read in a ``PullMessagesResponse`` (or any document of notifications).

    Messages of other topics are skipped; a plate message that cannot be
    used raises ParseError. ``limit`` bounds the document (pictures inline
    make a pull's answer large).
    """
    root = xml_root(data, limit)
    reads = []
    for note in root.iter("{*}NotificationMessage"):
        topic = child_text(note, "Topic")
        payload = child(note, "Message")
        message = child(payload, "Message")
        if is_plate_topic(topic) and message is not None:
            reads.append(parse_message(message, camera_id, received))
    return reads
