"""The transit store: storing through the pipeline, search, hits, retention, counts."""

from __future__ import annotations

from pathlib import Path

from app.anpr.hotlists import Hotlists
from app.anpr.images import ImageFolder
from app.anpr.pipeline import HitEvent, PlatePipeline
from app.anpr.retention import DAY, RetentionPolicy, purge
from app.anpr.traffic import counts, counts_csv
from app.anpr.transit_hits import Outcome, acknowledge, hit, hits
from app.anpr.transit_search import SearchQuery, search, track
from app.anpr.transits import TransitStore
from app.core.plates import Direction
from tests.plate_fixtures import JPEG, plate_read

T0 = 1_700_000_000.0


def fill(pipeline: PlatePipeline, plates: list[str], step: float = 60.0) -> None:
    for i, plate in enumerate(plates):
        camera = f"varco-{i % 3}"
        direction = Direction.APPROACHING if i % 2 else Direction.LEAVING
        pipeline.submit(plate_read(plate, T0 + i * step, camera, direction))
    assert pipeline.flush()


def plates_of(results: list) -> list[str]:  # type: ignore[type-arg]
    return [r.stored.read.plate for r in results]


def test_exact_wildcard_and_suffix_search(pipeline: PlatePipeline) -> None:
    fill(pipeline, ["AB123CD", "AB923CD", "AX123CD", "ZZ999ZZ", "AB123CD"])
    store = pipeline.store
    assert plates_of(search(store, SearchQuery("ab123cd"))) == ["AB123CD", "AB123CD"]
    assert sorted(plates_of(search(store, SearchQuery("AB?23*")))) == [
        "AB123CD",
        "AB123CD",
        "AB923CD",
    ]
    assert sorted(plates_of(search(store, SearchQuery("*123CD")))) == [
        "AB123CD",
        "AB123CD",
        "AX123CD",
    ]
    assert plates_of(search(store, SearchQuery("*99*"))) == ["ZZ999ZZ"]


def test_filters_time_camera_direction(pipeline: PlatePipeline) -> None:
    fill(pipeline, ["AB123CD"] * 6)
    store = pipeline.store
    assert len(search(store, SearchQuery("AB123CD", start=T0 + 120))) == 4
    assert len(search(store, SearchQuery("AB123CD", cameras=("varco-0",)))) == 2
    query = SearchQuery("AB123CD", direction=Direction.LEAVING, end=T0 + 200)
    assert [r.stored.read.direction for r in search(store, query)] == [Direction.LEAVING] * 2


def test_fuzzy_search_finds_misreads_and_says_how(pipeline: PlatePipeline) -> None:
    fill(pipeline, ["AB123CD", "AB12JCD", "A8123CD", "AB123C", "AB1Z3CO", "KK123CD"])
    results = search(pipeline.store, SearchQuery("AB123CD", fuzzy=True))
    how = {r.stored.read.plate: r.how.describe() for r in results if r.how}
    assert how == {
        "AB123CD": "esatta",
        "A8123CD": "corretta 8->B in posizione 2",
        "AB123C": "simile: manca D in posizione 7",
        "AB1Z3CO": "corretta Z->2 in posizione 4, O->D in posizione 7",
    }


def test_track_is_in_time_order(pipeline: PlatePipeline) -> None:
    fill(pipeline, ["AB123CD", "ZZ999ZZ", "AB123CD", "AB123CD"])
    passages = track(pipeline.store, "AB123CD", None, None)
    assert [p.read.camera_id for p in passages] == ["varco-0", "varco-2", "varco-0"]
    times = [p.read.captured_at for p in passages]
    assert times == sorted(times)


def test_hit_is_announced_stored_and_acknowledged(
    pipeline: PlatePipeline, plate_hotlists: Hotlists, tmp_path: Path
) -> None:
    plate_hotlists.add_manual("A1", "AB120CD", "rubata", None, "rossi")
    events: list[HitEvent] = []
    pipeline.hit.connect(events.append)
    pipeline.submit(plate_read("AB12OCD", T0, image=True))
    assert pipeline.flush()
    [event] = events
    assert event.hit.how.describe() == "corretta O->0 in posizione 5"
    [row] = hits(pipeline.store, open_only=True)
    assert (row.id, row.listed_plate, row.plate, row.note) == (
        event.hit_id,
        "AB120CD",
        "AB12OCD",
        "rubata",
    )
    stored = pipeline.store.read(row.read_id)
    assert stored is not None and stored.hit and stored.read.plate_image is not None
    picture = ImageFolder(tmp_path / "img").path(stored.read.plate_image.path)
    assert picture is not None and picture.read_bytes() == JPEG
    assert acknowledge(pipeline.store, row.id, "rossi", Outcome.CONFIRMED, "fermato")
    assert not acknowledge(pipeline.store, row.id, "bianchi", Outcome.OTHER, "")
    done = hit(pipeline.store, row.id)
    assert done is not None and (done.operator, done.outcome) == ("rossi", "confermato")
    assert hits(pipeline.store, open_only=True) == []


def test_acknowledged_hit_survives_reopening(
    pipeline: PlatePipeline, plate_hotlists: Hotlists, tmp_path: Path
) -> None:
    plate_hotlists.add_manual("A1", "AB123CD", "", None, "rossi")
    [stored] = [pipeline.submit(plate_read("AB123CD"))]
    assert pipeline.flush()
    [row] = hits(pipeline.store)
    acknowledge(pipeline.store, row.id, "rossi", Outcome.MISREAD, "era un furgone")
    reopened = TransitStore(pipeline.store.path)
    again = hit(reopened, row.id)
    reopened.close()
    assert again is not None and again.read_id == stored.id and again.ack_note == "era un furgone"


def test_retention_keeps_open_hits_and_per_site_days(
    pipeline: PlatePipeline, plate_hotlists: Hotlists, tmp_path: Path
) -> None:
    plate_hotlists.add_manual("A1", "AB123CD", "", None, "rossi")
    pipeline.submit(plate_read("AB123CD", T0, image=True))
    pipeline.submit(plate_read("ZZ999ZZ", T0, image=True))
    pipeline.submit(plate_read("YY888YY", T0 + 5 * DAY))
    assert pipeline.flush()
    images = ImageFolder(tmp_path / "img")
    report = purge(pipeline.store, images, RetentionPolicy(days=7), now=T0 + 8 * DAY)
    assert (report.reads, report.images, report.hits) == (1, 2, 0)
    assert sorted(plates_of(search(pipeline.store, SearchQuery()))) == ["AB123CD", "YY888YY"]
    # The site of these cameras keeps 2 days only; the open hit stays.
    per_site = RetentionPolicy(days=7, by_site={"chiavari": 2})
    assert purge(pipeline.store, images, per_site, now=T0 + 8 * DAY).reads == 1
    [row] = hits(pipeline.store)
    acknowledge(pipeline.store, row.id, "rossi", Outcome.CONFIRMED, "", at=T0 + DAY)
    later = purge(pipeline.store, images, RetentionPolicy(hit_days=30), now=T0 + 400 * DAY)
    assert (later.hits, later.images) == (1, 2)
    assert pipeline.store.count() == 0


def test_counts_per_bucket_camera_and_direction(pipeline: PlatePipeline) -> None:
    fill(pipeline, [f"AB{i:03d}CD" for i in range(12)], step=600)  # two hours
    rows = counts(pipeline.store, T0 - 7200, T0 + 7200, bucket="ora")
    assert sum(r.count for r in rows) == 12
    assert {r.camera for r in rows} == {"varco-0", "varco-1", "varco-2"}
    assert {r.direction for r in rows} == {"approaching", "leaving"}
    text = counts_csv(rows)
    assert text.startswith("inizio;telecamera;direzione;veicolo;passaggi\r\n")
    assert len(text.splitlines()) == len(rows) + 1


def test_a_flooding_camera_is_reported_with_its_rate(pipeline: PlatePipeline) -> None:
    warnings: list[tuple[str, float]] = []
    pipeline.rate_warning.connect(lambda camera, rate: warnings.append((camera, rate)))
    for i in range(60):
        pipeline.submit(plate_read(f"AB{i:03d}CD", camera="varco-9"))
    assert pipeline.flush()
    [(camera, rate)] = warnings  # once, not for every read
    assert camera == "varco-9" and rate > 20
    assert pipeline.rates()["varco-9"] == 60
