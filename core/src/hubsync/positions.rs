//! Debt positions through the hub, for counter staff: the hub holds the creditor's GPD key and
//! answers for GPD, so a desk creates a practice's position, reads whether it was paid and
//! prints its notice with no pagoPA key of its own. The shapes are the hub's
//! (`/api/v1/practices/{id}/positions`, `/api/v1/positions/{iupd}`).

use serde::{Deserialize, Serialize};

/// A payment option of a position, as the hub gives it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct HubPositionOption {
    /// The IUV.
    pub iuv: Option<String>,
    /// The notice number (18 digits).
    pub nav: Option<String>,
    /// The notice to pay (creditor + notice number).
    pub rpt_id: Option<String>,
    /// The amount in euro cents.
    pub amount_cents: Option<i64>,
    /// Its description.
    pub description: Option<String>,
    /// The last moment to pay.
    pub due_date: Option<String>,
    /// GPD's status of the option.
    pub status: Option<String>,
    /// Paid, on GPD's word.
    pub paid: bool,
    /// The receipt, when paid.
    pub receipt: Option<serde_json::Value>,
}

/// A debt position linked to a practice, as GPD has it now (through the hub).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct HubPosition {
    /// The IUPD.
    pub iupd: String,
    /// The creditor's fiscal code.
    pub creditor: String,
    /// The practice it belongs to.
    pub practice_id: String,
    /// The practice's comune.
    pub comune: String,
    /// GPD's status of the position (none when GPD's answer does not say).
    pub status: Option<String>,
    /// Paid in full, on GPD's word.
    pub paid: bool,
    /// Its payment options.
    pub options: Vec<HubPositionOption>,
    /// The receipts of its paid options.
    #[serde(default)]
    pub receipts: Vec<serde_json::Value>,
}

#[cfg(feature = "payments")]
impl HubPosition {
    /// Its status, as the core reads GPD's.
    pub fn status(&self) -> crate::pagopa::platform::PositionStatus {
        crate::pagopa::platform::PositionStatus::from_code(self.status.as_deref().unwrap_or(""))
    }
}
