"""Commands for recordings and evidence: ``recordings``, ``export``, ``verify``, ``audit verify``.

For installers and scripts. CAMERA is the site file's camera id; times are
ISO 8601, local (``2026-04-03T10:31``) or with a zone (``...Z``,
``...+02:00``). Each command prints Italian text, or one JSON object with
``--json``; the exit status is 0 on success, 1 when the recorder, the
package or the log has a problem, 2 for unusable arguments or site file.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import getpass
import json
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

from app.config import paths
from app.config.settings import load_settings
from app.config.sitefile import SiteFileError, load_site
from app.config.stationfiles import audit_log, station_key_path
from app.core.evidence import CLIP
from app.core.evidence_sign import StationKey
from app.core.evidence_verify import VerifyReport, verify_folder
from app.core.evidence_zip import unpack, zip_package
from app.core.model import Camera, SiteConfig
from app.core.recording import Span, iso
from app.devices.evidence_export import EvidenceExport, ExportProgress, ExportRequest
from app.devices.recorder import open_recorder
from app.devices.replay.errors import ReplayError
from app.video.export_check import compare


def parse_time(text: str) -> float:
    """ISO 8601, local when it names no zone, as Unix seconds.

    Raises:
        argparse.ArgumentTypeError: not ISO 8601.
    """
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from err
    return (value if value.tzinfo else value.astimezone()).timestamp()


def add_recorder_commands(sub: Any) -> None:
    """Add the recording and evidence commands to the CLI's subparsers."""
    recordings = sub.add_parser("recordings", help="what a camera's recorder holds in a range")
    _camera_range(recordings)
    export = sub.add_parser("export", help="export signed evidence of a camera's recording")
    _camera_range(export)
    export.add_argument("--reason", required=True, help="why (motivo)")
    export.add_argument("--protocol", required=True, help="protocol or complaint number")
    export.add_argument("--out", required=True, metavar="FOLDER", help="new, empty folder")
    export.add_argument("--operator", help="who exports (default: settings, then login)")
    export.add_argument(
        "--zip", action="store_true", help="also write the package as FOLDER.zip beside it"
    )
    verify = sub.add_parser("verify", help="check an evidence folder, or its zip")
    verify.add_argument("folder", metavar="FOLDER|ZIP")
    verify.add_argument("--json", action="store_true", help="print one JSON object")
    audit = sub.add_parser("audit", help="the consultation log")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_verify = audit_sub.add_parser("verify", help="check the log's hash chain")
    audit_verify.add_argument("--json", action="store_true", help="print one JSON object")


def _camera_range(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("camera", metavar="CAMERA", help="camera id in the site file")
    parser.add_argument("--from", dest="start", required=True, type=parse_time, metavar="TIME")
    parser.add_argument("--to", dest="end", required=True, type=parse_time, metavar="TIME")
    parser.add_argument("--site", metavar="FILE", help="site file (default: the configured one)")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds per request")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run_recorder_command(args: argparse.Namespace) -> int:
    """Entry point of the four commands; returns the exit status."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("app").setLevel(logging.WARNING)
    if args.command == "verify":
        return _verify(args)
    if args.command == "audit":
        return _audit_verify(args)
    try:
        site, camera = _camera(args)
    except (SiteFileError, LookupError, ValueError) as err:
        print(f"occhio {args.command}: {err}", file=sys.stderr)
        return 2
    if args.command == "recordings":
        return _recordings(args, camera)
    return _export(args, site, camera)


def _camera(args: argparse.Namespace) -> tuple[SiteConfig, Camera]:
    if args.end <= args.start:
        raise ValueError("--to must come after --from")
    settings, _ = load_settings(paths.settings_path())
    configured = settings.str_value("site.file")
    path = Path(args.site) if args.site else Path(configured) if configured else paths.site_path()
    site = load_site(path)
    camera = site.camera(args.camera)
    if camera is None:
        raise LookupError(f"no camera {args.camera!r} in {path}")
    if camera.recorder is None:
        raise LookupError(f"camera {args.camera!r} has no [cameras.recorder] in {path}")
    return site, camera


def _emit(args: argparse.Namespace, data: dict[str, Any], lines: list[str]) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False))
    else:
        print("\n".join(lines))


def _recordings(args: argparse.Namespace, camera: Camera) -> int:
    async def search() -> Any:
        recorder = await open_recorder(camera, args.timeout)
        try:
            return await recorder.search(Span(args.start, args.end))
        finally:
            await recorder.close()

    try:
        index = asyncio.run(search())
    except ReplayError as err:
        print(f"occhio recordings: {err.failure}: {err.detail}", file=sys.stderr)
        return 1
    spans = [{"start": iso(s.start), "end": iso(s.end)} for s in index.recorded]
    gaps = [{"start": iso(g.start), "end": iso(g.end), "seconds": g.seconds} for g in index.gaps]
    data = {
        "camera": camera.id,
        "recorded": spans,
        "gaps": gaps,
        "clock_offset_s": index.clock_offset_s,
    }
    lines = [f"Telecamera {camera.id}: {len(spans)} tratti registrati, {len(gaps)} interruzioni"]
    lines += [f"  registrato  {s['start']} - {s['end']}" for s in spans]
    lines += [f"  mancante    {g['start']} - {g['end']} ({g['seconds']:.0f} s)" for g in gaps]
    if index.clock_offset_s is not None:
        lines.append(
            f"Orologio del dispositivo: {index.clock_offset_s:+.1f} s rispetto a questo PC"
        )
    _emit(args, data, lines)
    return 0


def _operator(args: argparse.Namespace) -> str:
    if args.operator:
        return str(args.operator)
    settings, _ = load_settings(paths.settings_path())
    return settings.str_value("operator.name") or getpass.getuser()


def _export(args: argparse.Namespace, site: SiteConfig, camera: Camera) -> int:
    def progress(p: ExportProgress) -> None:
        if not args.json and sys.stderr.isatty():
            print(f"\r{p.fraction * 100:5.1f} %  {p.frames} fotogrammi", end="", file=sys.stderr)

    request = ExportRequest(
        camera,
        Span(args.start, args.end),
        args.reason,
        args.protocol,
        _operator(args),
        Path(args.out),
        getattr(site.site(camera.site_id), "name", ""),
    )
    key = StationKey.load_or_create(station_key_path())
    exporter = EvidenceExport(key, audit_log(), lambda c: open_recorder(c, args.timeout), progress)
    try:
        result = asyncio.run(exporter.run(request))
    except (ValueError, OSError) as err:
        print(f"\nocchio export: {err}", file=sys.stderr)
        return 2
    packed = _zip(result.folder) if args.zip else None
    state = "completa" if result.complete else f"INCOMPLETA: {result.reason}"
    lines = [
        f"\nEsportazione {state}",
        f"  cartella: {result.folder}",
        f"  fotogrammi: {result.frames}",
    ]
    if packed is not None:
        lines.append(f"  zip: {packed}")
    lines += [f"  nota: {n}" for n in result.notes]
    data = {
        "folder": str(result.folder),
        "complete": result.complete,
        "reason": result.reason,
        "frames": result.frames,
        "notes": result.notes,
        "files": result.files,
        "zip": str(packed) if packed is not None else None,
    }
    _emit(args, data, lines)
    return 0 if result.complete else 1


def _zip(folder: Path) -> Path | None:
    """The package as FOLDER.zip (None, and a message, when it cannot be written)."""
    try:
        return zip_package(folder)
    except OSError as err:
        print(f"\nocchio export: zip not written: {err}", file=sys.stderr)
        return None


def verify_package(path: Path) -> VerifyReport:
    """Check a package folder, or its zip (unpacked within bounds into a temporary folder)."""
    if not path.is_file():
        return _verify_folder(path)
    with tempfile.TemporaryDirectory(prefix="occhio-verify-") as temporary:
        folder = Path(temporary)
        problems = unpack(path, folder)
        report = _verify_folder(folder)
        report.problems[:0] = problems
        report.checked.insert(0, f"{path.name}: pacchetto zip estratto per il controllo")
        return report


def _verify_folder(folder: Path) -> VerifyReport:
    report = verify_folder(folder)
    if (folder / CLIP).exists():
        frames, problems = compare(folder / CLIP, report.rows)
        report.problems += problems
        report.checked.append(f"{CLIP}: {frames} fotogrammi confrontati con frames.csv")
    return report


def _verify(args: argparse.Namespace) -> int:
    report = verify_package(Path(args.folder))
    data = {"ok": report.ok, "checked": report.checked, "problems": report.problems}
    lines = [f"controllato: {c}" for c in report.checked]
    lines += [f"NON CORRISPONDE: {p}" for p in report.problems]
    lines.append("Pacchetto integro." if report.ok else f"{len(report.problems)} problemi.")
    _emit(args, data, lines)
    return 0 if report.ok else 1


def _audit_verify(args: argparse.Namespace) -> int:
    log = audit_log()
    report = log.verify()
    data = {
        "ok": report.ok,
        "entries": report.entries,
        "problems": report.problems,
        "path": str(log.path),
    }
    lines = [f"Registro delle consultazioni: {log.path}, {report.entries} voci"]
    lines += [f"NON CORRISPONDE: {p}" for p in report.problems]
    lines.append("Catena integra." if report.ok else f"{len(report.problems)} problemi.")
    _emit(args, data, lines)
    return 0 if report.ok else 1
