//! A page of a finished PDF as a PNG image, so a document can be looked at before it is
//! saved. The page is rendered from the very bytes that would be saved (with hayro, a PDF
//! renderer in Rust), so the preview cannot differ from the file.

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{render, PixmapSettings, RenderCache, RenderSettings};

use super::pdf_failed;
use crate::error::Result;

/// Narrowest and widest preview in pixels: readable at the small end, and no bigger than a
/// screen needs at the other.
const WIDTHS: std::ops::RangeInclusive<u32> = 200..=2400;

/// One page of a document as an image.
#[derive(Debug, Clone)]
pub struct PagePreview {
    /// The page as PNG.
    pub png: Vec<u8>,
    /// Which page this is (from 0; a page past the end shows the last one).
    pub page: usize,
    /// How many pages the document has.
    pub pages: usize,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Renders page `page` (from 0) of `pdf`, `width` pixels wide (kept within 200–2400).
pub fn render_page(pdf: &[u8], page: usize, width: u32) -> Result<PagePreview> {
    let failed = |what: &str| pdf_failed(format!("Vorschau: {what}"));
    let pdf = Pdf::new(pdf.to_vec()).map_err(|e| failed(&format!("{e:?}")))?;
    let pages = pdf.pages();
    let count = pages.len();
    let index = page.min(count.saturating_sub(1));
    let Some(shown) = pages.get(index) else {
        return Err(failed("das Dokument hat keine Seiten"));
    };
    let (page_width, _) = shown.render_dimensions();
    let scale = width.clamp(*WIDTHS.start(), *WIDTHS.end()) as f32 / page_width;
    let pixmap = render(
        shown,
        &RenderCache::new(),
        &InterpreterSettings::default(),
        &RenderSettings::default(),
        &PixmapSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: WHITE,
        },
    );
    let (width, height) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
    let png = pixmap.into_png().map_err(|e| failed(&e.to_string()))?;
    Ok(PagePreview {
        png,
        page: index,
        pages: count,
        width,
        height,
    })
}
