# pagoPA platform: what each outcome of a call to the platform means, and what to do.

pagopa-platform-unknown-notice = pagoPA does not know this notice ({ $code }): check the notice number and the creditor's fiscal code.
pagopa-platform-notice-data-error = The creditor or the notice is not set up correctly on pagoPA ({ $code }): check the creditor's fiscal code, or contact the comune.
pagopa-platform-expired = This notice has expired ({ $code }) and can no longer be paid: contact the comune for a new one.
pagopa-platform-revoked = The comune has cancelled this notice ({ $code }): it must not be paid.
pagopa-platform-already-paid = This notice has already been paid ({ $code }): do not pay it again.
pagopa-platform-settled-per-creditor = The comune says this notice is already settled, or is part of an instalment plan some of whose instalments are paid ({ $code }): there is no receipt of this notice. Ask the comune; for an instalment plan, pay the notices of the single instalments.
pagopa-platform-in-progress = A payment of this notice is already under way ({ $code }): wait for it to finish before trying again.
pagopa-platform-creditor-unavailable = The creditor's payment service cannot be reached through pagoPA right now ({ $code }): try again later.
pagopa-platform-bad-request = The request was refused as invalid: { $detail }
pagopa-platform-unprocessable = pagoPA read the request but refused to process it as it is: { $detail }. Check the notices and amounts, or pay on pagoPA's own Checkout page.
pagopa-platform-unauthorized = pagoPA refused the subscription key: check it with “campanile secrets set”.
pagopa-platform-not-found = Not found on pagoPA: { $detail }
pagopa-platform-conflict = pagoPA refused the change because of the current state: { $detail }
pagopa-platform-timeout = pagoPA did not answer in time: the request may or may not have taken effect, so check before repeating it.
pagopa-platform-transport = pagoPA cannot be reached ({ $detail }): check the connection and the platform address; the request may or may not have taken effect.
pagopa-platform-server = pagoPA had an internal error (HTTP { $status }: { $detail }): try again later; the request may or may not have taken effect.
pagopa-platform-protocol = pagoPA gave an answer that cannot be understood ({ $detail }): nothing has been assumed from it.
