//! The ledger's SQL (tables of migration 4, `store::migrations`). Every function that writes
//! commits before it returns, so that what it wrote survives a kill right after.

use rusqlite::{Connection, OptionalExtension, Row, params};
use url::Url;

use crate::pagopa::platform::NoticeInfo;
use crate::pagopa::{Amount, RptId};
use crate::time::{Instant, parse_civil_date};

use super::error::{LedgerError, db};
use super::states::{AttemptState, NoticeOutcome, PendingCall, Reason, ReturnHint};
use super::verdict::Verdict;
use super::view::{
    Attempt, AttemptId, AttemptNotice, Evidence, PaymentReceipt, Transition, TransitionKind,
};

/// Runs `sql` through the connection's statement cache (the ledger runs the same few
/// statements over and over).
fn exec<P: rusqlite::Params>(conn: &Connection, sql: &str, params: P) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(params)
}

/// One row of `sql`, through the statement cache.
fn one<P: rusqlite::Params, T>(
    conn: &Connection,
    sql: &str,
    params: P,
    f: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    conn.prepare_cached(sql)?.query_row(params, f)
}

/// SQLite's extended result code for a UNIQUE constraint.
const SQLITE_CONSTRAINT_UNIQUE: i32 = 2067;

/// Creates a draft attempt holding `notices`. `Ok(Err((rpt_id, holder)))` when an open attempt
/// already holds one of them (the partial unique index refused it).
pub(crate) fn insert_attempt(
    conn: &mut Connection,
    now: Instant,
    notices: &[RptId],
) -> Result<Result<AttemptId, (RptId, AttemptId)>, LedgerError> {
    let tx = conn.transaction().map_err(db("begin a new attempt"))?;
    exec(
        &tx,
        "INSERT INTO payment_attempts (state, created_at, updated_at) VALUES ('draft', ?1, ?1)",
        [now],
    )
    .map_err(db("insert an attempt"))?;
    let id = AttemptId(tx.last_insert_rowid());
    for (position, rpt_id) in notices.iter().enumerate() {
        let inserted = exec(
            &tx,
            "INSERT INTO payment_attempt_notices (attempt_id, position, rpt_id) VALUES (?1, ?2, ?3)",
            params![id.0, position as i64, rpt_id.to_string()],
        );
        match inserted {
            Ok(_) => {}
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.extended_code == SQLITE_CONSTRAINT_UNIQUE =>
            {
                let holder = open_attempt_for(&tx, rpt_id)?.unwrap_or(id);
                // Rolled back when `tx` is dropped: no half-made attempt is left.
                return Ok(Err((*rpt_id, holder)));
            }
            Err(e) => return Err(db("insert the notices of an attempt")(e)),
        }
    }
    tx.commit().map_err(db("commit a new attempt"))?;
    Ok(Ok(id))
}

/// Writes the call about to be made (and, for a cart, that a cart may exist from now on).
pub(crate) fn set_pending(
    conn: &mut Connection,
    id: AttemptId,
    state: AttemptState,
    call: PendingCall,
    what: &str,
    now: Instant,
) -> Result<(), LedgerError> {
    let tx = conn.transaction().map_err(db("begin writing a call"))?;
    let n = exec(
        &tx,
        "UPDATE payment_attempts
                SET pending_call = ?1, pending_since = ?2, updated_at = ?2, version = version + 1,
                    cart_requested_at = CASE WHEN ?1 = 'cart' THEN ?2 ELSE cart_requested_at END
              WHERE id = ?3 AND state = ?4",
        params![call.code(), now, id.0, state.code()],
    )
    .map_err(db("write the call under way"))?;
    if n != 1 {
        return Err(LedgerError::Concurrent { id });
    }
    log(&tx, id, now, "call", Some(what))?;
    tx.commit().map_err(db("commit the call under way"))?;
    Ok(())
}

fn log(
    conn: &Connection,
    id: AttemptId,
    at: Instant,
    kind: &str,
    detail: Option<&str>,
) -> Result<(), LedgerError> {
    exec(
        conn,
        "INSERT INTO payment_transitions (attempt_id, at, kind, detail) VALUES (?1, ?2, ?3, ?4)",
        params![id.0, at, kind, detail],
    )
    .map_err(db("append to the transitions log"))?;
    Ok(())
}

/// Records what the platform answered about one notice of an attempt. Evidence of payment
/// becomes a receipt at once; a paid notice stays paid whatever comes later.
pub(crate) fn record_answer(
    conn: &mut Connection,
    id: AttemptId,
    rpt_id: &RptId,
    verdict: &Verdict,
    now: Instant,
) -> Result<(), LedgerError> {
    let tx = conn
        .transaction()
        .map_err(db("begin recording an answer"))?;
    let rpt = rpt_id.to_string();
    if let Some(outcome) = verdict.outcome() {
        let (amount, description, due_date, payee_name, payee_fc) = match verdict {
            Verdict::Payable(info) => info_columns(info),
            _ => (None, None, None, None, None),
        };
        exec(
            &tx,
            "UPDATE payment_attempt_notices
                SET outcome = ?1, outcome_at = ?2,
                    amount_cents = COALESCE(?3, amount_cents),
                    description = COALESCE(?4, description),
                    due_date = COALESCE(?5, due_date),
                    payee_name = COALESCE(?6, payee_name),
                    payee_fiscal_code = COALESCE(?7, payee_fiscal_code)
              WHERE attempt_id = ?8 AND rpt_id = ?9 AND outcome IS NOT 'paid'",
            params![
                outcome.code(),
                now,
                amount,
                description,
                due_date,
                payee_name,
                payee_fc,
                id.0,
                rpt
            ],
        )
        .map_err(db("record the platform's answer about a notice"))?;
    }
    if let Verdict::Paid(evidence) = verdict {
        let json = serde_json::to_string(evidence).map_err(|e| LedgerError::Corrupt {
            what: "evidence",
            value: e.to_string(),
        })?;
        exec(
            &tx,
            "UPDATE payment_attempt_notices SET paid_evidence = ?1
              WHERE attempt_id = ?2 AND rpt_id = ?3 AND paid_evidence IS NULL",
            params![json, id.0, rpt],
        )
        .map_err(db("record the evidence of a payment"))?;
        exec(
            &tx,
            "INSERT OR IGNORE INTO payment_receipts
                 (rpt_id, attempt_id, amount_cents, description, payee_name, evidence, recorded_at)
             SELECT rpt_id, attempt_id, amount_cents, description, payee_name, ?1, ?2
               FROM payment_attempt_notices WHERE attempt_id = ?3 AND rpt_id = ?4",
            params![json, now, id.0, rpt],
        )
        .map_err(db("keep the receipt"))?;
    }
    let error = verdict.error().map(ToString::to_string);
    exec(
        &tx,
        "UPDATE payment_attempts
            SET last_checked_at = ?1, last_error = COALESCE(?2, last_error), version = version + 1
          WHERE id = ?3",
        params![now, error, id.0],
    )
    .map_err(db("record when the platform was asked"))?;
    log(
        &tx,
        id,
        now,
        "answer",
        Some(&format!("{rpt}: {}", verdict.describe())),
    )?;
    tx.commit().map_err(db("commit the platform's answer"))?;
    Ok(())
}

/// Keeps the platform's evidence that a notice is paid, learnt outside any attempt
/// ([`Ledger::check`](super::Ledger::check)): a receipt with no attempt, with the amount,
/// description and payee of the latest attempt that verified the notice, if any. A receipt
/// already kept stays as it is.
pub(crate) fn record_receipt(
    conn: &mut Connection,
    rpt_id: &RptId,
    evidence: &Evidence,
    now: Instant,
) -> Result<(), LedgerError> {
    let json = serde_json::to_string(evidence).map_err(|e| LedgerError::Corrupt {
        what: "evidence",
        value: e.to_string(),
    })?;
    let rpt = rpt_id.to_string();
    let tx = conn.transaction().map_err(db("begin keeping a receipt"))?;
    let known: Option<(Option<i64>, Option<String>, Option<String>)> = one(
        &tx,
        "SELECT amount_cents, description, payee_name FROM payment_attempt_notices
          WHERE rpt_id = ?1 AND amount_cents IS NOT NULL ORDER BY attempt_id DESC LIMIT 1",
        [&rpt],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
    .map_err(db("find what was verified of a notice"))?;
    let (amount, description, payee_name) = known.unwrap_or((None, None, None));
    exec(
        &tx,
        "INSERT OR IGNORE INTO payment_receipts
             (rpt_id, attempt_id, amount_cents, description, payee_name, evidence, recorded_at)
         VALUES (?1, NULL, ?2, ?3, ?4, ?5, ?6)",
        params![rpt, amount, description, payee_name, json, now],
    )
    .map_err(db("keep the receipt"))?;
    tx.commit().map_err(db("commit a receipt"))?;
    Ok(())
}

type InfoColumns = (
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn info_columns(info: &NoticeInfo) -> InfoColumns {
    (
        i64::try_from(info.amount.cents()).ok(),
        info.description.clone(),
        info.due_date.map(|d| d.to_string()),
        info.payee_name.clone(),
        info.payee_fiscal_code.clone(),
    )
}

/// What a move of state writes besides the state.
#[derive(Debug, Default)]
pub(crate) struct Move<'a> {
    pub reason: Option<Reason>,
    pub checkout: Option<(&'a Url, Instant, Instant)>,
    pub last_error: Option<String>,
    /// A line for the log: what the call answered.
    pub answer: Option<String>,
}

/// Moves an attempt from `from` to `to` (compare-and-set on the state) and clears the call
/// under way. The triggers log it and free the notices of a closed attempt.
pub(crate) fn move_state(
    conn: &mut Connection,
    id: AttemptId,
    from: AttemptState,
    to: AttemptState,
    mv: Move<'_>,
    now: Instant,
) -> Result<(), LedgerError> {
    let (url, started, until) = match mv.checkout {
        Some((u, s, e)) => (Some(u.as_str()), Some(s), Some(e)),
        None => (None, None, None),
    };
    let closed_at = (!to.is_open()).then_some(now);
    let tx = conn.transaction().map_err(db("begin moving an attempt"))?;
    if let Some(answer) = &mv.answer {
        log(&tx, id, now, "answer", Some(answer))?;
    }
    let n = exec(
        &tx,
        "UPDATE payment_attempts
                SET state = ?1, reason = ?2, pending_call = NULL, pending_since = NULL,
                    updated_at = ?3, closed_at = ?4,
                    checkout_url = COALESCE(?5, checkout_url),
                    checkout_started_at = COALESCE(?6, checkout_started_at),
                    session_until = COALESCE(?7, session_until),
                    last_error = ?8, version = version + 1
              WHERE id = ?9 AND state = ?10",
        params![
            to.code(),
            mv.reason.map(Reason::code),
            now,
            closed_at,
            url,
            started,
            until,
            mv.last_error,
            id.0,
            from.code()
        ],
    )
    .map_err(db("move an attempt to its next state"))?;
    if n != 1 {
        return Err(LedgerError::Concurrent { id });
    }
    tx.commit().map_err(db("commit an attempt's move"))?;
    Ok(())
}

/// Records the return URL the front reports (a hint).
pub(crate) fn set_hint(
    conn: &mut Connection,
    id: AttemptId,
    hint: ReturnHint,
    now: Instant,
) -> Result<(), LedgerError> {
    let tx = conn.transaction().map_err(db("begin recording a return"))?;
    let n = exec(
        &tx,
        "UPDATE payment_attempts SET return_hint = ?1, return_hint_at = ?2, version = version + 1
              WHERE id = ?3",
        params![hint.code(), now, id.0],
    )
    .map_err(db("record a return"))?;
    if n != 1 {
        return Err(LedgerError::NoSuchAttempt { id });
    }
    log(&tx, id, now, "hint", Some(hint.code()))?;
    tx.commit().map_err(db("commit a return"))?;
    Ok(())
}

fn corrupt(what: &'static str, value: impl Into<String>) -> LedgerError {
    LedgerError::Corrupt {
        what,
        value: value.into(),
    }
}

fn rpt(s: &str) -> Result<RptId, LedgerError> {
    // Checked on the way in, check digits included unless the payer asked pagoPA anyway.
    RptId::parse_with(s, crate::pagopa::Checks::SkipCheckDigits).map_err(|_| corrupt("notice", s))
}

fn amount(c: Option<i64>) -> Result<Option<Amount>, LedgerError> {
    c.map(|c| {
        u64::try_from(c)
            .ok()
            .and_then(|c| Amount::from_cents(c).ok())
            .ok_or_else(|| corrupt("amount", c.to_string()))
    })
    .transpose()
}

fn parsed<T>(
    what: &'static str,
    v: Option<String>,
    f: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, LedgerError> {
    v.map(|s| f(&s).ok_or_else(|| corrupt(what, s))).transpose()
}

struct AttemptRow {
    state: String,
    reason: Option<String>,
    pending_call: Option<String>,
    cart_requested_at: Option<Instant>,
    checkout_url: Option<String>,
    checkout_started_at: Option<Instant>,
    session_until: Option<Instant>,
    return_hint: Option<String>,
    return_hint_at: Option<Instant>,
    last_error: Option<String>,
    last_checked_at: Option<Instant>,
    created_at: Instant,
    updated_at: Instant,
    closed_at: Option<Instant>,
}

fn attempt_row(r: &Row<'_>) -> rusqlite::Result<AttemptRow> {
    Ok(AttemptRow {
        state: r.get(0)?,
        reason: r.get(1)?,
        pending_call: r.get(2)?,
        cart_requested_at: r.get(3)?,
        checkout_url: r.get(4)?,
        checkout_started_at: r.get(5)?,
        session_until: r.get(6)?,
        return_hint: r.get(7)?,
        return_hint_at: r.get(8)?,
        last_error: r.get(9)?,
        last_checked_at: r.get(10)?,
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
        closed_at: r.get(13)?,
    })
}

/// One attempt with its notices, `None` when there is no such attempt.
pub(crate) fn load_attempt(
    conn: &Connection,
    id: AttemptId,
) -> Result<Option<Attempt>, LedgerError> {
    let row = one(
        conn,
        "SELECT state, reason, pending_call, cart_requested_at, checkout_url,
                    checkout_started_at, session_until, return_hint, return_hint_at, last_error,
                    last_checked_at, created_at, updated_at, closed_at
               FROM payment_attempts WHERE id = ?1",
        [id.0],
        attempt_row,
    )
    .optional()
    .map_err(db("read an attempt"))?;
    let Some(row) = row else {
        return Ok(None);
    };
    let mut stmt = conn
        .prepare_cached(
            "SELECT rpt_id, amount_cents, description, due_date, payee_name, payee_fiscal_code,
                    outcome, outcome_at, paid_evidence IS NOT NULL
               FROM payment_attempt_notices WHERE attempt_id = ?1 ORDER BY position",
        )
        .map_err(db("read the notices of an attempt"))?;
    type NoticeRow = (
        String,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<Instant>,
        bool,
    );
    let rows: Vec<NoticeRow> = stmt
        .query_map([id.0], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })
        .map_err(db("read the notices of an attempt"))?
        .collect::<Result<_, _>>()
        .map_err(db("read the notices of an attempt"))?;
    let mut notices = Vec::with_capacity(rows.len());
    for (r, cents, description, due_date, payee_name, payee_fc, outcome, outcome_at, paid) in rows {
        notices.push(AttemptNotice {
            rpt_id: rpt(&r)?,
            amount: amount(cents)?,
            description,
            due_date: parsed("due date", due_date, |s| parse_civil_date(s).ok())?,
            payee_name,
            payee_fiscal_code: payee_fc,
            outcome: parsed("outcome", outcome, NoticeOutcome::from_code)?,
            outcome_at,
            paid,
        });
    }
    let state = AttemptState::from_code(&row.state).ok_or_else(|| corrupt("state", &row.state))?;
    Ok(Some(Attempt {
        id,
        state,
        reason: parsed("reason", row.reason, Reason::from_code)?,
        notices,
        pending_call: parsed("pending call", row.pending_call, PendingCall::from_code)?,
        cart_requested_at: row.cart_requested_at,
        checkout_url: parsed("checkout URL", row.checkout_url, |s| Url::parse(s).ok())?,
        checkout_started_at: row.checkout_started_at,
        session_until: row.session_until,
        return_hint: parsed("return hint", row.return_hint, ReturnHint::from_code)?,
        return_hint_at: row.return_hint_at,
        last_error: row.last_error,
        last_checked_at: row.last_checked_at,
        created_at: row.created_at,
        updated_at: row.updated_at,
        closed_at: row.closed_at,
    }))
}

/// Ids of attempts, newest first; only the open ones when asked.
pub(crate) fn attempt_ids(
    conn: &Connection,
    open_only: bool,
    limit: usize,
) -> Result<Vec<AttemptId>, LedgerError> {
    let sql = if open_only {
        "SELECT id FROM payment_attempts
          WHERE state IN ('draft', 'verified', 'checkout-started', 'unknown')
          ORDER BY id DESC LIMIT ?1"
    } else {
        "SELECT id FROM payment_attempts ORDER BY id DESC LIMIT ?1"
    };
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare_cached(sql).map_err(db("list attempts"))?;
    let ids = stmt
        .query_map([limit], |r| r.get(0).map(AttemptId))
        .map_err(db("list attempts"))?
        .collect::<Result<_, _>>()
        .map_err(db("list attempts"))?;
    Ok(ids)
}

/// The open attempt holding a notice, if any.
pub(crate) fn open_attempt_for(
    conn: &Connection,
    rpt_id: &RptId,
) -> Result<Option<AttemptId>, LedgerError> {
    one(
        conn,
        "SELECT attempt_id FROM payment_attempt_notices WHERE rpt_id = ?1 AND open = 1",
        [rpt_id.to_string()],
        |r| r.get(0).map(AttemptId),
    )
    .optional()
    .map_err(db("find the open attempt of a notice"))
}

/// An attempt, and what the platform last said there about a notice, and when.
pub(crate) type LastSeen = (AttemptId, Option<NoticeOutcome>, Option<Instant>);

/// The latest attempt that included a notice, with the platform's last word on it there.
pub(crate) fn last_seen(
    conn: &Connection,
    rpt_id: &RptId,
) -> Result<Option<LastSeen>, LedgerError> {
    let row: Option<(i64, Option<String>, Option<Instant>)> = one(
        conn,
        "SELECT attempt_id, outcome, outcome_at FROM payment_attempt_notices
              WHERE rpt_id = ?1 ORDER BY attempt_id DESC LIMIT 1",
        [rpt_id.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
    .map_err(db("find the attempts of a notice"))?;
    row.map(|(id, outcome, at)| {
        Ok((
            AttemptId(id),
            parsed("outcome", outcome, NoticeOutcome::from_code)?,
            at,
        ))
    })
    .transpose()
}

fn receipt_row(r: &Row<'_>) -> rusqlite::Result<ReceiptRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

type ReceiptRow = (
    String,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    String,
    Instant,
);

fn to_receipt(row: ReceiptRow) -> Result<PaymentReceipt, LedgerError> {
    let (r, attempt, cents, description, payee_name, evidence, recorded_at) = row;
    let evidence: Evidence =
        serde_json::from_str(&evidence).map_err(|_| corrupt("evidence", evidence.clone()))?;
    Ok(PaymentReceipt {
        rpt_id: rpt(&r)?,
        attempt: attempt.map(AttemptId),
        amount: amount(cents)?,
        description,
        payee_name,
        evidence,
        recorded_at,
    })
}

const RECEIPT_COLUMNS: &str =
    "rpt_id, attempt_id, amount_cents, description, payee_name, evidence, recorded_at";

pub(crate) fn receipt(
    conn: &Connection,
    rpt_id: &RptId,
) -> Result<Option<PaymentReceipt>, LedgerError> {
    let row = one(
        conn,
        &format!("SELECT {RECEIPT_COLUMNS} FROM payment_receipts WHERE rpt_id = ?1"),
        [rpt_id.to_string()],
        receipt_row,
    )
    .optional()
    .map_err(db("read a receipt"))?;
    row.map(to_receipt).transpose()
}

pub(crate) fn receipts(conn: &Connection) -> Result<Vec<PaymentReceipt>, LedgerError> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {RECEIPT_COLUMNS} FROM payment_receipts ORDER BY recorded_at DESC, rpt_id"
        ))
        .map_err(db("list receipts"))?;
    let rows: Vec<ReceiptRow> = stmt
        .query_map([], receipt_row)
        .map_err(db("list receipts"))?
        .collect::<Result<_, _>>()
        .map_err(db("list receipts"))?;
    rows.into_iter().map(to_receipt).collect()
}

pub(crate) fn transitions(
    conn: &Connection,
    id: AttemptId,
) -> Result<Vec<Transition>, LedgerError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT at, kind, from_state, to_state, detail FROM payment_transitions
              WHERE attempt_id = ?1 ORDER BY id",
        )
        .map_err(db("read the transitions log"))?;
    type Row = (
        Instant,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = stmt
        .query_map([id.0], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .map_err(db("read the transitions log"))?
        .collect::<Result<_, _>>()
        .map_err(db("read the transitions log"))?;
    rows.into_iter()
        .map(|(at, kind, from, to, detail)| {
            Ok(Transition {
                at,
                kind: TransitionKind::from_code(&kind),
                from_state: parsed("state", from, AttemptState::from_code)?,
                to_state: parsed("state", to, AttemptState::from_code)?,
                detail,
            })
        })
        .collect()
}
