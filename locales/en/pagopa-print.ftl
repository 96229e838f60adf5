# The printed payment notice (PDF) for counter staff, and the errors of data that cannot be
# printed. Every error starts with the field's name.

pagopa-print-title = PAYMENT NOTICE
pagopa-print-document-title = Payment notice: { $subject }
pagopa-print-creditor-heading = CREDITOR
pagopa-print-debtor-heading = ADDRESSEE
pagopa-print-fiscal-code = Tax code { $code }
pagopa-print-debtor-fiscal-code = Tax code / VAT number { $code }

pagopa-print-how-much-heading = HOW MUCH AND WHEN?
pagopa-print-due-by = by { $date }
pagopa-print-or-installments = or in { $count } installments, as shown below.
pagopa-print-in-installments = in { $count } installments, the first by { $date }
pagopa-print-amount-note = The creditor may update the amount at the time of payment (for example for reductions, interest or penalties): the payment channel shows you the amount due before you pay.

pagopa-print-where-heading = WHERE TO PAY?
pagopa-print-where-online-title = PAY ONLINE OR WITH AN APP
pagopa-print-where-online = on the web site or app of the creditor, your bank or another payment service provider in pagoPA, including the IO app: by card, bank account or CBILL.
pagopa-print-where-territory-title = PAY IN PERSON
pagopa-print-where-territory = at post offices, banks and ATMs, lottery outlets, tobacconists and supermarkets that offer the service: in cash, by card or from your bank account.
pagopa-print-where-list = The list of payment channels is on www.pagopa.gov.it.
pagopa-print-use-portion = Use the part of the notice for the installment you want to pay.

pagopa-print-single-heading = SINGLE PAYMENT by { $date }
pagopa-print-installment-heading = INSTALLMENT { $number } OF { $count } by { $date }
pagopa-print-label-debtor = Addressee
pagopa-print-label-creditor = Creditor
pagopa-print-label-subject = Payment subject
pagopa-print-label-cbill = CBILL code
pagopa-print-label-notice-number = Notice code
pagopa-print-label-creditor-fiscal-code = Creditor tax code
pagopa-print-qr-hint = Scan the QR code with your bank's app, a payment app or IO, or use the codes beside it.
pagopa-print-bulletin-title = POSTAL PAYMENT SLIP (BOLLETTINO POSTALE PA)
pagopa-print-bulletin-account = to postal account no.
pagopa-print-bulletin-amount = Amount
pagopa-print-bulletin-holder = Account holder
pagopa-print-bulletin-type = Type
pagopa-print-bulletin-authorization = Poste Italiane's authorisation to print this slip: { $text }
pagopa-print-bulletin-hint = Payable at any post office and on the physical or digital channels of Poste Italiane and of the creditor that accept it.
pagopa-print-page = Page { $page } of { $pages }

# Amounts and dates: €1,234.56 and 31/12/2026 (the notice is Italian: day first).
pagopa-print-amount = €{ $value }
pagopa-print-group-separator = ,
pagopa-print-decimal-separator = .
pagopa-print-date = { $day }/{ $month }/{ $year }

pagopa-print-field-name = { $field ->
    [creditor-name] The creditor's name
    [creditor-sector] The creditor's office
    [creditor-info] The creditor's contacts
    [cbill] The CBILL code
    [debtor-name] The addressee's name
    [debtor-fiscal-code] The addressee's tax code or VAT number
    [debtor-address] The addressee's address
    [subject] The payment subject
    [payment-options] The payment options
    [notice-number] The notice code
    [postal-account] The postal account number
    [postal-account-holder] The postal account's holder
    [poste-authorization] Poste Italiane's authorisation to print
    [bulletin-amount] The amount in the postal slip's Data Matrix
    [bulletin-debtor-name] The addressee's name in the postal slip's Data Matrix
    [bulletin-subject] The payment subject in the postal slip's Data Matrix
   *[other] { $field }
}

pagopa-print-error-missing = { pagopa-print-field-name } is missing.
pagopa-print-error-too-long = { pagopa-print-field-name } has { $found } { $field ->
    [bulletin-amount] digits of cents: the postal slip has room for { $max } at most (€99,999,999.99).
    [bulletin-debtor-name] characters: Poste's Data Matrix has room for { $max } at most; shorten it to print the postal slip.
    [bulletin-subject] characters: Poste's Data Matrix has room for { $max } at most; shorten it to print the postal slip.
   *[other] characters: the notice has room for { $max } at most.
}
pagopa-print-error-unprintable = { pagopa-print-field-name } has “{ $char }” ({ $code }) at position { $position }, a character the notice cannot print.
pagopa-print-error-format = { pagopa-print-field-name } is not in the right form: { $field ->
    [cbill] it must be 5 letters or digits.
    [postal-account] it must be 1 to 12 digits, from the IBAN of a BancoPosta account (IT, bank code 07601).
   *[other] only letters and digits are allowed.
}
pagopa-print-error-no-option = { pagopa-print-field-name } are missing: give the single payment, the installments, or both.
pagopa-print-error-one-installment = { pagopa-print-field-name } have one installment only: installments come two or more (one alone is the single payment).
pagopa-print-error-duplicate = { pagopa-print-field-name } { $notice } appears twice.
