"""Evidence export: a time range of a camera's recording, from its recorder to a signed folder.

The steps, each leaving a trace in the manifest:

1. the folder is created with ``INCOMPLETO.txt`` in it, removed only at the end;
2. the recorder says who it is and how far its clock is from this computer's;
   beyond :data:`CLOCK_TOLERANCE_S` the range asked of it is shifted by that
   difference, so the clip covers the time the operator meant;
3. the recorder's search gives the recorded spans (a failed search is noted,
   and gaps are then found in the frames themselves);
4. the replay runs without rate control; each frame is remuxed into
   ``clip.mp4`` and hashed into ``frames.csv`` as it arrives, and the
   replay stops at the requested end by the frames' time stamps;
5. the manifest is written, signed, summed; the consultation is logged.

Any failure after the start (stall, closed connection, full disk,
cancellation) ends the export with the files written so far, marked
incomplete, with the reason in ``INCOMPLETO.txt`` and in the manifest.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core import evidence as ev
from app.core.audit import AuditEntry, AuditLog
from app.core.evidence_sign import StationKey
from app.core.model import Camera
from app.core.recording import RecordedFrame, Span, iso
from app.devices.export_manifest import ExportState, build_manifest
from app.devices.recorder import Recorder, ReplayStream, open_recorder
from app.devices.replay.errors import ReplayError
from app.video.export_mux import ClipWriteError, ClipWriter

logger = logging.getLogger("app.devices")

CLOCK_TOLERANCE_S = 2.0
RecorderOpener = Callable[[Camera], Awaitable[Recorder]]


@dataclass(frozen=True)
class ExportRequest:
    """What the operator asked: camera, range (this computer's clock, UTC), why, where."""

    camera: Camera
    span: Span
    reason: str
    protocol: str
    operator: str
    folder: Path
    site_name: str = ""


@dataclass(frozen=True)
class ExportProgress:
    """How far an export is: a fraction of the range and the frames written."""

    fraction: float
    frames: int


@dataclass
class ExportResult:
    """What an export produced; ``reason`` says why it is incomplete."""

    folder: Path
    complete: bool
    reason: str = ""
    frames: int = 0
    notes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)


class EvidenceExport:
    """One export; :meth:`run` does it all."""

    def __init__(
        self,
        key: StationKey,
        audit: AuditLog | None = None,
        opener: RecorderOpener = open_recorder,
        progress: Callable[[ExportProgress], None] | None = None,
        cancel: asyncio.Event | None = None,
    ) -> None:
        self.key = key
        self.audit = audit
        self.opener = opener
        self.progress = progress
        self.cancel = cancel or asyncio.Event()

    async def run(self, request: ExportRequest) -> ExportResult:
        """Export ``request``; never raises for recorder or disk trouble (see the result).

        Raises:
            ValueError: no reason or protocol number, or a folder that is not empty.
            OSError: the folder cannot be created.
        """
        if not request.reason.strip() or not request.protocol.strip():
            raise ValueError("a reason and a protocol number are required")
        folder = request.folder
        if folder.exists() and any(folder.iterdir()):
            raise ValueError(f"{folder} is not empty")
        folder.mkdir(parents=True, exist_ok=True)
        ev.mark_incomplete(folder, "esportazione in corso o interrotta")
        run = ExportState(request, request.span)
        try:
            recorder = await self.opener(request.camera)
        except ReplayError as err:
            run.incomplete = f"registratore non disponibile: {err.detail}"
            return self._finish(run)
        try:
            await self._fetch(recorder, run)
        finally:
            await recorder.close()
        return self._finish(run)

    async def _fetch(self, recorder: Recorder, run: ExportState) -> None:
        try:
            run.identity = await recorder.identity()
        except ReplayError as err:
            run.notes.append(f"identita' del dispositivo non disponibile: {err.detail}")
        run.offset = await recorder.clock_offset()
        self._shift(run)
        try:
            run.index = await recorder.search(run.device_span)
        except ReplayError as err:
            run.notes.append(
                f"ricerca non riuscita ({err.detail}): interruzioni ricavate dai fotogrammi"
            )
        try:
            stream = await recorder.replay(run.device_span, fast=True)
        except ReplayError as err:
            run.incomplete = f"riproduzione rifiutata: {err.detail}"
            return
        run.url = stream.url
        try:
            await self._copy(stream, run)
        except ReplayError as err:
            run.incomplete = _failure_text(err)
        except ClipWriteError as err:
            run.incomplete = "disco pieno" if err.disk_full else f"scrittura non riuscita: {err}"
        except OSError as err:
            run.incomplete = f"scrittura non riuscita: {err.strerror or err}"
        finally:
            await stream.close()
            run.notes += [_note(n) for n in stream.notes]
            if stream.stopped_at_end:
                run.notes.append("il registratore continuava oltre la fine: fermato da Occhio")

    def _shift(self, run: ExportState) -> None:
        if run.offset is None:
            run.notes.append("il dispositivo non ha indicato l'ora: intervallo non corretto")
            return
        if abs(run.offset) > CLOCK_TOLERANCE_S:
            span = run.request.span
            run.device_span = Span(span.start + run.offset, span.end + run.offset)
            run.notes.append(
                f"orologio del dispositivo spostato di {run.offset:+.1f} s: chiesto "
                f"{iso(run.device_span.start)} - {iso(run.device_span.end)} (ora del dispositivo)"
            )

    async def _copy(self, stream: ReplayStream, run: ExportState) -> None:
        folder = run.request.folder
        async for frame in stream.frames():
            if self.cancel.is_set():
                run.incomplete = "annullata dall'operatore"
                return
            if run.writer is None:
                run.writer = ClipWriter(folder / ev.CLIP, stream.stream_format, frame)
                run.frames = ev.FramesCsv(folder / ev.FRAMES)
            assert run.frames is not None
            size, digest = run.writer.write(frame)
            run.frames.add(frame.capture_time, frame.key, size, digest)
            self._account(run, frame)

    def _account(self, run: ExportState, frame: RecordedFrame) -> None:
        run.times.append(frame.capture_time)
        run.keys += frame.key
        if self.progress is not None and len(run.times) % 25 == 1:
            span = run.device_span
            fraction = (frame.capture_time - span.start) / max(span.seconds, 1e-6)
            self.progress(ExportProgress(min(1.0, max(0.0, fraction)), len(run.times)))

    def _finish(self, run: ExportState) -> ExportResult:
        folder = run.request.folder
        for closer in (run.writer, run.frames):
            try:
                if closer is not None:
                    closer.close()
            except (ClipWriteError, OSError) as err:
                run.incomplete = run.incomplete or f"chiusura dei file non riuscita: {err}"
        manifest = build_manifest(run, ev.occhio_version(), self._size(run))
        files: list[str] = []
        try:
            if run.incomplete:
                ev.mark_incomplete(folder, run.incomplete)
            manifest["files"] = ev.describe_files(
                folder, [n for n in (ev.CLIP, ev.FRAMES) if (folder / n).exists()]
            )
            files = ev.seal(folder, manifest, self.key)
        except OSError as err:
            run.incomplete = run.incomplete or f"scrittura non riuscita: {err.strerror or err}"
            logger.error("export %s could not be sealed: %s", folder, err)
        self._log(run, manifest)
        logger.info(
            "export %s: %d frames, complete=%s %s",
            folder,
            len(run.times),
            not run.incomplete,
            run.incomplete,
        )
        return ExportResult(
            folder, not run.incomplete, run.incomplete, len(run.times), run.notes, files, manifest
        )

    @staticmethod
    def _size(run: ExportState) -> tuple[int, int]:
        return (run.writer.width, run.writer.height) if run.writer is not None else (0, 0)

    def _log(self, run: ExportState, manifest: dict[str, Any]) -> None:
        if self.audit is None:
            return
        request = run.request
        files = [
            {"name": n, "sha256": str(i.get("sha256", ""))}
            for n, i in manifest.get("files", {}).items()
        ]
        entry = AuditEntry(
            "export",
            request.operator,
            request.camera.id,
            iso(request.span.start),
            iso(request.span.end),
            request.reason,
            request.protocol,
            files,
            detail=f"{request.folder}"
            + (f"; incompleta: {run.incomplete}" if run.incomplete else ""),
        )
        try:
            self.audit.append(entry)
        except OSError as err:
            logger.error("the consultation log could not be written: %s", err)
            run.notes.append("registro delle consultazioni non scritto")


def _failure_text(err: ReplayError) -> str:
    words = {
        "stalled": "il registratore ha smesso di inviare video",
        "closed": "il registratore ha chiuso la connessione",
        "wrong_time": "il registratore ha inviato video di un altro momento (forse in diretta)",
    }
    return f"{words.get(str(err.failure), 'errore del registratore')}: {err.detail}"


def _note(note: str) -> str:
    return (
        "il registratore ha inviato un ANNOUNCE durante l'esportazione"
        if note == "ANNOUNCE"
        else note
    )


__all__ = ["EvidenceExport", "ExportProgress", "ExportRequest", "ExportResult"]
