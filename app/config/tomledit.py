"""Saving TOML files that people also edit, keeping what they wrote.

An installer's ``site.toml`` or ``settings.toml`` has comments, an order and
blank lines of their choosing. Saving rewrites only the keys whose meaning
changed: the file is read again as a tomlkit document, the values it means
(``old``, as the loader understood them) are compared with the values to save
(``new``), and only the differences are applied to the document. Keys the
loader fills in with defaults stay absent while their value is unchanged;
tables in an array of tables are matched by their ``id`` key, so a camera
keeps its comments wherever it moves.

The previous versions are kept beside the file (``atomic.write_text``'s
``backups``), so a wrong save can be undone by hand.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Table

from app.config import atomic

logger = logging.getLogger("app.config")

BACKUPS = 3
"""Previous versions kept beside a saved file (``NAME.1`` is the newest)."""

_MISSING = object()


def read_document(path: Path) -> tomlkit.TOMLDocument | None:
    """The file at ``path`` as an editable document; None if there is no file.

    Raises:
        ValueError: the file is not UTF-8 TOML (the message names the file).
        OSError: the file cannot be read.
    """
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (UnicodeDecodeError, TOMLKitError, ValueError, RecursionError) as err:
        raise ValueError(f"{path} cannot be read as TOML: {err}") from None


def fresh_document(tree: Mapping[str, Any]) -> tomlkit.TOMLDocument:
    """A new document holding ``tree`` (tables after the plain keys, as TOML wants)."""
    doc = tomlkit.document()
    for key, value in tree.items():
        doc[key] = value
    return doc


def apply_changes(
    doc: MutableMapping[str, Any], old: Mapping[str, Any], new: Mapping[str, Any]
) -> None:
    """Make ``doc`` say ``new``, touching only what differs from ``old``.

    ``old`` is what ``doc`` meant when it was read (defaults filled in);
    ``new`` is what it must mean now. Keys absent from ``new`` are removed.
    """
    for key in [k for k in old if k not in new]:
        doc.pop(key, None)
    for key, value in new.items():
        before = old.get(key, _MISSING)
        if key in doc or before is _MISSING or not _same(before, value):
            _apply_one(doc, key, before, value)


def _apply_one(doc: MutableMapping[str, Any], key: str, before: Any, value: Any) -> None:
    current = doc.get(key)
    if isinstance(value, Mapping) and isinstance(before, Mapping):
        if isinstance(current, MutableMapping):
            apply_changes(current, before, value)
            return
    elif isinstance(current, AoT) and _tables_with_ids(value) and _tables_with_ids(before):
        _apply_table_list(current, before, value)
        return
    if key in doc:
        if not _same(before, value):
            doc[key] = value  # tomlkit keeps the line's place and its comment
    else:
        _add_key(doc, key, value)


def _add_key(doc: MutableMapping[str, Any], key: str, value: Any) -> None:
    """Add ``key`` after the table's last key, not after its trailing comments.

    tomlkit appends at the end of a table's body, which puts the new line
    after a comment the installer wrote above the next table.
    """
    container = doc.value if isinstance(doc, Table) else doc
    if isinstance(container, Container) and not isinstance(value, Mapping | list):
        body = container.body
        keys = [i for i, (k, v) in enumerate(body) if k is not None and not _is_table(v)]
        if keys and keys[-1] < len(body) - 1:
            # WORKAROUND https://github.com/python-poetry/tomlkit/issues/7
            # (no public way to insert a key at a position)
            container._insert_at(keys[-1] + 1, key, value)
            return
    doc[key] = value


def _is_table(item: Any) -> bool:
    return isinstance(item, Table | AoT)


def _apply_table_list(
    tables: AoT, old: list[Mapping[str, Any]], new: list[Mapping[str, Any]]
) -> None:
    """Match tables by ``id``: kept ones are edited in place, others added or dropped."""
    if len(tables) != len(old):  # the document and its meaning disagree: replace all
        old = [{} for _ in tables]
    by_id = {str(item["id"]): (tables[i], item) for i, item in enumerate(old) if "id" in item}
    wanted = []
    for item in new:
        found = by_id.pop(str(item["id"]), None)
        if found is None:
            table = tomlkit.item(dict(item))
            table.trivia.indent = "\n"  # a blank line before its header, like its neighbours
            wanted.append(table)
        else:
            apply_changes(found[0], found[1], item)
            wanted.append(found[0])
    if [id(t) for t in wanted] != [id(t) for t in tables]:
        while len(tables):
            tables.pop()
        for table in wanted:
            tables.append(table)


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same TOML type (``1 == True`` and ``1 == 1.0`` are not the same)."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and bool(a == b)


def _tables_with_ids(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, Mapping) and "id" in v for v in value)


def save_document(path: Path, doc: tomlkit.TOMLDocument) -> Path:
    """Write ``doc`` atomically, keeping ``BACKUPS`` previous versions; the file written."""
    text = tomlkit.dumps(doc).rstrip("\n") + "\n"  # a removed last table leaves blank lines
    return atomic.write_text(path, text, backups=BACKUPS)
