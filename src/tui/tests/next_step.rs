//! Customers with no next step: the filter, the Today pane that offers them when nothing
//! is due, and `n` planning one for the customer selected.

use ratatui::crossterm::event::KeyCode;

use super::update::{app, status};
use super::{add, app_at, day, draw, interaction, press, run_line, type_str};
use crate::domain::{CustomerId, InteractionKind};
use crate::tui::pane::Pane;
use crate::tui::popup::Popup;

fn names(app: &crate::tui::app::App) -> Vec<&str> {
    app.customers.rows.iter().map(|r| r.name.as_str()).collect()
}

#[test]
fn filter_tab_keeps_customers_with_no_next_step_by_value_when_sorted_so() {
    let mut app = app();
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Tab);
    assert!(app.customers.filter.no_next_step);
    // Not Acme nor Globex: their people have follow-ups (schema v25).
    assert_eq!(app.customers.win.total, 5);
    assert_eq!(
        names(&app),
        [
            "Anna Nowak",
            "Anna Nowakowska",
            "Ewa Mazur",
            "Grażyna Dąbrowska",
            "Henryk Wiśniewski"
        ]
    );
    type_str(&mut app, "anna");
    assert_eq!(names(&app), ["Anna Nowak", "Anna Nowakowska"]);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Pane::Customers);
    assert_eq!(status(&app), "2 customers match; Esc clears the filter");
    // Back in the popup, Tab again lets in the customers with a next step.
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.customers.win.total, 3);
    press(&mut app, KeyCode::Tab);
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    press(&mut app, KeyCode::Enter);
    // By value: Henryk (his 50 000, his account Acme's; Acme has a next step through its
    // people), then the rest by name.
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('S'));
    }
    assert_eq!(status(&app), "Customers by value");
    assert_eq!(
        names(&app)[..3],
        ["Henryk Wiśniewski", "Anna Nowak", "Anna Nowakowska"]
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(status(&app), "Filter cleared");
    assert_eq!(app.customers.win.total, 12);
}

/// Three customers as an import leaves them: no follow-up, nothing won; Gamma was called
/// on 20 Nov.
fn imported() -> crate::store::Store {
    let mut s = crate::store::Store::open_in_memory().unwrap();
    add(&mut s, "add Alpha Big");
    add(&mut s, "add Beta Mid");
    let gamma = add(&mut s, "add Gamma Small");
    interaction(
        &mut s,
        gamma,
        day(11, 20),
        InteractionKind::Call,
        "Intro call",
        None,
    );
    s
}

fn queue(app: &crate::tui::app::App) -> Vec<(&str, &str)> {
    app.follow_ups
        .extras
        .iter()
        .map(|e| (e.name.as_str(), e.reason.as_str()))
        .collect()
}

fn header(app: &crate::tui::app::App) -> Option<&str> {
    app.header.as_ref().map(|h| h.customer.name.as_str())
}

#[test]
fn today_with_nothing_due_offers_the_customers_with_no_next_step() {
    let mut app = app_at(imported(), 100, 30);
    assert!(app.follow_ups.planning);
    assert_eq!(app.follow_ups.due, 0);
    // The latest contacted first, then the latest added.
    assert_eq!(
        queue(&app),
        [
            ("Gamma Small", "last contact 3d ago"),
            ("Beta Mid", "never contacted"),
            ("Alpha Big", "never contacted")
        ]
    );
    assert_eq!(header(&app), Some("Gamma Small"));
    let screen = draw(&mut app, 100, 30);
    assert!(
        screen.contains("Today · nothing due · plan next steps"),
        "{screen}"
    );
    assert!(!screen.contains("All done"), "{screen}");
    assert!(
        screen.contains("3 with no next step · n plans one"),
        "{screen}"
    );
    // n on the second plans a follow-up for that customer.
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(header(&app), Some("Beta Mid"));
    press(&mut app, KeyCode::Char('n'));
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    assert_eq!(p.input.text, "follow Beta Mid ");
    type_str(&mut app, "fri \"Send the catalogue\"");
    press(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{}", status(&app));
    let beta = app.store.customer_follow_ups(CustomerId(2), 10).unwrap();
    assert_eq!(beta[0].what, "Send the catalogue");
    // Beta has a next step now: the queue offers the other two and keeps its focus; the
    // header shows the one it selects, for `n` to plan next.
    assert_eq!(header(&app), Some("Alpha Big"));
    assert_eq!(
        queue(&app),
        [
            ("Gamma Small", "last contact 3d ago"),
            ("Alpha Big", "never contacted")
        ]
    );
    assert_eq!(app.focus, Pane::FollowUps);
}

#[test]
fn a_palette_command_from_an_empty_queue_shows_its_customer() {
    let mut s = imported();
    for who in ["alpha", "beta", "gamma"] {
        run_line(&mut s, &format!("follow {who} fri \"Check in\""));
    }
    let mut app = app_at(s, 100, 30);
    assert!(!app.follow_ups.planning);
    assert_eq!(app.follow_ups.win.total, 0);
    assert_eq!(header(&app), None);
    press(&mut app, KeyCode::Char(':'));
    type_str(&mut app, "call beta: asked for prices");
    press(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{}", status(&app));
    assert_eq!(app.focus, Pane::FollowUps);
    assert_eq!(header(&app), Some("Beta Mid"));
    assert_eq!(app.history.rows[0].interaction.summary, "asked for prices");
}

#[test]
fn an_organizations_header_says_the_last_contact_of_it_or_its_people() {
    let mut s = crate::store::Store::open_in_memory().unwrap();
    let anna = add(&mut s, "add Anna Kowalska org \"Acme\"");
    let acme = CustomerId(1);
    interaction(
        &mut s,
        acme,
        day(10, 30),
        InteractionKind::Call,
        "Board intro",
        None,
    );
    interaction(
        &mut s,
        anna,
        day(11, 18),
        InteractionKind::Email,
        "Sent the offer",
        None,
    );
    let mut app = app_at(s, 100, 30);
    app.open_customer(acme);
    assert_eq!(header(&app), Some("Acme"));
    let screen = draw(&mut app, 100, 30);
    assert!(
        screen.contains("no cadence · last contact 5d ago · 1 person: Anna Kowalska"),
        "{screen}"
    );
    assert_eq!(app.history.rows[0].interaction.summary, "Sent the offer");
}

#[test]
fn n_and_c_with_no_customer_selected_ask_whom() {
    let mut s = imported();
    for who in ["alpha", "beta", "gamma"] {
        run_line(&mut s, &format!("follow {who} fri \"Check in\""));
    }
    let mut app = app_at(s, 100, 30);
    assert_eq!(app.current_customer(), None);
    for (key, line, hint) in [
        (
            'n',
            "follow ",
            "follow whom? type a name: follow anna kow fri \"call about the contract\"",
        ),
        (
            'c',
            "call ",
            "call whom? type a name, an email, a phone or #id",
        ),
    ] {
        press(&mut app, KeyCode::Char(key));
        app.idle();
        let Some(Popup::Palette(p)) = &app.popup else {
            panic!("palette")
        };
        assert_eq!(p.input.text, line);
        assert_eq!(p.input.cursor, line.len());
        let crate::tui::palette::Preview::Hint(h) = &p.preview else {
            panic!("{:?}", p.preview)
        };
        assert_eq!(h, hint);
        press(&mut app, KeyCode::Esc);
    }
}

#[test]
fn the_planning_queue_puts_won_value_first() {
    let mut s = imported();
    add(&mut s, "add Delta Won");
    for line in [
        "deal alpha \"Fleet\" 8000 stage won",
        "deal beta \"Service\" 1500 stage won",
        "deal delta \"Trial\" 500 stage won",
        "follow alpha fri \"Renewal\"",
        "follow beta fri \"Renewal\"",
    ] {
        run_line(&mut s, line);
    }
    let app = app_at(s, 100, 30);
    assert!(app.follow_ups.planning);
    assert_eq!(
        queue(&app),
        [
            ("Delta Won", "never contacted"),
            ("Gamma Small", "last contact 3d ago")
        ]
    );
    assert_eq!(app.follow_ups.extras[0].tier, crate::insight::Tier::C);
}

#[test]
fn a_new_sort_keeps_the_customer_selected_selected_where_the_order_puts_them() {
    let mut app = app();
    press(&mut app, KeyCode::Char('f'));
    type_str(&mut app, "henryk");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.customers.win.total, 12);
    let henryk = app.customers.selected().unwrap().id;
    assert_eq!(app.history.customer, Some(henryk));
    let mut rows = Vec::new();
    for _ in 0..5 {
        press(&mut app, KeyCode::Char('S'));
        assert_eq!(
            app.customers.selected().unwrap().id,
            henryk,
            "{}",
            status(&app)
        );
        assert_eq!(app.history.customer, Some(henryk));
        rows.push(app.customers.win.selected);
    }
    // By value Henryk's 50 000 puts his account first: Acme, then him; by name he is
    // among the last.
    assert_eq!(status(&app), "Customers by name");
    assert_eq!(rows[2], 1);
    assert!(rows[4] > 0, "{rows:?}");
}

#[test]
fn a_follow_up_planned_for_today_from_low_in_a_long_plan_is_shown_due_on_a_small_screen() {
    let mut s = imported();
    for i in 0..17 {
        add(&mut s, &format!("add Customer {i:02}"));
    }
    let mut app = app_at(s, 80, 16);
    assert!(app.follow_ups.planning);
    assert_eq!(app.follow_ups.win.height, 10);
    for _ in 0..15 {
        press(&mut app, KeyCode::Char('j'));
    }
    assert!(app.follow_ups.win.offset > 0);
    let planned = header(&app).unwrap().to_string();
    press(&mut app, KeyCode::Char('n'));
    type_str(&mut app, "today \"Call back\"");
    press(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{}", status(&app));
    // The queue is the day's follow-ups again, read from its top: the one just planned.
    assert!(!app.follow_ups.planning);
    assert_eq!(app.follow_ups.due, 1);
    assert_eq!(app.follow_ups.rows.len(), 1);
    assert_eq!(app.follow_ups.selected().unwrap().what, "Call back");
    assert_eq!(header(&app), Some(planned.as_str()));
    assert!(!draw(&mut app, 80, 16).contains("All done"));
}

#[test]
fn a_palette_command_from_the_list_selects_whom_it_was_about() {
    let mut app = app_at(imported(), 100, 30);
    app.focus = Pane::Customers;
    assert_eq!(app.customers.selected().unwrap().name, "Alpha Big");
    press(&mut app, KeyCode::Char(':'));
    type_str(&mut app, "call gamma: left a message");
    press(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{}", status(&app));
    assert_eq!(header(&app), Some("Gamma Small"));
    assert_eq!(app.customers.selected().unwrap().name, "Gamma Small");
    assert_eq!(app.focus, Pane::Customers);
}

#[test]
fn esc_in_the_filter_selects_the_customer_shown_in_the_whole_list() {
    let mut app = app_at(imported(), 100, 30);
    app.focus = Pane::Customers;
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(header(&app), Some("Gamma Small"));
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Tab);
    type_str(&mut app, "a");
    assert_eq!(app.customers.win.selected, 0);
    press(&mut app, KeyCode::Esc);
    assert!(app.popup.is_none());
    assert_eq!(app.customers.win.total, 3);
    assert_eq!(app.customers.selected().unwrap().name, "Gamma Small");
    assert_eq!(header(&app), Some("Gamma Small"));
}

/// A name with a word that reads as a day (`Sun`) would not read back from the follow-up's
/// line (`follow Li Sun fri …`: `Li` on Sunday): `n` names that customer by id.
#[test]
fn n_names_by_id_a_customer_whose_name_holds_a_day() {
    let mut s = super::seeded_store();
    let li = add(&mut s, "add Li Sun");
    let mut app = app_at(s, 100, 30);
    app.open_customer(li);
    press(&mut app, KeyCode::Char('n'));
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    assert_eq!(p.input.text, format!("follow {li} "));
    type_str(&mut app, "fri Send the contract");
    press(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{}", status(&app));
    let planned = app.store.customer_follow_ups(li, 10).unwrap();
    assert_eq!(planned[0].what, "Send the contract");
    assert_eq!(planned[0].due_date, day(11, 27));
}
