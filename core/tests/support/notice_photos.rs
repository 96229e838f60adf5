//! Photos of printed pagoPA notices, made by the project itself: a notice-like page (text-like
//! blocks, rules, boxes, the QR code of a valid payload at the guidelines' 25 mm), placed in a
//! camera frame with a projective warp, then degraded.
//!
//! Shared by the photo tests and the `qr_bench` example (`#[path]` include).

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_arguments
)]

use std::io::Cursor;

use campanile_core::pagopa::{
    Amount, AuxDigit, CreditorFiscalCode, NoticeNumber, RptId, checks, qr as qr_payload,
};
use image::codecs::jpeg::JpegEncoder;
use image::{GrayImage, ImageEncoder, Luma};
use imageproc::geometric_transformations::{Interpolation, Projection, warp_into};
use qrcode::{Color, EcLevel, QrCode, Version};

/// A small deterministic generator (xorshift64*), so that every run makes the same images.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
    pub fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.unit()
    }
    pub fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
}

/// A random valid notice QR payload (aux digit 0–3, valid check digits and fiscal code).
pub fn random_payload(rng: &mut Rng) -> String {
    let aux = AuxDigit::ALL[rng.below(4) as usize];
    let body = rng.digits(if aux.has_check_digits() { 15 } else { 17 });
    let notice = NoticeNumber::compose(aux, &body).unwrap();
    let first10 = rng.digits(10);
    let check = checks::fiscal_code_check_digit(first10.as_bytes()).unwrap();
    let creditor = CreditorFiscalCode::parse(&format!("{first10}{check}")).unwrap();
    let amount = Amount::from_cents(1 + rng.below(5_000_000)).unwrap();
    qr_payload::encode(&RptId::new(creditor, notice), amount)
}

/// The QR code as the guidelines want it: version 4 (33×33), error correction M.
pub fn qr_modules(payload: &str) -> (usize, Vec<bool>) {
    let code = QrCode::with_version(payload.as_bytes(), Version::Normal(4), EcLevel::M)
        .or_else(|_| QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M))
        .unwrap();
    let w = code.width();
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    (w, dark)
}

fn fill_rect(img: &mut GrayImage, x0: f32, y0: f32, w: f32, h: f32, v: u8) {
    let (iw, ih) = img.dimensions();
    let xa = x0.max(0.0) as u32;
    let ya = y0.max(0.0) as u32;
    let xb = ((x0 + w).max(0.0) as u32).min(iw);
    let yb = ((y0 + h).max(0.0) as u32).min(ih);
    for y in ya..yb {
        for x in xa..xb {
            img.put_pixel(x, y, Luma([v]));
        }
    }
}

/// Draws the QR code with its top-left corner at (x, y) mm, `size` mm wide (without quiet zone).
fn draw_qr(img: &mut GrayImage, px_per_mm: f32, x: f32, y: f32, size: f32, payload: &str) {
    let (w, dark) = qr_modules(payload);
    let m = size * px_per_mm / w as f32;
    let (ox, oy) = (x * px_per_mm, y * px_per_mm);
    for row in 0..w {
        for col in 0..w {
            if dark[row * w + col] {
                // Cover whole pixels so that neighbouring modules leave no seams.
                let x0 = (ox + col as f32 * m).round();
                let y0 = (oy + row as f32 * m).round();
                let x1 = (ox + (col + 1) as f32 * m).round();
                let y1 = (oy + (row + 1) as f32 * m).round();
                fill_rect(img, x0, y0, x1 - x0, y1 - y0, 20);
            }
        }
    }
}

/// Draws a Poste Data Matrix of `payload`, `size` mm wide, with its top-left corner at (x, y) mm.
pub fn draw_data_matrix(img: &mut GrayImage, s: f32, x: f32, y: f32, size: f32, payload: &str) {
    use rxing::Writer;
    let m = rxing::datamatrix::DataMatrixWriter
        .encode(payload, &rxing::BarcodeFormat::DATA_MATRIX, 0, 0)
        .unwrap();
    let (w, h) = (m.width(), m.height());
    let px = size * s / w.max(h) as f32;
    fill_rect(
        img,
        (x - 2.0) * s,
        (y - 2.0) * s,
        size * s + 4.0 * s,
        size * s + 4.0 * s,
        250,
    );
    for row in 0..h {
        for col in 0..w {
            if m.get(col, row) {
                let x0 = (x * s + col as f32 * px).round();
                let y0 = (y * s + row as f32 * px).round();
                let x1 = (x * s + (col + 1) as f32 * px).round();
                let y1 = (y * s + (row + 1) as f32 * px).round();
                fill_rect(img, x0, y0, x1 - x0, y1 - y0, 20);
            }
        }
    }
}

/// Text-like blocks (words) on a line, from x0 to x1 mm, glyph height `h` mm.
fn draw_text_line(
    img: &mut GrayImage,
    s: f32,
    rng: &mut Rng,
    x0: f32,
    x1: f32,
    y: f32,
    h: f32,
    v: u8,
) {
    let mut x = x0;
    while x < x1 {
        let word = rng.range(4.0, 18.0) * h / 3.0;
        let end = (x + word).min(x1);
        // Letters: thin vertical strokes with gaps, like printed text seen from afar.
        let mut lx = x;
        while lx < end {
            let lw = rng.range(0.35, 0.6) * h;
            let lh = if rng.below(4) == 0 { h * 1.3 } else { h };
            fill_rect(img, lx * s, (y + h - lh) * s, lw * 0.7 * s, lh * s, v);
            lx += lw;
        }
        x = end + h * 0.6;
    }
}

/// One notice page (A4, 210×297 mm) at `s` pixels per mm, with QR codes of `payloads` in the
/// payment part at the bottom (one, or several instalments side by side).
pub fn notice_page(payloads: &[String], s: f32, rng: &mut Rng) -> GrayImage {
    let (w, h) = ((210.0 * s) as u32, (297.0 * s) as u32);
    let mut img = GrayImage::from_pixel(w, h, Luma([245]));
    // Header: logo box, title, subject.
    fill_rect(&mut img, 12.0 * s, 12.0 * s, 18.0 * s, 18.0 * s, 60);
    draw_text_line(&mut img, s, rng, 36.0, 150.0, 14.0, 5.0, 30);
    for i in 0..3 {
        draw_text_line(
            &mut img,
            s,
            rng,
            36.0,
            190.0,
            24.0 + i as f32 * 6.0,
            3.0,
            50,
        );
    }
    // Creditor and debtor blocks, amount and due date.
    for col in [12.0, 110.0] {
        fill_rect(&mut img, col * s, 48.0 * s, 88.0 * s, 0.4 * s, 80);
        for i in 0..6 {
            draw_text_line(
                &mut img,
                s,
                rng,
                col,
                col + 80.0,
                52.0 + i as f32 * 5.0,
                2.5,
                60,
            );
        }
    }
    fill_rect(&mut img, 12.0 * s, 90.0 * s, 186.0 * s, 30.0 * s, 225);
    draw_text_line(&mut img, s, rng, 16.0, 120.0, 95.0, 6.0, 25);
    for i in 0..4 {
        draw_text_line(
            &mut img,
            s,
            rng,
            16.0,
            190.0,
            106.0 + i as f32 * 4.0,
            2.2,
            70,
        );
    }
    // Where to pay: small print.
    for i in 0..10 {
        draw_text_line(
            &mut img,
            s,
            rng,
            12.0,
            198.0,
            126.0 + i as f32 * 4.5,
            2.0,
            70,
        );
    }
    // The payment part: a rule, a title, then each instalment with its QR code and its code.
    fill_rect(&mut img, 10.0 * s, 178.0 * s, 190.0 * s, 0.5 * s, 40);
    draw_text_line(&mut img, s, rng, 12.0, 120.0, 182.0, 4.0, 30);
    let n = payloads.len().max(1) as f32;
    let slot = 186.0 / n;
    for (i, p) in payloads.iter().enumerate() {
        let x = 12.0 + i as f32 * slot;
        fill_rect(&mut img, x * s, 192.0 * s, (slot - 4.0) * s, 0.3 * s, 90);
        draw_qr(&mut img, s, x + 2.0, 198.0, 25.0, p);
        let tx = x + 31.0;
        for j in 0..5 {
            draw_text_line(
                &mut img,
                s,
                rng,
                tx,
                (x + slot - 6.0).max(tx + 10.0),
                199.0 + j as f32 * 5.0,
                2.5,
                40,
            );
        }
    }
    // The Poste slip: rules and text.
    fill_rect(&mut img, 10.0 * s, 232.0 * s, 190.0 * s, 0.5 * s, 40);
    for i in 0..8 {
        draw_text_line(
            &mut img,
            s,
            rng,
            12.0,
            198.0,
            238.0 + i as f32 * 6.0,
            2.5,
            60,
        );
    }
    img
}

/// What is done to a photo.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Degradation {
    /// Square on, sharp, even light.
    Clean,
    /// Rotated by up to ±`deg` degrees.
    Rotation(f32),
    /// Gaussian blur (sigma in pixels).
    Blur(f32),
    /// Grey levels squeezed into a narrow band.
    LowContrast,
    /// Seen at an angle: one side of the page is nearer than the other.
    Perspective,
    /// The page far away: the QR code has under 3 pixels per module.
    SmallPrint,
    /// Strong JPEG compression (quality).
    Jpeg(u8),
    /// Sensor noise (standard deviation in grey levels).
    Noise(f32),
    /// A shadow across the page.
    Shadow,
    /// Rotation, slight perspective, blur, noise and JPEG together.
    Combined,
}

impl Degradation {
    pub fn name(self) -> String {
        match self {
            Degradation::Clean => "clean".into(),
            Degradation::Rotation(d) => format!("rotation ±{d:.0}°"),
            Degradation::Blur(s) => format!("blur σ{s:.1}"),
            Degradation::LowContrast => "low contrast".into(),
            Degradation::Perspective => "perspective".into(),
            Degradation::SmallPrint => "small print".into(),
            Degradation::Jpeg(q) => format!("jpeg q{q}"),
            Degradation::Noise(s) => format!("noise σ{s:.0}"),
            Degradation::Shadow => "shadow".into(),
            Degradation::Combined => "combined".into(),
        }
    }

    /// Every degradation the tests and the benchmark use.
    pub fn all() -> Vec<Degradation> {
        vec![
            Degradation::Clean,
            Degradation::Rotation(40.0),
            Degradation::Blur(1.6),
            Degradation::LowContrast,
            Degradation::Perspective,
            Degradation::SmallPrint,
            Degradation::Jpeg(25),
            Degradation::Noise(14.0),
            Degradation::Shadow,
            Degradation::Combined,
        ]
    }
}

/// A camera frame size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    pub name: &'static str,
    pub width: u32,
    pub height: u32,
    /// Whole page in view (a phone photo) or only its payment part (a webcam held close).
    pub whole_page: bool,
}

/// A 1080p webcam frame showing the payment part of the notice.
pub const FULL_HD: Frame = Frame {
    name: "1080p",
    width: 1920,
    height: 1080,
    whole_page: false,
};

/// A 12 MP phone photo (4000×3000) of the whole page.
pub const TWELVE_MP: Frame = Frame {
    name: "12MP",
    width: 4000,
    height: 3000,
    whole_page: true,
};

/// A photo of a notice carrying `payloads`, in `frame`, degraded; returned as grey levels
/// (before any JPEG step) and as the file bytes (JPEG, as cameras write, or PNG).
pub struct Photo {
    pub payloads: Vec<String>,
    pub degradation: Degradation,
    pub bytes: Vec<u8>,
    pub extension: &'static str,
}

pub fn photo(payloads: &[String], frame: Frame, degradation: Degradation, seed: u64) -> Photo {
    let mut rng = Rng::new(seed);
    let (fw, fh) = (frame.width as f32, frame.height as f32);
    // Pixels per mm in the frame, and which part of the page (mm) is centred.
    let (mut s, centre_y) = if frame.whole_page {
        (fh.min(fw * 297.0 / 210.0) * 0.9 / 297.0, 148.5)
    } else {
        (fh * 0.92 / 120.0, 215.0)
    };
    if degradation == Degradation::SmallPrint {
        s *= if frame.whole_page { 0.42 } else { 0.45 };
    }
    let page = notice_page(payloads, s, &mut rng);
    let (pw, ph) = (page.width() as f32, page.height() as f32);

    // Where the page's corners land in the frame.
    // The point of the page at the frame's centre (and the centre of rotation): the QR code
    // when a webcam is pointed at a single one, else the middle of the page; so every code is
    // in the frame whatever the rotation.
    let (cx, cy) = (fw / 2.0 + rng.range(-0.04, 0.04) * fw, fh / 2.0);
    let centre_x = if !frame.whole_page && payloads.len() == 1 {
        26.5 + rng.range(0.0, 25.0)
    } else {
        105.0
    };
    let (px, py) = (centre_x * s, centre_y * s);
    let corners = [(0.0, 0.0), (pw, 0.0), (pw, ph), (0.0, ph)];
    let angle = match degradation {
        Degradation::Rotation(d) => rng.range(-d, d),
        Degradation::Combined => rng.range(-20.0, 20.0),
        _ => rng.range(-1.5, 1.5),
    }
    .to_radians();
    let keystone = match degradation {
        Degradation::Perspective => 0.22,
        Degradation::Combined => 0.10,
        _ => 0.0,
    };
    let (sin, cos) = angle.sin_cos();
    let to: Vec<(f32, f32)> = corners
        .iter()
        .map(|&(x, y)| {
            // Perspective: the top of the page is farther, so narrower.
            let depth = 1.0 - keystone * (1.0 - y / ph);
            let dx = (x - px) * depth;
            let dy = (y - py) * (1.0 - keystone * 0.3);
            (cx + dx * cos - dy * sin, cy + dx * sin + dy * cos)
        })
        .collect();
    let projection =
        Projection::from_control_points(corners, [to[0], to[1], to[2], to[3]]).unwrap();
    let background = Luma([rng.range(70.0, 120.0) as u8]);
    let mut img = GrayImage::from_pixel(frame.width, frame.height, background);
    warp_into(
        &page,
        projection,
        Interpolation::Bilinear,
        imageproc::geometric_transformations::Border::Constant(background),
        &mut img,
    );

    // Blur and sensor noise only where asked: the bilinear warp and the JPEG step already
    // soften a clean photo, and these filters are slow in debug-mode tests.
    let sigma = match degradation {
        Degradation::Blur(s) => s,
        Degradation::Combined => 1.2,
        _ => 0.0,
    };
    if sigma > 0.0 {
        img = imageproc::filter::gaussian_blur_f32(&img, sigma);
    }
    match degradation {
        Degradation::LowContrast => {
            for p in img.pixels_mut() {
                p.0[0] = 105 + (u32::from(p.0[0]) * 45 / 255) as u8;
            }
        }
        Degradation::Shadow => {
            let (w, h) = (frame.width as f32, frame.height as f32);
            for (x, y, p) in img.enumerate_pixels_mut() {
                let t = (x as f32 / w * 0.7 + y as f32 / h * 0.3).clamp(0.0, 1.0);
                let f = 0.35 + 0.65 * t;
                p.0[0] = (f32::from(p.0[0]) * f) as u8;
            }
        }
        _ => {}
    }
    let noise = match degradation {
        Degradation::Noise(s) => s,
        Degradation::Combined => 8.0,
        _ => 0.0,
    };
    if noise > 0.0 {
        img = imageproc::noise::gaussian_noise(&img, 0.0, f64::from(noise), seed ^ 0x5eed);
    }

    let quality = match degradation {
        Degradation::Jpeg(q) => q,
        Degradation::Combined => 50,
        _ => 88,
    };
    let mut bytes = Vec::new();
    JpegEncoder::new_with_quality(Cursor::new(&mut bytes), quality)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::L8,
        )
        .unwrap();
    Photo {
        payloads: payloads.to_vec(),
        degradation,
        bytes,
        extension: "jpg",
    }
}

/// A PNG of the image (for notices saved from a screen).
pub fn png(img: &GrayImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(Cursor::new(&mut bytes))
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::L8,
        )
        .unwrap();
    bytes
}
