"""Finding ONVIF cameras on the local network with WS-Discovery.

A Probe for ``dn:NetworkVideoTransmitter`` goes to the WS-Discovery
multicast group (239.255.255.250:3702, SOAP over UDP); every ONVIF device
that hears it answers the sender directly with a ProbeMatches message
listing its service addresses (XAddrs) and scopes (name, hardware,
location). ``discover`` collects answers for a bounded time.

Our own small client on asyncio and lxml rather than the ``wsdiscovery``
package: that one runs its own threads and sockets for a long-lived
service, while a commissioning scan needs one probe and one timeout. The
target address is a parameter so tests can probe a responder on 127.0.0.1.

Answers come from the network: the parser refuses entities and DTDs, caps
the size it reads and reports anything unusable as ``DiscoveryParseError``.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
import uuid
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from lxml import etree

logger = logging.getLogger("app.devices")

WSD_GROUP = ("239.255.255.250", 3702)
MAX_DATAGRAM = 65_535
ONVIF_SCOPE = "onvif://www.onvif.org/"

_PROBE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"'
    ' xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"'
    ' xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"'
    ' xmlns:dn="http://www.onvif.org/ver10/network/wsdl">'
    "<s:Header><a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>"
    "<a:MessageID>{message_id}</a:MessageID>"
    "<a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>"
    "<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body>"
    "</s:Envelope>"
)


class DiscoveryParseError(ValueError):
    """A datagram that is not a usable ProbeMatches message (and why)."""


@dataclass(frozen=True)
class DiscoveredDevice:
    """One device that answered: where to reach it and what it says it is."""

    address: str
    port: int
    xaddrs: tuple[str, ...]
    name: str = ""
    model: str = ""
    endpoint: str = ""
    scopes: tuple[str, ...] = ()


def probe_message(message_id: str | None = None) -> bytes:
    """The Probe datagram; ``message_id`` defaults to a fresh ``urn:uuid:``."""
    message_id = message_id or f"urn:uuid:{uuid.uuid4()}"
    return _PROBE.format(message_id=message_id).encode("utf-8")


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
)


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _find_all(root: etree._Element, name: str) -> list[etree._Element]:
    """Descendants by local name: WS-Discovery 2005 and 1.1 use different namespaces."""
    return [e for e in root.iter() if _local(e) == name]


def _text(parent: etree._Element, name: str) -> str:
    found = _find_all(parent, name)
    return " ".join((found[0].text or "").split()) if found else ""


def parse_probe_matches(data: bytes) -> list[DiscoveredDevice]:
    """The devices in one ProbeMatches datagram; entries without XAddrs are skipped.

    Raises:
        DiscoveryParseError: not XML, too large, or not a ProbeMatches message.
    """
    if len(data) > MAX_DATAGRAM:
        raise DiscoveryParseError(f"datagram of {len(data)} bytes is too large")
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.LxmlError, ValueError) as err:
        raise DiscoveryParseError(f"not XML: {err}") from err
    if root is None or _local(root) != "Envelope":
        raise DiscoveryParseError("not a SOAP envelope")
    matches = _find_all(root, "ProbeMatch")
    if not _find_all(root, "ProbeMatches"):
        raise DiscoveryParseError("not a ProbeMatches message")
    devices = []
    for match in matches:
        device = _device(match)
        if device is not None:
            devices.append(device)
    return devices


def _device(match: etree._Element) -> DiscoveredDevice | None:
    xaddrs = tuple(x for x in _text(match, "XAddrs").split() if x.startswith(("http:", "https:")))
    if not xaddrs:
        return None
    try:
        parts = urlsplit(xaddrs[0])
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host:
        return None
    scopes = tuple(_text(match, "Scopes").split())
    reference = _find_all(match, "EndpointReference")
    endpoint = _text(reference[0], "Address") if reference else ""
    return DiscoveredDevice(
        address=host,
        port=port or (443 if parts.scheme == "https" else 80),
        xaddrs=xaddrs,
        name=_scope(scopes, "name"),
        model=_scope(scopes, "hardware"),
        endpoint=endpoint,
        scopes=scopes,
    )


def _scope(scopes: tuple[str, ...], kind: str) -> str:
    """The value of ``onvif://www.onvif.org/<kind>/<value>`` (percent-decoded)."""
    prefix = f"{ONVIF_SCOPE}{kind}/"
    for scope in scopes:
        if scope.lower().startswith(prefix):
            return unquote(scope[len(prefix) :]).strip()
    return ""


class _Collector(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.devices: dict[str, DiscoveredDevice] = {}

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        try:
            found = parse_probe_matches(data)
        except DiscoveryParseError as err:
            logger.debug("WS-Discovery: ignoring datagram from %s: %s", addr[0], err)
            return
        for device in found:
            self.devices.setdefault(device.endpoint or device.xaddrs[0], device)


async def discover(
    timeout: float = 3.0,
    target: tuple[str, int] = WSD_GROUP,
    interface: str = "",
    repeats: int = 2,
) -> list[DiscoveredDevice]:
    """Probe ``target`` and collect answers for ``timeout`` seconds.

    ``interface`` is the local IPv4 address whose network is probed (the
    system's default route if empty). UDP may lose the probe, so it is sent
    ``repeats`` times; answers are de-duplicated by endpoint.
    """
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)  # stay on this network
    if interface:
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(interface))
    sock.bind((interface or "0.0.0.0", 0))
    transport, collector = await loop.create_datagram_endpoint(_Collector, sock=sock)
    started = time.monotonic()
    try:
        message = probe_message()  # one MessageID: repeats are the same probe
        for attempt in range(max(1, repeats)):
            transport.sendto(message, target)
            if attempt + 1 < repeats:
                await asyncio.sleep(min(0.1, timeout / 4))
        await asyncio.sleep(max(0.0, timeout - (time.monotonic() - started)))
    finally:
        transport.close()
    devices = sorted(collector.devices.values(), key=lambda d: (d.address, d.port))
    logger.info("WS-Discovery: %d devices answered within %.1f s", len(devices), timeout)
    return devices
