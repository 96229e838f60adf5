# campanile positions: the comune's debt positions on pagoPA (GPD), for counter staff.

positions-status = Debt position { $iupd }: { $status }
positions-creditor = Creditor: { $name } (tax code { $code })
positions-option = { $kind ->
    [full] In full
    [installment] Installment
   *[unknown] Option
} { $notice }: { $amount }, due { $due } — { $status }
positions-option-paid = paid on { $date } through { $psp }, receipt { $receipt }
positions-created-draft = Debt position { $iupd } created as a draft ({ $status }): publish it to make it payable.
positions-created-published = Debt position { $iupd } created and published: { $status }.
positions-published = Debt position { $iupd } published: { $status }.
positions-invalidated = Debt position { $iupd } invalidated: { $status }.
positions-printed = Notice of debt position { $iupd } written to { $path } ({ $options ->
    [one] one payment option
   *[other] { $options } payment options
}).
positions-no-receipt = no receipt: pagoPA does not say it is paid ({ $status }).

positions-error-creditor = --creditor “{ $value }”: { $detail }
positions-error-base-url = --base-url “{ $value }” is not a valid address: { $detail }
positions-error-no-key = There is no subscription key for pagoPA debt positions (pagopa-gpd-key) in the system keyring (service “{ $service }”): store it with “campanile secrets set pagopa-gpd-key”, which reads it from standard input. Nothing was sent.
positions-error-read = Cannot read the position file { $path }: { $detail }
positions-error-file-iupd = { $path } describes debt position { $file }, not { $iupd }.
positions-error-write = Cannot write the notice to { $path }: { $detail }
positions-error-no-option = Debt position { $iupd } has no payment option with IUV or notice code { $option }.
positions-check-status = To check: “campanile positions status { $iupd } --creditor { $creditor }”.
positions-hint-from = Give the file the position was created from with --from FILE.
positions-updated = Debt position { $iupd } updated: { $status }.
positions-deleted = Debt position { $iupd } deleted.
positions-marked-paid = Notice { $notice } recorded as paid outside pagoPA: it can no longer be paid through pagoPA.
positions-error-paid-in-future = A payment cannot be recorded in the future ({ $date }).
