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

Answers come from the network, and anyone on it may send them: only a
ProbeMatches whose RelatesTo is our own probe's MessageID counts (checked on
the raw bytes before any XML is parsed), the list is capped at
``MAX_DEVICES`` (the result says how many more answered), the parser
refuses entities and DTDs and caps the size it reads, and device texts are
sanitised. Which answers are cameras the site already has is decided here,
with one index of the site, on the caller's (worker) thread.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from lxml import etree

from app.core.model import SiteConfig
from app.core.site_edit import configured_endpoints
from app.core.untrusted import clean

logger = logging.getLogger("app.devices")

WSD_GROUP = ("239.255.255.250", 3702)
MAX_DATAGRAM = 65_535
ONVIF_SCOPE = "onvif://www.onvif.org/"
#: Devices listed from one search at most; more answers are counted, not kept.
MAX_DEVICES = 512

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


def _header(root: etree._Element, name: str) -> str:
    """The text of SOAP header ``name`` (any namespace), "" when absent."""
    headers = [e for e in root if _local(e) == "Header"]
    return _text(headers[0], name) if headers else ""


def _text(parent: etree._Element, name: str) -> str:
    found = _find_all(parent, name)
    return " ".join((found[0].text or "").split()) if found else ""


def parse_probe_matches(data: bytes, relates_to: str | None = None) -> list[DiscoveredDevice]:
    """The devices in one ProbeMatches datagram; entries without XAddrs are skipped.

    ``relates_to``: the MessageID of our probe; an answer whose RelatesTo is
    anything else (another client's probe, or none) is refused.

    Raises:
        DiscoveryParseError: not XML, too large, not a ProbeMatches message,
            or not an answer to our probe.
    """
    if len(data) > MAX_DATAGRAM:
        raise DiscoveryParseError(f"datagram of {len(data)} bytes is too large")
    if relates_to is not None and relates_to.encode("utf-8") not in data:
        raise DiscoveryParseError("not an answer to our probe")  # no XML parsed for it
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.LxmlError, ValueError) as err:
        raise DiscoveryParseError(f"not XML: {clean(err, 120)}") from err
    if root is None or _local(root) != "Envelope":
        raise DiscoveryParseError("not a SOAP envelope")
    if relates_to is not None and _header(root, "RelatesTo") != relates_to:
        raise DiscoveryParseError("not an answer to our probe")
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
        name=clean(_scope(scopes, "name"), 80),
        model=clean(_scope(scopes, "hardware"), 80),
        endpoint=clean(endpoint, 200),
        scopes=scopes,
    )


def _scope(scopes: tuple[str, ...], kind: str) -> str:
    """The value of ``onvif://www.onvif.org/<kind>/<value>`` (percent-decoded)."""
    prefix = f"{ONVIF_SCOPE}{kind}/"
    for scope in scopes:
        if scope.lower().startswith(prefix):
            return unquote(scope[len(prefix) :]).strip()
    return ""


@dataclass
class DiscoveryResult:
    """What one search found.

    Attributes:
        devices: the devices that answered our probe, sorted, at most the cap.
        more: further devices that answered but were not kept (over the cap).
        ignored: datagrams refused (answers to other probes, garbage).
    """

    devices: list[DiscoveredDevice] = field(default_factory=list)
    more: int = 0
    ignored: int = 0


class _Collector(asyncio.DatagramProtocol):
    def __init__(self, message_id: str, limit: int) -> None:
        self.message_id, self.limit = message_id, limit
        self.devices: dict[str, DiscoveredDevice] = {}
        self.over: set[str] = set()
        self.ignored = 0

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        try:
            found = parse_probe_matches(data, self.message_id)
        except DiscoveryParseError as err:
            self.ignored += 1
            if self.ignored <= 5:  # a flood must not flood the log too
                logger.debug("WS-Discovery: ignoring datagram from %s: %s", addr[0], err)
            return
        for device in found:
            key = device.endpoint or device.xaddrs[0]
            if key in self.devices:
                continue
            if len(self.devices) < self.limit:
                self.devices[key] = device
            elif len(self.over) < 1_000_000:
                self.over.add(key)


async def discover(
    timeout: float = 3.0,
    target: tuple[str, int] = WSD_GROUP,
    interface: str = "",
    repeats: int = 2,
) -> list[DiscoveredDevice]:
    """Probe ``target`` and collect answers for ``timeout`` seconds (see ``discover_all``)."""
    return (await discover_all(timeout, target, interface, repeats)).devices


async def discover_all(
    timeout: float = 3.0,
    target: tuple[str, int] | Sequence[tuple[str, int]] = WSD_GROUP,
    interface: str = "",
    repeats: int = 2,
    limit: int = MAX_DEVICES,
) -> DiscoveryResult:
    """Probe ``target`` and collect answers to that probe for ``timeout`` seconds.

    ``interface`` is the local IPv4 address whose network is probed (the
    system's default route if empty). UDP may lose the probe, so it is sent
    ``repeats`` times with one MessageID; answers are de-duplicated by
    endpoint and at most ``limit`` devices are kept. ``target`` may also be a
    list of addresses: the same probe goes to each of them (unicast), for
    cameras in another network that multicast does not reach.
    """
    targets = _targets(target)
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)  # stay on this network
    if interface:
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(interface))
    sock.bind((interface or "0.0.0.0", 0))
    message_id = f"urn:uuid:{uuid.uuid4()}"
    transport, collector = await loop.create_datagram_endpoint(
        lambda: _Collector(message_id, limit), sock=sock
    )
    started = time.monotonic()
    try:
        message = probe_message(message_id)  # one MessageID: repeats are the same probe
        for attempt in range(max(1, repeats)):
            for address in targets:
                transport.sendto(message, address)
            if attempt + 1 < repeats:
                await asyncio.sleep(min(0.1, timeout / 4))
        await asyncio.sleep(max(0.0, timeout - (time.monotonic() - started)))
    finally:
        transport.close()
    devices = sorted(collector.devices.values(), key=lambda d: (d.address, d.port))
    result = DiscoveryResult(devices, len(collector.over), collector.ignored)
    logger.info(
        "WS-Discovery: %d devices answered within %.1f s (%d more not kept, %d datagrams ignored)",
        len(devices),
        timeout,
        result.more,
        result.ignored,
    )
    return result


def _targets(target: tuple[str, int] | Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """One address, or each of a list."""
    first, second = target[0], target[1] if len(target) > 1 else None
    if isinstance(first, str) and isinstance(second, int):
        return [(first, second)]
    pairs: list[tuple[str, int]] = []
    for item in target:
        if isinstance(item, tuple):
            pairs.append((str(item[0]), int(item[1])))
    return pairs


#: A unicast search probes at most this many addresses.
MAX_UNICAST = 1024


class AddressRangeError(ValueError):
    """An address or range the operator typed that cannot be searched (why, in English)."""


def unicast_targets(text: str, port: int = WSD_GROUP[1]) -> list[tuple[str, int]]:
    """The addresses of "192.168.1.20", "192.168.1.10-40" or "192.168.1.0/28".

    Raises:
        AddressRangeError: not an IPv4 address, range or network, or too many addresses.
    """
    text = text.strip()
    try:
        if "/" in text:
            network = ipaddress.IPv4Network(text, strict=False)
            if network.num_addresses > MAX_UNICAST + 2:  # checked before listing them
                raise AddressRangeError(f"more than {MAX_UNICAST} addresses in {text!r}")
            hosts = [str(a) for a in network.hosts()]
        elif "-" in text:
            first, last = text.split("-", 1)
            start = ipaddress.IPv4Address(first.strip())
            end_text = last.strip()
            end = ipaddress.IPv4Address(
                end_text if "." in end_text else first.rsplit(".", 1)[0] + "." + end_text
            )
            if end < start:
                raise AddressRangeError(f"the range {text!r} ends before it starts")
            if int(end) - int(start) >= MAX_UNICAST:
                raise AddressRangeError(f"more than {MAX_UNICAST} addresses in {text!r}")
            hosts = [str(ipaddress.IPv4Address(n)) for n in range(int(start), int(end) + 1)]
        else:
            hosts = [str(ipaddress.IPv4Address(text))]
    except ValueError as exc:
        if isinstance(exc, AddressRangeError):
            raise
        raise AddressRangeError(f"not an address, range or network: {text!r}") from None
    if len(hosts) > MAX_UNICAST:
        raise AddressRangeError(f"more than {MAX_UNICAST} addresses in {text!r}")
    return [(host, port) for host in hosts]


def probing_address(target: tuple[str, int] = WSD_GROUP, interface: str = "") -> str:
    """The local address a probe to ``target`` leaves from ("" when there is no route)."""
    if interface:
        return interface
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(target)  # UDP: no packet sent, only the route chosen
            return str(sock.getsockname()[0])
        except OSError:
            return ""


def mark_configured(devices: Sequence[DiscoveredDevice], site: SiteConfig) -> list[bool]:
    """For each device, whether the site already has it (same ONVIF address and port,
    or the host of a stream URL); one index of the site, set lookups per device."""
    onvif, hosts = configured_endpoints(site)
    return [(d.address, d.port) in onvif or d.address in hosts for d in devices]
