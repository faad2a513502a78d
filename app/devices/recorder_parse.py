"""Parsers of the recorders' vendor answers (Hikvision ISAPI XML, Dahua key=value text).

Everything here reads text from the network: the XML parser resolves no
entities and fetches nothing, inputs are bounded by the HTTP layer, and
every failure leaves as ``ReplayError(SEARCH)`` saying what was wrong, so a
malformed search answer becomes a clear message, never a wrong range.
"""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from app.core.recording import DeviceIdentity, Span
from app.devices.replay.errors import ReplayError, ReplayFailure
from app.devices.replay.times import parse_iso, parse_local

MAX_LINES = 5000
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
_ITEM = re.compile(r"items\[(\d{1,4})\]\.(\w{1,40})")


def _sanitise(text: object, limit: int = 120) -> str:
    return "".join(c if c.isprintable() else "?" for c in str(text or ""))[:limit]


def _xml(text: str, what: str) -> etree._Element:
    try:
        root = etree.fromstring(text.encode(), _PARSER)
    except (etree.XMLSyntaxError, ValueError) as err:
        raise ReplayError(ReplayFailure.SEARCH, f"{what}: malformed XML ({err})") from err
    if root.getroottree().docinfo.doctype:  # entities and DTDs have no place in an answer
        raise ReplayError(ReplayFailure.SEARCH, f"{what}: a document type declaration")
    return root


def _local(element: etree._Element, name: str) -> list[etree._Element]:
    return [
        e for e in element.iter() if isinstance(e.tag, str) and etree.QName(e).localname == name
    ]


def isapi_search(text: str) -> tuple[list[Span], str]:
    """Recorded spans of a ``CMSearchResult`` and its ``responseStatusStrg`` (OK, MORE...)."""
    root = _xml(text, "ISAPI search")
    if etree.QName(root).localname != "CMSearchResult":
        raise ReplayError(ReplayFailure.SEARCH, "ISAPI search: not a CMSearchResult")
    state = (_first_text(root, "responseStatusStrg") or "").strip().upper()
    spans = []
    for item in _local(root, "searchMatchItem"):
        start, end = _first_text(item, "startTime"), _first_text(item, "endTime")
        try:
            span = Span(parse_iso(start or ""), parse_iso(end or ""))
        except ValueError as err:
            raise ReplayError(ReplayFailure.SEARCH, f"ISAPI search: bad time ({err})") from err
        if span.end > span.start:
            spans.append(span)
    return spans, state


def _first_text(root: etree._Element, name: str) -> str | None:
    found = _local(root, name)
    return (found[0].text or "") if found else None


def isapi_time(text: str) -> float:
    """The device clock from ``/ISAPI/System/time`` (``localTime`` with its offset)."""
    local = _first_text(_xml(text, "ISAPI time"), "localTime")
    try:
        return parse_iso(local or "")
    except ValueError as err:
        raise ReplayError(ReplayFailure.SEARCH, f"ISAPI time: {err}") from err


def isapi_identity(text: str) -> DeviceIdentity:
    """Model, serial number and firmware from ``/ISAPI/System/deviceInfo``."""
    root = _xml(text, "ISAPI deviceInfo")
    return DeviceIdentity(
        "Hikvision",
        _sanitise(_first_text(root, "model")),
        _sanitise(_first_text(root, "serialNumber")),
        _sanitise(_first_text(root, "firmwareVersion")),
    )


def key_values(text: str) -> dict[str, str]:
    """Dahua's ``key=value`` lines (the first value wins; at most :data:`MAX_LINES`)."""
    lines = text.replace("\r\n", "\n").split("\n")
    if len(lines) > MAX_LINES:
        raise ReplayError(ReplayFailure.SEARCH, "Dahua answer: too many lines")
    out: dict[str, str] = {}
    for line in lines:
        key, sep, value = line.partition("=")
        if sep and key.strip():
            out.setdefault(key.strip(), value.strip())
    return out


def dahua_found(text: str, tz: dt.tzinfo) -> list[Span]:
    """Recorded spans of one ``findNextFile`` answer (``found=N``, ``items[i].StartTime``...)."""
    values = key_values(text)
    found = values.get("found", "")
    if not (found.isascii() and found.isdigit()) or int(found) > 1000:
        raise ReplayError(ReplayFailure.SEARCH, f"Dahua search: bad count {_sanitise(found, 20)!r}")
    items: dict[int, dict[str, str]] = {}
    for key, value in values.items():
        m = _ITEM.fullmatch(key)
        if m:
            items.setdefault(int(m.group(1)), {})[m.group(2)] = value
    if len(items) != int(found):
        raise ReplayError(
            ReplayFailure.SEARCH, f"Dahua search: {found} items announced, {len(items)} given"
        )
    spans = []
    for index in sorted(items):
        item = items[index]
        try:
            span = Span(
                parse_local(item.get("StartTime", ""), tz), parse_local(item.get("EndTime", ""), tz)
            )
        except ValueError as err:
            raise ReplayError(ReplayFailure.SEARCH, f"Dahua search: bad time ({err})") from err
        if span.end > span.start:
            spans.append(span)
    return spans


def dahua_value(text: str, key: str) -> str:
    """One value of a Dahua answer (``result=...``, ``sn=...``); ReplayError when absent."""
    value = key_values(text).get(key)
    if value is None:
        raise ReplayError(ReplayFailure.SEARCH, f"Dahua answer without {key!r}")
    return _sanitise(value)
