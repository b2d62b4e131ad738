//! Import benchmarks: a Google-Contacts-like CSV and a file of vCards, into a fresh database
//! file each iteration. Set `ROLO_BENCH_CSV=/tmp/gen/customers-100000.csv` (made by
//! `python3 shared/bench/gen.py 100000 --out /tmp/gen`) to also time that file; compare with
//! `sqlite3 x.db ".mode csv" ".import FILE c"`. `merge_100k_contact_points`: a backup
//! customer with 100 000 emails merged into the one a database has (quadratic once: each
//! contact point was looked up against all the customer's others).

use std::fmt::Write as _;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use rolo::interop::{ImportOptions, import_file};
use rolo::store::Store;

const FIRST: &[&str] = &[
    "Anna", "Jan", "Łucja", "Zoë", "René", "Priya", "Wei", "Ola", "Tomás", "Sophia",
];
const LAST: &[&str] = &[
    "Kowalska", "Nowak", "Müller", "Dupont", "Sharma", "Chen", "Nordmann", "García",
];

fn csv_text(n: usize) -> String {
    let mut s = String::from(
        "First Name,Last Name,Organization Name,Organization Title,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n",
    );
    for i in 0..n {
        let (f, l) = (FIRST[i % FIRST.len()], LAST[(i / 7) % LAST.len()]);
        let _ = writeln!(
            s,
            "{f},{l},Company {},Buyer,\"Met at \"\"Expo\"\"\",* myContacts ::: Lead,Work,p{i}@example.com,Mobile,+48 600 {:03} {:03}",
            i % 997,
            i / 1000,
            i % 1000
        );
    }
    s
}

fn vcf_text(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let (f, l) = (FIRST[i % FIRST.len()], LAST[(i / 7) % LAST.len()]);
        let _ = write!(
            s,
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bench-{i}\r\nFN:{f} {l}\r\nN:{l};{f};;;\r\nORG:Company {}\r\n\
             EMAIL;TYPE=WORK:v{i}@example.com\r\nTEL;TYPE=CELL:+48 601 {:03} {:03}\r\nCATEGORIES:lead,vip\r\nEND:VCARD\r\n",
            i % 997,
            i / 1000,
            i % 1000
        );
    }
    s
}

/// A backup of one customer (`uid` u-1, `p0@x.example`) with `n` emails.
fn backup_text(n: usize) -> String {
    let mut contacts = String::new();
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(
            contacts,
            "{sep}{{\"kind\": \"email\", \"value\": \"p{i}@x.example\", \"label\": null}}"
        );
    }
    let t = "2026-01-01T00:00:00Z";
    format!(
        "{{\"format\": \"rolo-backup\", \"version\": 1, \"customers\": [{{\"id\": 1, \
         \"uid\": \"u-1\", \"kind\": \"person\", \"name\": \"Big Contact\", \"org\": null, \
         \"title\": null, \"address\": null, \"notes\": \"\", \"needs\": \"\", \
         \"needs_updated_at\": null, \"cadence_days\": null, \"owner\": null, \
         \"birthday\": null, \"created_at\": \"{t}\", \"updated_at\": \"{t}\", \
         \"contacts\": [{contacts}], \"tags\": []}}]}}"
    )
}

/// Imports `base`, then `merged` into it, in a fresh database file.
fn merge_once(dir: &Path, base: &Path, merged: &Path) {
    let db = dir.join(format!("m{}.db", fastrand::u64(..)));
    let mut store = Store::open(&db).expect("open");
    import_file(&mut store, base, &ImportOptions::default()).expect("import");
    let r = import_file(&mut store, merged, &ImportOptions::default()).expect("import");
    assert_eq!(r.merged, 1);
    drop(store);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
}

fn import_once(dir: &Path, file: &Path) {
    let db = dir.join(format!("b{}.db", fastrand::u64(..)));
    let mut store = Store::open(&db).expect("open");
    let r = import_file(&mut store, file, &ImportOptions::default()).expect("import");
    assert!(r.created > 0);
    drop(store);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
}

fn imports(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("c.csv");
    std::fs::write(&csv, csv_text(10_000)).expect("write");
    let vcf = dir.path().join("v.vcf");
    std::fs::write(&vcf, vcf_text(10_000)).expect("write");
    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    g.bench_function("csv_10k", |b| b.iter(|| import_once(dir.path(), &csv)));
    g.bench_function("vcard_10k", |b| b.iter(|| import_once(dir.path(), &vcf)));
    let base = dir.path().join("base.json");
    std::fs::write(&base, backup_text(1)).expect("write");
    let many = dir.path().join("many.json");
    std::fs::write(&many, backup_text(100_000)).expect("write");
    g.bench_function("merge_100k_contact_points", |b| {
        b.iter(|| merge_once(dir.path(), &base, &many));
    });
    if let Some(big) = std::env::var_os("ROLO_BENCH_CSV") {
        let big = std::path::PathBuf::from(big);
        g.bench_function("csv_file", |b| b.iter(|| import_once(dir.path(), &big)));
    }
    g.finish();
}

criterion_group!(benches, imports);
criterion_main!(benches);
