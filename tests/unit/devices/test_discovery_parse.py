"""The ProbeMatches parser: good answers, odd answers and random bytes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.devices.discovery import DiscoveryParseError, parse_probe_matches, probe_message
from tests.unit.devices.wsdfake import answer

GOOD = answer(probe_message("urn:uuid:1"), "192.168.1.64")


def test_good_answer() -> None:
    (device,) = parse_probe_matches(GOOD)
    assert (device.address, device.port, device.name, device.model) == (
        "192.168.1.64",
        8080,
        "Varco Nord",
        "SimPTZ",
    )
    assert device.xaddrs == ("http://192.168.1.64:8080/onvif/device_service",)


def test_match_without_xaddrs_is_skipped() -> None:
    text = GOOD.decode().replace("<d:XAddrs>", "<d:Other>").replace("</d:XAddrs>", "</d:Other>")
    assert parse_probe_matches(text.encode()) == []


def test_entities_are_not_expanded() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>'
        b"<ProbeMatches><ProbeMatch><XAddrs>http://h/&b;</XAddrs></ProbeMatch></ProbeMatches>"
        b"</s:Body></s:Envelope>"
    )
    try:
        found = parse_probe_matches(bomb)
    except DiscoveryParseError:
        return
    assert all("aaaaaaaaaa" not in x for d in found for x in d.xaddrs)


@pytest.mark.parametrize(
    "data",
    [b"", b"not xml", b"<a/>", b"<Envelope/>", b"\xff\xfe<", b"x" * 70_000, b"<?xml?>"],
)
def test_garbage_is_a_parse_error(data: bytes) -> None:
    with pytest.raises(DiscoveryParseError):
        parse_probe_matches(data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_give_devices_or_a_parse_error(data: bytes) -> None:
    try:
        found = parse_probe_matches(data)
    except DiscoveryParseError:
        return
    assert isinstance(found, list)


_names = st.sampled_from(
    ["Envelope", "Body", "ProbeMatches", "ProbeMatch", "XAddrs", "Scopes", "Address", "x"]
)
_texts = st.text(max_size=30) | st.sampled_from(
    ["http://[::1", "http://h:99999/", "https://h/x", "onvif://www.onvif.org/name/%ZZ", "http://"]
)


@st.composite
def _xml(draw: st.DrawFn, depth: int = 0) -> str:
    from xml.sax.saxutils import escape

    name = draw(_names)
    if depth > 3 or draw(st.booleans()):
        return f"<{name}>{escape(draw(_texts))}</{name}>"
    children = draw(st.lists(_xml(depth + 1), max_size=3))
    return f"<{name}>{''.join(children)}</{name}>"


@settings(max_examples=300, deadline=None)
@given(_xml())
def test_random_xml_gives_devices_or_a_parse_error(text: str) -> None:
    try:
        found = parse_probe_matches(text.encode())
    except DiscoveryParseError:
        return
    for device in found:
        assert device.address and 0 < device.port < 65536 and device.xaddrs


def test_only_answers_to_our_probe_count() -> None:
    assert len(parse_probe_matches(GOOD, "urn:uuid:1")) == 1
    other = answer(probe_message("urn:uuid:2"), "192.168.1.64")
    with pytest.raises(DiscoveryParseError, match="not an answer to our probe"):
        parse_probe_matches(other, "urn:uuid:1")
    # Our id somewhere else in the datagram (a scope, the body) is not enough.
    smuggled = other.replace(b"Varco%20Nord", b"urn:uuid:1")
    with pytest.raises(DiscoveryParseError, match="not an answer to our probe"):
        parse_probe_matches(smuggled, "urn:uuid:1")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_relates_to_but_ours_is_refused(relates: str) -> None:
    from xml.sax.saxutils import escape

    mine = "urn:uuid:6f1c2d3e-0000-4000-8000-000000000001"
    data = GOOD.replace(b"urn:uuid:1<", escape(relates).encode() + b"<")
    try:
        found = parse_probe_matches(data, mine)
    except DiscoveryParseError:
        return
    assert relates.strip() == mine and len(found) == 1


def test_device_names_are_one_clean_line() -> None:
    text = answer(probe_message("urn:uuid:1"), "192.168.1.64", name="Cam%0A%1B%5B2JEvil")
    (device,) = parse_probe_matches(text, "urn:uuid:1")
    assert device.name == "Cam [2JEvil"
