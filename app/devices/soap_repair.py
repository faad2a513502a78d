"""Answers from devices that use ONVIF's usual prefixes without declaring them.

Some devices write ``<tptz:GetStatusResponse>`` or ``<ptz:PTZStatus>`` in an
envelope that declares only ``s``, ``tt`` and ``trt``: invalid XML
namespaces, but common in small firmware built from text templates. The XML
parser keeps such an element with the prefix inside its name and no
namespace, and zeep then fails on it. ``UndeclaredPrefixes`` is a zeep
plugin that gives those elements the namespace the prefix stands for in the
ONVIF specifications, before zeep reads the answer. Only the well-known
prefixes below are bound; anything else is left as it came. Attributes keep
their names: those Occhio reads (token, x, y, space) carry no prefix.
"""

from __future__ import annotations

import logging
from typing import Any

from zeep import Plugin

logger = logging.getLogger("app.devices")

ONVIF_PREFIXES = {
    "tt": "http://www.onvif.org/ver10/schema",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
    "trt": "http://www.onvif.org/ver10/media/wsdl",
    "tr2": "http://www.onvif.org/ver20/media/wsdl",
    "tptz": "http://www.onvif.org/ver20/ptz/wsdl",
    "ptz": "http://www.onvif.org/ver20/ptz/wsdl",
    "timg": "http://www.onvif.org/ver20/imaging/wsdl",
    "tev": "http://www.onvif.org/ver10/events/wsdl",
    "ter": "http://www.onvif.org/ver10/error",
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "env": "http://www.w3.org/2003/05/soap-envelope",
    "soap": "http://www.w3.org/2003/05/soap-envelope",
    "SOAP-ENV": "http://www.w3.org/2003/05/soap-envelope",
}


def _qualified(name: str) -> str | None:
    """``{namespace}local`` for ``prefix:local`` with a known prefix, else None."""
    if name.startswith("{") or ":" not in name:
        return None
    prefix, local = name.split(":", 1)
    namespace = ONVIF_PREFIXES.get(prefix)
    if namespace is None or not local or ":" in local:
        return None
    return f"{{{namespace}}}{local}"


def repair(root: Any) -> int:
    """Bind undeclared well-known prefixes in ``root``'s tree, in place; how many names."""
    fixed = 0
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        tag = _qualified(element.tag)
        if tag is not None:
            element.tag = tag
            fixed += 1
    return fixed


class UndeclaredPrefixes(Plugin):
    """zeep plugin: ``repair`` every answer before zeep reads it."""

    def ingress(self, envelope: Any, http_headers: Any, operation: Any) -> tuple[Any, Any]:
        fixed = repair(envelope)
        if fixed:
            name = getattr(operation, "name", "?")
            logger.debug("%s answer: %d names with undeclared prefixes bound", name, fixed)
        return envelope, http_headers


def attach(service: Any) -> None:
    """Add the plugin to an onvif-zeep-async service's zeep clients (once)."""
    for name in ("zeep_client", "zeep_client_authless"):
        client = getattr(service, name, None)
        if client is None:
            continue
        if not any(isinstance(p, UndeclaredPrefixes) for p in client.plugins):
            client.plugins.append(UndeclaredPrefixes())
