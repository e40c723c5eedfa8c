// Scratch: time receiving three devices' bulk imports on a fresh file (direct and by sync).
use regiolab_core::sync::Folder;
use regiolab_core::Desk;
use std::fmt::Write as _;
use std::time::Instant;

fn import_csv(rows: usize, prefix: &str) -> String {
    let mut csv = String::from("Vorname;Nachname;E-Mail;Firma;Telefon\n");
    for i in 0..rows {
        writeln!(
            csv,
            "Vorname{i};Müller-{prefix}{i};{prefix}person{i}@firma{}.de;Firma {} GmbH;0511 {i}",
            i % 500,
            i % 500
        )
        .unwrap();
    }
    csv
}
const P: &str = "Weiterbildung verbindet 2026";

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().unwrap())
        .unwrap_or(16_000);
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    let mut all = Vec::new();
    for device in 0..3 {
        let mut desk = Desk::open(&dir.path().join(format!("d{device}.sqlite3"))).unwrap();
        let w = desk
            .create_workshop(&regiolab_core::NewWorkshop {
                title: format!("W{device}"),
                ..Default::default()
            })
            .unwrap();
        let csv = import_csv(rows, &format!("D{device}-"));
        desk.import_commit(&w, csv.as_bytes(), "b.csv", &Default::default())
            .unwrap();
        desk.sync_with(&Folder::new(&share), P, false).unwrap();
        all.extend(desk.ops().unwrap());
    }
    println!("{} ops", all.len());
    let mut desk = Desk::open(&dir.path().join("direct.sqlite3")).unwrap();
    let start = Instant::now();
    let n = desk.receive(&all).unwrap();
    println!("received {n} directly in {:.3?}", start.elapsed());
    let mut desk = Desk::open(&dir.path().join("synced.sqlite3")).unwrap();
    let start = Instant::now();
    let r = desk.sync_with(&Folder::new(&share), P, false).unwrap();
    println!(
        "synced {} ops in {} bundles in {:.3?}",
        r.received_ops,
        r.received_bundles,
        start.elapsed()
    );
}
