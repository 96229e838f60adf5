# Raccolta dai portali open data (CKAN, DCAT-AP_IT). Le variabili sono i campi delle varianti
# di HarvestError (core/src/opendata/harvest/error.rs).

harvest-error-status = { $url }: il portale ha risposto HTTP { $status }; riprovare non servirebbe.
harvest-error-unavailable = { $url }: il server ha continuato a rispondere HTTP { $status } ({ $attempts } tentativi). Riprova più tardi.
harvest-error-network = { $url }: errore di rete: { $detail }
harvest-error-timeout = { $url }: nessuna risposta completa entro { $timeout_ms } ms.
harvest-error-truncated = { $url }: lo scaricamento si è interrotto: ricevuti { $received } byte su { $expected }.
harvest-error-too-large = { $url }: il file supera il limite di { $limit } byte (almeno { $size } byte).
harvest-error-json = { $url }: la risposta del portale non è JSON valido (riga { $line }, colonna { $column }): { $detail }
harvest-error-unexpected = { $url }: risposta inattesa dal portale: { $detail }
harvest-error-ckan = { $url }: il portale CKAN ha rifiutato la richiesta (HTTP { $status }): { $message }
harvest-error-rdf = { $url }: il catalogo DCAT ha un errore di sintassi RDF alla riga { $line }, colonna { $column }: { $detail }
harvest-error-invalid-url = { $url }: indirizzo di portale o di file non utilizzabile: { $detail }
harvest-error-client = Impossibile preparare il client HTTP: { $detail }
