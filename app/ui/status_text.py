"""The operator's words for a tile's state, in the operator's language.

Which state a tile is in is decided without Qt (``app.core.tile_state``);
this module only words it. Every sentence is written out in a
``QCoreApplication.translate`` call with its context, so that
``pyside6-lupdate`` finds it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.streams import Failure
from app.core.tile_state import Phrase, TileState


def failure_words(failure: Failure) -> str:
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


def words_of(state: TileState) -> str:
    """The sentence for ``state`` ("In diretta", "Segnale assente da 12 s"...)."""
    phrase = state.phrase
    if phrase is Phrase.LIVE:  # every new frame asks: the common case first
        return QCoreApplication.translate("TileState", "In diretta")
    if phrase in (Phrase.NO_SIGNAL, Phrase.RECONNECTING, Phrase.FAILED):
        return _down(state)
    if phrase is Phrase.CONNECTING:
        return QCoreApplication.translate("TileState", "Connessione...")
    if phrase is Phrase.WAITING:
        return QCoreApplication.translate("TileState", "Attesa immagini...")
    return QCoreApplication.translate("TileState", "In attesa")


def _down(state: TileState) -> str:
    """Why there is no picture: no signal for N s, reconnecting, or failed."""
    if state.phrase is Phrase.NO_SIGNAL:
        return QCoreApplication.translate("TileState", "Segnale assente da %d s") % (
            state.seconds or 0
        )
    if state.phrase is Phrase.RECONNECTING:
        return _reconnecting(state)
    return failure_words(state.failure) or QCoreApplication.translate(
        "TileState", "Telecamera non disponibile"
    )


def _reconnecting(state: TileState) -> str:
    """ "Riconnessione tra N s", after the reason when there is one."""
    if state.seconds is not None:
        text = QCoreApplication.translate("TileState", "Riconnessione tra %d s") % state.seconds
    else:
        text = QCoreApplication.translate("TileState", "Riconnessione...")
    reason = failure_words(state.failure)
    if reason:
        # One template, so a language may order or join the two parts its own way.
        text = QCoreApplication.translate("TileState", "%s · %s") % (reason, text)
    return text
