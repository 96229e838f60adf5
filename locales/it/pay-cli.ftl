# campanile pay verify|start|status|receipts|return: pagare avvisi con pagoPA.

pay-attempt = Pagamento { $id }: { $state }
pay-continue-at = Continua il pagamento qui: { $url }
pay-open-checkout = Apri questa pagina per pagare: { $url }
pay-no-attempts = Nessun pagamento su questo dispositivo.
pay-no-receipts = Nessuna ricevuta: un avviso risulta pagato solo quando pagoPA lo conferma.
pay-receipt = { $rpt }  { $amount }  { $payee }  pagato (pagoPA: { $evidence })
pay-not-paid = L'avviso { $rpt } non è pagato (pagamento { $attempt }: { $outcome }).
pay-unseen = L'avviso { $rpt } non è mai stato verificato su questo dispositivo.
pay-payable = L'avviso { $rpt } non è pagato: per pagoPA si può pagare ora, { $amount } a { $payee }.
pay-not-payable = L'avviso { $rpt } non è pagato e non si può pagare ora: { $outcome }.
pay-label-description = Causale
pay-label-due-date = Scadenza
pay-label-payee = Ente creditore
pay-error-url = { $flag }: «{ $value }» non è un indirizzo web ({ $detail }).
pay-error-no-base-url = Quale ambiente pagoPA? Indica l'indirizzo del servizio di verifica degli avvisi con --base-url o CAMPANILE_PAYMENT_REQUESTS_URL (lo fornisce PagoPA con l'abbonamento).
pay-error-no-key = La chiave { $name } non è salvata: esegui «campanile secrets set { $name }» (servizio del portachiavi «{ $service }»). Non è stato inviato nulla.
pay-receipt-written = Ricevuta scritta in { $path }.
pay-error-write = Impossibile scrivere la ricevuta in { $path }: { $detail }
