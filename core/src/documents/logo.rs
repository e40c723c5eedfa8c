//! The organisation's logo as documents print it: a PNG or JPEG placed as an image, or an SVG
//! drawn as vectors (sharp at any size, and usually the smallest file a designer has).

use std::sync::Arc;

use krilla::geom::{Size, Transform};
use krilla::surface::Surface;
use krilla_svg::{SurfaceExt, SvgSettings};

use super::canvas::{BOLD, REGULAR};
use crate::error::{Error, Result, ValidationError};
use crate::oplog::OpWriter;
use crate::organisation;

/// Why some bytes cannot be a logo (said to the user, in German, as the offending value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogoProblem {
    /// Neither PNG, JPEG nor SVG.
    NotAnImage,
    /// The file starts like an image of its kind but does not decode.
    Damaged,
    /// An SVG without a width and height to print it at.
    NoSize,
}

impl LogoProblem {
    /// What the file is, as the user reads it ("… ist keine Bilddatei").
    pub fn describe(&self) -> &'static str {
        match self {
            LogoProblem::NotAnImage => "keine Bilddatei",
            LogoProblem::Damaged => "ein beschädigtes Bild",
            LogoProblem::NoSize => "ein SVG ohne Breite und Höhe",
        }
    }
}

/// A decoded logo, ready to draw.
#[derive(Clone)]
pub enum Logo {
    /// A PNG or JPEG image.
    Raster(krilla::image::Image),
    /// An SVG drawing (shared: documents draw it on every page).
    Vector(Arc<usvg::Tree>),
}

impl Logo {
    /// Decodes a PNG, JPEG or SVG file. An SVG may not reach outside itself: images it links
    /// to by file name are left out (only embedded `data:` images are drawn), and its text is
    /// set in the documents' own font, not in whatever fonts this laptop happens to have.
    pub fn decode(bytes: &[u8]) -> Result<Logo, LogoProblem> {
        let data = || -> krilla::Data { Arc::new(bytes.to_vec()).into() };
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return krilla::image::Image::from_png(data(), false)
                .map(Logo::Raster)
                .map_err(|_| LogoProblem::Damaged);
        }
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return krilla::image::Image::from_jpeg(data(), false)
                .map(Logo::Raster)
                .map_err(|_| LogoProblem::Damaged);
        }
        if !looks_like_svg(bytes) {
            return Err(LogoProblem::NotAnImage);
        }
        let tree = usvg::Tree::from_data(bytes, &svg_options()).map_err(|e| match e {
            usvg::Error::InvalidSize => LogoProblem::NoSize,
            _ => LogoProblem::Damaged,
        })?;
        Ok(Logo::Vector(Arc::new(tree)))
    }

    /// Width and height in the logo's own units (pixels or SVG user units).
    fn size(&self) -> (f32, f32) {
        match self {
            Logo::Raster(image) => {
                let (w, h) = image.size();
                (w as f32, h as f32)
            }
            Logo::Vector(tree) => (tree.size().width(), tree.size().height()),
        }
    }

    /// Draws the logo with its top right corner at `(right, top)`, at most `max_w` × `max_h`,
    /// keeping its proportions.
    pub(super) fn draw_top_right(
        &self,
        surface: &mut Surface,
        right: f32,
        top: f32,
        max_w: f32,
        max_h: f32,
    ) {
        let (w, h) = self.size();
        let scale = (max_w / w).min(max_h / h);
        let Some(size) = Size::from_wh(w * scale, h * scale) else {
            return;
        };
        surface.push_transform(&Transform::from_translate(right - size.width(), top));
        match self {
            Logo::Raster(image) => surface.draw_image(image.clone(), size),
            Logo::Vector(tree) => {
                // Text as outlines: a logo's lettering is a picture, not document text.
                let settings = SvgSettings {
                    embed_text: false,
                    ..SvgSettings::default()
                };
                surface.draw_svg(tree, size, settings);
            }
        }
        surface.pop();
    }
}

/// An SVG file starts (after an optional byte order mark, XML declaration, comments or
/// doctype) with its `<svg` element; gzip-compressed SVG is not accepted.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    head.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
        && head.contains("<svg")
}

/// Parsing options that keep an SVG to itself.
fn svg_options() -> usvg::Options<'static> {
    let mut fonts = usvg::fontdb::Database::new();
    fonts.load_font_data(REGULAR.to_vec());
    fonts.load_font_data(BOLD.to_vec());
    let mut options = usvg::Options {
        font_family: "DejaVu Sans".into(),
        fontdb: Arc::new(fonts),
        ..usvg::Options::default()
    };
    options.image_href_resolver.resolve_string = Box::new(|_, _| None);
    options
}

/// Largest logo accepted: plenty for a sharp logo at print size, small enough to sync.
pub const MAX_LOGO_BYTES: usize = 512 * 1024;

/// The logo `bytes` decoded, or why they cannot be a logo.
pub fn check(bytes: &[u8]) -> Result<Logo> {
    let bad = |value: String| -> Error {
        ValidationError::Setting {
            name: "Logo".into(),
            value,
            allowed: "eine PNG-, JPEG- oder SVG-Datei bis 512 KiB".into(),
        }
        .into()
    };
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(bad(format!("{} KiB groß", bytes.len().div_ceil(1024))));
    }
    // Decoded here, so a damaged file is refused now and not when printing.
    Logo::decode(bytes).map_err(|problem| bad(problem.describe().into()))
}

/// Sets (after checking it: a damaged file is refused now, not when printing) or removes the
/// organisation's logo.
pub fn save(w: &mut OpWriter, bytes: Option<&[u8]>) -> Result<()> {
    if let Some(bytes) = bytes {
        check(bytes)?;
    }
    organisation::store_logo(w, bytes)
}
