# Pratiche: catalogo dei procedimenti, pratiche e loro cronologia, scadenze, flusso delle novità

practices-error-catalog-read = Impossibile leggere il catalogo { $path }: { $detail }
practices-error-catalog-format = { $path }: formato di catalogo sconosciuto (usare un file .csv o .json).
practices-error-catalog-json = { $path }: JSON non valido alla riga { $line }, colonna { $column }: { $detail }
practices-error-catalog-csv = { $path }: record CSV { $record }: { $detail }
practices-error-catalog-column = { $path }: l'intestazione non ha la colonna "{ $column }".
practices-error-catalog-field = { $path }: record { $record }, campo { $field } = "{ $value }": { $reason ->
        [required] obbligatorio
        [domain] uno tra suap, sue, registry
        [ending] uno tra express, silent-consent, scia
        [regime] uno tra ordinary, scia, scia-building, building-permit
        [days] un numero intero di giorni da 1 a 3650
        [url] un link http o https
        [ending-regime] una conclusione SCIA richiede il regime scia o scia-building, e questi regimi una conclusione SCIA
       *[other] { $reason }
    }. Non è stato importato nulla.
practices-error-catalog-duplicate = { $path }: record { $record }: il procedimento { $id } compare due volte (la prima al record { $first }). Non è stato importato nulla.
practices-error-empty-query = Niente da cercare: il testo non ha lettere né cifre.
practices-error-query-too-long = Il testo da cercare è troppo lungo ({ $len } caratteri, al massimo { $max }).
practices-error-procedure-not-found = Nessun procedimento "{ $id }" nel catalogo.
practices-error-db = Errore del database delle pratiche: { $detail }
practices-error-not-found = Nessuna pratica "{ $id }".
practices-error-exists = La pratica "{ $id }" esiste già.
practices-error-refused = Pratica { $id }: evento "{ $kind }" rifiutato: { $reason }
practices-error-clock = Pratica { $id }: dalle sue date non si ricava un termine: { $reason }
practices-error-time-backwards = Pratica { $id }: l'evento del { $at } è anteriore all'ultimo ({ $last }); la cronologia va solo avanti.
practices-error-field = { $field } = "{ $value }": { $reason }.
practices-error-transition = una pratica nello stato { $from } non può passare a { $to }.
practices-error-transition-domain = una pratica { $domain } non ha lo stato { $to }.
practices-error-transition-scia-only = { $to } conclude solo una SCIA, e questa pratica segue il termine { $regime }.
practices-error-transition-integration-twice = le integrazioni sono già state chieste una volta (L. 241/1990 art. 2 c. 7 ammette una sola sospensione).
practices-error-transition-closed = la pratica è conclusa ({ $state }): si possono aggiungere solo note e documenti.
practices-error-transition-precondition = { $kind ->
        [refusal_notice] il preavviso di rigetto (art. 10-bis) richiede un'istanza presentata, non una SCIA, e nessun preavviso in attesa di osservazioni
        [observations] le osservazioni richiedono un preavviso di rigetto (refusal_notice) che le attenda
        [proposal] la proposta richiede un permesso di costruire in istruttoria e senza proposta
       *[other] { $kind } non è possibile ora
    }.
practices-error-span-reversed = il periodo { $from }..{ $to } finisce prima di cominciare.
practices-error-before-receipt = il { $date } è prima del ricevimento dell'istanza ({ $received }).
practices-error-term-days = un termine di { $days } giorni non è ammesso (da 1 a { $max }).
practices-error-cursor = "{ $value }" non è un cursore del flusso: va restituito il cursore ricevuto con una pagina.
practices-error-patrons-read = Impossibile leggere la tabella dei santi patroni { $path }: { $detail }
practices-error-patrons-csv = { $path }: record CSV { $record }: { $detail }
practices-error-patrons-column = { $path }: l'intestazione non ha la colonna "{ $column }".
practices-error-patrons-field = { $path }: record { $record }, campo { $field } = "{ $value }" non valido (istat: 6 cifre; day: MM-GG, MM-<giorno>N come 09-sun1, oppure easter+N).
practices-error-istat = Il comune "{ $value }" non è un codice ISTAT: scrivere le sue 6 cifre, per esempio 044007 per Ascoli Piceno.
practices-error-date = "{ $value }" non è una data: scrivere AAAA-MM-GG, per esempio 2026-03-02.
practices-error-when = "{ $value }" non è una data né un orario: scrivere AAAA-MM-GG oppure RFC 3339, per esempio 2026-03-02T09:30:00+01:00.
practices-error-span = "{ $value }" non è un periodo: scrivere DA..A con date AAAA-MM-GG (A si può omettere finché è aperto).
practices-error-regime = Regime sconosciuto "{ $value }": ordinary, scia, scia-building, building-permit.
practices-error-domain = Ambito sconosciuto "{ $value }": suap, sue, registry.
practices-error-event-kind = Evento sconosciuto "{ $value }". Eventi: { $known }.
practices-error-state = Stato sconosciuto "{ $value }". Stati: { $known }.

practices-rule-received = { $date }: istanza ricevuta; i termini decorrono da qui, senza contare questo giorno
practices-rule-term-procedure = { $date }: termine proprio del procedimento, { $days } giorni
practices-rule-term-default = { $date }: nessun termine fissato per il procedimento, quindi 30 giorni
practices-rule-term-scia = { $date }: controlli sulla SCIA, 60 giorni
practices-rule-term-scia-building = { $date }: controlli sulla SCIA edilizia, 30 giorni
practices-rule-permit-interruption = { $date }: arrivati i documenti chiesti il { $from }; i 60 giorni ricominciano per intero
practices-rule-permit-interruption-late = { $date }: documenti chiesti oltre 30 giorni dalla domanda: nessuna interruzione
practices-rule-permit-interruption-repeated = { $date }: seconda richiesta di documenti: il termine si interrompe una sola volta
practices-rule-permit-proposal = { $date }: proposta di provvedimento, 60 giorni dal { $from }
practices-rule-permit-decision = { $date }: provvedimento finale, 30 giorni dalla proposta ({ $from })
practices-rule-suspension = { $date }: sospeso dal { $from } per le integrazioni, { $days } giorni aggiunti
practices-rule-suspension-capped = { $date }: sospeso dal { $from } per le integrazioni; contano al massimo 30 giorni, { $days } aggiunti
practices-rule-suspension-open = { $date }: sospeso dal { $from } in attesa delle integrazioni; { $days } giorni finora
practices-rule-suspension-repeated = { $date }: una seconda richiesta di integrazioni non sospende di nuovo
practices-rule-refusal-notice = { $date }: preavviso di rigetto del { $from }; il termine riparte 10 giorni dopo le osservazioni, { $days } giorni aggiunti
practices-rule-refusal-notice-no-observations = { $date }: preavviso di rigetto del { $from }; senza osservazioni il termine riparte allo scadere dei 10 giorni, { $days } giorni aggiunti
practices-rule-refusal-notice-pending = { $date }: preavviso di rigetto del { $from }, osservazioni attese; { $days } giorni finora
practices-rule-refusal-notice-late-observations = { $date }: preavviso di rigetto del { $from }; le osservazioni oltre i 10 giorni non fermano il termine, { $days } giorni aggiunti
practices-rule-not-applicable-scia = { $date }: una sospensione non ferma i controlli su una SCIA
practices-rule-after-expiry = { $date }: a termine già scaduto: nessun effetto
practices-rule-last-day-moved = il { $date } è { $why ->
        [sunday] domenica
        [patron] la festa del santo patrono ({ $saint })
        [new-year] Capodanno
        [epiphany] l'Epifania
        [easter-monday] il Lunedì dell'Angelo
        [liberation] la Festa della Liberazione
        [labour] la Festa del Lavoro
        [republic] la Festa della Repubblica
        [assumption] Ferragosto
        [st-francis] la festa di San Francesco e Santa Caterina
        [all-saints] Ognissanti
        [immaculate] l'Immacolata Concezione
        [christmas] Natale
        [st-stephen] Santo Stefano
       *[other] un giorno festivo
    }: la scadenza passa al primo giorno non festivo seguente
practices-rule-due = { $date }: scadenza

practices-status-running = { $days ->
        [0] scade oggi
        [one] manca 1 giorno
       *[other] mancano { $days } giorni
    }
practices-status-suspended = sospesa
practices-status-overdue = scaduta da { $days } giorni: ci si può rivolgere al titolare del potere sostitutivo, che deve concludere entro { $half } giorni
practices-status-concluded = conclusa il { $date }, nei termini
practices-status-concluded-late = conclusa il { $date }, in ritardo

practices-deadline-due = Scadenza: { $date }
practices-deadline-suspended = Il termine è sospeso: la data sopra presume che riparta oggi.
practices-deadline-chain = Come:
practices-substitute = Titolare del potere sostitutivo (L. 241/1990 art. 2 c. 9-bis): { $who }
practices-substitute-unknown = Titolare del potere sostitutivo: non indicato nel catalogo; per legge (art. 2 c. 9-bis) è allora il dirigente generale o, in mancanza, il dirigente preposto all'ufficio o il funzionario di più elevato livello del comune.
practices-procedures-imported = { $file }: { $count } procedimenti importati.
practices-procedures-none = Nessun procedimento trovato.
practices-procedure-term = Termine: { $days } giorni
practices-procedure-term-default = Termine: 30 giorni (non fissato)
practices-list-empty = Nessuna pratica.
practices-opened = Pratica { $id } aperta ({ $state }).
practices-event-added = Pratica { $id }: { $kind } registrato; stato { $state }.
practices-reminders = { $count } promemoria registrati.
practices-changes-empty = Nessuna novità dopo questo cursore.
practices-changes-cursor = Cursore successivo: { $cursor }
practices-patrons-imported = { $file }: { $count } feste patronali registrate.
practices-no-clock = Non ancora presentata: nessun termine.

## Notifiche dal flusso dei cambiamenti (il controllo in background del telefono)

practices-event-name = { $event ->
    [started] avviata
    [presented] presentata
    [correction_requested] è stata chiesta una correzione
    [corrected] corretta
    [refused] respinta
    [integration_requested] sono stati chiesti documenti (integrazione)
    [ended_by_integration_times_expired] chiusa: è scaduto il tempo per i documenti
    [integrated] i documenti sono stati aggiunti
    [cdss_convened] è stata indetta una conferenza di servizi
    [ended_by_suspension_requested] chiusa: l'attività è stata sospesa
    [ended_by_conformation_requested] chiusa: sono state chieste modifiche all'attività
    [ended_by_proceeding_time_expired] chiusa: è scaduto il tempo del procedimento
    [ended_by_positive_outcome] conclusa con esito positivo
    [ended_by_submitter_cancel_requested] ritirata da chi l'ha presentata
    [note] è stata aggiunta una nota
    [document] è stato aggiunto un documento
    [assigned] assegnata a un ufficio
    [refusal_notice] preavviso di rigetto
    [observations] sono state inviate osservazioni
    [proposal] è stata fatta una proposta
    [deadline-near] la scadenza è vicina
    [overdue] ha superato la scadenza
   *[other] { $event }
}
practices-notify-changed = Pratica { $id }: { practices-event-name }.
practices-notify-reminder = { $event ->
    [overdue] La pratica { $id } ha superato la scadenza del { $date }: puoi rivolgerti al funzionario con potere sostitutivo.
   *[deadline-near] La scadenza della pratica { $id } è vicina: { $date }.
}
practices-notify-invoice = Fattura { $number }: { $what }.
practices-notify-more = { $count ->
    [one] E un altro cambiamento.
   *[other] E altri { $count } cambiamenti.
}
