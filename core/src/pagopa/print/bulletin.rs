//! The "Bollettino Postale PA": the part of a payment box a creditor with a postal account
//! adds, so that the notice can also be paid as a postal bulletin at any post office.
//!
//! What it shows follows the pagoPA notice specification ("Avviso di pagamento", Allegato 2,
//! Specifiche tecniche › Dati per il pagamento › Bollettino Postale PA,
//! <https://docs.pagopa.it/avviso-pagamento/allegato-2/specifiche-tecniche/dati-per-il-pagamento/bollettino-postale-pa>)
//! and the layout of pagoPA's notice templates: the postal account number and its holder, the
//! amount, the addressee, the subject, the notice code, the type (`P1`), the creditor's fiscal
//! code, Poste's authorisation to print it, and the Data Matrix beside the data — under the
//! payment box's QR code, which stays. Its texts are at 70% density, as the specification
//! asks.
//!
//! The Data Matrix text is the one pagoPA's notice-printing service writes and the IO app reads
//! (`pagopa-print-payment-notice-generator`, `TemplateDataMapper`; `io-app`,
//! `decodePosteDataMatrix`), after Poste Italiane's "Manuale della stampa in proprio" (Bollettino
//! PA integrato nell'avviso, codifica Data Matrix): 256 characters,
//!
//! | length | content                                                          |
//! |--------|------------------------------------------------------------------|
//! | 13     | `codfase=NBPA;`                                                  |
//! | 2 + 18 | `18` and the notice code                                         |
//! | 2 + 12 | `12` and the postal account, zero-padded on the left             |
//! | 2 + 10 | `10` and the amount in cents, zero-padded on the left            |
//! | 1 + 3  | `3` and the document type `896`                                  |
//! | 3      | `1P1`                                                            |
//! | 11     | the creditor's fiscal code                                       |
//! | 16     | the addressee's fiscal code or VAT number, space-padded          |
//! | 40     | the addressee's name, space-padded                               |
//! | 110    | the subject, space-padded                                        |
//! | 12     | filler (spaces)                                                  |
//! | 1      | `A`                                                              |
//!
//! Poste reads the free texts in a restricted alphabet (letters, digits, space and
//! `& ' - . : _ ,`): accented letters are written without their accent (`à` → `a`, `Æ` →
//! `AE`) and any other sign becomes a space, so the texts keep their length. Nothing is cut:
//! a name longer than 40 characters, a subject longer than 110 or an amount of more than 10
//! digits of cents is refused with the field named ([`PrintField::BulletinDebtorName`],
//! [`PrintField::BulletinSubject`], [`PrintField::BulletinAmount`]).

use rxing::common::BitMatrix;
use rxing::datamatrix::DataMatrixWriter;
use rxing::datamatrix::encoder::SymbolShapeHint;
use rxing::{BarcodeFormat, EncodeHints, Writer};

use super::canvas::{Align, Canvas, Style, wrap};
use super::font::Face;
use super::format;
use super::model::{
    NoticeOption, PostalAccount, PrintError, PrintField, PrintProblem, PrintableNotice,
};
use super::sections::{MARGIN, WIDTH};
use crate::i18n::I18n;
use crate::pagopa::{RptId, datamatrix};

/// The postal account's width in the Data Matrix.
pub(crate) const ACCOUNT_LEN: usize = 12;
/// Digits of cents the Data Matrix has room for.
const AMOUNT_LEN: usize = 10;
const DEBTOR_NAME_LEN: usize = 40;
const SUBJECT_LEN: usize = 110;
/// The type of the bulletin, printed beside the notice code.
const BULLETIN_TYPE: &str = "P1";

/// Texts at 70% density (the specification's "nero al 70%").
const INK: f32 = 0.3;
const TITLE: Style = Style::new(Face::Bold, 9.0).gray(INK);
const LABEL: Style = Style::new(Face::Regular, 6.5).gray(INK);
const VALUE: Style = Style::new(Face::Regular, 8.5).gray(INK);
const STRONG: Style = Style::new(Face::Bold, 10.5).gray(INK);
/// The Data Matrix's module: a 52×52 symbol (what the 256 characters take) of 1.6 pt is
/// 29 mm wide, the size of the QR code above it.
const MODULE: f32 = 1.6;
/// Width of the Data Matrix column, as the payment box's QR column.
const CODE_COLUMN: f32 = 170.0;

/// The Data Matrix text of one option, checked field by field.
pub(crate) fn data_matrix(
    notice: &PrintableNotice,
    option: &NoticeOption,
) -> Result<String, PrintError> {
    let account = notice
        .creditor
        .postal_account
        .as_ref()
        .ok_or_else(|| PrintError::new(PrintField::PostalAccount, PrintProblem::Missing))?;
    let number = account.number.trim();
    if number.is_empty()
        || number.len() > ACCOUNT_LEN
        || !number.chars().all(|c| c.is_ascii_digit())
    {
        return Err(PrintError::new(
            PrintField::PostalAccount,
            PrintProblem::Format,
        ));
    }
    let cents = option.amount.cents().to_string();
    if cents.len() > AMOUNT_LEN {
        return Err(PrintError::new(
            PrintField::BulletinAmount,
            PrintProblem::TooLong {
                max: AMOUNT_LEN,
                found: cents.len(),
            },
        ));
    }
    let debtor_code = notice.debtor.fiscal_code.trim().to_ascii_uppercase();
    let name = poste_text(
        PrintField::BulletinDebtorName,
        &notice.debtor.name,
        DEBTOR_NAME_LEN,
    )?;
    let subject = poste_text(PrintField::BulletinSubject, &notice.subject, SUBJECT_LEN)?;
    let rpt_id = RptId::new(notice.creditor.fiscal_code, option.notice_number);
    Ok(datamatrix::encode(
        &rpt_id,
        option.amount,
        number,
        &debtor_code,
        &name,
        &subject,
    ))
}

/// `value` in Poste's alphabet, at most `max` characters.
fn poste_text(field: PrintField, value: &str, max: usize) -> Result<String, PrintError> {
    let mut out = String::new();
    for c in value.trim().chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | ' ' | '&' | '\'' | '-' | '.' | ':' | '_' | ',' => {
                out.push(c)
            }
            '’' | '‘' | '`' | '´' => out.push('\''),
            '–' | '—' => out.push('-'),
            _ => out.push_str(unaccented(c).unwrap_or(" ")),
        }
    }
    let found = out.chars().count();
    if found > max {
        return Err(PrintError::new(field, PrintProblem::TooLong { max, found }));
    }
    Ok(out)
}

/// A letter of Windows-1252 (the notice's character set) without its accent.
fn unaccented(c: char) -> Option<&'static str> {
    Some(match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "A",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'Æ' => "AE",
        'æ' => "ae",
        'Ç' => "C",
        'ç' => "c",
        'È' | 'É' | 'Ê' | 'Ë' => "E",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'Ì' | 'Í' | 'Î' | 'Ï' => "I",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'Ð' => "D",
        'ð' => "d",
        'Ñ' => "N",
        'ñ' => "n",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "O",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'Ù' | 'Ú' | 'Û' | 'Ü' => "U",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'Ý' | 'Ÿ' => "Y",
        'ý' | 'ÿ' => "y",
        'Þ' => "TH",
        'þ' => "th",
        'ß' => "ss",
        'Š' => "S",
        'š' => "s",
        'Ž' => "Z",
        'ž' => "z",
        'Œ' => "OE",
        'œ' => "oe",
        'ƒ' => "f",
        _ => return None,
    })
}

/// The Data Matrix symbol (ECC 200, square) of `text`, one bit per module, no quiet zone.
fn symbol(text: &str) -> Result<BitMatrix, PrintError> {
    let hints = EncodeHints {
        DataMatrixShape: Some(SymbolShapeHint::FORCE_SQUARE),
        ..EncodeHints::default()
    };
    DataMatrixWriter
        .encode_with_hints(text, &BarcodeFormat::DATA_MATRIX, 0, 0, &hints)
        // Every text that passed `data_matrix` is 256 characters of ASCII, which a 52×52
        // symbol holds; the error is never expected.
        .map_err(|_| PrintError::new(PrintField::BulletinSubject, PrintProblem::Format))
}

/// Draws the bulletin from `top` across the payment box (or only measures it when nothing
/// is drawn to `page`); returns where it ends.
pub(crate) fn draw(
    page: &mut Canvas,
    i18n: &I18n,
    notice: &PrintableNotice,
    option: &NoticeOption,
    top: f32,
) -> Result<f32, PrintError> {
    let Some(account) = notice.creditor.postal_account.as_ref() else {
        return Ok(top);
    };
    let text = data_matrix(notice, option)?;
    let code = symbol(&text)?;

    page.dashed_rule(MARGIN, top, WIDTH, 0.5);
    let left = MARGIN + 8.0;
    let column = WIDTH - 16.0 - CODE_COLUMN;
    let mut y = top + 8.0;
    page.text(
        TITLE,
        left,
        y + TITLE.size,
        Align::Left,
        &i18n.tr("pagopa-print-bulletin-title"),
    );
    page.text(
        Style::new(Face::Bold, 9.0).gray(INK),
        left + column,
        y + TITLE.size,
        Align::Right,
        "BancoPosta",
    );
    y += TITLE.leading() + 4.0;

    // The account and the amount, side by side.
    let number = account.number.trim();
    let row = [
        (
            i18n.tr("pagopa-print-bulletin-account"),
            number.to_string(),
            0.0,
        ),
        (
            i18n.tr("pagopa-print-bulletin-amount"),
            format::amount(i18n, option.amount),
            column * 0.55,
        ),
    ];
    y = cells(page, left, y, &row, STRONG);
    y += 3.0;
    y = field(
        page,
        left,
        y,
        column,
        &i18n.tr("pagopa-print-bulletin-holder"),
        account.holder.trim(),
    );
    y = field(
        page,
        left,
        y,
        column,
        &i18n.tr("pagopa-print-label-debtor"),
        notice.debtor.name.trim(),
    );
    y = field(
        page,
        left,
        y,
        column,
        &i18n.tr("pagopa-print-label-subject"),
        notice.subject.trim(),
    );
    let row = [
        (
            i18n.tr("pagopa-print-label-notice-number"),
            option.notice_number.grouped(),
            0.0,
        ),
        (
            i18n.tr("pagopa-print-bulletin-type"),
            BULLETIN_TYPE.to_string(),
            142.0,
        ),
        (
            i18n.tr("pagopa-print-label-creditor-fiscal-code"),
            notice.creditor.fiscal_code.to_string(),
            142.0 + 44.0,
        ),
    ];
    y = cells(page, left, y, &row, Style::new(Face::Bold, 9.0).gray(INK));
    if let Some(authorization) = authorization(account) {
        y += 3.0;
        let line = i18n.tr_args(
            "pagopa-print-bulletin-authorization",
            &[("text", authorization.into())],
        );
        y = page.lines(LABEL, left, y, &wrap(&line, LABEL, column));
    }
    let left_end = y;

    // The Data Matrix, centred in the column under the QR code, with its quiet zone.
    let side = code.getWidth() as f32 * MODULE;
    let center = MARGIN + WIDTH - 8.0 - CODE_COLUMN / 2.0;
    let code_top = top + 8.0 + 2.0 * MODULE;
    page.modules(
        code.getWidth() as usize,
        code.getHeight() as usize,
        |x, y| code.get(x as u32, y as u32),
        center - side / 2.0,
        code_top,
        MODULE,
    );
    let hint_style = Style::new(Face::Regular, 6.5).gray(INK);
    let mut y = code_top + code.getHeight() as f32 * MODULE + 2.0 * MODULE + 2.0;
    for line in wrap(
        &i18n.tr("pagopa-print-bulletin-hint"),
        hint_style,
        CODE_COLUMN - 10.0,
    ) {
        page.text(
            hint_style,
            center,
            y + hint_style.size,
            Align::Center,
            &line,
        );
        y += hint_style.leading();
    }
    Ok(left_end.max(y) + 8.0)
}

fn authorization(account: &PostalAccount) -> Option<&str> {
    account
        .authorization
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
}

/// A label and its value, wrapped to `width`.
fn field(page: &mut Canvas, x: f32, top: f32, width: f32, label: &str, value: &str) -> f32 {
    let y = page.lines(LABEL, x, top, &[label.to_string()]);
    page.lines(VALUE, x, y, &wrap(value, VALUE, width)) + 3.0
}

/// Labels over values, each at its offset from `x`; returns where the tallest ends.
fn cells(page: &mut Canvas, x: f32, top: f32, row: &[(String, String, f32)], style: Style) -> f32 {
    let mut end = top;
    for (label, value, offset) in row {
        let y = page.lines(LABEL, x + offset, top, std::slice::from_ref(label));
        end = end.max(page.lines(style, x + offset, y, std::slice::from_ref(value)));
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_written_in_poste_s_alphabet_without_changing_their_length() {
        let name = poste_text(PrintField::BulletinDebtorName, "Niccolò Forlì-Pérez", 40).unwrap();
        assert_eq!(name, "Niccolo Forli-Perez");
        let subject = poste_text(
            PrintField::BulletinSubject,
            "TARI (2026) – 20% «già ridotta»; d’ufficio",
            110,
        )
        .unwrap();
        assert_eq!(subject, "TARI  2026  - 20   gia ridotta   d'ufficio");
        assert_eq!(
            poste_text(PrintField::BulletinDebtorName, "Æ Œ ß", 40).unwrap(),
            "AE OE ss"
        );
        assert_eq!(
            poste_text(PrintField::BulletinDebtorName, &"x".repeat(41), 40).unwrap_err(),
            PrintError::new(
                PrintField::BulletinDebtorName,
                PrintProblem::TooLong { max: 40, found: 41 }
            )
        );
    }

    #[test]
    fn the_symbol_is_a_square_data_matrix_that_holds_the_whole_text() {
        let text = format!("codfase=NBPA;{}", "0".repeat(243));
        let code = symbol(&text).unwrap();
        assert_eq!(code.getWidth(), code.getHeight());
        assert!(code.getWidth() <= 64, "{}", code.getWidth());
    }
}
