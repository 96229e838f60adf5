# Where a notice is verified: the debt positions of the aggregation's comuni (GPD) or pagoPA's verification.
pagopa-gpd-verify-route-own = Notice of one of the aggregation's comuni: verified against its debt positions.
pagopa-gpd-verify-route-payment-requests = Notice of another creditor: verified with pagoPA.
