# Campanile desktop (app-tauri): i messaggi della pagina e dei suoi comandi.

desktop-skip-to-content = Vai al contenuto
desktop-tagline = I comuni del Piceno e del Fermano
desktop-language-label = Lingua
desktop-nav-label = Sezioni
desktop-nav-visit = Visita
desktop-nav-beacons = Beacon
desktop-nav-pay = Pagamenti
desktop-nav-practices = Le mie pratiche
desktop-nav-desk = Sportello
desktop-nav-data = Dati
desktop-visit-title = Luoghi
desktop-search-label = Cerca un luogo
desktop-category-label = Categoria
desktop-category-all = Tutte le categorie
desktop-search-hint = Scrivi una parte del nome: i risultati appaiono mentre scrivi.
desktop-results =
    { $count ->
        [0] Nessun luogo trovato.
        [one] Un luogo trovato.
       *[other] { $count } luoghi trovati.
    }
desktop-map-label = Mappa dei luoghi
desktop-legend = Legenda delle categorie
desktop-empty-store = Non ci sono ancora luoghi su questo dispositivo.
desktop-import-sample = Carica i luoghi di esempio
desktop-back = Torna ai risultati
desktop-place-no-description = Nessuna descrizione.
desktop-place-address = Indirizzo
desktop-place-hours = Orari
desktop-place-phone = Telefono
desktop-place-email = Email
desktop-place-website = Sito web
desktop-place-accessibility = Accessibilità
desktop-place-source = Fonte
desktop-place-licence = Licenza
desktop-place-nearby = Nelle vicinanze
desktop-beacons-title = Beacon
desktop-beacons-intro = Associa i beacon ai luoghi e riproduci una traccia registrata: l'app dice dove si trova il visitatore.
desktop-beacons-registry = Registro dei beacon (CSV: beacon,poi_id,name)
desktop-beacons-registry-file = File del registro
desktop-beacons-registry-save = Salva il registro
desktop-beacons-trace = Traccia (JSON lines o CSV)
desktop-beacons-trace-file = File della traccia
desktop-beacons-replay = Riproduci
desktop-beacons-events = Eventi
desktop-pay-title = Pagamenti pagoPA
desktop-pay-intro = Scrivi o incolla il codice dell'avviso (il testo del QR code o il codice avviso).
desktop-pay-notice = Avviso di pagamento
desktop-pay-read = Leggi l'avviso
desktop-pay-check = Verifica con pagoPA
desktop-pay-email = Email per la ricevuta (facoltativa)
desktop-pay-checkout = Paga con pagoPA
desktop-pay-checkout-opened = Il pagamento è aperto nel browser. Quando hai finito lì, l'esito compare qui.
desktop-pay-checkout-open = Apri questo indirizzo nel browser per pagare:
desktop-pay-history = Pagamenti e ricevute
desktop-pay-reconcile = Aggiorna lo stato
desktop-pay-ask-again = Chiedi di nuovo
desktop-pay-webcam = Leggi con la webcam
desktop-pay-webcam-stop = Ferma la webcam
desktop-pay-webcam-looking = Inquadra il codice QR o il Data Matrix dell'avviso.
desktop-pay-webcam-none = Nessuna webcam disponibile su questo computer (o l'accesso è stato negato): usa un'immagine o scrivi il codice.
desktop-pay-webcam-preview = Anteprima della webcam
desktop-pay-creditor = Ente creditore
desktop-pay-number = Codice avviso
desktop-pay-amount = Importo
desktop-pay-status = Stato
desktop-pay-receipts = Ricevute
desktop-pay-no-receipts = Nessuna ricevuta su questo dispositivo.
desktop-pay-attempts = Tentativi di pagamento
desktop-pay-attempt = Tentativo
desktop-pay-no-attempts = Nessun pagamento avviato.
desktop-practices-title = Le mie pratiche
desktop-practices-applicant = Codice fiscale del richiedente
desktop-practices-show = Mostra le pratiche
desktop-practices-none = Nessuna pratica.
desktop-practice-due = Scadenza { $date }
desktop-practice-deadline = Termine di legge
desktop-practice-timeline = Cronologia
desktop-desk-title = Sportello: pratiche
desktop-desk-login = Accedi all'hub
desktop-desk-url = Indirizzo dell'hub
desktop-desk-subject = Codice fiscale
desktop-desk-role = Ruolo
desktop-desk-comune = Codice ISTAT del comune
desktop-desk-login-button = Accedi
desktop-role-staff = Operatore
desktop-role-citizen = Cittadino
desktop-role-admin = Amministratore
desktop-desk-logout = Esci
desktop-desk-open = Apri una pratica
desktop-desk-procedure = Procedimento (codice del catalogo)
desktop-desk-practice-subject = Oggetto
desktop-desk-open-button = Metti in coda l'apertura
desktop-desk-sync = Sincronizza con l'hub
desktop-desk-synced =
    { $sent ->
        [one] Inviata 1 modifica
       *[other] Inviate { $sent } modifiche
    }, { $practices ->
        [one] letta 1 pratica
       *[other] lette { $practices } pratiche
    }; { $pending } in attesa.
desktop-desk-practices = Pratiche aperte
desktop-desk-signed-in = Collegato come { $subject } ({ $role }) a { $url }.
desktop-desk-signed-out = Non collegato a un hub: le modifiche restano in coda su questo dispositivo.
desktop-desk-pending = Modifiche in attesa: { $pending }; rifiutate: { $rejected }.
desktop-outbox-pending = in attesa
desktop-outbox-sent = inviata
desktop-outbox-rejected = rifiutata
desktop-desk-change = Nuovo stato o evento
desktop-desk-note = Nota
desktop-desk-queue = Metti in coda
desktop-event-note = Nota
desktop-event-document = Documento
desktop-event-assigned = Assegnata
desktop-event-refusal-notice = Preavviso di rigetto
desktop-event-observations = Osservazioni
desktop-event-proposal = Proposta
desktop-state-started = Avviata
desktop-state-presented = Presentata
desktop-state-correction-requested = Richiesta di correzione
desktop-state-corrected = Corretta
desktop-state-refused = Respinta
desktop-state-integration-requested = Richiesta di integrazione
desktop-state-ended-by-integration-times-expired = Conclusa: termini di integrazione scaduti
desktop-state-integrated = Integrata
desktop-state-cdss-convened = Conferenza di servizi convocata
desktop-state-ended-by-suspension-requested = Conclusa: sospensione richiesta
desktop-state-ended-by-conformation-requested = Conclusa: conformazione richiesta
desktop-state-ended-by-proceeding-time-expired = Conclusa: termine del procedimento scaduto
desktop-state-ended-by-positive-outcome = Conclusa con esito positivo
desktop-state-ended-by-submitter-cancel-requested = Conclusa: ritirata dal richiedente
desktop-data-title = Dati aperti sul dispositivo
desktop-data-intro = I luoghi restano sul dispositivo e si cercano anche senza rete.
desktop-data-import = Importa file dal computer
desktop-data-import-paths = Percorsi dei file (CSV, GeoJSON, JSON), uno per riga
desktop-data-import-licence = Licenza dei dati
desktop-data-import-button = Importa
desktop-data-sync = Raccogli da un portale open data
desktop-data-portal = Indirizzo del portale (CKAN o DCAT)
desktop-data-organization = Organizzazione (facoltativa)
desktop-data-sync-button = Raccogli
desktop-work-cancel = Annulla
desktop-language-it = Italiano
desktop-language-en = English
desktop-language-de = Deutsch
desktop-language-fr = Français
desktop-language-es = Español
desktop-error-language = Lingua non disponibile: { $code }.

# Issue 13: reading a notice from an image, printing, suppliers' invoices, SPID/CIE sign-in,
# debt positions, live beacon scanning, the quarantine after an import.
desktop-nav-invoices = Le mie fatture
desktop-pay-scan = Leggi l'avviso da un'immagine
desktop-pay-scan-file = Foto o scansione dell'avviso (PNG, JPEG)
desktop-pay-scan-path = Oppure il percorso del file immagine
desktop-pay-scan-button = Leggi l'immagine
desktop-pay-scanning = Lettura dell'immagine…
desktop-pay-scan-found =
    { $count ->
        [one] Trovato 1 codice pagoPA
       *[other] Trovati { $count } codici pagoPA
    }
desktop-pay-receipt-print = Stampa la ricevuta
desktop-print-opened = Aperto nel visualizzatore di sistema per la stampa: { $path }
desktop-print-saved = Salvato, da aprire e stampare: { $path }
desktop-invoices-title = Le mie fatture al Comune
desktop-invoices-intro = Per i fornitori: le fatture elettroniche inviate al Comune e il loro stato (SdI, lavorazione, pagamento).
desktop-invoices-import = Importa un file di fattura
desktop-invoices-file = File della fattura (XML FatturaPA o .p7m firmato)
desktop-invoices-path = Oppure il percorso del file
desktop-invoices-import-button = Importa
desktop-invoices-list = Le fatture e il loro stato
desktop-invoices-none = Nessuna fattura su questo dispositivo.
desktop-invoices-detail = La fattura
desktop-invoices-col-date = Data
desktop-invoices-col-number = Numero
desktop-invoices-col-supplier = Fornitore
desktop-invoices-col-total = Totale
desktop-invoices-col-sdi = SdI
desktop-invoices-col-step = Lavorazione
desktop-invoices-col-term = Pagamento
desktop-desk-login-spid-intro = Oppure entra con SPID o CIE nel browser di sistema:
desktop-desk-login-spid = Entra con SPID o CIE
desktop-desk-login-cancel = Annulla l'accesso
desktop-desk-login-waiting = Completa l'accesso nel browser; questa pagina attende la risposta.
desktop-position-title = Posizioni debitorie pagoPA
desktop-position-creditor = Codice fiscale dell'ente creditore
desktop-position-file = File della posizione (JSON)
desktop-position-file-pick = Scegli il file della posizione
desktop-position-iupd = IUPD della posizione
desktop-position-create = Crea e pubblica
desktop-position-check = È stata pagata?
desktop-position-print = Stampa l'avviso
desktop-position-paid = Pagata.
desktop-position-not-paid = Non ancora pagata.
desktop-beacons-live = Ascolto dal vivo
desktop-beacons-seconds = Durata (secondi)
desktop-beacons-scan = Ascolta i beacon
desktop-beacons-scan-stop = Ferma
desktop-beacons-scanning = In ascolto con l'adattatore Bluetooth…
desktop-beacons-no-adapter = Nessun adattatore Bluetooth su questo computer: l'ascolto dal vivo non è disponibile. Puoi riprodurre una traccia registrata qui sotto.
desktop-beacons-scan-failed = L'ascolto non è riuscito.
desktop-data-quarantine =
    { $count ->
        [one] 1 riga in quarantena, e perché
       *[other] { $count } righe in quarantena, e perché
    }
desktop-data-quarantine-file = File
desktop-data-quarantine-row = Riga
desktop-data-quarantine-reason = Motivo
desktop-data-preview-button = Anteprima
desktop-data-preview = Anteprima: nulla è ancora importato
desktop-data-preview-file = { $file }: { $rows } righe, { $pois } luoghi, { $quarantined } in quarantena
