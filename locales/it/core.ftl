# Messages of the core's handle (core/src/campanile/).
core-error-no-url = Manca l'indirizzo del servizio pagoPA «{ $service }»: nell'ambiente personalizzato va indicato.
core-error-no-place = Nessun luogo con id { $id }.
core-error-cancelled = Operazione annullata: i dati di prima sono rimasti come erano.
core-error-own-comune = «{ $value }» non è il codice fiscale di un ente creditore: i comuni dell'aggregazione vanno indicati con il loro codice fiscale di 11 cifre.
