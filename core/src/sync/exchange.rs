//! One sync with a target: receive the other devices' bundles, rewrite own bundles that
//! carried since-erased personal data, send own new ops, publish exports.
//!
//! What each side has is derived from the stored ops (highest contiguous seq per device) and
//! from the bundle names on the target — never from counters that a killed sync could leave
//! wrong. Each received bundle is verified completely and applied whole (several in one
//! transaction), each device's in order, so a sync killed at any point resumes at the first
//! bundle not yet applied.

use super::bundle::{self, Opened};
use super::crypto::{KdfParams, Keyring, MIN_PASSPHRASE_CHARS};
use super::target::Target;
use super::{publish, ClockWarning, DeviceProgress, FileProblem, SyncReport};
use crate::domain::limits;
use crate::error::{BundleError, Result, SyncError};
use crate::file::Desk;
use crate::oplog::{Op, Touched};
use crate::store;

/// Most ops in one bundle: a first sync of a big data file goes out in several files, each
/// small enough to transfer and apply in one go.
pub const BUNDLE_OPS: i64 = 5_000;

const BUNDLES: &str = "bundles";

/// Most ops applied in one transaction when receiving: one commit and one pass over the search
/// index for many bundles (a new laptop receives the whole history), with the bundles waiting
/// in memory bounded (about 20 MiB).
const RECEIVE_BATCH: usize = 20_000;

/// A device whose op's wall time is this far ahead of ours gets a clock warning.
const CLOCK_AHEAD_HOURS: i64 = 24;

impl Desk {
    /// Syncs with `target`, sealing and opening bundles with `passphrase`; publishes exports
    /// when `publish_exports`. Bundles that cannot be applied are reported, the rest goes on;
    /// an unreachable target or a cloned device id stop the sync with an error.
    pub fn sync_with(
        &mut self,
        target: &dyn Target,
        passphrase: &str,
        publish_exports: bool,
    ) -> Result<SyncReport> {
        if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(SyncError::PassphraseTooShort {
                min: MIN_PASSPHRASE_CHARS,
            }
            .into());
        }
        let mut keys = Keyring::new(passphrase);
        let mut report = SyncReport {
            target: target.describe(),
            ..SyncReport::default()
        };
        // Receiving first: an erasure that arrives now scrubs own ops, whose bundles `send`
        // then rewrites in this same sync.
        // Checkpointing after every bundle would copy the same pages to the database again and
        // again (12 % of a big sync): once, at the end, is enough.
        let checkpoint_every = store::pause_checkpoints(&self.conn)?;
        // The search terms of what the bundles touched are written once, after all of them
        // (also when receiving stopped half-way: what came in is found at the door).
        let mut touched = Touched::default();
        let received = self.receive_bundles(target, &mut keys, &mut report, &mut touched);
        let indexed = self.write_index(touched);
        store::resume_checkpoints(&self.conn, checkpoint_every)?;
        received?;
        indexed?;
        self.send(target, &mut keys, &mut report)?;
        if publish_exports {
            report.exports = publish::publish(self, target, &mut report)?;
        }
        Ok(report)
    }

    /// Writes own ops the target does not have, after rewriting own bundles whose ops were
    /// scrubbed by an erasure.
    fn send(
        &mut self,
        target: &dyn Target,
        keys: &mut Keyring,
        report: &mut SyncReport,
    ) -> Result<()> {
        let me = self.device_id.clone();
        let dir = format!("{BUNDLES}/{me}");
        let ranges = bundle_ranges(&target.list(&dir)?);
        report.listings += 1;
        let local_max = store::ops::next_seq(&self.conn, &me)? - 1;
        let published = self.published_to()?;
        let salt = self.sync_salt()?;
        let key = keys.key(salt, KdfParams::DEFAULT).clone();
        // Bundles under this device's id that it does not know it wrote: its own (a sync killed
        // before noting it) or another laptop's that runs a copy of this data file.
        let mut broken = Vec::new();
        for &(from, to) in ranges.iter().filter(|(_, to)| *to > published) {
            let cloned = || SyncError::DeviceCloned { device: me.clone() };
            if to > local_max {
                return Err(cloned().into());
            }
            let name = bundle::file_name(from, to);
            let bytes = target.read(&format!("{dir}/{name}"))?;
            match bundle::decode(&me, &name, &bytes, schema(), keys) {
                Ok(opened) if !self.matches_stored(&opened.ops)? => return Err(cloned().into()),
                Ok(_) => {}
                // Own but unreadable (damaged on the medium): written again from the log.
                Err(_) => broken.push((from, to)),
            }
        }
        let on_target = contiguous_end(&ranges);
        let scrubbed = store::erase::scrubbed_seqs(&self.conn, &me)?;
        for &(from, to) in &ranges {
            let has_scrubbed = scrubbed.iter().any(|s| (from..=to).contains(s));
            if to <= local_max && (has_scrubbed || broken.contains(&(from, to))) {
                let ops = store::ops::range(&self.conn, &me, from, to)?;
                let path = format!("{dir}/{}", bundle::file_name(from, to));
                target.write_atomic(&path, &bundle::encode(&ops, schema(), &key))?;
                store::erase::clear_scrubbed(&self.conn, &me, from, to)?;
                report.rewritten_bundles += 1;
            }
        }
        let mut next = on_target + 1;
        while next <= local_max {
            let to = (next + BUNDLE_OPS - 1).min(local_max);
            let ops = store::ops::range(&self.conn, &me, next, to)?;
            let path = format!("{dir}/{}", bundle::file_name(next, to));
            target.write_atomic(&path, &bundle::encode(&ops, schema(), &key))?;
            // The scrubbed marks stay: an older bundle with these ops, on a target that did not
            // list it now (another stick, a share seen through another folder), is rewritten
            // when a sync finds it; only a rewrite above clears them.
            self.set_published_to(to)?;
            report.sent_ops += ops.len();
            report.sent_bundles += 1;
            next = to + 1;
        }
        self.set_published_to(local_max)?;
        Ok(())
    }

    /// Reads the other devices' bundles beyond what this device has and applies them: whole
    /// bundles, several in one transaction (up to [`RECEIVE_BATCH`] ops), each device's in order,
    /// so that what is stored is always a gap-free start of each device's log.
    fn receive_bundles(
        &mut self,
        target: &dyn Target,
        keys: &mut Keyring,
        report: &mut SyncReport,
        touched: &mut Touched,
    ) -> Result<()> {
        let mut waiting: Vec<Opened> = Vec::new();
        let devices = target.list(BUNDLES)?;
        report.listings += 1;
        let me = self.device_id.clone();
        for device in devices.iter().filter(|d| **d != me && !d.starts_with('.')) {
            let dir = format!("{BUNDLES}/{device}");
            let ranges = bundle_ranges(&target.list(&dir)?);
            report.listings += 1;
            let mut have = store::ops::contiguous_seq(&self.conn, device)?;
            let mut gap = false;
            for &(from, to) in &ranges {
                if to <= have {
                    continue;
                }
                if from > have + 1 {
                    gap = true;
                    break;
                }
                if from <= have && !waiting.is_empty() {
                    // Overlapping what was read before: checked against it stored, so that a
                    // cloned device's different ops are found (see `check_overlap`).
                    self.receive_waiting(&mut waiting, report, touched)?;
                }
                let name = bundle::file_name(from, to);
                let path = format!("{dir}/{name}");
                let bytes = target.read(&path)?;
                let opened = bundle::decode(device, &name, &bytes, schema(), keys)
                    .and_then(check_texts)
                    .and_then(|opened| self.check_overlap(opened));
                let opened = match opened {
                    Ok(opened) => opened,
                    Err(problem) => {
                        report.problems.push(FileProblem {
                            file: path,
                            code: problem.code().to_owned(),
                            message: problem.to_string(),
                        });
                        break;
                    }
                };
                self.note_clock(&opened.ops, report);
                waiting.push(opened);
                if waiting.iter().map(|o| o.ops.len()).sum::<usize>() >= RECEIVE_BATCH {
                    self.receive_waiting(&mut waiting, report, touched)?;
                }
                have = to;
            }
            report.devices.push(DeviceProgress {
                device_id: device.clone(),
                have,
                on_target: ranges.iter().map(|r| r.1).max().unwrap_or(0),
                gap,
            });
        }
        self.receive_waiting(&mut waiting, report, touched)
    }

    /// Applies the bundles read and checked so far, in one transaction.
    fn receive_waiting(
        &mut self,
        waiting: &mut Vec<Opened>,
        report: &mut SyncReport,
        touched: &mut Touched,
    ) -> Result<()> {
        if waiting.is_empty() {
            return Ok(());
        }
        let ops: Vec<Op> = waiting
            .drain(..)
            .flat_map(|opened| {
                report.received_bundles += 1;
                opened.ops
            })
            .collect();
        report.received_ops += self.receive_leaving_index(&ops, touched)?;
        Ok(())
    }

    /// Refuses a bundle whose ops this device has already with other content (the same device
    /// id written by two laptops).
    fn check_overlap(&self, opened: Opened) -> Result<Opened, BundleError> {
        match self.matches_stored(&opened.ops) {
            Ok(true) => Ok(opened),
            _ => Err(BundleError::Conflict {
                device: opened.header.device_id,
            }),
        }
    }

    /// Whether every op of `ops` that is stored here is the same op (clock, record and kind;
    /// payloads may differ after an erasure scrubbed them).
    fn matches_stored(&self, ops: &[Op]) -> Result<bool> {
        for op in ops {
            if let Some(stored) = store::ops::get(&self.conn, &op.device_id, op.seq)? {
                let same = stored.hlc == op.hlc
                    && stored.entity == op.entity
                    && stored.entity_id == op.entity_id
                    && stored.kind == op.kind;
                if !same {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    /// Warns about a device whose latest op was written far in our future.
    fn note_clock(&self, ops: &[Op], report: &mut SyncReport) {
        let Some(last) = ops.last() else { return };
        let Ok(written) = chrono::DateTime::parse_from_rfc3339(&last.wall_time) else {
            return;
        };
        let hours_ahead = (written.to_utc() - self.now()).num_hours();
        if hours_ahead >= CLOCK_AHEAD_HOURS {
            report
                .clock_warnings
                .retain(|w| w.device_id != last.device_id);
            report.clock_warnings.push(ClockWarning {
                device_id: last.device_id.clone(),
                hours_ahead,
            });
        }
    }
}

/// Refuses a bundle with a text this version would not store (too long, control characters):
/// another device's text passes the same rules as this one's, whether it runs an older version
/// or the bundle was made by hand.
fn check_texts(opened: Opened) -> Result<Opened, BundleError> {
    for op in &opened.ops {
        limits::check_fields(&op.entity, &op.fields).map_err(|e| BundleError::Damaged {
            reason: format!("Änderung Nr. {}: {e}", op.seq),
        })?;
    }
    Ok(opened)
}

fn schema() -> i64 {
    store::schema::latest_version()
}

/// The seq ranges of the bundle files among `names`, sorted.
fn bundle_ranges(names: &[String]) -> Vec<(i64, i64)> {
    let mut ranges: Vec<(i64, i64)> = names.iter().filter_map(|n| bundle::range_of(n)).collect();
    ranges.sort_unstable();
    ranges
}

/// The highest `n` such that `ranges` cover `1..=n` without a gap.
fn contiguous_end(ranges: &[(i64, i64)]) -> i64 {
    let mut end = 0;
    for &(from, to) in ranges {
        if from > end + 1 {
            break;
        }
        end = end.max(to);
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contiguous_end_stops_at_the_first_gap() {
        assert_eq!(contiguous_end(&[]), 0);
        assert_eq!(contiguous_end(&[(1, 10), (11, 20)]), 20);
        assert_eq!(contiguous_end(&[(1, 10), (21, 30)]), 10);
        assert_eq!(contiguous_end(&[(11, 20)]), 0);
        assert_eq!(contiguous_end(&[(1, 10), (5, 12), (13, 13)]), 13);
    }
}
