"""Site editing without Qt: validation, and a save/load round trip with secrets."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.config.credentials import CredentialStore
from app.config.sitefile import load_site, save_site
from app.core.model import Camera, OnvifAddress, Site, SiteConfig
from app.core.secret_ids import with_secret_references
from app.core.site_edit import (
    EditProblem,
    SiteEditError,
    add_camera,
    add_site,
    configured_endpoints,
    next_number,
    remove_camera,
    remove_site,
    slug,
    update_camera,
    update_site,
)


def base() -> SiteConfig:
    sites = (Site("chiavari", "Chiavari"), Site("lavagna", "Lavagna"))
    cameras = (
        Camera("c1", 101, "Piazza", "chiavari", main_url="rtsp://10.0.0.1/main"),
        Camera("c2", 102, "Porto", "chiavari", onvif=OnvifAddress("10.0.0.2", 8080, "u", "p")),
    )
    return SiteConfig("Prova", sites, (), cameras)


def new_camera(**changes: object) -> Camera:
    camera = Camera("c3", 201, "Lungomare", "lavagna", main_url="rtsp://10.0.0.3/s")
    return replace(camera, **changes)  # type: ignore[arg-type]


def refused(call: object, *args: object) -> SiteEditError:
    with pytest.raises(SiteEditError) as info:
        call(*args)  # type: ignore[operator]
    return info.value


def test_add_camera_returns_a_new_config() -> None:
    config = base()
    added = add_camera(config, new_camera())
    assert [c.id for c in added.cameras] == ["c1", "c2", "c3"]
    assert added.camera_by_number(201) is not None
    assert len(config.cameras) == 2  # the original is untouched


@pytest.mark.parametrize(
    ("changes", "problem", "field"),
    [
        ({"id": "c1"}, EditProblem.DUPLICATE_ID, "id"),
        ({"number": 101}, EditProblem.DUPLICATE_NUMBER, "number"),
        ({"number": 0}, EditProblem.BAD_NUMBER, "number"),
        ({"id": " "}, EditProblem.EMPTY_ID, "id"),
        ({"site_id": "genova"}, EditProblem.UNKNOWN_SITE, "site"),
        ({"main_url": "ftp://x/y"}, EditProblem.BAD_URL, "main_url"),
        ({"sub_url": "rtsp://h:99999/"}, EditProblem.BAD_URL, "sub_url"),
        ({"main_url": None}, EditProblem.NO_STREAM, "main_url"),
        ({"latitude": 91.0}, EditProblem.BAD_LATITUDE, "latitude"),
        ({"longitude": -181.0}, EditProblem.BAD_LONGITUDE, "longitude"),
        ({"heading": 400.0}, EditProblem.BAD_HEADING, "heading"),
        ({"onvif": OnvifAddress("h", 0)}, EditProblem.BAD_PORT, "onvif.port"),
    ],
)
def test_invalid_cameras_are_refused(changes: dict, problem: EditProblem, field: str) -> None:
    error = refused(add_camera, base(), new_camera(**changes))
    assert (error.problem, error.field) == (problem, field)
    assert error.detail


def test_duplicate_number_message_names_the_other_camera() -> None:
    error = refused(add_camera, base(), new_camera(number=102))
    assert "102" in str(error) and "'c2'" in str(error)


def test_update_keeps_own_number_and_may_rename() -> None:
    config = base()
    changed = update_camera(config, "c1", replace(config.cameras[0], id="c1b", name="Nuova"))
    assert changed.camera("c1") is None
    assert changed.camera_by_number(101) is not None
    assert changed.camera_by_number(101).name == "Nuova"  # type: ignore[union-attr]
    assert refused(update_camera, config, "zz", config.cameras[0]).problem is (
        EditProblem.UNKNOWN_CAMERA
    )
    clash = replace(config.cameras[0], number=102)
    assert refused(update_camera, config, "c1", clash).problem is EditProblem.DUPLICATE_NUMBER


def test_sites_add_rename_remove() -> None:
    config = add_site(base(), Site("sestri", "Sestri Levante"))
    assert refused(add_site, config, Site("sestri", "Altro")).problem is EditProblem.DUPLICATE_ID
    renamed = update_site(config, "chiavari", Site("chiavari-c", "Chiavari centro"))
    assert {c.site_id for c in renamed.cameras} == {"chiavari-c"}
    assert refused(remove_site, renamed, "chiavari-c").problem is EditProblem.SITE_IN_USE
    assert [s.id for s in remove_site(renamed, "sestri").sites] == ["chiavari-c", "lavagna"]
    emptied = remove_camera(remove_camera(renamed, "c1"), "c2")
    assert remove_site(emptied, "chiavari-c").camera("c1") is None


def test_helpers() -> None:
    config = base()
    assert next_number(config, "chiavari") == 103
    assert next_number(config, "lavagna") == 103  # no own camera: after the highest
    assert slug("  Sestri Levante!") == "sestri-levante"
    onvif, hosts = configured_endpoints(config)
    assert onvif == {("10.0.0.2", 8080)}
    assert hosts == {"10.0.0.1"}


def test_round_trip_keeps_passwords_out_of_the_file(tmp_path: Path) -> None:
    store = CredentialStore(tmp_path / "conf", use_keyring=False)
    config = add_camera(base(), new_camera(username="admin", password="Segreta-123"))
    stored = with_secret_references(config, store.put)
    path = tmp_path / "site.toml"
    save_site(stored, path)
    text = path.read_text(encoding="utf-8")
    assert "Segreta-123" not in text
    assert '"p"' not in text  # the ONVIF password too
    assert 'password = "secret:camera/rtsp/c3"' in text
    loaded = load_site(path, secrets=store.resolve)
    assert loaded.camera("c3").password == "Segreta-123"  # type: ignore[union-attr]
    assert loaded.camera("c2").onvif.password == "p"  # type: ignore[union-attr]
    assert loaded == config
    # Saving again reuses the same secret ids: nothing piles up.
    again = with_secret_references(loaded, store.put)
    assert again == stored
