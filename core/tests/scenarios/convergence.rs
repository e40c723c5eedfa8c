//! Property: whatever the laptops do at the door (check-in, undo, walk-in, check-out, statuses,
//! closing the session) and in whatever order their ops arrive, every
//! laptop ends with the same tables (convergence), and receiving ops again changes nothing
//! (idempotence).

use crate::common::{door, dump_dir, fresh, people, step_clock};
use proptest::prelude::*;
use regiolab_core::{AttendanceStatus, Desk, NewWalkIn, Op, Who};
use tempfile::TempDir;

#[derive(Debug, Clone)]
enum Action {
    CheckIn(usize),
    Undo(usize),
    WalkIn(u8),
    CheckOut(usize),
    Mark(usize, usize),
    Close,
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => (0..4usize).prop_map(Action::CheckIn),
        2 => (0..4usize).prop_map(Action::Undo),
        1 => any::<u8>().prop_map(Action::WalkIn),
        2 => (0..4usize).prop_map(Action::CheckOut),
        2 => (0..4usize, 0..6usize).prop_map(|(p, s)| Action::Mark(p, s)),
        1 => Just(Action::Close),
    ]
}

/// Fisher–Yates with a small deterministic generator.
fn shuffled(ops: &[Op], mut seed: u64) -> Vec<Op> {
    let mut out = ops.to_vec();
    for i in (1..out.len()).rev() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        out.swap(i, (seed >> 33) as usize % (i + 1));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn laptops_converge_in_any_order(
        plan in prop::collection::vec((0..3usize, action()), 1..20),
        seeds in (any::<u64>(), any::<u64>()),
    ) {
        let d = door();
        let base = d.desk.ops().unwrap();
        let people = people(&d);
        // (desk, folder): a tuple drops its first part first, and Windows removes no folder that
        // holds an open file.
        let mut laptops: Vec<(Desk, TempDir)> = (0..3).map(|_| fresh(&base)).map(|(dir, desk)| (desk, dir)).collect();
        for (step, (laptop, act)) in plan.iter().enumerate() {
            let desk = &mut laptops[*laptop].0;
            step_clock(desk, *laptop, step);
            // Errors (nothing to undo, …) are part of the game; what was done is in the ops.
            let _ = match act {
                Action::CheckIn(p) => desk.check_in(&d.workshop, None, &Who::Person(people[*p].clone())).map(drop),
                Action::Undo(p) => desk.undo_person(&d.workshop, None, &people[*p]).map(drop),
                Action::WalkIn(n) => desk
                    .walk_in(&d.workshop, None, &NewWalkIn { given_name: format!("Gast{n}"), family_name: "Spontan".into(), ..Default::default() })
                    .map(drop),
                Action::CheckOut(p) => desk.check_out(&d.workshop, None, &Who::Person(people[*p].clone()), None).map(drop),
                Action::Mark(p, s) => desk
                    .mark(&d.workshop, &d.session, &Who::Person(people[*p].clone()), AttendanceStatus::ALL.get(*s).copied(), Some("Bemerkung"))
                    .map(drop),
                Action::Close => desk.close_session(&d.workshop, &d.session).map(drop),
            };
        }
        let all: Vec<Op> = laptops.iter().flat_map(|(desk, _)| desk.ops().unwrap()).collect();

        let (dir_a, mut a) = fresh(&base);
        let (dir_b, mut b) = fresh(&base);
        a.receive(&shuffled(&all, seeds.0)).unwrap();
        b.receive(&shuffled(&all, seeds.1)).unwrap();
        let expected = dump_dir(&dir_a);
        prop_assert!(expected == dump_dir(&dir_b), "two delivery orders, two results");
        for (desk, dir) in laptops.iter_mut() {
            desk.receive(&all).unwrap();
            prop_assert!(expected == dump_dir(dir), "a laptop that did the work differs");
        }
        prop_assert_eq!(a.receive(&all).unwrap(), 0);
        prop_assert!(expected == dump_dir(&dir_a), "receiving again changed something");
        prop_assert!(a.verify_replay().unwrap().differing_tables.is_empty());
    }
}
