//! What a text field accepts: how long it may be and which characters it may hold.
//!
//! Text comes from people typing, from files of unknown origin and from other laptops. Each
//! field gets a length that fits its use (a name fits on a badge, a note on a page), so that one
//! bad row can never make a document's layout run for minutes. Control characters (BEL, ESC
//! sequences that colour or rewrite a terminal when the CLI prints them) and bidi controls
//! (U+202E reverses what a list shows: "Trojan Source") are never stored.
//!
//! The rules live in one table ([`RULES`]), keyed like the op log's fields, and every op a
//! device writes or receives is checked against it ([`check_fields`]), so no path into the data
//! file can skip them. Input forms and imports check earlier with the same rules
//! ([`check_text`]) to name the field, row and column.

use serde_json::{Map, Value};

use crate::error::ValidationError;

/// Whether a field holds one line or several.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// One line: no line breaks or tabs.
    One,
    /// Several lines (notes, descriptions, an address): line breaks and tabs allowed.
    Many,
}

/// The rule of one text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRule {
    /// The field's German label, for messages.
    pub label: &'static str,
    /// The most characters (Unicode scalar values) it may hold.
    pub max_chars: usize,
    /// One line or several.
    pub lines: Lines,
}

const fn one(label: &'static str, max_chars: usize) -> TextRule {
    TextRule {
        label,
        max_chars,
        lines: Lines::One,
    }
}

const fn many(label: &'static str, max_chars: usize) -> TextRule {
    TextRule {
        label,
        max_chars,
        lines: Lines::Many,
    }
}

/// The longest name part: what fits on a badge in four lines (and is far beyond any real name).
pub const MAX_NAME: usize = 100;

/// A whole name in one cell or field ("Anna Maria Muster", "Muster, Anna"), as imports and
/// online-session reports have it before it is split into given and family name (each of which
/// is then checked by its own rule).
pub const FULL_NAME: TextRule = one("Name", 2 * MAX_NAME + 1);

/// The rules by op-log entity and field. Fields not listed (ids, dates, codes the software
/// makes, settings' JSON) are checked for their characters only.
#[rustfmt::skip]
pub const RULES: &[(&str, &str, TextRule)] = &[
    ("person", "given_name", one("Vorname", MAX_NAME)),
    ("person", "family_name", one("Nachname", MAX_NAME)),
    // RFC 5321: a path is at most 256 octets including the angle brackets.
    ("person", "email", one("E-Mail", 254)),
    ("person", "phone", one("Telefon", 50)),
    ("person", "job_title", one("Funktion", 150)),
    ("company", "name", one("Firma", 200)),
    ("company", "street", one("Straße", 200)),
    ("company", "postcode", one("PLZ", 20)),
    ("company", "city", one("Ort", 100)),
    ("company", "country", one("Land", 100)),
    ("company", "sector", one("Branche", 100)),
    ("company", "contact_person", one("Ansprechperson", 200)),
    ("company", "notes", many("Notizen", 5000)),
    ("workshop", "title", one("Titel", 200)),
    ("workshop", "topic", one("Thema", 100)),
    ("workshop", "description", many("Inhalt", 10_000)),
    ("workshop", "location", one("Ort", 300)),
    ("workshop", "trainer", one("Referent/in", 300)),
    ("workshop", "funding_note", one("Förderhinweis", 1000)),
    ("topic", "name", one("Thema", 100)),
    // A pretix ticket secret has 32 characters; printed codes far fewer.
    ("registration", "code", one("Code", 200)),
    ("attendance", "remark", one("Bemerkung", 500)),
];

/// Settings (a logo as base64 among them) hold JSON text; its characters are checked, its
/// length by the setting's own check.
const ANY_FIELD: TextRule = many("Wert", usize::MAX);

/// The rule of `field` of `entity`, if it has one.
pub fn rule(entity: &str, field: &str) -> Option<TextRule> {
    RULES
        .iter()
        .find(|(e, f, _)| *e == entity && *f == field)
        .map(|(_, _, rule)| *rule)
}

/// Whether `c` is a bidi embedding, override or isolate (U+202A–U+202E, U+2066–U+2069). The
/// marks LRM/RLM/ALM stay allowed: they only nudge the direction of neutral characters, which
/// names in Arabic or Hebrew need.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first character `text` may not hold under `lines`, if any: control characters (C0, DEL,
/// C1) and bidi controls; line breaks and tabs only where several lines are allowed.
fn forbidden(text: &str, lines: Lines) -> Option<char> {
    text.chars().find(|&c| {
        let layout = matches!(c, '\n' | '\t' | '\r');
        (c.is_control() && !(layout && lines == Lines::Many)) || is_bidi_control(c)
    })
}

/// How a forbidden character is named in a message: its code point and, for the common ones,
/// what it is.
fn describe(c: char) -> String {
    let name = match c {
        '\u{7}' => " (Signalton)",
        '\u{1b}' => " (Escape)",
        '\u{0}' => " (Nullzeichen)",
        '\n' | '\r' => " (Zeilenumbruch)",
        '\t' => " (Tabulator)",
        c if is_bidi_control(c) => " (Schreibrichtungs-Steuerzeichen)",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// Checks `value` against `rule`: no forbidden character, not longer than allowed.
pub fn check(rule: &TextRule, value: &str) -> Result<(), ValidationError> {
    if let Some(c) = forbidden(value, rule.lines) {
        return Err(ValidationError::Character {
            field: rule.label,
            character: describe(c),
        });
    }
    let length = value.chars().count();
    if length > rule.max_chars {
        return Err(ValidationError::TooLong {
            field: rule.label,
            length,
            max: rule.max_chars,
        });
    }
    Ok(())
}

/// Checks `value` of `field` of `entity` (by its rule, else its characters only).
pub fn check_text(entity: &str, field: &str, value: &str) -> Result<(), ValidationError> {
    check(&rule(entity, field).unwrap_or(ANY_FIELD), value)
}

/// Checks every text value of an op's `fields` of `entity`: what the op log accepts, from this
/// device or another.
pub fn check_fields(entity: &str, fields: &Map<String, Value>) -> Result<(), ValidationError> {
    for (field, value) in fields {
        if let Value::String(text) = value {
            check_text(entity, field, text)?;
        }
    }
    Ok(())
}

/// `text` with every character no field may hold (see [`check`]; line breaks and tabs kept)
/// replaced by U+FFFD: what a terminal can be given whatever the text came from.
pub fn defang(text: &str) -> String {
    replace_forbidden(text, Lines::Many).collect()
}

/// `text` as it can be shown safely where it was refused (an import's preview): forbidden
/// characters (line breaks among them) replaced by U+FFFD, cut after `max_chars` with "…".
pub fn visible(text: &str, max_chars: usize) -> String {
    let mut shown: String = replace_forbidden(text, Lines::One)
        .take(max_chars)
        .collect();
    if text.chars().nth(max_chars).is_some() {
        shown.push('…');
    }
    shown
}

fn replace_forbidden(text: &str, lines: Lines) -> impl Iterator<Item = char> + '_ {
    text.chars().map(move |c| {
        if forbidden(c.encode_utf8(&mut [0; 4]), lines).is_some() {
            '\u{FFFD}'
        } else {
            c
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_bounded_and_clean() {
        let family = rule("person", "family_name").unwrap();
        assert!(check(&family, &"x".repeat(MAX_NAME)).is_ok());
        assert_eq!(
            check(&family, &"x".repeat(20_000)),
            Err(ValidationError::TooLong {
                field: "Nachname",
                length: 20_000,
                max: MAX_NAME
            })
        );
        for (bad, named) in [
            ("Anna\u{7}", "U+0007 (Signalton)"),
            ("\u{1b}[31mRot", "U+001B (Escape)"),
            ("Mül\u{202E}rel", "U+202E (Schreibrichtungs-Steuerzeichen)"),
            ("Iso\u{2066}late", "U+2066 (Schreibrichtungs-Steuerzeichen)"),
            ("C1\u{85}", "U+0085"),
            ("Zwei\nZeilen", "U+000A (Zeilenumbruch)"),
        ] {
            assert_eq!(
                check(&family, bad),
                Err(ValidationError::Character {
                    field: "Nachname",
                    character: named.into()
                }),
                "{bad:?}"
            );
        }
        // Real names in every script stay, with the marks right-to-left names need.
        for good in ["Çelik-Øster", "أحمد\u{200F}", "Żółć", "O'Neill", "李"] {
            assert!(check(&family, good).is_ok(), "{good}");
        }
    }

    #[test]
    fn notes_hold_lines_but_no_controls() {
        assert!(check_text("company", "notes", "Zeile 1\r\nZeile 2\tmit Tab").is_ok());
        assert!(check_text("company", "notes", "Zeile\u{1b}[2J").is_err());
        // Unlisted fields: characters only, any length.
        assert!(check_text("setting", "value", &"A".repeat(1_000_000)).is_ok());
        assert!(check_text("setting", "value", "\u{202E}").is_err());
    }

    #[test]
    fn every_op_field_is_checked() {
        let mut fields = Map::new();
        fields.insert("given_name".into(), Value::String("Anna".into()));
        fields.insert("consent".into(), Value::Bool(true));
        assert!(check_fields("person", &fields).is_ok());
        fields.insert("family_name".into(), Value::String("M\u{1b}".into()));
        assert!(matches!(
            check_fields("person", &fields),
            Err(ValidationError::Character { .. })
        ));
    }

    #[test]
    fn refused_text_is_shown_harmless_and_short() {
        assert_eq!(
            visible("A\u{1b}[31m\u{202E}B", 100),
            "A\u{FFFD}[31m\u{FFFD}B"
        );
        assert_eq!(visible(&"x".repeat(500), 3), "xxx…");
        assert_eq!(
            defang("Zeile 1\n\u{1b}[2J\tZeile 2"),
            "Zeile 1\n\u{FFFD}[2J\tZeile 2"
        );
    }
}
