//! `rolo import`: run an import and report what it created, merged and skipped.

use serde_json::json;

use super::output::json_inert;
use super::{DatesArg, ImportArgs, ImportFormat, count};
use crate::cli::{Env, Exit, report_error};
use crate::command::CommandError;
use crate::domain::customer::check_tag;
use crate::domain::text::{sanitize, truncate};
use crate::interop::apply::Likeness;
use crate::interop::text::DateOrder;
use crate::interop::{self, Format, ImportError, ImportOptions};

fn import_error(e: &ImportError, json: bool) -> Exit {
    let usage = matches!(e, ImportError::Usage(_) | ImportError::NoName { .. });
    if json {
        println!(
            "{}",
            json_inert(&json!({"error": e.to_string()}).to_string())
        );
    } else {
        eprintln!("error: {}", sanitize(&e.to_string()));
    }
    if usage { Exit::Usage } else { Exit::Failure }
}

/// Runs `rolo import`.
pub fn import(env: &mut Env, a: &ImportArgs) -> anyhow::Result<Exit> {
    let mut tags = Vec::new();
    for t in &a.tag {
        match check_tag(t) {
            Ok(t) => tags.push(t),
            Err(m) => {
                return Ok(report_error(
                    &CommandError::Usage(format!("--tag: {m}")),
                    env.json,
                ));
            }
        }
    }
    let opts = ImportOptions {
        format: a.format.map(|f| match f {
            ImportFormat::Csv => Format::Csv,
            ImportFormat::Vcard => Format::Vcard,
            ImportFormat::Json => Format::Json,
            ImportFormat::Dossier => Format::Dossier,
        }),
        dry_run: a.dry_run,
        tags,
        skip_bad: a.skip_bad,
        encoding: a.encoding.clone(),
        map: a.map.clone(),
        dates: a.dates.map(|d| match d {
            DatesArg::Dmy => DateOrder::DayFirst,
            DatesArg::Mdy => DateOrder::MonthFirst,
        }),
        now: env.ctx.now,
        progress: !env.json && std::io::IsTerminal::is_terminal(&std::io::stderr()),
        watch: None,
    };
    let r = match interop::import_file(&mut env.store, &a.file, &opts) {
        Ok(r) => r,
        Err(e) => return Ok(import_error(&e, env.json)),
    };
    let all_bad = all_bad(&r);
    let all_bad_error = || {
        format!(
            "{}: every record was broken ({} skipped); nothing was imported",
            r.file.display(),
            r.skipped
        )
    };
    if env.json {
        println!("{}", json_inert(&serde_json::to_string(&r)?));
        if all_bad {
            eprintln!("error: {}", sanitize(&all_bad_error()));
            return Ok(Exit::Failure);
        }
        return Ok(Exit::Ok);
    }
    // A backup or dossier of an empty database: valid, and nothing to do.
    if r.records == 0 && matches!(r.format.as_str(), "json" | "dossier") {
        println!(
            "{} has no customers in it; nothing was imported.",
            sanitize(&r.file.display().to_string())
        );
        return Ok(Exit::Ok);
    }
    let mut out = report_body(&r);
    if let Some(d) = &r.dates {
        out.push_str(&dates_line(d, r.dry_run));
    }
    if all_bad {
        print!("{out}");
        eprintln!("error: {}", sanitize(&all_bad_error()));
        return Ok(Exit::Failure);
    }
    if r.dry_run {
        out.push_str("Nothing was written (dry run).\n");
    } else if r.changed() {
        out.push_str("`rolo undo` takes the whole import back.\n");
    } else if r.merges.iter().any(|m| m.older.is_some()) {
        // The file holds other values, older than what rolo took: kept out on purpose.
        out.push_str(
            "Nothing was written: what differs in the file is older than what rolo has.\n",
        );
    } else if r.unchanged > 0 {
        out.push_str("Nothing was written: rolo already had everything in the file.\n");
    } else {
        out.push_str("Nothing was written (every record was skipped).\n");
    }
    print!("{out}");
    Ok(Exit::Ok)
}

/// What an import read and did (or, in a dry run, would do), a line each, without the
/// line on dates and the closing line: `Would import people.csv (csv, utf-8): 3 created,
/// …` and the records created, merged and skipped. File text is made inert. The TUI's
/// import preview shows the same lines.
pub(crate) fn report_body(r: &interop::ImportReport) -> String {
    let all_bad = all_bad(r);
    let mut out = String::new();
    let verb = if r.dry_run {
        "Would import"
    } else if all_bad {
        // Not "Imported": the error below says nothing was.
        "Read"
    } else {
        "Imported"
    };
    out.push_str(&format!(
        "{verb} {} ({}, {}): {} created, {} merged, ",
        sanitize(&r.file.display().to_string()),
        r.format,
        r.encoding,
        r.created,
        r.merged,
    ));
    if r.unchanged > 0 {
        out.push_str(&format!("{} unchanged, ", r.unchanged));
    }
    out.push_str(&format!("{} skipped", r.skipped));
    if r.orgs_created > 0 {
        out.push_str(&format!(
            "; {} created",
            count(r.orgs_created, "organization", "organizations")
        ));
    }
    // What the history rows are, in the words `rolo show` uses ("1 history row" for a
    // dossier's one follow-up read as if history were lost).
    let [interactions, follow_ups, deals] = r.history_kinds;
    let kinds = crate::domain::text::counts(&[
        (interactions, "interaction", "interactions"),
        (follow_ups, "follow-up", "follow-ups"),
        (deals, "deal", "deals"),
    ]);
    if !kinds.is_empty() {
        out.push_str(&format!("; {} added", kinds.join(", ")));
    }
    out.push_str(".\n");
    if !r.markdown_edited.is_empty() {
        out.push_str(&format!(
            "  warning: the Markdown part was edited; rolo reads only the json block — these \
             edits were not imported: {}\n",
            r.markdown_edited
                .iter()
                .map(|s| sanitize(s))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    // Any import says which columns of emails or phones it did not recognize (a preview,
    // after its records, where every column goes).
    for u in &r.unmapped_contacts {
        let column = sanitize(&u.column);
        let (holds, read_as) = if u.holds == "email" {
            ("emails", "emails")
        } else {
            ("phone numbers", "phones")
        };
        out.push_str(&format!(
            "  warning: column `{column}` holds {holds} but goes to the notes; to read them as \
             {read_as}: --map \"{column}={}\"\n",
            u.holds
        ));
    }
    if let Some(e) = &r.encoding_mismatch {
        out.push_str(&format!(
            "  warning: --encoding says {}, but the file looks like {}: line {} reads `{}`, \
             which {} reads `{}`; if names look garbled, {}import with --encoding {} (or \
             without --encoding)\n",
            r.encoding.to_ascii_lowercase(),
            e.detected,
            e.line,
            sanitize(&e.read),
            e.detected,
            sanitize(&e.detected_read),
            if r.dry_run { "" } else { "`rolo undo` and " },
            e.detected
        ));
    }
    if let Some(q) = &r.replaced_letters {
        out.push_str(&format!(
            "  warning: {} a `?` where a letter was ({}: `{}`): the file was saved in an \
             encoding without those letters (Excel's plain \"CSV\"); save it again as \"CSV UTF-8\" \
             and import that\n",
            records_have(q.records),
            place(q.file.as_deref(), q.line),
            sanitize(&q.value)
        ));
    }
    if let Some(q) = &r.not_utf8 {
        out.push_str(&format!(
            "  warning: {} a value that is not UTF-8 ({}, read as Windows-1252: `{}`); the \
             rest of the file is UTF-8: check that value (`rolo edit` mends it)\n",
            records_have(q.records),
            place(q.file.as_deref(), q.line),
            sanitize(&q.value)
        ));
    }
    let not_merged = |n: &interop::NamesakeNote| {
        // (A name that many customers share would make a line of hundreds of ids.)
        let ids: Vec<String> = n.namesakes.iter().map(|id| format!("#{id}")).collect();
        let ids = match ids.split_at_checked(NAMESAKE_IDS) {
            Some((said, rest @ [_, _, ..])) => {
                format!("{} and {} others", said.join(", "), rest.len())
            }
            _ => ids.join(" and "),
        };
        let (has, same) = if n.namesakes.len() == 1 {
            ("has", "the same person")
        } else {
            ("have", "one of them")
        };
        // The command itself when it is one (a dry run's ids are not there afterwards).
        let merge = match n.namesakes.as_slice() {
            [one] if !r.dry_run => format!("`rolo merge \"#{one}\" \"#{}\"`", n.id),
            _ => "`rolo merge`".to_string(),
        };
        match n.like {
            Likeness::Phone => format!(
                " (not merged: {ids} {has} that phone under another name; {merge} if it is the same person)"
            ),
            Likeness::PhoneAndNameInAnotherScript => format!(
                " (not merged: {ids} {has} that phone, and that name in another script; {merge} if it is {same})"
            ),
            Likeness::NameInAnotherScript => format!(
                " (not merged: {ids} {has} that name in another script; {merge} if it is {same})"
            ),
            Likeness::NameReordered => format!(
                " (not merged: {ids} {has} that name in another order; {merge} if it is {same})"
            ),
            Likeness::Name => {
                format!(" (not merged: {ids} {has} that name; {merge} if it is {same})")
            }
        }
    };
    let mut namesakes_said = 0;
    for c in &r.creates {
        let namesakes = r
            .namesakes
            .iter()
            .find(|n| n.line == c.line && n.file == c.file && (c.line > 0 || n.name == c.name))
            .inspect(|_| namesakes_said += 1)
            .map(not_merged)
            .unwrap_or_default();
        let at = if c.line > 0 {
            format!(" {}", place(c.file.as_deref(), c.line))
        } else {
            String::new()
        };
        out.push_str(&format!("  create{at}: {}{namesakes}\n", sanitize(&c.name)));
    }
    if r.created > r.creates.len() && !r.creates.is_empty() {
        let beside = match r.namesakes_total - namesakes_said {
            0 => String::new(),
            n => format!(" ({n} of them {BESIDE_NAMESAKES})"),
        };
        out.push_str(&format!(
            "  … and {} more{beside}\n",
            r.created - r.creates.len()
        ));
    }
    // (A handful: a whole address book's companies would bury the rest; `--json` has all.)
    for o in r.orgs_alike.iter().take(ORGS_ALIKE_LINES) {
        out.push_str(&format!(
            "  organization {} is #{} {} (the same name {} its legal form)\n",
            sanitize(&o.name),
            o.into,
            sanitize(&o.into_name),
            if o.with_form { "with" } else { "without" }
        ));
    }
    if let n @ 1.. = r.orgs_alike.len().saturating_sub(ORGS_ALIKE_LINES) {
        out.push_str(&format!(
            "  … and {} taken for one with or without its legal form\n",
            count(n, "company", "companies")
        ));
    }
    let at = |m: &interop::import::MergeNote| {
        if m.line > 0 {
            format!("{}: ", place(m.file.as_deref(), m.line))
        } else {
            String::new()
        }
    };
    // Records that changed a customer, all of them; then, as a file imported again would
    // list every record, the first few that added nothing.
    for (changed, total, most) in [
        (true, r.merged, usize::MAX),
        (false, r.unchanged, UNCHANGED_LINES),
    ] {
        let (verb, link, tail) = if changed {
            ("merged", "into", "")
        } else {
            ("unchanged", "is", ", with nothing new")
        };
        // (One with a conflict, or values kept it may have removed, is always named.)
        let mut listed = 0;
        let notes: Vec<_> = r
            .merges
            .iter()
            .filter(|m| m.changed == changed)
            .filter(|m| {
                listed += 1;
                listed <= most || m.has_notes()
            })
            .collect();
        for m in &notes {
            out.push_str(&format!(
                "  {verb} {}{} {link} #{} ({}){tail}{}{}{}\n",
                at(m),
                sanitize(&m.name),
                m.into,
                m.by.as_str(),
                what_was_added(&m.added),
                what_was("moved", &m.moved, m.added.is_empty()),
                what_was(
                    "removed",
                    &m.removed,
                    m.added.is_empty() && m.moved.is_empty()
                )
            ));
            if !m.taken.is_empty() {
                out.push_str(&format!(
                    "    taken from there (changed there only since it was handed over): {}\n",
                    values_said(&m.taken)
                ));
            }
            if !m.not_added.is_empty() {
                out.push_str(&format!(
                    "    not added again (removed here since it was handed over): {}\n",
                    values_said(&m.not_added)
                ));
            }
            for c in &m.conflicts {
                out.push_str(&format!("    conflict: {}\n", sanitize(c)));
            }
            if let Some(k) = &m.not_removed {
                out.push_str(&format!(
                    "    kept {}, not in the file: {}\n",
                    values_said(&k.values),
                    k.why.said()
                ));
            }
            if let Some(o) = &m.older {
                out.push_str(&format!("    {o}\n"));
            }
        }
        let more = total.saturating_sub(notes.len());
        if more > 0 {
            out.push_str(&if changed {
                format!("  … and {}\n", count(more, "more merge", "more merges"))
            } else {
                format!("  … and {more} more unchanged\n")
            });
        }
    }
    // (A dry run says it on its create lines.)
    for n in r.namesakes.iter().filter(|_| !r.dry_run) {
        // (A backup's or dossier's records have no line.)
        let at = if n.line > 0 {
            format!(" {}", place(n.file.as_deref(), n.line))
        } else {
            String::new()
        };
        out.push_str(&format!(
            "  created{at}: {}{}\n",
            sanitize(&n.name),
            not_merged(n)
        ));
    }
    // (The list stops at REPORT_LINES; the counts do not.)
    if !r.dry_run && r.namesakes_total > r.namesakes.len() {
        out.push_str(&format!(
            "  … and {} more created {BESIDE_NAMESAKES}\n",
            r.namesakes_total - r.namesakes.len()
        ));
    }
    for s in &r.skipped_records {
        out.push_str(&format!("  skipped {}\n", sanitize(s)));
    }
    if r.skipped > r.skipped_records.len() {
        out.push_str(&format!(
            "  … and {} more skipped\n",
            r.skipped - r.skipped_records.len()
        ));
    }
    for s in &r.skipped_files {
        out.push_str(&format!("  skipped file {}\n", sanitize(s)));
    }
    if r.dry_run && !r.columns.is_empty() {
        out.push_str(&format!("  columns: {}\n", column_fields(&r.columns)));
    }
    if !r.left_out.is_empty() {
        let each: Vec<String> = r
            .left_out
            .iter()
            .map(|l| {
                let cards = if l.cards == 1 { "card" } else { "cards" };
                format!("{} ({} {cards})", sanitize(&l.property), l.cards)
            })
            .collect();
        out.push_str(&format!(
            "  left out (rolo has no field for them): {}\n",
            each.join(", ")
        ));
    }
    out
}

/// `name ← Full Name; email ← E-mail 1, E-mail 2; notes ← Foo; left out ← Photo`: the
/// columns grouped by the field they go to, in the order the fields first appear.
fn column_fields(columns: &[interop::sheet::ColumnField]) -> String {
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for c in columns {
        let column = sanitize(&c.column);
        match groups.iter_mut().find(|(f, _)| *f == c.field) {
            Some((_, cols)) => cols.push(column),
            None => groups.push((&c.field, vec![column])),
        }
    }
    groups
        .iter()
        .map(|(field, cols)| format!("{field} ← {}", cols.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every record was broken (and skipped): nothing was imported, which is a failure.
fn all_bad(r: &interop::ImportReport) -> bool {
    r.records > 0 && r.skipped == r.records
}

/// How many companies taken for an organization with or without a legal form an import
/// report names.
const ORGS_ALIKE_LINES: usize = 10;

/// `1 record has`, `3 records have`.
fn records_have(n: usize) -> String {
    if n == 1 {
        "1 record has".to_string()
    } else {
        format!("{n} records have")
    }
}

/// How many records that matched and added nothing an import report lists by name.
const UNCHANGED_LINES: usize = 5;

/// How many of the customers a record shares its name or phone with its line names.
const NAMESAKE_IDS: usize = 3;

/// Records created, not merged, past the ones listed: where to see them.
const BESIDE_NAMESAKES: &str =
    "beside a customer of the same name or phone (`rolo dupes` lists the pairs)";

/// How many of the things a merge added its report line names (a whole dossier's, or a
/// phone's card with birthday, emails, phones and tags, fit), and how wide each may be (an address or a profile link whole,
/// and a dossier's history counts with the follow-ups it closed).
const ADDED_ITEMS: usize = 16;
const ADDED_WIDTH: usize = 96;

/// ` — added phone +48 601 234 567, tag vip, notes` for a merge's report line (empty when
/// it added nothing): file text made inert, a long value cut, a very long list cut to `… and 5
/// more`.
fn what_was_added(added: &[String]) -> String {
    if added.is_empty() {
        return String::new();
    }
    let shown = if added.len() > ADDED_ITEMS {
        ADDED_ITEMS - 1
    } else {
        added.len()
    };
    let mut items: Vec<String> = added[..shown]
        .iter()
        .map(|a| truncate(&sanitize(a), ADDED_WIDTH))
        .collect();
    if shown < added.len() {
        items.push(format!("… and {} more", added.len() - shown));
    }
    format!(" — added {}", items.join(", "))
}

/// `; removed tag vip, removed phone +48 601 234 567` after what a merge added (` — removed
/// …` when nothing is said before it, `alone`): what a dossier coming back moved or removed
/// (`done`: `moved`, `removed`), file text made inert.
fn what_was(done: &str, values: &[String], alone: bool) -> String {
    if values.is_empty() {
        return String::new();
    }
    let items: Vec<String> = values.iter().map(|r| format!("{done} {r}")).collect();
    format!(
        "{}{}",
        if alone { " — " } else { "; " },
        values_said(&items)
    )
}

/// `tag vip, phone +48 601 234 567`: values a merge line names, file text made inert and a
/// long one cut.
fn values_said(values: &[String]) -> String {
    values
        .iter()
        .map(|v| truncate(&sanitize(v), ADDED_WIDTH))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The day a report's example date was read as: `4 March 1980`.
pub(crate) fn date_as_read(d: &interop::DatesNote) -> Option<String> {
    interop::text::parse_date_in(&d.example, d.order)
        .ok()
        .flatten()
        .map(crate::domain::when::long_date)
}

/// How dates with slashes were read, and how to have them read the other way.
pub(crate) fn dates_line(d: &interop::DatesNote, dry_run: bool) -> String {
    let example = sanitize(&d.example);
    let read = date_as_read(d).map_or_else(String::new, |day| format!(" is {day}"));
    let (first, other, flag) = (
        d.order.first(),
        d.order.other().first(),
        d.order.other().flag(),
    );
    let again = if dry_run {
        format!("import with --dates {flag}")
    } else {
        format!("`rolo undo` and import again with --dates {flag}")
    };
    if d.chosen {
        return format!(
            "Dates with slashes were read {first} first, as --dates says: {example} on line {}{read}.\n",
            d.line
        );
    }
    match &d.shown_by {
        Some(seen) => {
            let mut line = format!(
                "Dates with slashes were read {first} first, as line {} shows ({}): {example} on line {}{read}.",
                seen.line,
                sanitize(&seen.value),
                d.line
            );
            // Rows from sources of both orders: no one reading is right for them all.
            if let Some(c) = &d.contradicted_by {
                line.push_str(&format!(
                    " But line {} ({}) is {other} first: the file mixes both orders, so check \
                     its dates like {example}.",
                    c.line,
                    sanitize(&c.value)
                ));
            }
            line.push('\n');
            line
        }
        None => format!(
            "Dates with slashes were read {first} first, as Outlook writes them in the US: {example} on line {}{read}. Nothing in the file shows which comes first; if it is the {other}, {again}.\n",
            d.line
        ),
    }
}

/// Where a record was: `line 3`, or `a.vcf line 3` in an imported directory (file names
/// come from the user's disk: sanitized like any text).
fn place(file: Option<&str>, line: usize) -> String {
    match file {
        Some(f) => format!("{} line {line}", sanitize(f)),
        None => format!("line {line}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merge_line_says_what_it_added_briefly_and_inertly() {
        let v = |a: &[&str]| a.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(what_was_added(&[]), "");
        assert_eq!(
            what_was_added(&v(&["phone +48 601 234 567", "tag vip", "notes"])),
            " — added phone +48 601 234 567, tag vip, notes"
        );
        assert_eq!(
            what_was_added(&v(&["a", "b", "c", "d"])),
            " — added a, b, c, d"
        );
        let many: Vec<String> = (1..=20).map(|i| format!("tag t{i}")).collect();
        assert_eq!(
            what_was_added(&many),
            format!(" — added {}, … and 5 more", many[..15].join(", "))
        );
        // A dossier's history, however much, is said whole.
        let history =
            "12 interactions, 10 follow-ups, 10 deals (10 open follow-ups done there, closed here)";
        assert_eq!(
            what_was_added(&v(&[history])),
            format!(" — added {history}")
        );
        let evil = what_was_added(&v(&["tag x\u{1b}]0;pwned\u{7}\u{202e}", &"w".repeat(120)]));
        assert!(!evil.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{evil}");
        assert!(
            evil.ends_with(&format!("{}…", "w".repeat(ADDED_WIDTH - 1))),
            "{evil}"
        );
    }
}
