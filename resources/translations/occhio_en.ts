<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="it">
<context>
    <name>AlarmPanel</name>
    <message>
        <source>Ora</source>
        <extracomment>Asks the operator for a note: (title, label) -&gt; text, or None when cancelled.</extracomment>
        <translation>Time</translation>
    </message>
    <message>
        <source>Telecamera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Comune</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>Evento</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Motivo</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Fuori servizio da</source>
        <translation>Down since</translation>
    </message>
    <message>
        <source>Confermato da</source>
        <translation>Acknowledged by</translation>
    </message>
    <message>
        <source>Nota</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Solo da confermare</source>
        <translation>Unacknowledged only</translation>
    </message>
    <message>
        <source>Conferma...</source>
        <translation>Acknowledge...</translation>
    </message>
    <message>
        <source>Mostra su schermo</source>
        <translation>Show on screen</translation>
    </message>
    <message>
        <source>Videoregistratore %s</source>
        <translation>Recorder %s</translation>
    </message>
    <message>
        <source>Videoregistratore di nuovo raggiungibile</source>
        <translation>Recorder reachable again</translation>
    </message>
    <message>
        <source>Telecamera fuori servizio</source>
        <translation>Camera down</translation>
    </message>
    <message>
        <source>Credenziali rifiutate</source>
        <translation>Credentials refused</translation>
    </message>
    <message>
        <source>Telecamera di nuovo in servizio</source>
        <translation>Camera back in service</translation>
    </message>
    <message>
        <source>Videoregistratore non raggiungibile</source>
        <translation>Recorder unreachable</translation>
    </message>
    <message>
        <source>Conferma allarme</source>
        <translation>Acknowledge alarm</translation>
    </message>
    <message>
        <source>Nota (facoltativa):</source>
        <translation>Note (optional):</translation>
    </message>
    <message>
        <source>Schermo %d</source>
        <translation>Screen %d</translation>
    </message>
    <message>
        <source>Allarmi</source>
        <translation>Alarms</translation>
    </message>
</context>
<context>
    <name>CameraEditor</name>
    <message>
        <source>Telecamere dell&apos;impianto</source>
        <translation>Site cameras</translation>
    </message>
    <message>
        <source>Nuovo comune...</source>
        <translation>New municipality...</translation>
    </message>
    <message>
        <source>Aggiungi</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Modifica</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Elimina</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Verifica</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>Salva</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Chiudi</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Modifiche non ancora salvate</source>
        <translation>Changes not saved yet</translation>
    </message>
    <message>
        <source>Scegliere nell&apos;elenco la telecamera da modificare</source>
        <translation>Choose the camera to change in the list</translation>
    </message>
    <message>
        <source>Scegliere nell&apos;elenco cosa eliminare</source>
        <translation>Choose what to delete in the list</translation>
    </message>
    <message>
        <source>Eliminare la telecamera %s?</source>
        <translation>Delete camera %s?</translation>
    </message>
    <message>
        <source>Eliminare il comune %s?</source>
        <translation>Delete municipality %s?</translation>
    </message>
    <message>
        <source>Nuovo comune</source>
        <translation>New municipality</translation>
    </message>
    <message>
        <source>Nome del comune:</source>
        <translation>Municipality name:</translation>
    </message>
    <message>
        <source>Inserire utente e password ONVIF, poi premere Verifica</source>
        <translation>Enter the ONVIF user and password, then press Check</translation>
    </message>
    <message>
        <source>Indicare l&apos;indirizzo ONVIF della telecamera</source>
        <translation>Enter the camera&apos;s ONVIF address</translation>
    </message>
    <message>
        <source>Verifica di %s:%d in corso...</source>
        <translation>Checking %s:%d...</translation>
    </message>
    <message>
        <source>Verifica non riuscita: %s</source>
        <translation>Check failed: %s</translation>
    </message>
    <message>
        <source>Impianto di dimostrazione: le modifiche non si salvano</source>
        <translation>Demo site: changes are not saved</translation>
    </message>
    <message>
        <source>Impianto non salvato: %s</source>
        <translation>Site not saved: %s</translation>
    </message>
    <message>
        <source>Password cifrate in un file locale: il portachiavi di sistema non è disponibile</source>
        <translation>Passwords encrypted in a local file: the system keyring is not available</translation>
    </message>
    <message>
        <source>Impianto salvato in %s</source>
        <translation>Site saved to %s</translation>
    </message>
    <message>
        <source>Impianto salvato</source>
        <translation>Site saved</translation>
    </message>
    <message>
        <source>principale</source>
        <translation>main</translation>
    </message>
    <message>
        <source>secondario</source>
        <translation>sub</translation>
    </message>
    <message>
        <source>Telecamera verificata: %s</source>
        <translation>Camera checked: %s</translation>
    </message>
    <message>
        <source>Registrazioni: il dispositivo non ha risposto alla richiesta</source>
        <translation>Recordings: the device did not answer the request</translation>
    </message>
    <message>
        <source>Registrazioni: nessuna (il dispositivo non offre ONVIF Profile G)</source>
        <translation>Recordings: none (the device does not offer ONVIF Profile G)</translation>
    </message>
    <message>
        <source>Registrazioni: sì, %s (dal %s)</source>
        <translation>Recordings: yes, %s (since %s)</translation>
    </message>
    <message>
        <source>Registrazioni: sì, %s</source>
        <translation>Recordings: yes, %s</translation>
    </message>
    <message>
        <source>Le modifiche non salvate andranno perse. Chiudere?</source>
        <translation>Unsaved changes will be lost. Close?</translation>
    </message>
    <message>
        <source>Telecamere</source>
        <translation>Cameras</translation>
    </message>
    <message>
        <source>Il codice non può essere vuoto</source>
        <translation>The code must not be empty</translation>
    </message>
    <message>
        <source>Il codice %s è già usato</source>
        <translation>The code %s is already used</translation>
    </message>
    <message>
        <source>Il numero di chiamata %s è già di un&apos;altra telecamera</source>
        <translation>Call-up number %s already belongs to another camera</translation>
    </message>
    <message>
        <source>Numero di chiamata non valido: %s</source>
        <translation>Invalid call-up number: %s</translation>
    </message>
    <message>
        <source>Comune inesistente: %s</source>
        <translation>No such municipality: %s</translation>
    </message>
    <message>
        <source>Telecamera inesistente: %s</source>
        <translation>No such camera: %s</translation>
    </message>
    <message>
        <source>Il comune ha ancora %s telecamere: eliminarle prima</source>
        <translation>The municipality still has %s cameras: delete them first</translation>
    </message>
    <message>
        <source>Indirizzo non valido (serve rtsp://, rtsps://, http:// o https://): %s</source>
        <translation>Invalid address (rtsp://, rtsps://, http:// or https:// needed): %s</translation>
    </message>
    <message>
        <source>Indicare il flusso principale oppure l&apos;indirizzo ONVIF</source>
        <translation>Enter the main stream or the ONVIF address</translation>
    </message>
    <message>
        <source>Latitudine non valida (da -90 a 90): %s</source>
        <translation>Invalid latitude (-90 to 90): %s</translation>
    </message>
    <message>
        <source>Longitudine non valida (da -180 a 180): %s</source>
        <translation>Invalid longitude (-180 to 180): %s</translation>
    </message>
    <message>
        <source>Direzione non valida (da 0 a 360): %s</source>
        <translation>Invalid heading (0 to 360): %s</translation>
    </message>
    <message>
        <source>Porta ONVIF non valida: %s</source>
        <translation>Invalid ONVIF port: %s</translation>
    </message>
    <message>
        <source>La telecamera indica un indirizzo del flusso non ammesso</source>
        <translation>The camera gives a stream address that is not allowed</translation>
    </message>
    <message>
        <source>La telecamera indica i flussi su un altro indirizzo (%s) invece di %s: utente e password verranno inviati là. Consentire?</source>
        <translation>The camera gives its streams on another address (%s) instead of %s: user name and password will be sent there. Allow?</translation>
    </message>
    <message>
        <source>Flusso su un altro indirizzo</source>
        <translation>Stream on another address</translation>
    </message>
    <message>
        <source>Flusso su un altro indirizzo non consentito</source>
        <translation>Stream on another address not allowed</translation>
    </message>
</context>
<context>
    <name>CameraForm</name>
    <message>
        <source>Contesto</source>
        <translation>Context</translation>
    </message>
    <message>
        <source>Lettura targhe</source>
        <translation>Number plates</translation>
    </message>
    <message>
        <source>Brandeggiabile (PTZ)</source>
        <translation>Pan-tilt-zoom (PTZ)</translation>
    </message>
    <message>
        <source>Predefinito dell&apos;impianto</source>
        <translation>Site default</translation>
    </message>
    <message>
        <source>ONVIF</source>
        <translation>ONVIF</translation>
    </message>
    <message>
        <source>Codice</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Numero di chiamata</source>
        <translation>Call-up number</translation>
    </message>
    <message>
        <source>Nome</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Comune</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>Tipo</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Latitudine</source>
        <translation>Latitude</translation>
    </message>
    <message>
        <source>Longitudine</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <source>Direzione (gradi)</source>
        <translation>Heading (degrees)</translation>
    </message>
    <message>
        <source>Flusso principale</source>
        <translation>Main stream</translation>
    </message>
    <message>
        <source>Flusso secondario</source>
        <translation>Sub-stream</translation>
    </message>
    <message>
        <source>Utente</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Trasporto</source>
        <translation>Transport</translation>
    </message>
    <message>
        <source>Motore video</source>
        <translation>Video engine</translation>
    </message>
    <message>
        <source>Indirizzo</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Porta</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Consenti la password in chiaro (Basic) su RTSP</source>
        <translation>Allow the password in clear (Basic) over RTSP</translation>
    </message>
    <message>
        <source>Solo per telecamere che non offrono Digest: la password viaggia leggibile</source>
        <translation>Only for cameras without Digest: the password travels readable</translation>
    </message>
    <message>
        <source>Consenti flussi su un altro indirizzo</source>
        <translation>Allow streams on another address</translation>
    </message>
    <message>
        <source>La telecamera indica i flussi su un host diverso: le credenziali vanno là</source>
        <translation>The camera names another host for its streams: the credentials go there</translation>
    </message>
</context>
<context>
    <name>CameraTree</name>
    <message>
        <source>Cerca numero, nome o comune</source>
        <translation>Search number, name or town</translation>
    </message>
    <message>
        <source>Tutte</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Cancella l&apos;area della mappa: tutte le telecamere</source>
        <translation>Clear the map&apos;s area: every camera</translation>
    </message>
    <message>
        <source>Area della mappa: %d telecamere</source>
        <translation>Map area: %d cameras</translation>
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
    <name>DiscoveryDialog</name>
    <message>
        <source>Cerca telecamere</source>
        <translation>Find cameras</translation>
    </message>
    <message>
        <source>Indirizzo</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Nome</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Modello</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Stato</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Indirizzo o intervallo: 192.168.1.20, 10.0.5.10-40, 10.0.5.0/28</source>
        <translation>Address or range: 192.168.1.20, 10.0.5.10-40, 10.0.5.0/28</translation>
    </message>
    <message>
        <source>Cerca a questi indirizzi</source>
        <translation>Search these addresses</translation>
    </message>
    <message>
        <source>Aggiungi</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Chiudi</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Indirizzo non valido: un indirizzo, un intervallo (10.0.5.10-40) o una rete (10.0.5.0/28) di al massimo %d indirizzi</source>
        <translation>Invalid address: an address, a range (10.0.5.10-40) or a network (10.0.5.0/28) of at most %d addresses</translation>
    </message>
    <message>
        <source>Ricerca in corso...</source>
        <translation>Searching...</translation>
    </message>
    <message>
        <source>Ricerca delle telecamere non riuscita: %s</source>
        <translation>Camera search failed: %s</translation>
    </message>
    <message>
        <source>già configurata</source>
        <translation>already configured</translation>
    </message>
    <message>
        <source>nuova</source>
        <translation>new</translation>
    </message>
    <message>
        <source>Dispositivi trovati: %d</source>
        <translation>Devices found: %d</translation>
    </message>
    <message>
        <source>(altri %d non elencati: restringere la ricerca)</source>
        <translation>(%d more not listed: narrow the search)</translation>
    </message>
    <message>
        <source>nessuna rete</source>
        <translation>no network</translation>
    </message>
    <message>
        <source>in multicast (%s:%d) dall&apos;interfaccia %s</source>
        <translation>by multicast (%s:%d) from interface %s</translation>
    </message>
    <message>
        <source>all&apos;indirizzo %s:%d dall&apos;interfaccia %s</source>
        <translation>at address %s:%d from interface %s</translation>
    </message>
    <message>
        <source>a %d indirizzi (%s ... %s) dall&apos;interfaccia %s</source>
        <translation>at %d addresses (%s ... %s) from interface %s</translation>
    </message>
    <message>
        <source>Nessun dispositivo ha risposto: cercato con WS-Discovery %s. Le telecamere in un&apos;altra rete (VLAN, ponte radio) non ricevono il multicast: indicarne l&apos;indirizzo o un intervallo qui sotto.</source>
        <translation>No device answered: searched with WS-Discovery %s. Cameras in another network (VLAN, radio link) do not receive multicast: give their address or a range below.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Errore interno: il dettaglio è nel registro.</source>
        <extracomment>Libraries that log whole SOAP envelopes and HTTP exchanges at debug level: kept at INFO even with ``-v`` (their secrets are also redacted, below).</extracomment>
        <translation>Internal error: the details are in the log.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Esporta prova video - %s</source>
        <translation>Export video evidence - %s</translation>
    </message>
    <message>
        <source>Dalle</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Alle</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Motivo</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Protocollo / denuncia</source>
        <translation>Protocol / complaint no.</translation>
    </message>
    <message>
        <source>Cartella</source>
        <translation>Folder</translation>
    </message>
    <message>
        <source>Crea anche un file zip del pacchetto</source>
        <translation>Also write the package as a zip file</translation>
    </message>
    <message>
        <source>Esporta</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Annulla</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Motivo e numero di protocollo sono obbligatori.</source>
        <translation>A reason and a protocol number are required.</translation>
    </message>
    <message>
        <source>La fine deve venire dopo l&apos;inizio.</source>
        <translation>The end must come after the start.</translation>
    </message>
    <message>
        <source>Esportazione in corso...</source>
        <translation>Exporting...</translation>
    </message>
    <message>
        <source>Esportazione completa: %d fotogrammi in %s</source>
        <translation>Export complete: %d frames in %s</translation>
    </message>
    <message>
        <source>Esportazione INCOMPLETA: %s</source>
        <translation>Export INCOMPLETE: %s</translation>
    </message>
    <message>
        <source>File zip: %s</source>
        <translation>Zip file: %s</translation>
    </message>
    <message>
        <source>File zip non scritto: %s</source>
        <translation>Zip file not written: %s</translation>
    </message>
</context>
<context>
    <name>Health</name>
    <message>
        <source>Non ancora verificata</source>
        <extracomment>Worst first when sorting by state.</extracomment>
        <translation>Not checked yet</translation>
    </message>
    <message>
        <source>In servizio</source>
        <translation>In service</translation>
    </message>
    <message>
        <source>Degradata</source>
        <translation>Degraded</translation>
    </message>
    <message>
        <source>Fuori servizio</source>
        <translation>Down</translation>
    </message>
    <message>
        <source>Credenziali rifiutate</source>
        <translation>Credentials refused</translation>
    </message>
    <message>
        <source>Mai raggiunta</source>
        <translation>Never reached</translation>
    </message>
</context>
<context>
    <name>HealthActions</name>
    <message>
        <source>&amp;Stato</source>
        <translation>&amp;Status</translation>
    </message>
    <message>
        <source>Stato delle telecamere...</source>
        <translation>Camera status...</translation>
    </message>
    <message>
        <source>Allarmi...</source>
        <translation>Alarms...</translation>
    </message>
</context>
<context>
    <name>HealthPanel</name>
    <message>
        <source>Stato delle telecamere</source>
        <translation>Camera status</translation>
    </message>
    <message>
        <source>Tutti i comuni</source>
        <translation>All municipalities</translation>
    </message>
    <message>
        <source>Esporta CSV...</source>
        <translation>Export CSV...</translation>
    </message>
    <message>
        <source>Esporta stato telecamere</source>
        <translation>Export camera status</translation>
    </message>
</context>
<context>
    <name>HealthTableModel</name>
    <message>
        <source>Telecamera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Comune</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>Stato</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Da</source>
        <translation>Since</translation>
    </message>
    <message>
        <source>Motivo</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Ultima verifica</source>
        <translation>Last check</translation>
    </message>
    <message>
        <source>Videoregistratore %s</source>
        <translation>Recorder %s</translation>
    </message>
</context>
<context>
    <name>HitExportDialog</name>
    <message>
        <source>Esporta prova - targa %s</source>
        <extracomment>Makes the exporter (loads the station key) when the operator exports.</extracomment>
        <translation>Export evidence - plate %s</translation>
    </message>
    <message>
        <source>Segnalazione</source>
        <translation>Hit</translation>
    </message>
    <message>
        <source>Esito</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Motivo</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Protocollo / denuncia</source>
        <translation>Protocol / complaint no.</translation>
    </message>
    <message>
        <source>Cartella</source>
        <translation>Folder</translation>
    </message>
    <message>
        <source>Esporta</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Chiudi</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Motivo e numero di protocollo sono obbligatori.</source>
        <translation>A reason and a protocol number are required.</translation>
    </message>
    <message>
        <source>Esportazione non eseguita: %s</source>
        <translation>Export not done: %s</translation>
    </message>
    <message>
        <source>Prova esportata in %s (%d file)</source>
        <translation>Evidence exported to %s (%d files)</translation>
    </message>
</context>
<context>
    <name>HitPopup</name>
    <message>
        <source>in arrivo</source>
        <translation>approaching</translation>
    </message>
    <message>
        <source>in allontanamento</source>
        <translation>leaving</translation>
    </message>
    <message>
        <source>non indicata</source>
        <translation>not given</translation>
    </message>
    <message>
        <source>Segnalazione: %s</source>
        <translation>Hit: %s</translation>
    </message>
    <message>
        <source>Nessuna targa</source>
        <translation>No plate picture</translation>
    </message>
    <message>
        <source>Nessuna immagine del veicolo</source>
        <translation>No vehicle picture</translation>
    </message>
    <message>
        <source>Immagine dal vivo non disponibile</source>
        <translation>No live picture</translation>
    </message>
    <message>
        <source>Targa in lista</source>
        <translation>Listed plate</translation>
    </message>
    <message>
        <source>Letta</source>
        <translation>Read</translation>
    </message>
    <message>
        <source>Nota della lista</source>
        <translation>List note</translation>
    </message>
    <message>
        <source>Telecamera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Direzione</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>Ora</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>confermato</source>
        <translation>confirmed</translation>
    </message>
    <message>
        <source>lettura errata</source>
        <translation>misread</translation>
    </message>
    <message>
        <source>non rintracciato</source>
        <translation>not found</translation>
    </message>
    <message>
        <source>altro</source>
        <translation>other</translation>
    </message>
    <message>
        <source>Nota (facoltativa)</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <source>Mostra in parete</source>
        <translation>Show on the wall</translation>
    </message>
    <message>
        <source>Conferma presa visione</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <source>NON CONFERMATA: %s</source>
        <translation>NOT ACKNOWLEDGED: %s</translation>
    </message>
</context>
<context>
    <name>HitsModel</name>
    <message>
        <source>Ora</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Targa letta</source>
        <translation>Plate read</translation>
    </message>
    <message>
        <source>In lista</source>
        <translation>Listed</translation>
    </message>
    <message>
        <source>Lista</source>
        <translation>List</translation>
    </message>
    <message>
        <source>Corrispondenza</source>
        <translation>Match</translation>
    </message>
    <message>
        <source>Telecamera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Esito</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>da confermare</source>
        <translation>to acknowledge</translation>
    </message>
</context>
<context>
    <name>HitsPanel</name>
    <message>
        <source>Segnalazioni targhe</source>
        <translation>Plate hits</translation>
    </message>
    <message>
        <source>Filtra per targa o lista</source>
        <translation>Filter by plate or list</translation>
    </message>
    <message>
        <source>Solo da confermare</source>
        <translation>Only unacknowledged</translation>
    </message>
    <message>
        <source>Esporta prova...</source>
        <translation>Export evidence...</translation>
    </message>
    <message>
        <source>Pacchetto firmato di una segnalazione confermata</source>
        <translation>Signed package of an acknowledged hit</translation>
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
    <name>LivePicture</name>
    <message>
        <source>Immagine dal vivo nella segnalazione più recente</source>
        <extracomment>25 Hz: a pop-up&apos;s preview (the walls poll at 50 Hz so as to miss no frame).</extracomment>
        <translation>Live picture in the latest hit</translation>
    </message>
</context>
<context>
    <name>MapActions</name>
    <message>
        <source>&amp;Mappa</source>
        <translation>&amp;Map</translation>
    </message>
    <message>
        <source>Mappa delle telecamere</source>
        <translation>Camera map</translation>
    </message>
    <message>
        <source>Schematica (dimostrazione)</source>
        <translation>Schematic (demo)</translation>
    </message>
    <message>
        <source>Parete %d: %d telecamere dalla mappa</source>
        <translation>Wall %d: %d cameras from the map</translation>
    </message>
    <message>
        <source>Telecamera non brandeggiabile da Occhio</source>
        <translation>Occhio cannot steer this camera</translation>
    </message>
    <message>
        <source>Telecamera calibrata: salvare per confermare</source>
        <translation>Camera calibrated: save to keep it</translation>
    </message>
    <message>
        <source>Modifiche non valide: %s</source>
        <translation>Invalid changes: %s</translation>
    </message>
    <message>
        <source>Impianto di dimostrazione: le posizioni valgono fino alla chiusura</source>
        <translation>Demo site: positions last until Occhio closes</translation>
    </message>
    <message>
        <source>Impianto non salvato: %s</source>
        <translation>Site not saved: %s</translation>
    </message>
    <message>
        <source>Posizioni salvate in %s</source>
        <translation>Positions saved to %s</translation>
    </message>
</context>
<context>
    <name>MapMarks</name>
    <message>
        <source>%s in %s: fare clic per aprire la segnalazione</source>
        <translation>%s on %s: click to open the hit</translation>
    </message>
    <message>
        <source>Percorso %s: %d passaggi, %d telecamere</source>
        <translation>Track of %s: %d passages, %d cameras</translation>
    </message>
    <message>
        <source> (%d telecamere non sulla mappa)</source>
        <translation> (%d cameras not on the map)</translation>
    </message>
</context>
<context>
    <name>MapMenu</name>
    <message>
        <source>Telecamere che vedono questo punto</source>
        <translation>Cameras that see this point</translation>
    </message>
    <message>
        <source>Nessuna telecamera inquadra questo punto</source>
        <translation>No camera sees this point</translation>
    </message>
    <message>
        <source>Punta qui: %s</source>
        <translation>Point here: %s</translation>
    </message>
    <message>
        <source>Calibra %s: ora inquadra questo punto</source>
        <translation>Calibrate %s: it now looks at this point</translation>
    </message>
</context>
<context>
    <name>MapPlates</name>
    <message>
        <source>Nessun passaggio di %s da telecamere sulla mappa</source>
        <translation>No passage of %s at cameras on the map</translation>
    </message>
</context>
<context>
    <name>MapWidget</name>
    <message>
        <source>Area di ricerca: %d telecamere</source>
        <translation>Search area: %d cameras</translation>
    </message>
</context>
<context>
    <name>MapWindow</name>
    <message>
        <source>Occhio - Mappa</source>
        <translation>Occhio - Map</translation>
    </message>
    <message>
        <source>Mappa</source>
        <translation>Map</translation>
    </message>
    <message>
        <source>Telecamere</source>
        <translation>Cameras</translation>
    </message>
    <message>
        <source>Campi visivi</source>
        <translation>Fields of view</translation>
    </message>
    <message>
        <source>Invia alla parete</source>
        <translation>Send to wall</translation>
    </message>
    <message>
        <source>Le telecamere selezionate diventano una disposizione</source>
        <translation>The selected cameras become a layout</translation>
    </message>
    <message>
        <source>Mappa nella parete</source>
        <translation>Map on the wall</translation>
    </message>
    <message>
        <source>Questa vista della mappa nel riquadro selezionato della parete</source>
        <translation>This view of the map in the wall&apos;s selected tile</translation>
    </message>
    <message>
        <source>Modifica posizioni</source>
        <translation>Edit positions</translation>
    </message>
    <message>
        <source>Salva</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Annulla modifiche</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>Disegna area</source>
        <translation>Draw area</translation>
    </message>
    <message>
        <source>Trascinare un rettangolo, o fare clic sui vertici e doppio clic per chiudere: l&apos;elenco delle telecamere e la ricerca targhe si limitano all&apos;area</source>
        <translation>Drag a rectangle, or click the corners and double-click to close: the camera list and the plate search keep to the area</translation>
    </message>
    <message>
        <source>Cancella area</source>
        <translation>Clear area</translation>
    </message>
    <message>
        <source>Cancella percorso</source>
        <translation>Clear track</translation>
    </message>
    <message>
        <source>Area di ricerca: %d telecamere (elenco e ricerca targhe limitati)</source>
        <translation>Search area: %d cameras (camera list and plate search limited)</translation>
    </message>
    <message>
        <source>Trascinare un rettangolo, o fare clic sui vertici: doppio clic o Invio chiude l&apos;area, Esc annulla</source>
        <translation>Drag a rectangle, or click the corners: double-click or Enter closes the area, Esc cancels</translation>
    </message>
    <message>
        <source>Caricamento della mappa %s...</source>
        <translation>Loading map %s...</translation>
    </message>
    <message>
        <source>Mappa %s non disponibile: %s</source>
        <translation>Map %s not available: %s</translation>
    </message>
    <message>
        <source>%d telecamere senza posizione: %s%s</source>
        <translation>%d cameras without a position: %s%s</translation>
    </message>
    <message>
        <source>mappa incompleta</source>
        <translation>map incomplete</translation>
    </message>
    <message>
        <source>%d telecamere selezionate: «Invia alla parete» le mostra insieme</source>
        <translation>%d cameras selected: «Send to wall» shows them together</translation>
    </message>
    <message>
        <source>Richiamo telecamera: %s</source>
        <translation>Call-up camera: %s</translation>
    </message>
    <message>
        <source>Telecamera %d inesistente</source>
        <translation>Camera %d does not exist</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Occhio - password delle telecamere</source>
        <translation>Occhio - camera passwords</translation>
    </message>
    <message>
        <source>Frase segreta errata: riprovare.</source>
        <translation>Wrong passphrase: try again.</translation>
    </message>
    <message>
        <source>Frase segreta:</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <source>Ripetere:</source>
        <translation>Repeat:</translation>
    </message>
    <message>
        <source>Scegliere la frase segreta che protegge le password delle telecamere (almeno %d caratteri). Senza di essa le password non si possono leggere: conservarla in un luogo sicuro.</source>
        <translation>Choose the passphrase that protects the camera passwords (at least %d characters). Without it the passwords cannot be read: keep it in a safe place.</translation>
    </message>
    <message>
        <source>Inserire la frase segreta che protegge le password delle telecamere.</source>
        <translation>Enter the passphrase that protects the camera passwords.</translation>
    </message>
    <message>
        <source>Inserire la frase segreta.</source>
        <translation>Enter the passphrase.</translation>
    </message>
    <message>
        <source>La frase segreta deve avere almeno %d caratteri.</source>
        <translation>The passphrase must have at least %d characters.</translation>
    </message>
    <message>
        <source>Le due frasi non coincidono.</source>
        <translation>The two passphrases differ.</translation>
    </message>
</context>
<context>
    <name>PlateActions</name>
    <message>
        <source>&amp;Targhe</source>
        <translation>&amp;Plates</translation>
    </message>
    <message>
        <source>Segnalazioni</source>
        <translation>Hits</translation>
    </message>
    <message>
        <source>Ricerca transiti...</source>
        <translation>Search reads...</translation>
    </message>
    <message>
        <source>Traffico...</source>
        <translation>Traffic...</translation>
    </message>
    <message>
        <source>Importa lista...</source>
        <translation>Import list...</translation>
    </message>
    <message>
        <source>Lista targhe</source>
        <translation>Plate list</translation>
    </message>
    <message>
        <source>Liste (*.csv *.txt)</source>
        <translation>Lists (*.csv *.txt)</translation>
    </message>
    <message>
        <source>Lista</source>
        <translation>List</translation>
    </message>
    <message>
        <source>Nome</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Categoria</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Importazione di %s in corso...</source>
        <translation>Importing %s...</translation>
    </message>
    <message>
        <source>Varco %s non raggiungibile: %s</source>
        <translation>Plate camera %s unreachable: %s</translation>
    </message>
    <message>
        <source>%d segnalazioni non aperte: vedere Targhe &gt; Segnalazioni</source>
        <translation>%d hits not opened: see Plates &gt; Hits</translation>
    </message>
    <message>
        <source>Il varco %s invia %.0f letture al secondo: verificare la telecamera</source>
        <translation>Plate camera %s sends %.0f reads a second: check the camera</translation>
    </message>
    <message>
        <source>Motivo</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Motivo o numero di protocollo dell&apos;estrazione</source>
        <translation>Reason or protocol number of the export</translation>
    </message>
    <message>
        <source>Esporta</source>
        <translation>Export</translation>
    </message>
</context>
<context>
    <name>PlateRuntime</name>
    <message>
        <source>Letture targhe non attive: %s</source>
        <translation>Plate reads not active: %s</translation>
    </message>
    <message>
        <source>Le telecamere che inviano le letture non sono ricevute: %s</source>
        <translation>Reads pushed by plate cameras are not received: %s</translation>
    </message>
</context>
<context>
    <name>PlateSearchWindow</name>
    <message>
        <source>Ricerca transiti</source>
        <extracomment>Asks the operator for (file, reason) before an export; None: cancelled. Opens a camera&apos;s recording from a moment: (camera, parent, start) (``RecordingActions.play``). A passage&apos;s recording starts this long before the read, to see the vehicle arrive.</extracomment>
        <translation>Search reads</translation>
    </message>
    <message>
        <source>Ora</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Targa</source>
        <translation>Plate</translation>
    </message>
    <message>
        <source>Letta come</source>
        <translation>Read as</translation>
    </message>
    <message>
        <source>Telecamera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Direzione</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>Corrispondenza</source>
        <translation>Match</translation>
    </message>
    <message>
        <source>Targa, anche con ? e * (AB?12*)</source>
        <translation>Plate, also with ? and * (AB?12*)</translation>
    </message>
    <message>
        <source>Anche letture simili</source>
        <translation>Also similar reads</translation>
    </message>
    <message>
        <source>Tutte le telecamere</source>
        <translation>All cameras</translation>
    </message>
    <message>
        <source>Entrambe le direzioni</source>
        <translation>Both directions</translation>
    </message>
    <message>
        <source>in arrivo</source>
        <translation>approaching</translation>
    </message>
    <message>
        <source>in allontanamento</source>
        <translation>leaving</translation>
    </message>
    <message>
        <source>Registrazione...</source>
        <translation>Recording...</translation>
    </message>
    <message>
        <source>La registrazione del passaggio scelto</source>
        <translation>The recording of the chosen passage</translation>
    </message>
    <message>
        <source>Cerca</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Percorso</source>
        <translation>Track</translation>
    </message>
    <message>
        <source>Percorso sulla mappa</source>
        <translation>Track on the map</translation>
    </message>
    <message>
        <source>Esporta CSV...</source>
        <translation>Export CSV...</translation>
    </message>
    <message>
        <source>Dal</source>
        <translation>From</translation>
    </message>
    <message>
        <source>al</source>
        <translation>to</translation>
    </message>
    <message>
        <source>%d transiti trovati in %.0f ms</source>
        <translation>%d reads found in %.0f ms</translation>
    </message>
    <message>
        <source>Area sulla mappa (%d telecamere)</source>
        <translation>Area on the map (%d cameras)</translation>
    </message>
    <message>
        <source>Percorso di %s sulla mappa: %d passaggi</source>
        <translation>Track of %s on the map: %d passages</translation>
    </message>
    <message>
        <source>Percorso di %s: %d passaggi</source>
        <translation>Track of %s: %d passages</translation>
    </message>
    <message>
        <source>La telecamera %s non ha un videoregistratore</source>
        <translation>Camera %s has no recorder</translation>
    </message>
    <message>
        <source>Esportazione non riuscita: %s</source>
        <translation>Export failed: %s</translation>
    </message>
    <message>
        <source>Esportati %d transiti in %s</source>
        <translation>Exported %d reads to %s</translation>
    </message>
</context>
<context>
    <name>PlateTree</name>
    <message>
        <source>Hikvision, invio alla centrale</source>
        <translation>Hikvision, pushed to the station</translation>
    </message>
    <message>
        <source>webhook JSON</source>
        <translation>JSON webhook</translation>
    </message>
    <message>
        <source>credenziali rifiutate</source>
        <translation>credentials refused</translation>
    </message>
    <message>
        <source>servizio eventi inesistente (404)</source>
        <translation>no event service (404)</translation>
    </message>
    <message>
        <source>indirizzo non valido</source>
        <translation>invalid address</translation>
    </message>
    <message>
        <source>non raggiungibile</source>
        <translation>unreachable</translation>
    </message>
    <message>
        <source>nessuna risposta</source>
        <translation>no answer</translation>
    </message>
    <message>
        <source>collegamento chiuso dalla telecamera</source>
        <translation>connection closed by the camera</translation>
    </message>
    <message>
        <source>eventi illeggibili</source>
        <translation>unreadable events</translation>
    </message>
    <message>
        <source>errore</source>
        <translation>error</translation>
    </message>
    <message>
        <source>non avviate</source>
        <translation>not started</translation>
    </message>
    <message>
        <source>attive</source>
        <translation>active</translation>
    </message>
    <message>
        <source>in attesa della telecamera</source>
        <translation>waiting for the camera</translation>
    </message>
    <message>
        <source>connessione...</source>
        <translation>connecting...</translation>
    </message>
    <message>
        <source>RICEVUTI EVENTI ILLEGGIBILI</source>
        <translation>UNREADABLE EVENTS RECEIVED</translation>
    </message>
    <message>
        <source>NON ATTIVE (%s)</source>
        <translation>NOT ACTIVE (%s)</translation>
    </message>
    <message>
        <source>INTERROTTE (%s), nuovo tentativo tra %d s</source>
        <translation>INTERRUPTED (%s), retrying in %d s</translation>
    </message>
    <message>
        <source>Letture targhe (%s): %s</source>
        <translation>Plate reads (%s): %s</translation>
    </message>
    <message>
        <source>Ultima lettura: %s</source>
        <translation>Last read: %s</translation>
    </message>
</context>
<context>
    <name>Playback</name>
    <message>
        <source>credenziali del registratore rifiutate</source>
        <translation>recorder credentials refused</translation>
    </message>
    <message>
        <source>registratore o registrazione non trovati</source>
        <translation>recorder or recording not found</translation>
    </message>
    <message>
        <source>registratore non raggiungibile</source>
        <translation>recorder unreachable</translation>
    </message>
    <message>
        <source>il registratore non risponde</source>
        <translation>the recorder does not answer</translation>
    </message>
    <message>
        <source>il registratore ha smesso di inviare</source>
        <translation>the recorder stopped sending</translation>
    </message>
    <message>
        <source>il registratore ha chiuso la connessione</source>
        <translation>the recorder closed the connection</translation>
    </message>
    <message>
        <source>richiesta non accettata dal registratore</source>
        <translation>request refused by the recorder</translation>
    </message>
    <message>
        <source>ricerca non riuscita</source>
        <translation>search failed</translation>
    </message>
    <message>
        <source>nulla di registrato in quel momento</source>
        <translation>nothing recorded at that time</translation>
    </message>
    <message>
        <source>il registratore ha inviato un altro orario</source>
        <translation>the recorder sent another time</translation>
    </message>
    <message>
        <source>errore del registratore (dettagli nel registro)</source>
        <translation>recorder error (details in the log)</translation>
    </message>
    <message>
        <source>Ricerca...</source>
        <translation>Searching...</translation>
    </message>
    <message>
        <source>In pausa</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>Indietro %sx</source>
        <translation>Reverse %sx</translation>
    </message>
    <message>
        <source>Riproduzione %sx</source>
        <translation>Playing %sx</translation>
    </message>
    <message>
        <source>Buffer locale · %s</source>
        <translation>Local buffer · %s</translation>
    </message>
    <message>
        <source>Sincr. · %s</source>
        <translation>Sync · %s</translation>
    </message>
    <message>
        <source>REGISTRAZIONE - ricerca...</source>
        <translation>RECORDING - searching...</translation>
    </message>
    <message>
        <source>REGISTRAZIONE %s</source>
        <translation>RECORDING %s</translation>
    </message>
    <message>
        <source>REGISTRAZIONE NON DISPONIBILE: %s</source>
        <translation>RECORDING NOT AVAILABLE: %s</translation>
    </message>
    <message>
        <source>%s  Targa segnalata: %s</source>
        <translation>%s  Listed plate: %s</translation>
    </message>
    <message>
        <source>telecamera fuori servizio</source>
        <translation>camera down</translation>
    </message>
    <message>
        <source>telecamera di nuovo in servizio</source>
        <translation>camera back in service</translation>
    </message>
    <message>
        <source>credenziali rifiutate</source>
        <translation>credentials refused</translation>
    </message>
    <message>
        <source>%s  Allarme: %s</source>
        <translation>%s  Alarm: %s</translation>
    </message>
</context>
<context>
    <name>PlaybackBar</name>
    <message>
        <source>Vai a data e ora</source>
        <extracomment>Light words on the dark amber; &quot;Sincronizza&quot; on, in black on bright amber. Asks the time to go to: (parent, the time shown now) -&gt; the chosen time or None.</extracomment>
        <translation>Go to date and time</translation>
    </message>
    <message>
        <source>Velocità</source>
        <translation>Speed</translation>
    </message>
    <message>
        <source>Indietro</source>
        <translation>Reverse</translation>
    </message>
    <message>
        <source>Riproduci</source>
        <translation>Play</translation>
    </message>
    <message>
        <source>Pausa</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Fotogramma successivo</source>
        <translation>Next frame</translation>
    </message>
    <message>
        <source>Vai a</source>
        <translation>Go to</translation>
    </message>
    <message>
        <source>Segue la linea del tempo comune</source>
        <translation>Follows the shared timeline</translation>
    </message>
    <message>
        <source>Sincronizza</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Esporta la selezione</source>
        <translation>Export the selection</translation>
    </message>
    <message>
        <source>Esporta</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Torna in diretta</source>
        <translation>Back to live</translation>
    </message>
    <message>
        <source>Diretta</source>
        <translation>Live</translation>
    </message>
</context>
<context>
    <name>PtzController</name>
    <message>
        <source>credenziali non valide</source>
        <translation>invalid credentials</translation>
    </message>
    <message>
        <source>telecamera irraggiungibile</source>
        <translation>camera unreachable</translation>
    </message>
    <message>
        <source>la telecamera non risponde</source>
        <translation>the camera does not answer</translation>
    </message>
    <message>
        <source>comando rifiutato dalla telecamera</source>
        <translation>command refused by the camera</translation>
    </message>
    <message>
        <source>errore imprevisto</source>
        <translation>unexpected error</translation>
    </message>
    <message>
        <source>PTZ di %s: %s</source>
        <translation>PTZ of %s: %s</translation>
    </message>
    <message>
        <source>PTZ in uso da %s</source>
        <translation>PTZ in use by %s</translation>
    </message>
    <message>
        <source>PTZ: %s</source>
        <translation>PTZ: %s</translation>
    </message>
</context>
<context>
    <name>PtzPresetPanel</name>
    <message>
        <source>Preset - %s</source>
        <extracomment>Asks a yes/no question: (parent, title, text) -&gt; yes.</extracomment>
        <translation>Presets - %s</translation>
    </message>
    <message>
        <source>Vai</source>
        <translation>Go</translation>
    </message>
    <message>
        <source>Salva posizione...</source>
        <translation>Save position...</translation>
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
        <source>Home</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Lettura dei preset...</source>
        <translation>Reading presets...</translation>
    </message>
    <message>
        <source>Preset non letti</source>
        <translation>Presets not read</translation>
    </message>
    <message>
        <source>Preset %s</source>
        <translation>Preset %s</translation>
    </message>
    <message>
        <source>Eliminare il preset %s dalla telecamera?</source>
        <translation>Delete preset %s from the camera?</translation>
    </message>
    <message>
        <source>Elimina preset</source>
        <translation>Delete preset</translation>
    </message>
    <message>
        <source>%d preset</source>
        <translation>%d presets</translation>
    </message>
    <message>
        <source>%s  (posizione attuale)</source>
        <translation>%s  (current position)</translation>
    </message>
    <message>
        <source>Nuovo preset</source>
        <translation>New preset</translation>
    </message>
    <message>
        <source>Nome del preset:</source>
        <translation>Preset name:</translation>
    </message>
    <message>
        <source>Rinomina preset</source>
        <translation>Rename preset</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>layout inesistente o nome non valido</source>
        <translation>no such layout, or an invalid name</translation>
    </message>
    <message>
        <source>file non valido%s</source>
        <translation>invalid file%s</translation>
    </message>
    <message>
        <source>errore imprevisto (dettagli nel registro)</source>
        <translation>unexpected error (details in the log)</translation>
    </message>
    <message>
        <source>file o cartella inesistente</source>
        <translation>no such file or folder</translation>
    </message>
    <message>
        <source>permesso negato</source>
        <translation>permission denied</translation>
    </message>
    <message>
        <source>disco pieno</source>
        <translation>disk full</translation>
    </message>
    <message>
        <source>errore di sistema (dettagli nel registro)</source>
        <translation>system error (details in the log)</translation>
    </message>
</context>
<context>
    <name>RecordingActions</name>
    <message>
        <source>Ferma registrazione</source>
        <translation>Stop recording</translation>
    </message>
    <message>
        <source>Registra</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Esporta ultimi 2 minuti...</source>
        <translation>Export last 2 minutes...</translation>
    </message>
    <message>
        <source>Riproduci registrazione</source>
        <translation>Play recording</translation>
    </message>
    <message>
        <source>Replay istantaneo (%d s)</source>
        <translation>Instant replay (%d s)</translation>
    </message>
    <message>
        <source>Torna in diretta</source>
        <translation>Back to live</translation>
    </message>
    <message>
        <source>Sincronizza</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Motivo della consultazione</source>
        <translation>Reason for viewing</translation>
    </message>
    <message>
        <source>Motivo della visione delle registrazioni (%s):</source>
        <translation>Reason for viewing the recordings (%s):</translation>
    </message>
</context>
<context>
    <name>SiteActions</name>
    <message>
        <source>&amp;Impianto</source>
        <translation>&amp;Site</translation>
    </message>
    <message>
        <source>Telecamere...</source>
        <translation>Cameras...</translation>
    </message>
    <message>
        <source>Cerca telecamere...</source>
        <translation>Find cameras...</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>... e altri %d (vedere il registro)</source>
        <translation>... and %d more (see the log)</translation>
    </message>
    <message>
        <source>Impostazioni non usate, si usano i valori predefiniti:
%s</source>
        <translation>Settings not used, the defaults apply instead:
%s</translation>
    </message>
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
    <message>
        <source>occhio: lo schermo %s non esiste (schermi collegati: %d)</source>
        <translation>occhio: screen %s does not exist (screens connected: %d)</translation>
    </message>
    <message>
        <source>Nessuna telecamera configurata: aggiungine una o cerca nella rete (Impianto &gt; Cerca telecamere)</source>
        <translation>No camera configured: add one or search the network (Site &gt; Search cameras)</translation>
    </message>
    <message>
        <source>occhio: password delle telecamere non disponibili:
  %s
Nulla è stato modificato. Riavviare e inserire la frase segreta corretta.</source>
        <translation>occhio: camera passwords not available:
  %s
Nothing was changed. Start again and enter the right passphrase.</translation>
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
        <source>Telecamera non raggiungibile</source>
        <translation>Camera unreachable</translation>
    </message>
    <message>
        <source>La telecamera non risponde</source>
        <translation>The camera does not answer</translation>
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
        <source>libVLC senza RTSP (live555): uso PyAV</source>
        <translation>libVLC without RTSP (live555): using PyAV</translation>
    </message>
    <message>
        <source>libVLC non disponibile: uso PyAV</source>
        <translation>libVLC not available: using PyAV</translation>
    </message>
    <message>
        <source>%d g %d h</source>
        <translation>%d d %d h</translation>
    </message>
    <message>
        <source>%d h %d min</source>
        <translation>%d h %d min</translation>
    </message>
    <message>
        <source>%d min %d s</source>
        <translation>%d min %d s</translation>
    </message>
    <message>
        <source>%d s</source>
        <translation>%d s</translation>
    </message>
    <message>
        <source>In diretta</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>SEGNALE ASSENTE da %s</source>
        <translation>NO SIGNAL for %s</translation>
    </message>
    <message>
        <source>Connessione...</source>
        <translation>Connecting...</translation>
    </message>
    <message>
        <source>Attesa immagini...</source>
        <translation>Waiting for pictures...</translation>
    </message>
    <message>
        <source>In attesa</source>
        <translation>Idle</translation>
    </message>
    <message>
        <source>Segnale assente</source>
        <translation>No signal</translation>
    </message>
    <message>
        <source>Telecamera non disponibile</source>
        <translation>Camera not available</translation>
    </message>
    <message>
        <source>%s da %s</source>
        <translation>%s for %s</translation>
    </message>
    <message>
        <source>nuovo tentativo in corso...</source>
        <translation>retrying now...</translation>
    </message>
    <message>
        <source>nuovo tentativo tra %d s</source>
        <translation>retrying in %d s</translation>
    </message>
    <message>
        <source>Errore del server (%s)</source>
        <translation>Server error (%s)</translation>
    </message>
    <message>
        <source>Codec non supportato: %s</source>
        <translation>Unsupported codec: %s</translation>
    </message>
    <message>
        <source>Indirizzo del flusso rifiutato</source>
        <translation>Stream address refused</translation>
    </message>
    <message>
        <source>Flusso su un altro indirizzo: da confermare nell&apos;editor</source>
        <translation>Stream on another host: confirm it in the editor</translation>
    </message>
    <message>
        <source>Password in chiaro (Basic) rifiutata</source>
        <translation>Clear-text password (Basic) refused</translation>
    </message>
    <message>
        <source>Risposta troppo grande</source>
        <translation>Answer too large</translation>
    </message>
</context>
<context>
    <name>TileWidget</name>
    <message>
        <source>Trascina una telecamera qui</source>
        <translation>Drag a camera here</translation>
    </message>
    <message>
        <source>Riquadro %d</source>
        <translation>Tile %d</translation>
    </message>
    <message>
        <source>Telecamera sconosciuta: %s</source>
        <translation>Unknown camera: %s</translation>
    </message>
    <message>
        <source>Ultima immagine %s</source>
        <translation>Last image %s</translation>
    </message>
    <message>
        <source>%s (ridotto)</source>
        <translation>%s (reduced)</translation>
    </message>
</context>
<context>
    <name>TourDialog</name>
    <message>
        <source>Sequenza del riquadro</source>
        <translation>Tile tour</translation>
    </message>
    <message>
        <source>Cerca numero, nome o comune</source>
        <translation>Search number, name or municipality</translation>
    </message>
    <message>
        <source>Tempo per telecamera:</source>
        <translation>Time per camera:</translation>
    </message>
</context>
<context>
    <name>TrafficWindow</name>
    <message>
        <source>Traffico ai varchi</source>
        <translation>Traffic at the plate cameras</translation>
    </message>
    <message>
        <source>24 ore</source>
        <translation>24 hours</translation>
    </message>
    <message>
        <source>7 giorni</source>
        <translation>7 days</translation>
    </message>
    <message>
        <source>30 giorni</source>
        <translation>30 days</translation>
    </message>
    <message>
        <source>Esporta CSV...</source>
        <translation>Export CSV...</translation>
    </message>
    <message>
        <source>Intervallo</source>
        <translation>Interval</translation>
    </message>
    <message>
        <source>Periodo</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>passaggi</source>
        <translation>vehicles</translation>
    </message>
    <message>
        <source>Nessun varco configurato</source>
        <translation>No plate camera configured</translation>
    </message>
    <message>
        <source>in arrivo</source>
        <translation>approaching</translation>
    </message>
    <message>
        <source>in uscita</source>
        <translation>leaving</translation>
    </message>
</context>
<context>
    <name>WallInfoBar</name>
    <message>
        <source>Schermo %d</source>
        <translation>Screen %d</translation>
    </message>
    <message>
        <source>Layout: %s</source>
        <extracomment>Says where the screen&apos;s tour is (&quot;&quot; without one); set by the window.</extracomment>
        <translation>Layout: %s</translation>
    </message>
    <message>
        <source>⚠ %d allarmi da confermare</source>
        <translation>⚠ %d alarms to acknowledge</translation>
    </message>
    <message>
        <source>Nessun allarme</source>
        <translation>No alarms</translation>
    </message>
</context>
<context>
    <name>WallManager</name>
    <message>
        <source>Telecamere</source>
        <extracomment>A tile&apos;s state as a camera health, for walls without a health book (tests, tools).</extracomment>
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
        <source>Non disponibile: il video è disegnato direttamente da libVLC</source>
        <extracomment>Asks which cameras a tile tours: (parent, site, current tour) -&gt; the new tour or None. Adds the recorded-video entries to a tile&apos;s menu (``RecordingActions.add_to_menu``). Builds the feeds of tiles that play a recording (``RecordingActions``); None: live only.</extracomment>
        <translation>Not available: libVLC draws the video itself</translation>
    </message>
    <message>
        <source>Non disponibile con questo motore video</source>
        <translation>Not available with this video engine</translation>
    </message>
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
        <source>Stato</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Sequenza dello schermo...</source>
        <translation>Screen tour...</translation>
    </message>
    <message>
        <source>Pausa/ripresa della sequenza dello schermo</source>
        <translation>Pause/resume the screen tour</translation>
    </message>
    <message>
        <source>Ferma la sequenza dello schermo</source>
        <translation>Stop the screen tour</translation>
    </message>
    <message>
        <source>Mostra menu e barre</source>
        <translation>Show menus and toolbars</translation>
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
        <source>Preset...</source>
        <translation>Presets...</translation>
    </message>
    <message>
        <source>PTZ non comandabile: manca l&apos;indirizzo ONVIF</source>
        <translation>PTZ cannot be steered: no ONVIF address</translation>
    </message>
    <message>
        <source>Aggiungere l&apos;indirizzo ONVIF della telecamera in Impianto &gt; Telecamere</source>
        <translation>Add the camera&apos;s ONVIF address in Site &gt; Cameras</translation>
    </message>
    <message>
        <source>Sequenza...</source>
        <translation>Tour...</translation>
    </message>
    <message>
        <source>Riprendi sequenza (P)</source>
        <translation>Resume tour (P)</translation>
    </message>
    <message>
        <source>Pausa sequenza (P)</source>
        <translation>Pause tour (P)</translation>
    </message>
    <message>
        <source>Ferma sequenza</source>
        <translation>Stop tour</translation>
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
