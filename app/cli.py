"""Command line: ``occhio [wall options] | demo | sim | probe | map ...``.

Each subcommand imports its module only when chosen, so ``occhio probe``
and ``occhio sim`` start without loading Qt.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence

from app.core.passwords import add_password_arguments


def _add_wall_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", metavar="FILE", help="site file (TOML) to load")
    parser.add_argument("--layout", metavar="NAME", help="layout to open (name or .json file)")
    parser.add_argument(
        "--screen",
        metavar="N",
        type=int,
        action="append",
        help="open a wall only on screen N (repeat for several); default: every screen",
    )
    parser.add_argument(
        "--screenshot",
        metavar="FILE",
        help="save each wall window to FILE (then FILE-2.png, FILE-3.png... for more "
        "screens) once every "
        "visible tile shows video or after --screenshot-timeout, then exit",
    )
    parser.add_argument(
        "--screenshot-timeout",
        metavar="S",
        type=float,
        default=20.0,
        help="with --screenshot: take it after S seconds even if some tiles show no video "
        "(default 20)",
    )
    parser.add_argument("--fullscreen", action="store_true", help="start in full screen")
    parser.add_argument(
        "--map",
        action="store_true",
        help="open the map window at start (saved as FILE-mappa.png with --screenshot)",
    )
    parser.add_argument("--operator", metavar="NAME", help="operator name for snapshots")
    parser.add_argument(
        "--lang",
        choices=["it", "en"],
        help="interface language (overrides OCCHIO_LANG and the ui.language setting)",
    )
    parser.add_argument(
        "--log-tiles",
        action="store_true",
        help="log every tile's state and a picture fingerprint twice a second (diagnosis)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (also used by the tests)."""
    parser = argparse.ArgumentParser(
        prog="occhio",
        description="Video wall for police control rooms.",
        allow_abbrev=False,  # else "bench --screens" is taken for --screenshot
    )
    _add_wall_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="start the simulator and a live demo wall")
    _add_wall_options(demo)

    sim = sub.add_parser("sim", help="run the camera simulator")
    sim.add_argument("--site", metavar="FILE", help="site file whose cameras to simulate")
    sim.add_argument("--host", default="127.0.0.1")
    sim.add_argument("--rtsp-port", type=int, default=8554, help="0 picks a free port")
    sim.add_argument("--http-port", type=int, default=8080, help="ONVIF, snapshots, control")
    sim.add_argument("--cameras", type=int, help="simulate only the first N cameras")
    sim.add_argument(
        "--onvif-quirks",
        choices=["none", "minimal"],
        default="none",
        help="minimal: PTZ left out of GetServices, only mandatory ONVIF fields",
    )
    sim.add_argument("--discovery", action="store_true", help="answer WS-Discovery probes")
    sim.add_argument("--discovery-port", type=int, default=3702, help="0 picks a free port")
    sim.add_argument(
        "--recording-days",
        type=int,
        default=3,
        help="days of simulated recordings per camera (0: no recorder)",
    )
    sim.add_argument("-v", "--verbose", action="store_true")

    probe = sub.add_parser("probe", help="open a stream and report what it carries")
    probe.add_argument("url", help="rtsp:// URL (credentials may be inside it)")
    probe.add_argument("--seconds", type=float, default=5.0, help="how long to play")
    probe.add_argument("--transport", choices=["tcp", "udp"], default="tcp")
    probe.add_argument("--user", default="", help="user name (if not in the URL)")
    add_password_arguments(probe)
    probe.add_argument(
        "--allow-basic-auth",
        action="store_true",
        help="send the password to a server that offers only Basic authentication "
        "over plain RTSP (in clear; refused otherwise)",
    )
    probe.add_argument("--json", action="store_true", help="print one JSON object")

    bench = sub.add_parser("bench", help="measure the wall offscreen against the decoding floor")
    from app.bench.run import add_arguments as add_bench_arguments

    add_bench_arguments(bench)

    from app.devices.commission import add_commission_commands
    from app.devices.recorder_cli import add_recorder_commands

    add_commission_commands(sub)
    from app.cli_alarms import add_alarm_commands

    add_alarm_commands(sub)
    add_recorder_commands(sub)

    from app.maps.command import add_map_commands

    add_map_commands(sub)
    from app.bench.plates import add_plate_commands

    add_plate_commands(sub)
    return parser


def _device_command(args: argparse.Namespace) -> int:
    """Commands that talk to cameras and recorders, or check what they gave."""
    if args.command in ("recordings", "export", "verify", "audit"):
        from app.devices.recorder_cli import run_recorder_command

        return run_recorder_command(args)
    from app.devices.commission import run_onvif, run_ptz

    return run_onvif(args) if args.command == "onvif" else run_ptz(args)


#: A value given after one of these options may start with a minus (a move to the left).
SIGNED_VALUE_OPTIONS = ("--move",)
_SIGNED_NUMBERS = re.compile(r"-\d*\.?\d+(,-?\d*\.?\d+)*")


def attach_signed_values(argv: Sequence[str]) -> list[str]:
    """``--move -0.5,0,0`` as ``--move=-0.5,0,0``: argparse takes a value starting
    with a minus for another option, and a negative pan is the natural way to
    type a move to the left."""
    out: list[str] = []
    items = list(argv)
    for index, item in enumerate(items):
        previous = items[index - 1] if index else ""
        if previous in SIGNED_VALUE_OPTIONS and _SIGNED_NUMBERS.fullmatch(item):
            out[-1] = f"{previous}={item}"
        else:
            out.append(item)
    return out


def main(argv: Sequence[str] | None = None) -> int:  # noqa: PLR0911 - one return per command
    """Parse ``argv`` and run the chosen command; returns the exit status."""
    given = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(attach_signed_values(given))
    if args.command == "sim":
        from app.sim.main import run_sim

        return run_sim(args)
    if args.command == "bench":
        from app.bench.run import run_bench

        return run_bench(args)
    if args.command == "probe":
        from app.video.probe import run_probe

        return run_probe(args)
    if args.command == "alarms":
        from app.cli_alarms import run_alarms

        return run_alarms(args)
    if args.command == "map":
        from app.maps.command import run_map

        return run_map(args)
    if args.command in ("hotlist", "plates", "bench-plates"):
        from app.bench.plates import run_plate_command

        return run_plate_command(args)
    if args.command in ("onvif", "ptz", "recordings", "export", "verify", "audit"):
        return _device_command(args)
    from app.application import run_wall

    return run_wall(args, demo=args.command == "demo")


if __name__ == "__main__":
    sys.exit(main())
