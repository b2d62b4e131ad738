//! `App` transitions checked on state alone (no terminal).

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;

use super::{app_at, ctx, press, seeded_store, type_str};
use crate::domain::CustomerId;
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::app::{App, Tone};
use crate::tui::keymap::Keymap;
use crate::tui::pane::{FollowUpMode, Pane};
use crate::tui::popup::{External, Popup};
use crate::tui::theme::Theme;

pub(super) fn app() -> App {
    app_at(seeded_store(), 100, 30)
}

pub(super) fn status(app: &App) -> String {
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
    // By last contact too: Dariusz, contacted 1 Sep, after Grażyna, Anna and Bartek, and
    // Acme and Globex (an organization's last contact is its people's).
    app.customers.sort = crate::store::CustomerSort::LastContact;
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "Invoice dispute");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.customers.selected().map(|c| c.name.as_str()),
        Some("Dariusz Lewandowski")
    );
    assert_eq!(app.customers.win.selected, 5);
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
