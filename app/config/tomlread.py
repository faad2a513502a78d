"""Reading TOML (and JSON) text that may be hostile or broken, without a traceback.

The parsers alone fail in ways their callers do not expect: an integer of
thousands of digits raises a plain ``ValueError`` (Python's limit on
integer-to-text conversion), arrays nested a few hundred deep raise
``RecursionError``, and ``tomllib`` spends time and memory that grow with the
square of a dotted key's length (``a.a.a...`` a hundred thousand times takes
gigabytes). ``parse_toml`` turns all of these into ``TomlReadError`` with the
key (or line) and what is wrong, so every loader reports them like any other
bad value: file, key, problem.
"""

from __future__ import annotations

import re
import reprlib
import sys
import tomllib
from collections.abc import Callable, Iterator
from typing import Any

MAX_DEPTH = 32
"""Deepest nesting of tables and arrays accepted (Occhio's own files use 4)."""

_DOTS_FOR_TOMLKIT = 100
"""A line with more dots than this is parsed by tomlkit, which stops at 100 levels."""

_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_PLACEHOLDER = "occhio-integer-too-long"
_INTEGER = re.compile(r"[+-]?[0-9][0-9_]*")

_shown = reprlib.Repr()
_shown.maxstring = 60
_shown.maxlong = 40
_shown.maxlevel = 2


class TomlReadError(ValueError):
    """Text that cannot be used: ``key`` (may be empty) and a one-line ``message``."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(key, message)
        self.key = key
        self.message = message


def shown(value: object) -> str:
    """``repr(value)`` cut to a few dozen characters, for messages about file contents."""
    try:
        return _shown.repr(value)
    except ValueError:  # an integer too long to turn into text at all
        return "<integer too long>"


def describe_toml_error(err: tomllib.TOMLDecodeError) -> str:
    """A one-line message with line and column for a TOML syntax error."""
    text = str(err)
    match = _POSITION.search(text)
    if match is None:
        return f"TOML syntax error: {text}"
    reason = _POSITION.sub("", text).strip()
    return f"TOML syntax error at line {match[1]}, column {match[2]}: {reason}"


def parse_toml(text: str) -> dict[str, Any]:
    """The tables of TOML ``text``, checked for nesting depth.

    Raises:
        TomlReadError: syntax error (with line and column), an integer too
            long to read, or nesting deeper than ``MAX_DEPTH``.
    """
    if any(line.count(".") > _DOTS_FOR_TOMLKIT for line in text.splitlines()):
        data = _parse_with_tomlkit(text)
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise TomlReadError("", describe_toml_error(err)) from None
        except RecursionError:
            raise TomlReadError("", _nesting_message(text)) from None
        except ValueError:
            raise long_integer_error(text, tomllib.loads) from None
    check_depth(data)
    return data


def _parse_with_tomlkit(text: str) -> dict[str, Any]:
    import tomlkit
    from tomlkit.exceptions import ParseError

    def parse(source: str) -> dict[str, Any]:
        return dict(tomlkit.parse(source).unwrap())

    try:
        return parse(text)
    except ParseError as err:
        if _long_integer(text) is not None:  # tomlkit calls it an invalid number
            raise long_integer_error(text, parse) from None
        raise TomlReadError("", f"TOML syntax error: {err}") from None


def _nesting_message(text: str) -> str:
    """Where arrays or inline tables are nested too deeply (tomlkit finds the line)."""
    import tomlkit
    from tomlkit.exceptions import ParseError

    try:
        tomlkit.parse(text)
    except ParseError as err:
        return f"nested too deeply at line {err.line}, column {err.col}"
    except Exception:  # only the position is missing from the message then
        pass
    return f"nested more than {MAX_DEPTH} levels deep"


def long_integer_error(text: str, parse: Callable[[str], Any]) -> TomlReadError:
    """The error for an integer with more digits than Python converts.

    The long number is swapped for a placeholder string (valid in TOML and
    JSON alike) and the text parsed again, so that the message names the key
    holding it (``cameras[2].number``).
    """
    limit = sys.get_int_max_str_digits()
    found = _long_integer(text)
    if found is None:
        return TomlReadError("", f"an integer has more than {limit} digits")
    line = text.count("\n", 0, found.start()) + 1
    digits = sum(ch.isdigit() for ch in found[0])
    message = f"integer of {digits} digits (more than {limit}) at line {line}"
    try:
        data = parse(f'{text[: found.start()]}"{_PLACEHOLDER}"{text[found.end() :]}')
    except Exception:  # another problem further on: the line number says enough
        return TomlReadError("", message)
    key = next((path for path, value, _ in walk(data) if value == _PLACEHOLDER), "")
    return TomlReadError(key, message)


def _long_integer(text: str) -> re.Match[str] | None:
    """The first integer in ``text`` longer than Python converts (0: no limit set)."""
    limit = sys.get_int_max_str_digits()
    if limit <= 0:
        return None
    digits = (m for m in _INTEGER.finditer(text) if len(m[0]) > limit)
    return next((m for m in digits if sum(c.isdigit() for c in m[0]) > limit), None)


def walk(data: Any, limit: int = MAX_DEPTH) -> Iterator[tuple[str, Any, int]]:
    """Every (key path, value, depth) under ``data``, depth first, down to ``limit``.

    Paths read like the loaders' messages: ``cameras[2].onvif.port``.
    Iterative, so that deep data cannot exhaust the interpreter's stack.
    """
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack:
        path, value, depth = stack.pop()
        yield path, value, depth
        if depth >= limit:
            continue
        if isinstance(value, dict):
            children = [(f"{path}.{k}" if path else str(k), v) for k, v in value.items()]
        elif isinstance(value, list):
            children = [(f"{path}[{i}]", v) for i, v in enumerate(value)]
        else:
            continue
        stack.extend((p, v, depth + 1) for p, v in reversed(children))


def check_depth(data: Any, limit: int = MAX_DEPTH) -> None:
    """Raise ``TomlReadError`` naming the first key nested deeper than ``limit``."""
    for path, value, depth in walk(data, limit):
        if depth >= limit and isinstance(value, dict | list):
            raise TomlReadError(path, f"nested more than {limit} levels deep")
