"""Italian words for a tile's state, and the stall rule.

Kept apart from the tile widget so the rule that a frozen stream never
looks alive is tested without painting anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from app.core.streams import Failure, Notice, StreamState, StreamStatus

DEFAULT_STALL_SECONDS = 2.0


class Health:
    """How a tile's state is coloured (also used for the tree's dots)."""

    IDLE = "idle"
    CONNECTING = "connecting"
    LIVE = "live"
    STALLED = "stalled"
    FAILED = "failed"


@dataclass(frozen=True)
class TileState:
    """What the tile shows about its stream right now.

    Attributes:
        health: one of the ``Health`` values.
        text: the Italian sentence for the operator ("" when simply live).
        banner: True when the text goes in the red banner over a dimmed
            picture (no signal, failures), False for a small caption.
    """

    health: str
    text: str
    banner: bool


def _failure_text(failure: Failure) -> str:
    """The operator's words for why a stream is down.

    Every text is written out in a ``translate`` call with its context, so
    that ``pyside6-lupdate`` finds it.
    """
    words = {
        Failure.AUTH: QCoreApplication.translate("TileState", "Credenziali non valide"),
        Failure.NOT_FOUND: QCoreApplication.translate("TileState", "Percorso inesistente (404)"),
        Failure.MALFORMED: QCoreApplication.translate("TileState", "Indirizzo non valido"),
        Failure.UNREACHABLE: QCoreApplication.translate("TileState", "Telecamera irraggiungibile"),
        Failure.TIMEOUT: QCoreApplication.translate(
            "TileState", "Nessuna risposta dalla telecamera"
        ),
        Failure.ENDED: QCoreApplication.translate(
            "TileState", "Flusso interrotto dalla telecamera"
        ),
        Failure.NO_VIDEO: QCoreApplication.translate("TileState", "Nessun video nel flusso"),
        Failure.PROTOCOL: QCoreApplication.translate("TileState", "Errore nel flusso video"),
        Failure.ONVIF: QCoreApplication.translate("TileState", "ONVIF: flusso non disponibile"),
    }
    return words.get(failure, "")


def notice_text(notice: Notice) -> str:
    """The caption of a stream that plays with a notice (another engine than asked)."""
    if notice is Notice.VLC_WITHOUT_RTSP:
        return QCoreApplication.translate("TileState", "libVLC senza RTSP (live555): uso PyAV")
    if notice is Notice.VLC_MISSING:
        return QCoreApplication.translate("TileState", "libVLC non disponibile: uso PyAV")
    return ""


def describe(
    status: StreamStatus,
    frame_age: float | None,
    now: float,
    stall_seconds: float = DEFAULT_STALL_SECONDS,
) -> TileState:
    """The tile state for ``status`` when the last frame is ``frame_age`` s old.

    A stream reported as playing whose last frame is older than
    ``stall_seconds`` is shown as stalled: the view does not trust the
    worker to notice a frozen source before the operator does.
    """
    state = status.state
    stale = frame_age is not None and frame_age >= stall_seconds
    if state in (StreamState.PLAYING, StreamState.STALLED) and (
        stale or state is StreamState.STALLED
    ):
        seconds = int(frame_age) if frame_age is not None else int(now - status.since)
        return TileState(
            Health.STALLED,
            QCoreApplication.translate("TileState", "Segnale assente da %d s") % seconds,
            True,
        )
    if state is StreamState.RECONNECTING:
        return _reconnecting(status, now)
    if state is StreamState.FAILED:
        text = _failure_text(status.failure) or QCoreApplication.translate(
            "TileState", "Telecamera non disponibile"
        )
        return TileState(Health.FAILED, text, True)
    if state is StreamState.PLAYING:  # every new frame asks: one translation only
        if status.notice is not Notice.NONE:
            return TileState(Health.LIVE, notice_text(status.notice), False)
        return TileState(Health.LIVE, QCoreApplication.translate("TileState", "In diretta"), False)
    return _waiting(state, frame_age)


def _waiting(state: StreamState, frame_age: float | None) -> TileState:
    """Connecting, waiting for pictures, or idle."""
    if state is StreamState.CONNECTING:
        health, text = Health.CONNECTING, QCoreApplication.translate("TileState", "Connessione...")
    elif state is StreamState.BUFFERING:
        health = Health.CONNECTING
        text = QCoreApplication.translate("TileState", "Attesa immagini...")
    else:
        health, text = Health.IDLE, QCoreApplication.translate("TileState", "In attesa")
    # An old picture under "Connessione..." must also look dead: banner + dim.
    return TileState(health, text, frame_age is not None)


def _reconnecting(status: StreamStatus, now: float) -> TileState:
    """ "Riconnessione tra N s", after the reason when there is one."""
    if status.retry_at is not None:
        wait = max(0, math.ceil(status.retry_at - now))
        text = QCoreApplication.translate("TileState", "Riconnessione tra %d s") % wait
    else:
        text = QCoreApplication.translate("TileState", "Riconnessione...")
    reason = _failure_text(status.failure)
    if reason:
        # One template, so a language may order or join the two parts its own way.
        text = QCoreApplication.translate("TileState", "%s · %s") % (reason, text)
    return TileState(Health.CONNECTING, text, True)
