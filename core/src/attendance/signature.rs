//! On-screen signatures: the pen strokes a participant drew become a small SVG document.
//!
//! The UI sends the strokes, never markup: the SVG is written here from checked numbers only,
//! so a stored signature cannot carry script or links, and its size is bounded. A signature is
//! personal data: [`Signature`]'s `Debug` shows its size, never its content, so it cannot end up
//! in log output by accident.

use std::fmt::{self, Write as _};

use serde::{Deserialize, Serialize};

use crate::error::{AttendanceError, Result};

/// The largest stored signature, in bytes of SVG.
pub const MAX_BYTES: usize = 48 * 1024;
/// The largest drawing area accepted, in CSS pixels per side.
const MAX_SIDE: f64 = 4000.0;
/// A drawing smaller than this (in pixels, both ways) is a slip, not a signature.
const MIN_EXTENT: f64 = 8.0;

/// What the signature pad sends: its size and the strokes drawn, each a list of `[x, y]` points.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Strokes {
    /// Width of the drawing area.
    pub width: f64,
    /// Height of the drawing area.
    pub height: f64,
    /// Strokes, each the points the pen passed through.
    pub strokes: Vec<Vec<[f64; 2]>>,
}

/// A signature as stored: an SVG document.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature(pub String);

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature(<{} bytes, not shown>)", self.0.len())
    }
}

impl Strokes {
    /// Checks the strokes and writes them as an SVG document.
    pub fn to_svg(&self) -> Result<Signature> {
        let size_ok = |v: f64| v.is_finite() && v > 0.0 && v <= MAX_SIDE;
        if !size_ok(self.width) || !size_ok(self.height) {
            return Err(AttendanceError::SignatureEmpty.into());
        }
        let inside = |[x, y]: [f64; 2]| {
            x.is_finite()
                && y.is_finite()
                && (0.0..=self.width).contains(&x)
                && (0.0..=self.height).contains(&y)
        };
        let points: Vec<[f64; 2]> = self
            .strokes
            .iter()
            .flatten()
            .copied()
            .filter(|p| inside(*p))
            .collect();
        let extent = |axis: usize| {
            let values = points.iter().map(|p| p[axis]);
            values.clone().fold(f64::MIN, f64::max) - values.fold(f64::MAX, f64::min)
        };
        if points.len() < 2 || (extent(0) < MIN_EXTENT && extent(1) < MIN_EXTENT) {
            return Err(AttendanceError::SignatureEmpty.into());
        }
        let mut path = String::new();
        for stroke in &self.strokes {
            let mut first = true;
            for point in stroke.iter().filter(|p| inside(**p)) {
                let command = if first { 'M' } else { 'L' };
                first = false;
                write!(path, "{command}{:.1} {:.1}", point[0], point[1]).expect("string write");
                if path.len() > MAX_BYTES {
                    return Err(too_large(path.len()));
                }
            }
        }
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.0} {h:.0}\" width=\"{w:.0}\" height=\"{h:.0}\">\
             <path d=\"{path}\" fill=\"none\" stroke=\"#102a43\" stroke-width=\"2.5\" \
             stroke-linecap=\"round\" stroke-linejoin=\"round\"/></svg>",
            w = self.width,
            h = self.height,
        );
        if svg.len() > MAX_BYTES {
            return Err(too_large(svg.len()));
        }
        Ok(Signature(svg))
    }
}

impl Signature {
    /// The drawing area and strokes of a signature this module wrote (for printing it): `None`
    /// for anything else.
    pub fn strokes(&self) -> Option<Strokes> {
        let view = self.0.split("viewBox=\"0 0 ").nth(1)?;
        let mut size = view.split('"').next()?.split(' ');
        let width: f64 = size.next()?.parse().ok()?;
        let height: f64 = size.next()?.parse().ok()?;
        let path = self.0.split(" d=\"").nth(1)?.split('"').next()?;
        let mut strokes: Vec<Vec<[f64; 2]>> = Vec::new();
        let mut rest = path;
        while let Some(command) = rest.chars().next() {
            let end = rest[1..].find(['M', 'L']).map_or(rest.len(), |i| i + 1);
            let mut xy = rest[1..end].split(' ');
            let point = [xy.next()?.parse().ok()?, xy.next()?.parse().ok()?];
            match command {
                'M' => strokes.push(vec![point]),
                'L' => strokes.last_mut()?.push(point),
                _ => return None,
            }
            rest = &rest[end..];
        }
        Some(Strokes {
            width,
            height,
            strokes,
        })
    }
}

fn too_large(bytes: usize) -> crate::error::Error {
    AttendanceError::SignatureTooLarge {
        kib: bytes.div_ceil(1024),
        max_kib: MAX_BYTES / 1024,
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn pad(strokes: Vec<Vec<[f64; 2]>>) -> Strokes {
        Strokes {
            width: 600.0,
            height: 200.0,
            strokes,
        }
    }

    #[test]
    fn a_stored_signature_reads_back_as_its_strokes() {
        let drawn = pad(vec![
            vec![[10.0, 20.0], [50.0, 60.5]],
            vec![[100.0, 100.0], [120.0, 110.0], [130.0, 90.0]],
        ]);
        let back = drawn.to_svg().unwrap().strokes().unwrap();
        assert_eq!((back.width, back.height), (600.0, 200.0));
        assert_eq!(back.strokes, drawn.strokes);
        assert!(Signature("<svg/>".into()).strokes().is_none());
    }

    #[test]
    fn strokes_become_an_svg_path() {
        let svg = pad(vec![
            vec![[10.0, 20.0], [50.0, 60.5]],
            vec![[70.0, 20.0], [90.0, 40.0]],
        ])
        .to_svg()
        .unwrap();
        assert!(svg
            .0
            .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 600 200\""));
        assert!(svg
            .0
            .contains("d=\"M10.0 20.0L50.0 60.5M70.0 20.0L90.0 40.0\""));
        assert_eq!(
            format!("{svg:?}"),
            format!("Signature(<{} bytes, not shown>)", svg.0.len())
        );
    }

    #[test]
    fn empty_dots_and_nonsense_are_refused() {
        for strokes in [
            vec![],
            vec![vec![[10.0, 10.0]]],
            vec![vec![[10.0, 10.0], [12.0, 13.0]]],
            vec![vec![[f64::NAN, 1.0], [-5.0, 900.0]]],
        ] {
            assert!(matches!(
                pad(strokes).to_svg(),
                Err(Error::Attendance(AttendanceError::SignatureEmpty))
            ));
        }
    }

    #[test]
    fn a_huge_drawing_is_refused() {
        let scribble: Vec<[f64; 2]> = (0..6000)
            .map(|i| [f64::from(i % 600), f64::from(i % 200) + 0.37])
            .collect();
        match pad(vec![scribble]).to_svg() {
            Err(Error::Attendance(AttendanceError::SignatureTooLarge { max_kib, .. })) => {
                assert_eq!(max_kib, 48)
            }
            other => panic!("expected too large, got {other:?}"),
        }
    }
}
