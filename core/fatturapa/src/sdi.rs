//! SdI notifications (schema `MessaggiTypes`, namespace
//! `http://www.fatturapa.gov.it/sdi/messaggi/v1.0`): what the Sistema di Interscambio tells
//! about an invoice file it received.
//!
//! | code | root element | meaning |
//! |---|---|---|
//! | RC | `RicevutaConsegna` | delivered to the recipient |
//! | NS | `NotificaScarto`, since 2019 also `RicevutaScarto` | rejected by SdI's checks (with error codes) |
//! | MC | `NotificaMancataConsegna`, since 2019 also `RicevutaImpossibilitaRecapito` | could not be delivered (yet) |
//! | NE | `NotificaEsito` | the public administration's outcome: EC01 accepted, EC02 refused |
//! | DT | `NotificaDecorrenzaTermini` | 15 days passed with no outcome |
//! | AT | `AttestazioneTrasmissioneFattura` | delivery impossible; transmission attested |
//!
//! Since 2019 SdI also writes its messages in the namespace
//! `http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fattura/messaggi/v1.0`, where the rejection
//! is `RicevutaScarto` and the failed delivery `RicevutaImpossibilitaRecapito`; both names of
//! each are recognised ([`NotificationKind::roots`]), in any namespace.
//!
//! Their XAdES signatures (`ds:Signature`) are verified by [`read_notification_checked`]
//! before anything is read ([`signature`]); [`read_notification`] only reads.

pub mod signature;

use chrono::{NaiveDate, NaiveDateTime};
use roxmltree::Node;

use crate::error::{Error, ErrorKind, Expected};
use crate::text;
use crate::xml;

/// The kind of notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum NotificationKind {
    #[cfg_attr(feature = "serde", serde(rename = "RC"))]
    Delivered,
    #[cfg_attr(feature = "serde", serde(rename = "NS"))]
    Rejected,
    #[cfg_attr(feature = "serde", serde(rename = "MC"))]
    NotDelivered,
    #[cfg_attr(feature = "serde", serde(rename = "NE"))]
    Outcome,
    #[cfg_attr(feature = "serde", serde(rename = "DT"))]
    TermsElapsed,
    #[cfg_attr(feature = "serde", serde(rename = "AT"))]
    TransmissionAttested,
}

impl NotificationKind {
    /// All of them, in the order above.
    pub const ALL: [NotificationKind; 6] = [
        NotificationKind::Delivered,
        NotificationKind::Rejected,
        NotificationKind::NotDelivered,
        NotificationKind::Outcome,
        NotificationKind::TermsElapsed,
        NotificationKind::TransmissionAttested,
    ];

    /// The SdI code (`RC`, `NS`, `MC`, `NE`, `DT`, `AT`), also used in file names.
    pub fn code(self) -> &'static str {
        match self {
            NotificationKind::Delivered => "RC",
            NotificationKind::Rejected => "NS",
            NotificationKind::NotDelivered => "MC",
            NotificationKind::Outcome => "NE",
            NotificationKind::TermsElapsed => "DT",
            NotificationKind::TransmissionAttested => "AT",
        }
    }

    pub fn from_code(code: &str) -> Option<NotificationKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Every root element local name SdI has used for this kind, the first the one of the
    /// 2014 specification (`MessaggiTypes` v1.0), then the later ones.
    pub fn roots(self) -> &'static [&'static str] {
        match self {
            NotificationKind::Rejected => &["NotificaScarto", "RicevutaScarto"],
            NotificationKind::NotDelivered => {
                &["NotificaMancataConsegna", "RicevutaImpossibilitaRecapito"]
            }
            NotificationKind::Delivered => &["RicevutaConsegna"],
            NotificationKind::Outcome => &["NotificaEsito"],
            NotificationKind::TermsElapsed => &["NotificaDecorrenzaTermini"],
            NotificationKind::TransmissionAttested => &["AttestazioneTrasmissioneFattura"],
        }
    }

    /// The kind whose root element (under any of its names) is `local`.
    pub fn from_root(local: &str) -> Option<NotificationKind> {
        Self::ALL.into_iter().find(|k| k.roots().contains(&local))
    }

    /// The root element's local name (of the 2014 specification).
    pub fn root(self) -> &'static str {
        match self {
            NotificationKind::Delivered => "RicevutaConsegna",
            NotificationKind::Rejected => "NotificaScarto",
            NotificationKind::NotDelivered => "NotificaMancataConsegna",
            NotificationKind::Outcome => "NotificaEsito",
            NotificationKind::TermsElapsed => "NotificaDecorrenzaTermini",
            NotificationKind::TransmissionAttested => "AttestazioneTrasmissioneFattura",
        }
    }
}

/// The public administration's outcome (`Esito`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Outcome {
    /// EC01: accepted.
    #[cfg_attr(feature = "serde", serde(rename = "EC01"))]
    Accepted,
    /// EC02: refused.
    #[cfg_attr(feature = "serde", serde(rename = "EC02"))]
    Refused,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Accepted => "EC01",
            Outcome::Refused => "EC02",
        }
    }
}

/// One error of a rejection (`ListaErrori/Errore`), e.g. `00404` "duplicate invoice".
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SdiError {
    pub code: String,
    pub description: String,
    pub suggestion: Option<String>,
}

/// Which invoice of a file (`RiferimentoFattura`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct InvoiceRef {
    pub number: String,
    pub year: i32,
    pub position: Option<u32>,
}

/// The parts of a notification's file name: `IT01234567890_11111_RC_001.xml` names the
/// invoice file `IT01234567890_11111`, the kind RC and the progressive `001`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NotificationName {
    pub invoice_file: String,
    pub kind: String,
    pub progressive: String,
}

impl NotificationName {
    /// Reads a file name (a path's last component); `None` when it does not follow the SdI
    /// naming rule.
    pub fn parse(file_name: &str) -> Option<NotificationName> {
        let lower = file_name.to_ascii_lowercase();
        let stem_len = if lower.ends_with(".xml.p7m") {
            file_name.len() - 8
        } else if lower.ends_with(".xml") {
            file_name.len() - 4
        } else {
            return None;
        };
        let stem = file_name.get(..stem_len)?;
        let (rest, progressive) = stem.rsplit_once('_')?;
        let (invoice_file, kind) = rest.rsplit_once('_')?;
        let alnum = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric());
        if kind.len() != 2 || !alnum(kind) || !alnum(progressive) || progressive.len() > 5 {
            return None;
        }
        let (country_and_id, _) = invoice_file.split_once('_')?;
        if country_and_id.len() < 3 || !alnum(country_and_id) {
            return None;
        }
        Some(NotificationName {
            invoice_file: invoice_file.to_string(),
            kind: kind.to_ascii_uppercase(),
            progressive: progressive.to_string(),
        })
    }
}

/// An SdI notification about one invoice file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Notification {
    pub kind: NotificationKind,
    /// `IdentificativoSdI`: SdI's number for the invoice file.
    pub sdi_id: String,
    /// `NomeFile`: the invoice file's name as it was sent.
    pub invoice_file_name: Option<String>,
    /// `DataOraRicezione`: when SdI received the file (local time as written).
    pub received_at: Option<NaiveDateTime>,
    /// `DataOraConsegna` (RC): when it was delivered to the recipient.
    pub delivered_at: Option<NaiveDateTime>,
    /// `Destinatario/Codice` (RC, AT): the recipient office's code.
    pub recipient_code: Option<String>,
    /// NS: the errors found.
    pub errors: Vec<SdiError>,
    /// NE: the outcome.
    pub outcome: Option<Outcome>,
    /// NE, DT: which invoice of the file, when the notification names one.
    pub invoice_ref: Option<InvoiceRef>,
    /// `Descrizione` (MC, DT, NE's outcome).
    pub description: Option<String>,
    /// `MessageId`: SdI's identifier of this message.
    pub message_id: String,
    pub note: Option<String>,
    /// The notification's own file name, when it follows the SdI naming rule.
    pub name: Option<NotificationName>,
}

impl Notification {
    /// The day this notification speaks of: delivery (RC), reception by SdI (NS, MC, AT).
    pub fn date(&self) -> Option<NaiveDate> {
        self.delivered_at.or(self.received_at).map(|d| d.date())
    }
}

/// Checks the notification's XML signature first (SdI signs every notification; see
/// [`signature`]), then reads it: a tampered or unsigned notification is an error
/// ([`ErrorKind::NotificationSignature`]) and is not read at all. Who signed is judged against
/// `list` when one is given.
pub fn read_notification_checked(
    bytes: &[u8],
    file_name: Option<&str>,
    list: Option<&crate::envelope::TrustedList>,
) -> Result<(Notification, signature::NotificationSignature), Error> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::new(ErrorKind::Empty));
    }
    let (text, _) = text::decode(bytes)?;
    xml::parse(&text)?;
    let sig = signature::verify(&text, list)
        .map_err(|e| Error::new(ErrorKind::NotificationSignature(e)))?;
    let n = read_notification(bytes, file_name)?;
    Ok((n, sig))
}

/// Reads an SdI notification, without checking its signature (see
/// [`read_notification_checked`]); `file_name` (when known) is checked against its content.
pub fn read_notification(bytes: &[u8], file_name: Option<&str>) -> Result<Notification, Error> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::new(ErrorKind::Empty));
    }
    let (text, _) = text::decode(bytes)?;
    let doc = xml::parse(&text)?;
    let root = doc.root_element();
    let root_name = xml::name(root);
    let kind = NotificationKind::from_root(root_name).ok_or_else(|| {
        Error::at(
            ErrorKind::NotNotification {
                root: root_name.to_string(),
            },
            xml::location(root),
        )
    })?;
    let name = file_name.and_then(NotificationName::parse);
    if let Some(n) = &name
        && n.kind != kind.code()
    {
        return Err(Error::new(ErrorKind::NotificationNameMismatch {
            in_name: n.kind.clone(),
            in_content: kind.code().to_string(),
        }));
    }
    let sdi_id_node = xml::required(root, "IdentificativoSdI")?;
    let sdi_id = xml::text(sdi_id_node);
    if sdi_id.is_empty() || sdi_id.len() > 12 || !sdi_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(xml::invalid(
            sdi_id_node,
            "IdentificativoSdI",
            sdi_id,
            Expected::Code("1 to 12 digits"),
        ));
    }
    let mut n = Notification {
        kind,
        sdi_id,
        invoice_file_name: xml::optional_text(root, "NomeFile"),
        received_at: optional_date_time(root, "DataOraRicezione")?,
        delivered_at: optional_date_time(root, "DataOraConsegna")?,
        recipient_code: xml::child(root, "Destinatario")
            .and_then(|d| xml::optional_text(d, "Codice")),
        errors: Vec::new(),
        outcome: None,
        invoice_ref: None,
        description: xml::optional_text(root, "Descrizione"),
        message_id: xml::required_text(root, "MessageId")?,
        note: xml::optional_text(root, "Note"),
        name,
    };
    match kind {
        NotificationKind::Delivered => {
            if n.delivered_at.is_none() {
                required_missing(root, "DataOraConsegna")?;
            }
        }
        NotificationKind::Rejected => {
            let list = xml::required(root, "ListaErrori")?;
            for e in xml::children(list, "Errore") {
                n.errors.push(SdiError {
                    code: xml::required_text(e, "Codice")?,
                    description: xml::optional_text(e, "Descrizione").unwrap_or_default(),
                    suggestion: xml::optional_text(e, "Suggerimento"),
                });
            }
            if n.errors.is_empty() {
                required_missing(list, "Errore")?;
            }
        }
        NotificationKind::Outcome => {
            let esito = xml::required(root, "EsitoCommittente")?;
            let code_node = xml::required(esito, "Esito")?;
            let code = xml::text(code_node);
            n.outcome = Some(match code.as_str() {
                "EC01" => Outcome::Accepted,
                "EC02" => Outcome::Refused,
                _ => {
                    return Err(xml::invalid(
                        code_node,
                        "Esito",
                        code,
                        Expected::Code("EC01 (accepted) or EC02 (refused)"),
                    ));
                }
            });
            n.invoice_ref = invoice_ref(esito)?;
            n.description = xml::optional_text(esito, "Descrizione").or(n.description);
        }
        NotificationKind::TermsElapsed => n.invoice_ref = invoice_ref(root)?,
        NotificationKind::NotDelivered | NotificationKind::TransmissionAttested => {}
    }
    Ok(n)
}

fn required_missing(node: Node<'_, '_>, element: &'static str) -> Result<(), Error> {
    Err(Error::at(
        ErrorKind::Missing { element },
        xml::location(node),
    ))
}

fn invoice_ref(node: Node<'_, '_>) -> Result<Option<InvoiceRef>, Error> {
    let Some(r) = xml::child(node, "RiferimentoFattura") else {
        return Ok(None);
    };
    let number = xml::required_text(r, "NumeroFattura")?;
    let year_node = xml::required(r, "AnnoFattura")?;
    let year_text = xml::text(year_node);
    let year = year_text
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=9999).contains(y))
        .ok_or_else(|| xml::invalid(year_node, "AnnoFattura", year_text, Expected::Integer))?;
    let position = match xml::child(r, "PosizioneFattura") {
        Some(p) => {
            let t = xml::text(p);
            Some(
                t.parse::<u32>()
                    .ok()
                    .filter(|v| *v > 0)
                    .ok_or_else(|| xml::invalid(p, "PosizioneFattura", t, Expected::Integer))?,
            )
        }
        None => None,
    };
    Ok(Some(InvoiceRef {
        number,
        year,
        position,
    }))
}

fn optional_date_time(
    node: Node<'_, '_>,
    local: &'static str,
) -> Result<Option<NaiveDateTime>, Error> {
    let Some(n) = xml::child(node, local) else {
        return Ok(None);
    };
    let t = xml::text(n);
    parse_date_time(&t)
        .map(Some)
        .ok_or_else(|| xml::invalid(n, local, t, Expected::DateTime))
}

/// `xs:dateTime` as local time: `2014-04-01T12:00:00`, with optional fraction and optional
/// `Z` or `±hh:mm` (dropped: SdI writes Italian time).
pub(crate) fn parse_date_time(t: &str) -> Option<NaiveDateTime> {
    let t = t.strip_suffix('Z').unwrap_or(t);
    let without_offset = match t.get(19..) {
        Some(tail) => {
            let cut = tail.find(['+', '-']).map_or(t.len(), |p| 19 + p);
            let offset = &t[cut..];
            let ok = offset.is_empty()
                || (offset.len() == 6
                    && offset.as_bytes()[3] == b':'
                    && offset[1..3].bytes().all(|b| b.is_ascii_digit())
                    && offset[4..].bytes().all(|b| b.is_ascii_digit()));
            if !ok {
                return None;
            }
            &t[..cut]
        }
        None => t,
    };
    if without_offset.len() < 19 || without_offset.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    NaiveDateTime::parse_from_str(without_offset, "%Y-%m-%dT%H:%M:%S%.f").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        let n = NotificationName::parse("IT01234567890_11111_RC_001.xml").unwrap();
        assert_eq!(n.invoice_file, "IT01234567890_11111");
        assert_eq!((n.kind.as_str(), n.progressive.as_str()), ("RC", "001"));
        let n = NotificationName::parse("IT01234567890_1a2B3_ns_002.xml.p7m").unwrap();
        assert_eq!(
            (n.invoice_file.as_str(), n.kind.as_str()),
            ("IT01234567890_1a2B3", "NS")
        );
        for bad in [
            "IT01234567890_11111.xml",
            "RC_001.xml",
            "x_RC_001.txt",
            "IT01_1_RCX_001.xml",
        ] {
            assert_eq!(NotificationName::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn date_times() {
        for (t, shown) in [
            ("2014-04-01T12:00:00", "2014-04-01 12:00:00"),
            ("2014-04-01T12:00:00.000+02:00", "2014-04-01 12:00:00"),
            ("2014-04-01T12:00:00Z", "2014-04-01 12:00:00"),
            ("2014-04-01T12:00:00.5-05:00", "2014-04-01 12:00:00.500"),
        ] {
            assert_eq!(parse_date_time(t).unwrap().to_string(), shown, "{t}");
        }
        for bad in [
            "2014-04-01",
            "2014-04-01 12:00:00",
            "2014-02-30T12:00:00",
            "2014-04-01T12:00:00+2",
        ] {
            assert_eq!(parse_date_time(bad), None, "{bad}");
        }
    }
}
