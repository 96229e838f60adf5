# Posizioni debitorie (GPD) per gli sportelli: le parole per i loro stati, e perché una
# posizione non può diventare un avviso stampato.

pagopa-position-status = { $status ->
    [draft] bozza (non pubblicata: non si può ancora pagare)
    [published] pubblicata (pagabile dalla data di validità)
    [valid] da pagare
    [invalid] non valida (annullata dall'ente: non si può pagare)
    [expired] scaduta (oltre la scadenza: non si può pagare)
    [partially-paid] pagata in parte
    [paid] pagata
    [reported] pagata e rendicontata
   *[unknown] sconosciuto (uno stato che questa versione non conosce: non è considerata pagata)
}
pagopa-option-status = { $status ->
    [unpaid] da pagare
    [paid] pagata
    [partially-reported] pagata, rendicontata in parte
    [reported] pagata e rendicontata
   *[unknown] sconosciuto (non è considerata pagata)
}

pagopa-position-part = { $part ->
    [creditor-name] Il nome dell'ente creditore
    [debtor-name] Il nome del debitore
    [debtor-fiscal-code] Il codice fiscale o la partita IVA del debitore
    [subject] L'oggetto del pagamento (la descrizione di un'opzione)
    [notice-number] Il codice avviso
    [amount] L'importo
    [due-date] La data di scadenza
    [payment-kind] L'indicazione di pagamento unico o rata
   *[other] { $part }
}

pagopa-position-notice-not-payable = La posizione debitoria { $iupd } { $status ->
    [draft] è una bozza: va prima pubblicata, l'avviso di una bozza non si può pagare.
    [invalid] è stata invalidata: non si può pagare, quindi non si stampa l'avviso.
    [expired] è scaduta: non si può pagare, quindi non si stampa l'avviso.
    [paid] è pagata: non resta nulla da pagare.
    [reported] è pagata e rendicontata: non resta nulla da pagare.
    [none] è stata letta senza stato: l'avviso si stampa solo per una posizione che la piattaforma dice pagabile.
   *[other] ha uno stato che questa versione non conosce: l'avviso si stampa solo per una posizione che la piattaforma dice pagabile.
}
pagopa-position-notice-other-creditor = La posizione debitoria { $iupd } appartiene all'ente { $position }, non a { $given }: controllare --creditor.
pagopa-position-notice-other-debtor = La posizione debitoria { $iupd } è dovuta da { $position }, ma il debitore indicato è { $given }: controllare che il file descriva questa posizione.
pagopa-position-notice-missing = { pagopa-position-part } manca: non è nella copia della posizione sulla piattaforma né fra i dati forniti.
pagopa-position-notice-missing-in-option = { pagopa-position-part } dell'opzione di pagamento { $option } manca nella risposta della piattaforma.
pagopa-position-notice-bad-notice-number = Opzione di pagamento { $option }: il codice avviso “{ $nav }” dato dalla piattaforma non è valido ({ $detail }).
pagopa-position-notice-bad-amount = Opzione di pagamento { $option }: l'importo di { $cents } centesimi dato dalla piattaforma non si può pagare con pagoPA.
pagopa-position-notice-unknown-option-status = L'opzione di pagamento { $option } ha lo stato “{ $status }”, che questa versione non conosce: potrebbe essere già pagata, quindi non si stampa l'avviso.
pagopa-position-notice-nothing-to-pay = La posizione debitoria { $iupd } non ha più nulla da pagare: tutte le opzioni di pagamento sono pagate.
pagopa-position-notice-several-in-full = Le opzioni di pagamento { $first } e { $second } sono entrambe il pagamento unico: un avviso ne riporta al più uno.
pagopa-position-notice-one-installment-left = Resta da pagare solo la rata { $option }: un avviso riporta le rate a partire da due; il debitore può pagarla con il suo codice avviso.
pagopa-position-notice-print = L'avviso non si può stampare: { $detail }

# Il file della posizione (campanile positions create FILE): dove nel file, poi che cosa non va.
pagopa-position-file-spot = { $where ->
    [transfer] opzione di pagamento { $option }, trasferimento { $transfer }, campo “{ $field }”
    [option] opzione di pagamento { $option }, campo “{ $field }”
   *[field] campo “{ $field }”
}
pagopa-position-file-json = Riga { $line }, colonna { $column }: { $detail }
pagopa-position-file-amount = { $spot }: “{ $value }” non è un importo accettato da pagoPA: scrivere gli euro con punto o virgola e al più due decimali, per esempio "120.00" (più di zero, senza separatori delle migliaia).
pagopa-position-file-date = { $spot }: “{ $value }” non è un giorno scritto AAAA-MM-GG (per esempio 2026-07-31).
pagopa-position-file-fiscal-code = { $spot }: “{ $value }” non è il codice fiscale di un ente (11 cifre con cifra di controllo valida).
pagopa-position-file-debtor-kind = { $spot }: “{ $value }” non è né "person" né "legal-entity".
pagopa-position-file-transfer-amount-needed = { $spot }: manca; quando un'opzione di pagamento ha più di un trasferimento, ciascuno indica il suo importo.
pagopa-position-file-destination = { $spot }: un trasferimento va o su un conto ("iban") o su una marca da bollo ("stamp"): indicare esattamente uno dei due.
pagopa-position-file-postal-iban-alone = { $spot }: l'IBAN postale accompagna l'"iban" del conto, non una marca da bollo.
pagopa-position-file-invalid = La posizione debitoria non è valida: { $detail }
