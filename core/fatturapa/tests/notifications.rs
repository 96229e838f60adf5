//! SdI notifications written by the tests after the `MessaggiTypes` schema: RC, NS, MC, NE,
//! DT, AT, with the `types:` prefix SdI uses, another prefix or none.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use campanile_fatturapa::sdi::{NotificationKind, Outcome};
use campanile_fatturapa::{ErrorKind, Expected, read_notification};
use chrono::NaiveDate;
use support::notification;

fn rc(prefix: Option<&str>) -> String {
    notification(
        "RicevutaConsegna",
        prefix,
        "<IdentificativoSdI>111</IdentificativoSdI>
<NomeFile>IT01234567890_11111.xml.p7m</NomeFile>
<Hash>2c1a2b3c</Hash>
<DataOraRicezione>2024-03-06T10:00:00.000+01:00</DataOraRicezione>
<DataOraConsegna>2024-03-07T09:30:00.000+01:00</DataOraConsegna>
<Destinatario><Codice>UF1234</Codice><Descrizione>Comune di Fermo - Ragioneria</Descrizione></Destinatario>
<MessageId>123456</MessageId>
<Note>Consegnata</Note>",
    )
}

#[test]
fn delivery_receipt_with_any_prefix() {
    for prefix in [Some("types"), Some("ns3"), None] {
        let n = read_notification(
            rc(prefix).as_bytes(),
            Some("IT01234567890_11111_RC_001.xml"),
        )
        .unwrap_or_else(|e| panic!("{prefix:?}: {e}"));
        assert_eq!(n.kind, NotificationKind::Delivered);
        assert_eq!(n.sdi_id, "111");
        assert_eq!(
            n.invoice_file_name.as_deref(),
            Some("IT01234567890_11111.xml.p7m")
        );
        assert_eq!(n.recipient_code.as_deref(), Some("UF1234"));
        assert_eq!(n.message_id, "123456");
        assert_eq!(n.date(), NaiveDate::from_ymd_opt(2024, 3, 7));
        assert_eq!(n.received_at.unwrap().to_string(), "2024-03-06 10:00:00");
        let name = n.name.unwrap();
        assert_eq!(name.invoice_file, "IT01234567890_11111");
        assert_eq!(name.progressive, "001");
    }
}

#[test]
fn rejection_lists_its_error_codes() {
    let xml = notification(
        "NotificaScarto",
        Some("types"),
        "<IdentificativoSdI>222</IdentificativoSdI>
<NomeFile>IT01234567890_11112.xml</NomeFile>
<DataOraRicezione>2024-03-06T10:00:00</DataOraRicezione>
<ListaErrori>
  <Errore><Codice>00404</Codice><Descrizione>Fattura duplicata</Descrizione><Suggerimento>Verificare il numero</Suggerimento></Errore>
  <Errore><Codice>00311</Codice><Descrizione>1.1.4 CodiceDestinatario non valido</Descrizione></Errore>
</ListaErrori>
<MessageId>777</MessageId>",
    );
    let n = read_notification(xml.as_bytes(), Some("IT01234567890_11112_NS_001.xml")).unwrap();
    assert_eq!(n.kind, NotificationKind::Rejected);
    let codes: Vec<&str> = n.errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["00404", "00311"]);
    assert_eq!(n.errors[0].description, "Fattura duplicata");
    assert_eq!(
        n.errors[0].suggestion.as_deref(),
        Some("Verificare il numero")
    );
    assert_eq!(n.date(), NaiveDate::from_ymd_opt(2024, 3, 6));
}

#[test]
fn outcome_accepted_or_refused_with_its_invoice_reference() {
    for (code, outcome) in [("EC01", Outcome::Accepted), ("EC02", Outcome::Refused)] {
        let xml = notification(
            "NotificaEsito",
            Some("types"),
            &format!(
                "<IdentificativoSdI>111</IdentificativoSdI>
<NomeFile>IT01234567890_11111.xml.p7m</NomeFile>
<EsitoCommittente>
  <IdentificativoSdI>111</IdentificativoSdI>
  <RiferimentoFattura><NumeroFattura>FT-2024/17</NumeroFattura><AnnoFattura>2024</AnnoFattura><PosizioneFattura>1</PosizioneFattura></RiferimentoFattura>
  <Esito>{code}</Esito>
  <Descrizione>Importo non conforme all'ordine</Descrizione>
</EsitoCommittente>
<MessageId>888</MessageId>"
            ),
        );
        let n = read_notification(xml.as_bytes(), None).unwrap();
        assert_eq!(n.kind, NotificationKind::Outcome);
        assert_eq!(n.outcome, Some(outcome));
        let r = n.invoice_ref.unwrap();
        assert_eq!(
            (r.number.as_str(), r.year, r.position),
            ("FT-2024/17", 2024, Some(1))
        );
        assert_eq!(
            n.description.as_deref(),
            Some("Importo non conforme all'ordine")
        );
    }
    let bad = notification(
        "NotificaEsito",
        None,
        "<IdentificativoSdI>111</IdentificativoSdI><NomeFile>f.xml</NomeFile>
<EsitoCommittente><IdentificativoSdI>111</IdentificativoSdI><Esito>EC03</Esito></EsitoCommittente>
<MessageId>1</MessageId>",
    );
    let err = read_notification(bad.as_bytes(), None).unwrap_err();
    assert!(
        matches!(
            err.kind,
            ErrorKind::Invalid {
                element: "Esito",
                ..
            }
        ),
        "{err}"
    );
    assert!(err.at.unwrap().path.ends_with("EsitoCommittente/Esito"));
}

#[test]
fn not_delivered_terms_elapsed_and_attestation() {
    let mc = notification(
        "NotificaMancataConsegna",
        Some("types"),
        "<IdentificativoSdI>333</IdentificativoSdI><NomeFile>IT01234567890_11113.xml</NomeFile>
<DataOraRicezione>2024-03-06T10:00:00</DataOraRicezione>
<Descrizione>Casella PEC piena</Descrizione><MessageId>9</MessageId>",
    );
    let n = read_notification(mc.as_bytes(), Some("IT01234567890_11113_MC_001.xml")).unwrap();
    assert_eq!(n.kind, NotificationKind::NotDelivered);
    assert_eq!(n.description.as_deref(), Some("Casella PEC piena"));

    let dt = notification(
        "NotificaDecorrenzaTermini",
        Some("types"),
        "<IdentificativoSdI>333</IdentificativoSdI><NomeFile>IT01234567890_11113.xml</NomeFile>
<Descrizione>Decorsi i termini</Descrizione><MessageId>10</MessageId>",
    );
    let n = read_notification(dt.as_bytes(), Some("IT01234567890_11113_DT_002.xml")).unwrap();
    assert_eq!(n.kind, NotificationKind::TermsElapsed);
    assert_eq!(n.date(), None);

    let at = notification(
        "AttestazioneTrasmissioneFattura",
        Some("types"),
        "<IdentificativoSdI>333</IdentificativoSdI><NomeFile>IT01234567890_11113.xml</NomeFile>
<DataOraRicezione>2024-03-06T10:00:00</DataOraRicezione>
<Destinatario><Codice>UF1234</Codice><Descrizione>Comune</Descrizione></Destinatario>
<MessageId>11</MessageId><HashFileOriginale>abc</HashFileOriginale>",
    );
    let n = read_notification(at.as_bytes(), Some("IT01234567890_11113_AT_003.xml")).unwrap();
    assert_eq!(n.kind, NotificationKind::TransmissionAttested);
    assert_eq!(n.recipient_code.as_deref(), Some("UF1234"));
}

#[test]
fn bad_notifications_say_what_and_where() {
    let err = read_notification(
        rc(Some("types")).as_bytes(),
        Some("IT01234567890_11111_NS_001.xml"),
    )
    .unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::NotificationNameMismatch {
            in_name: "NS".into(),
            in_content: "RC".into()
        }
    );
    let err = read_notification(support::Spec::fpa12().xml().as_bytes(), None).unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::NotNotification {
            root: "FatturaElettronica".into()
        }
    );
    let xml = rc(None).replace("<IdentificativoSdI>111", "<IdentificativoSdI>11a");
    let err = read_notification(xml.as_bytes(), None).unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::Invalid {
            element: "IdentificativoSdI",
            value: "11a".into(),
            expected: Expected::Code("1 to 12 digits")
        }
    );
    assert_eq!(err.at.unwrap().line, 3);
    let xml = rc(None).replace("2024-03-07T09:30:00.000+01:00", "07/03/2024");
    let err = read_notification(xml.as_bytes(), None).unwrap_err();
    assert!(matches!(
        err.kind,
        ErrorKind::Invalid {
            element: "DataOraConsegna",
            ..
        }
    ));
    let xml = rc(None).replace("<MessageId>123456</MessageId>", "");
    let err = read_notification(xml.as_bytes(), None).unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::Missing {
            element: "MessageId"
        }
    );
}

#[test]
fn every_kind_under_its_current_and_former_root_names() {
    let body = "<IdentificativoSdI>333</IdentificativoSdI><NomeFile>IT01234567890_11113.xml</NomeFile>
<DataOraRicezione>2024-03-06T10:00:00</DataOraRicezione><DataOraConsegna>2024-03-06T10:00:00</DataOraConsegna>
<ListaErrori><Errore><Codice>00404</Codice></Errore></ListaErrori>
<EsitoCommittente><Esito>EC01</Esito></EsitoCommittente>
<Descrizione>x</Descrizione><MessageId>9</MessageId>";
    let mut seen = 0;
    for kind in NotificationKind::ALL {
        for root in kind.roots() {
            for prefix in [Some("ns3"), None] {
                let xml = notification(root, prefix, body);
                let n = read_notification(xml.as_bytes(), None)
                    .unwrap_or_else(|e| panic!("{root}: {e}"));
                assert_eq!(n.kind, kind, "{root}");
            }
            seen += 1;
        }
    }
    assert_eq!(seen, 8);
    // The 2019 names of MC and NS, as SdI writes them in the Agenzia delle Entrate namespace.
    for (root, kind, name) in [
        (
            "RicevutaImpossibilitaRecapito",
            NotificationKind::NotDelivered,
            "IT01234567890_11113_MC_001.xml",
        ),
        (
            "RicevutaScarto",
            NotificationKind::Rejected,
            "IT01234567890_11113_NS_001.xml",
        ),
    ] {
        let xml = format!(
            "<?xml version=\"1.0\"?><ns3:{root} xmlns:ns3=\"http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fattura/messaggi/v1.0\" versione=\"1.0\">{body}</ns3:{root}>"
        );
        let n = read_notification(xml.as_bytes(), Some(name)).unwrap();
        assert_eq!(n.kind, kind);
        assert_eq!(NotificationKind::from_root(root), Some(kind));
    }
    assert_eq!(
        NotificationKind::from_root("NotificaEsitoCommittente"),
        None
    );
}

mod signature {
    use campanile_fatturapa::envelope::{SignerTrust, TrustedList, Untrusted};
    use campanile_fatturapa::sdi::signature::{SignatureError, verify};
    use campanile_fatturapa::{ErrorKind, read_notification_checked};

    use super::support::{
        self, CertSpec, issue, notification, sdi_signer, sign_notification, signer, test_ca,
        trusted_list_xml,
    };

    fn rc() -> String {
        notification(
            "RicevutaConsegna",
            Some("types"),
            "<IdentificativoSdI>111</IdentificativoSdI><NomeFile>IT01234567890_11111.xml</NomeFile>
<DataOraRicezione>2024-03-06T10:00:00</DataOraRicezione><DataOraConsegna>2024-03-07T09:30:00</DataOraConsegna>
<MessageId>123456</MessageId>",
        )
    }

    fn list() -> TrustedList {
        TrustedList::from_xml(trusted_list_xml(&[(&test_ca().cert, "granted")]).as_bytes()).unwrap()
    }

    #[test]
    fn a_notification_signed_as_sdi_signs_verifies_and_says_who() {
        let xml = rc();
        assert!(xml.contains("xmldsig-filter2"), "{xml}");
        let s = verify(&xml, None).unwrap();
        assert_eq!(
            s.common_name.as_deref(),
            Some("Sistema Interscambio Fattura PA")
        );
        assert_eq!(s.trust, SignerTrust::NotVerified);
        assert_eq!(
            verify(&xml, Some(&list())).unwrap().trust,
            SignerTrust::Verified {
                anchor: "CN=Test Qualified CA,O=Campanile Test Trust,C=IT".into()
            }
        );
        let (n, s) = read_notification_checked(
            xml.as_bytes(),
            Some("IT01234567890_11111_RC_001.xml"),
            Some(&list()),
        )
        .unwrap();
        assert_eq!(n.sdi_id, "111");
        assert_eq!(s.trust.code(), "verified");
        // Signed by a self-signed certificate anyone can make: intact, untrusted.
        let body = "<?xml version=\"1.0\"?><RicevutaConsegna versione=\"1.0\"><IdentificativoSdI>111</IdentificativoSdI><MessageId>1</MessageId><DataOraConsegna>2024-03-07T09:30:00</DataOraConsegna><!--signature--></RicevutaConsegna>";
        let self_signed = sign_notification(body, signer());
        assert_eq!(
            verify(&self_signed, Some(&list())).unwrap().trust,
            SignerTrust::Untrusted {
                reason: Untrusted::SelfSigned
            }
        );
        assert_eq!(
            verify(&self_signed, None).unwrap().trust,
            SignerTrust::NotVerified
        );
        // Issued by a CA that is not in the list.
        let rogue_ca = issue(
            &CertSpec {
                usage: support::Usage::Ca,
                ..CertSpec::signer("CN=Rogue CA,C=IT", 44)
            },
            None,
        );
        let rogue = issue(
            &CertSpec::signer("CN=Sistema Interscambio Fattura PA,C=IT", 45),
            Some(&rogue_ca),
        );
        let forged = sign_notification(body, &rogue);
        assert_eq!(
            verify(&forged, Some(&list())).unwrap().trust,
            SignerTrust::Untrusted {
                reason: Untrusted::NoChain
            }
        );
        let _ = sdi_signer();
    }

    #[test]
    fn a_changed_or_unsigned_notification_is_refused_before_it_is_read() {
        let xml = rc();
        for (what, changed) in [
            ("sdi id", xml.replace(">111<", ">112<")),
            (
                "delivery date",
                xml.replace("2024-03-07T09:30:00", "2024-03-17T09:30:00"),
            ),
            ("signature value", {
                let at = xml.find("<ds:SignatureValue>").unwrap() + "<ds:SignatureValue>".len();
                let mut b = xml.clone().into_bytes();
                b[at + 5] = if b[at + 5] == b'A' { b'B' } else { b'A' };
                String::from_utf8(b).unwrap()
            }),
        ] {
            assert_ne!(changed, xml, "{what}");
            let e = verify(&changed, None).unwrap_err();
            assert!(
                matches!(e, SignatureError::Tampered { .. }),
                "{what}: {e:?}"
            );
            let e = read_notification_checked(changed.as_bytes(), None, None).unwrap_err();
            assert!(e.is_tampered(), "{what}");
            assert!(e.to_string().starts_with("TAMPERED notification"), "{e}");
        }
        // Without its signature.
        let start = xml.find("<ds:Signature ").unwrap();
        let end = xml.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
        let unsigned = format!("{}{}", &xml[..start], &xml[end..]);
        assert_eq!(
            verify(&unsigned, None).unwrap_err(),
            SignatureError::Unsigned
        );
        let e = read_notification_checked(unsigned.as_bytes(), None, None).unwrap_err();
        assert_eq!(
            e.kind,
            ErrorKind::NotificationSignature(SignatureError::Unsigned)
        );
        // Checked before anything else: a forged notification of another kind is refused as
        // tampered, not read.
        let forged = xml.replace("RicevutaConsegna", "NotificaDecorrenzaTermini");
        assert!(
            read_notification_checked(forged.as_bytes(), None, None)
                .unwrap_err()
                .is_tampered()
        );
        // A signature that covers only part of the document is not SdI's: another URI, or a
        // filter that keeps a part (checked before the signature, which these changes break).
        let partial = xml.replace("URI=\"\"", "URI=\"#Signature1\"");
        assert!(matches!(
            verify(&partial, None).unwrap_err(),
            SignatureError::Unverifiable { .. }
        ));
        let part = xml.replace("Filter=\"subtract\"", "Filter=\"intersect\"");
        assert_ne!(part, xml);
        let e = verify(&part, None).unwrap_err();
        assert!(
            matches!(&e, SignatureError::Unverifiable { detail } if detail.contains("whole")),
            "{e:?}"
        );
    }
}
