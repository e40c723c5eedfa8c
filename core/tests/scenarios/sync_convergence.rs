//! Property: three laptops work offline (check-ins, undos, edits, walk-ins, erasures) and sync
//! through a folder in random turns, each time seeing only a random part of the bundles (loss,
//! bundles arriving out of order, the same bundle again later). Once everyone has synced with
//! the whole folder, all laptops have identical tables, identical to one laptop that applied
//! every op directly — and no bundle decrypts to the name of an erased person.

use std::path::Path;

use crate::common::{door, dump_dir, fresh, people, step_clock};
use proptest::prelude::*;
use regiolab_core::sync::bundle;
use regiolab_core::sync::crypto::Keyring;
use regiolab_core::sync::Folder;
use regiolab_core::{Desk, NewWalkIn, Op, PersonChanges, Who};
use tempfile::TempDir;

const PASSPHRASE: &str = "Weiterbildung verbindet 2026";

#[derive(Debug, Clone)]
enum Action {
    CheckIn(usize),
    Undo(usize),
    WalkIn(u8),
    Edit(usize, u8),
    Erase(usize),
    /// Sync with a view of the folder that lacks the bundles whose bit in the mask is set.
    Sync(u64),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => (0..4usize).prop_map(Action::CheckIn),
        1 => (0..4usize).prop_map(Action::Undo),
        1 => any::<u8>().prop_map(Action::WalkIn),
        2 => (0..4usize, any::<u8>()).prop_map(|(p, n)| Action::Edit(p, n)),
        1 => (0..4usize).prop_map(Action::Erase),
        3 => any::<u64>().prop_map(Action::Sync),
    ]
}

/// The bundle files under `root` as paths relative to it, sorted.
fn bundle_files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(devices) = std::fs::read_dir(root.join("bundles")) else {
        return out;
    };
    for device in devices.flatten() {
        for file in std::fs::read_dir(device.path()).unwrap().flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') {
                out.push(format!(
                    "bundles/{}/{name}",
                    device.file_name().to_string_lossy()
                ));
            }
        }
    }
    out.sort();
    out
}

fn copy(from: &Path, to: &Path, relative: &str) {
    let dest = to.join(relative);
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    std::fs::copy(from.join(relative), dest).unwrap();
}

/// `desk` syncs with a view of `shared` that lacks the bundles `mask` picks; what it writes
/// goes back to `shared`.
fn sync_through_view(desk: &mut Desk, shared: &Path, mask: u64) {
    let view = TempDir::new().unwrap();
    for (i, file) in bundle_files(shared).iter().enumerate() {
        if mask & (1 << (i % 64)) == 0 {
            copy(shared, view.path(), file);
        }
    }
    let before: Vec<(String, Vec<u8>)> = bundle_files(view.path())
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(view.path().join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    desk.sync_with(&Folder::new(view.path()), PASSPHRASE, false)
        .unwrap();
    for file in bundle_files(view.path()) {
        let bytes = std::fs::read(view.path().join(&file)).unwrap();
        if !before.iter().any(|(f, b)| *f == file && *b == bytes) {
            copy(view.path(), shared, &file);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn three_laptops_converge_through_lossy_out_of_order_sync(
        plan in prop::collection::vec((0..3usize, action()), 1..24),
    ) {
        let d = door();
        let base = d.desk.ops().unwrap();
        let people = people(&d);
        let shared = TempDir::new().unwrap();
        // (desk, folder): a tuple drops its first part first, and Windows removes no folder that
        // holds an open file.
        let mut laptops: Vec<(Desk, TempDir)> = (0..3).map(|_| fresh(&base)).map(|(dir, desk)| (desk, dir)).collect();
        let mut erased = Vec::new();
        for (step, (laptop, act)) in plan.iter().enumerate() {
            let desk = &mut laptops[*laptop].0;
            step_clock(desk, *laptop, step);
            // Errors (nothing to undo, already erased, …) are part of the game.
            let _ = match act {
                Action::CheckIn(p) => desk.check_in(&d.workshop, None, &Who::Person(people[*p].clone())).map(drop),
                Action::Undo(p) => desk.undo_person(&d.workshop, None, &people[*p]).map(drop),
                Action::WalkIn(n) => desk
                    .walk_in(&d.workshop, None, &NewWalkIn { given_name: format!("Gast{n}"), family_name: "Spontan".into(), ..Default::default() })
                    .map(drop),
                Action::Edit(p, n) => {
                    let changes = if n % 2 == 0 {
                        PersonChanges { job_title: Some(format!("Rolle{n}")), ..Default::default() }
                    } else {
                        PersonChanges { given_name: Some(format!("Vorname{n}")), ..Default::default() }
                    };
                    desk.edit_person(&people[*p], &changes).map(drop)
                }
                Action::Erase(p) => desk.erase_person(&people[*p]).map(|_| erased.push(people[*p].clone())),
                Action::Sync(mask) => {
                    sync_through_view(desk, shared.path(), *mask);
                    Ok(())
                }
            };
        }
        // Everyone syncs with the whole folder, twice round (rewritten bundles travel too).
        for _ in 0..2 {
            for (desk, _) in laptops.iter_mut() {
                let report = desk.sync_with(&Folder::new(shared.path()), PASSPHRASE, false).unwrap();
                prop_assert!(report.problems.is_empty(), "{:?}", report.problems);
            }
        }
        let expected = dump_dir(&laptops[0].1);
        for (_, dir) in &laptops[1..] {
            prop_assert!(expected == dump_dir(dir), "two laptops differ after sync");
        }
        let all: Vec<Op> = laptops.iter().flat_map(|(desk, _)| desk.ops().unwrap()).collect();
        let (single_dir, mut single) = fresh(&base);
        single.receive(&all).unwrap();
        prop_assert!(expected == dump_dir(&single_dir), "sync differs from applying all ops");
        for (desk, _) in &laptops {
            prop_assert!(desk.verify_replay().unwrap().differing_tables.is_empty());
        }
        let mut keys = Keyring::new(PASSPHRASE);
        for file in bundle_files(shared.path()) {
            let bytes = std::fs::read(shared.path().join(&file)).unwrap();
            let mut parts = file.split('/').skip(1);
            let (device, name) = (parts.next().unwrap(), parts.next().unwrap());
            let opened = bundle::decode(device, name, &bytes, regiolab_core::testing::latest_version(), &mut keys).unwrap();
            for op in opened.ops.iter().filter(|op| op.entity == "person" && erased.contains(&op.entity_id)) {
                for field in ["given_name", "family_name", "email", "phone", "job_title"] {
                    prop_assert!(!op.fields.contains_key(field), "{field} of an erased person in {file}");
                }
            }
        }
    }
}
