//! End-to-end test crate: the real regioLab Desk app in the real webview. The tests are one
//! test binary, `tests/e2e/` (a module per area); what they share is this library: the
//! harness ([`App`] and its display, driver and data file; the seeds) and
//! [`write_bench_section`] for the benchmarks' figures.

mod harness;

pub use harness::{app_binary, seed, seed_anna_here, App, Display};

use std::path::Path;

/// Writes `section` (which starts with `marker`, an HTML comment naming who writes it) into the
/// Markdown file at `path`: in place of the section that starts with the same marker and runs to
/// the next `<!-- ` marker (or the end), else at the end. The rest of the file stays as it was,
/// so each benchmark writes only its own figures (see scripts/bench.sh).
pub fn write_bench_section(path: &Path, marker: &str, section: &str) {
    assert!(
        section.starts_with(marker),
        "a section starts with its marker"
    );
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let (head, tail) = match old.find(marker) {
        Some(at) => {
            let after = at + marker.len();
            let end = old[after..]
                .find("\n<!-- ")
                .map_or(old.len(), |n| after + n + 1);
            (&old[..at], &old[end..])
        }
        None => (old.as_str(), ""),
    };
    let text = format!(
        "{}\n\n{}\n{}{}",
        head.trim_end(),
        section.trim_end(),
        if tail.is_empty() { "" } else { "\n" },
        tail
    );
    std::fs::write(path, text).unwrap();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_replaces_its_own_and_keeps_the_others() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("B.md");
        std::fs::write(&path, "# B\n\n<!-- a -->\n\nold a\n\n<!-- b -->\n\nold b\n").unwrap();
        write_bench_section(&path, "<!-- a -->", "<!-- a -->\n\nnew a\n");
        write_bench_section(&path, "<!-- c -->", "<!-- c -->\n\nnew c\n");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "# B\n\n<!-- a -->\n\nnew a\n\n<!-- b -->\n\nold b\n\n<!-- c -->\n\nnew c\n"
        );
    }
}
