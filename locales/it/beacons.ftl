# Beacon: frame, registro, tracce, scansione, eventi di prossimità


beacons-error-empty = L'advertisement è vuoto.
beacons-error-truncated-ad = La struttura AD al byte { $offset } dichiara { $declared } byte ma ne seguono solo { $available }.
beacons-error-no-beacon = Nessun frame iBeacon, AltBeacon o Eddystone nell'advertisement.
beacons-error-length = Il frame { $kind } al byte { $offset } ha { $found } byte; il formato ne prevede { $expected }.
beacons-error-declared-length = Il byte di lunghezza { $kind } al byte { $offset } dice { $declared }; il formato prevede { $expected }.
beacons-error-eddystone-type = Il tipo di frame Eddystone { $value } al byte { $offset } non è definito.
beacons-error-tlm-version = La versione Eddystone-TLM { $value } al byte { $offset } non è definita.
beacons-error-url-scheme = Il prefisso di schema Eddystone-URL { $value } al byte { $offset } non è definito (0x00–0x03).
beacons-error-url-byte = Il byte Eddystone-URL { $value } al byte { $offset } è riservato.
beacons-error-short-manufacturer = I dati del produttore al byte { $offset } hanno { $found } byte, troppo pochi per un identificativo di azienda.
beacons-error-hex = «{ $value }» non sono byte esadecimali (due cifre per byte, spazi e due punti ammessi).

beacons-error-registry-read = Impossibile leggere il registro { $path }: { $detail }
beacons-error-registry-format = { $path }: formato di registro sconosciuto (usare un file .csv o .json).
beacons-error-registry-json = { $path }: JSON non valido alla riga { $line }, colonna { $column }: { $detail }
beacons-error-registry-csv = { $path }: record CSV { $record }: { $detail }
beacons-error-registry-column = { $path }: l'intestazione non ha la colonna «{ $column }».
beacons-error-registry-field = { $path }: record { $record }, campo { $field } = «{ $value }»: { $reason ->
        [required] obbligatorio
        [beacon-id] non è un identificativo di beacon (ibeacon:UUID:MAJOR:MINOR, altbeacon:ID, eddystone-uid:NAMESPACE:INSTANCE, eddystone-eid:EID)
        [metres] una distanza in metri, maggiore di 0 e al massimo 100
        [exit-not-larger] deve essere maggiore di enter_m, altrimenti il visitatore entrerebbe e uscirebbe di continuo
        [dbm] dBm da -120 a 0
        [millis] millisecondi, un numero intero
        [rssi] dBm, un numero intero da -127 a 20
        [hex] byte esadecimali
        [u16] un numero a 16 bit
       *[other] { $reason }
    }.
beacons-error-registry-duplicate = { $path }: record { $record }: il beacon { $beacon } compare due volte (la prima al record { $first }).
beacons-error-registry-db = Errore del database del registro dei beacon: { $detail }

beacons-error-trace-read = Impossibile leggere la traccia { $path }: { $detail }
beacons-error-trace-write = Impossibile scrivere la traccia { $path }: { $detail }
beacons-error-trace-syntax = Traccia, riga { $line }: { $detail }
beacons-error-trace-field = Traccia, riga { $line }, campo { $field } = «{ $value }»: { $reason ->
        [required] obbligatorio
        [beacon-id] non è un identificativo di beacon (ibeacon:UUID:MAJOR:MINOR, altbeacon:ID, eddystone-uid:NAMESPACE:INSTANCE, eddystone-eid:EID)
        [metres] una distanza in metri, maggiore di 0 e al massimo 100
        [exit-not-larger] deve essere maggiore di enter_m, altrimenti il visitatore entrerebbe e uscirebbe di continuo
        [dbm] dBm da -120 a 0
        [millis] millisecondi, un numero intero
        [rssi] dBm, un numero intero da -127 a 20
        [hex] byte esadecimali
        [u16] un numero a 16 bit
       *[other] { $reason }
    }.

beacons-error-no-adapter = Nessun adattatore Bluetooth trovato: collegarne uno o attivare il Bluetooth, poi riprovare.
beacons-error-bluetooth-unavailable = Il Bluetooth non è disponibile su questo sistema ({ $detail }). Su Linux, verificare che il servizio bluetooth (BlueZ) sia attivo.
beacons-error-scan = La scansione Bluetooth non è riuscita: { $detail }
beacons-error-no-ble = Questa versione di Campanile non ha il supporto Bluetooth: compilarla con la funzionalità «ble» per la scansione.

beacons-parsed = Frame { $kind }
beacons-registry-imported = { $file }: { $count } beacon registrati.
beacons-registry-empty = Nessun beacon registrato.
beacons-registry-entry = { $beacon } → { $name } ({ $poi })
beacons-event-enter = { $time }  sei a { $name } ({ $poi }), a { $distance } m
beacons-event-exit = { $time }  uscito da { $name } ({ $poi })
beacons-replay-summary = { $adverts } advertisement riprodotti, { $events } eventi, { $rejected } advertisement che non erano frame di beacon.
beacons-scan-start = Scansione per { $seconds } secondi…
beacons-scan-heard = { $kind } { $beacon } RSSI { $rssi } dBm
beacons-scan-summary = { $adverts } advertisement ricevuti, { $frames } frame di beacon.
