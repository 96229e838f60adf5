# Supplier invoices (FatturaPA): reading the files, SdI notifications, the comune's steps,
# payment terms (D.Lgs 231/2002 art. 4).

## Names used inside other messages

invoices-event-name = { $event ->
    [imported] imported
    [RC] delivery receipt (RC)
    [NS] rejection notice (NS)
    [MC] failed delivery notice (MC)
    [NE] outcome notice (NE)
    [DT] terms elapsed notice (DT)
    [AT] transmission attestation (AT)
    [registered] registered in protocol
    [assigned] assigned to an office
    [liquidated] liquidated
    [paid] paid
    [term] payment term agreed
   *[other] { $event }
}
invoices-state-name = { $state ->
    [submitted] sent, no word from SdI yet
    [rejected] rejected by SdI (NS)
    [not-delivered] not delivered yet (MC)
    [delivered] delivered (RC)
    [accepted] accepted (EC01)
    [refused] refused (EC02)
    [terms-elapsed] no outcome within 15 days (DT)
    [transmission-attested] undeliverable, transmission attested (AT)
   *[other] { $state }
}
invoices-state-short = { $state ->
    [submitted] sent
    [rejected] rejected
    [not-delivered] not delivered
    [delivered] delivered
    [accepted] accepted
    [refused] refused
    [terms-elapsed] no outcome
    [transmission-attested] attested
   *[other] { $state }
}
invoices-step-name = { $step ->
    [registered] registration in protocol
    [assigned] assignment to an office
    [liquidated] liquidation
    [paid] payment
   *[other] { $step }
}

## Where an error is

invoices-at = at { $path } (line { $line }, column { $column })
invoices-at-line = at line { $line }, column { $column }

## Reading invoice and notification files

invoices-error-empty = The file is empty.
invoices-error-unknown-content = The file is neither XML nor a signed envelope (.p7m, binary or base64).
invoices-error-unknown-encoding = The XML declares the encoding “{ $declared }”, which is not known.
invoices-error-xml = The XML is not well-formed: { $detail }
invoices-error-not-invoice = The root element is <{ $root }>: this is not a FatturaPA invoice.
invoices-error-simplified = This is a simplified invoice (FSM10): only ordinary invoices (FPA12, FPR12, and FatturaPA 1.1) are read.
invoices-error-version = The invoice's version is “{ $found }”: only FPA12, FPR12 and 1.1 (SDI11) are read.
invoices-error-format-mismatch = FormatoTrasmissione says { $formato } but the invoice's version is { $versione }.
invoices-error-missing = <{ $element }> is missing
invoices-error-invalid = <{ $element }> is “{ $value }”, { $expected ->
    [date] not a date (YYYY-MM-DD)
    [date-time] not a date and time (YYYY-MM-DDThh:mm:ss)
    [amount] not an amount with at most two decimals and a point (1234.50)
    [days] not a number of days (0 to 999)
    [integer] not a positive whole number
    [code] not a code of { $shape }
   *[text] but it must not be empty
}
invoices-error-no-body = The file holds no invoice (<FatturaElettronicaBody>).
invoices-error-trusted-list = The trusted list { $path } cannot be used: { $detail }
invoices-error-not-notification = The root element <{ $root }> is not an SdI notification (RC, NS, MC, NE, DT, AT).
invoices-error-notification-signature = { $how ->
    [unsigned] The notification is not signed: SdI signs every notification. It was not recorded.
    [tampered] TAMPERED notification: its XML signature does not verify ({ $detail }). It was not recorded.
   *[unverifiable] The notification's signature cannot be checked: { $detail }. It was not recorded.
}
invoices-error-untrusted-notification = { $file }: the notification is intact, but its signer { $signer } is { $trust ->
    [untrusted] untrusted ({ $reason })
   *[not-verified] not verified against a trusted list
}, and the configuration requires a verified signer. It was not recorded.
invoices-error-notification-name = The file name says { $in_name } but the notification is { $in_content }.

## Signed envelopes (.p7m)

invoices-envelope-base64 = The signed envelope is base64 text that cannot be decoded: { $detail }
invoices-envelope-asn1 = The signed envelope is malformed: { $detail }
invoices-envelope-not-signed-data = The envelope holds content of type { $type }, not a signed document.
invoices-envelope-detached = The signature is detached: the envelope does not contain the invoice.
invoices-envelope-no-signer = The envelope has no signer.
invoices-envelope-certificate-missing = The signer's certificate is not in the envelope: the signature cannot be checked.
invoices-envelope-certificate = The signer's certificate cannot be read: { $detail }
invoices-envelope-unsupported-digest = The envelope uses the digest algorithm { $oid }, which is not supported.
invoices-envelope-unsupported-signature = The envelope uses the signature algorithm { $oid }, which is not supported (RSA is).
invoices-envelope-weak-algorithm = The envelope is signed with SHA-1 ({ $oid }), refused as too weak: ask the supplier to sign again with SHA-256.
invoices-envelope-too-deep = The envelopes are nested too deep.
invoices-envelope-tampered = TAMPERED envelope: { $how ->
    [content-digest] the invoice inside is not the one that was signed (its digest differs from the signed one).
    [signature] the signature does not match the signer's certificate: the signed data were altered.
    [content-type] the signed content type differs from the content's.
    [missing-attribute] the signed attributes lack the content's digest or type.
   *[structure] the file was altered or damaged after signing, its structure breaks at byte { $offset }.
} It was not read.

## Storing and tracking

invoices-error-io = Cannot read { $path }: { $detail }
invoices-error-duplicate = Invoice { $number } of { $supplier } is already stored as invoice { $existing }.
invoices-error-not-found = There is no invoice { $id }.
invoices-error-no-file-for-notification = No imported invoice file matches this notification (SdI id { $sdi }, file “{ $file }”): import the invoice first.
invoices-error-sdi-mismatch = The invoice file { $file } has SdI id { $known }, but the notification says { $found }.
invoices-error-no-reference = The file has no invoice number { $number } of { $year }.
invoices-error-refused = Invoice { $id }: { invoices-event-name } cannot be recorded.
invoices-error-corrupt = Invoice { $id }: its stored history does not replay ({ $detail }).
invoices-error-store = Database error: { $detail }

invoices-refusal-sdi-order = SdI's { $kind } cannot come when the invoice is { invoices-state-name }.
invoices-refusal-outcome-missing = The outcome notice has no outcome (EC01 or EC02).
invoices-refusal-step-done = The { invoices-step-name } was already recorded on { $on }.
invoices-refusal-step-order = The { invoices-step-name } needs the { $needs ->
    [registered] registration in protocol
    [assigned] assignment to an office
    [liquidated] liquidation
   *[other] { $needs }
} first.
invoices-refusal-not-received = The { invoices-step-name } is impossible while the invoice is { invoices-state-name }: it has not reached the comune.
invoices-refusal-after-refusal = The { invoices-step-name } is impossible: the comune refused the invoice (EC02).
invoices-refusal-contradicts = SdI's { $kind } contradicts the comune's steps: the { invoices-step-name } is already recorded.
invoices-refusal-date-before = The date { $on } is before { $what ->
    [issued] the invoice's own date, { $earlier }
    [notification] the previous SdI notification, { $earlier }
    [received] the day the invoice reached the comune, { $earlier }
   *[step] the { $step ->
        [registered] registration in protocol
        [assigned] assignment to an office
        [liquidated] liquidation
       *[other] { $step }
    } on { $earlier }
}.
invoices-refusal-term-range = A payment term of { $days } days is not allowed: with a public administration it is at most 60 days (D.Lgs 231/2002 art. 4 c. 4).
invoices-refusal-term-after-payment = The invoice is already paid: its term can no longer change.

## campanile invoices

invoices-imported = Imported { $count ->
    [one] one invoice
   *[other] { $count } invoices
} from { $file }.
invoices-already-imported = { $file } was already imported: nothing changed.
invoices-notification-recorded = Recorded the { invoices-event-name } for { $count ->
    [one] invoice
   *[other] invoices
} { $ids }.
invoices-notification-signed-by = Signed by { $signer }: signature intact; { $trust ->
    [verified] signer verified against the trusted list ({ $anchor }).
    [untrusted] signer UNTRUSTED ({ $reason }).
   *[not-verified] signer not verified (no trusted list configured).
}
invoices-notification-already = This { invoices-event-name } was already recorded: nothing changed.
invoices-step-recorded = Invoice { $id }: { invoices-event-name } on { $on }.
invoices-term-recorded = Invoice { $id }: payment term of { $days } days recorded.
invoices-none = No invoices.
invoices-signed-by = Signed by { $signer }: envelope intact; { $trust ->
    [verified] signer verified against the trusted list ({ $anchor }).
    [untrusted] signer UNTRUSTED: { $reason ->
        [self-signed] a self-signed certificate that anyone can make, under any name.
        [no-chain] the certificate does not lead to an anchor of the trusted list.
        [not-valid-at-signing-time] the certificate was not valid at the signing time.
        [key-usage] the certificate does not allow signing.
       *[weak-certificate-signature] the certificate is signed with SHA-1 or an unsupported algorithm.
    }
   *[not-verified] signer not verified (no trusted list configured): the name is what the certificate says.
}
invoices-warning-encoding = Warning: the file declares { $declared } but is written in { $used }; it was read as { $used }.
invoices-warning-iban = Warning: the IBAN { $value } has wrong check digits, { $at }.

invoices-label-id = Invoice
invoices-label-file = File
invoices-label-format = Format
invoices-label-recipient = Recipient office
invoices-label-supplier = Supplier
invoices-label-supplier-vat = Supplier VAT id
invoices-label-customer = Customer
invoices-label-type = Document type
invoices-label-number = Number
invoices-label-date = Date
invoices-label-total = Total
invoices-label-total-source = { $source ->
    [declared] declared in ImportoTotaleDocumento
   *[summary-lines] sum of the summary lines: no ImportoTotaleDocumento
}
invoices-label-description = Description
invoices-label-payment = Payment
invoices-label-sdi = SdI
invoices-label-comune = Comune
invoices-label-term = Payment term
invoices-label-events = History

invoices-payment-line = { $conditions }, { $modality }{ $due ->
    [none] {""}
   *[other] , due { $due }
}{ $days ->
    [none] {""}
   *[other] , { $days } days
}: { $amount }{ $iban ->
    [none] {""}
   *[other] , IBAN { $iban }
}
invoices-term-line = { $days } days{ $agreed ->
    [yes] {" "}(agreed)
   *[no] {""}
} from { $from } ({ $by ->
    [delivery] SdI delivery
    [attestation] SdI attestation
   *[registration] protocol registration
}), due { $due }
invoices-term-not-started = not started: the invoice has not reached the comune
invoices-timeliness = { $state ->
    [not-started] —
    [not-due] not due yet ({ $days } days left)
    [overdue] OVERDUE by { $days } days
    [on-time] paid on time
    [paid-late] PAID LATE by { $days } days
   *[not-owed] nothing owed
}
invoices-no-step = none yet
invoices-list-header = ID  Date        Number            Supplier                        Total         SdI / comune / payment
invoices-event-signed = signed by { $signer } ({ $trust ->
    [verified] verified against the trusted list
    [untrusted] UNTRUSTED signer
   *[other] signer not verified
})
