# Tessere di mappa offline: `campanile tiles …` e gli errori di lettura/costruzione delle tessere.

## Comandi (testi di aiuto)
tiles-cmd-about = Tessere di mappa offline: esamina gli archivi, estrae tessere, costruisce la mappa di base.
tiles-cmd-info-about = Mostra cosa contiene un archivio di tessere (MBTiles o PMTiles).
tiles-cmd-get-about = Scrive i byte di una tessera così come sono memorizzati (numerazione XYZ).
tiles-cmd-get-out = Scrive i byte in questo file invece che sullo standard output.
tiles-cmd-get-decompress = Toglie la compressione gzip se la tessera è compressa con gzip.
tiles-cmd-build-about = Costruisce una mappa di base a tessere vettoriali da livelli GeoJSON.
tiles-cmd-build-layer = Un livello nella forma NOME=FILE.geojson (ripetibile).
tiles-cmd-build-bbox = L'area per cui creare le tessere: OVEST,SUD,EST,NORD in gradi.
tiles-cmd-build-min-zoom = Il primo livello di zoom.
tiles-cmd-build-max-zoom = L'ultimo livello di zoom.
tiles-cmd-build-out = L'archivio da scrivere: .mbtiles per MBTiles, altrimenti PMTiles v3.
tiles-cmd-build-name = Il nome dell'archivio (predefinito: il nome del file di uscita).
tiles-cmd-build-attribution = L'attribuzione (predefinita: cita i file di ingresso).
tiles-cmd-build-description = Una descrizione per i metadati.

## Etichette dell'output di `tiles info` e `tiles build`
tiles-info-file = File
tiles-info-archive = Archivio
tiles-info-format = Formato delle tessere
tiles-info-encoding = Compressione
tiles-info-zooms = Livelli di zoom
tiles-info-bounds = Limiti (O, S, E, N)
tiles-info-center = Centro (lon, lat, zoom)
tiles-info-name = Nome
tiles-info-attribution = Attribuzione
tiles-info-description = Descrizione
tiles-info-layers = Livelli
tiles-info-tiles = Tessere
tiles-info-tiles-unknown = sconosciuto
tiles-build-done = { $tiles ->
    [one] Scritta una tessera
   *[other] Scritte { $tiles } tessere
} ({ $bytes } byte) in { $out }.

## Errori
tiles-error-io = Impossibile leggere o scrivere { $path }: { $reason }
tiles-error-unknown-format = { $path } non è un archivio di tessere: non è né MBTiles (un database SQLite) né PMTiles versione 3.
tiles-error-pmtiles-version = { $path } è PMTiles versione { $version }, ma è supportata solo la versione 3.
tiles-error-corrupt = { $path } è danneggiato: { $detail }
tiles-error-unsupported-compression = { $path } usa la compressione { $compression } per le sue directory, che non è supportata.
tiles-error-sqlite = Impossibile leggere il database MBTiles { $path }: { $reason }
tiles-error-not-mbtiles = { $path } è un database SQLite ma non MBTiles: non ha una tabella o vista “tiles”.
tiles-error-out-of-range = La tessera { $z }/{ $x }/{ $y } non esiste: allo zoom { $z } la colonna x e la riga y vanno da 0 a { $max }.
tiles-error-zoom-too-deep = Lo zoom { $z } è troppo profondo: gli archivi di tessere arrivano fino allo zoom { $max }.
tiles-error-decode = Impossibile decodificare la tessera: { $detail }
tiles-error-geojson = Impossibile usare il file GeoJSON { $path }: { $detail }
tiles-error-invalid-option = Opzione di costruzione non valida: { $detail }
tiles-error-write = Impossibile scrivere l'archivio di tessere { $path }: { $detail }
tiles-error-absent = La tessera { $z }/{ $x }/{ $y } non è presente in { $file }.
tiles-error-output = Impossibile scrivere { $path }: { $reason }
tiles-error-binary-to-terminal = Una tessera è un dato binario: indica --out PERCORSO o redirigi lo standard output su un file.
tiles-error-json-needs-out = Con --json, “tiles get” richiede --out PERCORSO per i byte della tessera.
