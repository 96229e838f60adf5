# Categorie dei punti di interesse
category-attraction = Attrazione
category-museum = Museo
category-monument = Monumento
category-church = Chiesa
category-accommodation = Alloggio
category-food = Ristorazione
category-sport-facility = Impianto sportivo
category-public-building = Edificio pubblico
category-school = Scuola
category-health = Salute
category-transport = Trasporti
category-event = Evento
category-other = Altro

# Errori dei dati aperti
data-error-empty-query = Niente da cercare: il testo non contiene lettere né cifre.
data-error-query-too-long = Il testo da cercare è troppo lungo ({ $len } caratteri, al massimo { $max }).
data-error-database = Errore del database: { $detail }

data-error-read = Impossibile leggere { $path }: { $detail }

# Lavoro annullato (SyncError::Cancelled, ImportError::Cancelled)
data-sync-cancelled = Raccolta annullata: i dataset già aggiornati restano aggiornati, gli altri restano com'erano.
data-import-cancelled = Importazione annullata: i file già importati restano importati, gli altri non sono stati toccati.
data-import-mostly-quarantined = Solo { $mapped } delle { $rows } righe del file sono utilizzabili; le altre sono in quarantena. Motivo più frequente: { $reason }
