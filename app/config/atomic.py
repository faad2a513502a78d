"""Atomic file writes: a reader sees the old file or the new one, never half.

The data goes to a temporary file in the target's own folder (so that
``os.replace`` is a rename on one file system), is flushed and fsynced, and
then replaces the target. On any error the temporary file is removed and the
target is left as it was.

A symlink is written through: the file it points to is replaced, the link
stays a link (a site file shared by several stations through a link is
updated for all of them). An existing file keeps its permissions (and its
owner and group where the platform allows); a new file gets the usual
permissions for the user's umask, unless the caller forces a mode (secrets:
0600). Files that people also edit can keep a few previous versions beside
them (``site.toml.1`` the newest, then ``.2``...), so a wrong save can be
undone by hand.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
from pathlib import Path

_NEW_FILE_MODE = 0o666
"""Asked of ``open`` for a new file: the umask takes off what the user's policy says."""


def write_bytes(
    path: str | os.PathLike[str], data: bytes, *, mode: int | None = None, backups: int = 0
) -> Path:
    """Write ``data`` to ``path`` atomically, creating parent folders.

    Args:
        path: the file, or a symlink to it (the link's target is written).
        data: the new content.
        mode: permissions to force (``0o600`` for secrets); None keeps an
            existing file's mode and gives a new file the umask's default.
        backups: how many previous versions to keep as ``NAME.1``..``NAME.N``
            (rotated only when the content changes).

    Returns:
        The file actually written (the symlink's target).

    Raises:
        OSError: the folder cannot be created or written; ``path`` is untouched.
    """
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    old = _stat(target)
    fd, tmp_name = _open_temp(target, 0o600 if mode is not None else _NEW_FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        _copy_permissions(tmp_name, old, mode)
        if backups > 0 and old is not None and _changed(target, data):
            rotate_backups(target, backups)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(target.parent)
    return target


def write_text(
    path: str | os.PathLike[str],
    text: str,
    encoding: str = "utf-8",
    *,
    mode: int | None = None,
    backups: int = 0,
) -> Path:
    """Write ``text`` to ``path`` atomically (UTF-8 by default, no newline translation).

    ``mode`` and ``backups`` as for ``write_bytes``.
    """
    return write_bytes(path, text.encode(encoding), mode=mode, backups=backups)


def backup_path(path: Path, generation: int) -> Path:
    """Where version ``generation`` before the current one of ``path`` is kept."""
    return path.with_name(f"{path.name}.{generation}")


def rotate_backups(target: Path, generations: int) -> None:
    """Shift ``NAME.1``.. one place up (the oldest goes) and keep ``target`` as ``NAME.1``.

    The current file becomes ``NAME.1`` through a hard link where the file
    system has them (same bytes and mode, nothing copied), else a copy.
    """
    for generation in range(generations - 1, 0, -1):
        older = backup_path(target, generation)
        if older.exists():
            os.replace(older, backup_path(target, generation + 1))
    newest = backup_path(target, 1)
    with contextlib.suppress(FileNotFoundError):
        newest.unlink()
    try:
        os.link(target, newest)
    except OSError:
        shutil.copy2(target, newest)


def _stat(target: Path) -> os.stat_result | None:
    try:
        return target.stat()
    except FileNotFoundError:
        return None


def _open_temp(target: Path, permissions: int) -> tuple[int, str]:
    """A new, exclusively created temporary file beside ``target``.

    ``tempfile.mkstemp`` always makes 0600 files; opening with 0666 lets the
    umask decide, as for any file the user creates.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        name = str(target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(name, flags, permissions), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")


def _copy_permissions(tmp_name: str, old: os.stat_result | None, mode: int | None) -> None:
    if mode is not None:
        os.chmod(tmp_name, mode)
        return
    if old is None:
        return
    os.chmod(tmp_name, stat.S_IMODE(old.st_mode))
    if hasattr(os, "chown"):
        # Only root (or a member of the group) may do this; others keep their own.
        with contextlib.suppress(OSError):
            os.chown(tmp_name, old.st_uid, old.st_gid)


def _changed(target: Path, data: bytes) -> bool:
    try:
        return target.read_bytes() != data
    except OSError:
        return True


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on folders; the data is already safe
    finally:
        os.close(fd)
