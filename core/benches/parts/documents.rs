//! Document figures: 200 certificates in one PDF, a page of it as the preview image, and
//! badges, sign-in sheet and certificates of people with the longest names allowed (issue 17).

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use regiolab_core::documents::badges::Layout;
use regiolab_core::documents::Lang;
use regiolab_core::domain::limits::{self, MAX_NAME};
use regiolab_core::{Desk, NewCompany, NewPerson, NewWorkshop, RegistrationStatus, Who};

const PARTICIPANTS: usize = 200;
/// People with the longest names allowed, and how often each of their documents is rendered.
const LONG_NAMED: usize = 20;
const RENDERS: usize = 10;

/// What the documents benchmark measured.
pub struct DocumentFigures {
    pub certificates: usize,
    pub time: Duration,
    pub combined_bytes: usize,
    /// Rendering the last page of the combined PDF as the app's preview (900 px wide).
    pub preview: Duration,
    /// Issue 17: the documents of people with the longest names allowed.
    pub long_names: LongNameFigures,
}

/// Badges, sign-in sheet and certificates of [`LONG_NAMED`] people whose names and companies
/// are as long as allowed, each rendered [`RENDERS`] times.
pub struct LongNameFigures {
    pub people: usize,
    pub renders: usize,
    /// The company name's limit (from [`limits::RULES`]).
    pub company_chars: usize,
    pub kinds: Vec<KindFigures>,
}

/// One kind of document: what was rendered, the median and slowest render, the size of its
/// PDFs together.
pub struct KindFigures {
    pub label: String,
    pub median: Duration,
    pub max: Duration,
    pub bytes: usize,
}

/// A workshop with 200 participants, all here: their certificates, combined and one each.
pub fn bench_documents(path: &Path) -> DocumentFigures {
    let mut desk = Desk::open(path).unwrap();
    let workshop = held_today(&mut desk);
    let start = Instant::now();
    let set = desk.certificates(&workshop, Lang::De).unwrap();
    let time = start.elapsed();
    assert_eq!(set.issued.len(), PARTICIPANTS);
    let start = Instant::now();
    let page =
        regiolab_core::documents::preview::render_page(&set.combined, PARTICIPANTS, 900).unwrap();
    let preview = start.elapsed();
    assert_eq!(page.page, PARTICIPANTS - 1);
    DocumentFigures {
        certificates: set.issued.len(),
        time,
        combined_bytes: set.combined.len(),
        preview,
        long_names: bench_long_names(&path.with_file_name("documents-long-names.sqlite3")),
    }
}

/// `n` characters of `words` joined by spaces, starting at word `start` and going round: no
/// space at either end, so that nothing is trimmed away.
fn exactly(words: &[&str], start: usize, n: usize) -> String {
    let mut text = String::new();
    for word in words.iter().cycle().skip(start % words.len()) {
        if text.chars().count() >= n {
            break;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(word);
    }
    let mut text: String = text.chars().take(n).collect();
    if text.ends_with(' ') {
        text.pop();
        text.push('e');
    }
    assert_eq!(text.chars().count(), n);
    text
}

/// One word of `n` letters (no space, no hyphen): `stem` over and over.
fn unbreakable(stem: &str, n: usize) -> String {
    let word: String = stem.chars().cycle().take(n).collect();
    assert!(!word.contains([' ', '-']));
    word
}

const GIVEN: &[&str] = &[
    "Anna-Maria",
    "Jürgen",
    "Käthe",
    "Björn",
    "Zoë",
    "Hans-Günther",
    "Özlem",
    "Theresia",
    "Sören",
    "Luise",
    "Friedrich-Wilhelm",
    "Jörg",
    "Ännchen",
    "Maximilian",
];
const FAMILY: &[&str] = &[
    "Weißmüller-Straßburger",
    "von",
    "Löwenstein-Wertheim-Rosenberg",
    "Schäfer",
    "Großkopf",
    "zu",
    "Hohenlohe-Öhringen",
    "Bäumler",
    "Müßig-Kühn",
    "Fürstenberg",
];
const COMPANY: &[&str] = &[
    "Süddeutsche",
    "Präzisions-",
    "und",
    "Oberflächentechnik",
    "Müller",
    "&",
    "Söhne",
    "Maschinen-",
    "Gerätebau",
    "Hannover-Laatzen",
    "GmbH",
    "&",
    "Co.",
    "KG",
    "Zweigniederlassung",
    "Göttingen",
    "Qualitätsprüfung",
];

/// The people of the long-name workshop: every given and family name [`MAX_NAME`] characters,
/// every company name as long as allowed. The first one's family name and the second one's
/// given name are a single unbreakable word; the first company's name too.
fn long_named(desk: &mut Desk, company_chars: usize) -> Vec<NewPerson> {
    (0..LONG_NAMED)
        .map(|i| {
            let company = if i == 0 {
                unbreakable("Oberflächenveredelungsgesellschaft", company_chars)
            } else {
                exactly(COMPANY, i, company_chars)
            };
            let company = desk
                .create_company(&NewCompany {
                    name: company,
                    ..Default::default()
                })
                .unwrap();
            NewPerson {
                given_name: if i == 1 {
                    unbreakable("Mariäluisekätheröschen", MAX_NAME)
                } else {
                    exactly(GIVEN, i, MAX_NAME)
                },
                family_name: if i == 0 {
                    unbreakable("Überlandstraßenbrückenbaumeistersöhne", MAX_NAME)
                } else {
                    exactly(FAMILY, i, MAX_NAME)
                },
                company_id: Some(company),
                consent: true,
                ..Default::default()
            }
        })
        .collect()
}

/// Issue 17: a workshop held today whose [`LONG_NAMED`] participants have the longest names
/// allowed and all attended; its badges, sign-in sheet and certificates rendered through the
/// facade (the calls the app makes) [`RENDERS`] times each.
fn bench_long_names(path: &Path) -> LongNameFigures {
    let company_chars = limits::rule("company", "name").unwrap().max_chars;
    let mut desk = Desk::open(path).unwrap();
    let people = long_named(&mut desk, company_chars);
    let workshop = held_today_by(&mut desk, &people);
    let mut times: [Vec<Duration>; 3] = Default::default();
    let mut bytes = [0; 3];
    for _ in 0..RENDERS {
        let start = Instant::now();
        let badges = desk.badges(&workshop, Layout::default(), Lang::De).unwrap();
        times[0].push(start.elapsed());
        bytes[0] = badges.len();

        let start = Instant::now();
        let sheet = desk.sign_in_sheet(&workshop, None, Lang::De).unwrap();
        times[1].push(start.elapsed());
        bytes[1] = sheet.len();

        let start = Instant::now();
        let set = desk.certificates(&workshop, Lang::De).unwrap();
        times[2].push(start.elapsed());
        assert_eq!(set.issued.len(), LONG_NAMED, "everyone gets a certificate");
        assert_eq!(set.each.len(), LONG_NAMED);
        bytes[2] = set.combined.len() + set.each.iter().map(|(_, pdf)| pdf.len()).sum::<usize>();
    }
    let layout = Layout::default();
    let sheets = LONG_NAMED.div_ceil((layout.columns * layout.rows) as usize);
    let labels = [
        format!(
            "Name badges: {} × {} per A4 sheet, {sheets} sheets, with QR codes",
            layout.columns, layout.rows
        ),
        format!("Sign-in sheet of the session: {LONG_NAMED} rows with name and company"),
        format!("Certificates of attendance: one combined PDF and {LONG_NAMED} single ones"),
    ];
    let kinds = labels
        .into_iter()
        .zip(times)
        .zip(bytes)
        .map(|((label, mut samples), bytes)| {
            samples.sort();
            KindFigures {
                label,
                median: samples[samples.len() / 2],
                max: *samples.last().unwrap(),
                bytes,
            }
        })
        .collect();
    LongNameFigures {
        people: LONG_NAMED,
        renders: RENDERS,
        company_chars,
        kinds,
    }
}

/// Adds a workshop held today that all of its 200 participants attended the whole day; returns
/// its id. (The desk's clock is left at the start of the day.)
pub fn held_today(desk: &mut Desk) -> String {
    let people: Vec<NewPerson> = (0..PARTICIPANTS)
        .map(|i| NewPerson {
            given_name: format!("Jürgen {i}"),
            family_name: format!("Weißmüller-Straßburger {i}"),
            ..Default::default()
        })
        .collect();
    held_today_by(desk, &people)
}

/// Adds a workshop held today that all of `people` attended the whole day; returns its id.
/// (The desk's clock is left at the start of the day.)
fn held_today_by(desk: &mut Desk, people: &[NewPerson]) -> String {
    let workshop = desk
        .create_workshop_with_sessions(
            &NewWorkshop {
                title: "Robotik für kleine und mittlere Unternehmen".into(),
                description: "Kollaborierende Roboter auswählen, sicher einrichten und programmieren; Praxis an der Zelle.".into(),
                location: "Muster GmbH, Laatzen".into(),
                ..Default::default()
            },
            &[regiolab_core::testing::session_all_day(desk.now())],
        )
        .unwrap();
    // Everyone arrives at the start: a full day's attendance each.
    let midnight = chrono::NaiveTime::from_hms_opt(0, 0, 0).unwrap();
    let start_of_day = regiolab_core::domain::time::berlin_to_utc(
        regiolab_core::domain::time::utc_to_berlin(desk.now()).date(),
        midnight,
    );
    desk.set_clock(regiolab_core::Clock::Fixed(start_of_day));
    for new in people {
        let person = desk.create_person(new).unwrap();
        desk.register_as(&person, &workshop, RegistrationStatus::Registered)
            .unwrap();
        desk.check_in(&workshop, None, &Who::Person(person))
            .unwrap();
    }
    workshop
}

/// The section of docs/BENCHMARKS.md.
pub fn write(doc: &mut String, f: &DocumentFigures) {
    writeln!(doc, "\n## Documents\n").unwrap();
    writeln!(doc, "| | time | target |\n|---|---|---|").unwrap();
    writeln!(doc, "| {} certificates of attendance: one combined PDF ({:.0} KiB) and one PDF per person, PDF/A-2b with embedded, subset fonts | {:.2} s | < 3 s: {} |", f.certificates, f.combined_bytes as f64 / 1024.0, f.time.as_secs_f64(), crate::against(f.time, Duration::from_secs(3))).unwrap();
    writeln!(doc, "| Preview: page {} of that PDF as a 900 px wide PNG (what \"Dokumente\" shows; the app makes the document anew for each page turn, so a turn costs the line above plus this) | {:.0} ms | < 200 ms: {} |", f.certificates, f.preview.as_secs_f64() * 1000.0, crate::against(f.preview, Duration::from_millis(200))).unwrap();
    let l = &f.long_names;
    writeln!(doc, "\nIssue 17: badges, sign-in sheets and certificates with the longest allowed name and a 100-character unbreakable word render in well under a second. Measured on a workshop held today (one all-day session) whose {} participants all attended, so that each gets a certificate: every given and every family name has the most characters allowed ({MAX_NAME}), every company name too ({}). The first person's family name is one unbreakable word of {MAX_NAME} letters (\"Überlandstraßenbrückenbaumeistersöhne…\"), as is the second person's given name and the first company's name ({} letters); the other names are several words with umlauts, ß and hyphens (\"Anna-Maria Jürgen Käthe Björn Zoë …\", \"Weißmüller-Straßburger von Löwenstein-Wertheim-Rosenberg …\"). Each document is made through the facade as the app makes it (`Desk::badges` with the default layout, `Desk::sign_in_sheet` of the session, `Desk::certificates`), {} times in turn; the slowest render counts. The time stays bounded because the lengths are (`limits::RULES`), and because a word wider than its line is broken by `canvas::longest_fitting_prefix`, a bisection over the word's hyphens and then its character boundaries (about log₂ 100 ≈ 7 width measurements per line, not one per character); where a name does not fit its space the text shrinks in half-point steps to a floor (a badge's name 9 pt, its company 7 pt; the sign-in sheet's cells 5 pt) and is never cut off, so a cell costs at most a fixed number of wraps.\n", l.people, l.company_chars, l.company_chars, l.renders).unwrap();
    writeln!(
        doc,
        "| {} people with the longest names | median | slowest | target < 1 s |\n|---|---|---|---|",
        l.people
    )
    .unwrap();
    for k in &l.kinds {
        writeln!(
            doc,
            "| {} ({:.0} KiB in all) | {:.0} ms | {:.0} ms | {} |",
            k.label,
            k.bytes as f64 / 1024.0,
            k.median.as_secs_f64() * 1000.0,
            k.max.as_secs_f64() * 1000.0,
            crate::against(k.max, Duration::from_secs(1))
        )
        .unwrap();
    }
}
