//! Text folding for search and matching: case-, accent- and spelling-insensitive.
//!
//! German names come in several spellings of the same sound: `Müller`, `Mueller`, `Muller`;
//! `Weiß`, `Weiss`. A coordinator at the door types whatever is quickest, so both the stored
//! terms and the typed query are folded to one key with the same rules:
//! lower case, diacritics dropped (`é` → `e`), `ß` → `ss`, and the transliterations
//! `ae`/`oe`/`ue` → `a`/`o`/`u`. Because the very same left-to-right folding is applied to both
//! sides, a prefix of a name folds to a prefix of the name's key (`mue` → `mu` ⊂ `muller`).

use unicode_normalization::UnicodeNormalization;

/// Folds `text` to its search key (see the module documentation).
pub fn fold(text: &str) -> String {
    // Most names and addresses are plain ASCII: nothing to decompose (a sync brings tens of
    // thousands of them at once).
    if text.is_ascii() {
        return collapse_vowel_e(text.chars().map(|c| c.to_ascii_lowercase()), text.len());
    }
    let mut plain = String::with_capacity(text.len());
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            'ß' | 'ẞ' => plain.push_str("ss"),
            'ø' | 'Ø' => plain.push('o'),
            'ł' | 'Ł' => plain.push('l'),
            'ı' => plain.push('i'),
            'æ' | 'Æ' => plain.push('a'),
            'œ' | 'Œ' => plain.push('o'),
            _ => plain.extend(c.to_lowercase()),
        }
    }
    collapse_vowel_e(plain.chars(), plain.len())
}

/// The transliterations `ae`/`oe`/`ue` → `a`/`o`/`u` over lower-case `chars`.
fn collapse_vowel_e(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut folded = String::with_capacity(len);
    let mut chars = chars.peekable();
    while let Some(c) = chars.next() {
        folded.push(c);
        if matches!(c, 'a' | 'o' | 'u') && chars.peek() == Some(&'e') {
            chars.next();
        }
    }
    folded
}

/// Splits `text` into folded search terms: words separated by white space, hyphens or
/// punctuation (but an e-mail address stays one term). Empty pieces are dropped.
pub fn terms(text: &str) -> Vec<String> {
    let folded = fold(text);
    if folded.contains('@') {
        return vec![folded.trim().to_owned()];
    }
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The form in which check-in codes are compared: trimmed, ASCII upper case, and Y and Z as one
/// letter. A barcode scanner set up for a US keyboard types Z for Y and Y for Z on a German
/// keyboard; printed badges and pretix tickets with either letter must still be found.
pub fn code_key(code: &str) -> String {
    code.trim()
        .chars()
        .map(|c| match c.to_ascii_uppercase() {
            'Y' => 'Z',
            c => c,
        })
        .collect()
}

/// The search term of a check-in code: folded like every term, with Y and Z as one letter (see
/// [`code_key`]).
pub fn code_term(code: &str) -> String {
    fold(code).replace('y', "z")
}

/// The forms in which a typed search term may appear in the index: itself, and — for a term
/// with a digit, which may be (part of) a code — its [`code_term`] form.
pub fn term_forms(term: &str) -> Vec<String> {
    let mut forms = vec![term.to_owned()];
    if term.chars().any(|c| c.is_ascii_digit()) && term.contains('y') {
        forms.push(term.replace('y', "z"));
    }
    forms
}

/// Normalises free text a person typed: trims and collapses inner white space.
pub fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The key under which company names are matched: its folded words, so that case, spacing,
/// accents and punctuation do not matter ("Muster GmbH & Co. KG" = "muster gmbh & co kg").
pub fn match_key(name: &str) -> String {
    terms(name).join(" ")
}

/// What a spreadsheet takes as the start of a formula (OWASP "CSV injection"): `=`, `+`, `-`,
/// `@`, and a tab or carriage return before them.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as a CSV cell that Excel and LibreOffice show as text, never run as a formula: with
/// a leading `'` when it starts like one ([`from_spreadsheet`] takes it off again).
pub fn inert_in_spreadsheet(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// A cell read from a spreadsheet file without the `'` that [`inert_in_spreadsheet`] (or a
/// careful person) put before a formula-like start.
pub fn from_spreadsheet(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => text,
    }
}

/// Whether two names can be the same person's: the same family name (or one holding the other,
/// as a double name does) and a compatible given name — the same first given name, one an
/// initial of the other ("A." and "Anna"), or one missing. Folded, so spellings do not matter.
///
/// An e-mail address alone never makes two people one: small companies share `info@…` and
/// `personal@…`, and HR departments book several employees under one address.
pub fn names_compatible(a: (&str, &str), b: (&str, &str)) -> bool {
    let (family_a, family_b) = (terms(a.1), terms(b.1));
    let contains = |x: &[String], y: &[String]| y.iter().all(|t| x.contains(t));
    let family = !family_a.is_empty()
        && !family_b.is_empty()
        && (contains(&family_a, &family_b) || contains(&family_b, &family_a));
    let (given_a, given_b) = (terms(a.0), terms(b.0));
    let given = match (given_a.first(), given_b.first()) {
        (Some(x), Some(y)) => {
            let initial =
                |short: &str, long: &str| short.chars().count() == 1 && long.starts_with(short);
            x == y || initial(x, y) || initial(y, x)
        }
        _ => true,
    };
    family && given
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn umlaut_spellings_fold_to_one_key() {
        assert_eq!(fold("Müller"), "muller");
        assert_eq!(fold("Mueller"), "muller");
        assert_eq!(fold("MULLER"), "muller");
        assert_eq!(fold("Weiß"), "weiss");
        assert_eq!(fold("Weiss"), "weiss");
        assert_eq!(fold("Gößweiner"), "gossweiner");
        assert_eq!(fold("José"), "jose");
        assert_eq!(fold("Yılmaz"), "yilmaz");
    }

    #[test]
    fn prefixes_fold_to_prefixes() {
        for (prefix, name) in [("mue", "Mueller"), ("Müll", "Müller"), ("bau", "Bauer")] {
            assert!(fold(name).starts_with(&fold(prefix)), "{prefix} / {name}");
        }
    }

    #[test]
    fn terms_split_names_but_keep_mail_whole() {
        assert_eq!(
            terms("Anna-Lena  Schröder"),
            vec!["anna", "lena", "schroder"]
        );
        assert_eq!(terms("A.Mueller@Firma.de"), vec!["a.muller@firma.de"]);
        assert_eq!(
            terms("Muster GmbH & Co. KG"),
            vec!["muster", "gmbh", "co", "kg"]
        );
    }

    #[test]
    fn codes_typed_with_y_and_z_swapped_are_one_code() {
        assert_eq!(code_key(" gyd63e73 "), code_key("GZD63E73"));
        assert_ne!(code_key("GYD63E73"), code_key("GXD63E73"));
        assert_eq!(code_term("GYD63E73"), code_term("gzd63e73"));
        assert_eq!(term_forms("gyd6"), vec!["gyd6", "gzd6"]);
        // Names and words without digits are never changed.
        assert_eq!(term_forms("meyer"), vec!["meyer"]);
    }

    #[test]
    fn names_are_compatible_only_when_they_can_be_one_person() {
        let yes = |a: (&str, &str), b: (&str, &str)| names_compatible(a, b);
        assert!(yes(("Anna", "Müller"), ("anna", "Mueller")));
        assert!(yes(("Anna Maria", "Müller"), ("Anna", "Müller")));
        assert!(yes(("A.", "Müller"), ("Anna", "Müller")));
        assert!(yes(("Anna", "Müller-Lüdenscheidt"), ("Anna", "Müller")));
        assert!(yes(("", "Müller"), ("Anna", "Müller")));
        assert!(!yes(("Anna", "Müller"), ("Jörg", "Müller")));
        assert!(!yes(("Anna", "Müller"), ("Anna", "Schmidt")));
        assert!(!yes(("Anna", ""), ("Anna", "Schmidt")));
    }

    #[test]
    fn formula_starts_are_made_inert_and_read_back() {
        for name in [
            "=HYPERLINK(\"x\")",
            "+49",
            "-1+1",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            let inert = inert_in_spreadsheet(name);
            assert_eq!(inert, format!("'{name}"));
            assert_eq!(from_spreadsheet(&inert), name);
        }
        assert_eq!(inert_in_spreadsheet("Anna"), "Anna");
        assert_eq!(
            from_spreadsheet("'Anna"),
            "'Anna",
            "an apostrophe of a name stays"
        );
    }

    #[test]
    fn tidy_collapses_space() {
        assert_eq!(tidy("  Muster   GmbH "), "Muster GmbH");
    }
}
