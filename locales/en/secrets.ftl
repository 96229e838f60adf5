# Secrets (the pagoPA platform's subscription keys and tokens) in the operating system's
# keyring.

secrets-error-unknown-name = There is no secret called “{ $name }”: the names are { $known }.
secrets-error-bad-service = The keyring service name “{ $service }” is not valid: use lower-case letters, digits, “.”, “_” and “-” (64 at most).
secrets-error-value-empty = The value of { $name } is empty: nothing was stored.
secrets-error-value-too-short = The value of { $name } is too short (at least { $min } characters): it may not have been pasted whole. Nothing was stored.
secrets-error-value-too-long = The value of { $name } is too long ({ $max } characters at most). Nothing was stored.
secrets-error-value-character = The value of { $name } has a space or a control character at position { $position }: keys and tokens have none. Nothing was stored.
secrets-error-unavailable = The system keyring ({ $backend }) is not available: { $detail }
secrets-error-backend = The system keyring ({ $backend }) failed on { $name }: { $detail }

# campanile secrets
secrets-prompt = Value of { $name } (not shown):
secrets-stored = { $name } stored in the system keyring ({ $backend }).
secrets-removed = { $name } removed from the system keyring.
secrets-not-set = { $name } was not set: nothing to remove.
secrets-list-set = set
secrets-list-unset = not set
secrets-list-where = Keyring: { $backend }, service “{ $service }”.
secrets-error-stdin = Cannot read the value of { $name } from standard input: { $detail }
secrets-error-lines = The value of { $name } read from standard input has more than one line: give one line only. Nothing was stored.
