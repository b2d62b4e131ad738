//! Running commands and the work around them: the palette's line and preview, snooze,
//! `$EDITOR` results, subprocess results.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use chrono::NaiveDate;

use super::{App, Tone};
use crate::command::{Command, CustomerRef, EditSpec, Resolution, execute, resolve};
use crate::domain::CustomerId;
use crate::domain::text::sanitize;
use crate::interop::import::ImportWatch;
use crate::tui::palette::{NameIndex, Palette};
use crate::tui::pane::{FollowUpMode, Pane};
use crate::tui::popup::{DatePrompt, EditorTarget, ImportPreview, ImportPrompt, ImportRun, Popup};

impl App {
    /// How the palette refers to a customer: the name when it resolves to them alone, else `#id`.
    pub(super) fn reference(&self, id: CustomerId) -> String {
        let Some(h) = &self.header else {
            return id.to_string();
        };
        let name = sanitize(&h.customer.name);
        let unique = matches!(
            resolve(&self.store, &CustomerRef::Text(name.clone())),
            Ok(Resolution::Unique(c)) if c.id == id
        );
        // A name with grammar keywords or a colon would not parse back; use the id. Nor
        // would one with a word that reads as a day, in a follow-up (`n` opens `follow
        // Li Sun `: `Sun` would be the day, and `Li` the customer).
        let follows_back = matches!(
            crate::command::parse(&format!("follow {name} tomorrow x"), &self.ctx),
            Ok(Command::Follow { who: CustomerRef::Text(w), .. }) if w == name
        );
        // And a log line (`c` opens `call Walk In: `: `In` would be the direction).
        let logs_back = matches!(
            crate::command::parse(&format!("call {name}: x"), &self.ctx),
            Ok(Command::Log(crate::command::LogSpec { who: CustomerRef::Text(w), .. })) if w == name
        );
        if unique && follows_back && logs_back && !name.contains([':', '"']) {
            name
        } else {
            id.to_string()
        }
    }

    /// Opens the palette with a line.
    pub fn open_palette(&mut self, line: &str) {
        let mut p = Palette::with(line);
        p.refresh_items(self.index.as_mut());
        self.popup = Some(Popup::Palette(p));
    }

    /// Whether work waits for a pause in typing (the loop then polls keys more often).
    pub fn wants_idle(&self) -> bool {
        matches!(&self.popup, Some(Popup::Palette(p)) if p.stale || self.index.is_none())
    }

    /// Work done when no key came for a moment: the palette's name index (first time) and
    /// its preview, so a keystroke never waits for the database.
    pub fn idle(&mut self) {
        // Build the palette's index while nothing happens, so `:` finds it ready.
        if self.index.is_none() && !self.empty && self.popup.is_none() {
            self.index = NameIndex::load(&self.store).ok();
            return;
        }
        if !matches!(self.popup, Some(Popup::Palette(_))) {
            return;
        }
        let Some(Popup::Palette(mut p)) = self.popup.take() else {
            return;
        };
        if self.index.is_none() {
            match NameIndex::load(&self.store) {
                Ok(ix) => self.index = Some(ix),
                Err(e) => self.say(format!("palette: {e}"), Tone::Error),
            }
            p.refresh_items(self.index.as_mut());
        }
        if p.stale {
            p.refresh_preview(&self.store, &self.ctx, self.index.as_mut(), false);
        }
        self.popup = Some(Popup::Palette(p));
    }

    /// Executes a command; the result goes to the status bar. Returns true on success.
    pub fn run(&mut self, cmd: &Command) -> bool {
        let queue_focus =
            self.focus == Pane::FollowUps && self.follow_ups.mode == FollowUpMode::Today;
        match execute(&mut self.store, cmd, &self.ctx) {
            Ok(outcome) => {
                if matches!(
                    cmd,
                    Command::Add(_) | Command::Edit { .. } | Command::Undo { .. }
                ) {
                    self.index = None;
                }
                self.say(outcome.message, Tone::Ok);
                self.reload();
                match (cmd, outcome.customer) {
                    (Command::Show(_) | Command::Add(_), Some(id)) => self.open_customer(id),
                    // The list selects whom the command was about, as the header shows them:
                    // what a key acts on is what the screen shows.
                    (_, Some(id)) if !queue_focus => {
                        self.show_customer(id);
                        if self.focus == Pane::Customers {
                            self.select_in_list(id);
                        }
                    }
                    // The queue keeps its focus and shows its item (a customer planned
                    // leaves the plan: the next one is shown, for `n` to plan); an empty
                    // queue shows whom the command was about.
                    (_, Some(id)) if self.follow_ups.selected_customer().is_none() => {
                        self.show_customer(id);
                    }
                    _ if queue_focus => self.sync_from_queue(),
                    _ => {}
                }
                true
            }
            Err(e) => {
                self.say(e.to_string(), Tone::Error);
                false
            }
        }
    }

    /// `u`: undoes this screen's last change at once. A change made elsewhere (another
    /// terminal, a script, or before this screen opened) is named first, in the palette:
    /// Enter undoes it, Esc keeps it.
    pub fn undo(&mut self) {
        match self.store.undoable() {
            Ok(Some((id, at, _))) if !self.store.made_here(id, at) => {
                self.open_palette("undo");
                self.say(
                    "The last change was not made in this screen: Enter undoes it, Esc keeps it",
                    Tone::Info,
                );
            }
            Ok(Some((id, _, _))) => {
                self.run(&Command::Undo { change: Some(id) });
            }
            _ => {
                self.run(&Command::Undo { change: None });
            }
        }
    }

    /// Snoozes or moves the prompt's follow-up to `day`.
    pub fn move_follow_up(&mut self, prompt: &DatePrompt, day: NaiveDate) -> bool {
        let cmd = if prompt.snooze {
            Command::Snooze(prompt.id, day)
        } else {
            Command::Reschedule(prompt.id, day)
        };
        if prompt.from_queue && day > self.ctx.today {
            self.snoozed += 1;
        }
        let ok = self.run(&cmd);
        if !ok && prompt.from_queue && day > self.ctx.today {
            self.snoozed -= 1;
        } else if ok {
            self.load_progress();
        }
        ok
    }

    /// Text came back from `$EDITOR` (or the editor failed).
    pub fn editor_done(&mut self, target: EditorTarget, result: Result<String, String>) {
        let text = match result {
            Ok(t) => t.trim_end().to_string(),
            Err(e) => {
                self.say(e, Tone::Error);
                return;
            }
        };
        match target {
            EditorTarget::FormField(i) => {
                if let Some(Popup::Form(f)) = &mut self.popup
                    && let Some(field) = f.fields.get_mut(i)
                {
                    field.input.set(&text);
                }
            }
            EditorTarget::CustomerNotes(id) => {
                let unchanged = self
                    .store
                    .customer(id)
                    .is_ok_and(|c| c.notes.trim_end() == text);
                if unchanged {
                    self.say("Notes unchanged", Tone::Info);
                } else {
                    self.run(&Command::Edit {
                        who: CustomerRef::Id(id),
                        spec: EditSpec {
                            notes: Some(text),
                            ..EditSpec::default()
                        },
                    });
                }
            }
        }
    }

    /// Previews or imports a file with the code `rolo import` runs (all or nothing), in
    /// this thread: the TUI waits for it. [`App::start_import`] runs it beside the TUI.
    pub fn import(&mut self, run: &ImportRun) {
        let opts = self.import_options(run, None);
        let result = crate::interop::import_file(&mut self.store, &run.path, &opts);
        self.import_done(run, result);
    }

    fn import_options(
        &self,
        run: &ImportRun,
        watch: Option<Arc<ImportWatch>>,
    ) -> crate::interop::ImportOptions {
        crate::interop::ImportOptions {
            now: self.ctx.now,
            dry_run: run.dry_run,
            skip_bad: run.skip_bad,
            dates: run.dates,
            map: run.map.clone(),
            encoding: run.encoding.clone(),
            // A running count on stderr would draw over the screen.
            progress: false,
            watch,
            ..crate::interop::ImportOptions::default()
        }
    }

    /// Starts a preview or an import: on a database file, on a thread with a connection
    /// of its own, so the screen keeps drawing (the dialog counts the records, and Esc
    /// cancels); in memory, at once, as [`App::import`].
    pub fn start_import(&mut self, run: &ImportRun) {
        let Some(db) = self.store.path().map(std::path::Path::to_path_buf) else {
            self.import(run);
            return;
        };
        let watch = Arc::new(ImportWatch::default());
        let opts = self.import_options(run, Some(Arc::clone(&watch)));
        let path = run.path.clone();
        let spawned = std::thread::Builder::new()
            .name("import".into())
            .spawn(move || {
                let mut store = crate::store::Store::open(&db)?;
                let report = crate::interop::import_file(&mut store, &path, &opts)?;
                Ok((report, store.made().to_vec()))
            });
        match spawned {
            Ok(handle) => {
                self.importing = Some(Importing {
                    run: run.clone(),
                    watch,
                    handle,
                });
            }
            // No thread to be had: here, then.
            Err(_) => self.import(run),
        }
    }

    /// Whether an import started by [`App::start_import`] is running; when it has ended,
    /// shows how (as [`App::import`] does). Called by the loop between keys.
    pub fn poll_import(&mut self) -> bool {
        match &self.importing {
            None => return false,
            Some(i) if !i.handle.is_finished() => return true,
            Some(_) => {}
        }
        if let Some(i) = self.importing.take() {
            let result = i.handle.join().unwrap_or_else(|_| {
                Err(crate::interop::ImportError::Usage(
                    "the import stopped unexpectedly; nothing was imported".into(),
                ))
            });
            // The import is this screen's change: `u` undoes it at once.
            let result = result.map(|(report, made)| {
                self.store.adopt(&made);
                report
            });
            self.import_done(&i.run, result);
        }
        false
    }

    /// Tells a running import to stop (it rolls back; [`App::poll_import`] sees it end):
    /// Esc in the dialog, or quitting.
    pub fn cancel_import(&mut self) {
        if let Some(i) = &self.importing {
            i.watch.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Shows how a preview or an import ended. A preview shows in the dialog what the
    /// import would do; Enter on it imports with the same options. An import closes the
    /// dialog and says what changed. An error stays in the dialog, with the typed path, so
    /// it can be fixed and tried again; one broken record makes the next Enter preview the
    /// rest without it.
    fn import_done(
        &mut self,
        run: &ImportRun,
        result: Result<crate::interop::ImportReport, crate::interop::ImportError>,
    ) {
        let mut prompt = match self.popup.take() {
            Some(Popup::Import(p)) => p,
            other => {
                self.popup = other;
                ImportPrompt {
                    input: crate::tui::input::LineInput::with(&run.path.display().to_string()),
                    ..ImportPrompt::default()
                }
            }
        };
        prompt.busy = false;
        prompt.edited();
        match result {
            Ok(report) if run.dry_run => {
                prompt.preview = Some(import_preview(run, &report));
            }
            Ok(report) => {
                self.index = None;
                self.reload();
                let undo = self.keymap.first_key(crate::tui::action::Action::Undo);
                self.say(import_message(&report, &undo), Tone::Ok);
                return;
            }
            Err(crate::interop::ImportError::Bad { file, bad }) if !run.skip_bad => {
                prompt.error = Some(format!("{}: {bad}; nothing was imported", file.display()));
                prompt.skip_offer = true;
            }
            Err(e) => prompt.error = Some(shell_hint(e.to_string())),
        }
        self.popup = Some(Popup::Import(prompt));
    }

    /// A `rolo` subprocess (demo data) finished.
    pub fn external_done(&mut self, what: &str, result: Result<String, String>) {
        self.index = None;
        self.reload();
        match result {
            Ok(out) => {
                let last = out
                    .lines()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("done");
                self.say(format!("{what}: {}", sanitize(last)), Tone::Ok);
            }
            Err(e) => self.say(format!("{what} failed: {}", sanitize(&e)), Tone::Error),
        }
    }
}

/// An import error as the dialog shows it: the options it names are typed after the
/// file's name (`--map`, `--encoding`), or are `rolo import`'s in a shell (the dialog's
/// Enter and Tab stand for `--skip-bad` and `--dates`).
fn shell_hint(message: String) -> String {
    let names = |o: &str| message.contains(o);
    if names("--map") || names("--encoding") {
        format!("{message}. Type --map or --encoding after the file's name")
    } else if names("--format") {
        format!("{message}. --format is for `rolo import` in a shell")
    } else {
        message
    }
}

/// What an import on its own thread hands back: its report, and the journal's changes it
/// made, as (id, time) ([`crate::store::Store::made`]).
type Imported = (crate::interop::ImportReport, Vec<(i64, i64)>);

/// An import running on its own thread and connection, and what it has read so far.
pub struct Importing {
    /// How it runs.
    pub run: ImportRun,
    /// Its counts, and its stop switch.
    pub watch: Arc<ImportWatch>,
    /// The report, and the journal's change the import made.
    handle: std::thread::JoinHandle<Result<Imported, crate::interop::ImportError>>,
}

/// The import dialog's preview of a dry run: the lines `rolo import --dry-run` prints, and
/// a line on dates with slashes — when nothing in the file showed their order, what one
/// reads as and that Tab reads them the other way.
fn import_preview(run: &ImportRun, r: &crate::interop::ImportReport) -> ImportPreview {
    let mut text = crate::cli::interop::import::report_body(r);
    let mut dates = None;
    if let Some(d) = &r.dates {
        if d.shown_by.is_some() && !d.chosen {
            text.push_str(&crate::cli::interop::import::dates_line(d, true));
        } else {
            let day = crate::cli::interop::import::date_as_read(d)
                .map_or_else(String::new, |day| format!(" ({day})"));
            let why = if d.chosen {
                "as chosen"
            } else {
                "as Outlook writes them in the US; nothing in the file shows the order"
            };
            text.push_str(&format!(
                "Dates with slashes read {} first, {why}: {}{day} on line {}.\n",
                d.order.first(),
                d.example,
                d.line
            ));
            dates = Some(d.order);
        }
    }
    text.push_str("Nothing is written until Enter.\n");
    ImportPreview {
        run: run.clone(),
        text,
        dates,
    }
}

/// The status line after an import: `Imported contacts.csv: 3 created, 1 merged — u undoes it`
/// (the file's name only, so the undo key stays on an 80-column line).
fn import_message(r: &crate::interop::ImportReport, undo: &str) -> String {
    let name = r.file.file_name().map_or_else(
        || r.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let name = sanitize(&name);
    if r.records == 0 && matches!(r.format.as_str(), "json" | "dossier") {
        return format!("{name} has no customers in it; nothing was imported");
    }
    if !r.changed() {
        return if r.unchanged > 0 {
            format!("Nothing imported from {name}: rolo already had everything in it")
        } else {
            format!("Nothing imported from {name}")
        };
    }
    // The companies the people came with are counted beside them, short: the line is
    // cut at the screen's edge, and the undo key must stay on it.
    let orgs = match r.orgs_created {
        0 => String::new(),
        n => format!(
            " + {}",
            crate::domain::text::count(n, "organization", "organizations")
        ),
    };
    let mut out = format!(
        "Imported {name}: {} created{orgs}, {} merged",
        r.created, r.merged
    );
    if r.unchanged > 0 {
        out.push_str(&format!(", {} unchanged", r.unchanged));
    }
    if r.skipped > 0 {
        out.push_str(&format!(", {} skipped", r.skipped));
    }
    if !undo.is_empty() {
        out.push_str(&format!(" — {undo} undoes it"));
    }
    // Less needed than the counts and the undo key, so after them: a narrow screen cuts
    // the line's end.
    if r.namesakes_total > 0 {
        // Created beside a customer of the same name or phone, not merged: worth a look.
        let n = r.namesakes_total;
        out.push_str(&format!(
            "; {n} look-alike{} not merged (rolo dupes)",
            if n == 1 { "" } else { "s" }
        ));
    }
    // Dates nothing in the file showed the order of (`rolo import` says more, and how to
    // read them the other way).
    if let Some(d) = r
        .dates
        .as_ref()
        .filter(|d| d.shown_by.is_none() && !d.chosen)
    {
        let order = d.order.first();
        out.push_str(&format!(
            "; dates like {} read {order} first",
            sanitize(&crate::domain::text::truncate(&d.example, 12))
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_message_names_the_file_counts_and_undo_key() {
        let mut r = crate::interop::ImportReport {
            file: "/home/ola/contacts.csv".into(),
            format: "csv".into(),
            records: 4,
            created: 3,
            merged: 1,
            ..crate::interop::ImportReport::default()
        };
        assert_eq!(
            import_message(&r, "u"),
            "Imported contacts.csv: 3 created, 1 merged — u undoes it"
        );
        r.unchanged = 2;
        assert_eq!(
            import_message(&r, ""),
            "Imported contacts.csv: 3 created, 1 merged, 2 unchanged"
        );
        r.dates = Some(crate::interop::DatesNote {
            order: crate::interop::text::DateOrder::MonthFirst,
            line: 2,
            example: "03/04/1980".into(),
            shown_by: None,
            chosen: false,
            contradicted_by: None,
        });
        assert_eq!(
            import_message(&r, "u"),
            "Imported contacts.csv: 3 created, 1 merged, 2 unchanged — u undoes it; dates like 03/04/1980 read month first"
        );
        r.dates = None;
        r.orgs_created = 1;
        r.skipped = 1;
        r.namesakes = vec![crate::interop::NamesakeNote {
            file: None,
            line: 3,
            name: "Jan Nowak".into(),
            id: 5,
            namesakes: vec![2],
            like: crate::interop::apply::Likeness::Phone,
        }];
        r.namesakes_total = 1;
        assert_eq!(
            import_message(&r, "u"),
            "Imported contacts.csv: 3 created + 1 organization, 1 merged, 2 unchanged, 1 skipped \
             — u undoes it; 1 look-alike not merged (rolo dupes)"
        );
        // All of them, where the report lists the first 200 (an import of 100k rows made
        // 9 612 beside a namesake and said 200).
        r.namesakes_total = 9612;
        assert!(
            import_message(&r, "u").ends_with("; 9612 look-alikes not merged (rolo dupes)"),
            "{}",
            import_message(&r, "u")
        );
        r.namesakes.clear();
        r.namesakes_total = 0;
        r.created = 0;
        r.merged = 0;
        assert_eq!(
            import_message(&r, "u"),
            "Nothing imported from contacts.csv: rolo already had everything in it"
        );
        r.file = "/tmp/\u{1b}[2Jx.csv".into();
        assert!(!import_message(&r, "u").contains('\u{1b}'));
    }
}
