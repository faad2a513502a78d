"""``occhio plates hits`` and ``occhio plates export``: hits from the command line.

- ``occhio plates hits [--open]``: the latest hits with their ids and acknowledgement;
- ``occhio plates export HIT --out FOLDER --reason R --protocol P``: the signed
  evidence package of an acknowledged hit (``occhio verify FOLDER`` checks it).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import time
from pathlib import Path
from typing import Any

from app.anpr.evidence import HitExporter, HitExportError, HitExportRequest
from app.anpr.storage import PlateStorage
from app.anpr.transit_hits import hits
from app.core.evidence_sign import StationKey, StationKeyError
from app.core.model import SiteConfig

EXIT_REFUSED = 1


def add_hit_commands(pl: Any) -> None:
    """``hits`` and ``export`` under ``occhio plates``."""
    listing = pl.add_parser("hits", help="the latest hits, with their ids")
    listing.add_argument("--open", action="store_true", help="only those not acknowledged")
    listing.add_argument("--limit", type=int, default=50)
    export = pl.add_parser("export", help="evidence package of an acknowledged hit")
    export.add_argument("hit", type=int, metavar="HIT", help="the hit's id (occhio plates hits)")
    export.add_argument("--out", required=True, type=Path, metavar="FOLDER")
    export.add_argument("--reason", required=True)
    export.add_argument("--protocol", required=True, help="protocol or complaint number")
    export.add_argument("--operator", default="", help="who exports (default: the user)")
    export.add_argument("--site", metavar="FILE", help="site file (default: the configured one)")
    for parser in (listing, export):
        parser.add_argument("--json", action="store_true", help="print JSON")


def _print(args: argparse.Namespace, data: object, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str) if args.json else text)


def list_hits(storage: PlateStorage, args: argparse.Namespace) -> int:
    """Print the latest hits."""
    rows = hits(storage.transits, open_only=args.open, limit=max(1, args.limit))
    data = [
        {
            "id": r.id,
            "at": r.at,
            "camera": r.camera,
            "plate": r.plate,
            "listed": r.listed_plate,
            "list": r.list_name,
            "how": r.how,
            "outcome": r.outcome,
            "operator": r.operator,
        }
        for r in rows
    ]
    lines = [
        f"{r.id:>6}  {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(r.at))}  "
        f"{r.camera}  {r.plate} -> {r.listed_plate} ({r.list_name})  "
        f"{r.outcome or 'da confermare'}"
        for r in rows
    ]
    _print(args, data, "\n".join(lines) or "nessuna segnalazione")
    return 0 if rows else EXIT_REFUSED


def export_hit(
    storage: PlateStorage, site: SiteConfig, key_path: Path, args: argparse.Namespace
) -> int:
    """Write the evidence package of one acknowledged hit."""
    from app.config.stationfiles import audit_log

    request = HitExportRequest(
        args.hit, args.out, args.operator or getpass.getuser(), args.reason, args.protocol
    )
    try:
        key = StationKey.load_or_create(key_path)
        files = HitExporter(storage.transits, storage.images, site, key, audit_log()).export(
            request
        )
    except (HitExportError, StationKeyError) as exc:
        print(f"occhio: esportazione non eseguita: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    text = f"Segnalazione {args.hit} esportata in {args.out}: " + ", ".join(files)
    _print(args, {"folder": str(args.out), "files": files}, text)
    return 0
