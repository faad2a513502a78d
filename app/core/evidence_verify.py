"""Checking an evidence package: every file, the signature, the manifest, frames.csv.

``verify_folder`` says precisely what does not match (in Italian, for the
operator or the consultant): a file whose SHA-256 differs from SHA256SUMS or
from the manifest, a signature that does not verify, a key that is not the
one the manifest names, a frames.csv that does not add up, an incomplete
export. A plate hit's package (``app.core.evidence_plate``) has its own
content files in place of clip.mp4 and frames.csv, checked by that module.
Comparing each frame with the samples inside clip.mp4 needs a demuxer and
is done by ``app.video.export_check``, which takes the rows parsed here.

The package comes from outside (it may have been altered on purpose), so
every file is read within bounds and parse errors become problems, not
exceptions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core import evidence as ev
from app.core import evidence_plate
from app.core.evidence_sign import verify_signature

MAX_SMALL_FILE = 4 * 1024 * 1024  # manifest, signature, key, sums
MAX_FRAMES_CSV = 512 * 1024 * 1024
_SUM_LINE = re.compile(r"([0-9a-f]{64}) [ *]([^/\\\x00]{1,200})")
_ROW = re.compile(
    r"(\d{1,9}),(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z),([01]),(\d{1,10}),([0-9a-f]{64})"
)


@dataclass(frozen=True)
class FrameRow:
    """One line of frames.csv."""

    index: int
    time: str
    key: bool
    size: int
    sha256: str


@dataclass
class VerifyReport:
    """What was checked and what did not match."""

    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)
    rows: list[FrameRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.problems


def _small(path: Path, report: VerifyReport) -> bytes | None:
    try:
        if path.stat().st_size > MAX_SMALL_FILE:
            report.problems.append(f"{path.name}: file troppo grande per essere un {path.name}")
            return None
        return path.read_bytes()
    except FileNotFoundError:
        report.problems.append(f"{path.name}: manca")
    except OSError as err:
        report.problems.append(f"{path.name}: illeggibile ({err.strerror})")
    return None


def content_files(manifest: dict[str, Any]) -> list[str]:
    """The files a package of this manifest's kind holds besides the standard ones."""
    if evidence_plate.is_plate_package(manifest):
        return evidence_plate.content_files(manifest)
    return [ev.CLIP, ev.FRAMES]


def _check_sums(folder: Path, report: VerifyReport) -> None:
    data = _small(folder / ev.SUMS, report)
    if data is None:
        return
    listed: set[str] = set()
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        m = _SUM_LINE.fullmatch(line.strip())
        if m is None:
            report.problems.append(f"{ev.SUMS}: riga {number} non leggibile")
            continue
        expected, name = m.groups()
        listed.add(name)
        try:
            _, actual = ev.file_digest(folder / name)
        except OSError:
            report.problems.append(f"{name}: elencato in {ev.SUMS} ma manca")
            continue
        if actual != expected:
            report.problems.append(
                f"{name}: SHA-256 diverso da {ev.SUMS} (atteso {expected}, calcolato {actual})"
            )
    for name in (*content_files(report.manifest), ev.MANIFEST, ev.SIGNATURE, ev.PUBKEY):
        if name not in listed:
            report.problems.append(f"{name}: non elencato in {ev.SUMS}")
    report.checked.append(f"{ev.SUMS}: {len(listed)} file")


def _check_signature(folder: Path, manifest: bytes, report: VerifyReport) -> None:
    signature = _small(folder / ev.SIGNATURE, report)
    key = _small(folder / ev.PUBKEY, report)
    if signature is None or key is None:
        return
    ok, detail = verify_signature(key, manifest, signature)
    if not ok:
        report.problems.append(
            f"{ev.SIGNATURE}: la firma di {ev.MANIFEST} non e' valida ({detail})"
        )
        return
    report.checked.append(f"firma Ed25519 valida, chiave {detail}")
    named = report.manifest.get("station", {}).get("key_fingerprint_sha256")
    if named != detail:
        report.problems.append(f"{ev.PUBKEY}: impronta {detail}, ma {ev.MANIFEST} indica {named}")


def _check_manifest_files(folder: Path, report: VerifyReport) -> None:
    files = report.manifest.get("files")
    needed = content_files(report.manifest)
    if not isinstance(files, dict) or any(name not in files for name in needed):
        report.problems.append(f"{ev.MANIFEST}: non descrive {' e '.join(needed)}")
        return
    for name, info in files.items():
        if not isinstance(info, dict) or "/" in str(name):
            report.problems.append(f"{ev.MANIFEST}: voce di file non valida ({str(name)[:40]})")
            continue
        try:
            size, digest = ev.file_digest(folder / str(name))
        except OSError:
            report.problems.append(f"{name}: descritto nel manifesto ma manca")
            continue
        if size != info.get("size"):
            report.problems.append(
                f"{name}: {size} byte, il manifesto ne indica {info.get('size')}"
            )
        if digest != info.get("sha256"):
            report.problems.append(f"{name}: SHA-256 diverso da quello del manifesto")


def read_frames_csv(path: Path, report: VerifyReport) -> list[FrameRow]:
    """The rows of frames.csv; malformed lines are reported by number."""
    try:
        if path.stat().st_size > MAX_FRAMES_CSV:
            report.problems.append(f"{path.name}: file troppo grande")
            return []
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []  # already reported as missing
    if not lines or lines[0] + "\n" != ev.FRAMES_HEADER:
        report.problems.append(f"{path.name}: intestazione diversa da quella attesa")
    rows: list[FrameRow] = []
    for number, line in enumerate(lines[1:], 2):
        m = _ROW.fullmatch(line)
        if m is None:
            report.problems.append(f"{path.name}: riga {number} non valida")
            continue
        index, when, key, size, digest = m.groups()
        if int(index) != len(rows):
            report.problems.append(
                f"{path.name}: riga {number}: indice {index}, atteso {len(rows)}"
            )
        if rows and when < rows[-1].time:
            report.problems.append(f"{path.name}: riga {number}: ora precedente alla riga prima")
        rows.append(FrameRow(int(index), when, key == "1", int(size), digest))
    return rows


def _check_frames(folder: Path, report: VerifyReport) -> None:
    """A video package's frames.csv, and its row count against the manifest."""
    report.rows = read_frames_csv(folder / ev.FRAMES, report)
    frames = report.manifest.get("video", {}).get("frames") if report.manifest else None
    if frames is not None and frames != len(report.rows):
        report.problems.append(
            f"{ev.FRAMES}: {len(report.rows)} righe, il manifesto indica {frames}"
        )


def verify_folder(folder: Path) -> VerifyReport:
    """Check a package folder; the report lists what was checked and what failed."""
    report = VerifyReport()
    if not folder.is_dir():
        report.problems.append(f"{folder}: non e' una cartella")
        return report
    raw = _small(folder / ev.MANIFEST, report)
    if raw is not None:
        try:
            manifest = json.loads(raw)
            report.manifest = manifest if isinstance(manifest, dict) else {}
        except ValueError as err:
            report.problems.append(f"{ev.MANIFEST}: non e' JSON valido ({err})")
    _check_sums(folder, report)  # after the manifest: its kind says which files must be there
    if raw is not None:
        _check_signature(folder, raw, report)
        _check_manifest_files(folder, report)
    if evidence_plate.is_plate_package(report.manifest):
        checked, problems = evidence_plate.check_plate_package(folder, report.manifest)
        report.checked += checked
        report.problems += problems
    else:
        _check_frames(folder, report)
    if report.manifest and not report.manifest.get("complete"):
        reason = report.manifest.get("incomplete_reason", "")
        report.problems.append(f"esportazione incompleta: {reason}")
    if (folder / ev.INCOMPLETE).exists():
        report.problems.append(f"{ev.INCOMPLETE} presente: l'esportazione non si e' conclusa")
    return report
