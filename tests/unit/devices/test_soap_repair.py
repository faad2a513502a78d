"""Binding the ONVIF prefixes that some devices use without declaring them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from zeep.loader import parse_xml
from zeep.settings import Settings

from app.devices.soap_repair import ONVIF_PREFIXES, UndeclaredPrefixes, repair

PTZ_NS = "http://www.onvif.org/ver20/ptz/wsdl"
SCHEMA_NS = "http://www.onvif.org/ver10/schema"
SLOPPY = b"""<?xml version="1.0"?>
<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"
            xmlns:tt="http://www.onvif.org/ver10/schema">
  <s:Body>
    <tptz:GetStatusResponse>
      <tptz:PTZStatus>
        <tt:Position><tt:PanTilt x="0.5" y="0"/></tt:Position>
        <acme:Extra>kept as it came</acme:Extra>
      </tptz:PTZStatus>
    </tptz:GetStatusResponse>
  </s:Body>
</s:Envelope>"""


def _parse(data: bytes) -> etree._Element:
    """As zeep parses an answer with onvif-zeep-async's settings (lenient: recover)."""
    return parse_xml(data, None, settings=Settings(strict=False, xml_huge_tree=True))


def test_undeclared_onvif_prefixes_get_their_namespace() -> None:
    root = _parse(SLOPPY)
    assert repair(root) == 2
    body = root[0]
    response = body[0]
    assert response.tag == f"{{{PTZ_NS}}}GetStatusResponse"
    assert response[0].tag == f"{{{PTZ_NS}}}PTZStatus"
    assert response[0][0].tag == f"{{{SCHEMA_NS}}}Position"  # declared: untouched
    assert response[0][1].tag == "acme:Extra"  # unknown prefix: left alone


def test_plugin_repairs_on_the_way_in() -> None:
    root = _parse(SLOPPY)
    envelope, headers = UndeclaredPrefixes().ingress(root, {"h": "1"}, None)
    assert envelope is root and headers == {"h": "1"}
    assert root.find(f".//{{{PTZ_NS}}}PTZStatus") is not None


def test_a_correct_answer_is_unchanged() -> None:
    good = SLOPPY.replace(b"<s:Envelope ", f'<s:Envelope xmlns:tptz="{PTZ_NS}" '.encode())
    good = good.replace(b"acme:Extra", b"tt:Extra")
    root = _parse(good)
    before = etree.tostring(root)
    assert repair(root) == 0
    assert etree.tostring(root) == before


_names = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,8}", fullmatch=True)
_prefixes = st.sampled_from([*ONVIF_PREFIXES, "acme", "x1", ""])


@given(st.lists(st.tuples(_prefixes, _names), min_size=1, max_size=12))
def test_any_nesting_of_prefixed_names(names: list[tuple[str, str]]) -> None:
    body = "".join(f"<{p + ':' if p else ''}{n}>" for p, n in names)
    body += "".join(f"</{p + ':' if p else ''}{n}>" for p, n in reversed(names))
    envelope = f'<s:Envelope xmlns:s="{ONVIF_PREFIXES["s"]}"><s:Body>{body}</s:Body></s:Envelope>'
    root = _parse(envelope.encode())
    fixed = repair(root)
    known = [(p, n) for p, n in names if p in ONVIF_PREFIXES]
    assert fixed == len([p for p, _ in known if p != "s"])
    tags = [e.tag for e in root[0].iter()][1:]
    for (prefix, name), tag in zip(names, tags, strict=True):
        if prefix in ONVIF_PREFIXES:
            assert tag == f"{{{ONVIF_PREFIXES[prefix]}}}{name}"
        else:
            assert not tag.startswith("{")
