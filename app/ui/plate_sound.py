"""Alert sounds by priority: three short high beeps, two middle ones, or one low.

The WAV files are written once into the cache folder (they are tones, not
recordings) and played with ``QSoundEffect`` when Qt Multimedia is
installed (it comes with PySide6-Addons, which Occhio does not require);
otherwise the system bell rings as many times as the sound has beeps.
"""

from __future__ import annotations

import io
import logging
import math
import struct
import wave
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtWidgets import QApplication

from app.config import atomic
from app.core.plates_lists import Sound

logger = logging.getLogger("app.ui")

RATE = 16000
_TONES = {Sound.URGENT: (880.0, 3), Sound.WARNING: (660.0, 2), Sound.NOTICE: (440.0, 1)}


def tone_wav(frequency: float, beeps: int) -> bytes:
    """A mono 16-bit WAV of ``beeps`` beeps of 0.15 s with 0.1 s gaps."""
    frames = bytearray()
    for _ in range(beeps):
        for n in range(int(RATE * 0.15)):
            fade = min(1.0, n / 200, (RATE * 0.15 - n) / 200)
            frames += struct.pack(
                "<h", int(12000 * fade * math.sin(2 * math.pi * frequency * n / RATE))
            )
        frames += b"\x00\x00" * int(RATE * 0.1)
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(bytes(frames))
    return out.getvalue()


class SoundPlayer(QObject):
    """Plays the sound of a priority (one effect per sound, loaded once)."""

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._folder = folder
        self._effects: dict[Sound, Any] = {}  # QSoundEffect, when Qt Multimedia exists
        try:
            from PySide6 import QtMultimedia
        except ImportError:
            self._multimedia = None
            logger.info("Qt Multimedia not installed: hits ring the system bell")
        else:
            self._multimedia = QtMultimedia

    def play(self, sound: Sound) -> None:
        """Play ``sound`` (the bell if Qt Multimedia is missing)."""
        if self._multimedia is None:
            for n in range(_TONES[sound][1]):
                QTimer.singleShot(200 * n, QApplication.beep)
            return
        effect = self._effects.get(sound)
        if effect is None:
            path = self._folder / f"targhe-{sound.value}.wav"
            try:
                if not path.exists():
                    atomic.write_bytes(path, tone_wav(*_TONES[sound]))
            except OSError as exc:
                logger.warning("alert sound %s not written: %s", path, exc)
                return
            effect = self._multimedia.QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            self._effects[sound] = effect
        effect.play()
