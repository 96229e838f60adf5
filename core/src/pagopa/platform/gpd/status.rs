//! The statuses the platform gives a debt position and each of its payment options; a status
//! this version does not know is kept as unknown, never taken as paid.

use std::fmt;

use serde::Serialize;

/// A debt position's status on the platform.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PositionStatus {
    /// Created, not published: it can still be changed or deleted, and cannot be paid.
    Draft,
    /// Published, waiting for its validity date.
    Published,
    /// Valid: published and payable, not paid yet (unpaid).
    Valid,
    /// Invalidated by the creditor: it cannot be paid.
    Invalid,
    /// Past its due date (for positions that switch to expired): it cannot be paid.
    Expired,
    /// Some instalments paid, not all.
    PartiallyPaid,
    /// Paid.
    Paid,
    /// Paid, and the payment reported to the creditor by the PSP.
    Reported,
    /// A status this version does not know: never taken as paid.
    Unknown(String),
}

impl PositionStatus {
    /// The status of the platform's code (`DRAFT`, `PUBLISHED`, …); an unknown code is kept as
    /// [`PositionStatus::Unknown`].
    pub fn parse(s: &str) -> PositionStatus {
        match s {
            "DRAFT" => PositionStatus::Draft,
            "PUBLISHED" => PositionStatus::Published,
            "VALID" => PositionStatus::Valid,
            "INVALID" => PositionStatus::Invalid,
            "EXPIRED" => PositionStatus::Expired,
            "PARTIALLY_PAID" => PositionStatus::PartiallyPaid,
            "PAID" => PositionStatus::Paid,
            "REPORTED" => PositionStatus::Reported,
            other => PositionStatus::Unknown(other.to_string()),
        }
    }

    /// A stable lower-case code (`valid`, `partially-paid`, …), e.g. for JSON and Fluent.
    pub fn code(&self) -> &str {
        match self {
            PositionStatus::Draft => "draft",
            PositionStatus::Published => "published",
            PositionStatus::Valid => "valid",
            PositionStatus::Invalid => "invalid",
            PositionStatus::Expired => "expired",
            PositionStatus::PartiallyPaid => "partially-paid",
            PositionStatus::Paid => "paid",
            PositionStatus::Reported => "reported",
            PositionStatus::Unknown(_) => "unknown",
        }
    }

    /// The status of one of [`PositionStatus::code`]'s codes (as the hub passes it on).
    pub fn from_code(code: &str) -> PositionStatus {
        match code {
            "draft" => PositionStatus::Draft,
            "published" => PositionStatus::Published,
            "valid" => PositionStatus::Valid,
            "invalid" => PositionStatus::Invalid,
            "expired" => PositionStatus::Expired,
            "partially-paid" => PositionStatus::PartiallyPaid,
            "paid" => PositionStatus::Paid,
            "reported" => PositionStatus::Reported,
            other => PositionStatus::Unknown(other.to_string()),
        }
    }

    /// Paid in full, on the platform's word.
    pub fn is_paid(&self) -> bool {
        matches!(self, PositionStatus::Paid | PositionStatus::Reported)
    }

    /// Can be paid now.
    pub fn is_payable(&self) -> bool {
        matches!(self, PositionStatus::Valid | PositionStatus::PartiallyPaid)
    }
}

impl fmt::Display for PositionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PositionStatus::Unknown(s) => write!(f, "unknown ({s})"),
            other => f.write_str(other.code()),
        }
    }
}

impl Serialize for PositionStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// A payment option's status on the platform.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OptionStatus {
    /// Not paid (`PO_UNPAID`).
    Unpaid,
    /// Paid (`PO_PAID`).
    Paid,
    /// Paid; some of its transfers reported by the PSP.
    PartiallyReported,
    /// Paid; all of its transfers reported.
    Reported,
    /// A status this version does not know: never taken as paid.
    Unknown(String),
}

impl OptionStatus {
    /// The status of the platform's code (`PO_UNPAID`, `PO_PAID`, …); an unknown code is kept as
    /// [`OptionStatus::Unknown`].
    pub fn parse(s: &str) -> OptionStatus {
        match s {
            "PO_UNPAID" => OptionStatus::Unpaid,
            "PO_PAID" => OptionStatus::Paid,
            "PO_PARTIALLY_REPORTED" => OptionStatus::PartiallyReported,
            "PO_REPORTED" => OptionStatus::Reported,
            other => OptionStatus::Unknown(other.to_string()),
        }
    }

    /// A stable lower-case code (`unpaid`, `partially-reported`, …), e.g. for JSON and Fluent.
    pub fn code(&self) -> &str {
        match self {
            OptionStatus::Unpaid => "unpaid",
            OptionStatus::Paid => "paid",
            OptionStatus::PartiallyReported => "partially-reported",
            OptionStatus::Reported => "reported",
            OptionStatus::Unknown(_) => "unknown",
        }
    }

    /// Paid, on the platform's word.
    pub fn is_paid(&self) -> bool {
        matches!(
            self,
            OptionStatus::Paid | OptionStatus::PartiallyReported | OptionStatus::Reported
        )
    }
}

impl fmt::Display for OptionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionStatus::Unknown(s) => write!(f, "unknown ({s})"),
            other => f.write_str(other.code()),
        }
    }
}

impl Serialize for OptionStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        for (s, paid) in [
            ("DRAFT", false),
            ("PUBLISHED", false),
            ("VALID", false),
            ("INVALID", false),
            ("EXPIRED", false),
            ("PARTIALLY_PAID", false),
            ("PAID", true),
            ("REPORTED", true),
            ("SOMETHING_NEW", false),
        ] {
            assert_eq!(PositionStatus::parse(s).is_paid(), paid, "{s}");
        }
        for (s, paid) in [
            ("PO_UNPAID", false),
            ("PO_PAID", true),
            ("PO_PARTIALLY_REPORTED", true),
            ("PO_REPORTED", true),
            ("PO_SOMETHING", false),
        ] {
            assert_eq!(OptionStatus::parse(s).is_paid(), paid, "{s}");
        }
    }
}
