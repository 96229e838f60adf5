//! What an invoice event records beside its kind and its day: typed, so that the fronts and the
//! changes feed read fields, not loose JSON. Stored as JSON (`invoice_events.detail`); every
//! field is optional, so events written by any earlier version read back.

use serde::{Deserialize, Serialize, Serializer};

use super::fatturapa::sdi::NotificationKind;
use super::lifecycle::InvoiceStep;

/// What an invoice event is: serialised (and stored in `invoice_events.kind`) as its code —
/// `imported`, an SdI code (`RC`, `NS`, `MC`, `NE`, `DT`, `AT`), a step (`registered`,
/// `assigned`, `liquidated`, `paid`) or `term`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum InvoiceEventKind {
    /// The invoice was imported.
    Imported,
    /// An SdI notification.
    Notification(NotificationKind),
    /// A step of the comune.
    Step(InvoiceStep),
    /// A payment term agreed in writing.
    Term,
    /// A kind this build does not know (a newer version's): its code as stored.
    Other(String),
}

impl InvoiceEventKind {
    /// The kind of a stored code.
    pub fn from_code(code: &str) -> InvoiceEventKind {
        if code == "imported" {
            InvoiceEventKind::Imported
        } else if code == "term" {
            InvoiceEventKind::Term
        } else if let Some(k) = NotificationKind::from_code(code) {
            InvoiceEventKind::Notification(k)
        } else if let Some(s) = InvoiceStep::from_code(code) {
            InvoiceEventKind::Step(s)
        } else {
            InvoiceEventKind::Other(code.to_string())
        }
    }

    /// The stored code.
    pub fn code(&self) -> &str {
        match self {
            InvoiceEventKind::Imported => "imported",
            InvoiceEventKind::Notification(k) => k.code(),
            InvoiceEventKind::Step(s) => s.code(),
            InvoiceEventKind::Term => "term",
            InvoiceEventKind::Other(code) => code,
        }
    }
}

impl Serialize for InvoiceEventKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// One error SdI listed in a discard (NS) notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SdiErrorDetail {
    /// SdI's error code (`00200`, …).
    pub code: String,
    /// Its description, as SdI wrote it.
    #[serde(default)]
    pub description: Option<String>,
}

/// The detail of an invoice event: an import, an SdI notification, a comune's step, a term.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceEventDetail {
    /// Imported: the file's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// Imported: the file's SHA-256 (hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Imported: the invoice's place among the file's bodies (1-based).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u64>,
    /// Notification: SdI's id of the invoice file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdi_id: Option<String>,
    /// Notification: SdI's id of the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// Notification: the outcome code (`EC01` accepted, `EC02` refused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Notification: the errors of a discard.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<SdiErrorDetail>,
    /// Notification: its description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A note (the notification's, or the comune's on a step or term).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Notification: the invoice file it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_file: Option<String>,
    /// Notification: when SdI received the file (local time, ISO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<String>,
    /// Notification: when SdI delivered it (local time, ISO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<String>,
    /// Term: the days agreed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// Notification: who signed it (the certificate's common name, else its subject), its
    /// XML signature checked intact before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_by: Option<String>,
    /// Notification: who signed it, judged against the comune's trusted list when it was
    /// recorded: `verified`, `not-verified` (no list) or `untrusted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer_trust: Option<String>,
}

impl InvoiceEventDetail {
    /// Reads a stored detail; an unreadable one is `None` (the caller says which event).
    pub fn parse(json: &str) -> Option<InvoiceEventDetail> {
        serde_json::from_str(json).ok()
    }

    /// The JSON stored for it.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_kinds_read_back_from_their_codes() {
        for code in [
            "imported",
            "term",
            "RC",
            "NS",
            "MC",
            "NE",
            "DT",
            "AT",
            "registered",
            "assigned",
            "liquidated",
            "paid",
        ] {
            let kind = InvoiceEventKind::from_code(code);
            assert!(!matches!(kind, InvoiceEventKind::Other(_)), "{code}");
            assert_eq!(kind.code(), code);
        }
        assert_eq!(
            InvoiceEventKind::from_code("reopened"),
            InvoiceEventKind::Other("reopened".into())
        );
        assert_eq!(
            serde_json::to_string(&InvoiceEventKind::from_code("NS")).unwrap(),
            "\"NS\""
        );
    }
}
