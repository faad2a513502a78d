"""Evidence package files: signature, sums and verification without a recorder."""

from __future__ import annotations

import json
from pathlib import Path

from app.core import evidence as ev
from app.core.evidence_sign import StationKey, verify_signature
from app.core.evidence_verify import verify_folder


def package(tmp_path: Path) -> tuple[Path, StationKey]:
    folder = tmp_path / "pkg"
    folder.mkdir()
    ev.mark_incomplete(folder, "in corso")
    (folder / ev.CLIP).write_bytes(b"not really a clip")
    frames = ev.FramesCsv(folder / ev.FRAMES)
    frames.add(1_775_000_000.04, True, 17, "ab" * 32)
    frames.close()
    key = StationKey.load_or_create(tmp_path / "conf" / "key.pem")
    manifest = {"complete": True, "video": {"frames": 1}}
    manifest["files"] = ev.describe_files(folder, [ev.CLIP, ev.FRAMES])
    ev.seal(folder, manifest, key)
    return folder, key


def test_key_is_made_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "key.pem"
    first = StationKey.load_or_create(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert StationKey.load_or_create(path).fingerprint() == first.fingerprint()
    ok, detail = verify_signature(first.public_pem(), b"x", first.sign(b"x"))
    assert ok and detail == first.fingerprint()
    assert verify_signature(first.public_pem(), b"y", first.sign(b"x"))[0] is False


def test_sealed_package_verifies(tmp_path: Path) -> None:
    folder, key = package(tmp_path)
    assert not (folder / ev.INCOMPLETE).exists()
    report = verify_folder(folder)
    assert report.ok, report.problems
    assert report.rows[0].time == "2026-03-31T23:33:20.040000Z"
    manifest = json.loads((folder / ev.MANIFEST).read_text())
    assert manifest["station"]["key_fingerprint_sha256"] == key.fingerprint()


def test_each_alteration_is_named(tmp_path: Path) -> None:
    folder, _ = package(tmp_path)
    (folder / ev.FRAMES).write_text(ev.FRAMES_HEADER + "0,bad\n")
    (folder / ev.PUBKEY).write_bytes(StationKey.load_or_create(tmp_path / "other.pem").public_pem())
    (folder / ev.CLIP).unlink()
    problems = verify_folder(folder).problems
    assert "frames.csv: riga 2 non valida" in problems
    assert any(p.startswith("frames.csv: SHA-256 diverso da SHA256SUMS") for p in problems)
    assert any(p.startswith("manifest.json.sig: la firma") for p in problems)
    assert "clip.mp4: elencato in SHA256SUMS ma manca" in problems
    assert "frames.csv: 0 righe, il manifesto indica 1" in problems


def test_incomplete_package_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    folder.mkdir()
    ev.mark_incomplete(folder, "disco pieno")
    key = StationKey.load_or_create(tmp_path / "key.pem")
    ev.seal(folder, {"complete": False, "incomplete_reason": "disco pieno"}, key)
    problems = verify_folder(folder).problems
    assert "esportazione incompleta: disco pieno" in problems
    assert any(p.startswith("INCOMPLETO.txt presente") for p in problems)
    assert "disco pieno" in (folder / ev.INCOMPLETE).read_text()
