//! The command palette: logging with a next step, names it will not guess, suggestions,
//! completion, picked actions, other scripts.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::update::{app, status};
use super::{app_at, ctx, press, seeded_store, type_str};
use crate::domain::CustomerId;
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::app::Tone;
use crate::tui::palette::{Item, Preview};
use crate::tui::popup::Popup;

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

/// `c` writes the customer's name where the log line reads it back as the name, else the
/// id: `Rating Agency` by name (it was the id: `rating` ended the name), `Walk In` by id
/// (`In` is the direction before the `:`).
#[test]
fn app_log_key_names_the_customer_as_the_line_reads_it_back() {
    for (line, prefilled) in [
        ("add Rating Agency", "call Rating Agency: "),
        ("add Walk In kind org", "call #1: "),
    ] {
        let mut store = Store::open_in_memory().unwrap();
        super::add(&mut store, line);
        let mut app = app_at(store, 120, 40);
        press(&mut app, KeyCode::Char('c'));
        let Some(Popup::Palette(p)) = &app.popup else {
            panic!("palette")
        };
        assert_eq!(p.input.text, prefilled);
    }
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
