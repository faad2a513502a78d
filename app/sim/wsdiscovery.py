"""WS-Discovery responder: the simulated cameras answer ONVIF Probes.

Listens on UDP (3702 by default) and joins the multicast group
239.255.255.250 on the simulator's address. A Probe for
``dn:NetworkVideoTransmitter`` or ``tds:Device`` (or for no type at all)
gets one ProbeMatches datagram per camera, sent to the prober: a stable
``urn:uuid`` endpoint, the types, ONVIF scopes (name, hardware, type) and
the camera's device service address. Datagrams come from the network, so
the parser refuses DTDs and entities, caps the size and ignores anything it
does not understand; nothing a sender writes can stop the responder.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import struct
import uuid
from dataclasses import dataclass
from typing import cast
from urllib.parse import quote
from xml.sax.saxutils import escape

from lxml import etree

from app.sim.cameras import SimCamera

logger = logging.getLogger("app.sim")

WSD_GROUP = "239.255.255.250"
MAX_PROBE = 65_535
_TYPES = {"NetworkVideoTransmitter", "Device"}
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
)
_MATCH = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"'
    ' xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"'
    ' xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"'
    ' xmlns:dn="http://www.onvif.org/ver10/network/wsdl"'
    ' xmlns:tds="http://www.onvif.org/ver10/device/wsdl">'
    "<s:Header><a:MessageID>urn:uuid:{message}</a:MessageID><a:RelatesTo>{relates}</a:RelatesTo>"
    "<a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To>"
    "<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</a:Action>"
    "</s:Header><s:Body><d:ProbeMatches><d:ProbeMatch><a:EndpointReference>"
    "<a:Address>{endpoint}</a:Address></a:EndpointReference>"
    "<d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types><d:Scopes>{scopes}</d:Scopes>"
    "<d:XAddrs>{xaddr}</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch>"
    "</d:ProbeMatches></s:Body></s:Envelope>"
)


@dataclass(frozen=True)
class Probe:
    """What a Probe asks: its MessageID, the wanted types (local names) and scopes."""

    message_id: str
    types: frozenset[str]
    scopes: tuple[str, ...]


@dataclass(frozen=True)
class Endpoint:
    """One camera as discovery announces it."""

    endpoint: str
    scopes: tuple[str, ...]
    xaddr: str


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _first_text(root: etree._Element, name: str) -> str | None:
    for element in root.iter():
        if _local(element) == name:
            return " ".join((element.text or "").split())
    return None


def parse_probe(data: bytes) -> Probe | None:
    """The Probe in a datagram, or None for anything else (never raises)."""
    if len(data) > MAX_PROBE or not data.lstrip().startswith(b"<"):
        return None
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.LxmlError, ValueError):
        return None
    if root is None or _local(root) != "Envelope" or _first_text(root, "Probe") is None:
        return None
    types = _first_text(root, "Types") or ""
    return Probe(
        message_id=_first_text(root, "MessageID") or "",
        types=frozenset(t.rpartition(":")[2] for t in types.split()),
        scopes=tuple((_first_text(root, "Scopes") or "").split()),
    )


def wants(probe: Probe, endpoint: Endpoint) -> bool:
    """Whether ``endpoint`` matches the probe's types and scopes (prefix matching)."""
    if probe.types and not probe.types & _TYPES:
        return False
    return all(any(s.startswith(want) for s in endpoint.scopes) for want in probe.scopes)


def endpoint_for(camera: SimCamera, host: str, port: int) -> Endpoint:
    """A camera's discovery identity; the uuid is stable for its id."""
    scopes = [
        "onvif://www.onvif.org/type/video_encoder",
        "onvif://www.onvif.org/Profile/Streaming",
        f"onvif://www.onvif.org/name/{quote(camera.name, safe='')}",
        "onvif://www.onvif.org/hardware/SimCam720",
        "onvif://www.onvif.org/location/country/italy",
    ]
    if camera.ptz is not None:
        scopes.insert(1, "onvif://www.onvif.org/type/ptz")
    return Endpoint(
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'occhio-sim:{camera.id}')}",
        tuple(scopes),
        f"http://{host}:{port}/onvif/device_service",
    )


def probe_match(probe: Probe, endpoint: Endpoint) -> bytes:
    """The ProbeMatches datagram answering ``probe`` for one camera."""
    return _MATCH.format(
        message=uuid.uuid4(),
        relates=escape(probe.message_id),
        endpoint=endpoint.endpoint,
        scopes=escape(" ".join(endpoint.scopes)),
        xaddr=escape(endpoint.xaddr),
    ).encode("utf-8")


class DiscoveryResponder(asyncio.DatagramProtocol):
    """Answers Probes for the simulated cameras; ``probes`` counts those answered."""

    def __init__(self, endpoints: list[Endpoint]) -> None:
        self.endpoints = endpoints
        self.probes = 0
        self.port = 0
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)
        self.port = int(self.transport.get_extra_info("sockname")[1])

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        try:
            self._answer(data, addr)
        except Exception:
            # A hostile datagram must never end discovery for everybody else.
            logger.exception("WS-Discovery: datagram from %s not handled", addr[0])

    def _answer(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        probe = parse_probe(data)
        if probe is None or self.transport is None:
            return
        matched = [e for e in self.endpoints if wants(probe, e)]
        if matched:
            self.probes += 1
        for endpoint in matched:
            self.transport.sendto(probe_match(probe, endpoint), addr)
        logger.debug("WS-Discovery: probe from %s, %d matches", addr[0], len(matched))

    def close(self) -> None:
        """Stop listening."""
        if self.transport is not None:
            self.transport.close()


def _socket(host: str, port: int) -> socket.socket:
    """A UDP socket on ``port`` of every address, in the WS-Discovery group on ``host``."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Multicast arrives addressed to the group: only a wildcard bind receives it.
    sock.bind(("0.0.0.0", port))
    local = socket.inet_aton(host if host not in ("", "0.0.0.0") else "0.0.0.0")
    membership = struct.pack("4s4s", socket.inet_aton(WSD_GROUP), local)
    try:
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, membership)
    except OSError as err:
        logger.warning(
            "WS-Discovery: cannot join %s on %s (%s): unicast only", WSD_GROUP, host, err
        )
    return sock


async def start_discovery(
    cameras: list[SimCamera], onvif_ports: dict[str, int], host: str, port: int = 3702
) -> DiscoveryResponder:
    """Start answering Probes for ``cameras`` (their ONVIF ports in ``onvif_ports``)."""
    endpoints = [endpoint_for(c, host, onvif_ports[c.id]) for c in cameras]
    loop = asyncio.get_running_loop()
    sock = _socket(host, port)
    try:
        _, responder = await loop.create_datagram_endpoint(
            lambda: DiscoveryResponder(endpoints), sock=sock
        )
    except BaseException:
        sock.close()
        raise
    logger.info("WS-Discovery: answering for %d cameras on UDP %d", len(endpoints), responder.port)
    return responder
