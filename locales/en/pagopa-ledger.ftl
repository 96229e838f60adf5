# The pagoPA payment ledger: the states of a payment, why it is there, and why a payment
# cannot start.

ledger-state = { $state ->
    [draft] Being prepared
    [verified] Verified, ready to pay
    [checkout-started] Payment page opened
    [paid] Paid
    [failed] Not paid
    [cancelled] Cancelled
    [expired] Expired
    [unknown] Outcome not known yet
   *[other] { $state }
}

ledger-reason = { $reason ->
    [platform-paid] pagoPA confirms the payment.
    [payment-in-progress] pagoPA says a payment of this notice is under way: wait before paying again.
    [no-answer] pagoPA did not answer: the payment will be checked again, nothing is shown paid until pagoPA confirms it.
    [session-ended] The payment page expired and pagoPA says the notice was not paid.
    [checkout-not-opened] The payment page never opened and pagoPA says the notice was not paid.
    [abandoned] Left before the payment page was opened.
    [notice-expired] The notice has expired.
    [notice-revoked] The creditor has cancelled the notice.
    [unknown-notice] The creditor does not know this notice.
    [notice-data-error] The creditor's data about the notice are wrong.
    [platform-refused] pagoPA refused the request.
    [notice-paid] Another notice of the cart was already paid.
    [settled-per-creditor] The comune says a notice is already settled or part of an instalment plan partly paid: no receipt was issued here; ask the comune.
   *[other] { $reason }
}

ledger-outcome = { $outcome ->
    [payable] can be paid
    [paid] paid
    [in-progress] payment under way
    [expired] expired
    [revoked] cancelled by the creditor
    [unknown-notice] unknown to the creditor
    [data-error] wrong data at the creditor
    [settled-per-creditor] settled by the creditor, no receipt here
   *[other] { $outcome }
}

ledger-hint = { $hint ->
    [ok] The payment page reported success (to be confirmed by pagoPA).
    [cancel] The payment page reported that the payment was cancelled.
    [error] The payment page reported an error.
   *[other] { $hint }
}

ledger-error-notice-count = A payment takes 1 to { $max } notices, not { $count }.
ledger-error-duplicate-notice = The notice { $notice } (creditor { $creditor }) is in the cart twice.
ledger-error-already-paid = The notice { $notice } (creditor { $creditor }) is already paid: pagoPA confirmed it, the receipt is kept.
ledger-error-in-progress = A payment of the notice { $notice } (creditor { $creditor }) is under way or may be (attempt { $attempt }): it cannot be paid again until pagoPA says how it ended.
ledger-error-in-progress-continue = A payment of the notice { $notice } (creditor { $creditor }) is already open (attempt { $attempt }): continue it at { $url }
ledger-error-not-payable = The notice { $notice } (creditor { $creditor }) cannot be paid: { $outcome ->
    [expired] it has expired.
    [revoked] the creditor has cancelled it.
    [unknown-notice] the creditor does not know it; check the notice number and the creditor's fiscal code.
    [data-error] the creditor's data about it are wrong; contact the creditor.
    [in-progress] a payment of it is under way.
    [paid] it is already paid.
    [settled-per-creditor] the comune says it is already settled, or part of an instalment plan some of whose instalments are paid; there is no receipt of it here. Ask the comune; for a plan, pay the notices of the single instalments.
   *[other] { $outcome }.
}
ledger-error-no-answer = pagoPA did not answer about the notice { $notice } (creditor { $creditor }); nothing has been paid through attempt { $attempt }, which will be checked again. Details: { $detail }
ledger-error-refused = pagoPA refused the request for the notice { $notice } (creditor { $creditor }), attempt { $attempt }: { $detail }
ledger-error-no-such-attempt = There is no payment attempt { $attempt }.
ledger-error-wrong-state = The payment attempt { $attempt } is in state “{ $state }”: it cannot { $action ->
    [checkout] open the payment page
   *[other] { $action }
}.
ledger-error-concurrent = The payment attempt { $attempt } was changed by another window or process meanwhile: try again.
ledger-error-busy = The notice { $notice } (creditor { $creditor }) is being handled by another operation of this app right now (a payment being started or checked): nothing was done, try again in a moment.
ledger-error-unanswered = pagoPA gave no usable answer about the notice { $notice } (creditor { $creditor }): it is not known whether it is paid, and nothing was recorded. Details: { $detail }
ledger-error-database = The payments database cannot be used: { $detail }
# A receipt in words (core Payments::receipt_text).
pay-receipt-notice = Notice
pay-receipt-creditor = Creditor (tax code)
pay-receipt-amount = Amount
pay-receipt-payee = Paid to
pay-receipt-description = For
pay-receipt-paid-at = Paid on
pay-receipt-psp = Payment service provider
pay-receipt-id = Receipt id
pay-receipt-method = Paid by
pay-receipt-evidence = Evidence
pay-receipt-evidence-text = { $code }, heard on { $at }
pay-receipt-recorded = Recorded on
pay-receipt-title = Payment receipt
pay-receipt-note-pagopa = Paid: pagoPA answered that this notice has already been paid through it (PPT_PAGAMENTO_DUPLICATO). Kept by this app as that evidence.
pay-receipt-note-creditor = Paid: the comune's debt-position service reports this payment with the receipt data above. Kept by this app as that evidence.
pay-error-no-receipt = There is no receipt of the notice { $notice } on this device: pagoPA has not said it is paid. Ask again with campanile pay status.

## What the payer is shown once back from Checkout (PaymentOutcome)

pay-outcome = { $outcome ->
    [paid] Notice { $notice } is paid: pagoPA confirmed it and the receipt is kept.
    [not-paid] Notice { $notice } was not paid: nothing was charged. You can pay it again.
   *[unknown] It is not known yet whether notice { $notice } was paid: do not pay it again, ask again in a moment.
}
pay-browser-back-title = Back to Campanile
pay-browser-back = You can close this page: Campanile is asking pagoPA how the payment went and shows the outcome.
pay-error-loopback = Cannot wait for the return from pagoPA Checkout on this computer (no local port): { $detail }
