//! Supplier invoices in the store: import, SdI notifications, the comune's steps, late
//! payment; refusals that leave the database as it was; the append-only events log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use campanile_core::i18n::I18n;
use campanile_core::invoices::fatturapa::sdi::Outcome;
use campanile_core::invoices::{
    self, InvoiceError, InvoiceStep, NaiveDate, Refusal, SdiState, Timeliness, events_after,
    import_bytes, record_step,
};
use campanile_core::store::Store;
use campanile_testkit::fatturapa::{BodySpec, Spec, notification};
use campanile_testkit::p7m::{SignOptions, sign, signer};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const FILE: &str = "IT01234567890_00017.xml";

fn store() -> Store {
    Store::open_in_memory().unwrap()
}

/// An SdI notification about `FILE` (SdI id 4711), written to a temporary file named as SdI
/// names them, and recorded.
fn notify(
    store: &mut Store,
    kind: &str,
    body: &str,
    today: &str,
) -> Result<invoices::Recorded, InvoiceError> {
    let root = match kind {
        "RC" => "RicevutaConsegna",
        "NS" => "NotificaScarto",
        "MC" => "NotificaMancataConsegna",
        "NE" => "NotificaEsito",
        "DT" => "NotificaDecorrenzaTermini",
        "AT" => "AttestazioneTrasmissioneFattura",
        other => panic!("{other}"),
    };
    let xml = notification(root, Some("types"), body);
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join(format!("IT01234567890_00017_{kind}_001.xml"));
    std::fs::write(&path, xml).unwrap();
    invoices::record_notification_file(store, &path, d(today))
}

fn rc(on: &str, message_id: &str) -> String {
    format!(
        "<IdentificativoSdI>4711</IdentificativoSdI><NomeFile>{FILE}</NomeFile>
<DataOraRicezione>{on}T08:00:00</DataOraRicezione><DataOraConsegna>{on}T09:00:00.000+01:00</DataOraConsegna>
<Destinatario><Codice>UF1234</Codice><Descrizione>Comune di Fermo</Descrizione></Destinatario>
<MessageId>{message_id}</MessageId>"
    )
}

fn ne(esito: &str, reference: &str) -> String {
    format!(
        "<IdentificativoSdI>4711</IdentificativoSdI><NomeFile>{FILE}</NomeFile>
<EsitoCommittente><IdentificativoSdI>4711</IdentificativoSdI>{reference}<Esito>{esito}</Esito></EsitoCommittente>
<MessageId>ne-{esito}</MessageId>"
    )
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn import_fpa12(store: &mut Store) -> i64 {
    let imported = import_bytes(store, FILE, &Spec::fpa12().bytes()).unwrap();
    assert!(!imported.already_imported);
    assert_eq!(imported.invoice_ids.len(), 1);
    imported.invoice_ids[0]
}

#[test]
fn an_invoice_from_delivery_to_payment_on_time() {
    let mut s = store();
    let id = import_fpa12(&mut s);
    let st = invoices::status(&s, id, d("2024-03-05")).unwrap();
    assert_eq!(st.invoice.number, "FT-2024/17");
    assert_eq!(st.invoice.supplier_vat, "IT01234567890");
    assert_eq!(st.invoice.total.cents(), 122_000);
    assert_eq!(st.invoice.total_source, "summary-lines");
    assert_eq!(st.lifecycle.sdi, SdiState::Submitted);
    assert_eq!(st.term.timeliness, Timeliness::NotStarted);

    let r = notify(&mut s, "RC", &rc("2024-03-07", "m1"), "2024-03-07").unwrap();
    assert_eq!(r.invoice_ids, [id]);
    record_step(
        &mut s,
        id,
        InvoiceStep::Registered,
        d("2024-03-07"),
        Some("prot. 1234"),
    )
    .unwrap();
    notify(&mut s, "NE", &ne("EC01", ""), "2024-03-10").unwrap();
    record_step(&mut s, id, InvoiceStep::Assigned, d("2024-03-11"), None).unwrap();
    record_step(&mut s, id, InvoiceStep::Liquidated, d("2024-03-25"), None).unwrap();
    record_step(&mut s, id, InvoiceStep::Paid, d("2024-04-06"), None).unwrap();

    let st = invoices::status(&s, id, d("2024-06-01")).unwrap();
    assert_eq!(st.invoice.sdi_id.as_deref(), Some("4711"));
    assert_eq!(st.lifecycle.sdi, SdiState::Accepted);
    assert_eq!(st.lifecycle.last_step(), Some(InvoiceStep::Paid));
    // 7 March + 30 days = 6 April: paid on the last day.
    assert_eq!(st.term.due, Some(d("2024-04-06")));
    assert_eq!(st.term.timeliness, Timeliness::OnTime);
    let kinds: Vec<&str> = st.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "imported",
            "RC",
            "registered",
            "NE",
            "assigned",
            "liquidated",
            "paid"
        ]
    );
    assert_eq!(st.events[2].detail.note.as_deref(), Some("prot. 1234"));
    assert_eq!(st.events[3].detail.outcome.as_deref(), Some("EC01"));
    assert!(st.events.windows(2).all(|w| w[0].id < w[1].id));
}

#[test]
fn paid_after_the_term_is_late_and_unpaid_is_overdue() {
    let mut s = store();
    let id = import_fpa12(&mut s);
    notify(&mut s, "RC", &rc("2024-03-07", "m1"), "2024-03-07").unwrap();
    record_step(&mut s, id, InvoiceStep::Registered, d("2024-03-08"), None).unwrap();
    record_step(&mut s, id, InvoiceStep::Assigned, d("2024-03-08"), None).unwrap();
    let st = invoices::status(&s, id, d("2024-04-16")).unwrap();
    assert_eq!(st.term.timeliness, Timeliness::Overdue { days: 10 });
    record_step(&mut s, id, InvoiceStep::Liquidated, d("2024-04-20"), None).unwrap();
    record_step(&mut s, id, InvoiceStep::Paid, d("2024-04-26"), None).unwrap();
    let st = invoices::status(&s, id, d("2024-12-31")).unwrap();
    assert_eq!(st.term.timeliness, Timeliness::PaidLate { days: 20 });
}

#[test]
fn an_agreed_term_of_sixty_days_and_no_more() {
    let mut s = store();
    let id = import_fpa12(&mut s);
    notify(&mut s, "RC", &rc("2024-03-07", "m1"), "2024-03-07").unwrap();
    let events = count(&s, "invoice_events");
    match invoices::agree_term(&mut s, id, 61, None).unwrap_err() {
        InvoiceError::Refused {
            refusal: Refusal::TermRange { days: 61 },
            ..
        } => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(
        count(&s, "invoice_events"),
        events,
        "a refusal wrote an event"
    );
    invoices::agree_term(&mut s, id, 60, Some("contratto rep. 55")).unwrap();
    let st = invoices::status(&s, id, d("2024-04-20")).unwrap();
    assert_eq!((st.term.days, st.term.agreed), (60, true));
    assert_eq!(st.term.due, Some(d("2024-05-06")));
    assert_eq!(st.term.timeliness, Timeliness::NotDue { days_left: 16 });
}

#[test]
fn impossible_sequences_are_refused_and_nothing_is_written() {
    let mut s = store();
    let id = import_fpa12(&mut s);
    let events = count(&s, "invoice_events");
    // An outcome before delivery.
    let err = notify(&mut s, "NE", &ne("EC01", ""), "2024-03-07").unwrap_err();
    assert!(
        matches!(
            err,
            InvoiceError::Refused {
                refusal: Refusal::SdiOrder { .. },
                ..
            }
        ),
        "{err:?}"
    );
    // Payment before liquidation.
    let err = record_step(&mut s, id, InvoiceStep::Paid, d("2024-03-07"), None).unwrap_err();
    assert!(matches!(
        err,
        InvoiceError::Refused {
            refusal: Refusal::StepOrder {
                step: InvoiceStep::Paid,
                needs: InvoiceStep::Liquidated
            },
            ..
        }
    ));
    assert_eq!(count(&s, "invoice_events"), events);
    // The outcome was refused, so the SdI id was not stored either.
    assert_eq!(
        invoices::status(&s, id, d("2024-03-07"))
            .unwrap()
            .invoice
            .sdi_id,
        None
    );

    // Refused by the comune: nothing follows.
    notify(&mut s, "RC", &rc("2024-03-07", "m1"), "2024-03-07").unwrap();
    notify(&mut s, "NE", &ne("EC02", ""), "2024-03-09").unwrap();
    let err = record_step(&mut s, id, InvoiceStep::Registered, d("2024-03-10"), None).unwrap_err();
    let text = I18n::new("en").localize(&err);
    assert!(text.contains("refused the invoice (EC02)"), "{text}");
    let st = invoices::status(&s, id, d("2024-06-01")).unwrap();
    assert_eq!(st.lifecycle.sdi, SdiState::Refused);
    assert_eq!(st.term.timeliness, Timeliness::NotOwed);
    // Unknown invoice.
    assert!(matches!(
        record_step(&mut s, 999, InvoiceStep::Registered, d("2024-03-10"), None).unwrap_err(),
        InvoiceError::NotFound { id: 999 }
    ));
}

#[test]
fn not_delivered_then_attested_starts_the_term_on_the_attestation() {
    let mut s = store();
    let id = import_fpa12(&mut s);
    let mc = format!(
        "<IdentificativoSdI>4711</IdentificativoSdI><NomeFile>{FILE}</NomeFile>
<DataOraRicezione>2024-03-06T10:00:00</DataOraRicezione><MessageId>mc1</MessageId>"
    );
    notify(&mut s, "MC", &mc, "2024-03-06").unwrap();
    let err = record_step(&mut s, id, InvoiceStep::Registered, d("2024-03-07"), None).unwrap_err();
    assert!(matches!(
        err,
        InvoiceError::Refused {
            refusal: Refusal::NotReceived { .. },
            ..
        }
    ));
    let at = format!(
        "<IdentificativoSdI>4711</IdentificativoSdI><NomeFile>{FILE}</NomeFile>
<DataOraRicezione>2024-03-06T10:00:00</DataOraRicezione>
<Destinatario><Codice>UF1234</Codice><Descrizione>Comune</Descrizione></Destinatario>
<MessageId>at1</MessageId><HashFileOriginale>00</HashFileOriginale>"
    );
    notify(&mut s, "AT", &at, "2024-03-16").unwrap();
    let st = invoices::status(&s, id, d("2024-03-20")).unwrap();
    assert_eq!(st.lifecycle.sdi, SdiState::TransmissionAttested);
    assert_eq!(st.term.due, Some(d("2024-04-15")));
}

#[test]
fn a_rejected_invoice_may_be_sent_again_with_the_same_number_a_stored_one_may_not() {
    let mut s = store();
    let first = import_fpa12(&mut s);
    // The same invoice in another file (different bytes): a duplicate.
    let mut again = Spec::fpa12();
    again.prefix = Some("ns2".into());
    let err = import_bytes(&mut s, "IT01234567890_00018.xml", &again.bytes()).unwrap_err();
    match &err {
        InvoiceError::Duplicate {
            existing, number, ..
        } => {
            assert_eq!((*existing, number.as_str()), (first, "FT-2024/17"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(count(&s, "invoices"), 1);
    // SdI rejects the first: the supplier's new file with the same number is accepted.
    let ns = format!(
        "<IdentificativoSdI>4711</IdentificativoSdI><NomeFile>{FILE}</NomeFile>
<DataOraRicezione>2024-03-06T10:00:00</DataOraRicezione>
<ListaErrori><Errore><Codice>00311</Codice><Descrizione>CodiceDestinatario non valido</Descrizione></Errore></ListaErrori>
<MessageId>ns1</MessageId>"
    );
    notify(&mut s, "NS", &ns, "2024-03-06").unwrap();
    let st = invoices::status(&s, first, d("2024-03-06")).unwrap();
    assert_eq!(st.lifecycle.sdi, SdiState::Rejected);
    assert_eq!(st.events[1].detail.errors[0].code, "00311");
    let second = import_bytes(&mut s, "IT01234567890_00018.xml", &again.bytes()).unwrap();
    assert_eq!(second.invoice_ids.len(), 1);
    assert_ne!(second.invoice_ids[0], first);
}

#[test]
fn the_same_file_twice_is_imported_once() {
    let mut s = store();
    let id = import_fpa12(&mut s);
    let again = import_bytes(&mut s, FILE, &Spec::fpa12().bytes()).unwrap();
    assert!(again.already_imported);
    assert_eq!(again.invoice_ids, [id]);
    assert_eq!(count(&s, "invoices"), 1);
    assert_eq!(count(&s, "invoice_files"), 1);
    assert_eq!(count(&s, "invoice_events"), 1);
}

#[test]
fn a_bad_or_tampered_file_changes_nothing_and_says_where() {
    let mut s = store();
    import_fpa12(&mut s);
    let before = (count(&s, "invoices"), count(&s, "invoice_events"));
    // Broken XML.
    let xml = Spec::fpr12()
        .xml()
        .replace("<Data>2024-03-05</Data>", "<Data>05/03/2024</Data>");
    let err = import_bytes(&mut s, "rotta.xml", xml.as_bytes()).unwrap_err();
    let text = I18n::new("it").localize(&err);
    assert!(text.starts_with("rotta.xml: "), "{text}");
    assert!(
        text.contains("«05/03/2024»") && text.contains("DatiGeneraliDocumento/Data"),
        "{text}"
    );
    let line = xml[..xml.find("<Data>05/03").unwrap()]
        .matches('\n')
        .count()
        + 1;
    assert!(text.contains(&format!("riga {line}, colonna")), "{text}");
    // A signed envelope whose invoice was changed after signing.
    let mut p7m = sign(&Spec::fpr12().bytes(), signer(), SignOptions::default());
    let at = p7m.windows(7).position(|w| w == b"1000.00").unwrap();
    p7m[at] = b'9';
    let err = import_bytes(&mut s, "IT01234567890_00019.xml.p7m", &p7m).unwrap_err();
    match &err {
        InvoiceError::Read { source, .. } => assert!(source.is_tampered()),
        other => panic!("{other:?}"),
    }
    let text = I18n::new("en").localize(&err);
    assert!(text.contains("TAMPERED"), "{text}");
    assert_eq!((count(&s, "invoices"), count(&s, "invoice_events")), before);
}

#[test]
fn a_signed_file_keeps_its_verified_signer() {
    let mut s = store();
    let p7m = sign(&Spec::fpr12().bytes(), signer(), SignOptions::default());
    let imported = import_bytes(&mut s, "IT01234567890_00017.xml.p7m", &p7m).unwrap();
    let st = invoices::status(&s, imported.invoice_ids[0], d("2024-03-06")).unwrap();
    let signers = st.invoice.signers.unwrap();
    assert_eq!(signers[0]["common_name"], "Mario Rossi");
    // Without a trusted list, who signed is not verified, and stored as such.
    assert_eq!(signers[0]["trust"]["verdict"], "not-verified");
    // SdI names the file with its extensions; the notification still finds it.
    let body = rc("2024-03-07", "m1").replace(FILE, "IT01234567890_00017.xml.p7m");
    notify(&mut s, "RC", &body, "2024-03-07").unwrap();
}

#[test]
fn several_invoices_in_one_file_and_an_outcome_for_one_of_them() {
    let mut s = store();
    let mut spec = Spec::fpa12();
    spec.bodies
        .push(BodySpec::new("FT-2024/18", "2024-03-05", "10.00", "2.20"));
    let imported = import_bytes(&mut s, FILE, &spec.bytes()).unwrap();
    let [a, b] = imported.invoice_ids[..] else {
        panic!("{:?}", imported.invoice_ids)
    };
    let r = notify(&mut s, "RC", &rc("2024-03-07", "m1"), "2024-03-07").unwrap();
    assert_eq!(r.invoice_ids, [a, b]);
    let reference = "<RiferimentoFattura><NumeroFattura>FT-2024/18</NumeroFattura><AnnoFattura>2024</AnnoFattura></RiferimentoFattura>";
    let r = notify(&mut s, "NE", &ne("EC02", reference), "2024-03-09").unwrap();
    assert_eq!(r.invoice_ids, [b]);
    assert_eq!(r.notification.outcome, Some(Outcome::Refused));
    let today = d("2024-03-10");
    assert_eq!(
        invoices::status(&s, a, today).unwrap().lifecycle.sdi,
        SdiState::Delivered
    );
    assert_eq!(
        invoices::status(&s, b, today).unwrap().lifecycle.sdi,
        SdiState::Refused
    );
    let wrong = reference.replace("FT-2024/18", "FT-2024/99");
    assert!(matches!(
        notify(&mut s, "NE", &ne("EC01", &wrong), "2024-03-09").unwrap_err(),
        InvoiceError::NoInvoiceForReference { .. }
    ));
    assert_eq!(invoices::list(&s, today).unwrap().len(), 2);
}

#[test]
fn the_same_notification_twice_is_recorded_once() {
    let mut s = store();
    import_fpa12(&mut s);
    let first = notify(&mut s, "RC", &rc("2024-03-07", "m1"), "2024-03-07").unwrap();
    assert_eq!(first.event_ids.len(), 1);
    let again = notify(&mut s, "RC", &rc("2024-03-07", "m1"), "2024-03-08").unwrap();
    assert!(again.already_recorded);
    assert!(again.event_ids.is_empty());
    // A second, different RC is impossible.
    assert!(matches!(
        notify(&mut s, "RC", &rc("2024-03-08", "m2"), "2024-03-08").unwrap_err(),
        InvoiceError::Refused { .. }
    ));
}

#[test]
fn notifications_for_unknown_files_or_other_sdi_ids_are_refused() {
    let mut s = store();
    import_fpa12(&mut s);
    let other = rc("2024-03-07", "m1").replace(FILE, "IT09999999999_00001.xml");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("IT09999999999_00001_RC_001.xml");
    std::fs::write(&path, notification("RicevutaConsegna", None, &other)).unwrap();
    let err = invoices::record_notification_file(&mut s, &path, d("2024-03-07")).unwrap_err();
    assert!(
        matches!(err, InvoiceError::NoInvoiceForNotification { .. }),
        "{err:?}"
    );
    notify(&mut s, "RC", &rc("2024-03-07", "m1"), "2024-03-07").unwrap();
    let dt = format!(
        "<IdentificativoSdI>9999</IdentificativoSdI><NomeFile>{FILE}</NomeFile><MessageId>dt</MessageId>"
    );
    let err = notify(&mut s, "DT", &dt, "2024-03-22").unwrap_err();
    assert!(matches!(err, InvoiceError::SdiIdMismatch { .. }), "{err:?}");
}

#[test]
fn the_events_log_is_append_only_and_read_by_cursor() {
    let mut s = store();
    let id = import_fpa12(&mut s);
    notify(&mut s, "RC", &rc("2024-03-07", "m1"), "2024-03-07").unwrap();
    record_step(&mut s, id, InvoiceStep::Registered, d("2024-03-07"), None).unwrap();
    let all = events_after(&s, 0, 100).unwrap();
    assert_eq!(all.len(), 3);
    let page = events_after(&s, all[0].id, 1).unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].id, all[1].id);
    assert!(events_after(&s, all[2].id, 10).unwrap().is_empty());
    let update = s.conn().execute(
        "UPDATE invoice_events SET kind = 'paid' WHERE id = ?1",
        [all[2].id],
    );
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = s.conn().execute("DELETE FROM invoice_events", []);
    assert!(delete.is_err());
    assert_eq!(count(&s, "invoice_events"), 3);
}

#[test]
fn a_schema_3_database_gains_the_invoice_tables() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    drop(campanile_core::store::create_at_version(&path, 3).unwrap());
    let mut s = Store::open(&path).unwrap();
    assert!(s.schema_version().unwrap() >= 6);
    import_fpa12(&mut s);
}

/// Every step of an invoice reaches the supplier's changes feed (the one the fronts notify
/// from), in order, page after page, and nobody else's.
#[test]
fn the_supplier_follows_the_invoice_in_the_changes_feed() {
    use campanile_core::practices::feed::{ChangeKind, changes_since};
    let mut s = store();
    let id = import_fpa12(&mut s);
    notify(&mut s, "RC", &rc("2024-03-07", "m1"), "2024-03-07").unwrap();
    record_step(&mut s, id, InvoiceStep::Registered, d("2024-03-07"), None).unwrap();
    record_step(&mut s, id, InvoiceStep::Assigned, d("2024-03-08"), None).unwrap();

    let mut events = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = changes_since(s.conn(), "IT01234567890", cursor.as_deref(), 2).unwrap();
        for c in &page.changes {
            assert_eq!(c.kind, ChangeKind::Invoice);
            assert_eq!(c.subject_id, id.to_string());
            let campanile_core::practices::feed::ChangeDetail::Invoice(change) = &c.detail else {
                panic!("not an invoice change: {:?}", c.detail);
            };
            assert_eq!(change.number, "FT-2024/17");
            events.push(c.event.code().to_string());
        }
        cursor = Some(page.cursor);
        if !page.more {
            break;
        }
    }
    let all: Vec<String> = events_after(&s, 0, 100)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(events, all);
    assert!(events.len() >= 4, "{events:?}");
    let other = changes_since(s.conn(), "IT99999999999", None, 10).unwrap();
    assert!(other.changes.is_empty());
}

mod who_signed {
    use super::*;
    use campanile_core::invoices::{InvoiceTrust, import_bytes_trusted};
    use campanile_core::{Campanile, Config, Database, Host};
    use campanile_testkit::p7m::{CertSpec, issue, test_ca, trusted_list_xml};

    fn trust(dir: &tempfile::TempDir) -> InvoiceTrust {
        let path = dir.path().join("tsl.xml");
        std::fs::write(&path, trusted_list_xml(&[(&test_ca().cert, "granted")])).unwrap();
        InvoiceTrust {
            trusted_list: Some(path),
            require_trusted_signer: false,
        }
    }

    #[test]
    fn the_verdict_is_stored_with_the_signer() {
        let dir = tempfile::tempdir().unwrap();
        let list = trust(&dir).load().unwrap().unwrap();
        let rossi = issue(
            &CertSpec::signer("CN=Mario Rossi,C=IT", 31),
            Some(test_ca()),
        );
        let mut s = store();
        let p7m = sign(&Spec::fpr12().bytes(), &rossi, SignOptions::default());
        let imported =
            import_bytes_trusted(&mut s, "IT01234567890_00017.xml.p7m", &p7m, Some(&list)).unwrap();
        let st = invoices::status(&s, imported.invoice_ids[0], d("2024-03-06")).unwrap();
        let signers = st.invoice.signers.unwrap();
        assert_eq!(signers[0]["trust"]["verdict"], "verified");
        assert_eq!(
            signers[0]["trust"]["anchor"],
            "CN=Test Qualified CA,O=Campanile Test Trust,C=IT"
        );

        let mut other = Spec::fpa12();
        other.bodies[0].number = "FT-2024/99".into();
        let p7m = sign(&other.bytes(), signer(), SignOptions::default());
        let imported =
            import_bytes_trusted(&mut s, "IT01234567890_00018.xml.p7m", &p7m, Some(&list)).unwrap();
        let st = invoices::status(&s, imported.invoice_ids[0], d("2024-03-06")).unwrap();
        let signers = st.invoice.signers.unwrap();
        assert_eq!(signers[0]["trust"]["verdict"], "untrusted");
        assert_eq!(signers[0]["trust"]["reason"], "self-signed");
    }

    #[test]
    fn the_handle_shows_both_verdicts_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let with_list = trust(&dir);
        let rossi = issue(
            &CertSpec::signer("CN=Mario Rossi,C=IT", 31),
            Some(test_ca()),
        );
        for (lang, signed, verified, untrusted, not_verified) in [
            (
                "en",
                "Signed by Mario Rossi: envelope intact; ",
                "signer verified against the trusted list (CN=Test Qualified CA,O=Campanile Test Trust,C=IT).",
                "signer UNTRUSTED: a self-signed certificate that anyone can make, under any name.",
                "signer not verified (no trusted list configured)",
            ),
            (
                "it",
                "Firmata da Mario Rossi: busta integra; ",
                "firmatario verificato sull'elenco di fiducia (CN=Test Qualified CA,O=Campanile Test Trust,C=IT).",
                "firmatario NON AFFIDABILE: un certificato autofirmato",
                "firmatario non verificato (nessun elenco di fiducia configurato)",
            ),
        ] {
            let core =
                Campanile::open(Config::new(Database::InMemory, lang), Host::default()).unwrap();
            let invoices = core.invoices();
            let cases: [(
                &campanile_testkit::p7m::TestSigner,
                &InvoiceTrust,
                &str,
                &str,
            ); 3] = [
                (&rossi, &with_list, "IT01234567890_00017.xml.p7m", verified),
                (
                    signer(),
                    &with_list,
                    "IT01234567890_00018.xml.p7m",
                    untrusted,
                ),
                (
                    &rossi,
                    &InvoiceTrust::default(),
                    "IT01234567890_00019.xml.p7m",
                    not_verified,
                ),
            ];
            for (i, (who, trust, name, expected)) in cases.into_iter().enumerate() {
                let mut spec = Spec::fpa12();
                spec.bodies[0].number = format!("FT-{i}");
                let p7m = sign(&spec.bytes(), who, SignOptions::default());
                let imported = invoices.import_bytes_with(name, &p7m, trust).unwrap();
                let text = invoices.import_text(&imported);
                let note = &text.notes[0];
                assert!(note.contains(signed), "{note}");
                assert!(note.contains(expected), "{note}");
                assert!(!note.contains("signature verified"), "{note}");
                assert!(!note.contains("firma verificata"), "{note}");
            }
        }
    }

    #[test]
    fn a_trusted_list_that_cannot_be_used_is_said_so() {
        let core = Campanile::open(Config::new(Database::InMemory, "en"), Host::default()).unwrap();
        let invoices = core.invoices();
        let dir = tempfile::tempdir().unwrap();
        let p7m = sign(&Spec::fpa12().bytes(), signer(), SignOptions::default());
        let missing = InvoiceTrust {
            trusted_list: Some(dir.path().join("missing.xml")),
            require_trusted_signer: false,
        };
        let e = invoices
            .import_bytes_with("IT01234567890_00017.xml.p7m", &p7m, &missing)
            .unwrap_err();
        assert_eq!(e.code, "invoices.trusted-list");
        assert!(e.message.contains("missing.xml"), "{}", e.message);
        let not_a_list = dir.path().join("invoice.xml");
        std::fs::write(&not_a_list, Spec::fpa12().bytes()).unwrap();
        let e = invoices
            .import_bytes_with(
                "IT01234567890_00017.xml.p7m",
                &p7m,
                &InvoiceTrust {
                    trusted_list: Some(not_a_list),
                    require_trusted_signer: false,
                },
            )
            .unwrap_err();
        assert!(
            e.message.contains("TrustServiceStatusList"),
            "{}",
            e.message
        );
        // Nothing was stored.
        assert!(invoices.list().unwrap().is_empty());
    }
}

mod sdi_signature {
    use super::*;
    use campanile_core::invoices::InvoiceTrust;
    use campanile_core::{Campanile, Config, Database, Host};
    use campanile_testkit::fatturapa::sign_notification;
    use campanile_testkit::p7m::{test_ca, trusted_list_xml};

    fn write(dir: &tempfile::TempDir, xml: &str) -> std::path::PathBuf {
        let path = dir.path().join("IT01234567890_00017_RC_001.xml");
        std::fs::write(&path, xml).unwrap();
        path
    }

    #[test]
    fn a_tampered_or_unsigned_notification_moves_nothing_and_is_stored_nowhere() {
        let mut s = store();
        import_bytes(&mut s, FILE, &Spec::fpa12().bytes()).unwrap();
        let before = (count(&s, "invoice_events"), count(&s, "invoice_files"));
        let xml = notification("RicevutaConsegna", Some("types"), &rc("2024-03-07", "m1"));
        let dir = tempfile::tempdir().unwrap();
        // A forged delivery date (what starts the payment term).
        let forged = xml.replace("2024-03-07T09:00:00", "2024-05-07T09:00:00");
        assert_ne!(forged, xml);
        let err =
            invoices::record_notification_file(&mut s, &write(&dir, &forged), d("2024-05-07"))
                .unwrap_err();
        match &err {
            InvoiceError::Read { source, .. } => assert!(source.is_tampered(), "{source}"),
            other => panic!("{other:?}"),
        }
        let text = I18n::new("en").localize(&err);
        assert!(text.contains("TAMPERED notification"), "{text}");
        assert!(text.contains("not recorded"), "{text}");
        let text = I18n::new("it").localize(&err);
        assert!(text.contains("Notifica MANOMESSA"), "{text}");
        // Unsigned: refused before its (unknown) file is even looked up.
        let start = xml.find("<ds:Signature ").unwrap();
        let end = xml.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
        let unsigned = format!("{}{}", &xml[..start], &xml[end..]).replace(FILE, "IT0_unknown.xml");
        let err =
            invoices::record_notification_file(&mut s, &write(&dir, &unsigned), d("2024-03-07"))
                .unwrap_err();
        assert!(matches!(err, InvoiceError::Read { .. }), "{err:?}");
        let text = I18n::new("en").localize(&err);
        assert!(text.contains("not signed"), "{text}");
        assert_eq!(
            (count(&s, "invoice_events"), count(&s, "invoice_files")),
            before
        );
        // The intact one is recorded.
        invoices::record_notification_file(&mut s, &write(&dir, &xml), d("2024-03-07")).unwrap();
        assert_eq!(count(&s, "invoice_events"), before.0 + 1);
    }

    #[test]
    fn the_signer_is_shown_and_a_trusted_one_can_be_required() {
        let dir = tempfile::tempdir().unwrap();
        let list_path = dir.path().join("tsl.xml");
        std::fs::write(
            &list_path,
            trusted_list_xml(&[(&test_ca().cert, "granted")]),
        )
        .unwrap();
        let with_list = InvoiceTrust {
            trusted_list: Some(list_path.clone()),
            require_trusted_signer: false,
        };
        let required = InvoiceTrust {
            trusted_list: Some(list_path),
            require_trusted_signer: true,
        };
        let core = Campanile::open(Config::new(Database::InMemory, "en"), Host::default()).unwrap();
        let inv = core.invoices();
        inv.import_bytes(FILE, &Spec::fpa12().bytes()).unwrap();
        let name = "IT01234567890_00017_RC_001.xml";

        // Signed by someone anyone can be (a self-signed certificate): intact, so accepted
        // by default and shown untrusted; refused when a verified signer is required.
        let body = format!(
            "<?xml version=\"1.0\"?><RicevutaConsegna versione=\"1.0\">{}<!--signature--></RicevutaConsegna>",
            rc("2024-03-07", "m1")
        );
        let self_signed = sign_notification(&body, signer());
        let e = inv
            .notify_bytes_with(name, self_signed.as_bytes(), None, &required)
            .unwrap_err();
        assert_eq!(e.code, "invoices.untrusted-notification");
        assert!(
            e.message.contains("untrusted (self-signed)"),
            "{}",
            e.message
        );
        assert!(inv.status(1).unwrap().events.len() == 1, "nothing recorded");
        let r = inv
            .notify_bytes_with(name, self_signed.as_bytes(), None, &with_list)
            .unwrap();
        let lines = inv.notification_text(&r);
        assert!(
            lines
                .iter()
                .any(|l| l.contains("signature intact; signer UNTRUSTED (self-signed)")),
            "{lines:?}"
        );

        // The test SdI, issued by the listed CA: verified.
        let ne = notification(
            "NotificaDecorrenzaTermini",
            Some("types"),
            &format!(
                "<IdentificativoSdI>4711</IdentificativoSdI><NomeFile>{FILE}</NomeFile><MessageId>dt</MessageId>"
            ),
        );
        let r = inv
            .notify_bytes_with(
                "IT01234567890_00017_DT_002.xml",
                ne.as_bytes(),
                None,
                &required,
            )
            .unwrap();
        let lines = inv.notification_text(&r);
        assert!(
            lines.iter().any(|l| l.contains(
                "Signed by Sistema Interscambio Fattura PA: signature intact; signer verified against the trusted list"
            )),
            "{lines:?}"
        );
        // Without a list: not verified, and refused only when a verified signer is required.
        let r = inv
            .notify_bytes("IT01234567890_00017_DT_002.xml", ne.as_bytes(), None)
            .unwrap();
        assert!(r.already_recorded);
        assert_eq!(r.signature.trust.code(), "not-verified");
        let e = inv
            .notify_bytes_with(
                "IT01234567890_00017_DT_002.xml",
                ne.as_bytes(),
                None,
                &InvoiceTrust {
                    trusted_list: None,
                    require_trusted_signer: true,
                },
            )
            .unwrap_err();
        assert!(
            e.message.contains("not verified against a trusted list"),
            "{}",
            e.message
        );
    }
}

#[test]
fn an_mc_under_its_2019_name_a_1_1_invoice_and_a_prefixed_vat_id() {
    let mut s = store();
    // FatturaPA 1.1, supplier VAT id written with its country prefix in the code.
    let mut spec = Spec::fpa12();
    spec.supplier_vat = ("GB".into(), "GB123456789".into());
    let xml = campanile_testkit::fatturapa::as_version_1_1(&spec.xml());
    let imported = import_bytes(&mut s, FILE, xml.as_bytes()).unwrap();
    let st = invoices::status(&s, imported.invoice_ids[0], d("2024-03-06")).unwrap();
    assert_eq!(st.invoice.supplier_vat, "GB123456789");
    // MC as SdI has named it since 2019.
    let body = format!(
        "<IdentificativoSdI>4711</IdentificativoSdI><NomeFile>{FILE}</NomeFile>
<DataOraRicezione>2024-03-06T08:00:00</DataOraRicezione><Descrizione>Casella piena</Descrizione><MessageId>mc1</MessageId>"
    );
    let xml = notification("RicevutaImpossibilitaRecapito", Some("ns3"), &body);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("IT01234567890_00017_MC_001.xml");
    std::fs::write(&path, xml).unwrap();
    let r = invoices::record_notification_file(&mut s, &path, d("2024-03-07")).unwrap();
    assert_eq!(r.invoice_ids, imported.invoice_ids);
    assert_eq!(r.notification.kind.code(), "MC");
}
