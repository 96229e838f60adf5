# Harvesting from open-data portals (CKAN, DCAT-AP_IT). Variables are the fields of
# HarvestError's variants (core/src/opendata/harvest/error.rs).

harvest-error-status = { $url }: the portal answered HTTP { $status }; retrying will not help.
harvest-error-unavailable = { $url }: the server kept answering HTTP { $status } ({ $attempts } attempts). Try again later.
harvest-error-network = { $url }: network error: { $detail }
harvest-error-timeout = { $url }: no complete answer within { $timeout_ms } ms.
harvest-error-truncated = { $url }: the download was cut short: { $received } of { $expected } bytes received.
harvest-error-too-large = { $url }: the file is larger than the limit of { $limit } bytes (at least { $size } bytes).
harvest-error-json = { $url }: the portal's answer is not valid JSON (line { $line }, column { $column }): { $detail }
harvest-error-unexpected = { $url }: unexpected answer from the portal: { $detail }
harvest-error-ckan = { $url }: the CKAN portal refused the request (HTTP { $status }): { $message }
harvest-error-rdf = { $url }: the DCAT catalogue has an RDF syntax error at line { $line }, column { $column }: { $detail }
harvest-error-invalid-url = { $url }: not a usable portal or file address: { $detail }
harvest-error-client = Cannot set up the HTTP client: { $detail }
