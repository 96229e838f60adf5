//! One page being drawn, in points from the page's top-left corner (PDF counts from the
//! bottom), with the few operations the notice needs: text in the two faces, wrapped text,
//! filled and outlined rectangles, rules, and QR and Data Matrix codes drawn as vector squares.

use pdf_writer::{Content, Name, Str};
use qrcode::{Color, QrCode};

use super::font::{self, Face};

/// A4 in points.
pub(crate) const PAGE_WIDTH: f32 = 595.28;
pub(crate) const PAGE_HEIGHT: f32 = 841.89;

/// Where a line of text is anchored horizontally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// A run of text: face, size and grey level (0 black, 1 white).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub face: Face,
    pub size: f32,
    pub gray: f32,
}

impl Style {
    pub(crate) const fn new(face: Face, size: f32) -> Style {
        Style {
            face,
            size,
            gray: 0.0,
        }
    }

    pub(crate) const fn gray(self, gray: f32) -> Style {
        Style { gray, ..self }
    }

    /// Distance between baselines.
    pub(crate) fn leading(self) -> f32 {
        self.size * 1.22
    }
}

pub(crate) struct Canvas {
    content: Content,
}

impl Canvas {
    pub(crate) fn new() -> Canvas {
        Canvas {
            content: Content::new(),
        }
    }

    pub(crate) fn finish(self) -> Vec<u8> {
        self.content.finish().to_vec()
    }

    /// One line of text whose baseline is `baseline` points from the top; `x` is its left end,
    /// centre or right end according to `align`.
    pub(crate) fn text(&mut self, style: Style, x: f32, baseline: f32, align: Align, text: &str) {
        let width = style.face.width(text, style.size);
        let left = match align {
            Align::Left => x,
            Align::Center => x - width / 2.0,
            Align::Right => x - width,
        };
        let bytes = font::encode_lossy(text);
        self.content.set_fill_gray(style.gray);
        self.content
            .begin_text()
            .set_font(Name(style.face.resource().as_bytes()), style.size)
            .next_line(left, PAGE_HEIGHT - baseline)
            .show(Str(&bytes))
            .end_text();
    }

    /// Lines of text from `top` down (the first baseline one font size below `top`); returns
    /// where the last line ends.
    pub(crate) fn lines(&mut self, style: Style, x: f32, top: f32, lines: &[String]) -> f32 {
        let mut baseline = top + style.size;
        for line in lines {
            self.text(style, x, baseline, Align::Left, line);
            baseline += style.leading();
        }
        top + lines_height(style, lines.len())
    }

    pub(crate) fn fill_rect(&mut self, x: f32, top: f32, width: f32, height: f32, gray: f32) {
        self.content
            .set_fill_gray(gray)
            .rect(x, PAGE_HEIGHT - top - height, width, height)
            .fill_nonzero();
    }

    pub(crate) fn stroke_rect(&mut self, x: f32, top: f32, width: f32, height: f32, gray: f32) {
        self.content
            .set_stroke_gray(gray)
            .set_line_width(0.8)
            .rect(x, PAGE_HEIGHT - top - height, width, height)
            .stroke();
    }

    pub(crate) fn rule(&mut self, x: f32, y: f32, width: f32, gray: f32) {
        self.content
            .set_stroke_gray(gray)
            .set_line_width(0.6)
            .move_to(x, PAGE_HEIGHT - y)
            .line_to(x + width, PAGE_HEIGHT - y)
            .stroke();
    }

    /// A dashed rule, where a part of the notice can be cut off.
    pub(crate) fn dashed_rule(&mut self, x: f32, y: f32, width: f32, gray: f32) {
        self.content
            .set_stroke_gray(gray)
            .set_line_width(0.6)
            .set_dash_pattern([3.0, 2.0], 0.0)
            .move_to(x, PAGE_HEIGHT - y)
            .line_to(x + width, PAGE_HEIGHT - y)
            .stroke()
            .set_dash_pattern([], 0.0);
    }

    /// A two-dimensional code of `width` × `height` modules (`dark(x, y)`) as black squares of
    /// `module` points, its top-left corner at (`x`, `top`); the caller leaves the quiet zone
    /// white around it. Runs of dark modules are one rectangle each.
    pub(crate) fn modules(
        &mut self,
        width: usize,
        height: usize,
        dark: impl Fn(usize, usize) -> bool,
        x: f32,
        top: f32,
        module: f32,
    ) {
        self.content.set_fill_gray(0.0);
        for row in 0..height {
            let mut col = 0;
            while col < width {
                if !dark(col, row) {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < width && dark(col, row) {
                    col += 1;
                }
                let y = top + row as f32 * module;
                self.content.rect(
                    x + start as f32 * module,
                    PAGE_HEIGHT - y - module,
                    (col - start) as f32 * module,
                    module,
                );
            }
        }
        self.content.fill_nonzero();
    }

    /// The QR code's modules as black squares of `module` points, its top-left corner at
    /// (`x`, `top`); the caller leaves the quiet zone white around it.
    pub(crate) fn qr(&mut self, code: &QrCode, x: f32, top: f32, module: f32) {
        let width = code.width();
        let colors = code.to_colors();
        self.content.set_fill_gray(0.0);
        for (row, cells) in colors.chunks(width.max(1)).enumerate() {
            // Runs of dark modules as one rectangle each, so that no hairline shows between
            // neighbours.
            let mut col = 0;
            while col < cells.len() {
                if cells[col] != Color::Dark {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < cells.len() && cells[col] == Color::Dark {
                    col += 1;
                }
                let y = top + row as f32 * module;
                self.content.rect(
                    x + start as f32 * module,
                    PAGE_HEIGHT - y - module,
                    (col - start) as f32 * module,
                    module,
                );
            }
        }
        self.content.fill_nonzero();
    }
}

/// The height of `n` lines of `style`.
pub(crate) fn lines_height(style: Style, n: usize) -> f32 {
    if n == 0 {
        0.0
    } else {
        style.size + (n - 1) as f32 * style.leading() + style.size * 0.3
    }
}

/// `text` broken into lines no wider than `width` points: at spaces where possible, inside a
/// word when the word alone is too wide. Line breaks in `text` are kept.
pub(crate) fn wrap(text: &str, style: Style, width: f32) -> Vec<String> {
    let fits = |s: &str| style.face.width(s, style.size) <= width;
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if fits(&candidate) {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word on a line of its own, cut where it has to be.
            for c in word.chars() {
                let mut longer = line.clone();
                longer.push(c);
                if !line.is_empty() && !fits(&longer) {
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                } else {
                    line = longer;
                }
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_and_stays_within_the_width() {
        let style = Style::new(Face::Regular, 10.0);
        let text = "Tassa sui rifiuti (TARI) 2026, prima e seconda rata: utenza domestica di via \
                    Sant'Elpidio a Mare";
        let lines = wrap(text, style, 150.0);
        assert!(lines.len() >= 3, "{lines:?}");
        for l in &lines {
            assert!(Face::Regular.width(l, 10.0) <= 150.0, "{l}");
        }
        assert_eq!(
            lines.join(" "),
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        let long = wrap("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ", style, 60.0);
        assert!(long.len() > 1 && long.iter().all(|l| Face::Regular.width(l, 10.0) <= 60.0));
        assert_eq!(long.concat(), "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ");
        assert_eq!(
            wrap("riga uno\nriga due", style, 500.0),
            ["riga uno", "riga due"]
        );
    }
}
