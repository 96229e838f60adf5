# Debt positions (GPD) for counter staff: the words for their statuses, and why a position
# cannot become a printed notice.

pagopa-position-status = { $status ->
    [draft] draft (not published: it cannot be paid yet)
    [published] published (payable from its validity date)
    [valid] unpaid
    [invalid] invalid (cancelled by the creditor: it cannot be paid)
    [expired] expired (past its due date: it cannot be paid)
    [partially-paid] partially paid
    [paid] paid
    [reported] paid and reported
   *[unknown] unknown (a status this version does not know: not taken as paid)
}
pagopa-option-status = { $status ->
    [unpaid] unpaid
    [paid] paid
    [partially-reported] paid, partially reported
    [reported] paid and reported
   *[unknown] unknown (not taken as paid)
}

pagopa-position-part = { $part ->
    [creditor-name] The creditor's name
    [debtor-name] The debtor's name
    [debtor-fiscal-code] The debtor's tax code or VAT number
    [subject] The payment subject (an option's description)
    [notice-number] The notice code
    [amount] The amount
    [due-date] The due date
    [payment-kind] Whether it is the payment in full or an installment
   *[other] { $part }
}

pagopa-position-notice-not-payable = Debt position { $iupd } { $status ->
    [draft] is a draft: publish it first, a notice of a draft cannot be paid.
    [invalid] has been invalidated: it cannot be paid, so no notice is printed.
    [expired] has expired: it cannot be paid, so no notice is printed.
    [paid] is paid: there is nothing left to pay.
    [reported] is paid and reported: there is nothing left to pay.
    [none] was read without a status: a notice is printed only for a position the platform says can be paid.
   *[other] has a status this version does not know: a notice is printed only for a position the platform says can be paid.
}
pagopa-position-notice-other-creditor = Debt position { $iupd } belongs to the creditor { $position }, not to { $given }: check --creditor.
pagopa-position-notice-other-debtor = Debt position { $iupd } is owed by { $position }, but the debtor given is { $given }: check that the file describes this position.
pagopa-position-notice-missing = { pagopa-position-part } is missing: the platform's copy of the position does not carry it and it was not given.
pagopa-position-notice-missing-in-option = { pagopa-position-part } of payment option { $option } is missing from the platform's answer.
pagopa-position-notice-bad-notice-number = Payment option { $option }: the notice code “{ $nav }” the platform gave is not valid ({ $detail }).
pagopa-position-notice-bad-amount = Payment option { $option }: the amount of { $cents } cents the platform gave cannot be paid through pagoPA.
pagopa-position-notice-unknown-option-status = Payment option { $option } has the status “{ $status }”, which this version does not know: it may already be paid, so no notice is printed.
pagopa-position-notice-nothing-to-pay = Debt position { $iupd } has nothing left to pay: every payment option is paid.
pagopa-position-notice-several-in-full = Payment options { $first } and { $second } are both the payment in full: a notice shows one payment in full at most.
pagopa-position-notice-one-installment-left = Only installment { $option } is left to pay: a notice shows installments two or more; the debtor can pay it with its notice code.
pagopa-position-notice-print = The notice cannot be printed: { $detail }

# The position file (campanile positions create FILE): where in the file, then what is wrong.
pagopa-position-file-spot = { $where ->
    [transfer] payment option { $option }, transfer { $transfer }, field “{ $field }”
    [option] payment option { $option }, field “{ $field }”
   *[field] field “{ $field }”
}
pagopa-position-file-json = Line { $line }, column { $column }: { $detail }
pagopa-position-file-amount = { $spot }: “{ $value }” is not an amount pagoPA accepts: write euros with a dot or a comma and two decimals at most, for example "120.00" (more than zero, no thousands separators).
pagopa-position-file-date = { $spot }: “{ $value }” is not a day written YYYY-MM-DD (for example 2026-07-31).
pagopa-position-file-fiscal-code = { $spot }: “{ $value }” is not an organization's fiscal code (11 digits with a valid check digit).
pagopa-position-file-debtor-kind = { $spot }: “{ $value }” is neither "person" nor "legal-entity".
pagopa-position-file-transfer-amount-needed = { $spot }: missing; when a payment option has more than one transfer, each gives its amount.
pagopa-position-file-destination = { $spot }: a transfer goes either to an account ("iban") or to a revenue stamp ("stamp"): give exactly one of the two.
pagopa-position-file-postal-iban-alone = { $spot }: a postal IBAN goes with the account's "iban", not with a revenue stamp.
pagopa-position-file-invalid = The debt position is not valid: { $detail }
