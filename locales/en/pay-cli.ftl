# campanile pay verify|start|status|receipts|return: paying notices through pagoPA.

pay-attempt = Payment { $id }: { $state }
pay-continue-at = Continue the payment at: { $url }
pay-open-checkout = Open this page to pay: { $url }
pay-no-attempts = No payments on this device yet.
pay-no-receipts = No receipts yet: a notice is shown paid only when pagoPA confirms it.
pay-receipt = { $rpt }  { $amount }  { $payee }  paid (pagoPA: { $evidence })
pay-not-paid = Notice { $rpt } is not paid (payment { $attempt }: { $outcome }).
pay-unseen = Notice { $rpt } has never been verified on this device.
pay-payable = Notice { $rpt } is not paid: pagoPA says it can be paid now, { $amount } to { $payee }.
pay-not-payable = Notice { $rpt } is not paid and cannot be paid now: { $outcome }.
pay-label-description = Description
pay-label-due-date = Due date
pay-label-payee = Payee
pay-error-url = { $flag }: "{ $value }" is not a URL ({ $detail }).
pay-error-no-base-url = Which pagoPA environment? Give the notice-verification service's URL with --base-url or CAMPANILE_PAYMENT_REQUESTS_URL (PagoPA gives it with the subscription).
pay-error-no-key = The key { $name } is not stored: run "campanile secrets set { $name }" (keyring service "{ $service }"). Nothing was sent.
pay-receipt-written = Receipt written to { $path }.
pay-error-write = Cannot write the receipt to { $path }: { $detail }
