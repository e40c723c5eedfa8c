//! Hybrid logical clock: wall-clock milliseconds plus a counter. It never goes backwards, also
//! when the wall clock does or when a peer's clock is ahead, and its text form sorts in time
//! order. Peers are never rejected for clock skew (ARCHITECTURE §4).

use std::fmt;

/// One reading of the clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch (the greatest wall time seen).
    pub ms: i64,
    /// Counter for events within the same millisecond.
    pub counter: u32,
}

impl Hlc {
    /// Advances the clock for a local event at wall time `now_ms` and returns the new reading.
    pub fn tick(&mut self, now_ms: i64) -> Hlc {
        if now_ms > self.ms {
            *self = Hlc {
                ms: now_ms,
                counter: 0,
            };
        } else {
            self.counter += 1;
        }
        *self
    }

    /// Takes note of a reading seen in another device's op, so later local readings sort after it.
    pub fn observe(&mut self, seen: Hlc) {
        if seen > *self {
            *self = seen;
        }
    }

    /// Reads the text form written by `Display`.
    pub fn parse(text: &str) -> Option<Hlc> {
        let (ms, counter) = text.split_once('-')?;
        Some(Hlc {
            ms: ms.parse().ok()?,
            counter: counter.parse().ok()?,
        })
    }
}

impl fmt::Display for Hlc {
    /// Fixed width, so that text order is time order: `001764057600000-000003`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:015}-{:06}", self.ms, self.counter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_goes_backwards() {
        let mut clock = Hlc::default();
        let a = clock.tick(1_000);
        let b = clock.tick(900); // wall clock jumped back
        let c = clock.tick(1_000);
        assert!(a < b && b < c);
        clock.observe(Hlc {
            ms: 5_000,
            counter: 7,
        }); // a peer far ahead
        let d = clock.tick(1_001);
        assert!(
            d > Hlc {
                ms: 5_000,
                counter: 7
            }
        );
        assert!(c.to_string() < d.to_string());
    }

    #[test]
    fn text_form_round_trips_and_sorts() {
        let h = Hlc {
            ms: 1_764_057_600_000,
            counter: 3,
        };
        assert_eq!(h.to_string(), "001764057600000-000003");
        assert_eq!(Hlc::parse(&h.to_string()), Some(h));
        assert!(Hlc { ms: 9, counter: 0 }.to_string() < Hlc { ms: 10, counter: 0 }.to_string());
    }
}
