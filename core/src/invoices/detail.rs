//! What an invoice event records beside its kind and its day: typed, so that the fronts and the
//! changes feed read fields, not loose JSON. Stored as JSON (`invoice_events.detail`); every
//! field is optional, so events written by any earlier version read back.

use serde::{Deserialize, Serialize};

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
