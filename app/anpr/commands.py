"""``occhio hotlist ...`` and ``occhio plates ...``: the plate commands for installers and scripts.

- ``occhio hotlist import FILE --list NAME [--category CAT]``: one-step replace, with the report;
- ``occhio hotlist check PLATE``: every hit and how it matched;
- ``occhio plates search PATTERN``: stored reads (wildcards ``?`` ``*``, ``--fuzzy``);
- ``occhio plates listen``: reads from the site's plate cameras as they come (JSON lines);
- ``occhio plates hits`` and ``occhio plates export HIT``: hits, and the evidence
  package of an acknowledged one (``app.anpr.commands_hits``).

Every command takes ``--json``. Exit status: 0 done, 1 nothing found or
refused, 2 unusable arguments.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from app.anpr.commands_hits import add_hit_commands, export_hit, list_hits
from app.anpr.parse_common import iso_time
from app.anpr.storage import PlateStorage, export_results
from app.anpr.transit_search import DEFAULT_LIMIT, SearchQuery, search
from app.core.plates import Direction, PlateRead
from app.core.plates_lists import CATEGORIES

EXIT_NOTHING = 1
EXIT_USAGE = 2
_DIRECTIONS = {"in": Direction.APPROACHING, "out": Direction.LEAVING}


def add_plate_commands(sub: Any) -> None:
    """Add ``hotlist`` and ``plates`` to the program's subcommands."""
    hotlist = sub.add_parser("hotlist", help="plate hotlists: import a file, check a plate")
    hot = hotlist.add_subparsers(dest="hotlist_command", metavar="ACTION", required=True)
    imp = hot.add_parser("import", help="make FILE the new version of a list (one step)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--list", required=True, dest="list_name", metavar="NAME")
    imp.add_argument("--category", choices=[c.id for c in CATEGORIES], help="for a new list")
    imp.add_argument("--text", default="", help="text shown on a hit (default: the category's)")
    imp.add_argument("--column", type=int, help="plate column (from 1) of a file without header")
    check = hot.add_parser("check", help="is PLATE on a list, and how does it match")
    check.add_argument("plate")
    for parser in (imp, check):
        parser.add_argument("--json", action="store_true", help="print JSON")
    plates = sub.add_parser("plates", help="plate reads: search, listen to the cameras")
    pl = plates.add_subparsers(dest="plates_command", metavar="ACTION", required=True)
    _add_search(pl.add_parser("search", help="stored reads by plate, time, camera, direction"))
    listen = pl.add_parser("listen", help="print reads from the site's plate cameras")
    listen.add_argument("--site", metavar="FILE", help="site file (default: the configured one)")
    listen.add_argument("--seconds", type=float, default=0.0, help="stop after (0: Ctrl+C)")
    listen.add_argument("--json", action="store_true", help="one JSON object per line")
    add_hit_commands(pl)


def _add_search(search_parser: argparse.ArgumentParser) -> None:
    search_parser.add_argument("pattern", nargs="?", default="", help="plate, ? one, * any")
    search_parser.add_argument("--fuzzy", action="store_true", help="also misreads of PATTERN")
    search_parser.add_argument("--from", dest="start", metavar="TIME", help="ISO 8601")
    search_parser.add_argument("--to", dest="end", metavar="TIME", help="ISO 8601")
    search_parser.add_argument("--camera", action="append", default=[], metavar="ID")
    search_parser.add_argument("--direction", choices=sorted(_DIRECTIONS))
    search_parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT)
    search_parser.add_argument("--csv", type=Path, metavar="FILE", help="export the results")
    search_parser.add_argument("--reason", default="", help="why (required with --csv)")
    search_parser.add_argument("--json", action="store_true", help="print JSON")


def run_plate_command(args: argparse.Namespace) -> int:
    """Run ``hotlist ...`` or ``plates ...``; returns the exit status."""
    if args.command == "plates" and args.plates_command == "listen":
        return _listen(args)
    storage = PlateStorage.open()
    try:
        if args.command == "hotlist":
            if args.hotlist_command == "import":
                return _import(storage, args)
            return _check(storage, args)
        if args.plates_command == "hits":
            return list_hits(storage, args)
        if args.plates_command == "export":
            return _export(storage, args)
        return _search(storage, args)
    finally:
        storage.close()


def _print(args: argparse.Namespace, data: object, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str) if args.json else text)


def _import(storage: PlateStorage, args: argparse.Namespace) -> int:
    hotlists = storage.hotlists
    known = hotlists.find_list(args.list_name)
    category_id = args.category or (known.category.id if known else "")
    if not category_id:
        print(f"occhio: la lista {args.list_name} non esiste: indicare --category", file=sys.stderr)
        return EXIT_USAGE
    hotlists.define(args.list_name, category_id, args.text or (known.text if known else ""))
    report = hotlists.import_file(args.file, args.list_name, args.column)
    _print(args, report.as_dict(), report.text())
    return 0 if report.ok else EXIT_NOTHING


def _check(storage: PlateStorage, args: argparse.Namespace) -> int:
    hits = storage.hotlists.check(args.plate)
    rows = [
        {
            "plate": h.plate,
            "list": h.hotlist.name,
            "category": h.hotlist.category.id,
            "priority": h.hotlist.category.priority,
            "how": h.how.describe(),
            "note": h.note,
            "text": h.hotlist.display_text,
        }
        for h in hits
    ]
    lines = [f"{r['plate']}  {r['list']} ({r['category']}): {r['how']}  {r['note']}" for r in rows]
    _print(args, rows, "\n".join(lines) or f"{args.plate}: nessuna corrispondenza")
    return 0 if hits else EXIT_NOTHING


def _search(storage: PlateStorage, args: argparse.Namespace) -> int:
    start = iso_time(args.start) if args.start else None
    end = iso_time(args.end) if args.end else None
    if (args.start and start is None) or (args.end and end is None):
        print("occhio: --from/--to: data e ora ISO 8601 (2026-04-03T10:00)", file=sys.stderr)
        return EXIT_USAGE
    direction = _DIRECTIONS.get(args.direction) if args.direction else None
    query = SearchQuery(
        args.pattern, args.fuzzy, start, end, tuple(args.camera), direction, args.limit
    )
    results = search(storage.transits, query)
    if args.csv:
        who = (getpass.getuser(), args.reason)
        try:
            export_results(storage.transits, results, query, args.csv, who)
        except ValueError:
            print("occhio: --csv richiede --reason (il motivo viene registrato)", file=sys.stderr)
            return EXIT_USAGE
    rows = [
        _read_dict(r.stored.read) | {"id": r.stored.id, "how": r.how.describe() if r.how else ""}
        for r in results
    ]
    lines = [
        f"{time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(r['captured_at']))}  "
        f"{r['camera']}  {r['plate']}  {r['direction']}  {r['how']}"
        for r in rows
    ]
    _print(args, rows, "\n".join(lines) or "nessun transito trovato")
    return 0 if rows else EXIT_NOTHING


def _read_dict(read: PlateRead) -> dict[str, Any]:
    return {
        "camera": read.camera_id,
        "plate": read.plate,
        "plate_text": read.plate_text,
        "captured_at": read.captured_at,
        "country": read.country,
        "confidence": read.confidence,
        "direction": read.direction.value,
        "lane": read.lane,
        "speed_kmh": read.speed_kmh,
        "vehicle": read.vehicle_type,
        "source": read.source,
        "plate_image": bool(read.plate_image),
        "vehicle_image": bool(read.vehicle_image),
    }


def _listen(args: argparse.Namespace) -> int:
    from app.anpr.ingest import PlateIngest
    from app.config.sitefile import SiteFileError, load_site

    try:
        site = load_site(args.site or _configured_site())
    except SiteFileError as exc:
        print(f"occhio: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not site.plates.sources:
        print("occhio: il file dell'impianto non ha [[plates.sources]]", file=sys.stderr)
        return EXIT_NOTHING
    lock = threading.Lock()

    def show(read: PlateRead) -> None:
        with lock:
            data = _read_dict(read)
            print(json.dumps(data) if args.json else f"{read.camera_id}  {read.plate}", flush=True)

    ingest = PlateIngest(site.plates, show)
    ingest.status.connect(lambda s: print(f"# {s.camera_id}: {s.state}", file=sys.stderr))
    ingest.start()
    try:
        deadline = time.monotonic() + args.seconds if args.seconds > 0 else float("inf")
        while time.monotonic() < deadline:
            time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))
    except KeyboardInterrupt:
        pass
    finally:
        ingest.stop()
    return 0


def _export(storage: PlateStorage, args: argparse.Namespace) -> int:
    from app.config.sitefile import SiteFileError, load_site
    from app.config.stationfiles import station_key_path

    try:
        site = load_site(args.site or _configured_site())
    except SiteFileError as exc:
        print(f"occhio: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return export_hit(storage, site, station_key_path(), args)


def _configured_site() -> Path:
    from app.config import paths
    from app.config.settings import load_settings

    settings, _problems = load_settings(paths.settings_path())
    configured = settings.str_value("site.file")
    return Path(configured) if configured else paths.site_path()
