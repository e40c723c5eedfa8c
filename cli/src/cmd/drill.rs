//! `regiolab drill`: a seeded loop of door actions (check-in, undo, walk-in) that prints one
//! acknowledgement per change only after its transaction committed. Used to prove crash safety
//! (the test kills it at random instants and checks that every acknowledged change survived),
//! and handy for trying a laptop's disk.

use clap::Args;
use regiolab_core::{Desk, NewWalkIn, OpRef, Who};

/// The arguments of `drill` (its help text is on its variant of `Command` in main.rs).
#[derive(Args)]
pub(crate) struct Drill {
    /// Workshop id (its default session is used).
    #[arg(long)]
    workshop: String,
    /// Seed of the generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Number of actions (0: until killed).
    #[arg(long, default_value_t = 0)]
    count: u64,
}

/// Runs `drill`. It prints its acknowledgements itself, as text even with `--json`.
pub(crate) fn run(args: Drill, desk: &mut Desk) -> regiolab_core::Result<bool> {
    actions(desk, &args.workshop, args.seed, args.count)?;
    Ok(true)
}

/// A small deterministic generator (the drill must be repeatable from its seed).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Runs `count` actions (0: until killed) on `workshop_id`'s default session. Each committed
/// change prints `ack <kind> <device>/<seq>` naming its op, and is flushed before the next.
fn actions(desk: &mut Desk, workshop_id: &str, seed: u64, count: u64) -> regiolab_core::Result<()> {
    use std::io::Write;
    let mut rng = Lcg(seed);
    let people: Vec<String> = desk
        .registrations(workshop_id)?
        .into_iter()
        .map(|r| r.person_id)
        .collect();
    let mut out = std::io::stdout().lock();
    let mut ack = |kind: &str, op: &OpRef| {
        // A closed pipe (the test stopped reading) ends the drill like a kill would.
        writeln!(out, "ack {kind} {}/{}", op.device_id, op.seq)
            .and_then(|()| out.flush())
            .is_ok()
    };
    let mut done = 0;
    while count == 0 || done < count {
        done += 1;
        let person = &people[rng.below(people.len())];
        let who = Who::Person(person.clone());
        let going_on = match rng.below(10) {
            0 => {
                let guest = NewWalkIn {
                    given_name: format!("Gast{}", rng.below(1_000_000)),
                    family_name: "Drill".into(),
                    ..Default::default()
                };
                let receipt = desk.walk_in(workshop_id, None, &guest)?;
                receipt.op.as_ref().is_none_or(|op| ack("walkin", op))
            }
            1..=3 => match desk.undo_person(workshop_id, None, person) {
                Ok(receipt) => ack("undo", &receipt.op),
                Err(regiolab_core::Error::Door(regiolab_core::DoorError::NothingToUndo)) => true,
                Err(e) => return Err(e),
            },
            _ => {
                let receipt = desk.check_in(workshop_id, None, &who)?;
                receipt.op.as_ref().is_none_or(|op| ack("checkin", op))
            }
        };
        if !going_on {
            break;
        }
    }
    Ok(())
}
