"""SOAP bodies of the ONVIF Device and Media answers the simulator gives.

Plain templates: the simulator answers a handful of fixed operations, and
templates keep the XML readable next to the ONVIF schema it follows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from xml.sax.saxutils import escape

from app.sim.encode import PROFILES, ProfileSpec

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
    "trt": "http://www.onvif.org/ver10/media/wsdl",
    "tptz": "http://www.onvif.org/ver20/ptz/wsdl",
    "tt": "http://www.onvif.org/ver10/schema",
    "ter": "http://www.onvif.org/ver10/error",
    "wsse": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
    "wsu": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
}
_DECL = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items() if k not in ("wsse", "wsu"))


def envelope(body: str) -> str:
    """A SOAP 1.2 envelope around ``body``."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<s:Envelope {_DECL}><s:Body>{body}'
        "</s:Body></s:Envelope>"
    )


def fault(code: str, subcode: str, reason: str) -> str:
    """A SOAP 1.2 fault, e.g. ("s:Sender", "ter:NotAuthorized", ...)."""
    return envelope(
        f"<s:Fault><s:Code><s:Value>{code}</s:Value><s:Subcode><s:Value>{subcode}</s:Value>"
        f'</s:Subcode></s:Code><s:Reason><s:Text xml:lang="en">{escape(reason)}</s:Text>'
        "</s:Reason></s:Fault>"
    )


def date_and_time(now: dt.datetime) -> str:
    """GetSystemDateAndTime answer for the UTC time ``now``."""
    return (
        "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>"
        "<tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>"
        "<tt:TimeZone><tt:TZ>CET-1CEST,M3.5.0,M10.5.0/3</tt:TZ></tt:TimeZone><tt:UTCDateTime>"
        f"<tt:Time><tt:Hour>{now.hour}</tt:Hour><tt:Minute>{now.minute}</tt:Minute>"
        f"<tt:Second>{now.second}</tt:Second></tt:Time><tt:Date><tt:Year>{now.year}</tt:Year>"
        f"<tt:Month>{now.month}</tt:Month><tt:Day>{now.day}</tt:Day></tt:Date></tt:UTCDateTime>"
        "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>"
    )


def device_information(camera_id: str, minimal: bool = False) -> str:
    """GetDeviceInformation answer; ``minimal`` leaves out serial number and hardware id.

    The schema makes all five fields mandatory, but cheap devices skip some:
    the minimal answer lets tests check that clients cope.
    """
    extra = (
        ""
        if minimal
        else f"<tds:SerialNumber>{escape(camera_id)}</tds:SerialNumber><tds:HardwareId>sim"
        "</tds:HardwareId>"
    )
    return (
        "<tds:GetDeviceInformationResponse><tds:Manufacturer>Occhio</tds:Manufacturer>"
        "<tds:Model>SimCam 720</tds:Model><tds:FirmwareVersion>1.0</tds:FirmwareVersion>"
        f"{extra}</tds:GetDeviceInformationResponse>"
    )


def services(base: str, ptz: bool = False, extra: Sequence[tuple[str, str]] = ()) -> str:
    """GetServices answer: the Device and Media services, PTZ where ``ptz``, and ``extra``
    (namespace, path) pairs (the recording services)."""
    items = []
    listed = [(NS["tds"], "device_service"), (NS["trt"], "media_service")]
    if ptz:
        listed.append((NS["tptz"], "ptz_service"))
    listed += extra
    for ns, path in listed:
        items.append(
            f"<tds:Service><tds:Namespace>{ns}</tds:Namespace>"
            f"<tds:XAddr>{base}/onvif/{path}</tds:XAddr>"
            "<tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version>"
            "</tds:Service>"
        )
    return f"<tds:GetServicesResponse>{''.join(items)}</tds:GetServicesResponse>"


def capabilities(base: str, ptz: bool = False) -> str:
    """GetCapabilities answer (Device and Media, and PTZ where ``ptz``)."""
    ptz_item = f"<tt:PTZ><tt:XAddr>{base}/onvif/ptz_service</tt:XAddr></tt:PTZ>" if ptz else ""
    return (
        "<tds:GetCapabilitiesResponse><tds:Capabilities>"
        f"<tt:Device><tt:XAddr>{base}/onvif/device_service</tt:XAddr></tt:Device>"
        f"<tt:Media><tt:XAddr>{base}/onvif/media_service</tt:XAddr>"
        "<tt:StreamingCapabilities><tt:RTPMulticast>false</tt:RTPMulticast>"
        "<tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP>"
        f"</tt:StreamingCapabilities></tt:Media>{ptz_item}"
        "</tds:Capabilities></tds:GetCapabilitiesResponse>"
    )


def _encoder(p: ProfileSpec, minimal: bool = False) -> str:
    if minimal:  # no name, rate control, H264 or multicast elements
        return (
            f'<tt:VideoEncoderConfiguration token="enc-{p.name}"><tt:UseCount>1</tt:UseCount>'
            f"<tt:Encoding>H264</tt:Encoding><tt:Resolution><tt:Width>{p.width}</tt:Width>"
            f"<tt:Height>{p.height}</tt:Height></tt:Resolution><tt:Quality>5</tt:Quality>"
            "</tt:VideoEncoderConfiguration>"
        )
    return (
        f'<tt:VideoEncoderConfiguration token="enc-{p.name}"><tt:Name>{p.name}</tt:Name>'
        "<tt:UseCount>1</tt:UseCount><tt:Encoding>H264</tt:Encoding>"
        f"<tt:Resolution><tt:Width>{p.width}</tt:Width><tt:Height>{p.height}</tt:Height>"
        "</tt:Resolution><tt:Quality>5</tt:Quality><tt:RateControl>"
        f"<tt:FrameRateLimit>{round(float(p.fps))}</tt:FrameRateLimit>"
        "<tt:EncodingInterval>1</tt:EncodingInterval>"
        "<tt:BitrateLimit>2048</tt:BitrateLimit></tt:RateControl>"
        f"<tt:H264><tt:GovLength>{p.gop_frames}</tt:GovLength>"
        "<tt:H264Profile>Baseline</tt:H264Profile></tt:H264>"
        "<tt:Multicast><tt:Address><tt:Type>IPv4</tt:Type><tt:IPv4Address>0.0.0.0</tt:IPv4Address>"
        "</tt:Address><tt:Port>0</tt:Port><tt:TTL>1</tt:TTL><tt:AutoStart>false</tt:AutoStart>"
        "</tt:Multicast><tt:SessionTimeout>PT60S</tt:SessionTimeout>"
        "</tt:VideoEncoderConfiguration>"
    )


def profiles(ptz: str = "", minimal: bool = False) -> str:
    """GetProfiles answer: one media profile per stream profile (main, sub).

    ``ptz`` is a tt:PTZConfiguration element to put in every profile;
    ``minimal`` leaves out names and optional encoder settings (and PTZ).
    """
    main = PROFILES["main"]
    source = (
        '<tt:VideoSourceConfiguration token="vsc0"><tt:Name>source</tt:Name>'
        "<tt:UseCount>2</tt:UseCount><tt:SourceToken>vs0</tt:SourceToken>"
        f'<tt:Bounds x="0" y="0" width="{main.width}" height="{main.height}"/>'
        "</tt:VideoSourceConfiguration>"
    )
    if minimal:
        items = [
            f'<trt:Profiles token="{p.name}">{source}{_encoder(p, True)}</trt:Profiles>'
            for p in PROFILES.values()
        ]
    else:
        items = [
            f'<trt:Profiles token="{p.name}" fixed="true"><tt:Name>{p.name}</tt:Name>'
            f"{source}{_encoder(p)}{ptz}</trt:Profiles>"
            for p in PROFILES.values()
        ]
    return f"<trt:GetProfilesResponse>{''.join(items)}</trt:GetProfilesResponse>"


def media_uri(op: str, uri: str) -> str:
    """GetStreamUri / GetSnapshotUri answer."""
    return (
        f"<trt:{op}Response><trt:MediaUri><tt:Uri>{escape(uri)}</tt:Uri>"
        "<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect>"
        "<tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout>"
        f"</trt:MediaUri></trt:{op}Response>"
    )


def video_sources() -> str:
    """GetVideoSources answer."""
    main = PROFILES["main"]
    return (
        '<trt:GetVideoSourcesResponse><trt:VideoSources token="vs0">'
        f"<tt:Framerate>{float(main.fps):g}</tt:Framerate><tt:Resolution>"
        f"<tt:Width>{main.width}</tt:Width><tt:Height>{main.height}</tt:Height>"
        "</tt:Resolution></trt:VideoSources></trt:GetVideoSourcesResponse>"
    )
