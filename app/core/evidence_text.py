"""The Italian texts that go into an evidence package (LEGGIMI.txt, INCOMPLETO.txt).

Written for whoever receives the package (a magistrate's consultant, the
defence's expert): what the folder holds and how to check it with standard
tools only: ``sha256sum``, ``openssl`` and ``ffprobe``/``ffmpeg``.
"""

from __future__ import annotations

from typing import Any


def _get(data: dict[str, Any], *path: str, default: object = "") -> object:
    value: object = data
    for key in path:
        if not isinstance(value, dict):
            return default
        value = value.get(key, default)
    return value


def _gaps(manifest: dict[str, Any]) -> str:
    gaps = manifest.get("gaps") or []
    if not gaps:
        return "Nessuna interruzione nell'intervallo esportato."
    lines = [f"Interruzioni della registrazione ({len(gaps)}):"]
    lines += [f"  - dal {g['start_utc']} al {g['end_utc']} ({g['seconds']:.1f} s)" for g in gaps]
    return "\n".join(lines)


def _clock(manifest: dict[str, Any]) -> str:
    offset = _get(manifest, "clock", "device_offset_s", default=None)
    if offset is None:
        return "Il dispositivo non ha indicato l'ora del proprio orologio."
    text = f"L'orologio del dispositivo differiva da quello della postazione di {offset:+.1f} s."
    if _get(manifest, "clock", "offset_applied", default=False):
        text += (
            " L'intervallo richiesto e' stato chiesto al dispositivo spostato di questa"
            " differenza; gli orari in frames.csv sono quelli del dispositivo."
        )
    return text


SUMS_CHECK = "sha256sum -c SHA256SUMS"
SIGNATURE_CHECK = (
    "openssl pkeyutl -verify -pubin -inkey pubkey.pem -rawin -in manifest.json "
    "-sigfile manifest.json.sig"
)
FINGERPRINT = "openssl pkey -pubin -in pubkey.pem -outform DER | tail -c 32 | sha256sum"
FRAMES_CHECK = (
    "ffprobe -v error -count_frames -select_streams v:0 "
    "-show_entries stream=codec_name,width,height,nb_read_frames clip.mp4"
)
HASH_CHECK = "ffmpeg -v error -i clip.mp4 -map 0:v -c copy -f framehash -hash sha256 -"


#: The lines of LEGGIMI.txt's contents that every kind of package shares.
SEALED_FILES = """\
  manifest.json.sig  firma Ed25519 di manifest.json con la chiave della postazione
  pubkey.pem         chiave pubblica della postazione
  SHA256SUMS         impronte SHA-256 di tutti i file
"""


def signature_steps(fingerprint: str) -> str:
    """Steps 1 and 2 of every package's check: the sums, the signature and the key."""
    return f"""1. Integrita' dei file: ogni riga deve terminare con "OK".
     {SUMS_CHECK}
2. Firma del manifesto: deve stampare "Signature Verified Successfully".
     {SIGNATURE_CHECK}
   Impronta della chiave della postazione (SHA-256 della chiave pubblica grezza):
     {fingerprint}
   da confrontare con quella registrata dalla sala operativa; si ricalcola con:
     {FINGERPRINT}"""


def leggimi(manifest: dict[str, Any], fingerprint: str) -> str:
    """LEGGIMI.txt for one package."""
    frames = _get(manifest, "video", "frames", default=0)
    asked = f"{_get(manifest, 'requested', 'start_utc')} - {_get(manifest, 'requested', 'end_utc')}"
    got = (
        f"{_get(manifest, 'actual', 'first_frame_utc')} - "
        f"{_get(manifest, 'actual', 'last_frame_utc')}"
    )
    complete = manifest.get("complete")
    state = "COMPLETO" if complete else f"INCOMPLETO: {manifest.get('incomplete_reason', '')}"
    return f"""PACCHETTO DI PROVA VIDEO ({state})
Prodotto da Occhio {manifest.get("occhio_version", "")} il {manifest.get("created_utc", "")} (UTC).

Telecamera: {_get(manifest, "camera", "id")} - {_get(manifest, "camera", "name")}
Luogo: {_get(manifest, "camera", "site_name")}
Intervallo richiesto (UTC): {asked}
Primo e ultimo fotogramma (ora del dispositivo, UTC): {got}
Operatore: {manifest.get("operator", "")}
Motivo: {manifest.get("reason", "")}
Protocollo / denuncia: {manifest.get("protocol", "")}
{_gaps(manifest)}
{_clock(manifest)}

CONTENUTO
  clip.mp4           il flusso video originale del registratore, solo reimpacchettato in MP4
                     (remux, nessuna ricodifica: i dati di ogni fotogramma sono quelli ricevuti)
  frames.csv         per ogni fotogramma: ora di acquisizione (UTC), fotogramma chiave (1/0),
                     dimensione e SHA-256 del campione cosi' come si trova in clip.mp4
  manifest.json      descrizione dell'esportazione: telecamera, dispositivo, intervalli,
                     interruzioni, orologio, operatore, motivo, protocollo, file con SHA-256
{SEALED_FILES}
COME VERIFICARE (da un terminale, dentro questa cartella)
{signature_steps(fingerprint)}
3. Video leggibile e numero di fotogrammi: nb_read_frames deve valere {frames}.
     {FRAMES_CHECK}
4. Fotogrammi uno per uno: per ogni riga, dimensione e impronta devono coincidere con frames.csv.
     {HASH_CHECK}

Con Occhio installato, "occhio verify CARTELLA" esegue tutti questi controlli e dice
esattamente che cosa non corrisponde.
"""


def incomplete_text(reason: str) -> str:
    """INCOMPLETO.txt: the export did not finish."""
    return (
        "ESPORTAZIONE NON COMPLETATA\n"
        f"Motivo: {reason}\n"
        "I file di questa cartella coprono al piu' una parte dell'intervallo richiesto.\n"
        "clip.mp4 e' leggibile fino all'ultimo frammento scritto; manifest.json, se presente,\n"
        "indica che cosa manca.\n"
    )
