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
pagopa-print-bulletin-title = BOLLETTINO POSTALE PA
pagopa-print-bulletin-account = sul C/C n.
pagopa-print-bulletin-amount = Importo
pagopa-print-bulletin-holder = Intestato a
pagopa-print-bulletin-type = Tipo
pagopa-print-bulletin-authorization = Autorizzazione di Poste Italiane alla stampa in proprio: { $text }
pagopa-print-bulletin-hint = Si paga in ogni ufficio postale e sui canali, fisici o digitali, di Poste Italiane e dell'ente creditore che lo accettano.
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
    [postal-account] Il numero del conto corrente postale
    [postal-account-holder] L'intestatario del conto corrente postale
    [poste-authorization] L'autorizzazione di Poste Italiane alla stampa
    [bulletin-amount] L'importo nel Data Matrix del bollettino postale
    [bulletin-debtor-name] Il nome del destinatario nel Data Matrix del bollettino postale
    [bulletin-subject] L'oggetto del pagamento nel Data Matrix del bollettino postale
   *[other] { $field }
}

pagopa-print-error-missing = { pagopa-print-field-name } manca.
pagopa-print-error-too-long = { pagopa-print-field-name } ha { $found } { $field ->
    [bulletin-amount] cifre in centesimi: il bollettino postale ne ha al massimo { $max } (99.999.999,99 €).
    [bulletin-debtor-name] caratteri: il Data Matrix di Poste ne ha al massimo { $max }; abbrevialo per stampare il bollettino.
    [bulletin-subject] caratteri: il Data Matrix di Poste ne ha al massimo { $max }; abbrevialo per stampare il bollettino.
   *[other] caratteri: sull'avviso ce ne stanno al massimo { $max }.
}
pagopa-print-error-unprintable = { pagopa-print-field-name } contiene “{ $char }” ({ $code }) alla posizione { $position }, un carattere che l'avviso non può stampare.
pagopa-print-error-format = { pagopa-print-field-name } non è nella forma giusta: { $field ->
    [cbill] 5 lettere o cifre.
    [postal-account] da 1 a 12 cifre, dall'IBAN di un conto BancoPosta (IT, codice ABI 07601).
   *[other] solo lettere e cifre.
}
pagopa-print-error-no-option = { pagopa-print-field-name } mancano: serve la rata unica, le rate, o entrambe.
pagopa-print-error-one-installment = { pagopa-print-field-name } hanno una sola rata: le rate sono almeno due (una sola è la rata unica).
pagopa-print-error-duplicate = { pagopa-print-field-name } { $notice } compare due volte.
