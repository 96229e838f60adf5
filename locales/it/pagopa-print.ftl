# L'avviso di pagamento stampato (PDF) per gli sportelli, e gli errori dei dati che non si
# possono stampare. Ogni errore comincia con il nome del campo.

pagopa-print-title = AVVISO DI PAGAMENTO
pagopa-print-document-title = Avviso di pagamento: { $subject }
pagopa-print-creditor-heading = ENTE CREDITORE
pagopa-print-debtor-heading = DESTINATARIO DELL'AVVISO
pagopa-print-fiscal-code = Codice fiscale { $code }
pagopa-print-debtor-fiscal-code = Codice fiscale / Partita IVA { $code }

pagopa-print-how-much-heading = QUANTO E QUANDO PAGARE?
pagopa-print-due-by = entro il { $date }
pagopa-print-or-installments = oppure in { $count } rate, come indicato più avanti.
pagopa-print-in-installments = in { $count } rate, la prima entro il { $date }
pagopa-print-amount-note = L'importo può essere aggiornato dall'ente al momento del pagamento (per esempio per sgravi, interessi o sanzioni): il canale di pagamento ti mostra l'importo dovuto prima che tu paghi.

pagopa-print-where-heading = DOVE PAGARE?
pagopa-print-where-online-title = PAGA ONLINE O CON UN'APP
pagopa-print-where-online = sul sito o nell'app del tuo ente, della tua banca o di un altro prestatore di servizi di pagamento aderente a pagoPA, anche con l'app IO: con carta, conto corrente o CBILL.
pagopa-print-where-territory-title = PAGA SUL TERRITORIO
pagopa-print-where-territory = agli uffici postali, in banca e agli sportelli ATM, nelle ricevitorie, nelle tabaccherie e nei supermercati abilitati: in contanti, con carta o con il conto corrente.
pagopa-print-where-list = L'elenco dei canali di pagamento è su www.pagopa.gov.it.
pagopa-print-use-portion = Usa la parte dell'avviso che corrisponde alla rata che vuoi pagare.

pagopa-print-single-heading = RATA UNICA entro il { $date }
pagopa-print-installment-heading = RATA { $number } DI { $count } entro il { $date }
pagopa-print-label-debtor = Destinatario
pagopa-print-label-creditor = Ente creditore
pagopa-print-label-subject = Oggetto del pagamento
pagopa-print-label-cbill = Codice CBILL
pagopa-print-label-notice-number = Codice avviso
pagopa-print-label-creditor-fiscal-code = Cod. fiscale ente creditore
pagopa-print-qr-hint = Inquadra il codice QR con l'app della tua banca, di pagamento o IO, oppure usa i codici qui accanto.
pagopa-print-page = Pagina { $page } di { $pages }

# Importi e date: 1.234,56 € e 31/12/2026.
pagopa-print-amount = { $value } €
pagopa-print-group-separator = .
pagopa-print-decimal-separator = ,
pagopa-print-date = { $day }/{ $month }/{ $year }

pagopa-print-field-name = { $field ->
    [creditor-name] Il nome dell'ente creditore
    [creditor-sector] Il settore dell'ente creditore
    [creditor-info] I contatti dell'ente creditore
    [cbill] Il codice CBILL
    [debtor-name] Il nome del destinatario
    [debtor-fiscal-code] Il codice fiscale o la partita IVA del destinatario
    [debtor-address] L'indirizzo del destinatario
    [subject] L'oggetto del pagamento
    [payment-options] Le opzioni di pagamento
    [notice-number] Il codice avviso
   *[other] { $field }
}

pagopa-print-error-missing = { pagopa-print-field-name } manca.
pagopa-print-error-too-long = { pagopa-print-field-name } ha { $found } caratteri: sull'avviso ce ne stanno al massimo { $max }.
pagopa-print-error-unprintable = { pagopa-print-field-name } contiene “{ $char }” ({ $code }) alla posizione { $position }, un carattere che l'avviso non può stampare.
pagopa-print-error-format = { pagopa-print-field-name } non è nella forma giusta: { $field ->
    [cbill] 5 lettere o cifre.
   *[other] solo lettere e cifre.
}
pagopa-print-error-no-option = { pagopa-print-field-name } mancano: serve la rata unica, le rate, o entrambe.
pagopa-print-error-one-installment = { pagopa-print-field-name } hanno una sola rata: le rate sono almeno due (una sola è la rata unica).
pagopa-print-error-duplicate = { pagopa-print-field-name } { $notice } compare due volte.
