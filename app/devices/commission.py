"""Commissioning commands: ``occhio onvif`` and ``occhio ptz``.

For the engineer who installs cameras: ask a device what it is, which
streams and PTZ functions it offers, and move it once, from a terminal and
without the wall. Exit status 0 on success, 1 with one line saying why not
(bad credentials, unreachable, not ONVIF, clock skew: ``OnvifError.detail``).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import sys
from typing import Any

from app.core.model import OnvifAddress
from app.core.passwords import add_password_arguments, password_from
from app.core.streams import Failure
from app.core.untrusted import clean
from app.devices.onvif import DEFAULT_TIMEOUT, get_device_summary
from app.devices.onvif_errors import OnvifError
from app.devices.ptz import PtzClient
from app.devices.ptz_types import PtzCapabilities, PtzPosition, PtzStatus
from app.devices.recorder_onvif import recording_summary

_REASONS = {
    Failure.AUTH: "credenziali rifiutate / bad credentials",
    Failure.UNREACHABLE: "dispositivo non raggiungibile / unreachable",
    Failure.TIMEOUT: "nessuna risposta / no answer",
    Failure.ONVIF: "risposta ONVIF non valida / ONVIF error",
    Failure.OVERSIZED: "risposta troppo grande / answer too large",
    Failure.FOREIGN_HOST: "indirizzo su un altro host / address on another host",
    Failure.UNSAFE_URI: "indirizzo non ammesso / address refused",
}


def parse_host(text: str, default_port: int = 80) -> tuple[str, int]:
    """``host``, ``host:port``, ``[v6]`` or ``[v6]:port`` -> (host, port).

    Raises:
        ValueError: an empty host or a port outside 1..65535.
    """
    host, port = text.strip(), default_port
    if host.startswith("["):
        inner, _, rest = host[1:].partition("]")
        host = inner
        if rest.startswith(":"):
            port = int(rest[1:])
    elif host.count(":") == 1:
        host, _, number = host.partition(":")
        port = int(number)
    if not host or not 1 <= port <= 65535:
        raise ValueError(f"not a HOST[:PORT]: {text!r}")
    return host, port


def add_commission_commands(sub: Any) -> None:
    """Add ``onvif`` and ``ptz`` to the CLI's subparsers."""
    onvif = sub.add_parser("onvif", help="ask an ONVIF device what it offers (commissioning)")
    _add_device_options(onvif)
    onvif.add_argument("--json", action="store_true", help="print one JSON object")

    ptz = sub.add_parser("ptz", help="move a PTZ camera once (commissioning)")
    _add_device_options(ptz)
    action = ptz.add_mutually_exclusive_group(required=True)
    action.add_argument("--move", metavar="PAN,TILT,ZOOM", help="velocities in -1..1")
    action.add_argument("--preset", metavar="NAME", help="go to a preset (name or token)")
    action.add_argument("--home", action="store_true", help="go to the home position")
    ptz.add_argument("--for", dest="seconds", type=float, default=1.0, metavar="SECONDS")
    ptz.add_argument("--profile", metavar="TOKEN", help="media profile (default: the PTZ one)")


def _add_device_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("host", metavar="HOST[:PORT]", help="device address (port 80 if omitted)")
    parser.add_argument("--user", default="", help="ONVIF user name")
    add_password_arguments(parser)
    parser.add_argument(
        "--timeout",
        type=float,
        help="seconds per request (default: the onvif.timeout_s setting)",
    )


def configured_timeout() -> float:
    """The ``onvif.timeout_s`` setting (its default when the settings cannot be read)."""
    from app.config import paths
    from app.config.settings import load_settings

    try:
        settings, _problems = load_settings(paths.settings_path())  # problems logged there
        return settings.float_value("onvif.timeout_s")
    except (OSError, ValueError, KeyError):
        return DEFAULT_TIMEOUT


def _timeout(args: argparse.Namespace) -> float:
    return float(args.timeout) if args.timeout else configured_timeout()


def _address(args: argparse.Namespace) -> OnvifAddress:
    host, port = parse_host(args.host)
    return OnvifAddress(host, port, args.user, password_from(args))


def _fail(command: str, err: Exception) -> int:
    if isinstance(err, OnvifError):
        reason = _REASONS.get(err.failure, str(err.failure))
        print(f"occhio {command}: {reason}: {clean(err.detail, 400)}", file=sys.stderr)
    else:
        print(f"occhio {command}: {clean(err, 400)}", file=sys.stderr)
    return 1


def run_onvif(args: argparse.Namespace) -> int:
    """``occhio onvif``: device information, profiles, URIs and PTZ capabilities."""
    try:
        address = _address(args)
        summary, ptz = asyncio.run(_inspect(address, _timeout(args)))
    except (OnvifError, ValueError) as err:  # PasswordError is a ValueError
        return _fail("onvif", err)
    try:
        recordings = asyncio.run(recording_summary(address, args.timeout))
    except OnvifError as err:
        recordings = {"offered": False, "error": err.detail}
    if args.json:
        data = {"device": dataclasses.asdict(summary), "ptz": dataclasses.asdict(ptz)}
        print(json.dumps(data | {"recordings": recordings}, ensure_ascii=False))
    else:
        _print_summary(summary)
        _print_ptz(ptz)
        _print_recordings(recordings)
    return 0


async def _inspect(address: OnvifAddress, timeout: float) -> tuple[Any, PtzCapabilities]:
    summary = await get_device_summary(address, timeout)
    async with PtzClient(address, timeout) as client:
        ptz = await client.capabilities()
    return summary, ptz


def _print_recordings(recordings: dict[str, object]) -> None:
    if not recordings.get("offered"):
        print("Registrazioni / recordings: no")
        return
    count, first, last = recordings["recordings"], recordings["from"], recordings["until"]
    print(f"Registrazioni / recordings: si / yes ({count}, {first} .. {last})")


def _print_summary(summary: Any) -> None:
    print(f"Dispositivo / device: {summary.manufacturer} {summary.model}")
    print(f"Firmware:             {summary.firmware}   seriale / serial: {summary.serial}")
    for p in summary.profiles:
        role = " (main)" if p is summary.main else " (sub)" if p is summary.sub else ""
        token = clean(p.token, 64)
        print(f"Profilo {token}{role}: {p.width}x{p.height} {p.encoding} {p.fps:g} fps")
        print(f"  RTSP: {clean(p.stream_uri, 300)}")
        if p.uri_problem is not None:
            reason = _REASONS.get(p.uri_problem.failure, str(p.uri_problem.failure))
            print(f"    NON USATO / NOT USED: {reason}: {p.uri_problem.detail}")
    print(f"Istantanea / snapshot: {clean(summary.snapshot_uri, 300) or '-'}")
    if summary.snapshot_problem is not None:
        print(f"    NON USATA / NOT USED: {summary.snapshot_problem.detail}")


def _print_ptz(ptz: PtzCapabilities) -> None:
    if not ptz.available:
        print("PTZ: no")
        return
    print(f"PTZ: si / yes (found by {ptz.found_by}, profile {ptz.profile_token})")
    limits = ptz.limits
    if limits is not None:
        for axis in ("pan", "tilt", "zoom", "timeout"):
            value = getattr(limits, axis)
            if value is not None:
                print(f"  {axis}: {value.min:g} .. {value.max:g}")
    for node in ptz.nodes:
        kinds = ", ".join(s.kind for s in node.spaces) or "-"
        token = clean(node.token, 64)
        print(f"  node {token}: home={node.has_home} presets<={node.max_presets} {kinds}")
    names = ", ".join(f"{p.name or '?'} [{clean(p.token, 64)}]" for p in ptz.presets) or "-"
    print(f"  preset: {names}")


def _velocity(text: str) -> tuple[float, float, float]:
    parts = [float(p) for p in text.split(",")]
    if len(parts) != 3 or not all(-1.0 <= v <= 1.0 for v in parts):
        raise ValueError(f"--move wants PAN,TILT,ZOOM in -1..1, got {text!r}")
    return parts[0], parts[1], parts[2]


def run_ptz(args: argparse.Namespace) -> int:
    """``occhio ptz``: one move, preset or home; prints the position before and after."""
    try:
        address = _address(args)
        velocity = _velocity(args.move) if args.move else None
        asyncio.run(_drive(address, args, velocity))
    except (OnvifError, ValueError) as err:
        return _fail("ptz", err)
    except KeyboardInterrupt:
        print("occhio ptz: interrotto / interrupted (Stop inviato / sent)", file=sys.stderr)
        return 1
    return 0


def _show(label: str, position: PtzPosition) -> None:
    values = [
        f"{v:+.3f}" if v is not None else "?" for v in (position.pan, position.tilt, position.zoom)
    ]
    print(f"{label}: pan {values[0]} tilt {values[1]} zoom {values[2]}")


async def _drive(
    address: OnvifAddress, args: argparse.Namespace, velocity: tuple[float, float, float] | None
) -> None:
    async with PtzClient(address, _timeout(args)) as client:
        if not client.has_ptz:
            raise OnvifError(Failure.ONVIF, f"{client.where} has no PTZ service")
        profile = await client.profile_token(args.profile)
        _show("Prima / before", (await client.status(profile)).position)
        if velocity is not None:
            await _timed_move(client, profile, velocity, args.seconds)
        elif args.home:
            await client.goto_home(profile)
        else:
            preset = await client.find_preset(args.preset, profile)
            if preset is None:
                raise ValueError(f"no preset named {args.preset!r}")
            await client.goto_preset(preset.token, profile)
        _show("Dopo / after", (await _settled(client, profile)).position)


#: A preset or home recall is given this long to arrive before "after" is printed anyway.
SETTLE_S = 20.0


async def _settled(client: PtzClient, profile: str, limit: float = SETTLE_S) -> PtzStatus:
    """The head's status once it has stopped moving (bounded by ``limit`` seconds).

    A device that never says IDLE or MOVING is read again after a short pause:
    its position is then as good as it gets.
    """
    deadline = asyncio.get_running_loop().time() + limit
    status = await client.status(profile)
    while status.moving and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.2)
        status = await client.status(profile)
    if status.moving:
        print(f"occhio ptz: ancora in movimento dopo {limit:.0f} s / still moving", file=sys.stderr)
    return status


async def _timed_move(
    client: PtzClient, profile: str, velocity: tuple[float, float, float], seconds: float
) -> None:
    """ContinuousMove for ``seconds``, then Stop, also when interrupted or failed."""
    try:
        await client.continuous_move(*velocity, profile=profile)
        await asyncio.sleep(max(0.0, seconds))
    finally:
        # Shielded: a Ctrl+C cancels the task, and the camera must not keep turning.
        await asyncio.shield(client.stop(profile))
