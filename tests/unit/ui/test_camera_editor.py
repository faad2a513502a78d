"""Camera editor: edit, save (passwords to the store), apply to the running wall."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config.credentials import CredentialStore
from app.config.sitefile import load_site, save_site
from app.core.device_urls import UrlProblem
from app.core.model import OnvifAddress
from app.core.streams import Failure
from app.devices.discovery import DiscoveredDevice
from app.devices.onvif_errors import OnvifError
from app.devices.onvif_types import DeviceSummary, ProfileInfo
from app.ui.camera_editor import CameraEditor
from app.ui.site_menu import SiteActions, install_site_menus
from tests.fakes import ScriptedAsker
from tests.hostile.silent import silent_listener
from tests.simproc import SimProcess

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


@pytest.fixture
def store(tmp_path: Path) -> CredentialStore:
    return CredentialStore(tmp_path / "conf", use_keyring=False)


@pytest.fixture
def actions(manager, bridge, store, tmp_path, monkeypatch):
    monkeypatch.setattr(CameraEditor, "notice_shown", False)  # once per run: reset per test
    path = tmp_path / "site.toml"
    save_site(manager.site, path)
    acts = SiteActions(manager, bridge, path, lambda: store, asker=ScriptedAsker([True] * 5))
    install_site_menus(acts)
    yield acts
    if acts.editor is not None:
        acts.editor.close()


def fill(editor: CameraEditor, **values: str) -> None:
    form = editor.form
    form.id_edit.setText(values.get("id", "lavagna-09"))
    form.number.setValue(int(values.get("number", "299")))
    form.name_edit.setText(values.get("name", "Lungomare sud"))
    form.site_box.setCurrentIndex(form.site_box.findData(values.get("site", "lavagna")))
    form.latitude.setText(values.get("latitude", "44,31"))
    form.main_url.setText(values.get("main_url", "rtsp://10.1.1.9/main"))
    form.username.setText("admin")
    form.password.setText(values.get("password", "Segreta-77"))


def test_menu_then_add_and_save(qtbot, manager, actions, bridge, store):
    path = actions.path
    menu = next(
        a.menu() for a in manager.walls[0].window.menuBar().actions() if a.text() == "&Impianto"
    )
    assert [a.text() for a in menu.actions()] == ["Telecamere...", "Cerca telecamere..."]
    menu.actions()[0].trigger()
    editor = actions.editor
    assert editor is not None and editor.isVisible()
    fill(editor)
    assert editor.add()
    assert editor.save()
    text = path.read_text(encoding="utf-8")
    assert "Segreta-77" not in text and "secret:camera/rtsp/lavagna-09" in text
    loaded = load_site(path, secrets=store.resolve)
    camera = loaded.camera("lavagna-09")
    assert camera is not None and camera.password == "Segreta-77"
    assert camera.latitude == pytest.approx(44.31)
    assert manager.tree.model.camera_index("lavagna-09").isValid()
    assert manager.site.camera_by_number(299) is not None
    texts = [m.text for m in bridge.history]
    assert any(t.startswith("Password cifrate in un file locale") for t in texts)
    assert texts[-1] == f"Impianto salvato in {path}"


def test_duplicate_number_is_refused_in_italian(qtbot, actions, bridge, tmp_path):
    editor = actions.open_editor()
    before = (tmp_path / "site.toml").read_text(encoding="utf-8")
    fill(editor, number="102")
    assert not editor.add()
    assert bridge.last().text == "Il numero di chiamata 102 è già di un'altra telecamera"
    fill(editor, id="chiavari-01")
    assert not editor.add()
    assert bridge.last().text == "Il codice chiavari-01 è già usato"
    fill(editor, latitude="nord")
    assert not editor.add()
    assert bridge.last().text == "Latitudine non valida (da -90 a 90): nord"
    assert (tmp_path / "site.toml").read_text(encoding="utf-8") == before


def test_saved_site_reaches_the_wall(qtbot, manager, actions, provider):
    view = manager.walls[0].window.view
    old_02 = view.held_streams()[1]
    editor = actions.open_editor()
    editor.select_camera("chiavari-01")
    assert editor.remove_selected()  # confirmed by the scripted asker
    editor.select_camera("chiavari-02")
    assert editor.form.id_edit.text() == "chiavari-02"
    editor.form.main_url.setText("rtsp://10.9.9.9/nuovo")
    assert editor.update_selected()
    assert editor.save()
    assert manager.walls[0].model.camera_at(0) is None  # removed camera: empty tile
    assert provider.users("chiavari-01") == 0
    assert not manager.tree.model.camera_index("chiavari-01").isValid()
    new_02 = view.held_streams()[1]
    assert new_02 is not old_02  # changed URL: the stream was restarted
    assert manager.walls[0].window.site.camera("chiavari-02").main_url.endswith("/nuovo")


def test_verify_failure_is_reported(qtbot, actions, bridge):
    def refuse(address: OnvifAddress) -> DeviceSummary:
        raise OnvifError(Failure.AUTH, f"{address.host} refused the credentials")

    editor = actions.open_editor()
    editor.verify_call = refuse
    editor.new_onvif_camera("192.0.2.4", 8080, "Varco Nord")
    assert editor.form.id_edit.text() == "varco-nord"
    assert editor.verify()
    qtbot.waitUntil(editor.buttons["verify"].isEnabled, timeout=5000)
    assert bridge.last().text == "Verifica non riuscita: Credenziali non valide"


def test_verify_fills_urls_from_the_simulator(qtbot, actions, sim: SimProcess):
    editor = actions.open_editor()
    port = sim.onvif_ports["chiavari-07"]
    editor.new_onvif_camera(sim.host, port, "Casello")
    editor.form.onvif_user.setText(sim.username)
    editor.form.onvif_password.setText(sim.password("chiavari-07"))
    assert editor.verify()
    assert not editor.verify()  # one check at a time
    qtbot.waitUntil(lambda: editor.form.main_url.text() != "", timeout=30000)
    assert editor.form.main_url.text().endswith("/chiavari-07/main")
    assert editor.form.sub_url.text().endswith("/chiavari-07/sub")
    assert editor.status.text().startswith("Telecamera verificata:")
    offer = editor.status.text().splitlines()[1]
    assert offer.startswith("Registrazioni: sì, 1 (dal "), offer


def test_the_editor_says_whether_a_device_offers_recordings(qtbot, actions):
    editor = actions.open_editor()
    assert editor.describe_recordings({"offered": False}).startswith("Registrazioni: nessuna")
    assert editor.describe_recordings(None).endswith("non ha risposto alla richiesta")
    since = {"offered": True, "recordings": 2, "from": "2026-04-01T00:00:00+00:00"}
    assert editor.describe_recordings(since).startswith("Registrazioni: sì, 2 (dal ")
    assert editor.describe_recordings({"offered": True, "recordings": 1, "from": "x"}) == (
        "Registrazioni: sì, 1"
    )


def test_added_device_opens_the_editor_prefilled(qtbot, manager, actions):
    device = DiscoveredDevice(
        "192.0.2.20", 8080, ("http://192.0.2.20:8080/onvif/device_service",), "Varco Nord"
    )
    actions.add_device(device)
    editor = actions.editor
    assert editor is not None and editor.isVisible()
    address = editor.form.onvif_address()
    assert address == OnvifAddress("192.0.2.20", 8080)
    assert editor.form.id_edit.text() == "varco-nord"
    assert editor.status.text() == "Inserire utente e password ONVIF, poi premere Verifica"


def test_saving_keeps_the_installer_comments(qtbot, actions):
    path = actions.path
    text = path.read_text(encoding="utf-8")
    first = text.index("[[cameras]]")
    commented = (
        "# Impianto curato a mano: non riordinare.\n"
        + text[:first]
        + "# Telecamere del centro storico\n"
        + text[first:]
    ).replace('id = "chiavari-02"\n', 'id = "chiavari-02"   # palo davanti al municipio\n')
    path.write_text(commented, encoding="utf-8")
    editor = actions.open_editor()
    editor.select_camera("chiavari-02")
    editor.form.name_edit.setText("Municipio")
    assert editor.update_selected()
    assert editor.save()
    saved = path.read_text(encoding="utf-8")
    assert saved.startswith("# Impianto curato a mano: non riordinare.\n")
    assert "# Telecamere del centro storico\n[[cameras]]" in saved
    assert 'id = "chiavari-02"   # palo davanti al municipio\n' in saved
    assert 'name = "Municipio"' in saved
    # Only that camera's name changed: the rest of the file reads as before.
    assert saved.replace('"Municipio"', "X").count("\n") == commented.count("\n")
    assert (path.parent / "site.toml.1").read_text(encoding="utf-8") == commented


def test_two_cameras_whose_ids_looked_alike_keep_their_passwords(qtbot, actions, store):
    editor = actions.open_editor()
    fill(editor, id="x", number="301", password="")
    editor.form.onvif_group.setChecked(True)
    editor.form.onvif_host.setText("10.1.1.30")
    editor.form.onvif_user.setText("admin")
    editor.form.onvif_password.setText("onvif-di-x")
    assert editor.add()
    fill(editor, id="x-onvif", number="302", password="rtsp-di-x-onvif")
    editor.form.onvif_group.setChecked(False)
    assert editor.add()
    assert editor.save()
    loaded = load_site(actions.path, secrets=store.resolve)
    assert loaded.camera("x").onvif.password == "onvif-di-x"
    assert loaded.camera("x-onvif").password == "rtsp-di-x-onvif"


def test_save_keeps_the_edit_just_typed_and_close_warns_about_typed_edits(qtbot, actions):
    editor = actions.open_editor()
    editor.select_camera("chiavari-02")
    editor.form.name_edit.setText("Corso Garibaldi - lato mare")  # typed, no "Modifica"
    assert editor.pending_edit()
    assert editor.save()
    saved = load_site(actions.path, secrets=lambda _ref: "")
    assert saved.camera("chiavari-02").name == "Corso Garibaldi - lato mare"
    assert not editor.pending_edit() and not editor.dirty
    editor.form.name_edit.setText("Corso Garibaldi - altro")  # typed, then the window closes
    editor.asker = ScriptedAsker([False, True])
    editor.reject()
    assert editor.asker.asked == ["Telecamere"] and editor.isVisible()  # the operator said no
    editor.reject()  # asked again; this time yes: the typed edit is dropped
    assert not editor.isVisible()


def test_save_refuses_a_typed_edit_that_is_not_valid(qtbot, actions, bridge):
    editor = actions.open_editor()
    editor.select_camera("chiavari-02")
    before = actions.path.read_text(encoding="utf-8")
    editor.form.latitude.setText("nord")
    assert not editor.save()
    assert actions.path.read_text(encoding="utf-8") == before
    assert bridge.last().text == "Latitudine non valida (da -90 a 90): nord"


def _summary_with(uri: str, problem: UrlProblem | None) -> DeviceSummary:
    main = ProfileInfo("main", "Main", 1280, 720, "H264", 25.0, uri, problem)
    return DeviceSummary("Hostile", "Cam", main=main, sub=main, profiles=(main,))


FOREIGN = "rtsp://10.66.66.66:554/stream1"


def _verify_with(qtbot, editor: CameraEditor, summary: DeviceSummary) -> None:
    editor.verify_call = lambda address: summary
    editor.new_onvif_camera("192.0.2.4", 8080, "Varco Nord")
    assert editor.verify()
    qtbot.waitUntil(editor.buttons["verify"].isEnabled, timeout=5000)


def test_foreign_stream_needs_confirmation_kept_in_the_site_file(qtbot, actions, store):
    editor = actions.open_editor()
    problem = UrlProblem(Failure.FOREIGN_HOST, "stream address is on host '10.66.66.66'")
    _verify_with(qtbot, editor, _summary_with(FOREIGN, problem))
    assert actions.asker.asked[-1] == "Flusso su un altro indirizzo"
    assert editor.form.allow_foreign.isChecked()
    assert editor.form.main_url.text() == FOREIGN
    editor.form.number.setValue(298)
    assert editor.add()
    assert editor.save()
    assert "allow_foreign_stream_host = true" in actions.path.read_text(encoding="utf-8")
    camera = load_site(actions.path, secrets=store.resolve).camera("varco-nord")
    assert camera is not None and camera.onvif is not None
    assert camera.onvif.allow_foreign_stream_host


def test_foreign_stream_refused_by_the_installer_is_not_filled(qtbot, manager, bridge, store):
    asker = ScriptedAsker([False, True])  # refuse the other host; then close anyway
    acts = SiteActions(manager, bridge, None, lambda: store, asker=asker)
    editor = acts.open_editor()
    problem = UrlProblem(Failure.FOREIGN_HOST, "elsewhere")
    _verify_with(qtbot, editor, _summary_with(FOREIGN, problem))
    assert editor.form.main_url.text() == ""
    assert not editor.form.allow_foreign.isChecked()
    assert bridge.last().text == "Flusso su un altro indirizzo non consentito"
    editor.close()


def test_unsafe_stream_address_is_never_filled(qtbot, actions, bridge):
    editor = actions.open_editor()
    asked = len(actions.asker.asked)
    problem = UrlProblem(Failure.UNSAFE_URI, "scheme 'file'")
    _verify_with(qtbot, editor, _summary_with("file:///etc/passwd", problem))
    assert editor.form.main_url.text() == ""
    assert len(actions.asker.asked) == asked  # nothing to confirm: it is refused
    assert bridge.last().text == "La telecamera indica un indirizzo del flusso non ammesso"


def test_internal_error_text_stays_in_the_log(qtbot, actions, bridge):
    def broken(address: OnvifAddress) -> DeviceSummary:
        raise TypeError("'NoneType' object is not iterable")

    editor = actions.open_editor()
    editor.verify_call = broken
    editor.new_onvif_camera("192.0.2.4", 8080, "Varco Nord")
    assert editor.verify()
    qtbot.waitUntil(editor.buttons["verify"].isEnabled, timeout=5000)
    assert "NoneType" not in bridge.last().text
    assert bridge.last().text.startswith("Verifica non riuscita: ")


def test_form_shows_the_two_permissions(qtbot, actions, tmp_path):
    editor = actions.open_editor()
    editor.resize(900, 640)
    editor.form.onvif_group.setChecked(True)
    qtbot.waitExposed(editor)
    picture = editor.grab()
    assert not picture.isNull()
    picture.save(str(tmp_path / "camera-editor.png"))
    assert editor.form.allow_basic.isVisible() and editor.form.allow_foreign.isVisible()


@pytest.fixture
def silent_port() -> Iterator[int]:
    with silent_listener() as port:
        yield port


def test_editor_check_uses_the_configured_timeout(
    qtbot, manager, bridge, silent_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    asker = ScriptedAsker([True])  # closing with the typed camera: yes
    acts = SiteActions(manager, bridge, None, lambda: None, asker=asker, onvif_timeout=0.6)
    editor = acts.open_editor()
    editor.new_onvif_camera("127.0.0.1", silent_port, "Muta")
    with caplog.at_level(logging.WARNING, logger="app.ui"):
        assert editor.verify()
        qtbot.waitUntil(editor.buttons["verify"].isEnabled, timeout=10000)
    assert "within 0.6 s" in caplog.text
    editor.close()
