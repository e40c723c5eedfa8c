//! Documents as real PDF files: text extracted with pdftotext (poppler-utils), pages rendered
//! with pdftoppm and checked not to be blank, badge QR codes decoded with zbarimg (zbar-tools)
//! and used to check in.

use std::path::Path;
use std::process::Command;

use crate::common::{door, person, Door};
use chrono::{TimeZone, Utc};
use regiolab_core::documents::badges::Layout;
use regiolab_core::documents::Lang;
use regiolab_core::organisation::OrganisationSettings;
use regiolab_core::{Clock, RegistrationStatus, Strokes, Who};
use tempfile::TempDir;

fn tool(name: &str, package: &str) -> String {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(found, "{name} is needed: sudo apt-get install -y {package}");
    name.to_owned()
}

/// The text of a PDF as laid out, pages separated by form feeds.
fn pdf_text(pdf: &[u8]) -> String {
    pdf_text_as(pdf, "-layout")
}

/// The text of a PDF with pdftotext's `mode`: `-layout` (as on the page) or `-raw` (in the
/// order it was drawn, so that two badges side by side do not interleave).
fn pdf_text_as(pdf: &[u8], mode: &str) -> String {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("doc.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new(tool("pdftotext", "poppler-utils"))
        .args([mode, "-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pdftotext: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Renders every page at `dpi` as PGM files in `dir`; returns their paths.
fn render(pdf: &[u8], dir: &Path, dpi: u32) -> Vec<std::path::PathBuf> {
    let file = dir.join("doc.pdf");
    std::fs::write(&file, pdf).unwrap();
    let status = Command::new(tool("pdftoppm", "poppler-utils"))
        .args(["-gray", "-r", &dpi.to_string()])
        .arg(&file)
        .arg(dir.join("page"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut pages: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pgm"))
        .collect();
    pages.sort();
    pages
}

/// Share of dark pixels on a rendered page (binary PGM).
fn ink(page: &Path) -> f64 {
    let bytes = std::fs::read(page).unwrap();
    // Header: "P5\n<w> <h>\n255\n".
    let mut newlines = 0;
    let start = bytes
        .iter()
        .position(|b| {
            newlines += usize::from(*b == b'\n');
            newlines == 3
        })
        .unwrap()
        + 1;
    let pixels = &bytes[start..];
    pixels.iter().filter(|p| **p < 128).count() as f64 / pixels.len() as f64
}

fn organisation() -> OrganisationSettings {
    OrganisationSettings {
        org_name: "regioLab – Weiterbildungsverbund Region Hannover".into(),
        org_address: "Hildesheimer Straße 20\n30169 Hannover".into(),
        signatory_name: "Dr. Jürgen Weißmüller".into(),
        signatory_role: "Projektleitung".into(),
        ..OrganisationSettings::default()
    }
}

/// Anna here from 09:03 (open, counts to 16:00), Claudia from 14:00 to 16:00, Jörg absent; a
/// fourth person with a very long name here all day.
fn held_workshop() -> (Door, String) {
    let mut d = door();
    d.desk.set_organisation(&organisation()).unwrap();
    let long = person(
        &mut d.desk,
        "Maximiliane-Theresia",
        "von Hohenzollern-Sigmaringen-Weißenfels-Großostheim",
        None,
    );
    d.desk
        .register_as(&long, &d.workshop, RegistrationStatus::Registered)
        .unwrap();
    for who in [&d.anna, &long] {
        d.desk
            .check_in(&d.workshop, None, &Who::Person(who.clone()))
            .unwrap();
    }
    d.desk.set_clock(Clock::Fixed(
        Utc.with_ymd_and_hms(2026, 11, 25, 13, 0, 0).unwrap(),
    ));
    d.desk
        .check_in(&d.workshop, None, &Who::Person(d.claudia.clone()))
        .unwrap();
    d.desk.set_clock(Clock::Fixed(
        Utc.with_ymd_and_hms(2026, 11, 25, 16, 0, 0).unwrap(),
    ));
    (d, long)
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "reads the PDF with poppler (pdftotext, pdftoppm), Linux programs"
)]
fn certificates_go_to_who_reached_the_minimum_with_names_hours_and_dates_as_text() {
    let (d, _) = held_workshop();
    let set = d.desk.certificates(&d.workshop, Lang::De).unwrap();
    assert_eq!(set.minimum, 80);
    assert_eq!(set.issued.len(), 2, "{:?}", set.issued);
    assert!(set.issued.contains(&"Anna Müller".to_owned()));
    assert_eq!(set.below_minimum, [("Claudia Strauß".to_owned(), 28)]);
    let names: Vec<&str> = set.each.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.contains(&"Teilnahmebescheinigung_Müller_Anna.pdf"),
        "{names:?}"
    );

    let text = pdf_text(&set.combined);
    assert_eq!(text.matches('\u{c}').count(), 2, "two pages");
    for expected in [
        "Teilnahmebescheinigung",
        "Anna Müller",
        "Muster GmbH",
        "Cobots in der Fertigung",
        "Mi 25.11.2026, 09:00–16:00 Uhr",
        "Teilgenommen: 7,00 Stunden (100 % der Veranstaltung)",
        "Hildesheimer Straße 20",
        "Dr. Jürgen Weißmüller",
        "Weiterbildungsverbünden",
    ] {
        assert!(text.contains(expected), "{expected:?} missing in:\n{text}");
    }
    // The long name is wrapped at its hyphens, not cut: all of it is there, line by line.
    let joined: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        joined.contains("vonHohenzollern-Sigmaringen-Weißenfels-Großostheim"),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.trim_end().ends_with("Weißenfels-")),
        "broken after a hyphen"
    );
    assert!(
        !text.contains("Claudia"),
        "no certificate below the minimum"
    );
    // PDF/A-2b, with the fonts embedded.
    let raw = String::from_utf8_lossy(&set.combined);
    assert!(raw.contains("pdfaid:part") && raw.contains("FontFile2"));

    let dir = TempDir::new().unwrap();
    let pages = render(&set.combined, dir.path(), 40);
    assert_eq!(pages.len(), 2);
    for page in pages {
        let share = ink(&page);
        assert!(
            share > 0.005 && share < 0.5,
            "page {page:?} is blank or black: {share}"
        );
    }
    let english = pdf_text(&d.desk.certificates(&d.workshop, Lang::En).unwrap().combined);
    assert!(english.contains("Certificate of Attendance") && english.contains("Wed 25.11.2026"));
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "reads the PDF with poppler (pdftotext, pdftoppm), Linux programs"
)]
fn the_sign_in_sheet_prints_everyone_registered_and_a_captured_signature() {
    let (mut d, _) = held_workshop();
    d.desk
        .sign(
            &d.workshop,
            &d.session,
            &Who::Person(d.anna.clone()),
            &Strokes {
                width: 600.0,
                height: 200.0,
                strokes: vec![vec![
                    [20.0, 150.0],
                    [200.0, 40.0],
                    [380.0, 160.0],
                    [580.0, 30.0],
                ]],
            },
        )
        .unwrap();
    let pdf = d.desk.sign_in_sheet(&d.workshop, None, Lang::De).unwrap();
    let text = pdf_text(&pdf);
    for expected in [
        "Unterschriftenliste",
        "Cobots in der Fertigung",
        "Mi 25.11.2026, 09:00–16:00 Uhr",
        "Müller, Anna",
        "Weiß, Jörg",
        "Strauß, Claudia",
        "Muster GmbH",
        "digital unterschrieben",
        "Seite 1 von 1",
    ] {
        assert!(text.contains(expected), "{expected:?} missing in:\n{text}");
    }
    assert_eq!(text.matches("digital unterschrieben").count(), 1);
    let dir = TempDir::new().unwrap();
    let pages = render(&pdf, dir.path(), 40);
    assert!(ink(&pages[0]) > 0.01);
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "reads the PDF with poppler and zbar (pdftotext, pdftoppm, zbarimg), Linux programs"
)]
fn badges_show_whole_names_and_their_qr_codes_check_people_in() {
    let (mut d, _) = held_workshop();
    let codes: std::collections::BTreeSet<String> = d
        .desk
        .registrations(&d.workshop)
        .unwrap()
        .into_iter()
        .map(|r| r.code)
        .collect();
    let pdf = d
        .desk
        .badges(&d.workshop, Layout::default(), Lang::De)
        .unwrap();
    let text = pdf_text(&pdf);
    assert!(text.contains("Anna") && text.contains("Müller") && text.contains("Cobots"));
    // The longest name is set smaller and wrapped, never cut off.
    for part in [
        "Maximiliane-Theresia",
        "Hohenzollern-Sigmaringen-",
        "Weißenfels-Großostheim",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    let dir = TempDir::new().unwrap();
    let pages = render(&pdf, dir.path(), 150);
    let out = Command::new(tool("zbarimg", "zbar-tools"))
        .args(["--raw", "-q", "-Sdisable", "-Sqrcode.enable"])
        .args(&pages)
        .output()
        .unwrap();
    let decoded: std::collections::BTreeSet<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        decoded, codes,
        "every badge's QR code reads back as its check-in code"
    );
    // Jörg is not here yet: his scanned badge checks him in.
    let joerg_code = d
        .desk
        .registrations(&d.workshop)
        .unwrap()
        .into_iter()
        .find(|r| r.person_id == d.joerg)
        .unwrap()
        .code;
    assert!(decoded.contains(&joerg_code));
    d.desk.set_clock(Clock::Fixed(
        Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap(),
    ));
    let receipt = d
        .desk
        .check_in(&d.workshop, None, &Who::Code(joerg_code))
        .unwrap();
    assert_eq!(receipt.person_id, d.joerg);
}

#[test]
fn documents_for_a_workshop_without_sessions_or_with_a_bad_grid_are_refused() {
    let (mut d, _) = held_workshop();
    let empty = d
        .desk
        .create_workshop(&regiolab_core::NewWorkshop {
            title: "Noch ohne Termin".into(),
            ..Default::default()
        })
        .unwrap();
    for err in [
        d.desk.certificates(&empty, Lang::De).unwrap_err(),
        d.desk.sign_in_sheet(&empty, None, Lang::De).unwrap_err(),
    ] {
        assert_eq!(err.code(), "export.no_sessions");
        assert!(err.to_string().contains("Noch ohne Termin"));
    }
    for bad in ["0x4", "2x9", "zwei", "2*4"] {
        assert_eq!(
            Layout::parse(bad).unwrap_err().code(),
            "input.setting",
            "{bad}"
        );
    }
    assert_eq!(
        Layout::parse("3 x 8").unwrap(),
        Layout {
            columns: 3,
            rows: 8
        }
    );
    assert!(Lang::parse("fr").is_err());
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "reads the PDF with poppler's pdftotext, a Linux program"
)]
fn a_logo_must_be_a_readable_png_jpeg_or_svg_and_then_heads_the_certificates() {
    let (mut d, _) = held_workshop();
    let ops = d.desk.ops().unwrap().len();
    let cut_svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="9"><rect"#.to_vec();
    let flat_svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>"#.to_vec();
    let mut broken =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../icons/32x32.png")).unwrap();
    broken.truncate(60);
    for (bad, says) in [
        (b"Hallo".to_vec(), "keine Bilddatei"),
        (cut_svg, "beschädigt"),
        (flat_svg, "SVG ohne Breite und Höhe"),
        (broken, "beschädigt"),
        (vec![0x89; 600 * 1024], "KiB groß"),
    ] {
        let err = d.desk.set_logo(Some(&bad)).unwrap_err();
        assert_eq!(err.code(), "input.setting");
        assert!(err.to_string().contains(says), "{err}");
    }
    assert_eq!(d.desk.ops().unwrap().len(), ops, "nothing stored");
    assert!(d.desk.logo().unwrap().is_none());

    let png = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../icons/128x128.png")).unwrap();
    d.desk.set_logo(Some(&png)).unwrap();
    assert_eq!(d.desk.logo().unwrap().as_deref(), Some(png.as_slice()));
    let with_logo = d.desk.certificates(&d.workshop, Lang::De).unwrap().combined;
    assert!(String::from_utf8_lossy(&with_logo).contains("/Subtype /Image"));
    assert!(pdf_text(&with_logo).contains("Anna Müller"));
    d.desk.set_logo(None).unwrap();
    assert!(d.desk.logo().unwrap().is_none());
}

/// A logo in SVG (what designers hand over): drawn as vectors in the logo's box, its lettering
/// as outlines; images it links to on disk are not fetched.
#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "reads the PDF with poppler (pdftotext, pdftoppm), Linux programs"
)]
fn an_svg_logo_is_drawn_as_vectors_and_reaches_nothing_outside_itself() {
    let (mut d, _) = held_workshop();
    let dir = tempfile::tempdir().unwrap();
    let first_page_ink = |pdf: &[u8], name: &str| {
        let pages = dir.path().join(name);
        std::fs::create_dir(&pages).unwrap();
        ink(&render(pdf, &pages, 40)[0])
    };
    let plain = d.desk.certificates(&d.workshop, Lang::De).unwrap().combined;
    let plain_ink = first_page_ink(&plain, "plain");

    let icon = concat!(env!("CARGO_MANIFEST_DIR"), "/../icons/128x128.png");
    let svg = format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="250" height="100">
  <rect width="250" height="100" fill="#102a43"/>
  <text x="10" y="60" font-size="40" fill="white">Zirkel</text>
  <image xlink:href="{icon}" x="150" y="0" width="100" height="100"/>
</svg>"##
    );
    d.desk.set_logo(Some(svg.as_bytes())).unwrap();
    let with_logo = d.desk.certificates(&d.workshop, Lang::De).unwrap().combined;

    let raw = String::from_utf8_lossy(&with_logo);
    assert!(
        !raw.contains("/Subtype /Image"),
        "the linked file was not embedded"
    );
    assert!(
        !pdf_text(&with_logo).contains("Zirkel"),
        "lettering is outlines, not text"
    );
    // The dark 55 × 22 mm box is about 2 % of the page.
    let logo_ink = first_page_ink(&with_logo, "logo");
    assert!(
        logo_ink - plain_ink > 0.015,
        "logo drawn: {plain_ink:.4} → {logo_ink:.4}"
    );
}

/// The preview is the saved file's page as an image: the asked width, A4's proportions, the
/// page's text in ink; past the last page it shows the last one; bytes that are no PDF are
/// refused with a message.
#[test]
fn a_preview_renders_the_pages_of_the_very_file_that_would_be_saved() {
    use regiolab_core::documents::preview::render_page;
    let (d, _) = held_workshop();
    let pdf = d.desk.certificates(&d.workshop, Lang::De).unwrap().combined;
    let first = render_page(&pdf, 0, 800).unwrap();
    assert_eq!((first.page, first.pages), (0, 2), "Anna and the long name");
    assert_eq!(first.width, 800);
    assert!(
        (first.height as i64 - 1131).abs() <= 1,
        "A4: {}",
        first.height
    );

    let decoder = png::Decoder::new(std::io::Cursor::new(first.png.clone()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((frame.width, frame.height), (first.width, first.height));
    let channels = frame.color_type.samples();
    let dark = pixels[..frame.buffer_size()]
        .chunks(channels)
        .filter(|p| p[..3].iter().map(|&c| u32::from(c)).sum::<u32>() < 3 * 128)
        .count();
    let share = dark as f64 / (frame.width * frame.height) as f64;
    assert!(share > 0.005 && share < 0.3, "text in ink: {share:.4}");

    let past_end = render_page(&pdf, 7, 300).unwrap();
    assert_eq!((past_end.page, past_end.width), (1, 300));
    assert_ne!(past_end.png, render_page(&pdf, 0, 300).unwrap().png);

    let err = render_page(b"%PDF-1.7 nothing", 0, 800).unwrap_err();
    assert!(err.to_string().contains("Vorschau"), "{err}");
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "reads the PDF with poppler (pdftotext), a Linux program"
)]
fn the_longest_names_allowed_and_unbreakable_words_are_printed_whole_in_every_document() {
    let (mut d, _) = held_workshop();
    let max = regiolab_core::domain::limits::MAX_NAME;
    // A given name of the most characters allowed, and a family name that is one word of as
    // many: it must be broken between characters, on every document, and nothing cut off.
    let given: String = "Anna-Maria Theresia Luise "
        .repeat(4)
        .chars()
        .take(max)
        .collect();
    let family = "Großherzog".repeat(max / 10);
    assert_eq!((given.chars().count(), family.chars().count()), (max, max));
    let long = d
        .desk
        .create_person(&regiolab_core::NewPerson {
            given_name: given.clone(),
            family_name: family.clone(),
            ..Default::default()
        })
        .unwrap();
    d.desk
        .register_as(&long, &d.workshop, RegistrationStatus::Registered)
        .unwrap();
    d.desk.set_clock(Clock::Fixed(
        Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap(),
    ));
    d.desk
        .check_in(&d.workshop, None, &Who::Person(long))
        .unwrap();
    d.desk.set_clock(Clock::Fixed(
        Utc.with_ymd_and_hms(2026, 11, 25, 16, 0, 0).unwrap(),
    ));
    let certificates = d.desk.certificates(&d.workshop, Lang::De).unwrap().combined;
    let badges = d
        .desk
        .badges(&d.workshop, Layout::default(), Lang::De)
        .unwrap();
    let sheet = d.desk.sign_in_sheet(&d.workshop, None, Lang::De).unwrap();
    for (document, pdf) in [
        ("certificates", certificates),
        ("badges", badges),
        ("sign-in sheet", sheet),
    ] {
        let joined: String = pdf_text_as(&pdf, "-raw")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(
            joined.contains(&family),
            "{document}: the whole family name in {joined}"
        );
        let given: String = given.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(
            joined.contains(&given),
            "{document}: the whole given name in {joined}"
        );
    }
}
