# Fatture dei fornitori (FatturaPA): lettura dei file, notifiche SdI, passi del comune,
# termini di pagamento (D.Lgs 231/2002 art. 4).

## Nomi usati dentro altri messaggi

invoices-event-name = { $event ->
    [imported] importata
    [RC] ricevuta di consegna (RC)
    [NS] notifica di scarto (NS)
    [MC] notifica di mancata consegna (MC)
    [NE] notifica di esito (NE)
    [DT] notifica di decorrenza termini (DT)
    [AT] attestazione di avvenuta trasmissione (AT)
    [registered] protocollata
    [assigned] assegnata a un ufficio
    [liquidated] liquidata
    [paid] pagata
    [term] termine di pagamento concordato
   *[other] { $event }
}
invoices-state-name = { $state ->
    [submitted] inviata, senza ancora notizie da SdI
    [rejected] scartata da SdI (NS)
    [not-delivered] non ancora consegnata (MC)
    [delivered] consegnata (RC)
    [accepted] accettata (EC01)
    [refused] rifiutata (EC02)
    [terms-elapsed] senza esito entro 15 giorni (DT)
    [transmission-attested] non recapitabile, trasmissione attestata (AT)
   *[other] { $state }
}
invoices-state-short = { $state ->
    [submitted] inviata
    [rejected] scartata
    [not-delivered] non consegnata
    [delivered] consegnata
    [accepted] accettata
    [refused] rifiutata
    [terms-elapsed] senza esito
    [transmission-attested] attestata
   *[other] { $state }
}
invoices-step-name = { $step ->
    [registered] protocollazione
    [assigned] assegnazione a un ufficio
    [liquidated] liquidazione
    [paid] pagamento
   *[other] { $step }
}

## Dove si trova un errore

invoices-at = in { $path } (riga { $line }, colonna { $column })
invoices-at-line = alla riga { $line }, colonna { $column }

## Lettura di fatture e notifiche

invoices-error-empty = Il file è vuoto.
invoices-error-unknown-content = Il file non è né XML né una busta firmata (.p7m, binaria o base64).
invoices-error-unknown-encoding = L'XML dichiara la codifica «{ $declared }», che non è conosciuta.
invoices-error-xml = L'XML non è ben formato: { $detail }
invoices-error-not-invoice = L'elemento radice è <{ $root }>: non è una fattura FatturaPA.
invoices-error-simplified = È una fattura semplificata (FSM10): si leggono solo le fatture ordinarie (FPA12, FPR12 e FatturaPA 1.1).
invoices-error-version = La versione della fattura è «{ $found }»: si leggono solo FPA12, FPR12 e 1.1 (SDI11).
invoices-error-format-mismatch = FormatoTrasmissione indica { $formato }, ma la versione della fattura è { $versione }.
invoices-error-missing = manca <{ $element }>
invoices-error-invalid = <{ $element }> vale «{ $value }», { $expected ->
    [date] che non è una data (AAAA-MM-GG)
    [date-time] che non è una data con ora (AAAA-MM-GGThh:mm:ss)
    [amount] che non è un importo con al più due decimali e il punto (1234.50)
    [days] che non è un numero di giorni (da 0 a 999)
    [integer] che non è un numero intero positivo
    [code] che non è un codice di { $shape }
   *[text] ma non può essere vuoto
}
invoices-error-no-body = Il file non contiene alcuna fattura (<FatturaElettronicaBody>).
invoices-error-trusted-list = L'elenco di fiducia { $path } non si può usare: { $detail }
invoices-error-not-notification = L'elemento radice <{ $root }> non è una notifica SdI (RC, NS, MC, NE, DT, AT).
invoices-error-notification-signature = { $how ->
    [unsigned] La notifica non è firmata: SdI firma ogni notifica. Non è stata registrata.
    [tampered] Notifica MANOMESSA: la sua firma XML non è valida ({ $detail }). Non è stata registrata.
   *[unverifiable] La firma della notifica non si può verificare: { $detail }. Non è stata registrata.
}
invoices-error-untrusted-notification = { $file }: la notifica è integra, ma il firmatario { $signer } { $trust ->
    [untrusted] non è affidabile ({ $reason })
   *[not-verified] non è verificato su un elenco di fiducia
}, e la configurazione richiede un firmatario verificato. Non è stata registrata.
invoices-error-notification-name = Il nome del file indica { $in_name }, ma la notifica è { $in_content }.

## Buste firmate (.p7m)

invoices-envelope-base64 = La busta firmata è testo base64 che non si decodifica: { $detail }
invoices-envelope-asn1 = La busta firmata è malformata: { $detail }
invoices-envelope-not-signed-data = La busta contiene dati di tipo { $type }, non un documento firmato.
invoices-envelope-detached = La firma è separata: la busta non contiene la fattura.
invoices-envelope-no-signer = La busta non ha firmatari.
invoices-envelope-certificate-missing = Il certificato del firmatario non è nella busta: la firma non si può verificare.
invoices-envelope-certificate = Il certificato del firmatario non si legge: { $detail }
invoices-envelope-unsupported-digest = La busta usa l'algoritmo di impronta { $oid }, non supportato.
invoices-envelope-unsupported-signature = La busta usa l'algoritmo di firma { $oid }, non supportato (RSA sì).
invoices-envelope-weak-algorithm = La busta è firmata con SHA-1 ({ $oid }), rifiutato perché troppo debole: chiedere al fornitore di firmare di nuovo con SHA-256.
invoices-envelope-too-deep = Le buste sono annidate troppo in profondità.
invoices-envelope-tampered = Busta MANOMESSA: { $how ->
    [content-digest] la fattura contenuta non è quella firmata (la sua impronta differisce da quella firmata).
    [signature] la firma non corrisponde al certificato del firmatario: i dati firmati sono stati alterati.
    [content-type] il tipo di contenuto firmato differisce da quello del contenuto.
    [missing-attribute] gli attributi firmati non hanno l'impronta o il tipo del contenuto.
   *[structure] il file è stato alterato o danneggiato dopo la firma, la sua struttura si rompe al byte { $offset }.
} Non è stata letta.

## Archiviazione e tracciamento

invoices-error-io = Impossibile leggere { $path }: { $detail }
invoices-error-duplicate = La fattura { $number } di { $supplier } è già archiviata come fattura { $existing }.
invoices-error-not-found = Non esiste la fattura { $id }.
invoices-error-no-file-for-notification = Nessun file di fattura importato corrisponde a questa notifica (identificativo SdI { $sdi }, file «{ $file }»): importare prima la fattura.
invoices-error-sdi-mismatch = Il file di fattura { $file } ha l'identificativo SdI { $known }, ma la notifica indica { $found }.
invoices-error-no-reference = Il file non contiene la fattura numero { $number } del { $year }.
invoices-error-refused = Fattura { $id }: impossibile registrare «{ invoices-event-name }».
invoices-error-corrupt = Fattura { $id }: la sua storia archiviata non si ricostruisce ({ $detail }).
invoices-error-store = Errore del database: { $detail }

invoices-refusal-sdi-order = La notifica { $kind } di SdI non può arrivare quando la fattura è { invoices-state-name }.
invoices-refusal-outcome-missing = La notifica di esito non contiene l'esito (EC01 o EC02).
invoices-refusal-step-done = Questo passo ({ invoices-step-name }) è già stato registrato il { $on }.
invoices-refusal-step-order = Prima di questo passo ({ invoices-step-name }) serve { $needs ->
    [registered] la protocollazione
    [assigned] l'assegnazione a un ufficio
   *[other] la liquidazione
}.
invoices-refusal-not-received = Questo passo ({ invoices-step-name }) è impossibile finché la fattura è { invoices-state-name }: non è arrivata al comune.
invoices-refusal-after-refusal = Questo passo ({ invoices-step-name }) è impossibile: il comune ha rifiutato la fattura (EC02).
invoices-refusal-contradicts = La notifica { $kind } di SdI contraddice i passi del comune, che ha già registrato: { invoices-step-name }.
invoices-refusal-date-before = La data { $on } precede { $what ->
    [issued] la data della fattura, { $earlier }
    [notification] la notifica SdI precedente, { $earlier }
    [received] il giorno in cui la fattura è arrivata al comune, { $earlier }
   *[step] { $step ->
        [registered] la protocollazione
        [assigned] l'assegnazione a un ufficio
       *[other] la liquidazione
    } del { $earlier }
}.
invoices-refusal-term-range = Un termine di pagamento di { $days } giorni non è ammesso: con una pubblica amministrazione è al massimo di 60 giorni (D.Lgs 231/2002 art. 4 c. 4).
invoices-refusal-term-after-payment = La fattura è già pagata: il suo termine non può più cambiare.

## campanile invoices

invoices-imported = { $count ->
    [one] Importata una fattura
   *[other] Importate { $count } fatture
} da { $file }.
invoices-already-imported = { $file } era già stato importato: nulla è cambiato.
invoices-notification-recorded = Registrata la { invoices-event-name } per { $count ->
    [one] la fattura
   *[other] le fatture
} { $ids }.
invoices-notification-signed-by = Firmata da { $signer }: firma integra; { $trust ->
    [verified] firmatario verificato sull'elenco di fiducia ({ $anchor }).
    [untrusted] firmatario NON AFFIDABILE ({ $reason }).
   *[not-verified] firmatario non verificato (nessun elenco di fiducia configurato).
}
invoices-notification-already = Questa { invoices-event-name } era già registrata: nulla è cambiato.
invoices-step-recorded = Fattura { $id }: { invoices-event-name } il { $on }.
invoices-term-recorded = Fattura { $id }: registrato un termine di pagamento di { $days } giorni.
invoices-none = Nessuna fattura.
invoices-signed-by = Firmata da { $signer }: busta integra; { $trust ->
    [verified] firmatario verificato sull'elenco di fiducia ({ $anchor }).
    [untrusted] firmatario NON AFFIDABILE: { $reason ->
        [self-signed] un certificato autofirmato, che chiunque può creare a qualsiasi nome.
        [no-chain] il certificato non risale a un'autorità dell'elenco di fiducia.
        [not-valid-at-signing-time] il certificato non era valido al momento della firma.
        [key-usage] il certificato non consente di firmare.
       *[weak-certificate-signature] il certificato è firmato con SHA-1 o con un algoritmo non supportato.
    }
   *[not-verified] firmatario non verificato (nessun elenco di fiducia configurato): il nome è quello dichiarato dal certificato.
}
invoices-warning-encoding = Attenzione: il file dichiara { $declared } ma è scritto in { $used }; è stato letto come { $used }.
invoices-warning-iban = Attenzione: l'IBAN { $value } ha le cifre di controllo sbagliate, { $at }.

invoices-label-id = Fattura
invoices-label-file = File
invoices-label-format = Formato
invoices-label-recipient = Ufficio destinatario
invoices-label-supplier = Fornitore
invoices-label-supplier-vat = Partita IVA fornitore
invoices-label-customer = Committente
invoices-label-type = Tipo documento
invoices-label-number = Numero
invoices-label-date = Data
invoices-label-total = Totale
invoices-label-total-source = { $source ->
    [declared] dichiarato in ImportoTotaleDocumento
   *[summary-lines] somma delle righe di riepilogo: manca ImportoTotaleDocumento
}
invoices-label-description = Causale
invoices-label-payment = Pagamento
invoices-label-sdi = SdI
invoices-label-comune = Comune
invoices-label-term = Termine di pagamento
invoices-label-events = Storia

invoices-payment-line = { $conditions }, { $modality }{ $due ->
    [none] {""}
   *[other] , scadenza { $due }
}{ $days ->
    [none] {""}
   *[other] , { $days } giorni
}: { $amount }{ $iban ->
    [none] {""}
   *[other] , IBAN { $iban }
}
invoices-term-line = { $days } giorni{ $agreed ->
    [yes] {" "}(concordati)
   *[no] {""}
} dal { $from } ({ $by ->
    [delivery] consegna SdI
    [attestation] attestazione SdI
   *[registration] protocollazione
}), scadenza { $due }
invoices-term-not-started = non decorre: la fattura non è arrivata al comune
invoices-timeliness = { $state ->
    [not-started] —
    [not-due] non ancora scaduta (mancano { $days } giorni)
    [overdue] SCADUTA da { $days } giorni
    [on-time] pagata nei termini
    [paid-late] PAGATA IN RITARDO di { $days } giorni
   *[not-owed] nulla è dovuto
}
invoices-no-step = nessuno
invoices-list-header = ID  Data        Numero            Fornitore                       Totale        SdI / comune / pagamento
invoices-event-signed = firmata da { $signer } ({ $trust ->
    [verified] verificato sulla lista di fiducia
    [untrusted] firmatario NON AFFIDABILE
   *[other] firmatario non verificato
})
