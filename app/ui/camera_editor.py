"""The camera editor: comuni and cameras of the site, changed and saved.

Edits go through ``app.core.site_edit`` (validated, a new ``SiteConfig``
each time) and are only written by "Salva": atomically, with passwords in
the credential store and ``secret:<id>`` references in the file, only the
changed keys rewritten (the installer's comments stay). After a
save the editor emits ``saved`` with the new site, which the wall applies
at once. "Verifica" asks an ONVIF camera for its streams in a worker
thread and fills in the URLs, and says whether the device offers
recordings (ONVIF Profile G search and replay: a camera with a card, or an
NVR). Nothing here opens a blocking dialog except through the injectable
``Asker``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config.credentials import CredentialError
from app.config.sitefile import save_site
from app.config.sitesave import SecretKeeper, save_site_with_secrets
from app.core import site_edit
from app.core.model import Camera, OnvifAddress, Site, SiteConfig
from app.core.site_edit import EditProblem, SiteEditError
from app.core.streams import Failure
from app.core.untrusted import clean
from app.devices.onvif import get_device_summary
from app.devices.onvif_errors import OnvifError
from app.devices.onvif_types import DeviceSummary
from app.devices.recorder_onvif import recording_summary
from app.ui.background import BackgroundCall, run_in_background
from app.ui.camera_form import CameraForm
from app.ui.layout_menu import Asker, DialogAsker
from app.ui.messages import MessageBridge
from app.ui.reasons import reason_words
from app.ui.status_text import failure_words

logger = logging.getLogger("app.ui")

KIND_ROLE = int(Qt.ItemDataRole.UserRole) + 1
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2
VERIFY_TIMEOUT_S = 5.0  # per request; the wall passes onvif.timeout_s


class SecretStore(SecretKeeper, Protocol):
    """What the editor needs of ``CredentialStore``."""

    @property
    def notice(self) -> str:
        """A line for the operator about a weak store, or ""."""
        ...


def ask_device(address: OnvifAddress, timeout: float = VERIFY_TIMEOUT_S) -> DeviceSummary:
    """Identity and streams of an ONVIF device (blocking: call it off the GUI thread)."""
    return asyncio.run(get_device_summary(address, timeout))


def ask_recordings(address: OnvifAddress) -> dict[str, object] | None:
    """Whether the device offers recordings, and which (blocking; None: it would not say).

    See ``app.devices.recorder_onvif.recording_summary``.
    """
    try:
        return asyncio.run(recording_summary(address, VERIFY_TIMEOUT_S))
    except OnvifError as err:
        logger.info("recordings of %s:%d not asked: %s", address.host, address.port, err)
        return None


class CameraEditor(QDialog):
    """List of comuni and cameras, a camera form and the edit buttons.

    Signals:
        saved(object): the ``SiteConfig`` just written (plain passwords).
    """

    saved = Signal(object)
    notice_shown = False  # the credential-store notice is shown once per run

    def __init__(
        self,
        site: SiteConfig,
        bridge: MessageBridge,
        *,
        path: Path | None,
        store: SecretStore | None,
        asker: Asker | None = None,
        verify: Callable[[OnvifAddress], DeviceSummary] = ask_device,
        recordings: Callable[[OnvifAddress], dict[str, object] | None] = ask_recordings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Telecamere dell'impianto"))
        self.site, self.bridge, self.path, self.store = site, bridge, path, store
        self.asker: Asker = asker or DialogAsker(self)
        self.verify_call = verify
        self.recordings_call = recordings
        self.dirty = False
        self._shown: Camera | None = None  # what the form was last filled with
        self.verify_job: BackgroundCall | None = None
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)
        self.form = CameraForm(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        self._lay_out()
        self.form.set_sites(site.sites)
        self._fill_tree()
        self._blank(site.sites[0].id if site.sites else "")

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        for key, label, slot in (
            ("site", self.tr("Nuovo comune..."), self.add_site),
            ("add", self.tr("Aggiungi"), self.add),
            ("update", self.tr("Modifica"), self.update_selected),
            ("remove", self.tr("Elimina"), self.remove_selected),
            ("verify", self.tr("Verifica"), self.verify),
            ("save", self.tr("Salva"), self.save),
            ("close", self.tr("Chiudi"), self.close),
        ):
            button = QPushButton(label, self)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[key] = button
        top = QHBoxLayout()
        top.addWidget(self.tree, 1)
        top.addWidget(self.form, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(row)

    # -- the list ----------------------------------------------------------
    def _fill_tree(self, select: tuple[str, str] | None = None) -> None:
        self.tree.blockSignals(True)  # rebuilding is not the operator choosing
        self.tree.clear()
        for place in self.site.sites:
            parent = QTreeWidgetItem([place.name])
            parent.setData(0, KIND_ROLE, "site")
            parent.setData(0, ID_ROLE, place.id)
            for cam in self.site.cameras_of(place.id):
                item = QTreeWidgetItem([f"{cam.number} {cam.name}"])
                item.setData(0, KIND_ROLE, "camera")
                item.setData(0, ID_ROLE, cam.id)
                parent.addChild(item)
                if select == ("camera", cam.id):
                    self.tree.setCurrentItem(item)
            self.tree.addTopLevelItem(parent)
            if select == ("site", place.id):
                self.tree.setCurrentItem(parent)
        self.tree.expandAll()
        self.tree.blockSignals(False)

    def selected(self) -> tuple[str, str] | None:
        """("site" or "camera", id) of the chosen row, or None."""
        item = self.tree.currentItem()
        if item is None:
            return None
        return str(item.data(0, KIND_ROLE)), str(item.data(0, ID_ROLE))

    def select_camera(self, camera_id: str) -> None:
        """Choose camera ``camera_id`` in the list (its values go to the form)."""
        self._fill_tree(("camera", camera_id))
        self._on_tree_current_changed(self.tree.currentItem(), None)

    def _on_tree_current_changed(self, item: QTreeWidgetItem | None, _old: Any) -> None:
        chosen = self.selected() if item is not None else None
        if chosen is None:
            return
        kind, ident = chosen
        camera = self.site.camera(ident) if kind == "camera" else None
        if camera is not None:
            self._show(camera)
        else:
            self._blank(ident)

    def _show(self, camera: Camera) -> None:
        """Fill the form with ``camera``, remembered to tell the operator's edits apart."""
        self.form.set_camera(camera)
        self._shown = self._read_form() or camera

    def _blank(self, site_id: str) -> None:
        """An empty camera in comune ``site_id`` with the next free call-up number."""
        number = site_edit.next_number(self.site, site_id)
        self._show(Camera("", number, "", site_id))

    # -- editing -------------------------------------------------------------
    def _apply(self, change: Callable[[], SiteConfig], select: tuple[str, str]) -> bool:
        """Run one edit; on success keep the new site and show it."""
        try:
            new = change()
        except SiteEditError as exc:
            self._problem(explain(exc))
            return False
        self.site, self.dirty = new, True
        self.form.set_sites(new.sites)
        self._fill_tree(select)
        self._shown = self._read_form()  # the form's values are in the site now
        self.status.setText(self.tr("Modifiche non ancora salvate"))
        return True

    def _problem(self, text: str) -> None:
        self.status.setText(text)
        self.bridge.warning(text)

    def _form_camera(self) -> Camera | None:
        try:
            return self.form.camera()
        except SiteEditError as exc:
            self._problem(explain(exc))
            return None

    def add(self) -> bool:
        """Add the camera in the form as a new camera."""
        camera = self._form_camera()
        if camera is None:
            return False
        return self._apply(lambda: site_edit.add_camera(self.site, camera), ("camera", camera.id))

    def update_selected(self) -> bool:
        """Replace the chosen camera with the form's values."""
        chosen, camera = self.selected(), self._form_camera()
        if camera is None:
            return False
        if chosen is None or chosen[0] != "camera":
            self._problem(self.tr("Scegliere nell'elenco la telecamera da modificare"))
            return False
        old = chosen[1]
        change = lambda: site_edit.update_camera(self.site, old, camera)  # noqa: E731
        return self._apply(change, ("camera", camera.id))

    def remove_selected(self) -> bool:
        """Delete the chosen camera, or the chosen comune if it has no cameras (confirmed)."""
        chosen = self.selected()
        if chosen is None:
            self._problem(self.tr("Scegliere nell'elenco cosa eliminare"))
            return False
        kind, ident = chosen
        question = (
            self.tr("Eliminare la telecamera %s?")
            if kind == "camera"
            else self.tr("Eliminare il comune %s?")
        ) % ident
        if not self.asker.confirm(self.tr("Elimina"), question):
            return False
        if kind == "camera":
            return self._apply(lambda: site_edit.remove_camera(self.site, ident), ("", ""))
        return self._apply(lambda: site_edit.remove_site(self.site, ident), ("", ""))

    def add_site(self, name: str | None = None) -> bool:
        """Add a comune (asks its name)."""
        if name is None:
            name = self.asker.text(self.tr("Nuovo comune"), self.tr("Nome del comune:"))
        if not name or not name.strip():
            return False
        site = Site(site_edit.slug(name), name.strip())
        return self._apply(lambda: site_edit.add_site(self.site, site), ("site", site.id))

    def new_onvif_camera(self, host: str, port: int, name: str = "") -> None:
        """Prepare the form for a camera found on the network (credentials to fill in)."""
        chosen = self.selected()
        camera = self.site.camera(chosen[1]) if chosen and chosen[0] == "camera" else None
        site_id = camera.site_id if camera else (chosen[1] if chosen else "")
        site_id = site_id or (self.site.sites[0].id if self.site.sites else "")
        self._blank(site_id)
        self.form.id_edit.setText(site_edit.slug(name or f"{host}-{port}"))
        self.form.name_edit.setText(name)
        self.form.set_onvif(OnvifAddress(host, port))
        self.form.onvif_user.setFocus()
        self.status.setText(self.tr("Inserire utente e password ONVIF, poi premere Verifica"))

    # -- ONVIF check -----------------------------------------------------------
    def verify(self) -> bool:
        """Ask the form's ONVIF device for its streams, in a worker thread."""
        address = self.form.onvif_address()
        if address is None or not address.host:
            self._problem(self.tr("Indicare l'indirizzo ONVIF della telecamera"))
            return False
        if self.verify_job is not None and self.verify_job.running:
            return False
        self.buttons["verify"].setEnabled(False)
        self.status.setText(self.tr("Verifica di %s:%d in corso...") % (address.host, address.port))
        call, offer = self.verify_call, self.recordings_call
        self.verify_job = run_in_background(
            lambda: (call(address), offer(address)), self._on_verified, "onvif-verify", self
        )
        return True

    def _on_verified(self, result: Any, error: BaseException | None) -> None:
        self.buttons["verify"].setEnabled(True)
        summary, offer = result if isinstance(result, tuple) else (None, None)
        if error is not None or not isinstance(summary, DeviceSummary):
            logger.warning("ONVIF check failed: %s", error)
            if isinstance(error, OnvifError):
                reason = failure_words(error.failure)
            else:  # the exception's own text is for the log, not the installer
                reason = reason_words(error) if error is not None else ""
            self._problem(self.tr("Verifica non riuscita: %s") % reason)
            return
        if not self._streams_acceptable(summary):
            return
        if summary.main is not None:
            self.form.main_url.setText(summary.main.stream_uri)
        if summary.sub is not None and summary.sub is not summary.main:
            self.form.sub_url.setText(summary.sub.stream_uri)
        self.status.setText(self.describe_device(summary) + "\n" + self.describe_recordings(offer))

    # -- edits typed but not applied -------------------------------------------
    def _read_form(self) -> Camera | None:
        """The form's camera, or None while it does not parse (quietly)."""
        try:
            return self.form.camera()
        except SiteEditError:
            return None

    def pending_edit(self) -> bool:
        """Whether the form holds edits not yet applied to the site."""
        shown = self._shown
        return shown is not None and self._read_form() != shown

    def _apply_pending(self) -> bool:
        """Apply what the operator typed (a change to the chosen camera, or a new
        one); False, with the problem shown, when it cannot be applied."""
        if not self.pending_edit():
            return True
        chosen = self.selected()
        if chosen is not None and chosen[0] == "camera":
            return self.update_selected()
        return self.add()

    def _streams_acceptable(self, summary: DeviceSummary) -> bool:
        """Whether the device's stream addresses may fill the form.

        An address of a kind never opened (``file://``...) is refused; one on
        another host needs the installer's confirmation, which is kept in the
        site file (``allow_foreign_stream_host``) with the camera.
        """
        chosen = [p for p in (summary.main, summary.sub) if p is not None]
        problems = [p.uri_problem for p in chosen if p.uri_problem is not None]
        if any(problem.failure is not Failure.FOREIGN_HOST for problem in problems):
            self._problem(self.tr("La telecamera indica un indirizzo del flusso non ammesso"))
            return False
        if not problems or self.form.allow_foreign.isChecked():
            return True
        hosts = sorted({urlsplit(p.stream_uri).hostname or "?" for p in chosen})
        address = self.form.onvif_host.text().strip()
        question = self.tr(
            "La telecamera indica i flussi su un altro indirizzo (%s) invece di %s: "
            "utente e password verranno inviati là. Consentire?"
        ) % (clean(", ".join(hosts), 120), address)
        if not self.asker.confirm(self.tr("Flusso su un altro indirizzo"), question):
            self._problem(self.tr("Flusso su un altro indirizzo non consentito"))
            return False
        self.form.allow_foreign.setChecked(True)
        return True

    # -- saving ----------------------------------------------------------------
    def save(self) -> bool:
        """Write the site file (passwords to the credential store) and apply it.

        What the operator has typed in the form counts: it is applied first
        (as "Modifica" or "Aggiungi" would), and nothing is written if it is
        not valid.
        """
        if self.path is None:
            self._problem(self.tr("Impianto di dimostrazione: le modifiche non si salvano"))
            return False
        if not self._apply_pending():
            return False
        try:
            if self.store is not None:
                save_site_with_secrets(self.site, self.path, self.store)
            else:
                save_site(self.site, self.path)
        except (CredentialError, OSError) as exc:
            logger.error("site not saved: %s", exc)
            self.bridge.error(self.tr("Impianto non salvato: %s") % reason_words(exc))
            return False
        self.dirty = False
        if self.store is not None and self.store.notice and not CameraEditor.notice_shown:
            CameraEditor.notice_shown = True
            self.bridge.warning(
                self.tr(
                    "Password cifrate in un file locale: il portachiavi di sistema "
                    "non è disponibile"
                )
            )
        self.bridge.info(self.tr("Impianto salvato in %s") % self.path)
        self.status.setText(self.tr("Impianto salvato"))
        self.saved.emit(self.site)
        return True

    def describe_device(self, summary: DeviceSummary) -> str:
        """One line on what the device said: maker, model and stream sizes."""
        parts = [f"{summary.manufacturer} {summary.model}".strip()]
        for label, info in (
            (self.tr("principale"), summary.main),
            (self.tr("secondario"), summary.sub),
        ):
            if info is not None:
                parts.append(f"{label} {info.width}x{info.height} {info.encoding}")
        return self.tr("Telecamera verificata: %s") % ", ".join(p for p in parts if p)

    def describe_recordings(self, offer: dict[str, object] | None) -> str:
        """One line on whether the device offers recordings (and since when)."""
        if offer is None:
            return self.tr("Registrazioni: il dispositivo non ha risposto alla richiesta")
        if not offer.get("offered"):
            return self.tr("Registrazioni: nessuna (il dispositivo non offre ONVIF Profile G)")
        count = offer.get("recordings")
        since = _local_date(str(offer.get("from") or ""))
        if since:
            return self.tr("Registrazioni: sì, %s (dal %s)") % (count, since)
        return self.tr("Registrazioni: sì, %s") % count

    def reject(self) -> None:
        """Closing with unsaved changes asks first."""
        question = self.tr("Le modifiche non salvate andranno perse. Chiudere?")
        unsaved = self.dirty or self.pending_edit()
        if unsaved and not self.asker.confirm(self.tr("Telecamere"), question):
            return
        super().reject()

    def closeEvent(self, event: Any) -> None:
        """The window's close button behaves like "Chiudi"."""
        event.ignore()
        self.reject()


def explain(error: SiteEditError) -> str:
    """The Italian sentence for a refused edit."""
    texts = {
        EditProblem.EMPTY_ID: QCoreApplication.translate(
            "CameraEditor", "Il codice non può essere vuoto"
        ),
        EditProblem.DUPLICATE_ID: QCoreApplication.translate(
            "CameraEditor", "Il codice %s è già usato"
        ),
        EditProblem.DUPLICATE_NUMBER: QCoreApplication.translate(
            "CameraEditor", "Il numero di chiamata %s è già di un'altra telecamera"
        ),
        EditProblem.BAD_NUMBER: QCoreApplication.translate(
            "CameraEditor", "Numero di chiamata non valido: %s"
        ),
        EditProblem.UNKNOWN_SITE: QCoreApplication.translate(
            "CameraEditor", "Comune inesistente: %s"
        ),
        EditProblem.UNKNOWN_CAMERA: QCoreApplication.translate(
            "CameraEditor", "Telecamera inesistente: %s"
        ),
        EditProblem.SITE_IN_USE: QCoreApplication.translate(
            "CameraEditor", "Il comune ha ancora %s telecamere: eliminarle prima"
        ),
        EditProblem.BAD_URL: QCoreApplication.translate(
            "CameraEditor", "Indirizzo non valido (serve rtsp://, rtsps://, http:// o https://): %s"
        ),
        EditProblem.NO_STREAM: QCoreApplication.translate(
            "CameraEditor", "Indicare il flusso principale oppure l'indirizzo ONVIF"
        ),
        EditProblem.BAD_LATITUDE: QCoreApplication.translate(
            "CameraEditor", "Latitudine non valida (da -90 a 90): %s"
        ),
        EditProblem.BAD_LONGITUDE: QCoreApplication.translate(
            "CameraEditor", "Longitudine non valida (da -180 a 180): %s"
        ),
        EditProblem.BAD_HEADING: QCoreApplication.translate(
            "CameraEditor", "Direzione non valida (da 0 a 360): %s"
        ),
        EditProblem.BAD_HOST: QCoreApplication.translate(
            "CameraEditor", "Indicare l'indirizzo ONVIF della telecamera"
        ),
        EditProblem.BAD_PORT: QCoreApplication.translate(
            "CameraEditor", "Porta ONVIF non valida: %s"
        ),
    }
    text = texts.get(error.problem, error.detail)
    return text % error.value if "%s" in text else text


def _local_date(text: str) -> str:
    """An ISO 8601 time as "03/04/2026 10:31" in this computer's zone ("" if unreadable)."""
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone().strftime("%d/%m/%Y %H:%M")
