"""A small TOML writer for the files Occhio itself writes.

The standard library reads TOML (``tomllib``) but cannot write it. Our files
use only tables, arrays of tables and scalar values, so a writer for that
subset is short and keeps the project free of another dependency.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

_BARE_KEY_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def dumps(data: Mapping[str, Any]) -> str:
    """Serialise ``data`` (nested dicts, lists of dicts, scalars) as TOML text.

    Raises:
        TypeError: a value has a type TOML cannot hold (None, objects).
    """
    lines: list[str] = []
    _table(lines, (), data)
    return "\n".join(lines).strip("\n") + "\n"


def _table(lines: list[str], prefix: tuple[str, ...], data: Mapping[str, Any]) -> None:
    # Scalars first: TOML puts a table's own keys before its sub-tables.
    subtables = []
    for key, value in data.items():
        if isinstance(value, Mapping) or _is_table_array(value):
            subtables.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in subtables:
        path = (*prefix, key)
        if isinstance(value, Mapping):
            lines += ["", f"[{'.'.join(_key(k) for k in path)}]"]
            _table(lines, path, value)
        else:
            for item in value:
                lines += ["", f"[[{'.'.join(_key(k) for k in path)}]]"]
                _table(lines, path, item)


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _key(key: str) -> str:
    if key and set(key) <= _BARE_KEY_CHARS:
        return key
    return _string(key)


def _string(text: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes, except that
    # JSON may emit \u escapes for lone surrogates, which TOML rejects.
    return json.dumps(text, ensure_ascii=False)


def _float(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
