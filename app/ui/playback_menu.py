"""Recorded video from a wall tile: playback, instant replay, "Registra", evidence export.

The composition root builds one :class:`RecordingActions` for the station
and gives it to the walls, which call :meth:`RecordingActions.add_to_menu`
for a tile's right-click menu:

- **Riproduci registrazione...**: a playback window at the tile's time,
  from the camera's recorder;
- **Replay istantaneo (30 s)**: the same, 30 s back; from the pre-event
  buffer when the camera has no recorder;
- **Registra** / **Ferma registrazione**: a local MP4 from the buffered past on;
- **Esporta ultimi 2 minuti...**: the export dialog, range pre-filled.

Every playback and export is written to the consultation log; playback asks
for a reason once per session and comune (camera group).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from app.core.audit import AuditEntry, AuditLog
from app.core.evidence_sign import StationKey
from app.core.model import Camera, SiteConfig
from app.core.recording import Span, iso
from app.devices.evidence_export import EvidenceExport, ExportProgress
from app.devices.playback_source import RecorderSource
from app.ui.export_dialog import ExportDialog
from app.ui.playback_window import PlaybackWindow
from app.video.local_record import LocalRecording
from app.video.packet_ring import PacketRing
from app.video.playback import PlaybackFeed, ring_opener

logger = logging.getLogger("app.ui")

INSTANT_REPLAY_S = 30.0


class RecordingActions(QObject):
    """What a tile's menu offers for recorded video (one per station)."""

    def __init__(
        self,
        site: SiteConfig,
        *,
        key_path: Path,
        audit: AuditLog,
        operator: str,
        folder: Path,
        ask_reason: Callable[[QWidget, str], str | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.site, self.key_path, self.audit = site, key_path, audit
        self.operator, self.folder = operator, folder
        self.ask_reason = ask_reason or _ask_reason
        self.reasons: dict[str, str] = {}  # comune -> reason given this session
        self.recordings: dict[str, LocalRecording] = {}
        self.windows: list[QWidget] = []
        self.dialogs: list[ExportDialog] = []

    def add_to_menu(self, menu: QMenu, tile: Any) -> None:
        """The tile's entries (the tile gives ``camera`` and ``stream``)."""
        camera: Camera | None = tile.camera
        if camera is None:
            return
        ring = ring_of(tile.stream)
        menu.addSeparator()
        play = menu.addAction(
            self.tr("Riproduci registrazione..."), lambda: self.play(camera, menu.parentWidget())
        )
        play.setEnabled(camera.recorder is not None)
        instant = menu.addAction(
            self.tr("Replay istantaneo (30 s)"),
            lambda: self.instant(camera, ring, menu.parentWidget()),
        )
        instant.setEnabled(camera.recorder is not None or ring is not None)
        if camera.id in self.recordings:
            menu.addAction(self.tr("Ferma registrazione"), lambda: self.stop_recording(camera))
        else:
            record = menu.addAction(self.tr("Registra"), lambda: self.record(camera, ring))
            record.setEnabled(ring is not None and ring.stream_format is not None)
        export = menu.addAction(
            self.tr("Esporta ultimi 2 minuti..."),
            lambda: self.export(camera, Span(time.time() - 120, time.time()), menu.parentWidget()),
        )
        export.setEnabled(camera.recorder is not None)

    def _reason(self, camera: Camera, parent: QWidget | None) -> str | None:
        group = camera.site_id
        if group not in self.reasons:
            reason = self.ask_reason(parent or QWidget(), camera.name)
            if not reason:
                return None
            self.reasons[group] = reason
        return self.reasons[group]

    def play(
        self, camera: Camera, parent: QWidget | None, start: float | None = None
    ) -> PlaybackWindow | None:
        """Open the camera's recording from its recorder (at ``start``, default now - 60 s)."""
        reason = self._reason(camera, parent)
        if reason is None:
            return None
        start = time.time() - 60 if start is None else start
        source = RecorderSource(camera)
        feed = PlaybackFeed(camera.id, source.open, source.close)
        window = PlaybackWindow(
            [camera], [feed], start, search=lambda span: feed.submit(source.search(span)),
            on_export=lambda cam, span: self.export(cam, span, window),
        )  # fmt: skip
        self._log("playback", camera, Span(start, start), reason)
        return self._show(window)

    def instant(
        self, camera: Camera, ring: PacketRing | None, parent: QWidget | None
    ) -> PlaybackWindow | None:
        """Go back 30 s: from the recorder, else from the pre-event buffer."""
        start = time.time() - INSTANT_REPLAY_S
        if camera.recorder is not None:
            return self.play(camera, parent, start)
        if ring is None or self._reason(camera, parent) is None:
            return None
        feed = PlaybackFeed(camera.id, ring_opener(ring))
        self._log(
            "instant replay (buffer)",
            camera,
            Span(start, time.time()),
            self.reasons[camera.site_id],
        )
        return self._show(PlaybackWindow([camera], [feed], start))

    def record(self, camera: Camera, ring: PacketRing | None) -> LocalRecording | None:
        """Start recording the tile's stream, with the buffered past."""
        if ring is None:
            return None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = self.folder / "registrazioni" / f"{camera.id}-{stamp}.mp4"
        path.parent.mkdir(parents=True, exist_ok=True)
        recording = LocalRecording(ring, path)
        self.recordings[camera.id] = recording
        return recording

    def stop_recording(self, camera: Camera) -> LocalRecording | None:
        """Stop and close the camera's local recording."""
        recording = self.recordings.pop(camera.id, None)
        if recording is not None:
            recording.stop()
        return recording

    def export(self, camera: Camera, span: Span, parent: QWidget | None) -> ExportDialog:
        """The export dialog for ``span`` (the export itself logs to the audit)."""

        def make(
            progress: Callable[[ExportProgress], None], cancel: asyncio.Event
        ) -> EvidenceExport:
            key = StationKey.load_or_create(self.key_path)
            return EvidenceExport(key, self.audit, progress=progress, cancel=cancel)

        site = self.site.site(camera.site_id)
        folder = self.folder / "esportazioni" / f"{camera.id}-{time.strftime('%Y%m%d-%H%M%S')}"
        dialog = ExportDialog(
            camera, span, make, operator=self.operator, folder=folder,
            site_name=site.name if site else "", parent=parent,
        )  # fmt: skip
        self.dialogs = [d for d in self.dialogs if d.isVisible()] + [dialog]
        dialog.show()
        return dialog

    def _show(self, window: PlaybackWindow) -> PlaybackWindow:
        self.windows = [w for w in self.windows if w.isVisible()] + [window]
        window.resize(960, 640)
        window.show()
        return window

    def _log(self, action: str, camera: Camera, span: Span, reason: str) -> None:
        entry = AuditEntry(
            action, self.operator, camera.id, iso(span.start), iso(span.end), reason, ""
        )
        try:
            self.audit.append(entry)
        except OSError:  # the window still opens; the log's folder has the problem
            logger.exception("consultation log not written")


def ring_of(stream: Any) -> PacketRing | None:
    """The pre-event buffer a tile's stream fills, if any."""
    tap = getattr(stream, "packet_tap", None)
    return tap if isinstance(tap, PacketRing) else None


def _ask_reason(parent: QWidget, camera_name: str) -> str | None:
    text, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("RecordingActions", "Motivo della consultazione"),
        QCoreApplication.translate(
            "RecordingActions", "Motivo della visione delle registrazioni (%s):"
        )
        % camera_name,
    )
    return text.strip() if ok and text.strip() else None
