# Piattaforma pagoPA: che cosa significa ciascun esito di una chiamata alla piattaforma, e che cosa fare.

pagopa-platform-unknown-notice = pagoPA non conosce questo avviso ({ $code }): controllare il codice avviso e il codice fiscale dell'ente creditore.
pagopa-platform-notice-data-error = L'ente creditore o l'avviso non sono configurati correttamente su pagoPA ({ $code }): controllare il codice fiscale dell'ente, o rivolgersi al comune.
pagopa-platform-expired = L'avviso è scaduto ({ $code }) e non si può più pagare: rivolgersi al comune per averne uno nuovo.
pagopa-platform-revoked = Il comune ha annullato questo avviso ({ $code }): non va pagato.
pagopa-platform-already-paid = Questo avviso è già stato pagato ({ $code }): non va pagato di nuovo.
pagopa-platform-settled-per-creditor = Il Comune dice che questo avviso è già saldato o fa parte di un piano a rate con rate già pagate ({ $code }): non c'è una ricevuta di questo avviso. Chiedi al Comune; per un piano a rate paga gli avvisi delle singole rate.
pagopa-platform-in-progress = È già in corso un pagamento di questo avviso ({ $code }): attendere che si concluda prima di riprovare.
pagopa-platform-creditor-unavailable = Il servizio di pagamento dell'ente creditore non è raggiungibile tramite pagoPA in questo momento ({ $code }): riprovare più tardi.
pagopa-platform-bad-request = La richiesta è stata rifiutata perché non valida: { $detail }
pagopa-platform-unprocessable = pagoPA ha letto la richiesta ma non la può elaborare così com'è: { $detail }. Controlla gli avvisi e gli importi, oppure paga dalla pagina Checkout di pagoPA.
pagopa-platform-unauthorized = pagoPA ha rifiutato la chiave di sottoscrizione: verificarla con «campanile secrets set».
pagopa-platform-not-found = Non trovato su pagoPA: { $detail }
pagopa-platform-conflict = pagoPA ha rifiutato la modifica a causa dello stato attuale: { $detail }
pagopa-platform-timeout = pagoPA non ha risposto in tempo: la richiesta potrebbe essere stata eseguita o no, quindi verificare prima di ripeterla.
pagopa-platform-transport = pagoPA non è raggiungibile ({ $detail }): controllare la connessione e l'indirizzo della piattaforma; la richiesta potrebbe essere stata eseguita o no.
pagopa-platform-server = pagoPA ha avuto un errore interno (HTTP { $status }: { $detail }): riprovare più tardi; la richiesta potrebbe essere stata eseguita o no.
pagopa-platform-protocol = pagoPA ha dato una risposta incomprensibile ({ $detail }): non se n'è dedotto nulla.
