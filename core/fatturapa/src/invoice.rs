//! The FatturaPA invoice (1.2: FPA12 to public administrations, FPR12 between private
//! parties; 1.1, the format until 2016–2017: SDI11): the fields a comune needs to track it,
//! read from the XML tree.
//!
//! ## FatturaPA 1.1
//!
//! A 1.1 file (`versione="1.1"`, namespace `http://www.fatturapa.gov.it/sdi/fatturapa/v1.1`,
//! `FormatoTrasmissione` `SDI11`) is read like an FPA12 one: every field read here
//! (transmission, supplier, customer, `DatiGeneraliDocumento`, `DatiRiepilogo`,
//! `DatiPagamento`) has the same name, place and shape in both. The differences:
//! - the format code is `SDI11` in `FormatoTrasmissione`, `1.1` in `versione` (1.2 writes
//!   `FPA12` in both); [`Format::Sdi11`] keeps it;
//! - 1.1 has no private-party format and no `PECDestinatario` (1.2 added both): the recipient
//!   code has 6 characters as in FPA12, and `recipient_pec` is absent unless written;
//! - 1.2 added codes (document types, tax regimes, payment modalities) that 1.1 files do not
//!   use; codes are read by shape here, so both code lists are accepted.

use chrono::NaiveDate;
use roxmltree::Node;

use crate::amount::Amount;
use crate::envelope::Signature;
use crate::error::{Error, ErrorKind, Expected, Location};
use crate::payment::{self, PaymentTerms};
use crate::text::TextEncoding;
use crate::xml;

/// FPA12 (to a public administration), FPR12 (to a private party), or SDI11 (FatturaPA 1.1,
/// to a public administration, the format until 2016–2017).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Format {
    #[cfg_attr(feature = "serde", serde(rename = "FPA12"))]
    Fpa12,
    #[cfg_attr(feature = "serde", serde(rename = "FPR12"))]
    Fpr12,
    #[cfg_attr(feature = "serde", serde(rename = "SDI11"))]
    Sdi11,
}

impl Format {
    /// The `FormatoTrasmissione` code.
    pub fn code(self) -> &'static str {
        match self {
            Format::Fpa12 => "FPA12",
            Format::Fpr12 => "FPR12",
            Format::Sdi11 => "SDI11",
        }
    }

    /// The root's `versione` attribute.
    pub fn version(self) -> &'static str {
        match self {
            Format::Fpa12 => "FPA12",
            Format::Fpr12 => "FPR12",
            Format::Sdi11 => "1.1",
        }
    }

    fn from_version(versione: &str) -> Option<Format> {
        match versione {
            "FPA12" => Some(Format::Fpa12),
            "FPR12" => Some(Format::Fpr12),
            "1.1" => Some(Format::Sdi11),
            _ => None,
        }
    }
}

/// A VAT identifier: country (ISO 3166-1 alpha-2) and code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct VatId {
    pub country: String,
    pub code: String,
}

impl std::fmt::Display for VatId {
    /// Country and code, the country once: some suppliers write the prefix in the code too
    /// (`GB` and `GB123456789`), which is shown `GB123456789`, not `GBGB123456789`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.code_has_country_prefix() {
            f.write_str(&self.code)
        } else {
            write!(f, "{}{}", self.country, self.code)
        }
    }
}

impl VatId {
    /// True when the code already starts with the country (`GB` + `GB123…`), followed by more.
    fn code_has_country_prefix(&self) -> bool {
        self.code.len() > self.country.len()
            && self
                .code
                .get(..self.country.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(&self.country))
    }
}

/// The supplier (CedentePrestatore) or the customer (CessionarioCommittente).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Party {
    pub vat_id: Option<VatId>,
    pub fiscal_code: Option<String>,
    /// `Denominazione`, else `Nome Cognome`.
    pub name: String,
}

/// Where the total comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum TotalSource {
    /// `ImportoTotaleDocumento`, as the supplier declared it.
    Declared,
    /// Absent: the sum of taxable amounts and taxes of the summary lines (`DatiRiepilogo`).
    SummaryLines,
}

/// One invoice (`FatturaElettronicaBody`); a file may hold several for the same supplier and
/// customer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Body {
    /// 1-based position in the file.
    pub position: usize,
    /// `TipoDocumento`: TD01 invoice, TD04 credit note, TD06 fee note…
    pub document_type: String,
    pub number: String,
    pub date: NaiveDate,
    /// `Divisa` (ISO 4217).
    pub currency: String,
    /// The `Causale` lines, joined by a space.
    pub description: Option<String>,
    pub total: Amount,
    pub total_source: TotalSource,
    pub payments: Vec<PaymentTerms>,
}

/// Something odd that does not stop the invoice from being read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "kebab-case"))]
pub enum Warning {
    /// The bytes were not in the declared encoding (see [`TextEncoding`]).
    EncodingMismatch { declared: String, used: String },
    /// An IBAN whose check digits are wrong: paying to it would fail or reach someone else.
    Iban { value: String, at: Location },
}

/// A FatturaPA file: header (transmission, supplier, customer) and its invoices.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct InvoiceFile {
    pub format: Format,
    pub encoding: TextEncoding,
    /// `IdTrasmittente`.
    pub transmitter: VatId,
    /// `ProgressivoInvio`.
    pub progressive: String,
    /// `CodiceDestinatario`: the recipient office's code (IPA unique office code, 6
    /// characters, for FPA12; 7 for FPR12).
    pub recipient_code: String,
    /// `PECDestinatario`.
    pub recipient_pec: Option<String>,
    pub supplier: Party,
    pub customer: Party,
    pub bodies: Vec<Body>,
    /// The signature, when the file came in a signed envelope (.p7m).
    pub signature: Option<Signature>,
    pub warnings: Vec<Warning>,
}

/// Reads an invoice from its XML text.
pub(crate) fn from_text(text: &str, encoding: TextEncoding) -> Result<InvoiceFile, Error> {
    let doc = xml::parse(text)?;
    let root = doc.root_element();
    match xml::name(root) {
        "FatturaElettronica" => {}
        "FatturaElettronicaSemplificata" => {
            return Err(Error::at(ErrorKind::Simplified, xml::location(root)));
        }
        other => {
            return Err(Error::at(
                ErrorKind::NotInvoice {
                    root: other.to_string(),
                },
                xml::location(root),
            ));
        }
    }
    let versione = root.attribute("versione").unwrap_or_default().trim();
    let format = Format::from_version(versione).ok_or_else(|| {
        Error::at(
            ErrorKind::Version {
                found: versione.to_string(),
            },
            xml::location(root),
        )
    })?;
    let header = xml::required(root, "FatturaElettronicaHeader")?;
    let transmission = xml::required(header, "DatiTrasmissione")?;
    let transmitter = vat_id(xml::required(transmission, "IdTrasmittente")?)?;
    let progressive = xml::required_text(transmission, "ProgressivoInvio")?;
    let formato_node = xml::required(transmission, "FormatoTrasmissione")?;
    let formato = xml::text(formato_node);
    if formato != format.code() {
        return Err(Error::at(
            ErrorKind::FormatMismatch {
                versione: format.version().to_string(),
                formato,
            },
            xml::location(formato_node),
        ));
    }
    let recipient_code = recipient_code(transmission, format)?;
    let recipient_pec = xml::optional_text(transmission, "PECDestinatario");
    let supplier = party(xml::required(header, "CedentePrestatore")?, true)?;
    let customer = party(xml::required(header, "CessionarioCommittente")?, false)?;

    let mut warnings = Vec::new();
    if encoding.contradicts_declaration() {
        warnings.push(Warning::EncodingMismatch {
            declared: encoding.declared.clone().unwrap_or_default(),
            used: encoding.used.to_string(),
        });
    }
    let mut bodies = Vec::new();
    for (i, node) in xml::children(root, "FatturaElettronicaBody").enumerate() {
        bodies.push(body(node, i + 1, &mut warnings)?);
    }
    if bodies.is_empty() {
        return Err(Error::at(ErrorKind::NoBody, xml::location(root)));
    }
    Ok(InvoiceFile {
        format,
        encoding,
        transmitter,
        progressive,
        recipient_code,
        recipient_pec,
        supplier,
        customer,
        bodies,
        signature: None,
        warnings,
    })
}

fn recipient_code(transmission: Node<'_, '_>, format: Format) -> Result<String, Error> {
    let node = xml::required(transmission, "CodiceDestinatario")?;
    let code = xml::text(node);
    let (len, shape) = match format {
        Format::Fpa12 | Format::Sdi11 => (6, "6 capital letters or digits (the office's IPA code)"),
        Format::Fpr12 => (7, "7 capital letters or digits"),
    };
    let ok = code.len() == len
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !ok {
        return Err(xml::invalid(
            node,
            "CodiceDestinatario",
            code,
            Expected::Code(shape),
        ));
    }
    Ok(code)
}

fn vat_id(node: Node<'_, '_>) -> Result<VatId, Error> {
    let country_node = xml::required(node, "IdPaese")?;
    let country = xml::text(country_node);
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(xml::invalid(
            country_node,
            "IdPaese",
            country,
            Expected::Code("2 capital letters (ISO 3166-1)"),
        ));
    }
    let code_node = xml::required(node, "IdCodice")?;
    let code = xml::text(code_node);
    if code.is_empty() || code.chars().count() > 28 || code.chars().any(char::is_whitespace) {
        return Err(xml::invalid(
            code_node,
            "IdCodice",
            code,
            Expected::Code("1 to 28 characters without spaces"),
        ));
    }
    Ok(VatId { country, code })
}

fn party(node: Node<'_, '_>, vat_required: bool) -> Result<Party, Error> {
    let data = xml::required(node, "DatiAnagrafici")?;
    let vat = match xml::child(data, "IdFiscaleIVA") {
        Some(v) => Some(vat_id(v)?),
        None if vat_required => {
            return Err(Error::at(
                ErrorKind::Missing {
                    element: "IdFiscaleIVA",
                },
                xml::location(data),
            ));
        }
        None => None,
    };
    let fiscal_code = xml::optional_text(data, "CodiceFiscale");
    if vat.is_none() && fiscal_code.is_none() {
        return Err(Error::at(
            ErrorKind::Missing {
                element: "CodiceFiscale",
            },
            xml::location(data),
        ));
    }
    let registry = xml::required(data, "Anagrafica")?;
    let name = match xml::optional_text(registry, "Denominazione") {
        Some(n) => n,
        None => {
            let first = xml::required_text(registry, "Nome")?;
            let last = xml::required_text(registry, "Cognome")?;
            format!("{first} {last}")
        }
    };
    Ok(Party {
        vat_id: vat,
        fiscal_code,
        name,
    })
}

fn body(node: Node<'_, '_>, position: usize, warnings: &mut Vec<Warning>) -> Result<Body, Error> {
    let general = xml::required(node, "DatiGenerali")?;
    let doc = xml::required(general, "DatiGeneraliDocumento")?;
    let type_node = xml::required(doc, "TipoDocumento")?;
    let document_type = xml::text(type_node);
    if !is_code(&document_type, "TD", 2) {
        return Err(xml::invalid(
            type_node,
            "TipoDocumento",
            document_type,
            Expected::Code("TD and two digits (TD01, TD04…)"),
        ));
    }
    let currency_node = xml::required(doc, "Divisa")?;
    let currency = xml::text(currency_node);
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(xml::invalid(
            currency_node,
            "Divisa",
            currency,
            Expected::Code("3 capital letters (ISO 4217)"),
        ));
    }
    let date = date(xml::required(doc, "Data")?, "Data")?;
    let number = xml::required_text(doc, "Numero")?;
    let causale: Vec<String> = xml::children(doc, "Causale")
        .map(xml::text)
        .filter(|t| !t.is_empty())
        .collect();
    let description = (!causale.is_empty()).then(|| causale.join(" "));
    let (total, total_source) = match xml::child(doc, "ImportoTotaleDocumento") {
        Some(n) => (amount(n, "ImportoTotaleDocumento")?, TotalSource::Declared),
        None => (summary_total(node)?, TotalSource::SummaryLines),
    };
    let mut payments = Vec::new();
    for p in xml::children(node, "DatiPagamento") {
        payments.push(payment::terms(p, warnings)?);
    }
    Ok(Body {
        position,
        document_type,
        number,
        date,
        currency,
        description,
        total,
        total_source,
        payments,
    })
}

/// Σ (ImponibileImporto + Imposta) over the `DatiRiepilogo` lines.
fn summary_total(body: Node<'_, '_>) -> Result<Amount, Error> {
    let goods = xml::required(body, "DatiBeniServizi")?;
    let mut total = Amount(0);
    let mut lines = 0;
    for line in xml::children(goods, "DatiRiepilogo") {
        lines += 1;
        for part in ["ImponibileImporto", "Imposta"] {
            let node = xml::required(line, part)?;
            let value = amount(node, part)?;
            total = total
                .checked_add(value)
                .ok_or_else(|| xml::invalid(node, part, xml::text(node), Expected::Amount))?;
        }
    }
    if lines == 0 {
        return Err(Error::at(
            ErrorKind::Missing {
                element: "DatiRiepilogo",
            },
            xml::location(goods),
        ));
    }
    Ok(total)
}

pub(crate) fn optional<T>(
    node: Node<'_, '_>,
    local: &'static str,
    read: fn(Node<'_, '_>, &'static str) -> Result<T, Error>,
) -> Result<Option<T>, Error> {
    match xml::child(node, local) {
        Some(n) if !xml::text(n).is_empty() => read(n, local).map(Some),
        _ => Ok(None),
    }
}

/// `PREFIX` followed by `digits` digits.
pub(crate) fn is_code(value: &str, prefix: &str, digits: usize) -> bool {
    value
        .strip_prefix(prefix)
        .is_some_and(|rest| rest.len() == digits && rest.bytes().all(|b| b.is_ascii_digit()))
}

pub(crate) fn date(node: Node<'_, '_>, local: &'static str) -> Result<NaiveDate, Error> {
    let t = xml::text(node);
    parse_date(&t).ok_or_else(|| xml::invalid(node, local, t, Expected::Date))
}

/// `YYYY-MM-DD`, a real calendar day.
pub(crate) fn parse_date(t: &str) -> Option<NaiveDate> {
    let b = t.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return None;
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
}

pub(crate) fn amount(node: Node<'_, '_>, local: &'static str) -> Result<Amount, Error> {
    let t = xml::text(node);
    Amount::parse(&t).ok_or_else(|| xml::invalid(node, local, t, Expected::Amount))
}

pub(crate) fn days(node: Node<'_, '_>, local: &'static str) -> Result<u32, Error> {
    let t = xml::text(node);
    match t.parse::<u32>() {
        Ok(d) if d <= 999 && !t.starts_with('+') => Ok(d),
        _ => Err(xml::invalid(node, local, t, Expected::Days)),
    }
}
