"""The operator's words for a tile's state, in the operator's language.

Which state a tile is in is decided without Qt (``app.core.tile_state``);
this module only words it. Every sentence is written out in a
``QCoreApplication.translate`` call with its context, so that
``pyside6-lupdate`` finds it.

A camera that is down shows one stable banner, the reason in capitals and
for how long ("TELECAMERA NON RAGGIUNGIBILE da 2 min 14 s"), readable from
across the room; what the stream is trying meanwhile ("nuovo tentativo tra
3 s") goes in the small caption beside it, so the banner does not change
its words with every retry.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.streams import Failure, Notice
from app.core.tile_state import Phrase, TileState


def failure_words(failure: Failure, subject: str = "") -> str:
    """The operator's words for why a stream is down ("" for no failure); ``subject``
    is the status code or codec they name, already sanitised."""
    words = {
        Failure.AUTH: QCoreApplication.translate("TileState", "Credenziali non valide"),
        Failure.NOT_FOUND: QCoreApplication.translate("TileState", "Percorso inesistente (404)"),
        Failure.MALFORMED: QCoreApplication.translate("TileState", "Indirizzo non valido"),
        Failure.UNREACHABLE: QCoreApplication.translate(
            "TileState", "Telecamera non raggiungibile"
        ),
        Failure.TIMEOUT: QCoreApplication.translate("TileState", "La telecamera non risponde"),
        Failure.ENDED: QCoreApplication.translate(
            "TileState", "Flusso interrotto dalla telecamera"
        ),
        Failure.NO_VIDEO: QCoreApplication.translate("TileState", "Nessun video nel flusso"),
        Failure.PROTOCOL: QCoreApplication.translate("TileState", "Errore nel flusso video"),
        Failure.ONVIF: QCoreApplication.translate("TileState", "ONVIF: flusso non disponibile"),
        Failure.SERVER_ERROR: QCoreApplication.translate("TileState", "Errore del server (%s)")
        % (subject or "5xx"),
        Failure.UNSUPPORTED_CODEC: QCoreApplication.translate(
            "TileState", "Codec non supportato: %s"
        )
        % (subject or "?"),
        Failure.UNSAFE_URI: QCoreApplication.translate(
            "TileState", "Indirizzo del flusso rifiutato"
        ),
        Failure.FOREIGN_HOST: QCoreApplication.translate(
            "TileState", "Flusso su un altro indirizzo: da confermare nell'editor"
        ),
        Failure.INSECURE_AUTH: QCoreApplication.translate(
            "TileState", "Password in chiaro (Basic) rifiutata"
        ),
        Failure.OVERSIZED: QCoreApplication.translate("TileState", "Risposta troppo grande"),
    }
    return words.get(failure, "")


def notice_text(notice: Notice) -> str:
    """The caption of a stream that plays with a notice (another engine than asked)."""
    if notice is Notice.VLC_WITHOUT_RTSP:
        return QCoreApplication.translate("TileState", "libVLC senza RTSP (live555): uso PyAV")
    if notice is Notice.VLC_MISSING:
        return QCoreApplication.translate("TileState", "libVLC non disponibile: uso PyAV")
    return ""


def duration_words(seconds: int) -> str:
    """ "45 s", "2 min 14 s", "3 h 12 min", "2 g 5 h": short enough for a small tile."""
    minutes, secs = divmod(max(0, seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return QCoreApplication.translate("TileState", "%d g %d h") % (days, hours)
    if hours:
        return QCoreApplication.translate("TileState", "%d h %d min") % (hours, minutes)
    if minutes:
        return QCoreApplication.translate("TileState", "%d min %d s") % (minutes, secs)
    return QCoreApplication.translate("TileState", "%d s") % secs


def words_of(state: TileState) -> str:
    """The tile's main sentence: the banner's words, or the caption of a healthy tile."""
    phrase = state.phrase
    if phrase is Phrase.LIVE:  # every new frame asks: the common case first
        return QCoreApplication.translate("TileState", "In diretta")
    if phrase is Phrase.NO_SIGNAL:
        return QCoreApplication.translate("TileState", "SEGNALE ASSENTE da %s") % duration_words(
            state.seconds or 0
        )
    if phrase is Phrase.DOWN:
        return _down(state)
    if phrase is Phrase.CONNECTING:
        return QCoreApplication.translate("TileState", "Connessione...")
    if phrase is Phrase.WAITING:
        return QCoreApplication.translate("TileState", "Attesa immagini...")
    return QCoreApplication.translate("TileState", "In attesa")


def _down(state: TileState) -> str:
    """ "TELECAMERA NON RAGGIUNGIBILE da 2 min 14 s"."""
    if state.failure in (Failure.TIMEOUT, Failure.ENDED) and state.had_picture:
        # A camera that was live and went quiet: its signal is what is missing.
        reason = QCoreApplication.translate("TileState", "Segnale assente")
    else:
        reason = failure_words(state.failure, state.subject) or QCoreApplication.translate(
            "TileState", "Telecamera non disponibile"
        )
    # One template, so a language may order the two parts its own way.
    return QCoreApplication.translate("TileState", "%s da %s") % (
        reason.upper(),
        duration_words(state.seconds or 0),
    )


def activity_of(state: TileState) -> str:
    """What a down camera's stream is doing now ("" when it is not down)."""
    if state.phrase is not Phrase.DOWN:
        return ""
    if state.retry_in is None:
        return QCoreApplication.translate("TileState", "nuovo tentativo in corso...")
    return QCoreApplication.translate("TileState", "nuovo tentativo tra %d s") % state.retry_in
