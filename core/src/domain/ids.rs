//! Record ids: UUIDv7 for records created here, deterministic UUIDv5 where a natural key
//! exists, so that two laptops that create "the same" record converge to one (ARCHITECTURE §3).

use uuid::Uuid;

/// Namespace of all derived ids of regioLab Desk (a fixed random UUID).
const NAMESPACE: Uuid = Uuid::from_u128(0x6d1c_1f2a_8a3e_4c55_9b1e_52f4_0a7e_d3c1);

/// A fresh, time-ordered id for a record created on this device.
pub fn new_id() -> String {
    Uuid::now_v7().to_string()
}

/// The deterministic id of the record with the natural key `kind` + `parts`.
pub fn derived_id(kind: &str, parts: &[&str]) -> String {
    let mut name = String::from(kind);
    for part in parts {
        name.push('\u{1f}');
        name.push_str(part);
    }
    Uuid::new_v5(&NAMESPACE, name.as_bytes()).to_string()
}

/// The id of the registration of `person` for `workshop`: registering a person twice (also on
/// two laptops) yields one registration.
pub fn registration_id(person_id: &str, workshop_id: &str) -> String {
    derived_id("registration", &[person_id, workshop_id])
}

/// The id of the attendance of `registration` in `session`.
pub fn attendance_id(registration_id: &str, session_id: &str) -> String {
    derived_id("attendance", &[registration_id, session_id])
}

/// The characters of check-in codes. No 0/O and no 1/I, so that a code read aloud or typed
/// from a badge cannot be mistaken; and no Y or Z, because a barcode scanner set up for a US
/// keyboard types Z for Y and Y for Z on a German one (digits and the other letters are on the
/// same keys in both layouts). The eight digits come first.
const CODE_ALPHABET: &[u8; 30] = b"23456789ABCDEFGHJKLMNPQRSTUVWX";

/// The 8-character check-in code of a registration, derived from its id: seven characters of
/// the alphabet and a final digit, so that a code never looks like a name (the door tells codes
/// from names by their digits). 30⁷ × 8 ≈ 2³⁷ codes: with 50,000 registrations a clash is about
/// one in 140, and codes are looked up per workshop.
pub fn checkin_code(registration_id: &str) -> String {
    let uuid = Uuid::parse_str(registration_id)
        .unwrap_or_else(|_| Uuid::new_v5(&NAMESPACE, registration_id.as_bytes()));
    // The last 8 bytes of v5 and v7 ids are hash or random bits.
    let mut rest = u64::from_be_bytes(uuid.as_bytes()[8..16].try_into().expect("16-byte uuid"));
    let mut digit = |radix: u64| {
        let index = (rest % radix) as usize;
        rest /= radix;
        CODE_ALPHABET[index] as char
    };
    let mut code: String = (0..7).map(|_| digit(CODE_ALPHABET.len() as u64)).collect();
    code.push(digit(8));
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_and_distinct() {
        assert_eq!(registration_id("p", "w"), registration_id("p", "w"));
        assert_ne!(registration_id("p", "w"), registration_id("w", "p"));
        assert_ne!(derived_id("a", &["bc"]), derived_id("a", &["b", "c"]));
    }

    #[test]
    fn codes_are_eight_unambiguous_characters() {
        let code = checkin_code(&registration_id("p", "w"));
        assert_eq!(code.len(), 8);
        assert!(code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
        assert!(!code.contains(['0', '1', 'O', 'I', 'Y', 'Z']));
        for person in ["a", "b", "c", "d", "e", "f", "g", "h"] {
            let code = checkin_code(&registration_id(person, "w"));
            assert!(
                code.ends_with(|c: char| c.is_ascii_digit()),
                "{code} ends with a digit"
            );
        }
        assert_eq!(code, checkin_code(&registration_id("p", "w")));
    }

    #[test]
    fn codes_use_every_letter_of_the_alphabet_and_nothing_else() {
        let mut seen = std::collections::BTreeSet::new();
        for n in 0..2000 {
            let code = checkin_code(&registration_id(&n.to_string(), "w"));
            assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)), "{code}");
            seen.extend(code.bytes());
        }
        assert_eq!(seen.len(), CODE_ALPHABET.len());
    }
}
