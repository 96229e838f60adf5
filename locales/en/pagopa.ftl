# pagoPA payment notices: the names of their fields and what can be wrong with them.
# Every error starts with the field's name.

pagopa-field-name = { $field ->
    [payload] The notice
    [identifier] The QR code's identifier
    [version] The QR code's version
    [notice-number] The notice number
    [creditor-fiscal-code] The creditor's fiscal code
    [amount] The amount
    [data-matrix] The Poste Data Matrix
    [postal-account] The postal account number
    [document-type] The Poste document type
   *[other] { $field }
}

pagopa-error-missing = { pagopa-field-name } is missing.
pagopa-error-unrecognized = { pagopa-field-name } is neither a pagoPA QR code (PAGOPA|002|…), a Poste Data Matrix (codfase=NBPA;…) nor a notice number.
pagopa-error-length = { pagopa-field-name } has { $found } characters: { $span ->
    [exact] it must have { $max }.
   *[other] it must have { $min } to { $max }.
}
pagopa-error-not-digit = { pagopa-field-name } has “{ $char }” at position { $position }: only digits are allowed.
pagopa-error-unexpected = { pagopa-field-name } should be “{ $expected }” but is “{ $found }”.
pagopa-error-aux-digit = { pagopa-field-name } starts with { $found }: it must start with 0, 1, 2 or 3.
pagopa-error-check-digits = { pagopa-field-name } ends with { $found }, but its check digits should be { $expected }: a digit has probably been mistyped.
pagopa-error-check-digit = { pagopa-field-name } ends with { $found }, but its check digit should be { $expected }: a digit has probably been mistyped.
pagopa-error-zero = { pagopa-field-name } is zero.
pagopa-error-too-large = { pagopa-field-name } is more than € { $max }, the most pagoPA accepts.
pagopa-error-parts = { pagopa-field-name } has { $found } parts separated by “|”: it must have { $expected }.

# Reading notices from photos
pagopa-scan-error-read = The image cannot be read: { $detail }
pagopa-scan-error-image = The file is not a PNG or JPEG image that can be decoded: { $detail }
pagopa-scan-error-too-large = The image is too large ({ $width } × { $height } pixels).

# campanile pay
pay-valid = Valid notice ({ $source })
pay-source-qr = QR code
pay-source-data-matrix = Poste Data Matrix
pay-source-manual = typed in
pay-label-notice-number = Notice number
pay-label-aux-digit = Aux digit
pay-label-application-code = Application code
pay-label-segregation-code = Segregation code
pay-label-iuv = IUV
pay-label-check-digits = Check digits
pay-label-creditor = Creditor fiscal code
pay-label-rpt-id = RptId
pay-label-amount = Amount
pay-label-postal-account = Postal account
pay-label-debtor = Debtor fiscal code
pay-label-debtor-name = Debtor
pay-label-subject = Subject
pay-scan-other = Other code (not a pagoPA notice): { $text }
pay-scan-nothing = No pagoPA code found in { $path }.
pay-scan-none-valid = { $path }: the pagoPA codes found are not valid.
