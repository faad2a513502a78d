"""ONVIF PTZ service of a simulated camera: SOAP bodies and request parsing.

One node with the generic spaces every ONVIF client understands (pan/tilt
-1..1, zoom 0..1, velocities and translations -1..1), one PTZ configuration
shared by the camera's media profiles, and the operations Occhio and common
clients use. Element order follows the ONVIF schema: zeep refuses elements
out of order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from app.sim import onvif_xml as x
from app.sim.ptz import PtzError, PtzModel, Vector

TPTZ = "http://www.onvif.org/ver20/ptz/wsdl"
NODE_TOKEN = "ptz-node"
CONFIG_TOKEN = "ptz-cfg"
_SPACES = "http://www.onvif.org/ver10/tptz"
POSITION_PT = f"{_SPACES}/PanTiltSpaces/PositionGenericSpace"
POSITION_Z = f"{_SPACES}/ZoomSpaces/PositionGenericSpace"
TRANSLATION_PT = f"{_SPACES}/PanTiltSpaces/TranslationGenericSpace"
TRANSLATION_Z = f"{_SPACES}/ZoomSpaces/TranslationGenericSpace"
VELOCITY_PT = f"{_SPACES}/PanTiltSpaces/VelocityGenericSpace"
VELOCITY_Z = f"{_SPACES}/ZoomSpaces/VelocityGenericSpace"
SPEED_PT = f"{_SPACES}/PanTiltSpaces/GenericSpeedSpace"
SPEED_Z = f"{_SPACES}/ZoomSpaces/ZoomGenericSpeedSpace"
_TT = x.NS["tt"]
_DURATION = re.compile(
    r"^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?"
    r"(?:(\d+(?:\.\d+)?)S)?)?$"
)

Handler = Callable[[etree._Element], str]


def _range(low: float, high: float) -> str:
    return f"<tt:Min>{low:g}</tt:Min><tt:Max>{high:g}</tt:Max>"


def _space2d(kind: str, uri: str, low: float = -1.0) -> str:
    return (
        f"<tt:{kind}><tt:URI>{uri}</tt:URI><tt:XRange>{_range(low, 1)}</tt:XRange>"
        f"<tt:YRange>{_range(low, 1)}</tt:YRange></tt:{kind}>"
    )


def _space1d(kind: str, uri: str, low: float = -1.0) -> str:
    return f"<tt:{kind}><tt:URI>{uri}</tt:URI><tt:XRange>{_range(low, 1)}</tt:XRange></tt:{kind}>"


def spaces() -> str:
    """The content of a PTZSpaces element (schema order)."""
    return (
        _space2d("AbsolutePanTiltPositionSpace", POSITION_PT)
        + _space1d("AbsoluteZoomPositionSpace", POSITION_Z, 0.0)
        + _space2d("RelativePanTiltTranslationSpace", TRANSLATION_PT)
        + _space1d("RelativeZoomTranslationSpace", TRANSLATION_Z)
        + _space2d("ContinuousPanTiltVelocitySpace", VELOCITY_PT)
        + _space1d("ContinuousZoomVelocitySpace", VELOCITY_Z)
        + _space1d("PanTiltSpeedSpace", SPEED_PT, 0.0)
        + _space1d("ZoomSpeedSpace", SPEED_Z, 0.0)
    )


def node(element: str = "tptz:PTZNode") -> str:
    """The one PTZ node."""
    return (
        f'<{element} token="{NODE_TOKEN}" FixedHomePosition="false"><tt:Name>PTZ</tt:Name>'
        f"<tt:SupportedPTZSpaces>{spaces()}</tt:SupportedPTZSpaces>"
        "<tt:MaximumNumberOfPresets>32</tt:MaximumNumberOfPresets>"
        f"<tt:HomeSupported>true</tt:HomeSupported></{element}>"
    )


def configuration(element: str = "tptz:PTZConfiguration") -> str:
    """The PTZ configuration (also embedded in every media profile as tt:PTZConfiguration)."""
    return (
        f'<{element} token="{CONFIG_TOKEN}"><tt:Name>PTZ</tt:Name><tt:UseCount>2</tt:UseCount>'
        f"<tt:NodeToken>{NODE_TOKEN}</tt:NodeToken>"
        f"<tt:DefaultAbsolutePantTiltPositionSpace>{POSITION_PT}"
        "</tt:DefaultAbsolutePantTiltPositionSpace>"
        f"<tt:DefaultAbsoluteZoomPositionSpace>{POSITION_Z}</tt:DefaultAbsoluteZoomPositionSpace>"
        f"<tt:DefaultRelativePanTiltTranslationSpace>{TRANSLATION_PT}"
        "</tt:DefaultRelativePanTiltTranslationSpace>"
        f"<tt:DefaultRelativeZoomTranslationSpace>{TRANSLATION_Z}"
        "</tt:DefaultRelativeZoomTranslationSpace>"
        f"<tt:DefaultContinuousPanTiltVelocitySpace>{VELOCITY_PT}"
        "</tt:DefaultContinuousPanTiltVelocitySpace>"
        f"<tt:DefaultContinuousZoomVelocitySpace>{VELOCITY_Z}"
        "</tt:DefaultContinuousZoomVelocitySpace>"
        '<tt:DefaultPTZSpeed><tt:PanTilt x="1" y="1"/><tt:Zoom x="1"/></tt:DefaultPTZSpeed>'
        "<tt:DefaultPTZTimeout>PT10S</tt:DefaultPTZTimeout>"
        f"<tt:PanTiltLimits>{_space2d('Range', POSITION_PT)}</tt:PanTiltLimits>"
        f"<tt:ZoomLimits>{_space1d('Range', POSITION_Z, 0.0)}</tt:ZoomLimits></{element}>"
    )


def _vector(element: str, pos: Vector) -> str:
    return (
        f'<{element}><tt:PanTilt x="{pos[0]:.6f}" y="{pos[1]:.6f}" space="{POSITION_PT}"/>'
        f'<tt:Zoom x="{pos[2]:.6f}" space="{POSITION_Z}"/></{element}>'
    )


def status(model: PtzModel, now: dt.datetime) -> str:
    """The PTZStatus element: position, move status and UTC time."""
    pan_tilt, zoom = model.moving()
    return (
        f"<tptz:PTZStatus>{_vector('tt:Position', model.position())}<tt:MoveStatus>"
        f"<tt:PanTilt>{'MOVING' if pan_tilt else 'IDLE'}</tt:PanTilt>"
        f"<tt:Zoom>{'MOVING' if zoom else 'IDLE'}</tt:Zoom></tt:MoveStatus>"
        f"<tt:UtcTime>{now.strftime('%Y-%m-%dT%H:%M:%SZ')}</tt:UtcTime></tptz:PTZStatus>"
    )


def presets(model: PtzModel) -> str:
    """The Preset elements of GetPresets."""
    return "".join(
        f"<tptz:Preset token={quoteattr(p.token)}><tt:Name>{escape(p.name)}</tt:Name>"
        f"{_vector('tt:PTZPosition', p.position)}</tptz:Preset>"
        for p in model.presets.values()
    )


def _number(element: etree._Element | None, attr: str, default: float = 0.0) -> float:
    if element is None or element.get(attr) is None:
        return default
    try:
        return float(element.get(attr, ""))
    except ValueError as exc:
        raise PtzError("ter:InvalidArgVal", f"{attr} is not a number") from exc


def read_vector(op: etree._Element, name: str, default: Vector = (0.0, 0.0, 0.0)) -> Vector:
    """Pan, tilt and zoom of the request's ``name`` element (PTZSpeed or PTZVector).

    Axes the request leaves out keep ``default`` (a Stop-like zero for
    velocities, the current position for absolute moves).
    """
    vec = op.find(f"{{{TPTZ}}}{name}")
    if vec is None:
        raise PtzError("ter:InvalidArgVal", f"{name} is missing")
    pt, zoom = vec.find(f"{{{_TT}}}PanTilt"), vec.find(f"{{{_TT}}}Zoom")
    return (
        _number(pt, "x", default[0]),
        _number(pt, "y", default[1]),
        _number(zoom, "x", default[2]),
    )


def read_duration(text: str | None) -> float | None:
    """Seconds of an xs:duration such as ``PT1.5S`` (days, hours, minutes, seconds)."""
    match = _DURATION.match((text or "").strip())
    if not text or match is None:
        return None
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def _text(op: etree._Element, name: str) -> str:
    return (op.findtext(f"{{{TPTZ}}}{name}") or "").strip()


def _flag(op: etree._Element, name: str) -> bool:
    """Stop's PanTilt/Zoom flags: absent means true."""
    value = op.findtext(f"{{{TPTZ}}}{name}")
    return value is None or value.strip().lower() in ("true", "1")


def _empty(name: str) -> str:
    return f"<tptz:{name}Response/>"


def _wrap(name: str, body: str) -> str:
    return f"<tptz:{name}Response>{body}</tptz:{name}Response>"


def _config_token(op: etree._Element, tag: str) -> None:
    token = _text(op, tag)
    expected = NODE_TOKEN if tag == "NodeToken" else CONFIG_TOKEN
    if token != expected:
        raise PtzError("ter:NoEntity", f"no such {tag}: {token!r}")


def _options(op: etree._Element) -> str:
    _config_token(op, "ConfigurationToken")
    return _wrap(
        "GetConfigurationOptions",
        f"<tptz:PTZConfigurationOptions><tt:Spaces>{spaces()}</tt:Spaces><tt:PTZTimeout>"
        "<tt:Min>PT1S</tt:Min><tt:Max>PT1M</tt:Max></tt:PTZTimeout></tptz:PTZConfigurationOptions>",
    )


def _node(model: PtzModel, op: etree._Element) -> str:
    _config_token(op, "NodeToken")
    return _wrap("GetNode", node())


def _configuration(model: PtzModel, op: etree._Element) -> str:
    _config_token(op, "PTZConfigurationToken")
    return _wrap("GetConfiguration", configuration())


def _continuous(model: PtzModel, op: etree._Element) -> str:
    model.continuous_move(read_vector(op, "Velocity"), read_duration(_text(op, "Timeout")))
    return _empty("ContinuousMove")


def _relative(model: PtzModel, op: etree._Element) -> str:
    model.relative_move(read_vector(op, "Translation"))
    return _empty("RelativeMove")


def _absolute(model: PtzModel, op: etree._Element) -> str:
    model.absolute_move(read_vector(op, "Position", model.position()))
    return _empty("AbsoluteMove")


def _stop(model: PtzModel, op: etree._Element) -> str:
    model.stop(_flag(op, "PanTilt"), _flag(op, "Zoom"))
    return _empty("Stop")


def _set_preset(model: PtzModel, op: etree._Element) -> str:
    token = model.set_preset(_text(op, "PresetName"), _text(op, "PresetToken"))
    return _wrap("SetPreset", f"<tptz:PresetToken>{escape(token)}</tptz:PresetToken>")


def _remove_preset(model: PtzModel, op: etree._Element) -> str:
    model.remove_preset(_text(op, "PresetToken"))
    return _empty("RemovePreset")


def _goto_preset(model: PtzModel, op: etree._Element) -> str:
    model.goto_preset(_text(op, "PresetToken"))
    return _empty("GotoPreset")


def _goto_home(model: PtzModel, op: etree._Element) -> str:
    model.goto_home()
    return _empty("GotoHomePosition")


def _set_home(model: PtzModel, op: etree._Element) -> str:
    model.set_home()
    return _empty("SetHomePosition")


_MODEL_OPS: dict[str, Callable[[PtzModel, etree._Element], str]] = {
    "GetNode": _node,
    "GetConfiguration": _configuration,
    "GetNodes": lambda model, op: _wrap("GetNodes", node()),
    "GetConfigurations": lambda model, op: _wrap("GetConfigurations", configuration()),
    "GetConfigurationOptions": lambda model, op: _options(op),
    "GetStatus": lambda model, op: _wrap("GetStatus", status(model, dt.datetime.now(dt.UTC))),
    "GetPresets": lambda model, op: _wrap("GetPresets", presets(model)),
    "SetPreset": _set_preset,
    "RemovePreset": _remove_preset,
    "GotoPreset": _goto_preset,
    "GotoHomePosition": _goto_home,
    "SetHomePosition": _set_home,
    "ContinuousMove": _continuous,
    "RelativeMove": _relative,
    "AbsoluteMove": _absolute,
    "Stop": _stop,
}


def _checked(
    fn: Callable[[PtzModel, etree._Element], str], model: PtzModel, profiles: Collection[str]
) -> Handler:
    def handler(op: etree._Element) -> str:
        token = op.findtext(f"{{{TPTZ}}}ProfileToken")
        if token is not None and token.strip() not in profiles:
            raise PtzError("ter:NoProfile", f"no such profile: {token.strip()!r}")
        return fn(model, op)

    return handler


def operations(model: PtzModel, profiles: Collection[str]) -> dict[str, Handler]:
    """The PTZ service's operations bound to ``model``: request element -> response body.

    Handlers raise ``PtzError`` for requests the device refuses, including
    a ProfileToken that is not one of ``profiles``.
    """
    return {name: _checked(fn, model, profiles) for name, fn in _MODEL_OPS.items()}
