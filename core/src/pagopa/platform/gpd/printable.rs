//! From a debt position as the platform returns it to the printed notice
//! ([`PrintableNotice`]) the counter staff hand the debtor.
//!
//! The platform's copy comes first: the creditor's name and office, the options' notice
//! numbers (`nav`), amounts and due dates (the day in Rome). What a read does not carry — the
//! debtor (`GET` answers have no debtor), the creditor's contacts and CBILL code — comes from
//! the caller. Options in full (`isPartialPayment: false`) print as the single payment, the
//! others as installments in the order they fall due; options the platform says are paid are
//! left out, and a position that cannot be paid (draft, invalid, expired, paid, or a status
//! this version does not know) is not printed at all: a notice must never ask for money that
//! cannot, or need not, be paid.

use serde::Serialize;

use super::answer::{DebtPosition, PositionOption};
use super::request::PositionDebtor;
use super::status::{OptionStatus, PositionStatus};
use crate::pagopa::print::{self, PrintError, PrintableNotice};
use crate::pagopa::{Amount, CreditorFiscalCode, NoticeError, NoticeNumber};

/// What the notice says of the creditor beyond what the position carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreditorDetails {
    /// The organization the position belongs to.
    pub fiscal_code: CreditorFiscalCode,
    /// The creditor's name, when the position does not carry one (`companyName`).
    pub name: Option<String>,
    /// The office, when the position does not carry one (`officeName`).
    pub sector: Option<String>,
    /// How citizens reach the creditor: web site, phone, e-mail.
    pub info: Option<String>,
    /// The creditor's CBILL code (5 letters or digits).
    pub cbill: Option<String>,
    /// Poste's authorisation to print the postal bulletin, printed on it when given.
    pub poste_authorization: Option<String>,
}

/// A part of the notice that neither the position nor the caller gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoticePart {
    /// The creditor's name.
    CreditorName,
    /// The debtor's name.
    DebtorName,
    /// The debtor's fiscal code.
    DebtorFiscalCode,
    /// The subject: the description of the option in full, else of the first installment.
    Subject,
    /// An option's notice number (`nav`).
    NoticeNumber,
    /// An option's amount.
    Amount,
    /// An option's due date.
    DueDate,
    /// Whether an option is the payment in full or an installment (`isPartialPayment`).
    PaymentKind,
}

impl NoticePart {
    /// The part's stable code (`creditor-name`, `notice-number`, …).
    pub fn code(self) -> &'static str {
        match self {
            NoticePart::CreditorName => "creditor-name",
            NoticePart::DebtorName => "debtor-name",
            NoticePart::DebtorFiscalCode => "debtor-fiscal-code",
            NoticePart::Subject => "subject",
            NoticePart::NoticeNumber => "notice-number",
            NoticePart::Amount => "amount",
            NoticePart::DueDate => "due-date",
            NoticePart::PaymentKind => "payment-kind",
        }
    }

    /// Every part.
    pub const ALL: [NoticePart; 8] = [
        NoticePart::CreditorName,
        NoticePart::DebtorName,
        NoticePart::DebtorFiscalCode,
        NoticePart::Subject,
        NoticePart::NoticeNumber,
        NoticePart::Amount,
        NoticePart::DueDate,
        NoticePart::PaymentKind,
    ];
}

/// Why a debt position cannot become a printed notice. An option is named by its IUV (else
/// its notice number, else `#n`, its place in the position).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PositionNoticeError {
    /// The position cannot be paid in its state (`None`: the answer did not say).
    #[error("debt position {iupd} is not payable ({status:?})")]
    NotPayable {
        /// The position's IUPD.
        iupd: String,
        /// Its status, as the answer gave it.
        status: Option<PositionStatus>,
    },
    /// The position belongs to another organization than the creditor given.
    #[error("debt position {iupd} belongs to {position}, not {given}")]
    OtherCreditor {
        /// The position's IUPD.
        iupd: String,
        /// The organization it belongs to.
        position: String,
        /// The creditor given.
        given: String,
    },
    /// The debtor given is not the position's.
    #[error("debt position {iupd} is owed by {position}, not {given}")]
    OtherDebtor {
        /// The position's IUPD.
        iupd: String,
        /// The position's debtor.
        position: String,
        /// The debtor given.
        given: String,
    },
    /// Something the notice needs is given neither by the position nor by the caller.
    #[error("{}: missing (option {option:?})", .part.code())]
    Missing {
        /// The part missing.
        part: NoticePart,
        /// The option it is missing for, when it is an option's.
        option: Option<String>,
    },
    /// An option's notice number is not a valid one.
    #[error("option {option}: bad notice number {nav}: {error}")]
    BadNoticeNumber {
        /// The option.
        option: String,
        /// The notice number as given.
        nav: String,
        /// What is wrong with it.
        error: NoticeError,
    },
    /// An amount pagoPA cannot charge (zero, negative, too large).
    #[error("option {option}: amount {cents} cents")]
    BadAmount {
        /// The option.
        option: String,
        /// The amount in euro cents.
        cents: i64,
    },
    /// An option's status this version does not know: it may be paid.
    #[error("option {option}: unknown status {status}")]
    UnknownOptionStatus {
        /// The option.
        option: String,
        /// The status as given.
        status: String,
    },
    /// Every option is paid.
    #[error("debt position {iupd}: nothing left to pay")]
    NothingToPay {
        /// The position's IUPD.
        iupd: String,
    },
    /// Two options in full: the notice has room for one.
    #[error("two options in full: {first}, {second}")]
    SeveralInFull {
        /// The first option in full.
        first: String,
        /// The second one.
        second: String,
    },
    /// One installment only is left to pay (a notice shows installments two or more).
    #[error("one installment left: {option}")]
    OneInstallmentLeft {
        /// The installment left.
        option: String,
    },
    /// The notice's data cannot be printed.
    #[error("cannot be printed: {0}")]
    Print(PrintError),
}

fn option_label(option: &PositionOption, index: usize) -> String {
    option
        .iuv
        .clone()
        .or_else(|| option.nav.clone())
        .unwrap_or_else(|| format!("#{}", index + 1))
}

fn present(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A debtor's postal address on one line: "Via Roma 1, 63900 Fermo (FM)", with the country
/// when it is not Italy.
pub fn postal_address(d: &PositionDebtor) -> Option<String> {
    let street = [d.street_name.as_deref(), d.civic_number.as_deref()]
        .into_iter()
        .filter_map(present)
        .collect::<Vec<_>>()
        .join(" ");
    let mut town = [d.postal_code.as_deref(), d.city.as_deref()]
        .into_iter()
        .filter_map(present)
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(p) = present(d.province.as_deref()) {
        let p = p.to_ascii_uppercase();
        town = if town.is_empty() {
            format!("({p})")
        } else {
            format!("{town} ({p})")
        };
    }
    let country = present(d.country.as_deref()).filter(|c| !c.eq_ignore_ascii_case("IT"));
    let parts: Vec<String> = [Some(street), Some(town), country]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

struct Priced {
    option: print::NoticeOption,
    partial: bool,
    label: String,
    description: Option<String>,
}

fn priced(option: &PositionOption, index: usize) -> Result<Priced, PositionNoticeError> {
    let label = option_label(option, index);
    let missing = |part| PositionNoticeError::Missing {
        part,
        option: Some(label.clone()),
    };
    let partial = option
        .is_partial_payment
        .ok_or_else(|| missing(NoticePart::PaymentKind))?;
    let nav = present(option.nav.as_deref()).ok_or_else(|| missing(NoticePart::NoticeNumber))?;
    let notice_number =
        NoticeNumber::parse(&nav).map_err(|error| PositionNoticeError::BadNoticeNumber {
            option: label.clone(),
            nav: nav.clone(),
            error,
        })?;
    let cents = option
        .amount_cents
        .ok_or_else(|| missing(NoticePart::Amount))?;
    let amount = u64::try_from(cents)
        .ok()
        .and_then(|c| Amount::from_cents(c).ok())
        .ok_or_else(|| PositionNoticeError::BadAmount {
            option: label.clone(),
            cents,
        })?;
    let due_date = option
        .due_day()
        .ok_or_else(|| missing(NoticePart::DueDate))?;
    Ok(Priced {
        option: print::NoticeOption {
            notice_number,
            amount,
            due_date,
        },
        partial,
        description: present(option.description.as_deref()),
        label,
    })
}

impl DebtPosition {
    /// The creditor's postal account, from the postal IBAN of a transfer to the creditor
    /// itself (the first found), held in the creditor's name; none when no transfer has one.
    /// Poste's authorisation to print is not part of a position, so none is printed.
    fn postal_account(
        &self,
        creditor: &str,
        holder: &str,
        authorization: Option<&str>,
    ) -> Result<Option<print::PostalAccount>, PrintError> {
        let iban = self
            .options
            .iter()
            .flat_map(|o| o.transfers.iter())
            .filter(|t| {
                present(t.organization_fiscal_code.as_deref()).is_none_or(|org| org == creditor)
            })
            .find_map(|t| present(t.postal_iban.as_deref()));
        let Some(iban) = iban else {
            return Ok(None);
        };
        Ok(Some(print::PostalAccount {
            number: print::PostalAccount::number_from_iban(&iban)?,
            holder: holder.to_string(),
            authorization: authorization.map(str::to_string),
        }))
    }

    /// The printed notice of this position, in `language` (`it`, `en`), for the creditor
    /// `creditor` and — when the position does not carry its debtor, as `GET` answers do not —
    /// the debtor `debtor`. The result has passed [`PrintableNotice::validate`].
    pub fn printable_notice(
        &self,
        creditor: &CreditorDetails,
        debtor: Option<&PositionDebtor>,
        language: &str,
    ) -> Result<PrintableNotice, PositionNoticeError> {
        match &self.status {
            Some(PositionStatus::Published | PositionStatus::Valid) => {}
            Some(PositionStatus::PartiallyPaid) => {}
            other => {
                return Err(PositionNoticeError::NotPayable {
                    iupd: self.iupd.clone(),
                    status: other.clone(),
                });
            }
        }
        let given = creditor.fiscal_code.as_str();
        if let Some(org) = present(self.organization_fiscal_code.as_deref())
            && org != given
        {
            return Err(PositionNoticeError::OtherCreditor {
                iupd: self.iupd.clone(),
                position: org,
                given: given.to_string(),
            });
        }
        let missing = |part| PositionNoticeError::Missing { part, option: None };

        let position_code = present(self.debtor_fiscal_code.as_deref());
        let given_code = debtor.and_then(|d| present(Some(d.fiscal_code.as_str())));
        if let (Some(p), Some(g)) = (&position_code, &given_code)
            && !p.eq_ignore_ascii_case(g)
        {
            return Err(PositionNoticeError::OtherDebtor {
                iupd: self.iupd.clone(),
                position: p.clone(),
                given: g.clone(),
            });
        }
        let debtor_code = position_code
            .or(given_code)
            .ok_or_else(|| missing(NoticePart::DebtorFiscalCode))?
            .to_ascii_uppercase();
        let debtor_name = present(self.debtor_name.as_deref())
            .or_else(|| debtor.and_then(|d| present(Some(d.full_name.as_str()))))
            .ok_or_else(|| missing(NoticePart::DebtorName))?;

        let mut single: Option<Priced> = None;
        let mut installments: Vec<Priced> = Vec::new();
        let partially_paid = self.status == Some(PositionStatus::PartiallyPaid);
        for (i, option) in self.options.iter().enumerate() {
            match &option.status {
                Some(OptionStatus::Unknown(s)) => {
                    return Err(PositionNoticeError::UnknownOptionStatus {
                        option: option_label(option, i),
                        status: s.clone(),
                    });
                }
                Some(s) if s.is_paid() => continue,
                _ => {}
            }
            let p = priced(option, i)?;
            if !p.partial {
                // Once an installment is paid, the payment in full is no longer on offer.
                if partially_paid {
                    continue;
                }
                if let Some(first) = &single {
                    return Err(PositionNoticeError::SeveralInFull {
                        first: first.label.clone(),
                        second: p.label,
                    });
                }
                single = Some(p);
            } else {
                installments.push(p);
            }
        }
        installments.sort_by_key(|p| p.option.due_date);
        if single.is_none() && installments.is_empty() {
            return Err(PositionNoticeError::NothingToPay {
                iupd: self.iupd.clone(),
            });
        }
        if let [only] = installments.as_slice()
            && partially_paid
        {
            return Err(PositionNoticeError::OneInstallmentLeft {
                option: only.label.clone(),
            });
        }
        let subject = single
            .iter()
            .chain(installments.iter())
            .find_map(|p| p.description.clone())
            .ok_or_else(|| missing(NoticePart::Subject))?;
        let company = present(self.company_name.as_deref())
            .or_else(|| present(creditor.name.as_deref()))
            .ok_or_else(|| missing(NoticePart::CreditorName))?;
        let postal_account = self
            .postal_account(given, &company, creditor.poste_authorization.as_deref())
            .map_err(PositionNoticeError::Print)?;
        let notice = PrintableNotice {
            creditor: print::Creditor {
                name: company,
                fiscal_code: creditor.fiscal_code,
                sector: present(self.office_name.as_deref())
                    .or_else(|| present(creditor.sector.as_deref())),
                info: present(creditor.info.as_deref()),
                cbill: present(creditor.cbill.as_deref()),
                postal_account,
            },
            debtor: print::NoticeDebtor {
                name: debtor_name,
                fiscal_code: debtor_code,
                address: debtor.and_then(postal_address),
            },
            subject,
            single: single.map(|p| p.option),
            installments: installments.into_iter().map(|p| p.option).collect(),
            language: language.to_string(),
        };
        notice.validate().map_err(PositionNoticeError::Print)?;
        Ok(notice)
    }
}
