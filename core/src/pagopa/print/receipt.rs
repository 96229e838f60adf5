//! A payment receipt as a one-page A4 PDF: a title, what was paid, and the evidence that it
//! was, as labelled lines in the language of the caller's texts (the handle words them:
//! `Payments::receipt_text`).

use super::canvas::{Align, Canvas, Style, wrap};
use super::document::write_pdf;
use super::font::Face;
use super::sections::{MARGIN, WIDTH};

const TITLE: Style = Style::new(Face::Bold, 16.0);
const LABEL: Style = Style::new(Face::Regular, 8.0);
const VALUE: Style = Style::new(Face::Bold, 10.0);
const NOTE: Style = Style::new(Face::Regular, 7.5);

/// The receipt: `title` on top, then each `(label, value)` pair, then `note` (what the
/// receipt rests on) at the foot. Long values wrap; a receipt has few lines and fits a page.
pub fn render_receipt_pdf(title: &str, rows: &[(String, String)], note: &str) -> Vec<u8> {
    let gray = LABEL.gray(0.4);
    let mut page = Canvas::new();
    let mut y = MARGIN;
    page.text(TITLE, MARGIN, y + TITLE.size, Align::Left, title);
    page.text(
        Style::new(Face::Bold, 16.0),
        MARGIN + WIDTH,
        y + 16.0,
        Align::Right,
        "pagoPA",
    );
    y += TITLE.leading() + 8.0;
    page.rule(MARGIN, y, WIDTH, 0.5);
    y += 12.0;
    for (label, value) in rows {
        page.text(gray, MARGIN, y + LABEL.size, Align::Left, label);
        y += LABEL.leading();
        let lines = wrap(value, VALUE, WIDTH);
        y = page.lines(VALUE, MARGIN, y, &lines) + 8.0;
    }
    y += 6.0;
    page.rule(MARGIN, y, WIDTH, 0.7);
    y += 10.0;
    let lines = wrap(note, NOTE, WIDTH);
    page.lines(NOTE.gray(0.3), MARGIN, y, &lines);
    write_pdf(vec![page], title)
}
