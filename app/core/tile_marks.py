"""Marks on the tiles of a camera: a coloured frame and a short text, per camera.

A plate hit marks every tile that shows its camera, on every wall, until
the hit is acknowledged: the operator looking at the wall sees where the
listed vehicle is, even with the pop-up on another screen. Several things
may mark one camera at once (two open hits); the tile shows the most
urgent one, and how many more there are. The model knows nothing of
plates or of Qt: whoever marks gives a key (a hit id), a rank and the
words, and the walls paint ``mark_of(camera)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.signal import Signal


@dataclass(frozen=True)
class TileMark:
    """What a marked tile shows.

    Attributes:
        colour: the frame's colour ("#d7263d").
        text: the words in the frame ("AB123CD"), with "+N" when more wait.
        rank: lower is more urgent (a list's priority); ties go to the newest.
    """

    colour: str
    text: str
    rank: int = 0


class CameraMarks:
    """The marks of every camera; says which cameras' marks changed.

    Signals:
        changed(frozenset[str]): the cameras whose mark is different now.
    """

    def __init__(self) -> None:
        self.changed = Signal()
        self._by_camera: dict[str, dict[object, tuple[int, TileMark]]] = {}
        self._camera_of: dict[object, str] = {}
        self._shown: dict[str, TileMark] = {}
        self._order = 0  # arrival order, so the newest of equal rank wins

    def add(self, camera_id: str, key: object, mark: TileMark) -> None:
        """Mark ``camera_id`` for ``key`` (a key marks one camera; adding again replaces)."""
        before = self._take(key)
        self._order += 1
        self._by_camera.setdefault(camera_id, {})[key] = (self._order, mark)
        self._camera_of[key] = camera_id
        self._update({camera_id} if before is None else {camera_id, before})

    def remove(self, key: object) -> None:
        """Take ``key``'s mark away (unknown keys are ignored)."""
        camera_id = self._take(key)
        if camera_id is not None:
            self._update({camera_id})

    def _take(self, key: object) -> str | None:
        """Forget ``key``'s mark; the camera it marked (None: it marked none)."""
        camera_id = self._camera_of.pop(key, None)
        if camera_id is not None:
            marks = self._by_camera[camera_id]
            del marks[key]
            if not marks:
                del self._by_camera[camera_id]
        return camera_id

    def clear(self) -> None:
        """Remove every mark."""
        cameras = set(self._by_camera)
        self._by_camera.clear()
        self._camera_of.clear()
        self._update(cameras)

    def mark_of(self, camera_id: str | None) -> TileMark | None:
        """What a tile showing ``camera_id`` paints (None: unmarked)."""
        return self._shown.get(camera_id) if camera_id is not None else None

    def count(self, camera_id: str) -> int:
        """How many marks ``camera_id`` has."""
        return len(self._by_camera.get(camera_id, {}))

    def _update(self, cameras: set[str]) -> None:
        """Work out the shown mark of ``cameras`` again; announce those that changed."""
        changed = set()
        for camera_id in cameras:
            shown = self._best(camera_id)
            if shown != self._shown.get(camera_id):
                changed.add(camera_id)
                if shown is None:
                    self._shown.pop(camera_id, None)
                else:
                    self._shown[camera_id] = shown
        if changed:
            self.changed.emit(frozenset(changed))

    def _best(self, camera_id: str) -> TileMark | None:
        marks = self._by_camera.get(camera_id)
        if not marks:
            return None
        _order, best = min(marks.values(), key=lambda item: (item[1].rank, -item[0]))
        more = len(marks) - 1
        if not more:
            return best
        return TileMark(best.colour, f"{best.text} +{more}", best.rank)
