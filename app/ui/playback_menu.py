"""Recorded video from a wall tile: playback in the tile, instant replay, "Registra", export.

The composition root builds one :class:`RecordingActions` for the station
and gives it to the walls: it adds the tile's right-click entries
(:meth:`RecordingActions.add_to_menu`) and builds the playback feeds of the
tiles that play a recording (:meth:`RecordingActions.playback_feed`):

- **Riproduci registrazione**: the tile itself shows the camera's recording
  from its recorder, a minute back, paused, with its timeline under the
  picture; **Torna in diretta** gives the tile its live picture back;
- **Replay istantaneo**: the tile goes back ``playback.instant_replay_s``
  (30 s) and plays; from the recorder, or from Occhio's own pre-event buffer
  when the camera has none;
- **Sincronizza**: the tile follows the wall's shared timeline;
- **Registra** / **Ferma registrazione**: a local MP4 from the buffered past on;
- **Esporta ultimi 2 minuti...**: the export dialog, range pre-filled.

Every playback and export is written to the consultation log; playback
asks for a reason once per session and comune (camera group), or every
time when the station's ``playback.reason_once_per_group`` is off.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from app.core.audit import AuditEntry, AuditLog
from app.core.evidence_sign import StationKey
from app.core.model import Camera, Profile, SiteConfig
from app.core.recording import RecordingIndex, Span, iso
from app.core.streams import Stream, StreamProvider
from app.core.wall import WallModel
from app.core.wall_playback import PlaybackTile
from app.devices.evidence_export import EvidenceExport, ExportProgress
from app.devices.playback_source import RecorderSource
from app.devices.replay.errors import ReplayError, ReplayFailure
from app.ui.export_dialog import ExportDialog
from app.video.local_record import LocalRecording
from app.video.packet_ring import PacketRing
from app.video.playback import FrameStream, ring_frames, ring_opener
from app.video.playback_feed import Marks, PlaybackFeed, PlaybackSource

if TYPE_CHECKING:
    from app.ui.screens import WallManager

logger = logging.getLogger("app.ui")

INSTANT_REPLAY_S = 30.0
PLAY_BACK_S = 60.0  # "Riproduci registrazione" opens this far back


class RecordingActions(QObject):
    """What a tile's menu offers for recorded video, and the feeds of playback tiles."""

    def __init__(
        self,
        site: SiteConfig,
        *,
        key_path: Path,
        audit: AuditLog,
        operator: str,
        folder: Path,
        ask_reason: Callable[[QWidget, str], str | None] | None = None,
        reason_once: bool = True,
        instant_replay_s: float = INSTANT_REPLAY_S,
        marks: Marks | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.site, self.key_path, self.audit = site, key_path, audit
        self.operator, self.folder = operator, folder
        self.ask_reason = ask_reason or _ask_reason
        self.reason_once, self.instant_replay_s, self.marks = reason_once, instant_replay_s, marks
        self.reasons: dict[str, str] = {}  # comune -> reason given this session
        self.recordings: dict[str, LocalRecording] = {}
        self.dialogs: list[ExportDialog] = []

    # -- the tile's menu -------------------------------------------------------------

    def add_to_menu(self, menu: QMenu, tile: Any, model: WallModel) -> None:
        """The tile's entries (the tile gives ``index``, ``camera``, ``stream``, ``recorded``)."""
        camera: Camera | None = tile.camera
        if camera is None:
            return
        index, parent = int(tile.index), menu.parentWidget()
        menu.addSeparator()
        if tile.recorded:
            self._add_playback_entries(menu, model, index)
        else:
            ring = ring_of(tile.stream)
            play = menu.addAction(
                self.tr("Riproduci registrazione"), lambda: self.play(model, index, parent)
            )
            play.setEnabled(camera.recorder is not None)
            instant = menu.addAction(
                self.tr("Replay istantaneo (%d s)") % round(self.instant_replay_s),
                lambda: self.instant(model, index, parent),
            )
            instant.setEnabled(camera.recorder is not None or ring is not None)
            self._add_record_entry(menu, camera, ring)
        export = menu.addAction(
            self.tr("Esporta ultimi 2 minuti..."),
            lambda: self.export(camera, Span(time.time() - 120, time.time()), parent),
        )
        export.setEnabled(camera.recorder is not None)

    def _add_playback_entries(self, menu: QMenu, model: WallModel, index: int) -> None:
        menu.addAction(self.tr("Torna in diretta"), lambda: model.stop_playback(index))
        playback = model.playback_at(index)
        synced = menu.addAction(self.tr("Sincronizza"))
        synced.setCheckable(True)
        synced.setChecked(playback is not None and playback.synced)
        synced.toggled.connect(lambda on: model.set_synced(index, on))

    def _add_record_entry(self, menu: QMenu, camera: Camera, ring: PacketRing | None) -> None:
        if camera.id in self.recordings:
            menu.addAction(self.tr("Ferma registrazione"), lambda: self.stop_recording(camera))
        else:
            record = menu.addAction(self.tr("Registra"), lambda: self.record(camera, ring))
            record.setEnabled(ring is not None and ring.stream_format is not None)

    # -- playback in the tile ------------------------------------------------------------

    def _reason(self, camera: Camera, parent: QWidget | None) -> str | None:
        group = camera.site_id
        if not self.reason_once or group not in self.reasons:
            reason = self.ask_reason(parent or QWidget(), camera.name)
            if not reason:
                return None
            self.reasons[group] = reason
        return self.reasons[group]

    def play(
        self,
        model: WallModel,
        index: int,
        parent: QWidget | None,
        start: float | None = None,
        *,
        playing: bool = False,
    ) -> PlaybackTile | None:
        """Tile ``index`` shows its camera's recording from ``start`` (default a minute back)."""
        camera = self.site.camera(model.camera_at(index) or "")
        if camera is None:
            return None
        reason = self._reason(camera, parent)
        if reason is None:
            return None
        start = time.time() - PLAY_BACK_S if start is None else start
        tile = model.start_playback(index, start, playing=playing)
        action = "playback" if camera.recorder is not None else "instant replay (buffer)"
        self._log(action, camera, Span(start, start), reason)
        logger.info("tile %d plays back %s from %s", index, camera.id, iso(start))
        return tile

    def play_passage(
        self, walls: WallManager, camera: Camera, parent: QWidget | None, at: float
    ) -> PlaybackTile | None:
        """A vehicle's passage: ``camera`` on the current wall, playing from ``at``."""
        number = walls.current
        index = walls.show_camera(number, camera.id)
        return self.play(walls.walls[number].model, index, parent, start=at, playing=True)

    def instant(self, model: WallModel, index: int, parent: QWidget | None) -> PlaybackTile | None:
        """Tile ``index`` goes back ``instant_replay_s`` and plays (recorder, else buffer)."""
        return self.play(model, index, parent, time.time() - self.instant_replay_s, playing=True)

    def playback_feed(
        self, tile: PlaybackTile, camera: Camera | None, provider: StreamProvider, profile: Profile
    ) -> PlaybackFeed:
        """The feed of a playback tile: the camera's recorder, else its live buffer."""
        hold: tuple[StreamProvider, Stream] | None = None
        if camera is not None and camera.recorder is not None:
            recorder = RecorderSource(camera)
            source = PlaybackSource(recorder.open, recorder.close, recorder.search)
        elif camera is not None:
            stream = provider.acquire(camera, profile)  # keeps the buffer filling
            hold = (provider, stream)
            source = buffer_source(ring_of(stream))
        else:
            source = buffer_source(None)
        return PlaybackFeed(
            tile.camera_id, camera, source, at=tile.at, playing=tile.playing,
            ident=tile.ident, marks=self.marks, hold=hold,
        )  # fmt: skip

    # -- recording and export ------------------------------------------------------------

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

    def _log(self, action: str, camera: Camera, span: Span, reason: str) -> None:
        entry = AuditEntry(
            action, self.operator, camera.id, iso(span.start), iso(span.end), reason, ""
        )
        try:
            self.audit.append(entry)
        except OSError:  # the playback still opens; the log's folder has the problem
            logger.exception("consultation log not written")


def buffer_source(ring: PacketRing | None) -> PlaybackSource:
    """Playback from a live stream's pre-event buffer (or a source that says there is none)."""
    if ring is None:
        return PlaybackSource(_no_source, from_buffer=True)

    async def search(span: Span) -> RecordingIndex:
        frames = ring_frames(ring)
        held = (Span(frames[0].capture_time, frames[-1].capture_time),) if frames else ()
        return RecordingIndex(span, held)

    return PlaybackSource(ring_opener(ring), search=search, from_buffer=True)


async def _no_source(t: float, scale: float = 1.0) -> FrameStream:
    raise ReplayError(ReplayFailure.NOT_FOUND, "no recorder configured and no live buffer")


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
