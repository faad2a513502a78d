"""SDP descriptions and transport set-up for the RTSP server."""

from __future__ import annotations

import asyncio
import base64
import zlib
from typing import TYPE_CHECKING

from app.sim.cameras import SimCamera
from app.sim.rtp import PAYLOAD_TYPE
from app.sim.rtsp_proto import parse_port_pair, parse_transport
from app.sim.streams import Sink, StreamTimer, TcpSink, UdpSink

if TYPE_CHECKING:
    from app.sim.rtsp import Connection


def describe_body(camera: SimCamera, timer: StreamTimer, host: str) -> bytes:
    """The SDP of one camera profile (one H.264 track, ``trackID=0``)."""
    loop = timer.loop
    sps, pps = loop.sps, loop.pps
    sprop = ",".join(base64.b64encode(x).decode() for x in (sps, pps))
    fps = float(loop.profile.fps)
    lines = [
        "v=0",
        f"o=- {zlib.crc32(camera.id.encode())} 1 IN IP4 {host}",
        f"s={camera.name}",
        f"c=IN IP4 {host}",
        "t=0 0",
        "a=control:*",
        "a=range:npt=0-",
        f"m=video 0 RTP/AVP {PAYLOAD_TYPE}",
        f"a=rtpmap:{PAYLOAD_TYPE} H264/90000",
        f"a=fmtp:{PAYLOAD_TYPE} packetization-mode=1;profile-level-id={sps[1:4].hex()};"
        f"sprop-parameter-sets={sprop}",
        f"a=framerate:{fps:g}",
        f"a=x-dimensions:{loop.profile.width},{loop.profile.height}",
        "a=control:trackID=0",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


class _Ignore(asyncio.DatagramProtocol):
    """Our UDP sockets only send; what clients send back (RTCP RR, NAT probes) is dropped."""


async def _udp_pair(
    host: str, peer: str, ports: tuple[int, int]
) -> tuple[asyncio.DatagramTransport, asyncio.DatagramTransport]:
    loop = asyncio.get_running_loop()
    rtp, _ = await loop.create_datagram_endpoint(
        _Ignore, local_addr=(host, 0), remote_addr=(peer, ports[0])
    )
    try:
        rtcp, _ = await loop.create_datagram_endpoint(
            _Ignore, local_addr=(host, 0), remote_addr=(peer, ports[1])
        )
    except OSError:
        rtp.close()
        raise
    return rtp, rtcp


async def make_sink(header: str, conn: Connection, host: str) -> tuple[Sink | None, str]:
    """The sink for a SETUP's Transport header, and the Transport to answer.

    Returns (None, "") for transports we do not offer (multicast, unknown).
    """
    spec = parse_transport(header)
    proto = spec["protocol"]
    if "multicast" in spec or not proto.startswith("RTP/AVP"):
        return None, ""
    if proto.endswith("/TCP"):
        channels = parse_port_pair(spec.get("interleaved", "0-1")) or (0, 1)
        if channels[0] > 254:
            return None, ""
        transport = conn.writer.transport
        assert isinstance(transport, asyncio.WriteTransport)
        reply = f"RTP/AVP/TCP;unicast;interleaved={channels[0]}-{channels[0] + 1}"
        return TcpSink(transport, channels[0]), reply
    ports = parse_port_pair(spec.get("client_port", ""))
    if ports is None:
        return None, ""
    rtp, rtcp = await _udp_pair(host, conn.peer_ip, ports)
    server = (rtp.get_extra_info("sockname")[1], rtcp.get_extra_info("sockname")[1])
    reply = f"RTP/AVP;unicast;client_port={ports[0]}-{ports[1]};server_port={server[0]}-{server[1]}"
    return UdpSink(rtp, rtcp), reply
