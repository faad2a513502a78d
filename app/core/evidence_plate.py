"""The evidence package of an acknowledged plate hit: what it holds and how it is checked.

The same signed package as a recorder export (``app.core.evidence``:
manifest.json, its Ed25519 signature, the station's public key, LEGGIMI.txt,
SHA256SUMS), with ``"kind": "plate-hit"`` in the manifest and these files in
place of the clip:

```
lettura.json        the read: camera, time (UTC), plate as read and normalised, country,
                    confidence, direction, lane, speed, vehicle, dialect, the pictures' names
segnalazione.json   the hit: list, category, priority, the list entry (plate and note),
                    how it matched, and the acknowledgement (operator, time, outcome, note)
targa.jpg           the plate crop exactly as the camera sent it (when it sent one)
veicolo.jpg         the vehicle picture exactly as the camera sent it (when it sent one)
```

``check_plate_package`` is what ``occhio verify`` adds for this kind:
both JSON files readable and agreeing with each other and the manifest,
the hit acknowledged, every picture a JPEG. The package comes from
outside, so every file is read within a bound.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.core.evidence_text import SEALED_FILES, signature_steps
from app.core.plates import MAX_IMAGE_BYTES, looks_like_jpeg

KIND = "plate-hit"
READ, HIT = "lettura.json", "segnalazione.json"
PLATE_PICTURE, VEHICLE_PICTURE = "targa.jpg", "veicolo.jpg"
CONTENT = (READ, HIT)
PICTURES = (PLATE_PICTURE, VEHICLE_PICTURE)
MAX_JSON_BYTES = 256 * 1024


def is_plate_package(manifest: dict[str, Any]) -> bool:
    """True for the manifest of a plate hit's package."""
    return manifest.get("kind") == KIND


def content_files(manifest: dict[str, Any]) -> list[str]:
    """The content files a plate package must have: both JSON files and its pictures."""
    files = manifest.get("files")
    listed = files if isinstance(files, dict) else {}
    return [*CONTENT, *(p for p in PICTURES if p in listed)]


def _json_object(path: Path, problems: list[str]) -> dict[str, Any] | None:
    """A JSON object file read within bounds (None, with the problem noted, when it is not)."""
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            problems.append(f"{path.name}: file troppo grande")
            return None
        value = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None  # named already as missing
    except (OSError, ValueError) as err:
        problems.append(f"{path.name}: non e' JSON valido ({str(err)[:80]})")
        return None
    if not isinstance(value, dict):
        problems.append(f"{path.name}: non e' un oggetto JSON")
        return None
    return value


def _check_pictures(folder: Path, manifest: dict[str, Any], problems: list[str]) -> int:
    """Every listed picture is a JPEG; returns how many there are."""
    count = 0
    for name in content_files(manifest)[len(CONTENT) :]:
        try:
            with (folder / name).open("rb") as fh:
                data = fh.read(MAX_IMAGE_BYTES + 1)
        except OSError:
            continue  # named already as missing
        count += 1
        if not looks_like_jpeg(data):
            problems.append(f"{name}: non e' un'immagine JPEG")
    return count


def check_plate_package(folder: Path, manifest: dict[str, Any]) -> tuple[list[str], list[str]]:
    """What was checked in a plate package's own files, and what did not match."""
    problems: list[str] = []
    read = _json_object(folder / READ, problems)
    hit = _json_object(folder / HIT, problems)
    checked = []
    if read is not None:
        if read.get("plate") != manifest.get("plate", {}).get("read"):
            problems.append(f"{READ}: targa diversa da quella del manifesto")
        checked.append(f"{READ}: letto")
    if hit is not None:
        ack = hit.get("acknowledgement")
        if not isinstance(ack, dict) or not ack.get("outcome") or not ack.get("operator"):
            problems.append(f"{HIT}: manca la presa visione dell'operatore")
        if read is not None and hit.get("read_id") != read.get("id"):
            problems.append(f"{HIT}: si riferisce a un'altra lettura di {READ}")
        checked.append(f"{HIT}: letto")
    pictures = _check_pictures(folder, manifest, problems)
    checked.append(f"immagini JPEG: {pictures}")
    return checked, problems


def leggimi_plate(manifest: dict[str, Any], fingerprint: str) -> str:
    """LEGGIMI.txt of a plate hit's package (Italian, for whoever receives it)."""
    camera, plate = manifest.get("camera", {}), manifest.get("plate", {})
    hit = manifest.get("hit", {})
    pictures = [p for p in PICTURES if p in manifest.get("files", {})]
    picture_lines = "".join(
        f"  {name:<18} {words}\n"
        for name, words in (
            (PLATE_PICTURE, "la targa cosi' come inviata dalla telecamera"),
            (VEHICLE_PICTURE, "il veicolo cosi' come inviato dalla telecamera"),
        )
        if name in pictures
    )
    return f"""PACCHETTO DI PROVA: SEGNALAZIONE TARGA
Prodotto da Occhio {manifest.get("occhio_version", "")} il {manifest.get("created_utc", "")} (UTC).

Telecamera: {camera.get("id", "")} - {camera.get("name", "")}
Luogo: {camera.get("site_name", "")}
Ora della lettura (UTC): {manifest.get("captured_utc", "")}
Targa letta: {plate.get("read", "")} (come inviata: {plate.get("as_sent", "")})
Targa in lista: {plate.get("listed", "")} - lista {hit.get("list", "")}
Corrispondenza: {hit.get("how", "")}
Esito della verifica: {hit.get("outcome", "")} ({hit.get("operator", "")})
Esportato da: {manifest.get("operator", "")}
Motivo: {manifest.get("reason", "")}
Protocollo / denuncia: {manifest.get("protocol", "")}

CONTENUTO
  {READ:<18} la lettura: telecamera, ora, targa letta e normalizzata, nazione,
                     affidabilita', direzione, corsia, velocita', veicolo, protocollo
  {HIT:<18} la segnalazione: lista, categoria, voce della lista, corrispondenza,
                     presa visione (operatore, ora, esito, nota)
{picture_lines}  manifest.json      descrizione del pacchetto con l'impronta SHA-256 di ogni file
{SEALED_FILES}
COME VERIFICARE (da un terminale, dentro questa cartella)
{signature_steps(fingerprint)}

Con Occhio installato, "occhio verify CARTELLA" esegue tutti questi controlli e dice
esattamente che cosa non corrisponde.
"""
