""" "Registra": record a live stream to a local MP4, starting with its buffered past.

The recording takes the pre-event buffer's GOPs (so it begins before the
click), then every new packet of the stream until stopped, and remuxes them
with :class:`~app.video.export_mux.ClipWriter` (no re-encode, fragmented,
flushed as written). Packets arrive on the stream's worker thread and are
written on the recording's own thread, so a slow disk never holds up the
picture; the queue between them is bounded, and a recording that cannot
keep up stops with the reason.
"""

from __future__ import annotations

import logging
import queue
import threading
from pathlib import Path

from app.video.export_mux import ClipWriteError, ClipWriter
from app.video.packet_ring import BufferedPacket, PacketRing, as_frame

logger = logging.getLogger("app.video")

MAX_QUEUED = 2000  # packets: about a minute and a half at 25 fps
_STOP = object()


class LocalRecording:
    """One running recording of one stream into ``path``."""

    def __init__(self, ring: PacketRing, path: Path) -> None:
        if ring.stream_format is None:
            raise ClipWriteError("the stream has not delivered any video yet")
        self.path = path
        self.frames = 0
        self.error = ""
        self._ring = ring
        self._queue: queue.Queue[object] = queue.Queue(MAX_QUEUED)
        past = ring.snapshot()
        self._origin = past[0] if past else None
        for packet in past:
            self._queue.put_nowait(packet)
        self._unsubscribe = ring.subscribe(self._on_packet)
        self._thread = threading.Thread(target=self._run, name=f"record-{path.name}", daemon=False)
        self._thread.start()

    def _on_packet(self, packet: BufferedPacket) -> None:
        try:
            self._queue.put_nowait(packet)
        except queue.Full:
            self.error = "il disco non tiene il passo: registrazione fermata"
            self._unsubscribe()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop taking packets, write what is queued, close the file."""
        self._unsubscribe()
        self._queue.put(_STOP)
        self._thread.join(timeout)

    def _run(self) -> None:
        writer: ClipWriter | None = None
        try:
            while (item := self._queue.get()) is not _STOP:
                assert isinstance(item, BufferedPacket)
                origin = self._origin = self._origin or item
                frame = as_frame(item, origin)
                if writer is None:
                    assert self._ring.stream_format is not None
                    writer = ClipWriter(self.path, self._ring.stream_format, frame)
                writer.write(frame)
                self.frames += 1
        except ClipWriteError as err:
            self.error = "disco pieno" if err.disk_full else str(err)
            self._unsubscribe()
            logger.error("recording %s stopped: %s", self.path, err)
        finally:
            if writer is not None:
                try:
                    writer.close()
                except ClipWriteError as err:
                    self.error = self.error or str(err)
