"""The operator's words for a tile that plays a recording, in the operator's language.

A playback tile must never be taken for live video: its footer band is
amber and reads "REGISTRAZIONE 10:31:07" (with the date when it is not
today's), its title band says what the playback is doing ("In pausa",
"Riproduzione 4x", "Indietro 8x"), and a recording that cannot be played
says why in a banner. Which state it is in is decided without Qt
(``app.video.playback_feed``); this module only words it.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication

from app.core.tile_state import Health, Phrase
from app.core.timeline import MarkKind, TimelineMark
from app.devices.replay.errors import ReplayFailure
from app.ui.tile_paint import Captions
from app.video.feed import FeedWords
from app.video.playback_feed import PlaybackWords


def recorded_time(t: float, now: float | None = None) -> str:
    """ "10:31:07", or "02/04 10:31:07" when the time is not from today."""
    shown, today = time.localtime(t), time.localtime(time.time() if now is None else now)
    if shown[:3] == today[:3]:
        return time.strftime("%H:%M:%S", shown)
    return time.strftime("%d/%m/%Y %H:%M:%S", shown)


def failure_text(failure: str) -> str:
    """Why a recording cannot be played, in the operator's words."""
    words = {
        ReplayFailure.AUTH: QCoreApplication.translate(
            "Playback", "credenziali del registratore rifiutate"
        ),
        ReplayFailure.NOT_FOUND: QCoreApplication.translate(
            "Playback", "registratore o registrazione non trovati"
        ),
        ReplayFailure.UNREACHABLE: QCoreApplication.translate(
            "Playback", "registratore non raggiungibile"
        ),
        ReplayFailure.TIMEOUT: QCoreApplication.translate(
            "Playback", "il registratore non risponde"
        ),
        ReplayFailure.STALLED: QCoreApplication.translate(
            "Playback", "il registratore ha smesso di inviare"
        ),
        ReplayFailure.CLOSED: QCoreApplication.translate(
            "Playback", "il registratore ha chiuso la connessione"
        ),
        ReplayFailure.UNSUPPORTED: QCoreApplication.translate(
            "Playback", "richiesta non accettata dal registratore"
        ),
        ReplayFailure.SEARCH: QCoreApplication.translate("Playback", "ricerca non riuscita"),
        ReplayFailure.NO_RECORDING: QCoreApplication.translate(
            "Playback", "nulla di registrato in quel momento"
        ),
        ReplayFailure.WRONG_TIME: QCoreApplication.translate(
            "Playback", "il registratore ha inviato un altro orario"
        ),
    }
    known = ReplayFailure(failure) if failure in ReplayFailure._value2member_map_ else None
    if known is not None and known in words:
        return words[known]
    return QCoreApplication.translate("Playback", "errore del registratore (dettagli nel registro)")


def activity(words: PlaybackWords) -> str:
    """What the playback is doing: "In pausa", "Riproduzione 4x", "Indietro 8x"."""
    if words.state.phrase is Phrase.SEEKING:
        text = QCoreApplication.translate("Playback", "Ricerca...")
    elif not words.playing:
        text = QCoreApplication.translate("Playback", "In pausa")
    elif words.speed < 0:
        text = QCoreApplication.translate("Playback", "Indietro %sx") % f"{abs(words.speed):g}"
    else:
        text = QCoreApplication.translate("Playback", "Riproduzione %sx") % f"{words.speed:g}"
    if words.from_buffer:
        text = QCoreApplication.translate("Playback", "Buffer locale · %s") % text
    if words.synced:
        text = QCoreApplication.translate("Playback", "Sincr. · %s") % text
    return text


def playback_captions(title: str, words: FeedWords) -> Captions:
    """The captions of a playback tile (``words`` from a ``PlaybackFeed``)."""
    if not isinstance(words, PlaybackWords):
        words = PlaybackWords(words.camera_id, words.title, words.state, clock=words.clock)
    footer = QCoreApplication.translate("Playback", "REGISTRAZIONE - ricerca...")
    if words.clock is not None:
        footer = QCoreApplication.translate("Playback", "REGISTRAZIONE %s") % recorded_time(
            words.clock
        )
    banner = ""
    if words.state.phrase is Phrase.UNAVAILABLE:
        banner = QCoreApplication.translate(
            "Playback", "REGISTRAZIONE NON DISPONIBILE: %s"
        ) % failure_text(words.failure)
    elif words.state.banner:
        banner = QCoreApplication.translate("Playback", "REGISTRAZIONE - ricerca...")
    state = "" if banner else activity(words)
    return Captions(title, state, Health.RECORDED, footer, words.corner, banner)


def mark_text(mark: TimelineMark) -> str:
    """A mark's tooltip: what happened and when."""
    when = recorded_time(mark.t)
    if mark.kind is MarkKind.PLATE_HIT:
        return QCoreApplication.translate("Playback", "%s  Targa segnalata: %s") % (
            when,
            mark.label,
        )
    alarms = {
        "camera_down": QCoreApplication.translate("Playback", "telecamera fuori servizio"),
        "camera_back": QCoreApplication.translate("Playback", "telecamera di nuovo in servizio"),
        "wrong_credentials": QCoreApplication.translate("Playback", "credenziali rifiutate"),
        "recorder_unreachable": QCoreApplication.translate(
            "Playback", "registratore non raggiungibile"
        ),
    }
    return QCoreApplication.translate("Playback", "%s  Allarme: %s") % (
        when,
        alarms.get(mark.label, mark.label),
    )
