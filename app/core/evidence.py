"""The evidence package: what goes in the folder and how each file is written.

```
clip.mp4            the recorder's bitstream remuxed into fragmented MP4, no re-encode
frames.csv          per frame: capture time (UTC), key frame, size and SHA-256 of the sample
manifest.json       camera, device, ranges, gaps, clock, operator, reason, protocol, files
manifest.json.sig   Ed25519 signature of manifest.json (64 raw bytes)
pubkey.pem          the station's public key
LEGGIMI.txt         how to verify with sha256sum, openssl and ffprobe (Italian)
SHA256SUMS          sha256sum -c input for every file above
INCOMPLETO.txt      present while the export runs, and kept when it did not finish
```

Other kinds of package (``manifest["kind"]``, e.g. a plate hit:
``app.core.evidence_plate``) have their own content files in place of
clip.mp4 and frames.csv, and the same manifest, signature, key, LEGGIMI
and sums.

A frame's size and SHA-256 are those of the MP4 sample exactly as stored:
the NAL units the recorder sent, each preceded by its 4-byte length, which
is what ``ffmpeg -i clip.mp4 -map 0:v -c copy -f framehash -hash sha256 -``
prints for each packet.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from app.core.evidence_sign import StationKey
from app.core.evidence_text import incomplete_text, leggimi

CLIP, FRAMES, MANIFEST = "clip.mp4", "frames.csv", "manifest.json"
SIGNATURE, PUBKEY, README, SUMS = "manifest.json.sig", "pubkey.pem", "LEGGIMI.txt", "SHA256SUMS"
INCOMPLETE = "INCOMPLETO.txt"
FORMAT = "occhio-evidence/1"
FRAMES_HEADER = "index,capture_time_utc,key_frame,size,sha256\n"
PROCESSING = "remux, no re-encode"


def occhio_version() -> str:
    """The installed version of Occhio (for the manifest)."""
    try:
        return importlib.metadata.version("occhio")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


def file_digest(path: Path) -> tuple[int, str]:
    """Size and SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def utc_micro(t: float) -> str:
    """A capture time as ISO 8601 UTC with microseconds (what frames.csv holds)."""
    import datetime as dt

    stamp = dt.datetime.fromtimestamp(round(t, 6), dt.UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class FramesCsv:
    """frames.csv written row by row and flushed every second of video or so."""

    FLUSH_EVERY = 25

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[str] = path.open("w", encoding="utf-8", newline="")
        self._fh.write(FRAMES_HEADER)
        self.rows = 0

    def add(self, capture_time: float, key: bool, size: int, sha256: str) -> None:
        """One frame's row."""
        self._fh.write(f"{self.rows},{utc_micro(capture_time)},{int(key)},{size},{sha256}\n")
        self.rows += 1
        if self.rows % self.FLUSH_EVERY == 0:
            self._fh.flush()

    def close(self) -> None:
        """Flush to disk and close."""
        if not self._fh.closed:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()


def _write(path: Path, data: bytes) -> None:
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def mark_incomplete(folder: Path, reason: str) -> None:
    """(Re)write the marker that says the package is not complete, and why."""
    _write(folder / INCOMPLETE, incomplete_text(reason).encode())


def seal(
    folder: Path,
    manifest: dict[str, Any],
    key: StationKey,
    content: Sequence[str] = (CLIP, FRAMES),
    readme: Callable[[dict[str, Any], str], str] = leggimi,
) -> list[str]:
    """Write manifest, signature, public key, LEGGIMI and SHA256SUMS; returns the file names.

    ``content`` names the package's own files (a video package's clip.mp4
    and frames.csv, by default), which ``manifest["files"]`` must already
    describe; ``readme`` writes its LEGGIMI.txt. The incomplete marker is
    removed only when the manifest says complete.
    """
    manifest = {**manifest, "format": FORMAT}
    manifest.setdefault("station", {})["key_fingerprint_sha256"] = key.fingerprint()
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    _write(folder / MANIFEST, text.encode())
    _write(folder / SIGNATURE, key.sign(text.encode()))
    _write(folder / PUBKEY, key.public_pem())
    _write(folder / README, readme(manifest, key.fingerprint()).encode())
    names = [*content, MANIFEST, SIGNATURE, PUBKEY, README]
    if not manifest.get("complete"):
        names.append(INCOMPLETE)
    present = [n for n in names if (folder / n).exists()]
    _write(folder / SUMS, sums(folder, present).encode())
    if manifest.get("complete"):
        (folder / INCOMPLETE).unlink(missing_ok=True)
    return [*present, SUMS]


def sums(folder: Path, names: Iterable[str]) -> str:
    """SHA256SUMS text (``sha256sum`` format: hash, two spaces, name)."""
    return "".join(f"{file_digest(folder / n)[1]}  {n}\n" for n in names)


def describe_files(folder: Path, names: Iterable[str]) -> dict[str, dict[str, object]]:
    """``{"clip.mp4": {"size": N, "sha256": H}, ...}`` for the manifest."""
    out: dict[str, dict[str, object]] = {}
    for name in names:
        size, digest = file_digest(folder / name)
        out[name] = {"size": size, "sha256": digest}
    return out
