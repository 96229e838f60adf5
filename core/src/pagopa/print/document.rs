//! Pages and the PDF file: the sections are laid out page by page (a payment box that does not
//! fit starts a new page, under the header again), then written as one PDF.

use pdf_writer::{Finish, Name, Pdf, Rect, Ref, TextStr};

use super::canvas::{Canvas, PAGE_HEIGHT, PAGE_WIDTH};
use super::font::Face;
use super::model::{PrintError, PrintableNotice};
use super::sections::{self, MARGIN, PaymentBox};
use crate::i18n::I18n;

/// Space left free at the foot of each page, for the page number.
const FOOT: f32 = MARGIN + 12.0;
/// Space between payment boxes.
const GAP: f32 = 12.0;

/// The notice as a PDF document (A4, one or more pages), after checking that every field can
/// be printed ([`PrintableNotice::validate`]).
pub fn render_pdf(notice: &PrintableNotice) -> Result<Vec<u8>, PrintError> {
    match render_pdf_with(notice, &mut |_, _| Ok::<(), std::convert::Infallible>(())) {
        Ok(pdf) => Ok(pdf),
        Err(RenderStop::Print(e)) => Err(e),
        Err(RenderStop::Stopped(never)) => match never {},
    }
}

/// Why [`render_pdf_with`] gave no PDF: a field that cannot be printed, or its `step` said
/// to stop.
#[derive(Debug)]
pub enum RenderStop<E> {
    /// A field cannot be printed.
    Print(PrintError),
    /// `step` said to stop.
    Stopped(E),
}

impl<E> From<PrintError> for RenderStop<E> {
    fn from(e: PrintError) -> Self {
        RenderStop::Print(e)
    }
}

/// How many steps [`render_pdf_with`] reports for `notice`: one per payment box, then the
/// file.
pub fn render_steps(notice: &PrintableNotice) -> u64 {
    (notice.options().count() + 1) as u64
}

/// [`render_pdf`], calling `step(done, total)` after each payment box is laid out and once the
/// file is written (`total` from [`render_steps`]); when `step` says to stop, no PDF is made.
pub fn render_pdf_with<E>(
    notice: &PrintableNotice,
    step: &mut dyn FnMut(u64, u64) -> Result<(), E>,
) -> Result<Vec<u8>, RenderStop<E>> {
    notice.validate().map_err(RenderStop::Print)?;
    let total = render_steps(notice);
    let mut done = 0;
    let i18n = I18n::new(&notice.language);
    let mut pages = Vec::new();
    let mut page = Canvas::new();
    let mut y = sections::header(&mut page, &i18n, notice);
    y = sections::parties(&mut page, &i18n, notice, y);
    y = sections::summary(&mut page, &i18n, notice, y);
    let single = notice.single.iter().map(|o| (o, None));
    let installments = notice
        .installments
        .iter()
        .enumerate()
        .map(|(i, o)| (o, Some(i + 1)));
    let mut on_page = 0;
    for (option, installment) in single.chain(installments) {
        let payment = PaymentBox {
            notice,
            option,
            installment,
        };
        let height = payment.draw(None, &i18n, 0.0)?;
        if on_page > 0 && y + height > PAGE_HEIGHT - FOOT {
            pages.push(std::mem::replace(&mut page, Canvas::new()));
            y = sections::header(&mut page, &i18n, notice);
            on_page = 0;
        }
        y = payment.draw(Some(&mut page), &i18n, y)? + GAP;
        on_page += 1;
        done += 1;
        step(done, total).map_err(RenderStop::Stopped)?;
    }
    pages.push(page);
    let count = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        sections::footer(page, &i18n, i + 1, count);
    }
    let title = i18n.tr_args(
        "pagopa-print-document-title",
        &[("subject", notice.subject.trim().into())],
    );
    let pdf = write_pdf(pages, &title);
    step(total, total).map_err(RenderStop::Stopped)?;
    Ok(pdf)
}

/// The PDF objects: catalog, page tree, the two fonts, each page and its content.
pub(super) fn write_pdf(pages: Vec<Canvas>, title: &str) -> Vec<u8> {
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let info = Ref::new(3);
    let regular = Ref::new(4);
    let bold = Ref::new(5);
    let first_page = 6;
    let page_ids: Vec<(Ref, Ref)> = (0..pages.len())
        .map(|i| {
            let base = first_page + 2 * i32::try_from(i).unwrap_or(0);
            (Ref::new(base), Ref::new(base + 1))
        })
        .collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().map(|(page, _)| *page))
        .count(i32::try_from(page_ids.len()).unwrap_or(i32::MAX));
    pdf.document_info(info)
        .title(TextStr(title))
        .creator(TextStr("Campanile"));
    for (face, id) in [(Face::Regular, regular), (Face::Bold, bold)] {
        pdf.type1_font(id)
            .base_font(Name(face.base_font().as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for ((page_id, content_id), canvas) in page_ids.iter().zip(pages) {
        let mut page = pdf.page(*page_id);
        page.parent(tree)
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .contents(*content_id);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(Face::Regular.resource().as_bytes()), regular);
        fonts.pair(Name(Face::Bold.resource().as_bytes()), bold);
        fonts.finish();
        resources.finish();
        page.finish();
        pdf.stream(*content_id, &canvas.finish());
    }
    pdf.finish()
}
