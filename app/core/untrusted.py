"""Text that came from a device, made safe to log and to show.

Everything a camera, a recorder or any other device says about itself (its
name, model, firmware, the text of a SOAP fault, an RTSP reason phrase) is
written by whoever controls the device. A line break in it can forge a log
line; control characters can rewrite a terminal; a megabyte of it can bury
the message around it. ``clean`` is the one function every layer passes such
text through before it reaches a log line, a terminal or a widget.

WS-Security headers carry a password digest with its nonce and creation time:
with those three an eavesdropper (or anyone who reads a debug log) can test
guesses of the password offline. ``redact_ws_security`` hides them, and
``RedactingFilter`` applies it to every log record that passes a handler.
"""

from __future__ import annotations

import logging
import re
import unicodedata

#: Longest device text kept by default (a model name, a fault string).
DEFAULT_LIMIT = 200
#: Shown where text was cut.
ELLIPSIS = "…"
#: Shown instead of a secret.
HIDDEN = "***"

# Unicode categories never shown: controls, format characters (bidi
# overrides that reorder what a reader sees), surrogates, unassigned.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
# Separators that become one plain space (line and paragraph separators too).
_SPACES = re.compile(r"[\s\u2028\u2029]+")

# The element text of a WS-Security password digest, nonce and timestamp, with
# or without a namespace prefix, in any case; also their escaped forms.
_WSSE = re.compile(
    r"(?P<open><(?:[\w.-]+:)?(?:Password|Nonce|Created|Expires)\b[^>]*>)(?P<value>[^<]*)",
    re.IGNORECASE,
)
_WSSE_ESCAPED = re.compile(
    r"(?P<open>&lt;(?:[\w.-]+:)?(?:Password|Nonce|Created|Expires)\b.*?&gt;)(?P<value>.*?)(?=&lt;)",
    re.IGNORECASE,
)


def clean(text: object, limit: int = DEFAULT_LIMIT) -> str:
    """``text`` as one printable line of at most ``limit`` characters.

    Control and format characters become spaces (so words stay apart), every
    run of white space (line breaks included) becomes one space, and text
    longer than ``limit`` is cut with an ellipsis. ``None`` gives "". Any
    object is turned into text first, so a device's number or list is safe too.
    """
    if text is None:
        return ""
    raw = text if isinstance(text, str) else str(text)
    # Never look at more than a bounded prefix: the input may be huge.
    raw = raw[: max(0, limit) * 4 + 16]
    visible = "".join(" " if unicodedata.category(ch) in _DROPPED_CATEGORIES else ch for ch in raw)
    kept = _SPACES.sub(" ", visible).strip()
    if len(kept) > limit:
        return kept[: max(0, limit - 1)].rstrip() + ELLIPSIS
    return kept


def redact_ws_security(text: str) -> str:
    """``text`` with the values of WS-Security Password, Nonce, Created and Expires hidden."""
    text = _WSSE.sub(lambda m: m.group("open") + HIDDEN, text)
    return _WSSE_ESCAPED.sub(lambda m: m.group("open") + HIDDEN, text)


class RedactingFilter(logging.Filter):
    """A handler filter that hides WS-Security secrets in every record it passes.

    Installed on the log handlers, so that it also covers libraries (zeep,
    onvif-zeep-async) that log whole SOAP envelopes at debug level.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message when it holds a secret; never drops a record."""
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is the logging module's to report
            return True
        redacted = redact_ws_security(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
