//! Local validation of a debt position against the specification and pagoPA's rules, before
//! any network call: every error names the field and what is wrong with it.

use std::collections::BTreeSet;

use super::request::{
    Metadata, NewDebtPosition, NewPaymentOption, PositionDebtor, TransferDestination,
};
use super::{MAX_GPD_TEXT, MAX_METADATA, MAX_TRANSFERS};
use crate::pagopa::platform::checkout::is_email;
use crate::pagopa::platform::types::PlatformError;
use crate::pagopa::{Amount, checks};

impl NewDebtPosition {
    /// Checks the position against the specification and pagoPA's rules, without any network
    /// call: a [`PlatformError::BadRequest`] names the first thing wrong.
    pub fn validate(&self) -> Result<(), PlatformError> {
        check_iupd(&self.iupd)?;
        check_debtor(&self.debtor)?;
        text("the creditor's name", &self.company_name, 1)?;
        if let Some(office) = &self.office_name {
            text("the office name", office, 0)?;
        }
        if self.options.is_empty() {
            return bad("the debt position has no payment option: it needs at least one".into());
        }
        let mut iuvs = BTreeSet::new();
        for (i, option) in self.options.iter().enumerate() {
            let place = format!("payment option {}", i + 1);
            check_option(&place, option)?;
            if !iuvs.insert(option.iuv.to_ascii_uppercase()) {
                return bad(format!(
                    "{place}: IUV {} is used by another option of the same position",
                    option.iuv
                ));
            }
        }
        Ok(())
    }

    /// [`NewDebtPosition::validate`], and the dates against `today` (in Rome), as GPD checks
    /// them against its clock: a due date must not be past (it ends at the end of its day),
    /// and a validity date must be after today (it starts at the start of its day, which for
    /// today is already past: leave it out to make the position payable at once).
    pub fn validate_on(&self, today: crate::time::CivilDate) -> Result<(), PlatformError> {
        self.validate()?;
        if let Some(validity) = self.validity_date
            && validity <= today
        {
            return bad(format!(
                "the validity date {validity} is not after today ({today}): GPD refuses it; \
                 leave it out to make the position payable as soon as it is published"
            ));
        }
        for (i, option) in self.options.iter().enumerate() {
            if option.due_date < today {
                return bad(format!(
                    "payment option {}: the due date {} is past (today is {today})",
                    i + 1,
                    option.due_date
                ));
            }
        }
        Ok(())
    }
}

fn bad<T>(detail: String) -> Result<T, PlatformError> {
    Err(PlatformError::BadRequest { detail })
}

fn text(what: &str, s: &str, min: usize) -> Result<(), PlatformError> {
    let n = s.chars().count();
    if n < min || s.trim().chars().count() < min {
        return bad(format!("{what} is empty"));
    }
    if n > MAX_GPD_TEXT {
        return bad(format!(
            "{what} has {n} characters: at most {MAX_GPD_TEXT} are allowed"
        ));
    }
    Ok(())
}

pub(super) fn check_iupd(iupd: &str) -> Result<(), PlatformError> {
    if iupd.is_empty() {
        return bad("the IUPD (the position's id) is empty".into());
    }
    if iupd.len() > MAX_GPD_TEXT
        || !iupd
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return bad(format!(
            "the IUPD “{iupd}” may have only letters, digits, “-” and “_” (at most \
             {MAX_GPD_TEXT})"
        ));
    }
    Ok(())
}

fn check_debtor(d: &PositionDebtor) -> Result<(), PlatformError> {
    let code = d.fiscal_code.trim().to_ascii_uppercase();
    if code.is_empty() {
        return bad("the debtor's fiscal code or VAT number is missing".into());
    }
    if code != "ANONIMO" && !is_personal_fiscal_code(&code) && !is_numeric_fiscal_code(&code) {
        return bad(format!(
            "“{}” is not a valid fiscal code (16 characters) or VAT number (11 digits): check \
             it for a mistyped character",
            d.fiscal_code
        ));
    }
    text("the debtor's name", &d.full_name, 1)?;
    if let Some(country) = &d.country
        && !(country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase()))
    {
        return bad(format!(
            "the debtor's country “{country}” must be two capital letters (e.g. IT)"
        ));
    }
    if let Some(province) = &d.province
        && !(province.len() == 2 && province.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        return bad(format!(
            "the debtor's province “{province}” must be two letters (e.g. AP)"
        ));
    }
    if let Some(email) = &d.email
        && !is_email(email)
    {
        return bad(format!(
            "the debtor's e-mail “{email}” is not an e-mail address"
        ));
    }
    Ok(())
}

fn check_metadata(place: &str, metadata: &[Metadata]) -> Result<(), PlatformError> {
    if metadata.len() > MAX_METADATA {
        return bad(format!(
            "{place} has {} metadata pairs: at most {MAX_METADATA} are allowed",
            metadata.len()
        ));
    }
    let mut keys = BTreeSet::new();
    for m in metadata {
        text(&format!("{place}: a metadata key"), &m.key, 1)?;
        text(
            &format!("{place}: the value of metadata “{}”", m.key),
            &m.value,
            0,
        )?;
        if !keys.insert(m.key.as_str()) {
            return bad(format!("{place}: metadata key “{}” is repeated", m.key));
        }
    }
    Ok(())
}

fn check_option(place: &str, o: &NewPaymentOption) -> Result<(), PlatformError> {
    if o.iuv.is_empty() || o.iuv.len() > 35 || !o.iuv.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return bad(format!(
            "{place}: the IUV “{}” must have 1 to 35 letters and digits",
            o.iuv
        ));
    }
    // A 17-digit IUV is an aux-digit-3 notice's (segregation code, base, check digits), as
    // the aggregation's GPD positions are: a wrong check digit would make a position whose
    // notice cannot be printed nor paid.
    if o.iuv.len() == 17
        && o.iuv.bytes().all(|b| b.is_ascii_digit())
        && let Err(e) = crate::pagopa::NoticeNumber::parse(&format!("3{}", o.iuv))
    {
        return bad(format!(
            "{place}: the IUV {} does not make a valid notice number with aux digit 3 ({e})",
            o.iuv
        ));
    }
    text(&format!("{place}: the description"), &o.description, 1)?;
    if let Some(retention) = o.retention_date
        && retention < o.due_date
    {
        return bad(format!(
            "{place}: the retention date {retention} is before the due date {}",
            o.due_date
        ));
    }
    check_metadata(place, &o.metadata)?;
    if o.transfers.is_empty() {
        return bad(format!(
            "{place} has no transfer: it needs 1 to {MAX_TRANSFERS} (where the money goes)"
        ));
    }
    if o.transfers.len() > MAX_TRANSFERS {
        return bad(format!(
            "{place} has {} transfers: at most {MAX_TRANSFERS} are allowed",
            o.transfers.len()
        ));
    }
    let mut ids = BTreeSet::new();
    let mut sum: u64 = 0;
    for t in &o.transfers {
        let tplace = format!("{place}, transfer {}", t.id);
        if !(1..=5).contains(&t.id) {
            return bad(format!("{tplace}: a transfer's id must be 1 to 5"));
        }
        if !ids.insert(t.id) {
            return bad(format!("{tplace}: the id is repeated"));
        }
        sum += t.amount.cents();
        text(
            &format!("{tplace}: the remittance information"),
            &t.remittance_information,
            1,
        )?;
        if t.category.trim().is_empty() || t.category.chars().count() > MAX_GPD_TEXT {
            return bad(format!(
                "{tplace}: the category (the pagoPA taxonomy code, e.g. 9/0101100IM/) is missing"
            ));
        }
        if let Some(name) = &t.company_name {
            text(&format!("{tplace}: the company name"), name, 0)?;
        }
        check_metadata(&tplace, &t.metadata)?;
        match &t.destination {
            TransferDestination::Account { iban, postal_iban } => {
                check_iban(&tplace, "IBAN", iban)?;
                if let Some(p) = postal_iban {
                    check_iban(&tplace, "postal IBAN", p)?;
                }
            }
            TransferDestination::Stamp(s) => {
                if s.hash_document.is_empty() || s.hash_document.chars().count() > 72 {
                    return bad(format!(
                        "{tplace}: the stamp's document hash must have 1 to 72 characters"
                    ));
                }
                if s.stamp_type.chars().count() != 2 {
                    return bad(format!(
                        "{tplace}: the stamp type “{}” must have 2 characters",
                        s.stamp_type
                    ));
                }
                let p = &s.provincial_residence;
                if !(p.len() == 2 && p.bytes().all(|b| b.is_ascii_uppercase())) {
                    return bad(format!(
                        "{tplace}: the stamp's province “{p}” must be two capital letters"
                    ));
                }
            }
        }
    }
    if sum != o.amount.cents() {
        return bad(format!(
            "{place}: its transfers add up to {} but its amount is {}",
            Amount::from_cents(sum).map_or_else(|_| sum.to_string(), Amount::decimal),
            o.amount.decimal()
        ));
    }
    Ok(())
}

/// An IBAN: 1–35 letters and digits (the specification), and, when it starts like one (two
/// letters and two digits), a valid ISO 13616 check (mod 97).
fn check_iban(place: &str, what: &str, iban: &str) -> Result<(), PlatformError> {
    let ok_chars =
        !iban.is_empty() && iban.len() <= 35 && iban.bytes().all(|b| b.is_ascii_alphanumeric());
    if !ok_chars {
        return bad(format!(
            "{place}: the {what} “{iban}” must have 1 to 35 letters and digits, no spaces"
        ));
    }
    let b = iban.as_bytes();
    let looks_like_iban = b.len() >= 5
        && b[0].is_ascii_alphabetic()
        && b[1].is_ascii_alphabetic()
        && b[2].is_ascii_digit()
        && b[3].is_ascii_digit();
    if looks_like_iban && !iban_checksum_ok(iban) {
        return bad(format!(
            "{place}: the {what} “{iban}” has wrong check digits: a character has probably been \
             mistyped"
        ));
    }
    Ok(())
}

fn iban_checksum_ok(iban: &str) -> bool {
    let rearranged = iban[4..].bytes().chain(iban[..4].bytes());
    let mut rem: u32 = 0;
    for b in rearranged {
        let b = b.to_ascii_uppercase();
        let value = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return false,
        };
        rem = if value >= 10 {
            (rem * 100 + value) % 97
        } else {
            (rem * 10 + value) % 97
        };
    }
    rem == 1
}

/// A person's 16-character fiscal code with its check character (omocodia letters accepted).
fn is_personal_fiscal_code(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 16 {
        return false;
    }
    const OMOCODIA: &[u8] = b"LMNPQRSTUV";
    let digit_like = |c: u8| c.is_ascii_digit() || OMOCODIA.contains(&c);
    let shape = b[..6].iter().all(u8::is_ascii_uppercase)
        && digit_like(b[6])
        && digit_like(b[7])
        && b[8].is_ascii_uppercase()
        && digit_like(b[9])
        && digit_like(b[10])
        && b[11].is_ascii_uppercase()
        && b[12..15].iter().all(|&c| digit_like(c))
        && b[15].is_ascii_uppercase();
    if !shape {
        return false;
    }
    // Odd positions (1st, 3rd, …) by this table, indexed by digit or letter value.
    const ODD: [u32; 26] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23,
    ];
    let mut sum = 0;
    for (i, &c) in b[..15].iter().enumerate() {
        let v = if c.is_ascii_digit() {
            usize::from(c - b'0')
        } else {
            usize::from(c - b'A')
        };
        sum += if i % 2 == 0 { ODD[v] } else { v as u32 };
    }
    u32::from(b[15] - b'A') == sum % 26
}

fn is_numeric_fiscal_code(s: &str) -> bool {
    s.len() == 11
        && s.bytes().all(|b| b.is_ascii_digit())
        && checks::fiscal_code_check_digit(&s.as_bytes()[..10]) == Some(s.as_bytes()[10] - b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_codes_and_ibans() {
        assert!(is_personal_fiscal_code("RSSMRA80A01H501U"));
        assert!(!is_personal_fiscal_code("RSSMRA80A01H501V"));
        // Omocodia: digits replaced by letters, check character recomputed.
        assert!(is_personal_fiscal_code("RSSMRA80A01H50MM"));
        assert!(is_numeric_fiscal_code("00085240950"));
        assert!(!is_numeric_fiscal_code("00085240951"));
        assert!(iban_checksum_ok("IT60X0542811101000000123456"));
        assert!(!iban_checksum_ok("IT61X0542811101000000123456"));
        assert!(iban_checksum_ok("GB82WEST12345698765432"));
    }
}
