//! Where the participants are in a report: the column names of Teams and Zoom, the headers
//! they make, the blocks around them (Teams' summary, Zoom's meeting block), and the checks of
//! every value kept.

use super::rows::Row;
use crate::domain::limits::{self, TextRule};
use crate::domain::text::tidy;
use crate::error::{ImportError, ValidationError};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Col {
    Name,
    Email,
    /// Teams' "First Join" of the participants block.
    FirstJoin,
    /// Teams' "Last Leave" of the participants block.
    LastLeave,
    /// The join of one row per join (Teams' activities, Zoom).
    Join,
    /// The leave of one row per join.
    Leave,
    Duration,
    Role,
    /// Teams' "Participant ID (UPN)": only recognised, it marks the participants header.
    Upn,
    /// Zoom's "In Waiting Room" (Yes/No).
    WaitingRoom,
    /// A Yes/No column saying who hosted (some Zoom exports).
    Host,
    /// The older Teams list: "User Action" (Joined/Left).
    Action,
    /// The older Teams list: "Timestamp".
    Timestamp,
}

/// Column names, lower case, as Teams and Zoom write them in English and German.
const COLUMNS: &[(Col, &[&str])] = &[
    (
        Col::Name,
        &[
            "name",
            "name (original name)",
            "name (ursprünglicher name)",
            "full name",
            "vollständiger name",
        ],
    ),
    (
        Col::Email,
        &[
            "email",
            "e-mail",
            "user email",
            "e-mail-adresse des benutzers",
            "e-mail-adresse",
        ],
    ),
    (Col::FirstJoin, &["first join", "erster beitritt"]),
    (Col::LastLeave, &["last leave", "letztes verlassen"]),
    (
        Col::Join,
        &["join time", "beitrittszeit", "beitreten", "beitritt"],
    ),
    (
        Col::Leave,
        &["leave time", "verlassenszeit", "verlassen", "austrittszeit"],
    ),
    (
        Col::Duration,
        &[
            "in-meeting duration",
            "dauer der besprechung",
            "duration",
            "dauer",
            "duration (minutes)",
            "dauer (minuten)",
        ],
    ),
    (Col::Role, &["role", "rolle"]),
    (Col::Upn, &["participant id (upn)", "teilnehmer-id (upn)"]),
    (Col::WaitingRoom, &["in waiting room", "im warteraum"]),
    (Col::Host, &["host", "gastgeber"]),
    (Col::Action, &["user action", "benutzeraktion"]),
    (Col::Timestamp, &["timestamp", "zeitstempel"]),
];

/// Column names of Zoom's meeting block above the participants.
const TOPIC: &[&str] = &["topic", "thema"];
/// The meeting block's e-mail address of the meeting's owner, the host.
const HOST_EMAIL: &[&str] = &[
    "user email",
    "host email",
    "e-mail-adresse des benutzers",
    "e-mail-adresse des hosts",
];
/// The first cell of the title row in Teams' summary block.
const TITLE: &[&str] = &[
    "meeting title",
    "besprechungstitel",
    "titel der besprechung",
];
/// Block titles that only Teams writes.
const TEAMS_BLOCKS: &[&str] = &[
    "1. summary",
    "1. zusammenfassung",
    "2. participants",
    "2. teilnehmer",
    "3. in-meeting activities",
    "3. aktivitäten in der besprechung",
];

/// A header cell as compared: lower case, white space tidied, a stray byte-order mark dropped.
fn header_key(cell: &str) -> String {
    tidy(cell.trim_start_matches('\u{feff}')).to_lowercase()
}

/// What the rows under a header are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// Teams' participants block: one row per person, first join to last leave.
    TeamsSummary,
    /// One row per join: Teams' activities block, Zoom's participants.
    PerJoin,
    /// Teams' older list: one row per join or leave.
    TeamsLegacy,
}

/// A participants header: what its rows are and which column holds what.
#[derive(Debug, Clone)]
pub(super) struct Header {
    pub(super) layout: Layout,
    /// `(what, index)` of the columns recognised.
    columns: Vec<(Col, usize)>,
    /// The column names as the file writes them, for messages.
    names: Vec<String>,
}

impl Header {
    /// The header these cells are, if they are one: a name column and what Teams' or Zoom's
    /// participants have beside it.
    pub(super) fn detect(cells: &[String]) -> Option<Header> {
        // Every layout known starts with the name column: a row that does not is no header, and
        // is told so without looking at its other cells (a hostile file has millions).
        let is_name = |cell: &String| {
            COLUMNS
                .iter()
                .any(|(col, names)| *col == Col::Name && names.contains(&&*header_key(cell)))
        };
        if !cells.first().is_some_and(is_name) {
            return None;
        }
        let mut columns = Vec::new();
        for (i, cell) in cells.iter().enumerate() {
            let key = header_key(cell);
            if let Some((col, _)) = COLUMNS.iter().find(|(_, names)| names.contains(&&*key)) {
                // The first column of a kind counts (Zoom's meeting block repeats none).
                if !columns.iter().any(|(c, _)| c == col) {
                    columns.push((*col, i));
                }
            }
        }
        let has = |col: Col| columns.iter().any(|(c, _)| *c == col);
        let layout = if has(Col::Action) && has(Col::Timestamp) {
            Layout::TeamsLegacy
        } else if has(Col::FirstJoin) || has(Col::Upn) {
            Layout::TeamsSummary
        } else if has(Col::Join) && has(Col::Leave) {
            Layout::PerJoin
        } else {
            return None;
        };
        Some(Header {
            layout,
            columns,
            names: cells.to_vec(),
        })
    }

    /// The cell of `row` in the column holding `col` (empty where the row is shorter); `None`
    /// without such a column.
    pub(super) fn at<'a>(&'a self, row: &'a Row, col: Col) -> Option<Cell<'a>> {
        let (_, index) = self.columns.iter().find(|(c, _)| *c == col)?;
        Some(Cell {
            text: row.cells.get(*index).map_or("", String::as_str),
            line: row.line,
            column: index + 1,
            header: self.names.get(*index).map_or("", String::as_str),
        })
    }

    /// Like [`Header::at`], and `None` for an empty cell too.
    pub(super) fn cell<'a>(&'a self, row: &'a Row, col: Col) -> Option<Cell<'a>> {
        self.at(row, col).filter(|c| !c.text.is_empty())
    }
}

/// One cell, with where it is for messages.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cell<'a> {
    pub(super) text: &'a str,
    pub(super) line: usize,
    /// 1 = the first.
    pub(super) column: usize,
    pub(super) header: &'a str,
}

/// The rows under one participants header, up to the next header or block title.
#[derive(Debug)]
pub(super) struct Section<'a> {
    pub(super) header: Header,
    pub(super) rows: Vec<&'a Row>,
}

/// The file's blocks, sorted out.
#[derive(Debug, Default)]
pub(super) struct Parsed<'a> {
    pub(super) sections: Vec<Section<'a>>,
    pub(super) title: Option<String>,
    /// Zoom's meeting owner, lower case: the host.
    pub(super) host_email: Option<String>,
    /// Written by Teams (its headers or block titles are there).
    pub(super) teams: bool,
}

/// Sorts the rows into participants sections and reads the meeting title and host from the
/// blocks around them.
pub(super) fn sections<'a>(rows: &'a [Row], file: &str) -> Result<Parsed<'a>, ImportError> {
    let mut parsed = Parsed::default();
    let mut in_section = false;
    // Zoom's meeting block: its header row, waiting for the row of values below it.
    let mut meeting_header: Option<&Row> = None;
    for row in rows {
        if row.cells.iter().all(String::is_empty) {
            continue;
        }
        if let Some(header) = Header::detect(&row.cells) {
            parsed.teams |= header.layout != Layout::PerJoin;
            parsed.sections.push(Section {
                header,
                rows: Vec::new(),
            });
            in_section = true;
            continue;
        }
        let first = header_key(&row.cells[0]);
        let single = row.cells[1..].iter().all(String::is_empty);
        // "1. Summary", "3. In-Meeting Activities": a block title ends the block above it.
        if single
            && first
                .split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u8>().is_ok())
        {
            parsed.teams |= TEAMS_BLOCKS.contains(&first.as_str());
            in_section = false;
            continue;
        }
        if in_section {
            if let Some(section) = parsed.sections.last_mut() {
                section.rows.push(row);
            }
            continue;
        }
        if let Some(header) = meeting_header.take() {
            let value = |names: &[&str]| {
                let index = header
                    .cells
                    .iter()
                    .position(|h| names.contains(&header_key(h).as_str()))?;
                let text = row.cells.get(index).filter(|t| !t.is_empty())?;
                Some(Cell {
                    text,
                    line: row.line,
                    column: index + 1,
                    header: &header.cells[index],
                })
            };
            if let Some(topic) = value(TOPIC) {
                parsed.title = Some(checked(file, topic, title_rule())?);
            }
            if let Some(host) = value(HOST_EMAIL) {
                parsed.host_email = Some(checked(file, host, email_rule())?.to_lowercase());
            }
        } else if row
            .cells
            .iter()
            .any(|c| TOPIC.iter().any(|t| c.eq_ignore_ascii_case(t)))
        {
            meeting_header = Some(row);
        } else if TITLE.contains(&first.as_str()) {
            if let Some(text) = row.cells.get(1).filter(|t| !t.is_empty()) {
                let cell = Cell {
                    text,
                    line: row.line,
                    column: 2,
                    header: &row.cells[0],
                };
                parsed.title = Some(checked(file, cell, title_rule())?);
            }
        }
    }
    if parsed.sections.is_empty() {
        return Err(ImportError::NotAttendanceReport {
            file: file.to_owned(),
        });
    }
    Ok(parsed)
}

/// A kept value, tidied, checked by `rule` (see [`limits`]): refused when it holds control
/// characters (a tab in a cell is one, as the delimiter it was split off already) or characters
/// that turn the writing direction around, or when it is longer than the rule allows.
pub(super) fn checked(file: &str, cell: Cell, rule: TextRule) -> Result<String, ImportError> {
    let refused = |error| match error {
        ValidationError::TooLong { max, .. } => ImportError::ReportValueTooLong {
            file: file.to_owned(),
            line: cell.line,
            column: cell.column,
            header: excerpt(cell.header),
            max,
        },
        _ => ImportError::ReportControlCharacter {
            file: file.to_owned(),
            line: cell.line,
            column: cell.column,
            header: excerpt(cell.header),
        },
    };
    // The characters as the file has them (tidying would turn a tab into a space), the length
    // as it would be stored.
    let any_length = TextRule {
        max_chars: usize::MAX,
        ..rule
    };
    limits::check(&any_length, cell.text).map_err(refused)?;
    let tidied = tidy(cell.text);
    limits::check(&rule, &tidied).map_err(refused)?;
    Ok(tidied)
}

/// A value or column name of the file quoted in a message: at most 40 characters, control and
/// direction characters shown as U+FFFD (it comes from the hostile file).
pub(super) fn excerpt(text: &str) -> String {
    limits::visible(text, 40)
}

/// A meeting's title is kept as a workshop's title would be.
fn title_rule() -> TextRule {
    limits::rule("workshop", "title").expect("a workshop's title has a rule")
}

/// An e-mail address is kept as a person's would be.
pub(super) fn email_rule() -> TextRule {
    limits::rule("person", "email").expect("a person's e-mail address has a rule")
}
