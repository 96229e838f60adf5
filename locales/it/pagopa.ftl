# Avvisi di pagamento pagoPA: i nomi dei campi e che cosa può esservi di sbagliato.
# Ogni errore comincia con il nome del campo.

pagopa-field-name = { $field ->
    [payload] L'avviso
    [identifier] L'identificativo del codice QR
    [version] La versione del codice QR
    [notice-number] Il codice avviso
    [creditor-fiscal-code] Il codice fiscale dell'ente creditore
    [amount] L'importo
    [data-matrix] Il Data Matrix di Poste
    [postal-account] Il numero di conto corrente postale
    [document-type] Il tipo documento di Poste
   *[other] { $field }
}

pagopa-error-missing = { pagopa-field-name }: manca.
pagopa-error-unrecognized = { pagopa-field-name }: non è un codice QR pagoPA (PAGOPA|002|…), né un Data Matrix di Poste (codfase=NBPA;…), né un codice avviso.
pagopa-error-length = { pagopa-field-name }: ha { $found } caratteri, { $span ->
    [exact] ne deve avere { $max }.
   *[other] ne deve avere da { $min } a { $max }.
}
pagopa-error-not-digit = { pagopa-field-name }: contiene «{ $char }» in posizione { $position }, sono ammesse solo cifre.
pagopa-error-unexpected = { pagopa-field-name }: dovrebbe essere «{ $expected }», invece è «{ $found }».
pagopa-error-aux-digit = { pagopa-field-name }: comincia con { $found }, deve cominciare con 0, 1, 2 o 3.
pagopa-error-check-digits = { pagopa-field-name }: finisce con { $found }, ma le cifre di controllo dovrebbero essere { $expected }; probabilmente una cifra è sbagliata.
pagopa-error-check-digit = { pagopa-field-name }: finisce con { $found }, ma la cifra di controllo dovrebbe essere { $expected }; probabilmente una cifra è sbagliata.
pagopa-error-zero = { pagopa-field-name }: è zero.
pagopa-error-too-large = { pagopa-field-name }: supera { $max } €, il massimo che pagoPA accetta.
pagopa-error-parts = { pagopa-field-name }: ha { $found } parti separate da «|», ne deve avere { $expected }.

# Lettura degli avvisi dalle foto
pagopa-scan-error-read = Non si può leggere l'immagine: { $detail }
pagopa-scan-error-image = Il file non è un'immagine PNG o JPEG decodificabile: { $detail }
pagopa-scan-error-too-large = L'immagine è troppo grande ({ $width } × { $height } pixel).

# campanile pay
pay-valid = Avviso valido ({ $source })
pay-source-qr = codice QR
pay-source-data-matrix = Data Matrix di Poste
pay-source-manual = inserito a mano
pay-label-notice-number = Codice avviso
pay-label-aux-digit = Aux digit
pay-label-application-code = Codice applicazione
pay-label-segregation-code = Codice di segregazione
pay-label-iuv = IUV
pay-label-check-digits = Cifre di controllo
pay-label-creditor = Codice fiscale ente creditore
pay-label-rpt-id = RptId
pay-label-amount = Importo
pay-label-postal-account = Conto corrente postale
pay-label-debtor = Codice fiscale del debitore
pay-label-debtor-name = Debitore
pay-label-subject = Oggetto
pay-scan-other = Altro codice (non è un avviso pagoPA): { $text }
pay-scan-nothing = Nessun codice pagoPA trovato in { $path }.
pay-scan-none-valid = { $path }: i codici pagoPA trovati non sono validi.
