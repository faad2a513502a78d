"""Byte samples of each plate dialect, written from the public formats.

They are what the tests feed the parsers and the network adapters; the
simulator writes the same shapes with code of its own.
"""

from __future__ import annotations

import base64
import json

JPEG_PLATE = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"P" * 40 + b"\xff\xd9"
JPEG_CAR = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"C" * 80 + b"\xff\xd9"

HIK_ALERT = b"""<?xml version="1.0" encoding="UTF-8"?>
<EventNotificationAlert version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema">
<ipAddress>192.168.1.64</ipAddress>
<portNo>80</portNo>
<protocol>HTTP</protocol>
<macAddress>44:19:b6:00:00:01</macAddress>
<channelID>1</channelID>
<dateTime>2026-04-03T10:15:30+02:00</dateTime>
<activePostCount>1</activePostCount>
<eventType>ANPR</eventType>
<eventState>active</eventState>
<eventDescription>ANPR</eventDescription>
<channelName>Varco Aurelia</channelName>
<ANPR>
<country>IT</country>
<licensePlate>AB123CD</licensePlate>
<line>2</line>
<direction>forward</direction>
<confidenceLevel>97</confidenceLevel>
<plateType>unknown</plateType>
<plateColor>white</plateColor>
<vehicleType>vehicle</vehicleType>
</ANPR>
</EventNotificationAlert>
"""

HIK_HEARTBEAT = b"""<?xml version="1.0" encoding="UTF-8"?>
<EventNotificationAlert version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema">
<ipAddress>192.168.1.64</ipAddress>
<dateTime>2026-04-03T10:15:31+02:00</dateTime>
<activePostCount>0</activePostCount>
<eventType>videoloss</eventType>
<eventState>inactive</eventState>
<eventDescription>videoloss alarm</eventDescription>
</EventNotificationAlert>
"""


def hik_push_body(boundary: str = "MIME_boundary") -> bytes:
    """One pushed event as the camera posts it: anpr.xml and two pictures."""
    parts = [
        ('form-data; name="anpr.xml"; filename="anpr.xml"', "text/xml", HIK_ALERT),
        (
            'form-data; name="licensePlatePicture.jpg"; filename="licensePlatePicture.jpg"',
            "image/jpeg",
            JPEG_PLATE,
        ),
        (
            'form-data; name="detectionPicture.jpg"; filename="detectionPicture.jpg"',
            "image/jpeg",
            JPEG_CAR,
        ),
    ]
    out = b""
    for disposition, kind, body in parts:
        out += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode()
        out += f"Content-Type: {kind}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        out += body + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


def hik_stream_chunk(boundary: str = "boundary") -> bytes:
    """A stretch of alertStream: a heartbeat, then a plate event with its picture."""
    out = b""
    for kind, body in (
        ('application/xml; charset="UTF-8"', HIK_HEARTBEAT),
        ('application/xml; charset="UTF-8"', HIK_ALERT),
        ("image/jpeg", JPEG_PLATE),
    ):
        out += part(boundary, kind, body)
    return out


def part(boundary: str, kind: str, body: bytes) -> bytes:
    """One part of a stream, with its length."""
    head = f"--{boundary}\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body + b"\r\n"


DAHUA_DATA = {
    "Action": "Pulse",
    "Class": "Traffic",
    "Code": "TrafficJunction",
    "Lane": 1,
    "Object": {"ObjectType": "Plate", "Text": "EF456GH", "Confidence": 88},
    "TrafficCar": {
        "PlateNumber": "EF456GH",
        "PlateColor": "White",
        "PlateType": "Normal",
        "VehicleColor": "Blue",
        "VehicleSize": "Light-duty",
        "Lane": 1,
        "Speed": 43,
        "DrivingDirection": ["Approach", "Car come in", "Car go out"],
        "UTC": 1775218530,
    },
    "UTC": 1775218530,
    "RealUTC": 1775211330,
}


def dahua_event_text(data: dict | None = None) -> bytes:  # type: ignore[type-arg]
    """One attach event part's text."""
    payload = json.dumps(DAHUA_DATA if data is None else data, indent=1)
    return f"Code=TrafficJunction;action=Pulse;index=0;data={payload}".encode()


def dahua_stream_chunk(boundary: str = "myboundary") -> bytes:
    """A stretch of the attach stream: a heartbeat and a TrafficJunction event."""
    out = b""
    for text in (b"Heartbeat", dahua_event_text()):
        out += part(boundary, "text/plain", text)
    return out


ONVIF_PULL_RESPONSE = (
    b"""<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope"
 xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2" xmlns:tev="http://www.onvif.org/ver10/events/wsdl"
 xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:tns1="http://www.onvif.org/ver10/topics">
<SOAP-ENV:Body><tev:PullMessagesResponse>
<tev:CurrentTime>2026-04-03T08:15:31Z</tev:CurrentTime>
<tev:TerminationTime>2026-04-03T08:16:31Z</tev:TerminationTime>
<wsnt:NotificationMessage>
<wsnt:Topic Dialect="http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet">tns1:RuleEngine/CellMotionDetector/Motion</wsnt:Topic>
<wsnt:Message><tt:Message UtcTime="2026-04-03T08:15:29Z"><tt:Source/><tt:Data>
<tt:SimpleItem Name="IsMotion" Value="true"/></tt:Data></tt:Message></wsnt:Message>
</wsnt:NotificationMessage>
<wsnt:NotificationMessage>
<wsnt:Topic Dialect="http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet">tns1:RuleEngine/Recognition/LicensePlate</wsnt:Topic>
<wsnt:Message><tt:Message UtcTime="2026-04-03T08:15:30.250Z" PropertyOperation="Changed">
<tt:Source><tt:SimpleItem Name="VideoSource" Value="VideoSource_1"/>
<tt:SimpleItem Name="Rule" Value="LPR_1"/></tt:Source>
<tt:Data>
<tt:SimpleItem Name="Likelihood" Value="0.93"/>
<tt:SimpleItem Name="ImageURI" Value="http://192.168.1.70/snap/plate-1.jpg"/>
<tt:SimpleItem Name="Speed" Value="38.5"/>
<tt:SimpleItem Name="Direction" Value="Departing"/>
<tt:ElementItem Name="LicensePlateInfo"><tt:LicensePlateInfo>
<tt:PlateNumber Likelihood="0.93">XY 789 ZW</tt:PlateNumber>
<tt:PlateType>Normal</tt:PlateType>
<tt:CountryCode>IT</tt:CountryCode>
<tt:IssuingEntity>Genova</tt:IssuingEntity>
</tt:LicensePlateInfo></tt:ElementItem>
<tt:ElementItem Name="VehicleInfo"><tt:VehicleInfo><tt:Type Likelihood="0.8">Car</tt:Type>
</tt:VehicleInfo></tt:ElementItem>
<tt:ElementItem Name="VehicleImage">"""
    + base64.b64encode(JPEG_CAR)
    + b"""</tt:ElementItem>
</tt:Data></tt:Message></wsnt:Message>
</wsnt:NotificationMessage>
</tev:PullMessagesResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>
"""
)

WEBHOOK_BODY = json.dumps(
    {
        "event": "plate",
        "results": [{"plate": "ZZ 999 ZZ", "score": 91, "country": "it"}],
        "timestamp": 1775211330250,
        "lane": 1,
        "dir": "out",
        "images": {"plate": base64.b64encode(JPEG_PLATE).decode()},
    }
).encode()
WEBHOOK_MAPPING = {
    "plate": "results.0.plate",
    "time": "timestamp",
    "confidence": "results.0.score",
    "country": "results.0.country",
    "direction": "dir",
    "plate_image": "images.plate",
}
