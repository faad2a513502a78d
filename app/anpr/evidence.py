"""Evidence package of an acknowledged plate hit, signed like a recorder export.

``export_hit`` writes the read, the hit with its list entry and its
acknowledgement, and the pictures exactly as the camera sent them into a
new folder, seals it with the station key (``app.core.evidence``: manifest,
Ed25519 signature, public key, LEGGIMI.txt, SHA256SUMS) and writes the
disclosure to the consultation log. ``occhio verify`` checks the result.

Only an acknowledged hit is exported: the package states what the operator
found. A reason and a protocol number are required (D.Lgs. 51/2018 asks
for them on every disclosure). While it is written the folder holds
INCOMPLETO.txt; a failure leaves it there, with the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.anpr.images import ImageFolder
from app.anpr.transit_hits import HitRow, hit
from app.anpr.transits import StoredRead, TransitStore
from app.core import evidence as ev
from app.core import evidence_plate as ep
from app.core.audit import AuditEntry, AuditLog
from app.core.evidence_sign import StationKey
from app.core.model import SiteConfig

logger = logging.getLogger("app.anpr")


class HitExportError(Exception):
    """The hit cannot be exported (Italian words for the operator)."""


@dataclass(frozen=True)
class HitExportRequest:
    """What to export, where, by whom and why."""

    hit_id: int
    folder: Path
    operator: str
    reason: str
    protocol: str


def _utc(t: float) -> str:
    stamp = dt.datetime.fromtimestamp(round(t, 3), dt.UTC)
    return stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _read_json(stored: StoredRead, pictures: dict[str, str]) -> dict[str, Any]:
    r = stored.read
    return {
        "id": stored.id,
        "camera": r.camera_id,
        "site": stored.site,
        "captured_utc": _utc(r.captured_at),
        "captured_unix": r.captured_at,
        "plate": r.plate,
        "plate_as_sent": r.plate_text,
        "country": r.country,
        "confidence": r.confidence,
        "direction": r.direction.value,
        "lane": r.lane,
        "speed_kmh": r.speed_kmh,
        "vehicle": r.vehicle_type,
        "dialect": r.source,
        "pictures": pictures,
    }


def _hit_json(row: HitRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "read_id": row.read_id,
        "at_utc": _utc(row.at),
        "list": row.list_name,
        "category": row.category,
        "priority": row.priority,
        "entry": {"plate": row.listed_plate, "note": row.note},
        "how": row.how,
        "escalated_utc": _utc(row.escalated_at) if row.escalated_at else None,
        "acknowledgement": {
            "operator": row.operator,
            "at_utc": _utc(row.ack_at) if row.ack_at else None,
            "outcome": row.outcome,
            "note": row.ack_note,
        },
    }


def _write_json(path: Path, data: dict[str, Any]) -> None:
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


class HitExporter:
    """Exports acknowledged hits of one transit store, signed with the station key."""

    def __init__(
        self,
        store: TransitStore,
        images: ImageFolder,
        site: SiteConfig,
        key: StationKey,
        audit: AuditLog | None = None,
    ) -> None:
        self.store, self.images, self.site = store, images, site
        self.key, self.audit = key, audit

    def export(self, request: HitExportRequest) -> list[str]:
        """Write and seal the package; returns its files.

        Raises:
            HitExportError: the hit is unknown or open, a reason or protocol
                is missing, the folder is not empty, or it cannot be written.
        """
        row, stored = self._hit(request)
        folder = request.folder
        if folder.exists() and any(folder.iterdir()):
            raise HitExportError(f"la cartella {folder} non e' vuota")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            ev.mark_incomplete(folder, "esportazione in corso")
            pictures = self._copy_pictures(stored, folder)
            _write_json(folder / ep.READ, _read_json(stored, pictures))
            _write_json(folder / ep.HIT, _hit_json(row))
            manifest = self._manifest(request, row, stored)
            manifest["files"] = ev.describe_files(folder, [*ep.CONTENT, *pictures.values()])
            files = ev.seal(
                folder, manifest, self.key, [*ep.CONTENT, *pictures.values()], ep.leggimi_plate
            )
        except OSError as err:
            why = f"scrittura non riuscita: {err.strerror or err}"
            _try_mark(folder, why)
            raise HitExportError(why) from err
        self._log(request, row, stored, manifest)
        logger.info("hit %d exported to %s by %s", row.id, folder, request.operator)
        return files

    def _hit(self, request: HitExportRequest) -> tuple[HitRow, StoredRead]:
        if not request.reason.strip() or not request.protocol.strip():
            raise HitExportError("motivo e numero di protocollo sono obbligatori")
        row = hit(self.store, request.hit_id)
        if row is None:
            raise HitExportError(f"segnalazione {request.hit_id} inesistente")
        if row.ack_at is None:
            raise HitExportError("la segnalazione non e' ancora stata confermata")
        stored = self.store.read(row.read_id)
        if stored is None:
            raise HitExportError(f"la lettura della segnalazione {row.id} non c'e' piu'")
        return row, stored

    def _copy_pictures(self, stored: StoredRead, folder: Path) -> dict[str, str]:
        """The read's pictures copied byte for byte; {kind: file name}."""
        out = {}
        images = (("plate", ep.PLATE_PICTURE, stored.read.plate_image),
                  ("vehicle", ep.VEHICLE_PICTURE, stored.read.vehicle_image))  # fmt: skip
        for kind, name, image in images:
            source = self.images.path(image.path) if image is not None else None
            if source is not None and source.is_file():
                shutil.copyfile(source, folder / name)
                out[kind] = name
        return out

    def _manifest(
        self, request: HitExportRequest, row: HitRow, stored: StoredRead
    ) -> dict[str, Any]:
        camera = self.site.camera(stored.read.camera_id)
        place = self.site.site(camera.site_id) if camera is not None else None
        return {
            "kind": ep.KIND,
            "complete": True,
            "created_utc": _utc(dt.datetime.now(dt.UTC).timestamp()),
            "occhio_version": ev.occhio_version(),
            "camera": {
                "id": stored.read.camera_id,
                "name": camera.name if camera is not None else "",
                "number": camera.number if camera is not None else None,
                "site_name": place.name if place is not None else stored.site,
            },
            "captured_utc": _utc(stored.read.captured_at),
            "plate": {
                "read": stored.read.plate,
                "as_sent": stored.read.plate_text,
                "listed": row.listed_plate,
            },
            "hit": {
                "id": row.id,
                "list": row.list_name,
                "how": row.how,
                "outcome": row.outcome,
                "operator": row.operator,
            },
            "operator": request.operator,
            "reason": request.reason.strip(),
            "protocol": request.protocol.strip(),
        }

    def _log(
        self, request: HitExportRequest, row: HitRow, stored: StoredRead, manifest: dict[str, Any]
    ) -> None:
        """The disclosure in the consultation log (the package stands even if this fails)."""
        if self.audit is None:
            return
        at = _utc(stored.read.captured_at)
        files = [{"name": n, "sha256": str(i["sha256"])} for n, i in manifest["files"].items()]
        entry = AuditEntry(
            "plate hit export", request.operator, stored.read.camera_id, at, at,
            request.reason.strip(), request.protocol.strip(), files,
            detail=f"{request.folder}; hit {row.id}, plate {stored.read.plate}",
        )  # fmt: skip
        try:
            self.audit.append(entry)
        except OSError as err:
            logger.error("the consultation log could not be written: %s", err)


def _try_mark(folder: Path, why: str) -> None:
    try:
        ev.mark_incomplete(folder, why)
    except OSError:
        logger.exception("incomplete marker not written in %s", folder)
