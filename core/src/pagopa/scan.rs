//! Notice codes found in a photo (PNG or JPEG) of a paper notice or a screen: the notice QR
//! codes and the Poste Data Matrix.
//!
//! Photos are large (12 MP from a phone) while a notice's QR code is small (25 mm on A4), so
//! the search works on a pyramid: first the image reduced to at most [`ScanOptions::max_side`]
//! pixels (box filter, which also smooths sensor noise), then, while nothing is found, the full
//! image, and finally other binarisations (a local-mean threshold and a contrast stretch) for
//! dim or uneven light. Two decoders are available ([`ScanEngine`]): `rxing` (a port of ZXing,
//! hybrid binariser, reads QR and Data Matrix) and `rqrr` (a port of quirc, QR only).
//!
//! Every decoder call is guarded: a decoder that panics on a strange image counts as "nothing
//! found" instead of taking the caller down.

use std::collections::HashSet;
use std::convert::Infallible;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use image::{GrayImage, ImageReader, Limits};
use serde::Serialize;

use super::notice::{Notice, NoticeError};
use super::{datamatrix, qr};

/// Largest image accepted (pixels per side); larger files are refused before decoding.
pub const MAX_DIMENSION: u32 = 16_384;

/// Why an image cannot be scanned at all (finding nothing is not an error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoScanError {
    /// The image's bytes cannot be read.
    #[error("cannot read the image: {detail}")]
    Read {
        /// What failed.
        detail: String,
    },
    /// Not a PNG or JPEG image that can be decoded.
    #[error("not a PNG or JPEG image that can be decoded: {detail}")]
    Image {
        /// What the decoder said.
        detail: String,
    },
    /// Wider or taller than [`MAX_DIMENSION`].
    #[error("image too large: {width}×{height}")]
    TooLarge {
        /// Its width in pixels.
        width: u32,
        /// Its height in pixels.
        height: u32,
    },
}

/// The decoder that reads the codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScanEngine {
    /// `rxing` (ZXing port): QR codes and the Poste Data Matrix.
    Rxing,
    /// `rqrr` (quirc port): QR codes only.
    Rqrr,
}

/// How hard to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanOptions {
    /// Which decoder reads the codes.
    pub engine: ScanEngine,
    /// Longest side of the first, reduced pass.
    pub max_side: u32,
    /// Go on to the full-size image and other binarisations when the first pass finds
    /// nothing.
    pub thorough: bool,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            engine: ScanEngine::Rxing,
            max_side: 1600,
            thorough: true,
        }
    }
}

/// A pagoPA code found in the image: its text and what it says (or why it is not valid).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Found {
    /// The code's text, as decoded.
    pub text: String,
    /// The notice it holds, when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<Notice>,
    /// Why it is not a valid notice, when it is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<NoticeError>,
}

/// What a scan found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScanResult {
    /// The image's width in pixels.
    pub width: u32,
    /// The image's height in pixels.
    pub height: u32,
    /// Every pagoPA code (QR or Data Matrix), in the order found, without repeats.
    pub found: Vec<Found>,
    /// Codes that are not pagoPA notices (a web address, say).
    pub other: Vec<String>,
    /// Decoder passes made.
    pub passes: u32,
}

impl ScanResult {
    /// The valid notices found.
    pub fn notices(&self) -> impl Iterator<Item = &Notice> {
        self.found.iter().filter_map(|f| f.notice.as_ref())
    }
}

/// Scans an image file.
pub fn scan_file(path: &Path, options: &ScanOptions) -> Result<ScanResult, PhotoScanError> {
    let bytes = std::fs::read(path).map_err(|e| PhotoScanError::Read {
        detail: e.to_string(),
    })?;
    scan_bytes(&bytes, options)
}

/// Decodes PNG or JPEG bytes to grey levels, refusing images over [`MAX_DIMENSION`].
pub fn load_gray(bytes: &[u8]) -> Result<GrayImage, PhotoScanError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PhotoScanError::Read {
            detail: e.to_string(),
        })?;
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| PhotoScanError::Image {
            detail: e.to_string(),
        })?;
    if width > MAX_DIMENSION || height > MAX_DIMENSION {
        return Err(PhotoScanError::TooLarge { width, height });
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PhotoScanError::Read {
            detail: e.to_string(),
        })?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(2 * 1024 * 1024 * 1024);
    reader.limits(limits);
    let img = reader.decode().map_err(|e| PhotoScanError::Image {
        detail: e.to_string(),
    })?;
    Ok(img.into_luma8())
}

/// Scans PNG or JPEG bytes.
pub fn scan_bytes(bytes: &[u8], options: &ScanOptions) -> Result<ScanResult, PhotoScanError> {
    let gray = load_gray(bytes)?;
    Ok(scan_gray(&gray, options))
}

/// Scans a grey-level image.
pub fn scan_gray(img: &GrayImage, options: &ScanOptions) -> ScanResult {
    match scan_gray_with(img, options, &mut |_, _| Ok::<(), Infallible>(())) {
        Ok(result) | Err((_, result)) => result,
    }
}

/// How many passes of the code readers [`scan_gray_with`] may make on an image of `w`×`h`.
pub fn planned_passes(w: u32, h: u32, options: &ScanOptions) -> u64 {
    let reduced = w.max(h).div_ceil(options.max_side.max(64)) > 1;
    match (options.thorough, reduced) {
        (false, _) => 1,
        (true, false) => 3,
        (true, true) => 5,
    }
}

/// Scans a grey-level image, calling `step(done, total)` after each pass of the code readers
/// (`total` from [`planned_passes`]; the scan ends early once a pagoPA code is read). When
/// `step` says to stop, gives back what was read so far beside its error.
pub fn scan_gray_with<E>(
    img: &GrayImage,
    options: &ScanOptions,
    step: &mut dyn FnMut(u64, u64) -> Result<(), E>,
) -> Result<ScanResult, (E, ScanResult)> {
    let mut acc = Accumulator::default();
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return Ok(acc.finish(w, h));
    }
    let total = planned_passes(w, h, options);
    let factor = w.max(h).div_ceil(options.max_side.max(64));
    let reduced = (factor > 1 && w >= factor && h >= factor).then(|| downscale(img, factor));
    let first = reduced.as_ref().unwrap_or(img);
    let mut passes: Vec<(&GrayImage, Prep)> = vec![(first, Prep::AsIs)];
    if options.thorough {
        if reduced.is_some() {
            passes.push((img, Prep::AsIs));
        }
        passes.push((first, Prep::Stretch));
        passes.push((first, Prep::LocalMean));
        if reduced.is_some() {
            passes.push((img, Prep::LocalMean));
        }
    }
    for (image, prep) in passes {
        acc.run(options.engine, image, prep);
        if let Err(e) = step(u64::from(acc.passes), total) {
            return Err((e, acc.finish(w, h)));
        }
        if acc.pagopa() {
            break;
        }
    }
    Ok(acc.finish(w, h))
}

/// How the grey image is prepared for a pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prep {
    AsIs,
    /// Stretches the grey levels between the 1st and 99th percentiles to the full range.
    Stretch,
    /// Black and white by comparison with the mean of a neighbourhood (integral image).
    LocalMean,
}

#[derive(Default)]
struct Accumulator {
    seen: HashSet<String>,
    found: Vec<Found>,
    other: Vec<String>,
    passes: u32,
}

impl Accumulator {
    fn pagopa(&self) -> bool {
        !self.found.is_empty()
    }

    fn add(&mut self, text: String) {
        if !self.seen.insert(text.clone()) {
            return;
        }
        if qr::looks_like(&text) || datamatrix::looks_like(&text) {
            let parsed = super::parse(&text, None);
            let (notice, error) = match parsed {
                Ok(n) => (Some(n), None),
                Err(e) => (None, Some(e)),
            };
            self.found.push(Found {
                text,
                notice,
                error,
            });
        } else {
            self.other.push(text);
        }
    }

    fn run(&mut self, engine: ScanEngine, img: &GrayImage, prep: Prep) {
        self.passes += 1;
        let prepared;
        let img = match prep {
            Prep::AsIs => img,
            Prep::Stretch => {
                prepared = stretch(img);
                &prepared
            }
            Prep::LocalMean => {
                prepared = local_mean_binarize(img);
                &prepared
            }
        };
        let texts = catch_unwind(AssertUnwindSafe(|| match engine {
            ScanEngine::Rxing => decode_rxing(img),
            ScanEngine::Rqrr => decode_rqrr(img),
        }))
        .unwrap_or_default();
        for t in texts {
            self.add(t);
        }
    }

    fn finish(self, width: u32, height: u32) -> ScanResult {
        ScanResult {
            width,
            height,
            found: self.found,
            other: self.other,
            passes: self.passes,
        }
    }
}

fn decode_rqrr(img: &GrayImage) -> Vec<String> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let raw = img.as_raw();
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        raw.get(y * w + x).copied().unwrap_or(255)
    });
    prepared
        .detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok().map(|(_, text)| text))
        .collect()
}

fn decode_rxing(img: &GrayImage) -> Vec<String> {
    use rxing::{BarcodeFormat, DecodeHints};
    let mut hints = DecodeHints {
        PossibleFormats: Some(HashSet::from([
            BarcodeFormat::QR_CODE,
            BarcodeFormat::DATA_MATRIX,
        ])),
        TryHarder: Some(true),
        ..DecodeHints::default()
    };
    rxing::helpers::detect_multiple_in_luma_with_hints(
        img.as_raw().clone(),
        img.width(),
        img.height(),
        &mut hints,
    )
    .map(|results| {
        results
            .into_iter()
            .map(|r| r.getText().to_string())
            .collect()
    })
    .unwrap_or_default()
}

/// Box-filter reduction by an integer factor.
fn downscale(img: &GrayImage, factor: u32) -> GrayImage {
    let (w, h) = img.dimensions();
    let (nw, nh) = ((w / factor).max(1), (h / factor).max(1));
    let f = factor as usize;
    let raw = img.as_raw();
    let stride = w as usize;
    let area = u32::try_from(f * f).unwrap_or(u32::MAX);
    let mut out = Vec::with_capacity(nw as usize * nh as usize);
    let mut sums = vec![0u32; nw as usize];
    for oy in 0..nh as usize {
        sums.fill(0);
        for y in oy * f..(oy * f + f).min(h as usize) {
            let row = &raw[y * stride..y * stride + stride];
            for (ox, s) in sums.iter_mut().enumerate() {
                let start = ox * f;
                *s += row[start..start + f]
                    .iter()
                    .map(|&p| u32::from(p))
                    .sum::<u32>();
            }
        }
        out.extend(sums.iter().map(|&s| u8::try_from(s / area).unwrap_or(255)));
    }
    GrayImage::from_raw(nw, nh, out).unwrap_or_else(|| img.clone())
}

fn stretch(img: &GrayImage) -> GrayImage {
    let mut hist = [0usize; 256];
    for &p in img.as_raw() {
        hist[usize::from(p)] += 1;
    }
    let total = img.as_raw().len();
    let cut = total / 100;
    let (mut lo, mut hi, mut acc) = (0usize, 255usize, 0usize);
    for (v, &n) in hist.iter().enumerate() {
        acc += n;
        if acc > cut {
            lo = v;
            break;
        }
    }
    acc = 0;
    for (v, &n) in hist.iter().enumerate().rev() {
        acc += n;
        if acc > cut {
            hi = v;
            break;
        }
    }
    if hi <= lo + 1 {
        return img.clone();
    }
    let span = (hi - lo) as u32;
    let lut: Vec<u8> = (0..256u32)
        .map(|v| {
            let v = v.clamp(lo as u32, hi as u32) - lo as u32;
            u8::try_from(v * 255 / span).unwrap_or(255)
        })
        .collect();
    let raw: Vec<u8> = img.as_raw().iter().map(|&p| lut[usize::from(p)]).collect();
    GrayImage::from_raw(img.width(), img.height(), raw).unwrap_or_else(|| img.clone())
}

fn local_mean_binarize(img: &GrayImage) -> GrayImage {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let raw = img.as_raw();
    // Integral image with a zero row and column.
    let mut integral = vec![0u64; (w + 1) * (h + 1)];
    for y in 0..h {
        let mut row = 0u64;
        for x in 0..w {
            row += u64::from(raw[y * w + x]);
            integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
        }
    }
    let r = (w.min(h) / 24).max(8);
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
            let sum = integral[y1 * (w + 1) + x1] + integral[y0 * (w + 1) + x0]
                - integral[y0 * (w + 1) + x1]
                - integral[y1 * (w + 1) + x0];
            let n = ((y1 - y0) * (x1 - x0)) as u64;
            // Black when darker than 90 % of the local mean.
            let black = u64::from(raw[y * w + x]) * 10 * n < sum * 9;
            out.push(if black { 0 } else { 255 });
        }
    }
    GrayImage::from_raw(img.width(), img.height(), out).unwrap_or_else(|| img.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_and_tiny_images_find_nothing() {
        for (w, h) in [(0, 0), (1, 1), (3, 200), (640, 480)] {
            let img = GrayImage::from_pixel(w, h, image::Luma([255]));
            for engine in [ScanEngine::Rxing, ScanEngine::Rqrr] {
                let r = scan_gray(
                    &img,
                    &ScanOptions {
                        engine,
                        ..ScanOptions::default()
                    },
                );
                assert!(r.found.is_empty() && r.other.is_empty());
            }
        }
    }

    #[test]
    fn garbage_bytes_are_an_error_not_a_panic() {
        assert!(matches!(
            scan_bytes(b"not an image", &ScanOptions::default()),
            Err(PhotoScanError::Read { .. } | PhotoScanError::Image { .. })
        ));
        let mut png_head = b"\x89PNG\r\n\x1a\n".to_vec();
        png_head.extend_from_slice(&[0xff; 64]);
        assert!(scan_bytes(&png_head, &ScanOptions::default()).is_err());
    }

    #[test]
    fn downscale_and_binarize_keep_sizes() {
        let img = GrayImage::from_fn(101, 53, |x, y| image::Luma([((x * 7 + y * 3) % 256) as u8]));
        let d = downscale(&img, 4);
        assert_eq!(d.dimensions(), (25, 13));
        assert_eq!(stretch(&img).dimensions(), img.dimensions());
        assert_eq!(local_mean_binarize(&img).dimensions(), img.dimensions());
    }
}
