"""A WS-Discovery responder for tests: answers Probes with one ProbeMatch.

Used in-process (``Responder`` on 127.0.0.1, unicast) and, for the multicast
test, as a program run inside a network namespace:
``python -m tests.unit.devices.wsdfake LOCAL_IP`` joins 239.255.255.250 on
that interface, prints "ready" and answers until killed.
"""

from __future__ import annotations

import asyncio
import re
import socket
import struct
import sys
from typing import cast

PROBE_MATCHES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"'
    ' xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"'
    ' xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery">'
    "<s:Header><a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches"
    "</a:Action><a:RelatesTo>{relates}</a:RelatesTo></s:Header><s:Body><d:ProbeMatches>"
    "<d:ProbeMatch><a:EndpointReference><a:Address>urn:uuid:{uuid}</a:Address>"
    "</a:EndpointReference><d:Types>dn:NetworkVideoTransmitter</d:Types>"
    "<d:Scopes>onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/name/{name}"
    " onvif://www.onvif.org/hardware/{model}</d:Scopes>"
    "<d:XAddrs>http://{host}:{port}/onvif/device_service</d:XAddrs>"
    "<d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></s:Body>"
    "</s:Envelope>"
)


def answer(probe: bytes, host: str, name: str = "Varco%20Nord", model: str = "SimPTZ") -> bytes:
    """The ProbeMatches answer to ``probe`` (empty if it is not a camera probe)."""
    text = probe.decode("utf-8", "replace")
    if "NetworkVideoTransmitter" not in text or "Probe<" not in text.replace("Probe>", "Probe<"):
        return b""
    found = re.search(r"MessageID>([^<]+)<", text)
    relates = found.group(1) if found else ""
    uuid = "5f0c0b5e-0000-4000-8000-" + host.replace(".", "").rjust(12, "0")[-12:]
    return PROBE_MATCHES.format(
        relates=relates, uuid=uuid, name=name, model=model, host=host, port=8080
    ).encode()


class Responder(asyncio.DatagramProtocol):
    """Answers every camera Probe it receives, to the sender."""

    def __init__(self, host: str) -> None:
        self.host = host
        self.probes = 0
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[str | object, ...]) -> None:
        reply = answer(data, self.host)
        if reply and self.transport is not None:
            self.probes += 1
            self.transport.sendto(reply, addr)


async def _serve_multicast(local_ip: str) -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("0.0.0.0", 3702))
    group = socket.inet_aton("239.255.255.250") + socket.inet_aton(local_ip)
    sock.setsockopt(
        socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, struct.pack("4s4s", group[:4], group[4:])
    )
    loop = asyncio.get_running_loop()
    await loop.create_datagram_endpoint(lambda: Responder(local_ip), sock=sock)
    print("ready", flush=True)
    await asyncio.sleep(60)  # the test kills it long before


if __name__ == "__main__":
    asyncio.run(_serve_multicast(sys.argv[1]))
