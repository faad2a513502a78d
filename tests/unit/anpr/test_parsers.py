"""Each dialect's parser on byte samples, and Hypothesis on hostile input."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.anpr import parse_dahua, parse_hik, parse_onvif, parse_webhook
from app.anpr.multipart import MultipartError, MultipartReader, Part, boundary_of
from app.anpr.parse_common import ParseError, xml_root
from app.core.plates import Direction, PlateRead
from tests.unit.anpr import samples

NOW = 1775211400.0  # 2026-04-03T10:16:40Z: a minute after the samples


def test_hikvision_push_gives_plate_pictures_and_fields() -> None:
    boundary = "MIME_boundary"
    parts = MultipartReader(boundary).feed(samples.hik_push_body(boundary))
    read = parse_hik.parse_push(parts, "varco-1", NOW)
    assert read is not None
    assert (read.plate, read.country, read.lane, read.direction) == (
        "AB123CD",
        "IT",
        2,
        Direction.APPROACHING,
    )
    assert read.confidence == pytest.approx(0.97)
    assert read.captured_at == pytest.approx(1775204130.0)  # 10:15:30+02:00
    assert read.plate_image is not None and read.plate_image.data == samples.JPEG_PLATE
    assert read.vehicle_image is not None and read.vehicle_image.data == samples.JPEG_CAR


def test_hikvision_stream_skips_heartbeats_and_joins_the_picture() -> None:
    reader = MultipartReader("boundary")
    assembler = parse_hik.AlertStreamAssembler("varco-1")
    data = samples.hik_stream_chunk()
    reads = []
    for i in range(0, len(data), 97):  # as the network hands it over
        reads += assembler.feed(reader.feed(data[i : i + 97]), NOW)
    reads += assembler.flush(NOW)
    [read] = reads
    assert read.plate == "AB123CD" and read.plate_image is not None


def test_dahua_event_prefers_real_utc() -> None:
    read = parse_dahua.parse_event(samples.dahua_event_text(), "varco-2", NOW)
    assert read is not None
    assert (read.plate, read.speed_kmh, read.lane) == ("EF456GH", 43.0, 1)
    assert read.captured_at == 1775211330.0
    assert read.direction is Direction.APPROACHING
    assert parse_dahua.parse_event(b"Heartbeat", "varco-2", NOW) is None


def test_dahua_stream_parts() -> None:
    parts = MultipartReader("myboundary").feed(samples.dahua_stream_chunk())
    reads = [parse_dahua.parse_event(p.body, "varco-2", NOW) for p in parts]
    assert [r.plate if r else None for r in reads] == [None, "EF456GH"]


def test_onvif_pull_response_keeps_plate_messages_only() -> None:
    [read] = parse_onvif.parse_notifications(samples.ONVIF_PULL_RESPONSE, "varco-3", NOW)
    assert (read.plate_text, read.plate, read.country) == ("XY 789 ZW", "XY789ZW", "IT")
    assert read.direction is Direction.LEAVING and read.speed_kmh == 38.5
    assert read.vehicle_type == "Car" and read.confidence == pytest.approx(0.93)
    assert read.plate_image is not None and read.plate_image.uri.endswith("plate-1.jpg")
    assert read.vehicle_image is not None and read.vehicle_image.data == samples.JPEG_CAR


def test_webhook_with_mapping() -> None:
    mapping = parse_webhook.check_mapping(samples.WEBHOOK_MAPPING)
    read = parse_webhook.parse_webhook(samples.WEBHOOK_BODY, mapping, "varco-4", NOW)
    assert (read.plate, read.country, read.direction) == ("ZZ999ZZ", "IT", Direction.LEAVING)
    assert read.captured_at == pytest.approx(1775211330.25)
    assert read.confidence == pytest.approx(0.91)
    assert read.plate_image is not None and read.plate_image.data == samples.JPEG_PLATE
    with pytest.raises(ValueError, match="unknown webhook fields"):
        parse_webhook.check_mapping({"targa": "x"})


def test_a_wrong_clock_gives_the_time_of_arrival() -> None:
    late = samples.HIK_ALERT.replace(b"2026-04-03", b"2019-01-01")
    read = parse_hik.parse_alert(late, "varco-1", NOW)
    assert read is not None and read.captured_at == NOW


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>",
        b"<EventNotificationAlert><eventType>ANPR</eventType>",
        b"<?xml version='1.0'?><other/>",
        b"<EventNotificationAlert><eventType>ANPR</eventType></EventNotificationAlert>",
        b"<EventNotificationAlert><eventType>ANPR</eventType><ANPR><licensePlate>#!</licensePlate>"
        b"</ANPR></EventNotificationAlert>",
    ],
)
def test_bad_hikvision_xml_is_refused(data: bytes) -> None:
    with pytest.raises(ParseError):
        parse_hik.parse_alert(data, "varco-1", NOW)


def test_a_jpeg_that_is_not_one_is_dropped() -> None:
    parts = [Part({"content-type": "text/xml"}, samples.HIK_ALERT)]
    parts.append(Part({"content-type": "image/jpeg"}, b"GIF89a not a jpeg"))
    read = parse_hik.parse_push(parts, "varco-1", NOW)
    assert read is not None and read.plate_image is None


def plates_or_refusal(parse: Callable[[], object]) -> list[PlateRead]:
    """The reads ``parse`` gives, [] when it refuses with ParseError (nothing else may escape)."""
    try:
        result = parse()
    except ParseError as exc:
        assert str(exc)
        return []
    reads = result if isinstance(result, list) else [result]
    return [r for r in reads if isinstance(r, PlateRead)]


def check_read(read: PlateRead) -> None:
    assert read.plate.isascii() and read.plate.isalnum() and read.plate == read.plate.upper()
    assert read.plate_text.isprintable() and abs(read.captured_at - NOW) <= 86400


@given(st.binary(max_size=2000))
def test_xml_parsers_never_fail_otherwise(data: bytes) -> None:
    for read in plates_or_refusal(lambda: parse_hik.parse_alert(data, "c", NOW)):
        check_read(read)
    for read in plates_or_refusal(lambda: parse_onvif.parse_notifications(data, "c", NOW)):
        check_read(read)


@given(st.binary(max_size=2000))
def test_dahua_and_webhook_never_fail_otherwise(data: bytes) -> None:
    text = b"Code=TrafficJunction;data=" + data
    for read in plates_or_refusal(lambda: parse_dahua.parse_event(text, "c", NOW)):
        check_read(read)
    mapping = parse_webhook.DEFAULT_MAPPING
    for read in plates_or_refusal(lambda: parse_webhook.parse_webhook(data, mapping, "c", NOW)):
        check_read(read)


json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(
    st.dictionaries(
        st.sampled_from(["TrafficCar", "Object", "UTC", "RealUTC", "Lane"]), json_values
    )
)
def test_dahua_any_json_gives_a_read_or_a_clear_refusal(data: dict) -> None:  # type: ignore[type-arg]
    try:
        read = parse_dahua.parse_event(samples.dahua_event_text(data), "c", NOW)
    except ParseError as exc:
        assert "plate" in str(exc) or "JSON" in str(exc)
    else:
        assert read is not None and read.plate.isalnum() and abs(read.captured_at - NOW) <= 86400


@given(st.dictionaries(st.sampled_from(["plate", "time", "lane", "dir", "speed"]), json_values))
def test_webhook_fields_of_any_type(document: dict) -> None:  # type: ignore[type-arg]
    body = json.dumps(document).encode()
    try:
        read = parse_webhook.parse_webhook(body, parse_webhook.DEFAULT_MAPPING, "c", NOW)
    except ParseError:
        return
    assert read.plate and (read.lane is None or 0 <= read.lane <= 99)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_onvif_plate_text_is_sanitised(plate: str) -> None:
    from xml.sax.saxutils import escape

    data = samples.ONVIF_PULL_RESPONSE.replace(
        b"XY 789 ZW", escape(plate).encode("utf-8", "ignore")
    )
    try:
        xml_root(data)
        reads = parse_onvif.parse_notifications(data, "c", NOW)
    except ParseError:
        return
    for read in reads:
        assert read.plate_text.isprintable() and read.plate.isalnum()


parts_strategy = st.lists(
    st.tuples(
        st.sampled_from(["text/plain", "image/jpeg"]), st.binary(max_size=300), st.booleans()
    ),
    min_size=1,
    max_size=5,
)


@given(parts_strategy, st.integers(1, 64))
def test_multipart_parts_survive_any_chunking(parts: list, chunk: int) -> None:  # type: ignore[type-arg]
    boundary = "zz-boundary-zz"
    data = b""
    for kind, body, with_length in parts:
        if not with_length and b"--" + boundary.encode() in body:
            continue
        data += f"--{boundary}\r\nContent-Type: {kind}\r\n".encode()
        data += f"Content-Length: {len(body)}\r\n".encode() if with_length else b""
        data += b"\r\n" + body + b"\r\n"
    data += f"--{boundary}--\r\n".encode()
    reader = MultipartReader(boundary)
    got = []
    for i in range(0, len(data), chunk):
        got += reader.feed(data[i : i + chunk])
    expected = [
        b for _, b, with_length in parts if with_length or b"--" + boundary.encode() not in b
    ]
    assert [p.body for p in got] == expected


@given(st.binary(max_size=3000))
def test_multipart_garbage_is_parts_or_a_clear_error(data: bytes) -> None:
    reader = MultipartReader("b", max_part=1000)
    try:
        parts = reader.feed(data)
    except MultipartError:
        return
    assert all(len(p.body) <= 1000 for p in parts)


def test_boundary_of_content_type() -> None:
    assert boundary_of('multipart/mixed; boundary="boundary"') == "boundary"
    assert boundary_of("multipart/x-mixed-replace;boundary=myboundary") == "myboundary"
    with pytest.raises(MultipartError):
        boundary_of("text/plain")
