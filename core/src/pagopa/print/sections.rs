//! The parts of the notice, top to bottom, after the pagoPA guidelines ("Avviso di
//! pagamento", Allegato 2): the header (subject), creditor and addressee, how much and when,
//! where to pay, then one box per payment option with everything a payment channel asks for —
//! addressee, creditor, subject, CBILL code, notice code, creditor fiscal code and the QR code
//! with its text, and — when the creditor has a postal account — the Poste bulletin with its
//! Data Matrix ([`super::bulletin`]).
//!
//! Every function draws from `top` (points from the page's top) and returns where it ended.

use qrcode::{EcLevel, QrCode, Version};

use super::bulletin;
use super::canvas::{Align, Canvas, PAGE_WIDTH, Style, lines_height, wrap};
use super::font::Face;
use super::format;
use super::model::{NoticeOption, PrintError, PrintField, PrintProblem, PrintableNotice};
use crate::i18n::I18n;
use crate::pagopa::{RptId, qr};

pub(crate) const MARGIN: f32 = 36.0;
pub(crate) const WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const GUTTER: f32 = 22.0;
const COLUMN: f32 = (WIDTH - GUTTER) / 2.0;

const HEADING: Style = Style::new(Face::Bold, 8.0).gray(0.3);
const LABEL: Style = Style::new(Face::Regular, 7.0).gray(0.35);
const BODY: Style = Style::new(Face::Regular, 9.0);
const SMALL: Style = Style::new(Face::Regular, 7.5);
const SMALL_BOLD: Style = Style::new(Face::Bold, 7.5);
const NAME: Style = Style::new(Face::Bold, 11.0);
const SUBJECT: Style = Style::new(Face::Bold, 15.0);

/// Width of the QR column in a payment box, and the QR code's module size: a version 4 code
/// (33 modules) of 2.5 pt is 29 mm wide.
const QR_COLUMN: f32 = 170.0;
const QR_MODULE: f32 = 2.5;

/// The header, on every page: what the notice is, its subject, and the pagoPA mark.
pub(crate) fn header(page: &mut Canvas, i18n: &I18n, notice: &PrintableNotice) -> f32 {
    let mut y = MARGIN;
    page.text(
        HEADING,
        MARGIN,
        y + HEADING.size,
        Align::Left,
        &i18n.tr("pagopa-print-title"),
    );
    page.text(
        Style::new(Face::Bold, 18.0),
        MARGIN + WIDTH,
        y + 18.0,
        Align::Right,
        "pagoPA",
    );
    y += HEADING.leading() + 4.0;
    let lines = wrap(notice.subject.trim(), SUBJECT, WIDTH - 100.0);
    y = page.lines(SUBJECT, MARGIN, y, &lines);
    y += 6.0;
    page.rule(MARGIN, y, WIDTH, 0.5);
    y + 12.0
}

/// The creditor (left) and the addressee (right).
pub(crate) fn parties(page: &mut Canvas, i18n: &I18n, notice: &PrintableNotice, top: f32) -> f32 {
    let c = &notice.creditor;
    let left = MARGIN;
    let mut y = top;
    page.text(
        HEADING,
        left,
        y + HEADING.size,
        Align::Left,
        &i18n.tr("pagopa-print-creditor-heading"),
    );
    y += HEADING.leading() + 2.0;
    y = page.lines(NAME, left, y, &wrap(c.name.trim(), NAME, COLUMN));
    if let Some(sector) = present(c.sector.as_deref()) {
        y = page.lines(BODY, left, y, &wrap(sector, BODY, COLUMN));
    }
    let cf = i18n.tr_args(
        "pagopa-print-fiscal-code",
        &[("code", c.fiscal_code.as_str().into())],
    );
    y = page.lines(BODY, left, y, &[cf]);
    if let Some(info) = present(c.info.as_deref()) {
        y = page.lines(SMALL, left, y + 2.0, &wrap(info, SMALL, COLUMN));
    }
    let left_end = y;

    let d = &notice.debtor;
    let right = MARGIN + COLUMN + GUTTER;
    let mut y = top;
    page.text(
        HEADING,
        right,
        y + HEADING.size,
        Align::Left,
        &i18n.tr("pagopa-print-debtor-heading"),
    );
    y += HEADING.leading() + 2.0;
    y = page.lines(NAME, right, y, &wrap(d.name.trim(), NAME, COLUMN));
    let cf = i18n.tr_args(
        "pagopa-print-debtor-fiscal-code",
        &[("code", d.fiscal_code.trim().to_uppercase().into())],
    );
    y = page.lines(BODY, right, y, &[cf]);
    if let Some(address) = present(d.address.as_deref()) {
        y = page.lines(BODY, right, y, &wrap(address, BODY, COLUMN));
    }
    let end = left_end.max(y) + 8.0;
    page.rule(MARGIN, end, WIDTH, 0.75);
    end + 12.0
}

/// How much and when (left), where to pay (right).
pub(crate) fn summary(page: &mut Canvas, i18n: &I18n, notice: &PrintableNotice, top: f32) -> f32 {
    let left = MARGIN;
    let mut y = top;
    page.text(
        HEADING,
        left,
        y + HEADING.size,
        Align::Left,
        &i18n.tr("pagopa-print-how-much-heading"),
    );
    y += HEADING.leading() + 4.0;
    let amount_style = Style::new(Face::Bold, 20.0);
    let count = notice.installments.len();
    let first_installment = notice.installments.first();
    if let Some(single) = &notice.single {
        y = page.lines(
            amount_style,
            left,
            y,
            &[format::amount(i18n, single.amount)],
        );
        let due = i18n.tr_args(
            "pagopa-print-due-by",
            &[("date", format::date(i18n, single.due_date).into())],
        );
        y = page.lines(Style::new(Face::Bold, 10.0), left, y + 2.0, &[due]);
        if count > 0 {
            let more = i18n.tr_args("pagopa-print-or-installments", &[("count", count.into())]);
            y = page.lines(BODY, left, y, &wrap(&more, BODY, COLUMN));
        }
    } else if let Some(first) = first_installment {
        let total: u64 = notice.installments.iter().map(|o| o.amount.cents()).sum();
        y = page.lines(amount_style, left, y, &[format::cents(i18n, total)]);
        let due = i18n.tr_args(
            "pagopa-print-in-installments",
            &[
                ("count", count.into()),
                ("date", format::date(i18n, first.due_date).into()),
            ],
        );
        y = page.lines(
            Style::new(Face::Bold, 10.0),
            left,
            y + 2.0,
            &wrap(&due, Style::new(Face::Bold, 10.0), COLUMN),
        );
    }
    let note = i18n.tr("pagopa-print-amount-note");
    y = page.lines(SMALL, left, y + 6.0, &wrap(&note, SMALL, COLUMN));
    let left_end = y;

    let right = MARGIN + COLUMN + GUTTER;
    let mut y = top;
    page.text(
        HEADING,
        right,
        y + HEADING.size,
        Align::Left,
        &i18n.tr("pagopa-print-where-heading"),
    );
    y += HEADING.leading() + 4.0;
    for (title, text) in [
        (
            "pagopa-print-where-online-title",
            "pagopa-print-where-online",
        ),
        (
            "pagopa-print-where-territory-title",
            "pagopa-print-where-territory",
        ),
    ] {
        y = page.lines(SMALL_BOLD, right, y, &[i18n.tr(title)]);
        y = page.lines(SMALL, right, y, &wrap(&i18n.tr(text), SMALL, COLUMN));
        y += 5.0;
    }
    let list = i18n.tr("pagopa-print-where-list");
    y = page.lines(SMALL, right, y, &wrap(&list, SMALL, COLUMN));
    let end = left_end.max(y) + 10.0;
    let hint = i18n.tr("pagopa-print-use-portion");
    let end = page.lines(SMALL_BOLD, MARGIN, end, &wrap(&hint, SMALL_BOLD, WIDTH));
    end + 8.0
}

/// One payment option's box.
pub(crate) struct PaymentBox<'a> {
    pub notice: &'a PrintableNotice,
    pub option: &'a NoticeOption,
    /// 1-based installment number, `None` for the single payment.
    pub installment: Option<usize>,
}

impl PaymentBox<'_> {
    /// The QR code's payload: `PAGOPA|002|<notice number>|<creditor fiscal code>|<cents>`.
    pub(crate) fn payload(&self) -> String {
        qr::encode(
            &RptId::new(self.notice.creditor.fiscal_code, self.option.notice_number),
            self.option.amount,
        )
    }

    fn qr_code(&self) -> Result<QrCode, PrintError> {
        let payload = self.payload();
        // The guidelines' version 4, error correction M; a payload holds at most 53
        // characters, which version 4 always fits (the fallback is never taken).
        QrCode::with_version(payload.as_bytes(), Version::Normal(4), EcLevel::M)
            .or_else(|_| QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M))
            .map_err(|_| PrintError::new(PrintField::NoticeNumber, PrintProblem::Format))
    }

    /// Draws the box (or only measures it when `page` is `None`); returns its bottom.
    pub(crate) fn draw(
        &self,
        page: Option<&mut Canvas>,
        i18n: &I18n,
        top: f32,
    ) -> Result<f32, PrintError> {
        let mut scratch = Canvas::new();
        let page = page.unwrap_or(&mut scratch);
        let notice = self.notice;
        let option = self.option;
        let date = format::date(i18n, option.due_date);
        let title = match self.installment {
            None => i18n.tr_args("pagopa-print-single-heading", &[("date", date.into())]),
            Some(n) => i18n.tr_args(
                "pagopa-print-installment-heading",
                &[
                    ("number", n.into()),
                    ("count", notice.installments.len().into()),
                    ("date", date.into()),
                ],
            ),
        };
        let bar = 20.0;
        page.fill_rect(MARGIN, top, WIDTH, bar, 0.9);
        let title_style = Style::new(Face::Bold, 9.5);
        page.text(title_style, MARGIN + 8.0, top + 13.5, Align::Left, &title);
        page.text(
            Style::new(Face::Bold, 12.0),
            MARGIN + WIDTH - 8.0,
            top + 14.0,
            Align::Right,
            &format::amount(i18n, option.amount),
        );

        // Left: the data a payment channel asks for.
        let left = MARGIN + 8.0;
        let column = WIDTH - 16.0 - QR_COLUMN;
        let mut y = top + bar + 8.0;
        let rows: [(&str, &str); 3] = [
            ("pagopa-print-label-debtor", notice.debtor.name.trim()),
            ("pagopa-print-label-creditor", notice.creditor.name.trim()),
            ("pagopa-print-label-subject", notice.subject.trim()),
        ];
        for (label, value) in rows {
            y = page.lines(LABEL, left, y, &[i18n.tr(label)]);
            y = page.lines(BODY, left, y, &wrap(value, BODY, column));
            y += 4.0;
        }
        let number_style = Style::new(Face::Bold, 10.5);
        let cbill = present(notice.creditor.cbill.as_deref()).map(str::to_uppercase);
        let mut cells: Vec<(String, String, Style, f32)> = Vec::new();
        if let Some(cbill) = cbill {
            cells.push((i18n.tr("pagopa-print-label-cbill"), cbill, BODY, 62.0));
        }
        cells.push((
            i18n.tr("pagopa-print-label-notice-number"),
            option.notice_number.grouped(),
            number_style,
            142.0,
        ));
        cells.push((
            i18n.tr("pagopa-print-label-creditor-fiscal-code"),
            notice.creditor.fiscal_code.to_string(),
            BODY,
            0.0,
        ));
        let mut x = left;
        let mut row_end = y;
        for (label, value, style, advance) in &cells {
            let end = page.lines(LABEL, x, y, std::slice::from_ref(label));
            let end = page.lines(*style, x, end, std::slice::from_ref(value));
            row_end = row_end.max(end);
            x += advance;
        }
        let left_end = row_end;

        // Right: the QR code, its text, and what to do with it.
        let qr = self.qr_code()?;
        let side = qr.width() as f32 * QR_MODULE;
        let center = MARGIN + WIDTH - 8.0 - QR_COLUMN / 2.0;
        let qr_top = top + bar + 4.0 * QR_MODULE;
        page.qr(&qr, center - side / 2.0, qr_top, QR_MODULE);
        let text_style = Style::new(Face::Regular, 5.5);
        let mut y = qr_top + side + 4.0 * QR_MODULE - 2.0;
        page.text(
            text_style,
            center,
            y + text_style.size,
            Align::Center,
            &self.payload(),
        );
        y += lines_height(text_style, 1) + 2.0;
        let hint_style = Style::new(Face::Regular, 6.5).gray(0.3);
        for line in wrap(
            &i18n.tr("pagopa-print-qr-hint"),
            hint_style,
            QR_COLUMN - 10.0,
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
        let bottom = left_end.max(y) + 8.0;
        let bottom = bulletin::draw(page, i18n, notice, option, bottom)?;
        page.stroke_rect(MARGIN, top, WIDTH, bottom - top, 0.45);
        Ok(bottom)
    }
}

/// The page number at the foot of each page.
pub(crate) fn footer(page: &mut Canvas, i18n: &I18n, number: usize, count: usize) {
    let text = i18n.tr_args(
        "pagopa-print-page",
        &[("page", number.into()), ("pages", count.into())],
    );
    let style = Style::new(Face::Regular, 7.0).gray(0.4);
    page.text(
        style,
        MARGIN + WIDTH,
        super::canvas::PAGE_HEIGHT - MARGIN + 14.0,
        Align::Right,
        &text,
    );
}

fn present(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}
