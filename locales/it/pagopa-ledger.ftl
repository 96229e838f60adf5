# Il registro dei pagamenti pagoPA: gli stati di un pagamento, il perché, e perché un pagamento
# non può partire.

ledger-state = { $state ->
    [draft] In preparazione
    [verified] Verificato, pronto da pagare
    [checkout-started] Pagina di pagamento aperta
    [paid] Pagato
    [failed] Non pagato
    [cancelled] Annullato
    [expired] Scaduto
    [unknown] Esito non ancora noto
   *[other] { $state }
}

ledger-reason = { $reason ->
    [platform-paid] pagoPA conferma il pagamento.
    [payment-in-progress] pagoPA segnala un pagamento di questo avviso in corso: attendi prima di pagare di nuovo.
    [no-answer] pagoPA non ha risposto: il pagamento sarà ricontrollato, e nulla risulta pagato finché pagoPA non lo conferma.
    [session-ended] La pagina di pagamento è scaduta e pagoPA indica l'avviso come non pagato.
    [checkout-not-opened] La pagina di pagamento non si è mai aperta e pagoPA indica l'avviso come non pagato.
    [abandoned] Interrotto prima di aprire la pagina di pagamento.
    [notice-expired] L'avviso è scaduto.
    [notice-revoked] L'ente creditore ha annullato l'avviso.
    [unknown-notice] L'ente creditore non conosce questo avviso.
    [notice-data-error] I dati dell'avviso presso l'ente creditore sono errati.
    [platform-refused] pagoPA ha rifiutato la richiesta.
    [notice-paid] Un altro avviso del carrello era già pagato.
    [settled-per-creditor] Il Comune dice che un avviso è già saldato o fa parte di un piano a rate già in parte pagato: qui non c'è una ricevuta; chiedi al Comune.
   *[other] { $reason }
}

ledger-outcome = { $outcome ->
    [payable] pagabile
    [paid] pagato
    [in-progress] pagamento in corso
    [expired] scaduto
    [revoked] annullato dall'ente creditore
    [unknown-notice] sconosciuto all'ente creditore
    [data-error] dati errati presso l'ente creditore
    [settled-per-creditor] saldato secondo il Comune, senza ricevuta
   *[other] { $outcome }
}

ledger-hint = { $hint ->
    [ok] La pagina di pagamento ha indicato un esito positivo (da confermare con pagoPA).
    [cancel] La pagina di pagamento ha indicato che il pagamento è stato annullato.
    [error] La pagina di pagamento ha indicato un errore.
   *[other] { $hint }
}

ledger-error-notice-count = Un pagamento comprende da 1 a { $max } avvisi, non { $count }.
ledger-error-duplicate-notice = L'avviso { $notice } (ente { $creditor }) è due volte nel carrello.
ledger-error-already-paid = L'avviso { $notice } (ente { $creditor }) è già pagato: pagoPA lo ha confermato, la ricevuta è conservata.
ledger-error-in-progress = Un pagamento dell'avviso { $notice } (ente { $creditor }) è o potrebbe essere in corso (tentativo { $attempt }): non si può pagare di nuovo finché pagoPA non ne indica l'esito.
ledger-error-in-progress-continue = Un pagamento dell'avviso { $notice } (ente { $creditor }) è già aperto (tentativo { $attempt }): continualo da { $url }
ledger-error-not-payable = L'avviso { $notice } (ente { $creditor }) non si può pagare: { $outcome ->
    [expired] è scaduto.
    [revoked] l'ente creditore lo ha annullato.
    [unknown-notice] l'ente creditore non lo conosce; controlla il codice avviso e il codice fiscale dell'ente.
    [data-error] i dati presso l'ente creditore sono errati; contatta l'ente.
    [in-progress] un suo pagamento è in corso.
    [paid] è già pagato.
    [settled-per-creditor] il Comune dice che è già saldato, o che fa parte di un piano a rate con rate già pagate; qui non ce n'è una ricevuta. Chiedi al Comune; per un piano a rate paga gli avvisi delle singole rate.
   *[other] { $outcome }.
}
ledger-error-no-answer = pagoPA non ha risposto sull'avviso { $notice } (ente { $creditor }); nulla è stato pagato con il tentativo { $attempt }, che sarà ricontrollato. Dettagli: { $detail }
ledger-error-refused = pagoPA ha rifiutato la richiesta per l'avviso { $notice } (ente { $creditor }), tentativo { $attempt }: { $detail }
ledger-error-no-such-attempt = Non esiste il tentativo di pagamento { $attempt }.
ledger-error-wrong-state = Il tentativo di pagamento { $attempt } è nello stato “{ $state }”: non può { $action ->
    [checkout] aprire la pagina di pagamento
   *[other] { $action }
}.
ledger-error-concurrent = Il tentativo di pagamento { $attempt } è stato modificato nel frattempo da un'altra finestra o processo: riprova.
ledger-error-busy = L'avviso { $notice } (ente { $creditor }) è in lavorazione in questo momento in un'altra operazione dell'app (un pagamento che si avvia o si controlla): non è stato fatto nulla, riprova tra poco.
ledger-error-unanswered = pagoPA non ha dato una risposta utilizzabile sull'avviso { $notice } (ente { $creditor }): non si sa se è pagato, e nulla è stato registrato. Dettagli: { $detail }
ledger-error-database = Il database dei pagamenti non è utilizzabile: { $detail }
# A receipt in words (core Payments::receipt_text).
pay-receipt-notice = Avviso
pay-receipt-creditor = Ente creditore (codice fiscale)
pay-receipt-amount = Importo
pay-receipt-payee = Pagato a
pay-receipt-description = Causale
pay-receipt-paid-at = Pagato il
pay-receipt-psp = Prestatore di servizi di pagamento
pay-receipt-id = Identificativo della ricevuta
pay-receipt-method = Pagato con
pay-receipt-evidence = Prova
pay-receipt-evidence-text = { $code }, risposta del { $at }
pay-receipt-recorded = Registrata il
pay-receipt-title = Ricevuta di pagamento
pay-receipt-note-pagopa = Pagato: pagoPA ha risposto che l'avviso è già stato pagato tramite pagoPA (PPT_PAGAMENTO_DUPLICATO). Conservata da questa app come prova.
pay-receipt-note-creditor = Pagato: il servizio delle posizioni debitorie del Comune riporta questo pagamento con i dati della ricevuta qui sopra. Conservata da questa app come prova.
pay-error-no-receipt = Su questo dispositivo non c'è una ricevuta dell'avviso { $notice }: pagoPA non ha detto che è pagato. Chiedi di nuovo con campanile pay status.

## Quello che vede chi paga al ritorno da Checkout (PaymentOutcome)

pay-outcome = { $outcome ->
    [paid] L'avviso { $notice } è pagato: pagoPA l'ha confermato e la ricevuta è conservata.
    [not-paid] L'avviso { $notice } non è stato pagato: non è stato addebitato nulla. Puoi pagarlo di nuovo.
   *[unknown] Non si sa ancora se l'avviso { $notice } è stato pagato: non pagarlo di nuovo, chiedi di nuovo tra poco.
}
pay-browser-back-title = Torna a Campanile
pay-browser-back = Puoi chiudere questa pagina: Campanile sta chiedendo a pagoPA com'è andato il pagamento e ne mostra l'esito.
pay-error-loopback = Non è possibile attendere il ritorno da pagoPA Checkout su questo computer (nessuna porta locale): { $detail }
