# Dove si verifica un avviso: le posizioni debitorie dei comuni dell'aggregazione (GPD) o la verifica pagoPA.
pagopa-gpd-verify-route-own = Avviso di un comune dell'aggregazione: verificato sulle sue posizioni debitorie.
pagopa-gpd-verify-route-payment-requests = Avviso di un altro ente: verificato presso pagoPA.
