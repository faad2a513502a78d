"""An evidence package as one zip file: made beside the folder, and read back for checking.

A magistrate's office often wants one file to archive or attach. The zip
holds the package's files exactly as they are in the folder, under the
folder's name (``<cartella>/clip.mp4``...), so unpacking it with any tool
gives back the folder that ``sha256sum -c`` and ``openssl`` check. The clip
is stored as it is (it does not compress); the text files are deflated.

A zip handed in for checking comes from outside: before anything is
unpacked, its members are checked (only the package's own file names, one
folder level at most, no duplicates, no links) and every member is copied
within a size bound, so a crafted zip can neither write outside the
temporary folder nor fill the disk. What does not fit becomes a problem in
the report, never an exception.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from app.core import evidence as ev
from app.core.evidence_verify import MAX_FRAMES_CSV, MAX_SMALL_FILE

PACKAGE_FILES = (
    ev.CLIP,
    ev.FRAMES,
    ev.MANIFEST,
    ev.SIGNATURE,
    ev.PUBKEY,
    ev.README,
    ev.SUMS,
    ev.INCOMPLETE,
)
MAX_CLIP = 64 * 1024**3  # a day of a 6 Mbit/s camera fits with room to spare
MAX_MEMBERS = 32
#: What the standard library raises on a damaged or unusual zip: a broken
#: structure, broken deflate data, a CRC or size that does not match (bad
#: data, short reads), an encrypted member (RuntimeError), a version or a
#: compression it does not know (NotImplementedError).
DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)
_CHUNK = 1024 * 1024


def limit_of(name: str) -> int:
    """The largest size a package file may have."""
    return MAX_CLIP if name == ev.CLIP else MAX_FRAMES_CSV if name == ev.FRAMES else MAX_SMALL_FILE


def zip_path(folder: Path) -> Path:
    """Where the zip of ``folder`` goes: beside it, ``<cartella>.zip``."""
    return folder.with_name(folder.name + ".zip")


def zip_package(folder: Path) -> Path:
    """Write the package in ``folder`` as ``<cartella>.zip`` beside it; returns its path.

    Written to a temporary name and renamed when complete, so a zip that
    exists is a whole one.
    """
    target = zip_path(folder)
    partial = target.with_name(f".{target.name}.part")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in PACKAGE_FILES:
                path = folder / name
                if path.is_file():
                    method = zipfile.ZIP_STORED if name == ev.CLIP else zipfile.ZIP_DEFLATED
                    archive.write(path, f"{folder.name}/{name}", compress_type=method)
        with partial.open("rb") as done:
            os.fsync(done.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def unpack(source: Path, into: Path) -> list[str]:
    """Copy the package files of the zip ``source`` into the folder ``into``.

    Returns the problems found (in Italian, as the verification report
    words them); members that are not package files are left out and named.
    """
    try:
        archive = zipfile.ZipFile(source)
    except DAMAGE as err:
        return [f"{source.name}: non e' un file zip leggibile ({err})"]
    problems: list[str] = []
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            return [f"{source.name}: {len(members)} voci, un pacchetto ne ha al massimo 8"]
        taken: set[str] = set()
        for info in members:
            problem = _member_problem(info, taken)
            if problem:
                problems.append(f"{source.name}: {problem}")
                continue
            if info.is_dir():
                continue
            name = PurePosixPath(info.filename).name
            taken.add(name)
            problem = _copy(archive, info, into / name, limit_of(name))
            if problem:
                problems.append(f"{source.name}: {name}: {problem}")
    return problems


def _member_problem(info: zipfile.ZipInfo, taken: set[str]) -> str:
    """Why a member cannot be unpacked ("" when it can)."""
    if not info.filename:  # ZipInfo.is_dir() itself fails on an empty name
        return "voce senza nome"
    shown = info.filename[:80]
    parts = PurePosixPath(info.filename).parts
    name = parts[-1] if parts else ""
    checks = (
        (
            info.filename.startswith(("/", "\\")) or ".." in parts or "\\" in info.filename,
            f"percorso non ammesso ({shown})",
        ),
        (stat.S_ISLNK(info.external_attr >> 16), f"collegamento simbolico non ammesso ({shown})"),
        (info.is_dir() and len(parts) != 1, f"cartella inattesa ({shown})"),
        (
            not info.is_dir() and (len(parts) > 2 or name not in PACKAGE_FILES),
            f"file estraneo al pacchetto ({shown})",
        ),
        (not info.is_dir() and name in taken, f"{name} presente due volte"),
        (info.file_size > limit_of(name), f"{name}: troppo grande ({info.file_size} byte)"),
    )
    return next((problem for failed, problem in checks if failed), "")


def _copy(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, limit: int) -> str:
    """Copy one member, reading at most ``limit`` bytes; the problem, or ""."""
    written = 0
    try:
        with archive.open(info) as member, target.open("wb") as out:
            while chunk := member.read(_CHUNK):
                written += len(chunk)
                if written > limit:
                    return "piu' grande di quanto dichiarato"
                out.write(chunk)
    except DAMAGE as err:
        return f"dati danneggiati ({err})"
    return ""
