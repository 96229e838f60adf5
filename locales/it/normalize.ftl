# Normalizzazione dei dati aperti: motivi di quarantena delle righe e errori delle risorse.
# Le variabili corrispondono ai campi di QuarantineReason / NormalizeError.

quarantine-missing-name = Nessun nome utilizzabile in nessuna delle colonne del nome.
quarantine-missing-coordinates = Nessuna coordinata.
quarantine-bad-coordinates = Coordinate non numeriche: «{ $value }».
quarantine-null-island = Coordinate a (0, 0): segnaposto per «posizione sconosciuta».
quarantine-outside-italy = Coordinate fuori dall’Italia (lat { $lat }, lon { $lon }).
quarantine-projection = Coordinate proiettate non convertibili: { $detail }.
quarantine-malformed = Riga illeggibile: { $detail }.

normalize-error-unsupported-format = Formato non supportato: { $format }.
normalize-error-syntax = File { $format } non valido: { $detail }.
normalize-error-no-records = Nessun punto di interesse nella risorsa: { $detail }.
normalize-error-nothing-mapped = Nulla importato: { $rows ->
        [one] l’unica riga del file non è utilizzabile
       *[other] nessuna delle { $rows } righe del file è utilizzabile
    }. Motivo più frequente: { $reason } Colonne lette come nome: { $name_count ->
        [0] nessuna
       *[other] { $name_columns }
    }; come coordinate: { $coordinate_count ->
        [0] nessuna
       *[other] { $coordinate_columns }
    }. Colonne del file: { $columns }.{ $example_row ->
        [0] {""}
       *[other] { " " }Riga { $example_row }: { $example }
    }
