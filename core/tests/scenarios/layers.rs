//! The shape of `regiolab-core`, checked on its own source (docs/ARCHITECTURE.md explains it):
//!
//! - every module stands in a layer and uses only modules of its own layer or below;
//! - no modules use each other in a circle;
//! - SQL is written only in `store/`;
//! - no source file is longer than 600 lines unless its header says why ("Long file:").
//!
//! Dependencies are read from the `crate::…` and `super::…` paths in the code (`#[cfg(test)]`
//! modules at the end of a file excluded: tests may reach anywhere).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, bottom up: a module belongs to the longest path listed here that starts its own
/// path. Modules of one layer may use each other (without a circle); none uses a higher one.
const LAYERS: &[(&str, u8)] = &[
    // Plain types, rules on text and time, the errors, and what differs between systems.
    ("error", 0),
    ("domain", 0),
    ("platform", 0),
    ("fsutil", 0),
    ("pacing", 0),
    // The op log's own types: what every layer above passes around.
    ("oplog::op", 1),
    ("oplog::hlc", 1),
    // SQL, and nothing but SQL.
    ("store", 2),
    // Appending and applying ops, receiving them, keeping the search index.
    ("oplog", 3),
    // One open data file: its connection, device, clock, and the one way to change it.
    ("file", 4),
    // Finding records (following merges) and writing field-wise edits.
    ("lookup", 5),
    ("edit", 5),
    // The areas of the domain.
    ("door", 6),
    ("attendance", 6),
    ("planning", 6),
    ("settings", 6),
    ("retention", 6),
    ("search", 6),
    ("overview", 6),
    ("organisation", 6),
    // What builds on the areas: files in and out, documents, sync, the demo data.
    ("import", 7),
    ("reports", 7),
    ("documents", 7),
    ("sync", 7),
    ("demo", 7),
    // The facade adapters call, and what core's own tests look at below it.
    ("desk", 8),
    ("testing", 8),
    ("crate", 8),
];

/// The source files of the crate, by module path (`store::door`, `oplog`, `crate` for lib.rs).
fn modules() -> BTreeMap<String, (PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = BTreeMap::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(&root).unwrap().with_extension("");
            let mut parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            let module = match parts.as_slice() {
                [only] if only == "lib" => "crate".to_owned(),
                _ => parts.join("::"),
            };
            let text = std::fs::read_to_string(&path).unwrap();
            found.insert(module, (path, text));
        }
    }
    found
}

/// The code of a file without its test module and without comments.
fn code(text: &str) -> String {
    let body = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    body.lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths `code` (of module `me`) names: `crate::a::b…`, `crate::{a, b::c}`,
/// `super::x`.
fn references(me: &str, code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let path_chars = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':';
    for (prefix, base) in [("crate::", String::new()), ("super::", parent(me))] {
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + prefix.len()..];
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let paths: Vec<String> = if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                group[..end]
                    .split(',')
                    .map(|item| item.trim().split(' ').next().unwrap_or("").to_owned())
                    .collect()
            } else {
                vec![rest.chars().take_while(|c| path_chars(*c)).collect()]
            };
            for path in paths {
                let segments: Vec<&str> = path
                    .split("::")
                    .take_while(|s| s.starts_with(|c: char| c.is_ascii_lowercase()))
                    .collect();
                if path.is_empty() {
                    continue;
                }
                // An item of the module itself (`crate::Desk`, `super::Touched`) names the module.
                let joined = segments.join("::");
                found.insert(match (base.is_empty(), joined.is_empty()) {
                    (true, true) => "crate".to_owned(),
                    (true, false) => joined,
                    (false, true) => base.clone(),
                    (false, false) => format!("{base}::{joined}"),
                });
            }
        }
    }
    found
}

fn parent(module: &str) -> String {
    match module.rsplit_once("::") {
        Some((parent, _)) => parent.to_owned(),
        None => String::new(),
    }
}

/// The layer unit a module path belongs to: the longest listed path that starts it (`crate`
/// is the root, lib.rs, and the items it holds itself).
fn unit(path: &str) -> Option<&'static str> {
    if path == "crate" {
        return Some("crate");
    }
    LAYERS
        .iter()
        .map(|(prefix, _)| *prefix)
        .filter(|prefix| path == *prefix || path.starts_with(&format!("{prefix}::")))
        .max_by_key(|prefix| prefix.len())
}

/// Unit → the units it uses.
fn graph() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    let all = modules();
    let top: BTreeSet<&str> = all.keys().map(|m| m.split("::").next().unwrap()).collect();
    let mut edges: BTreeMap<&'static str, BTreeSet<&'static str>> = BTreeMap::new();
    for (module, (_, text)) in &all {
        let from =
            unit(module).unwrap_or_else(|| panic!("module {module} is in no layer of LAYERS"));
        let used = edges.entry(from).or_default();
        for path in references(module, &code(text)) {
            // `crate::something` that is no module is an item of the root (`crate::Desk`).
            let target = if top.contains(path.split("::").next().unwrap()) {
                path
            } else {
                "crate".to_owned()
            };
            if let Some(to) = unit(&target) {
                if to != from {
                    used.insert(to);
                }
            }
        }
    }
    edges
}

#[test]
fn every_module_uses_only_its_own_layer_or_below() {
    let rank: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let mut wrong = Vec::new();
    for (from, used) in graph() {
        for to in used {
            if rank[to] > rank[from] {
                wrong.push(format!(
                    "{from} (layer {}) uses {to} (layer {})",
                    rank[from], rank[to]
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "upward dependencies:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_modules_use_each_other_in_a_circle() {
    let edges = graph();
    // Depth-first search; a unit met again while still on the path closes a circle.
    fn visit<'a>(
        unit: &'a str,
        edges: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
        circles: &mut Vec<String>,
    ) {
        if let Some(at) = path.iter().position(|u| *u == unit) {
            let mut circle = path[at..].to_vec();
            circle.push(unit);
            circles.push(circle.join(" → "));
            return;
        }
        if !done.insert(unit) {
            return;
        }
        path.push(unit);
        for next in edges.get(unit).into_iter().flatten() {
            visit(next, edges, path, done, circles);
        }
        path.pop();
    }
    let mut circles = Vec::new();
    let mut done = BTreeSet::new();
    for unit in edges.keys() {
        visit(unit, &edges, &mut Vec::new(), &mut done, &mut circles);
    }
    assert!(circles.is_empty(), "circles:\n{}", circles.join("\n"));
}

#[test]
fn sql_is_written_only_in_the_store() {
    const SQL: &[&str] = &[
        "\"SELECT ",
        "\"INSERT ",
        "\"UPDATE ",
        "\"DELETE ",
        "\"CREATE ",
        "\"DROP ",
        "\"WITH ",
        "\"PRAGMA ",
        "\"BEGIN",
        ".prepare(",
        ".prepare_cached(",
        ".execute(",
        ".query_row(",
        ".execute_batch(",
    ];
    let mut outside = Vec::new();
    for (module, (path, text)) in modules() {
        if module == "store" || module.starts_with("store::") {
            continue;
        }
        for (n, line) in code(&text).lines().enumerate() {
            if SQL.iter().any(|s| line.contains(s)) {
                outside.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        outside.is_empty(),
        "SQL outside core/src/store:\n{}",
        outside.join("\n")
    );
}

#[test]
fn no_source_file_is_over_600_lines_without_a_reason() {
    let mut long = Vec::new();
    for (_, (path, text)) in modules() {
        let lines = text.lines().count();
        let header: String = text.lines().take(12).collect::<Vec<_>>().join("\n");
        if lines > 600 && !header.contains("Long file:") {
            long.push(format!("{} ({lines} lines)", path.display()));
        }
    }
    assert!(
        long.is_empty(),
        "over 600 lines, no reason in the header:\n{}",
        long.join("\n")
    );
}
