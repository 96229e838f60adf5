# Sincronizzazione con l'hub dell'aggregazione.

hub-error-not-signed-in = Questo dispositivo non ha un accesso all'hub (o la sessione è scaduta): accedi con «campanile hub login». Le modifiche in attesa restano.
hub-error-bad-url = «{ $url }» non è l'indirizzo di un hub: { $detail }.
hub-error-unreachable = L'hub { $url } non ha risposto ({ $detail }). Non si perde nulla: ciò che attende viene inviato, con la stessa chiave, alla prossima sincronizzazione.
hub-error-refused = L'hub ha rifiutato { $what } ({ $status } { $code }): { $message }
hub-error-protocol = La risposta dell'hub a { $what } non è leggibile: { $detail }
hub-error-diverged = La pratica { $id } su questo dispositivo è diversa da quella dell'hub dall'evento { $seq }: è stata lasciata com'è.
hub-error-sign-in-failed = L'accesso non è andato a buon fine ({ $code }): { $detail }
hub-error-sign-in-timed-out = Nessun ritorno dal browser entro { $seconds } secondi: l'accesso è stato abbandonato. Ricomincialo.
hub-error-store = Il database locale ha avuto un errore durante la sincronizzazione con l'hub: { $detail }

# campanile hub
hub-signed-in = Accesso a { $url } come { $subject } ({ $role }).
hub-browser-open = Accedi con SPID o CIE nel browser: { $url }
hub-browser-done-title = Accesso effettuato
hub-browser-done = Hai effettuato l'accesso a Campanile. Puoi chiudere questa finestra e tornare all'app.
hub-browser-failed-title = Accesso non riuscito
hub-browser-failed = L'accesso non è andato a buon fine: { $detail }. Puoi chiudere questa finestra e riprovare dall'app.
hub-signed-out = Uscito dall'hub; le modifiche in attesa restano.
hub-queued = In coda per l'hub (modifica { $seq }): { $what }.
hub-synced = Sincronizzato con l'hub: { $sent } modifiche inviate ({ $replayed } già applicate), { $rejected } rifiutate, { $practices } pratiche lette, { $events } nuovi eventi; { $pending } in attesa.
hub-status-session = Hub: { $url }, accesso come { $subject } ({ $role }); ultima sincronizzazione: { $last }.
hub-status-no-session = Nessun accesso a un hub.
hub-status-never = mai
hub-status-outbox = Modifiche: { $pending } in attesa, { $rejected } rifiutate.
