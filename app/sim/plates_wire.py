"""The simulator's plate reads written in each camera dialect, as bytes on the wire.

Written from the public descriptions of the formats (see the Occhio domain
notes): Hikvision ``EventNotificationAlert`` XML with an ``ANPR`` element,
Dahua ``Code=TrafficJunction;action=Pulse;index=0;data={JSON}``, ONVIF
``tt:Message`` for ``tns1:RuleEngine/Recognition/LicensePlate``, and a JSON
webhook body.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from xml.sax.saxutils import escape

from app.sim.plates import SimRead

HIK_DIRECTION = {"approaching": "forward", "leaving": "reverse"}
DAHUA_DIRECTION = {"approaching": "Approach", "leaving": "Leave"}
ONVIF_DIRECTION = {"approaching": "Approaching", "leaving": "Departing"}


def _iso(at: float, utc: bool = False) -> str:
    stamp = dt.datetime.fromtimestamp(at, dt.UTC if utc else None)
    if not utc:
        stamp = stamp.astimezone()
    text = stamp.isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z") if utc else text


def hik_alert(read: SimRead, channel: int = 1) -> bytes:
    """The ``EventNotificationAlert`` of one read."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<EventNotificationAlert version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema">'
        f"<ipAddress>127.0.0.1</ipAddress><channelID>{channel}</channelID>"
        f"<dateTime>{_iso(read.at)}</dateTime><activePostCount>1</activePostCount>"
        "<eventType>ANPR</eventType><eventState>active</eventState>"
        "<eventDescription>ANPR</eventDescription>"
        f"<ANPR><country>{escape(read.country)}</country>"
        f"<licensePlate>{escape(read.plate)}</licensePlate><line>{read.lane}</line>"
        f"<direction>{HIK_DIRECTION[read.direction]}</direction>"
        f"<confidenceLevel>{round(read.confidence * 100)}</confidenceLevel>"
        f"<vehicleType>{escape(read.vehicle)}</vehicleType></ANPR>"
        "</EventNotificationAlert>"
    ).encode()


def hik_heartbeat(at: float) -> bytes:
    """The idle alert an ``alertStream`` sends between events."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<EventNotificationAlert version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema">'
        f"<dateTime>{_iso(at)}</dateTime><activePostCount>0</activePostCount>"
        "<eventType>videoloss</eventType><eventState>inactive</eventState>"
        "<eventDescription>videoloss alarm</eventDescription></EventNotificationAlert>"
    ).encode()


def part(boundary: str, content_type: str, body: bytes, disposition: str = "") -> bytes:
    """One multipart part with its length (and a form-data name when given)."""
    head = f"--{boundary}\r\n"
    if disposition:
        head += (
            f'Content-Disposition: form-data; name="{disposition}"; filename="{disposition}"\r\n'
        )
    head += f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body + b"\r\n"


def hik_parts(read: SimRead, boundary: str, named: bool) -> bytes:
    """The XML and pictures of one read (``named``: form-data names, as a push)."""
    out = part(
        boundary, 'application/xml; charset="UTF-8"', hik_alert(read), "anpr.xml" if named else ""
    )
    if read.plate_jpeg:
        out += part(
            boundary, "image/jpeg", read.plate_jpeg, "licensePlatePicture.jpg" if named else ""
        )
    if read.vehicle_jpeg:
        out += part(
            boundary, "image/jpeg", read.vehicle_jpeg, "detectionPicture.jpg" if named else ""
        )
    return out


def dahua_event(read: SimRead, index: int = 0) -> bytes:
    """The text of one TrafficJunction event (``UTC`` local, ``RealUTC`` true UTC)."""
    local_offset = dt.datetime.now().astimezone().utcoffset() or dt.timedelta()
    data = {
        "Action": "Pulse",
        "Class": "Traffic",
        "Code": "TrafficJunction",
        "Lane": read.lane,
        "Object": {
            "ObjectType": "Plate",
            "Text": read.plate,
            "Confidence": round(read.confidence * 100),
        },
        "TrafficCar": {
            "PlateNumber": read.plate,
            "PlateColor": "White",
            "Country": read.country,
            "Lane": read.lane,
            "Speed": read.speed_kmh,
            "VehicleSize": "Light-duty" if read.vehicle == "car" else "Motorcycle",
            "DrivingDirection": [DAHUA_DIRECTION[read.direction], "Car come in", "Car go out"],
        },
        "UTC": int(read.at + local_offset.total_seconds()),
        "RealUTC": int(read.at),
    }
    return f"Code=TrafficJunction;action=Pulse;index={index};data={json.dumps(data)}".encode()


def onvif_message(read: SimRead) -> str:
    """The ``tt:Message`` element (XML text) of one read."""
    items = [
        f'<tt:SimpleItem Name="Likelihood" Value="{read.confidence:.2f}"/>',
        f'<tt:SimpleItem Name="Speed" Value="{read.speed_kmh}"/>',
        f'<tt:SimpleItem Name="Direction" Value="{ONVIF_DIRECTION[read.direction]}"/>',
        '<tt:ElementItem Name="LicensePlateInfo"><tt:LicensePlateInfo>'
        f'<tt:PlateNumber Likelihood="{read.confidence:.2f}">{escape(read.plate)}</tt:PlateNumber>'
        f"<tt:CountryCode>{escape(read.country)}</tt:CountryCode>"
        "</tt:LicensePlateInfo></tt:ElementItem>",
    ]
    for name, jpeg in (("Image", read.plate_jpeg), ("VehicleImage", read.vehicle_jpeg)):
        if jpeg:
            encoded = base64.b64encode(jpeg).decode()
            items.append(f'<tt:ElementItem Name="{name}">{encoded}</tt:ElementItem>')
    return (
        f'<tt:Message UtcTime="{_iso(read.at, utc=True)}" PropertyOperation="Changed">'
        '<tt:Source><tt:SimpleItem Name="VideoSource" Value="VideoSource_1"/>'
        '<tt:SimpleItem Name="Rule" Value="LPR_1"/></tt:Source>'
        f"<tt:Data>{''.join(items)}</tt:Data></tt:Message>"
    )


def webhook_body(read: SimRead) -> bytes:
    """A JSON body in the simulator's own webhook shape (the site maps its fields)."""
    body: dict[str, object] = {
        "event": "plate",
        "results": [
            {"plate": read.plate, "score": round(read.confidence * 100), "country": read.country}
        ],
        "timestamp": int(read.at * 1000),
        "lane": read.lane,
        "dir": "in" if read.direction == "approaching" else "out",
        "speed": read.speed_kmh,
    }
    if read.plate_jpeg:
        body["images"] = {"plate": base64.b64encode(read.plate_jpeg).decode()}
    return json.dumps(body).encode()


#: The field mapping a site file needs for ``webhook_body``.
WEBHOOK_FIELDS = {
    "plate": "results.0.plate",
    "confidence": "results.0.score",
    "country": "results.0.country",
    "time": "timestamp",
    "direction": "dir",
    "plate_image": "images.plate",
}
