# I segreti (chiavi di sottoscrizione e token della piattaforma pagoPA) nel portachiavi del
# sistema operativo.

secrets-error-unknown-name = Non conosco il segreto “{ $name }”: i nomi possibili sono { $known }.
secrets-error-bad-service = Il nome di servizio del portachiavi “{ $service }” non va bene: usa lettere minuscole, cifre, “.”, “_” e “-” (al massimo 64).
secrets-error-value-empty = Il valore di { $name } è vuoto: non è stato salvato nulla.
secrets-error-value-too-short = Il valore di { $name } è troppo corto (almeno { $min } caratteri): forse non è stato incollato per intero. Non è stato salvato nulla.
secrets-error-value-too-long = Il valore di { $name } è troppo lungo (al massimo { $max } caratteri). Non è stato salvato nulla.
secrets-error-value-character = Il valore di { $name } ha uno spazio o un carattere di controllo alla posizione { $position }: chiavi e token non ne hanno. Non è stato salvato nulla.
secrets-error-unavailable = Il portachiavi del sistema ({ $backend }) non è disponibile: { $detail }
secrets-error-backend = Il portachiavi del sistema ({ $backend }) non è riuscito a gestire { $name }: { $detail }

# campanile secrets
secrets-prompt = Valore di { $name } (non viene mostrato):
secrets-stored = { $name } salvato nel portachiavi del sistema ({ $backend }).
secrets-removed = { $name } tolto dal portachiavi del sistema.
secrets-not-set = { $name } non era impostato: niente da togliere.
secrets-list-set = impostato
secrets-list-unset = non impostato
secrets-list-where = Portachiavi: { $backend }, servizio “{ $service }”.
secrets-error-stdin = Non riesco a leggere il valore di { $name } dallo standard input: { $detail }
secrets-error-lines = Il valore di { $name } letto dallo standard input ha più di una riga: dai una sola riga. Non è stato salvato nulla.
