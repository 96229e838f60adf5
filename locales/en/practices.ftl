# Practices: procedures catalog, practices and their timeline, deadlines, the changes feed

practices-error-catalog-read = Cannot read the catalog { $path }: { $detail }
practices-error-catalog-format = { $path }: unknown catalog format (use a .csv or .json file).
practices-error-catalog-json = { $path }: not valid JSON at line { $line }, column { $column }: { $detail }
practices-error-catalog-csv = { $path }: CSV record { $record }: { $detail }
practices-error-catalog-column = { $path }: the header has no column "{ $column }".
practices-error-catalog-field = { $path }: record { $record }, field { $field } = "{ $value }": { $reason ->
        [required] required
        [domain] one of suap, sue, registry
        [ending] one of express, silent-consent, scia
        [regime] one of ordinary, scia, scia-building, building-permit
        [days] a whole number of days from 1 to 3650
        [url] an http or https link
        [ending-regime] a SCIA ending needs a scia or scia-building regime, and those regimes a SCIA ending
       *[other] { $reason }
    }. Nothing was imported.
practices-error-catalog-duplicate = { $path }: record { $record }: procedure { $id } is listed twice (first at record { $first }). Nothing was imported.
practices-error-empty-query = Nothing to search for: the text has no letters or digits.
practices-error-query-too-long = The search text is too long ({ $len } characters, at most { $max }).
practices-error-procedure-not-found = No procedure "{ $id }" in the catalog.
practices-error-db = Practices database error: { $detail }
practices-error-not-found = No practice "{ $id }".
practices-error-exists = Practice "{ $id }" already exists.
practices-error-refused = Practice { $id }: event "{ $kind }" refused: { $reason }
practices-error-clock = Practice { $id }: its dates make no clock: { $reason }
practices-error-time-backwards = Practice { $id }: the event at { $at } is earlier than the last one ({ $last }); the timeline only moves forward.
practices-error-field = { $field } = "{ $value }": { $reason }.
practices-error-transition = a practice in state { $from } cannot go to { $to }.
practices-error-transition-domain = a { $domain } practice has no state { $to }.
practices-error-transition-scia-only = { $to } ends a SCIA only, and this practice runs on the { $regime } clock.
practices-error-transition-integration-twice = an integration was already requested once (L. 241/1990 art. 2 c. 7 allows one suspension).
practices-error-transition-closed = the practice is closed ({ $state }): only notes and documents can be added.
practices-error-transition-precondition = { $kind ->
        [refusal_notice] a notice of refusal (art. 10-bis) needs a presented application, not a SCIA, and no notice awaiting observations
        [observations] observations need a notice of refusal (refusal_notice) awaiting them
        [proposal] a proposal needs a building permit under examination without a proposal yet
       *[other] { $kind } is not possible now
    }.
practices-error-span-reversed = the period { $from }..{ $to } ends before it starts.
practices-error-before-receipt = { $date } is before the application was received ({ $received }).
practices-error-term-days = a term of { $days } days is not accepted (1 to { $max }).
practices-error-cursor = "{ $value }" is not a feed cursor: give back the cursor a page returned.
practices-error-patrons-read = Cannot read the patron-saint table { $path }: { $detail }
practices-error-patrons-csv = { $path }: CSV record { $record }: { $detail }
practices-error-patrons-column = { $path }: the header has no column "{ $column }".
practices-error-patrons-field = { $path }: record { $record }, field { $field } = "{ $value }" is not valid (istat: 6 digits; day: MM-DD, MM-<weekday>N such as 09-sun1, or easter+N).
practices-error-istat = The comune "{ $value }" is not an ISTAT code: write its 6 digits, for example 044007 for Ascoli Piceno.
practices-error-date = "{ $value }" is not a date: write YYYY-MM-DD, for example 2026-03-02.
practices-error-when = "{ $value }" is not a date or time: write YYYY-MM-DD or RFC 3339, for example 2026-03-02T09:30:00+01:00.
practices-error-span = "{ $value }" is not a period: write FROM..TO with dates YYYY-MM-DD (TO may be left out while it is still open).
practices-error-regime = Unknown regime "{ $value }": ordinary, scia, scia-building, building-permit.
practices-error-domain = Unknown domain "{ $value }": suap, sue, registry.
practices-error-event-kind = Unknown event "{ $value }". Events: { $known }.
practices-error-state = Unknown state "{ $value }". States: { $known }.

practices-rule-received = { $date }: application received; terms run from here, this day not counted
practices-rule-term-procedure = { $date }: the procedure's own term, { $days } days
practices-rule-term-default = { $date }: no term set for the procedure, so 30 days
practices-rule-term-scia = { $date }: SCIA checks, 60 days
practices-rule-term-scia-building = { $date }: building SCIA checks, 30 days
practices-rule-permit-interruption = { $date }: documents asked for on { $from } arrived; the 60 days restart in full
practices-rule-permit-interruption-late = { $date }: documents asked for more than 30 days after the application: no interruption
practices-rule-permit-interruption-repeated = { $date }: a second request for documents: the term is interrupted only once
practices-rule-permit-proposal = { $date }: proposal of decision, 60 days from { $from }
practices-rule-permit-decision = { $date }: decision, 30 days from the proposal ({ $from })
practices-rule-suspension = { $date }: suspended from { $from } for the integration, { $days } days added
practices-rule-suspension-capped = { $date }: suspended from { $from } for the integration; at most 30 days count, { $days } added
practices-rule-suspension-open = { $date }: suspended since { $from } awaiting the integration; { $days } days so far
practices-rule-suspension-repeated = { $date }: a second request for integration does not suspend again
practices-rule-refusal-notice = { $date }: notice of refusal on { $from }; the clock restarts 10 days after the observations, { $days } days added
practices-rule-refusal-notice-no-observations = { $date }: notice of refusal on { $from }; no observations, the clock restarts when the 10 days end, { $days } days added
practices-rule-refusal-notice-pending = { $date }: notice of refusal on { $from }, observations awaited; { $days } days so far
practices-rule-refusal-notice-late-observations = { $date }: notice of refusal on { $from }; observations after the 10 days do not hold the clock, { $days } days added
practices-rule-not-applicable-scia = { $date }: a suspension does not stop the checks on a SCIA
practices-rule-after-expiry = { $date }: after the term had expired: no effect
practices-rule-last-day-moved = { $date } is { $why ->
        [sunday] a Sunday
        [patron] the patron saint's day ({ $saint })
        [new-year] New Year's Day
        [epiphany] the Epiphany
        [easter-monday] Easter Monday
        [liberation] Liberation Day
        [labour] Labour Day
        [republic] Republic Day
        [assumption] the Assumption
        [st-francis] St Francis and St Catherine's day
        [all-saints] All Saints' Day
        [immaculate] the Immaculate Conception
        [christmas] Christmas Day
        [st-stephen] St Stephen's Day
       *[other] a holiday
    }: the last day moves to the next working day
practices-rule-due = { $date }: due date

practices-status-running = { $days ->
        [0] due today
        [one] 1 day left
       *[other] { $days } days left
    }
practices-status-suspended = suspended
practices-status-overdue = overdue by { $days } days: the applicant can turn to the official with the substitute power, who must conclude within { $half } days
practices-status-concluded = concluded on { $date }, in time
practices-status-concluded-late = concluded on { $date }, late

practices-deadline-due = Due: { $date }
practices-deadline-suspended = The clock is suspended: the date above assumes it restarts today.
practices-deadline-chain = How:
practices-substitute = Substitute official (L. 241/1990 art. 2 c. 9-bis): { $who }
practices-substitute-unknown = Substitute official: not given in the catalog; by law (art. 2 c. 9-bis) it is then the senior manager, or the manager of the office, or the highest-ranking official of the comune.
practices-procedures-imported = { $file }: { $count } procedures imported.
practices-procedures-none = No procedures found.
practices-procedure-term = Term: { $days } days
practices-procedure-term-default = Term: 30 days (none set)
practices-list-empty = No practices.
practices-opened = Practice { $id } opened ({ $state }).
practices-event-added = Practice { $id }: { $kind } recorded; state { $state }.
practices-reminders = { $count } reminders recorded.
practices-changes-empty = No changes after this cursor.
practices-changes-cursor = Next cursor: { $cursor }
practices-patrons-imported = { $file }: { $count } patron-saint days stored.
practices-no-clock = Not presented yet: no clock.

## Notifications from the changes feed (a phone's background poll)

practices-event-name = { $event ->
    [started] started
    [presented] presented
    [correction_requested] a correction was requested
    [corrected] corrected
    [refused] refused
    [integration_requested] documents were requested (integration)
    [ended_by_integration_times_expired] closed: the time for the documents ran out
    [integrated] the documents were added
    [cdss_convened] a services conference was called
    [ended_by_suspension_requested] closed: the activity was suspended
    [ended_by_conformation_requested] closed: changes to the activity were required
    [ended_by_proceeding_time_expired] closed: the time for the procedure ran out
    [ended_by_positive_outcome] concluded with a positive outcome
    [ended_by_submitter_cancel_requested] withdrawn by the applicant
    [note] a note was added
    [document] a document was added
    [assigned] assigned to an office
    [refusal_notice] notice of grounds for refusal
    [observations] observations were sent
    [proposal] a proposal was made
    [deadline-near] its deadline is near
    [overdue] past its deadline
   *[other] { $event }
}
practices-notify-changed = Practice { $id }: { practices-event-name }.
practices-notify-reminder = { $event ->
    [overdue] Practice { $id } is past its deadline of { $date }: you can turn to the official with the substitute power.
   *[deadline-near] The deadline of practice { $id } is near: { $date }.
}
practices-notify-invoice = Invoice { $number }: { $what }.
practices-notify-more = { $count ->
    [one] And one more change.
   *[other] And { $count } more changes.
}
