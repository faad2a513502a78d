"""SOAP bodies of the ONVIF Search and Replay answers (Profile G) the simulator gives.

Plain templates next to the schema they follow (``onvif.xsd``: RecordingInformation,
FindEventResult; ``search.wsdl``, ``replay.wsdl``).
"""

from __future__ import annotations

import time
from xml.sax.saxutils import escape, quoteattr

SEARCH_NS = "http://www.onvif.org/ver10/search/wsdl"
REPLAY_NS = "http://www.onvif.org/ver10/replay/wsdl"
RECORDING_NS = "http://www.onvif.org/ver10/recording/wsdl"
WSNT_NS = "http://docs.oasis-open.org/wsn/b-2"
TOPICS_NS = "http://www.onvif.org/ver10/topics"
TRACK_TOKEN = "VIDEO001"
_TOPIC_DIALECT = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet"
_DECL = f'xmlns:tse="{SEARCH_NS}" xmlns:trp="{REPLAY_NS}"'


def xml_time(t: float) -> str:
    """An xs:dateTime in UTC, to the millisecond."""
    whole = int(t // 1)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole)) + f".{round((t % 1) * 1000):03d}Z"


def recording_information(token: str, source: str, name: str, first: float, last: float) -> str:
    """A tt:RecordingInformation element (one video track)."""
    return (
        f"<tt:RecordingInformation><tt:RecordingToken>{escape(token)}</tt:RecordingToken>"
        f"<tt:Source><tt:SourceId>{escape(source)}</tt:SourceId><tt:Name>{escape(name)}</tt:Name>"
        f"<tt:Location>{escape(source)}</tt:Location><tt:Description>Simulated camera"
        f"</tt:Description><tt:Address>{escape(source)}</tt:Address></tt:Source>"
        f"<tt:EarliestRecording>{xml_time(first)}</tt:EarliestRecording>"
        f"<tt:LatestRecording>{xml_time(last)}</tt:LatestRecording>"
        f"<tt:Content>{escape(name)}</tt:Content><tt:Track><tt:TrackToken>{TRACK_TOKEN}"
        "</tt:TrackToken><tt:TrackType>Video</tt:TrackType><tt:Description>main 1280x720"
        f"</tt:Description><tt:DataFrom>{xml_time(first)}</tt:DataFrom><tt:DataTo>"
        f"{xml_time(last)}</tt:DataTo></tt:Track><tt:RecordingStatus>Recording"
        "</tt:RecordingStatus></tt:RecordingInformation>"
    )


def search_token(op: str, token: str) -> str:
    """FindRecordingsResponse / FindEventsResponse."""
    body = f"<tse:SearchToken>{escape(token)}</tse:SearchToken>"
    return f"<tse:{op}Response {_DECL}>{body}</tse:{op}Response>"


def recording_results(items: list[str]) -> str:
    """GetRecordingSearchResultsResponse, search completed."""
    return (
        f"<tse:GetRecordingSearchResultsResponse {_DECL}><tse:ResultList>"
        f"<tt:SearchState>Completed</tt:SearchState>{''.join(items)}</tse:ResultList>"
        "</tse:GetRecordingSearchResultsResponse>"
    )


def recording_information_response(item: str) -> str:
    """GetRecordingInformationResponse."""
    return (
        f"<tse:GetRecordingInformationResponse {_DECL}>"
        + item.replace("tt:RecordingInformation>", "tse:RecordingInformation>")
        + "</tse:GetRecordingInformationResponse>"
    )


def summary(first: float, last: float, count: int) -> str:
    """GetRecordingSummaryResponse."""
    return (
        f"<tse:GetRecordingSummaryResponse {_DECL}><tse:Summary>"
        f"<tt:DataFrom>{xml_time(first)}</tt:DataFrom><tt:DataUntil>{xml_time(last)}"
        f"</tt:DataUntil><tt:NumberRecordings>{count}</tt:NumberRecordings></tse:Summary>"
        "</tse:GetRecordingSummaryResponse>"
    )


def data_event(token: str, t: float, present: bool, start_state: bool = False) -> str:
    """A tt:FindEventResult: the track's data starts (present) or stops at ``t``."""
    value = "true" if present else "false"
    return (
        f"<tt:Result><tt:RecordingToken>{escape(token)}</tt:RecordingToken><tt:TrackToken>"
        f"{TRACK_TOKEN}</tt:TrackToken><tt:Time>{xml_time(t)}</tt:Time><tt:Event>"
        f'<wsnt:Topic xmlns:wsnt="{WSNT_NS}" xmlns:tns1="{TOPICS_NS}" '
        f'Dialect="{_TOPIC_DIALECT}">tns1:RecordingHistory/Track/State</wsnt:Topic>'
        f'<wsnt:Message xmlns:wsnt="{WSNT_NS}"><tt:Message UtcTime="{xml_time(t)}">'
        f'<tt:Source><tt:SimpleItem Name="RecordingToken" Value={quoteattr(token)}/>'
        f'<tt:SimpleItem Name="Track" Value="{TRACK_TOKEN}"/></tt:Source><tt:Data>'
        f'<tt:SimpleItem Name="IsDataPresent" Value="{value}"/></tt:Data></tt:Message>'
        f"</wsnt:Message></tt:Event><tt:StartStateEvent>{'true' if start_state else 'false'}"
        "</tt:StartStateEvent></tt:Result>"
    )


def event_results(items: list[str]) -> str:
    """GetEventSearchResultsResponse, search completed."""
    return (
        f"<tse:GetEventSearchResultsResponse {_DECL}><tse:ResultList>"
        f"<tt:SearchState>Completed</tt:SearchState>{''.join(items)}</tse:ResultList>"
        "</tse:GetEventSearchResultsResponse>"
    )


def end_search(t: float) -> str:
    """EndSearchResponse."""
    body = f"<tse:Endpoint>{xml_time(t)}</tse:Endpoint>"
    return f"<tse:EndSearchResponse {_DECL}>{body}</tse:EndSearchResponse>"


def replay_uri(uri: str) -> str:
    """GetReplayUriResponse."""
    body = f"<trp:Uri>{escape(uri)}</trp:Uri>"
    return f"<trp:GetReplayUriResponse {_DECL}>{body}</trp:GetReplayUriResponse>"


def replay_capabilities() -> str:
    """The replay service's GetServiceCapabilitiesResponse: reverse playback, TCP."""
    return (
        f"<trp:GetServiceCapabilitiesResponse {_DECL}><trp:Capabilities "
        'ReversePlayback="true" SessionTimeoutRange="10 60" RTP_RTSP_TCP="true"/>'
        "</trp:GetServiceCapabilitiesResponse>"
    )


def search_capabilities() -> str:
    """The search service's GetServiceCapabilitiesResponse."""
    return (
        f"<tse:GetServiceCapabilitiesResponse {_DECL}><tse:Capabilities "
        'MetadataSearch="false" GeneralStartEvents="false"/></tse:GetServiceCapabilitiesResponse>'
    )


def replay_configuration() -> str:
    """GetReplayConfigurationResponse."""
    return (
        f"<trp:GetReplayConfigurationResponse {_DECL}><trp:Configuration>"
        "<tt:SessionTimeout>PT60S</tt:SessionTimeout></trp:Configuration>"
        "</trp:GetReplayConfigurationResponse>"
    )
