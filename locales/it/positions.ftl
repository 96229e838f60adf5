# campanile positions: le posizioni debitorie del comune su pagoPA (GPD), per gli sportelli.

positions-status = Posizione debitoria { $iupd }: { $status }
positions-creditor = Ente creditore: { $name } (codice fiscale { $code })
positions-option = { $kind ->
    [full] Unica soluzione
    [installment] Rata
   *[unknown] Opzione
} { $notice }: { $amount }, scadenza { $due } — { $status }
positions-option-paid = pagata il { $date } tramite { $psp }, ricevuta { $receipt }
positions-created-draft = Posizione debitoria { $iupd } creata come bozza ({ $status }): va pubblicata per renderla pagabile.
positions-created-published = Posizione debitoria { $iupd } creata e pubblicata: { $status }.
positions-published = Posizione debitoria { $iupd } pubblicata: { $status }.
positions-invalidated = Posizione debitoria { $iupd } invalidata: { $status }.
positions-printed = Avviso della posizione debitoria { $iupd } scritto in { $path } ({ $options ->
    [one] un'opzione di pagamento
   *[other] { $options } opzioni di pagamento
}).
positions-no-receipt = nessuna ricevuta: pagoPA non la dà per pagata ({ $status }).

positions-error-creditor = --creditor «{ $value }»: { $detail }
positions-error-base-url = --base-url «{ $value }» non è un indirizzo valido: { $detail }
positions-error-no-key = Nel portachiavi di sistema (servizio «{ $service }») non c'è la chiave di sottoscrizione per le posizioni debitorie pagoPA (pagopa-gpd-key): salvarla con «campanile secrets set pagopa-gpd-key», che la legge dallo standard input. Non è stato inviato nulla.
positions-error-read = Impossibile leggere il file della posizione { $path }: { $detail }
positions-error-file-iupd = { $path } descrive la posizione debitoria { $file }, non { $iupd }.
positions-error-write = Impossibile scrivere l'avviso in { $path }: { $detail }
positions-error-no-option = La posizione debitoria { $iupd } non ha un'opzione di pagamento con IUV o codice avviso { $option }.
positions-check-status = Per verificare: «campanile positions status { $iupd } --creditor { $creditor }».
positions-hint-from = Indicare con --from FILE il file da cui la posizione è stata creata.
positions-updated = Posizione debitoria { $iupd } aggiornata: { $status }.
positions-deleted = Posizione debitoria { $iupd } cancellata.
positions-marked-paid = Avviso { $notice } registrato come pagato fuori da pagoPA: non potrà più essere pagato con pagoPA.
positions-error-paid-in-future = Un pagamento non può essere registrato nel futuro ({ $date }).
