"""The fields of one camera, as a form that reads and writes ``Camera`` values.

Used by the camera editor. Reading the form never validates site rules
(unique id and number: ``app.core.site_edit`` does that); it only turns the
text into values and reports text that is not a number.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.model import Camera, CameraKind, EngineName, OnvifAddress, Site, Transport
from app.core.site_edit import MAX_NUMBER, EditProblem, SiteEditError


class CameraForm(QWidget):
    """Id, number, name, comune, kind, position, streams, credentials and ONVIF."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.id_edit = QLineEdit(self)
        # Map survey values (edited on the map, not here) kept through the form.
        self._survey: tuple[float | None, float | None, float | None] = (None, None, None)
        self.number = QSpinBox(self)
        self.number.setRange(1, MAX_NUMBER)
        self.name_edit = QLineEdit(self)
        self.site_box = QComboBox(self)
        self.kind_box = QComboBox(self)
        for kind, label in (
            (CameraKind.CONTEXT, self.tr("Contesto")),
            (CameraKind.PLATE, self.tr("Lettura targhe")),
            (CameraKind.PTZ, self.tr("Brandeggiabile (PTZ)")),
        ):
            self.kind_box.addItem(label, str(kind))
        self.latitude, self.longitude, self.heading = (
            QLineEdit(self),
            QLineEdit(self),
            QLineEdit(self),
        )
        self.main_url, self.sub_url = QLineEdit(self), QLineEdit(self)
        self.main_url.setPlaceholderText("rtsp://")
        self.username, self.password = QLineEdit(self), QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.transport_box = QComboBox(self)
        for transport in Transport:
            self.transport_box.addItem(str(transport).upper(), str(transport))
        self.engine_box = QComboBox(self)
        self.engine_box.addItem(self.tr("Predefinito dell'impianto"), "")
        self.engine_box.addItem("PyAV (FFmpeg)", str(EngineName.PYAV))
        self.engine_box.addItem("VLC (libVLC)", str(EngineName.VLC))
        self.allow_basic = QCheckBox(
            self.tr("Consenti la password in chiaro (Basic) su RTSP"), self
        )
        self.allow_basic.setToolTip(
            self.tr("Solo per telecamere che non offrono Digest: la password viaggia leggibile")
        )
        self.onvif_group = QGroupBox(self.tr("ONVIF"), self)
        self.onvif_group.setCheckable(True)
        self.onvif_group.setChecked(False)
        self.onvif_host, self.onvif_user, self.onvif_password = (
            QLineEdit(self),
            QLineEdit(self),
            QLineEdit(self),
        )
        self.onvif_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.onvif_port = QSpinBox(self)
        self.onvif_port.setRange(1, 65535)
        self.onvif_port.setValue(80)
        self.allow_foreign = QCheckBox(self.tr("Consenti flussi su un altro indirizzo"), self)
        self.allow_foreign.setToolTip(
            self.tr("La telecamera indica i flussi su un host diverso: le credenziali vanno là")
        )
        self._lay_out()

    def _lay_out(self) -> None:
        form = QFormLayout()
        for label, widget in (
            (self.tr("Codice"), self.id_edit),
            (self.tr("Numero di chiamata"), self.number),
            (self.tr("Nome"), self.name_edit),
            (self.tr("Comune"), self.site_box),
            (self.tr("Tipo"), self.kind_box),
            (self.tr("Latitudine"), self.latitude),
            (self.tr("Longitudine"), self.longitude),
            (self.tr("Direzione (gradi)"), self.heading),
            (self.tr("Flusso principale"), self.main_url),
            (self.tr("Flusso secondario"), self.sub_url),
            (self.tr("Utente"), self.username),
            (self.tr("Password"), self.password),
            (self.tr("Trasporto"), self.transport_box),
            (self.tr("Motore video"), self.engine_box),
            ("", self.allow_basic),
        ):
            form.addRow(label, widget)
        onvif = QFormLayout(self.onvif_group)
        onvif.addRow(self.tr("Indirizzo"), self.onvif_host)
        onvif.addRow(self.tr("Porta"), self.onvif_port)
        onvif.addRow(self.tr("Utente"), self.onvif_user)
        onvif.addRow(self.tr("Password"), self.onvif_password)
        onvif.addRow("", self.allow_foreign)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.onvif_group)

    def set_sites(self, sites: tuple[Site, ...]) -> None:
        """The comuni a camera may belong to (the current choice kept if it still exists)."""
        current = self.site_box.currentData()
        self.site_box.clear()
        for site in sites:
            self.site_box.addItem(site.name, site.id)
        index = self.site_box.findData(current)
        if index >= 0:
            self.site_box.setCurrentIndex(index)

    def set_camera(self, camera: Camera) -> None:
        """Show ``camera``'s values."""
        self._survey = (camera.fov_deg, camera.range_m, camera.height_m)
        self.id_edit.setText(camera.id)
        self.number.setValue(camera.number)
        self.name_edit.setText(camera.name)
        self.site_box.setCurrentIndex(self.site_box.findData(camera.site_id))
        self.kind_box.setCurrentIndex(self.kind_box.findData(str(camera.kind)))
        for edit, value in (
            (self.latitude, camera.latitude),
            (self.longitude, camera.longitude),
            (self.heading, camera.heading),
        ):
            edit.setText("" if value is None else f"{value:g}")
        self.main_url.setText(camera.main_url or "")
        self.sub_url.setText(camera.sub_url or "")
        self.username.setText(camera.username)
        self.password.setText(camera.password)
        self.transport_box.setCurrentIndex(self.transport_box.findData(str(camera.transport)))
        self.engine_box.setCurrentIndex(self.engine_box.findData(str(camera.engine or "")))
        self.allow_basic.setChecked(camera.allow_basic_auth)
        self.set_onvif(camera.onvif)

    def set_onvif(self, address: OnvifAddress | None) -> None:
        """Show an ONVIF address (None: ONVIF off)."""
        self.onvif_group.setChecked(address is not None)
        address = address or OnvifAddress("")
        self.onvif_host.setText(address.host)
        self.onvif_port.setValue(address.port)
        self.onvif_user.setText(address.username)
        self.onvif_password.setText(address.password)
        self.allow_foreign.setChecked(address.allow_foreign_stream_host)

    def onvif_address(self) -> OnvifAddress | None:
        """The ONVIF address in the form, or None when ONVIF is off."""
        if not self.onvif_group.isChecked():
            return None
        return OnvifAddress(
            self.onvif_host.text().strip(),
            self.onvif_port.value(),
            self.onvif_user.text().strip(),
            self.onvif_password.text(),
            allow_foreign_stream_host=self.allow_foreign.isChecked(),
        )

    def camera(self) -> Camera:
        """The camera the form describes.

        Raises:
            SiteEditError: a position field that is not a number.
        """
        return Camera(
            id=self.id_edit.text().strip(),
            number=self.number.value(),
            name=self.name_edit.text().strip() or self.id_edit.text().strip(),
            site_id=str(self.site_box.currentData() or ""),
            kind=CameraKind(str(self.kind_box.currentData())),
            latitude=_number(self.latitude, EditProblem.BAD_LATITUDE),
            longitude=_number(self.longitude, EditProblem.BAD_LONGITUDE),
            heading=_number(self.heading, EditProblem.BAD_HEADING),
            main_url=self.main_url.text().strip() or None,
            sub_url=self.sub_url.text().strip() or None,
            username=self.username.text().strip(),
            password=self.password.text(),
            transport=Transport(str(self.transport_box.currentData())),
            onvif=self.onvif_address(),
            engine=self._engine(),
            fov_deg=self._survey[0],
            range_m=self._survey[1],
            height_m=self._survey[2],
            allow_basic_auth=self.allow_basic.isChecked(),
        )

    def _engine(self) -> EngineName | None:
        """The chosen engine; None leaves the choice to the site."""
        chosen = str(self.engine_box.currentData() or "")
        return EngineName(chosen) if chosen else None


def _number(edit: QLineEdit, problem: EditProblem) -> float | None:
    """The decimal in ``edit`` (comma or point), None when empty."""
    text = edit.text().strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        field = problem.value.removeprefix("bad_")
        raise SiteEditError(
            problem, field, edit.text(), f"{edit.text()!r} is not a number"
        ) from None
