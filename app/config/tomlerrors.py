"""Helpers shared by the TOML loaders: typed field reading with key paths.

``Fields`` wraps one TOML table and reads values of an expected type,
raising a caller-chosen exception that names the key path (for example
``cameras[3].number``) and what is wrong, so every loader reports problems the
same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

T = TypeVar("T")

_TYPE_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}


def type_name(value: Any) -> str:
    """How a TOML value's type is called in messages."""
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "a table",
    }.get(type(value), type(value).__name__)


class Fields:
    """Typed access to one table, with errors that name ``prefix.key``."""

    def __init__(
        self, table: Mapping[str, Any], prefix: str, error: Callable[[str, str], Exception]
    ) -> None:
        self.table = table
        self.prefix = prefix
        self._error = error
        self.used: set[str] = set()

    @property
    def fail_factory(self) -> Callable[[str, str], Exception]:
        """The error maker, for the ``Fields`` of a table inside this one."""
        return self._error

    def path(self, key: str) -> str:
        """The dotted key path of ``key`` in this table."""
        return f"{self.prefix}.{key}" if self.prefix else key

    def fail(self, key: str, message: str) -> Exception:
        """The exception for a problem with ``key`` (to raise)."""
        return self._error(self.path(key), message)

    def get(self, key: str, kind: type[T], default: T | None = None, required: bool = False) -> T:
        """The value of ``key`` checked against ``kind`` (ints accepted as floats)."""
        self.used.add(key)
        if key not in self.table:
            if required or default is None:
                raise self.fail(key, "missing key")
            return default
        value = self.table[key]
        if kind is float and type(value) is int:
            value = float(value)
        if type(value) is not kind:
            expected = _TYPE_NAMES.get(kind, kind.__name__)
            raise self.fail(key, f"expected {expected}, got {type_name(value)}")
        return value

    def optional(self, key: str, kind: type[T]) -> T | None:
        """Like ``get`` but None when the key is absent."""
        if key not in self.table:
            self.used.add(key)
            return None
        return self.get(key, kind, required=True)

    def check_unknown(self) -> None:
        """Reject keys nobody read: they are usually typos."""
        for key in self.table:
            if key not in self.used:
                raise self.fail(key, "unknown key")
