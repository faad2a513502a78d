<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="it">
<context>
    <name>CameraTree</name>
    <message>
        <source>Cerca numero, nome o comune</source>
        <translation>Search number, name or town</translation>
    </message>
</context>
<context>
    <name>CameraTreeModel</name>
    <message>
        <source>Telecamere</source>
        <translation>Cameras</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Errore interno: %s. Il dettaglio è nel registro.</source>
        <translation>Internal error: %s. Details are in the log.</translation>
    </message>
</context>
<context>
    <name>LayoutActions</name>
    <message>
        <source>&amp;Layout</source>
        <translation>&amp;Layout</translation>
    </message>
    <message>
        <source>Salva</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Salva come...</source>
        <translation>Save as...</translation>
    </message>
    <message>
        <source>Apri</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Rinomina...</source>
        <translation>Rename...</translation>
    </message>
    <message>
        <source>Elimina</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Impossibile leggere i layout</source>
        <translation>Cannot read the layouts</translation>
    </message>
    <message>
        <source>(nessun layout salvato)</source>
        <translation>(no saved layouts)</translation>
    </message>
    <message>
        <source>%s: %s</source>
        <translation>%s: %s</translation>
    </message>
    <message>
        <source>Layout non salvato</source>
        <translation>Layout not saved</translation>
    </message>
    <message>
        <source>Layout “%s” salvato</source>
        <translation>Layout “%s” saved</translation>
    </message>
    <message>
        <source>Salva layout</source>
        <translation>Save layout</translation>
    </message>
    <message>
        <source>Nome del layout:</source>
        <translation>Layout name:</translation>
    </message>
    <message>
        <source>Layout non aperto</source>
        <translation>Layout not opened</translation>
    </message>
    <message>
        <source>Layout “%s” aperto</source>
        <translation>Layout “%s” opened</translation>
    </message>
    <message>
        <source>Nessun layout aperto da rinominare</source>
        <translation>No open layout to rename</translation>
    </message>
    <message>
        <source>Rinomina layout</source>
        <translation>Rename layout</translation>
    </message>
    <message>
        <source>Nuovo nome:</source>
        <translation>New name:</translation>
    </message>
    <message>
        <source>Layout non rinominato</source>
        <translation>Layout not renamed</translation>
    </message>
    <message>
        <source>Layout rinominato in “%s”</source>
        <translation>Layout renamed to “%s”</translation>
    </message>
    <message>
        <source>Nessun layout aperto da eliminare</source>
        <translation>No open layout to delete</translation>
    </message>
    <message>
        <source>Eliminare il layout “%s”?</source>
        <translation>Delete layout “%s”?</translation>
    </message>
    <message>
        <source>Elimina layout</source>
        <translation>Delete layout</translation>
    </message>
    <message>
        <source>Layout non eliminato</source>
        <translation>Layout not deleted</translation>
    </message>
    <message>
        <source>Layout “%s” eliminato</source>
        <translation>Layout “%s” deleted</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>occhio: impossibile usare il file dell&apos;impianto %s:
  %s
Indicare un file valido con --site FILE, oppure avviare la dimostrazione con &apos;occhio demo&apos;.</source>
        <translation>occhio: cannot use the site file %s:
  %s
Give a valid file with --site FILE, or start the demonstration with &apos;occhio demo&apos;.</translation>
    </message>
    <message>
        <source>Layout %s non aperto: %s
Si usa la disposizione predefinita.</source>
        <translation>Layout %s not opened: %s
Using the default layout.</translation>
    </message>
    <message>
        <source>occhio: nessuno schermo disponibile (DISPLAY e WAYLAND_DISPLAY non impostati).
Avviare Occhio da una sessione grafica, oppure usare --screenshot FILE.</source>
        <translation>occhio: no screen available (DISPLAY and WAYLAND_DISPLAY are not set).
Start Occhio from a graphical session, or use --screenshot FILE.</translation>
    </message>
    <message>
        <source>occhio: il simulatore non è partito: %s</source>
        <translation>occhio: the simulator did not start: %s</translation>
    </message>
</context>
<context>
    <name>TileState</name>
    <message>
        <source>Credenziali non valide</source>
        <translation>Invalid credentials</translation>
    </message>
    <message>
        <source>Percorso inesistente (404)</source>
        <translation>Path not found (404)</translation>
    </message>
    <message>
        <source>Indirizzo non valido</source>
        <translation>Invalid address</translation>
    </message>
    <message>
        <source>Telecamera irraggiungibile</source>
        <translation>Camera unreachable</translation>
    </message>
    <message>
        <source>Nessuna risposta dalla telecamera</source>
        <translation>No response from camera</translation>
    </message>
    <message>
        <source>Flusso interrotto dalla telecamera</source>
        <translation>Stream ended by camera</translation>
    </message>
    <message>
        <source>Nessun video nel flusso</source>
        <translation>No video in stream</translation>
    </message>
    <message>
        <source>Errore nel flusso video</source>
        <translation>Video stream error</translation>
    </message>
    <message>
        <source>ONVIF: flusso non disponibile</source>
        <translation>ONVIF: stream unavailable</translation>
    </message>
    <message>
        <source>Segnale assente da %d s</source>
        <translation>No signal for %d s</translation>
    </message>
    <message>
        <source>Telecamera non disponibile</source>
        <translation>Camera unavailable</translation>
    </message>
    <message>
        <source>In diretta</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Connessione...</source>
        <translation>Connecting...</translation>
    </message>
    <message>
        <source>Attesa immagini...</source>
        <translation>Waiting for video...</translation>
    </message>
    <message>
        <source>In attesa</source>
        <translation>Idle</translation>
    </message>
    <message>
        <source>Riconnessione tra %d s</source>
        <translation>Reconnecting in %d s</translation>
    </message>
    <message>
        <source>Riconnessione...</source>
        <translation>Reconnecting...</translation>
    </message>
    <message>
        <source>%s · %s</source>
        <translation>%s · %s</translation>
    </message>
</context>
<context>
    <name>TileWidget</name>
    <message>
        <source>Trascina una telecamera qui</source>
        <translation>Drag a camera here</translation>
    </message>
    <message>
        <source>Telecamera sconosciuta: %s</source>
        <translation>Unknown camera: %s</translation>
    </message>
    <message>
        <source>Ultima immagine %s</source>
        <translation>Last image %s</translation>
    </message>
</context>
<context>
    <name>WallManager</name>
    <message>
        <source>Telecamere</source>
        <translation>Cameras</translation>
    </message>
    <message>
        <source>Schermo scollegato: parete %d sospesa, tornerà quando lo schermo sarà ricollegato</source>
        <translation>Screen disconnected: wall %d suspended until the screen is reconnected</translation>
    </message>
    <message>
        <source>Parete %d di nuovo visibile</source>
        <translation>Wall %d visible again</translation>
    </message>
</context>
<context>
    <name>WallWindow</name>
    <message>
        <source>Occhio - Parete %d</source>
        <translation>Occhio - Wall %d</translation>
    </message>
    <message>
        <source>Griglia</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>&amp;Parete</source>
        <translation>&amp;Wall</translation>
    </message>
    <message>
        <source>Griglia %s (Ctrl+%d)</source>
        <translation>Grid %s (Ctrl+%d)</translation>
    </message>
    <message>
        <source>Schermo intero</source>
        <translation>Full screen</translation>
    </message>
    <message>
        <source>Telecamera %d inesistente</source>
        <translation>Camera %d does not exist</translation>
    </message>
    <message>
        <source>Telecamera %s_  →  riquadro %d</source>
        <translation>Camera %s_  →  tile %d</translation>
    </message>
    <message>
        <source>Istantanea</source>
        <translation>Snapshot</translation>
    </message>
    <message>
        <source>Svuota</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Invia allo schermo %d</source>
        <translation>Send to screen %d</translation>
    </message>
    <message>
        <source>Ripristina zoom</source>
        <translation>Reset zoom</translation>
    </message>
    <message>
        <source>Nessuna immagine da salvare</source>
        <translation>No image to save</translation>
    </message>
    <message>
        <source>Istantanea non salvata: %s</source>
        <translation>Snapshot not saved: %s</translation>
    </message>
    <message>
        <source>Istantanea salvata in %s</source>
        <translation>Snapshot saved to %s</translation>
    </message>
</context>
</TS>
