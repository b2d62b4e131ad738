//! `App` transitions checked on state alone (no terminal).

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{app_at, ctx, press, seeded_store, type_str};
use crate::domain::CustomerId;
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::app::{App, Tone};
use crate::tui::keymap::Keymap;
use crate::tui::palette::{Item, Preview};
use crate::tui::pane::{FollowUpMode, Pane};
use crate::tui::popup::{External, Popup};
use crate::tui::theme::Theme;

fn app() -> App {
    app_at(seeded_store(), 100, 30)
}

fn status(app: &App) -> String {
    app.status.as_ref().map(|s| s.0.clone()).unwrap_or_default()
}

#[test]
fn app_opens_on_the_review_queue_with_progress() {
    let app = app();
    assert_eq!(app.focus, Pane::FollowUps);
    assert_eq!(app.follow_ups.mode, FollowUpMode::Today);
    // Overdue first (16 Nov, 20 Nov), then today's two; one was done today already.
    assert_eq!(app.progress.reviewed, 1);
    assert_eq!(app.progress.due, 4);
    assert_eq!(app.follow_ups.rows[0].customer_name, "Dariusz Lewandowski");
    assert_eq!(
        app.history.customer,
        Some(app.follow_ups.rows[0].customer_id)
    );
    assert!(!app.empty);
}

#[test]
fn app_moving_in_the_queue_shows_that_customer() {
    let mut app = app();
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.follow_ups.win.selected, 1);
    assert_eq!(app.history.customer, Some(CustomerId(2)));
    assert_eq!(app.header.as_ref().unwrap().customer.name, "Anna Kowalska");
    assert_eq!(app.history.win.total, 3);
}

#[test]
fn app_done_closes_the_follow_up_and_undo_brings_it_back() {
    let mut app = app();
    press(&mut app, KeyCode::Char('d'));
    assert_eq!((app.progress.reviewed, app.progress.due), (2, 3));
    assert!(status(&app).contains("done"), "{}", status(&app));
    assert_eq!(app.follow_ups.rows[0].customer_name, "Anna Kowalska");
    press(&mut app, KeyCode::Char('u'));
    assert!(status(&app).starts_with("Undid:"), "{}", status(&app));
    assert_eq!((app.progress.reviewed, app.progress.due), (1, 4));
}

#[test]
fn app_snooze_one_key_moves_to_tomorrow_and_counts_as_reviewed() {
    let mut app = app();
    let id = app.follow_ups.rows[0].id;
    press(&mut app, KeyCode::Char('s'));
    assert!(matches!(app.popup, Some(Popup::Date(_))));
    press(&mut app, KeyCode::Char('1'));
    assert!(app.popup.is_none());
    let f = app.store.follow_up(id).unwrap();
    assert_eq!(f.due_date, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
    assert_eq!(f.snooze_count, 1);
    assert_eq!((app.progress.reviewed, app.progress.due), (2, 3));
}

#[test]
fn app_snooze_typed_date_and_reschedule() {
    let mut app = app();
    let id = app.follow_ups.rows[0].id;
    press(&mut app, KeyCode::Char('s'));
    type_str(&mut app, "dec 4");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.store.follow_up(id).unwrap().due_date,
        NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
    );
    let id = app.follow_ups.rows[0].id;
    press(&mut app, KeyCode::Char('r'));
    type_str(&mut app, "fri");
    press(&mut app, KeyCode::Enter);
    let f = app.store.follow_up(id).unwrap();
    assert_eq!(f.due_date, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    assert_eq!(f.snooze_count, 0);
}

#[test]
fn app_bad_date_stays_in_the_prompt_with_a_message() {
    let mut app = app();
    press(&mut app, KeyCode::Char('r'));
    type_str(&mut app, "someday");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.popup, Some(Popup::Date(_))));
    assert_eq!(app.status.as_ref().unwrap().1, Tone::Error);
}

#[test]
fn app_palette_logs_an_interaction_with_next_step() {
    let mut app = app();
    press(&mut app, KeyCode::Char(':'));
    type_str(
        &mut app,
        "call anna kow: pricing ok rating 4 next fri \"send demo\"",
    );
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    let Preview::Ready { title, lines, .. } = &p.preview else {
        panic!("preview {:?}", p.preview)
    };
    assert_eq!(title, "Log call with Anna Kowalska");
    assert!(
        lines
            .iter()
            .any(|(k, v)| k == "Next" && v.starts_with("Fri 27 Nov 2026")),
        "{lines:?}"
    );
    press(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{}", status(&app));
    let h = app.store.history(CustomerId(2), 0, 1).unwrap();
    assert_eq!(h[0].interaction.summary, "pricing ok");
    assert_eq!(h[0].interaction.rating, Some(4));
    let fu = app.store.customer_follow_ups(CustomerId(2), 10).unwrap();
    assert!(
        fu.iter().any(|f| f.what == "send demo"
            && f.due_date == NaiveDate::from_ymd_opt(2026, 11, 27).unwrap())
    );
    assert_eq!(
        app.palette_history,
        vec!["call anna kow: pricing ok rating 4 next fri \"send demo\"".to_string()]
    );
    // Up recalls it.
    press(&mut app, KeyCode::Char(':'));
    press(&mut app, KeyCode::Up);
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    assert!(p.input.text.starts_with("call anna kow"));
}

#[test]
fn app_palette_ambiguous_name_asks_and_saves_nothing_on_a_guess() {
    let mut app = app();
    let before = app.store.history_len(CustomerId(3)).unwrap();
    press(&mut app, KeyCode::Char(':'));
    type_str(&mut app, "call anna: hello");
    press(&mut app, KeyCode::Enter);
    let Some(Popup::Choice(c)) = &app.popup else {
        panic!("choice")
    };
    assert_eq!(c.total, 3);
    assert_eq!(app.store.history_len(CustomerId(3)).unwrap(), before);
    // Esc goes back to the palette line.
    press(&mut app, KeyCode::Esc);
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    assert_eq!(p.input.text, "call anna: hello");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('2'));
    assert!(app.popup.is_none());
    assert_eq!(app.store.history_len(CustomerId(3)).unwrap(), before + 1);
}

#[test]
fn app_palette_unknown_customer_stays_open_with_suggestions() {
    let mut app = app();
    press(&mut app, KeyCode::Char(':'));
    type_str(&mut app, "call kowlaska: hi");
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    let Preview::NotFound { suggestions, .. } = &p.preview else {
        panic!("{:?}", p.preview)
    };
    assert_eq!(
        suggestions.first().map(|s| s.name.as_str()),
        Some("Anna Kowalska")
    );
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.popup, Some(Popup::Palette(_))));
    assert_eq!(app.status.as_ref().unwrap().1, Tone::Error);
}

#[test]
fn app_palette_tab_completes_the_customer_as_id() {
    let mut app = app();
    press(&mut app, KeyCode::Char(':'));
    type_str(&mut app, "call grazyna");
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    assert!(matches!(p.items.first(), Some(Item::Customer(h)) if h.name == "Grażyna Dąbrowska"));
    press(&mut app, KeyCode::Tab);
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    assert_eq!(p.input.text, "call #11: ");
}

#[test]
fn app_palette_runs_a_picked_action() {
    let mut app = app();
    press(&mut app, KeyCode::Char(':'));
    type_str(&mut app, "help");
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.popup, Some(Popup::Help { .. })),
        "{:?}",
        app.popup.is_some()
    );
}

#[test]
fn app_log_key_prefills_the_palette_with_the_name() {
    let mut app = app();
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('c'));
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    assert_eq!(p.input.text, "call Anna Kowalska: ");
}

#[test]
fn app_tab_cycles_panes_and_enter_opens_a_customer() {
    let mut app = app();
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Customers);
    assert_eq!(app.history.customer, Some(app.customers.rows[0].id));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Pane::History);
    assert_eq!(app.follow_ups.mode, FollowUpMode::Customer);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.focus, Pane::Customers);
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(
        (app.focus, app.follow_ups.mode),
        (Pane::FollowUps, FollowUpMode::Today)
    );
}

#[test]
fn app_filter_narrows_the_customer_list() {
    let mut app = app();
    press(&mut app, KeyCode::Char('f'));
    type_str(&mut app, "nowak");
    assert_eq!(app.customers.win.total, 2);
    assert_ne!(app.history.customer, Some(app.customers.rows[0].id));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Pane::Customers);
    // The header shows the customer the filtered list selects, not the one shown before.
    let first = app.customers.rows[0].id;
    assert_eq!(app.history.customer, Some(first));
    assert_eq!(app.header.as_ref().unwrap().customer.id, first);
    assert_eq!(status(&app), "2 customers match; Esc clears the filter");
    press(&mut app, KeyCode::Char('f'));
    type_str(&mut app, "owska");
    press(&mut app, KeyCode::Enter);
    assert_eq!(status(&app), "1 customer matches; Esc clears the filter");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.customers.win.total, 12);
}

#[test]
fn app_search_jumps_to_the_customer_and_the_note() {
    let mut app = app();
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "price list");
    let Some(Popup::Search(s)) = &app.popup else {
        panic!("search")
    };
    assert!(!s.hits.is_empty());
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.history.customer, Some(CustomerId(2)));
    assert_eq!(
        app.history.selected().unwrap().interaction.summary,
        "Sent the price list"
    );
}

#[test]
fn app_search_scrolls_the_customer_list_to_the_customer() {
    // 80x12: the list shows a few of the twelve customers, from the top.
    let mut app = app_at(seeded_store(), 80, 12);
    let height = app.customers.win.height;
    assert!(height < 12, "{height}");
    assert_eq!(app.customers.win.offset, 0);
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "Wiśniewski");
    press(&mut app, KeyCode::Enter);
    // The last by name: selected, and on screen at the bottom of the list.
    assert_eq!(app.history.customer, app.customers.selected().map(|c| c.id));
    assert_eq!(
        app.customers.selected().map(|c| c.name.as_str()),
        Some("Henryk Wiśniewski")
    );
    assert_eq!(
        (app.customers.win.selected, app.customers.win.offset),
        (11, 12 - height)
    );
    // By last contact too: Dariusz, contacted 1 Sep, after Grażyna, Anna and Bartek.
    app.customers.sort = crate::store::CustomerSort::LastContact;
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "Invoice dispute");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.customers.selected().map(|c| c.name.as_str()),
        Some("Dariusz Lewandowski")
    );
    assert_eq!(app.customers.win.selected, 3);
}

#[test]
fn app_form_adds_a_customer_and_reports_problems_in_place() {
    let mut app = app();
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Enter);
    let Some(Popup::Form(f)) = &app.popup else {
        panic!("form")
    };
    assert!(f.error.is_some());
    type_str(&mut app, "Zofia Nowa");
    press(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none());
    assert_eq!(app.header.as_ref().unwrap().customer.name, "Zofia Nowa");
}

#[test]
fn app_deal_form_adds_a_deal() {
    let mut app = app();
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('D'));
    type_str(&mut app, "Pilot");
    press(&mut app, KeyCode::Tab);
    type_str(&mut app, "9000");
    press(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{}", status(&app));
    assert!(
        app.store
            .customer_deals(CustomerId(2))
            .unwrap()
            .iter()
            .any(|d| d.title == "Pilot")
    );
}

#[test]
fn app_edit_notes_asks_the_loop_for_the_editor_and_saves_the_result() {
    let mut app = app();
    press(&mut app, KeyCode::Char('N'));
    let Some(External::Editor { target, .. }) = app.external.take() else {
        panic!("editor")
    };
    app.editor_done(target, Ok("Prefers calls after 3pm\n".into()));
    let id = app.history.customer.unwrap();
    assert_eq!(
        app.store.customer(id).unwrap().notes,
        "Prefers calls after 3pm"
    );
}

#[test]
fn app_errors_go_to_the_status_bar() {
    let mut app = app();
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('d'));
    // Focus is on customers, but the follow-ups selection still applies; nothing crashes.
    assert!(app.status.is_some());
    let mut empty = app_at(Store::open_in_memory().unwrap(), 80, 24);
    empty.dispatch(Action::Undo);
    assert_eq!(empty.status.as_ref().unwrap().1, Tone::Error);
}

#[test]
fn app_first_run_offers_add_import_and_demo() {
    let mut app = app_at(Store::open_in_memory().unwrap(), 80, 24);
    assert!(app.empty);
    press(&mut app, KeyCode::Char('L'));
    assert!(matches!(app.external, Some(External::Run { ref args, .. }) if args == &["demo"]));
    app.external = None;
    press(&mut app, KeyCode::Char('I'));
    assert!(matches!(app.popup, Some(Popup::Import(_))));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('a'));
    assert!(matches!(app.popup, Some(Popup::Form(_))));
    press(&mut app, KeyCode::Esc);
    // No hidden first-run aliases: `d` is the keymap's "done", which has nothing to do here.
    press(&mut app, KeyCode::Char('d'));
    assert!(app.external.is_none() && app.popup.is_none());
}

#[test]
fn app_first_run_lists_the_keymaps_keys_for_what_works_there() {
    let mut app = app_at(Store::open_in_memory().unwrap(), 80, 24);
    app.keymap
        .apply("[keys]\n\"L\" = \"none\"\n\"x\" = \"load_demo\"\n", "test")
        .unwrap();
    let screen = super::draw(&mut app, 80, 24);
    let line = |what: &str| {
        screen
            .lines()
            .find(|l| l.contains(what))
            .unwrap_or_else(|| panic!("no `{what}`:\n{screen}"))
            .to_string()
    };
    assert!(line("load the demo data").contains(" x "), "{screen}");
    assert!(!screen.contains(" L "), "{screen}");
    assert!(line("import a file").contains(" I "), "{screen}");
    assert!(line("add a customer").contains(" a "), "{screen}");
    assert!(line("every key").contains("? F1"), "{screen}");
    assert!(line("command palette").contains(": Ctrl-K"), "{screen}");
    // Each offered action does something on an empty database.
    for (a, ..) in crate::tui::view::first_run::OFFERS {
        let mut app = app_at(Store::open_in_memory().unwrap(), 80, 24);
        app.dispatch(*a);
        assert!(
            app.popup.is_some() || app.external.is_some() || app.quit,
            "{} does nothing on the first-run screen",
            a.name()
        );
    }
}

/// Presses Enter in the import dialog and runs what it queued, as the loop does.
fn import_enter(app: &mut App, key: KeyCode) -> crate::tui::popup::ImportRun {
    press(app, key);
    let Some(External::Import(run)) = app.external.take() else {
        panic!("nothing queued: {:?}", app.external)
    };
    assert!(matches!(&app.popup, Some(Popup::Import(p)) if p.busy));
    app.import(&run);
    run
}

fn import_prompt(app: &App) -> &crate::tui::popup::ImportPrompt {
    let Some(Popup::Import(p)) = &app.popup else {
        panic!("the import dialog is not open: {:?}", app.popup)
    };
    p
}

#[test]
fn app_import_dialog_previews_then_imports_in_process_and_undo_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "Name,E-mail Address\nZofia Testowa,zofia@example.com\n",
    )
    .unwrap();
    let mut app = app_at(Store::open_in_memory().unwrap(), 80, 24);
    app.dispatch(Action::Import);
    type_str(&mut app, &csv.display().to_string());
    // Enter previews: a dry run, shown in the dialog; nothing is written.
    let run = import_enter(&mut app, KeyCode::Enter);
    assert_eq!(run.path, csv);
    assert!(run.dry_run);
    let p = import_prompt(&app);
    let text = &p.preview.as_ref().expect("no preview").text;
    assert!(text.starts_with("Would import "), "{text}");
    assert!(text.contains("1 created, 0 merged"), "{text}");
    assert!(text.contains("create line 2: Zofia Testowa"), "{text}");
    assert!(app.empty);
    let screen = super::draw(&mut app, 80, 24);
    assert!(screen.contains("create line 2: Zofia Testowa"), "{screen}");
    assert!(screen.contains("Enter imports"), "{screen}");
    // Enter on the preview imports.
    let run = import_enter(&mut app, KeyCode::Enter);
    assert!(!run.dry_run);
    assert!(app.popup.is_none());
    assert_eq!(
        status(&app),
        "Imported people.csv: 1 created, 0 merged — u undoes it"
    );
    assert!(!app.empty);
    assert_eq!(app.customers.win.total, 1);
    assert_eq!(app.customers.rows[0].name, "Zofia Testowa");
    press(&mut app, KeyCode::Char('u'));
    assert!(app.empty, "{}", status(&app));
}

#[test]
fn app_import_on_a_database_file_runs_beside_the_screen_and_can_be_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rolo.db");
    let csv = dir.path().join("people.csv");
    let mut text = String::from("Name,E-mail Address\n");
    for i in 0..2000 {
        text.push_str(&format!("Person {i},p{i}@example.com\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let mut app = app_at(Store::open(&db).unwrap(), 80, 24);
    let wait = |app: &mut App| {
        while app.poll_import() {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    };
    app.dispatch(Action::Import);
    type_str(&mut app, &csv.display().to_string());
    press(&mut app, KeyCode::Enter);
    let Some(External::Import(run)) = app.external.take() else {
        panic!("nothing queued")
    };
    // Cancelled before it reads a record: nothing imported, and the dialog says so.
    app.start_import(&run);
    assert!(app.importing.is_some());
    press(&mut app, KeyCode::Esc);
    wait(&mut app);
    let p = import_prompt(&app);
    assert!(!p.busy);
    let error = p.error.as_deref().unwrap_or_default();
    assert!(
        error == "the import was cancelled; nothing was imported" || p.preview.is_some(),
        "{error}"
    );
    // The preview, then the import, each on its own thread and connection.
    let mut app = app_at(Store::open(&db).unwrap(), 80, 24);
    app.dispatch(Action::Import);
    type_str(&mut app, &csv.display().to_string());
    for _ in 0..2 {
        press(&mut app, KeyCode::Enter);
        let Some(External::Import(run)) = app.external.take() else {
            panic!("nothing queued")
        };
        app.start_import(&run);
        let screen = super::draw(&mut app, 80, 24);
        assert!(
            screen.contains("Reading the file…") || screen.contains("Importing…"),
            "{screen}"
        );
        wait(&mut app);
    }
    assert!(app.popup.is_none(), "{:?}", app.popup);
    assert_eq!(
        status(&app),
        "Imported people.csv: 2000 created, 0 merged — u undoes it"
    );
    assert_eq!(app.customers.win.total, 2000);
    // The import's thread had a connection of its own, yet the import is this screen's:
    // `u` undoes it at once.
    press(&mut app, KeyCode::Char('u'));
    assert!(app.popup.is_none(), "{:?}", app.popup);
    assert_eq!(
        status(&app),
        "Undid: import people.csv: 2000 created, 0 merged"
    );
    assert!(app.empty);
}

/// `u` undoes this screen's changes at once; the newest change made elsewhere (another
/// terminal, a script) is named in the palette first, and Esc keeps it; Enter undoes the
/// change named.
#[test]
fn app_undo_names_a_change_made_elsewhere_before_undoing_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rolo.db");
    let mut app = app_at(Store::open(&db).unwrap(), 80, 24);
    let mut elsewhere = Store::open(&db).unwrap();
    super::add(&mut elsewhere, "add Zofia Testowa email zofia@example.com");
    press(&mut app, KeyCode::Char('u'));
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("no palette: {:?}", app.popup)
    };
    assert_eq!(p.input.text, "undo");
    assert_eq!(
        status(&app),
        "The last change was not made in this screen: Enter undoes it, Esc keeps it"
    );
    app.idle();
    let screen = super::draw(&mut app, 80, 24);
    assert!(
        screen.contains("Undo: add Zofia Testowa (not made in this screen)"),
        "{screen}"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        elsewhere
            .count_customers(&crate::store::ListFilter::default())
            .unwrap(),
        1
    );
    // The palette undoes the change its preview named, or none: one that another terminal
    // makes while the user reads the preview is named first, not undone unseen.
    press(&mut app, KeyCode::Char('u'));
    app.idle();
    super::add(&mut elsewhere, "add Piotr Nowy");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        status(&app),
        "A newer change came in; the preview names it now: Enter undoes it, Esc keeps it"
    );
    let screen = super::draw(&mut app, 80, 24);
    assert!(
        screen.contains("Undo: add Piotr Nowy (not made in this screen)"),
        "{screen}"
    );
    let count = |s: &Store| {
        s.count_customers(&crate::store::ListFilter::default())
            .unwrap()
    };
    assert_eq!(count(&elsewhere), 2);
    press(&mut app, KeyCode::Enter);
    assert_eq!(status(&app), "Undid: add Piotr Nowy");
    press(&mut app, KeyCode::Char('u'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(status(&app), "Undid: add Zofia Testowa");
    assert_eq!(count(&elsewhere), 0);
    // Seen by the screen's watch on the file first, the newer change is named at once.
    super::add(&mut elsewhere, "add Ewa Stara");
    press(&mut app, KeyCode::Char('u'));
    app.idle();
    super::add(&mut elsewhere, "add Olek Nowszy");
    app.tick();
    assert_eq!(
        status(&app),
        "A newer change came in; the preview names it now: Enter undoes it, Esc keeps it"
    );
    let screen = super::draw(&mut app, 80, 24);
    assert!(
        screen.contains("Undo: add Olek Nowszy (not made in this screen)"),
        "{screen}"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(status(&app), "Undid: add Olek Nowszy");
}

#[test]
fn app_import_dialog_tab_completes_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("people.csv"), "Name\nAda\n").unwrap();
    std::fs::write(dir.path().join("people.vcf"), "").unwrap();
    let mut app = app_at(Store::open_in_memory().unwrap(), 80, 24);
    app.dispatch(Action::Import);
    type_str(&mut app, &format!("{}/p", dir.path().display()));
    press(&mut app, KeyCode::Tab);
    let p = import_prompt(&app);
    assert_eq!(p.input.text, format!("{}/people.", dir.path().display()));
    assert_eq!(p.choices, ["people.csv", "people.vcf"]);
    let screen = super::draw(&mut app, 80, 24);
    assert!(screen.contains("people.csv  people.vcf"), "{screen}");
    type_str(&mut app, "c");
    assert!(import_prompt(&app).choices.is_empty());
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        import_prompt(&app).input.text,
        format!("{}/people.csv", dir.path().display())
    );
    assert!(app.external.is_none());
}

#[test]
fn app_import_dialog_offers_to_skip_a_broken_record() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "Name,E-mail Address,Birthday\nZofia Testowa,zofia@example.com,\nJan Zły,jan@example.com,1980-13-45\n",
    )
    .unwrap();
    let mut app = app_at(Store::open_in_memory().unwrap(), 100, 30);
    app.dispatch(Action::Import);
    type_str(&mut app, &csv.display().to_string());
    import_enter(&mut app, KeyCode::Enter);
    let p = import_prompt(&app);
    let error = p.error.as_deref().unwrap_or_default();
    assert!(error.contains("line 3"), "{error}");
    assert!(error.ends_with("nothing was imported"), "{error}");
    assert!(!error.contains("--skip-bad"), "{error}");
    assert!(p.skip_offer);
    let screen = super::draw(&mut app, 100, 30);
    assert!(screen.contains("skipping broken records"), "{screen}");
    // Enter previews the rest; Enter again imports it.
    let run = import_enter(&mut app, KeyCode::Enter);
    assert!(run.dry_run && run.skip_bad);
    let text = &import_prompt(&app)
        .preview
        .as_ref()
        .expect("no preview")
        .text;
    assert!(text.contains("1 created, 0 merged, 1 skipped"), "{text}");
    assert!(text.contains("skipped line 3"), "{text}");
    let run = import_enter(&mut app, KeyCode::Enter);
    assert!(!run.dry_run && run.skip_bad);
    assert_eq!(app.customers.win.total, 1);
    assert_eq!(app.customers.rows[0].name, "Zofia Testowa");
}

#[test]
fn app_import_dialog_tab_reads_unproven_dates_the_other_way() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("uk.csv");
    std::fs::write(&csv, "Name,Birthday\nAda Lovelace,03/04/1980\n").unwrap();
    let mut app = app_at(Store::open_in_memory().unwrap(), 100, 30);
    app.dispatch(Action::Import);
    type_str(&mut app, &csv.display().to_string());
    import_enter(&mut app, KeyCode::Enter);
    let preview = import_prompt(&app).preview.clone().expect("no preview");
    assert!(
        preview.text.contains("read month first") && preview.text.contains("4 March 1980"),
        "{}",
        preview.text
    );
    let screen = super::draw(&mut app, 100, 30);
    assert!(screen.contains("Tab reads dates day first"), "{screen}");
    // Tab previews again, day first; Enter imports that way.
    let run = import_enter(&mut app, KeyCode::Tab);
    assert!(run.dry_run);
    let preview = import_prompt(&app).preview.clone().expect("no preview");
    assert!(
        preview
            .text
            .contains("read day first, as chosen: 03/04/1980 (3 April 1980)"),
        "{}",
        preview.text
    );
    let screen = super::draw(&mut app, 100, 30);
    assert!(screen.contains("Tab reads dates month first"), "{screen}");
    import_enter(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{}", status(&app));
    let id = app.customers.rows[0].id;
    assert_eq!(
        app.store.customer(id).unwrap().birthday,
        chrono::NaiveDate::from_ymd_opt(1980, 4, 3)
    );
    // Tab does nothing where the file showed the order, or before a preview.
    let mut app = app_at(Store::open_in_memory().unwrap(), 100, 30);
    app.dispatch(Action::Import);
    type_str(&mut app, &csv.display().to_string());
    press(&mut app, KeyCode::Tab);
    assert!(app.external.is_none());
}

#[test]
fn app_import_error_stays_in_the_dialog() {
    let mut app = app_at(Store::open_in_memory().unwrap(), 80, 24);
    app.dispatch(Action::Import);
    type_str(&mut app, "/nonexistent/\u{1b}[2Jcontacts.csv");
    import_enter(&mut app, KeyCode::Enter);
    let Some(Popup::Import(p)) = &app.popup else {
        panic!("the dialog closed")
    };
    assert!(!p.busy);
    assert!(
        p.error
            .as_deref()
            .is_some_and(|e| e.contains("cannot read")),
        "{:?}",
        p.error
    );
    // Drawn wrapped inside the dialog, the escape made inert.
    let screen = super::draw(&mut app, 80, 24);
    assert!(screen.contains("cannot read"), "{screen}");
    assert!(!screen.contains('\u{1b}'), "{screen}");
    // Typing clears the error; Esc closes.
    press(&mut app, KeyCode::Backspace);
    assert!(matches!(&app.popup, Some(Popup::Import(p)) if p.error.is_none()));
    press(&mut app, KeyCode::Esc);
    assert!(app.popup.is_none());
}

#[test]
fn app_queue_says_how_many_customers_have_no_next_step() {
    let mut app = app();
    let without = app.store.count_without_next_step().unwrap();
    assert!(without > 0);
    assert_eq!(app.follow_ups.without_next_step, without);
    let noun = if without == 1 {
        "customer has"
    } else {
        "customers have"
    };
    let screen = super::draw(&mut app, 100, 30);
    assert!(
        screen.contains(&format!("{without} {noun} no next step — n plans one")),
        "{screen}"
    );
    // The key is the keymap's.
    app.keymap
        .apply(
            "[keys]\n\"n\" = \"none\"\n\"P\" = \"add_follow_up\"\n",
            "test",
        )
        .unwrap();
    let screen = super::draw(&mut app, 100, 30);
    assert!(screen.contains("no next step — P plans one"), "{screen}");
    // A customer's own follow-ups show no such line.
    app.open_customer(CustomerId(2));
    let screen = super::draw(&mut app, 100, 30);
    assert!(!screen.contains("no next step —"), "{screen}");
}

#[test]
fn app_reloads_when_another_process_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    let mut first = Store::open(&path).unwrap();
    super::run_line(&mut first, "add Ola Tester");
    let mut app = App::new(
        Store::open(&path).unwrap(),
        ctx(),
        Keymap::default(),
        Theme::new(true),
    );
    assert_eq!(app.customers.win.total, 1);
    super::run_line(&mut first, "add Piotr Drugi");
    app.tick();
    assert_eq!(app.customers.win.total, 2);
}

#[test]
fn app_every_action_is_in_help_and_in_the_palette() {
    let app = app();
    let help = crate::tui::view::help_lines(&app.keymap);
    let mut app = app;
    press(&mut app, KeyCode::Char(':'));
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    for a in Action::ALL {
        assert!(
            help.iter()
                .any(|(keys, name, _)| *name == a.name() && !keys.is_empty()),
            "{} not in help",
            a.name()
        );
        assert!(
            p.items.contains(&Item::Action(*a)),
            "{} not in palette",
            a.name()
        );
    }
}

#[test]
fn app_ctrl_k_opens_the_palette_and_q_quits() {
    let mut app = app();
    app.handle_key(KeyEvent::new(KeyCode::Char('k'), KeyModifiers::CONTROL));
    assert!(matches!(app.popup, Some(Popup::Palette(_))));
    press(&mut app, KeyCode::Esc);
    assert!(app.popup.is_none());
    press(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
}

#[test]
fn app_import_dialog_takes_map_and_encoding_after_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("kontakty.csv");
    std::fs::write(
        &csv,
        "Imię,Nazwisko,Mejl\nZofia,Testowa,zofia@example.com\n",
    )
    .unwrap();
    let mut app = app_at(Store::open_in_memory().unwrap(), 80, 24);
    app.dispatch(Action::Import);
    type_str(&mut app, &csv.display().to_string());
    // Without a map the preview warns, naming the option.
    import_enter(&mut app, KeyCode::Enter);
    let text = &import_prompt(&app)
        .preview
        .as_ref()
        .expect("no preview")
        .text;
    assert!(
        text.contains("warning: column `Mejl` holds emails but goes to the notes"),
        "{text}"
    );
    // Typed after the name, the map is the preview's, and Enter imports with it.
    type_str(&mut app, " --map 'Mejl=email'");
    let run = import_enter(&mut app, KeyCode::Enter);
    assert_eq!(run.path, csv);
    assert_eq!(run.map.as_deref(), Some("Mejl=email"));
    let text = &import_prompt(&app)
        .preview
        .as_ref()
        .expect("no preview")
        .text;
    assert!(text.contains("email ← Mejl"), "{text}");
    let run = import_enter(&mut app, KeyCode::Enter);
    assert!(!run.dry_run);
    assert_eq!(run.map.as_deref(), Some("Mejl=email"));
    assert_eq!(
        app.customers.rows[0].email.as_deref(),
        Some("zofia@example.com")
    );
    // A broken option is said in the dialog; nothing runs.
    app.dispatch(Action::Import);
    type_str(&mut app, &format!("{} --encoding", csv.display()));
    press(&mut app, KeyCode::Enter);
    assert!(app.external.is_none());
    assert_eq!(
        import_prompt(&app).error.as_deref(),
        Some("--encoding needs a value")
    );
}

#[test]
fn app_palette_finds_a_customer_by_another_name_in_the_notes() {
    let store = seeded_store();
    store
        .conn()
        .execute(
            "UPDATE customers SET notes = 'Also known as: Anna Zielińska' WHERE name = 'Anna Kowalska'",
            [],
        )
        .unwrap();
    let mut app = app_at(store, 100, 30);
    press(&mut app, KeyCode::Char(':'));
    type_str(&mut app, "call zielinska");
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    // Listed by the other name, for Tab…
    assert!(
        matches!(p.items.first(), Some(Item::Customer(h)) if h.name == "Anna Kowalska"),
        "{:?}",
        p.items
    );
    type_str(&mut app, ": hi");
    press(&mut app, KeyCode::Enter);
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    // …but not taken for it: the preview names the customer and the other name.
    let Preview::NotFound { suggestions, .. } = &p.preview else {
        panic!("{:?}", p.preview)
    };
    assert_eq!(
        suggestions
            .iter()
            .map(|s| (s.name.as_str(), s.aka.as_deref()))
            .collect::<Vec<_>>(),
        [("Anna Kowalska", Some("Anna Zielińska"))]
    );
}

#[test]
fn app_a_new_day_moves_the_queue_on() {
    let mut app = app();
    // 1 done today, 4 due (2 overdue, 2 today); tomorrow the done one is yesterday's.
    assert_eq!((app.progress.reviewed, app.progress.due), (1, 4));
    app.ctx.today = app.ctx.today.succ_opt().unwrap();
    app.new_day();
    assert_eq!(app.progress.reviewed, 0);
    assert!(app.progress.due >= 4, "{}", app.progress.due);
    assert!(status(&app).starts_with("A new day: "), "{}", status(&app));
}

/// The seeded store with two Greek and one Russian customer.
fn store_with_other_scripts() -> (Store, CustomerId) {
    let mut store = seeded_store();
    let add = |s: &mut Store, name: &str| {
        let cmd = crate::command::parse(&format!("add {name}"), &ctx()).unwrap();
        crate::command::execute(s, &cmd, &ctx())
            .unwrap()
            .customer
            .unwrap()
    };
    add(&mut store, "\"Νίκος Παπαδόπουλος\"");
    add(&mut store, "\"Νίκος Γεωργίου\"");
    let dmitry = add(&mut store, "\"Дмитрий Иванов\"");
    (store, dmitry)
}

#[test]
fn app_palette_and_filter_find_other_scripts_by_their_latin_spelling() {
    let (store, dmitry) = store_with_other_scripts();
    let mut app = app_at(store, 80, 24);
    press(&mut app, KeyCode::Char(':'));
    type_str(&mut app, "call dmitry");
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    assert!(
        matches!(p.items.first(), Some(Item::Customer(h)) if h.id == dmitry),
        "{:?}",
        p.items
    );
    type_str(&mut app, ": hi");
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    let Preview::Ready { title, .. } = &p.preview else {
        panic!("{:?}", p.preview)
    };
    assert_eq!(title, "Log call with Дмитрий Иванов");
    press(&mut app, KeyCode::Esc);
    // Two Νίκος: a choice, never a guess.
    press(&mut app, KeyCode::Char(':'));
    type_str(&mut app, "call nikos: hi");
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    let Preview::Ambiguous {
        candidates, total, ..
    } = &p.preview
    else {
        panic!("{:?}", p.preview)
    };
    assert_eq!(
        (
            candidates
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            *total
        ),
        (vec!["Νίκος Γεωργίου", "Νίκος Παπαδόπουλος"], 2)
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('f'));
    type_str(&mut app, "nikos");
    press(&mut app, KeyCode::Enter);
    assert_eq!(status(&app), "2 customers match; Esc clears the filter");
}
