//! The dashboard, tiers and review extras, on the measured fixture.

use ratatui::crossterm::event::KeyCode;

use super::{app_at, draw, measured_store, press, run_line, seeded_store, type_str};
use crate::domain::CustomerId;
use crate::insight::{ExtraKind, Tier};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::pane::{Pane, Screen};

fn app() -> App {
    app_at(measured_store(), 100, 30)
}

fn id_of(app: &App, name: &str) -> CustomerId {
    CustomerId(
        app.store
            .conn()
            .query_row("SELECT id FROM customers WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .unwrap(),
    )
}

fn status(app: &App) -> String {
    app.status.as_ref().map(|s| s.0.clone()).unwrap_or_default()
}

#[test]
fn dashboard_opens_with_one_key_and_closes_with_it_or_esc() {
    let mut app = app();
    press(&mut app, KeyCode::Char('m'));
    assert_eq!(app.screen, Screen::Dashboard);
    let d = app.dashboard.as_ref().expect("loaded");
    assert_eq!(d.weeks.len(), 12);
    // Acme 50 000 + Globex 20 000 = 70 000 of 83 000 PLN are tier A.
    assert_eq!(d.tiers.tiers[0].tier, Tier::A);
    assert_eq!(d.tiers.tiers[0].revenue.minor, 7_000_000);
    assert_eq!(d.tiers.other_currencies.len(), 1);
    assert_eq!(d.at_risk_total, 4);
    assert_eq!(d.at_risk[0].name, "Acme");
    press(&mut app, KeyCode::Char('m'));
    assert_eq!(app.screen, Screen::Main);
    assert!(app.dashboard.is_none());
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.screen, Screen::Dashboard);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Main);
}

#[test]
fn dashboard_moves_in_the_at_risk_list_and_opens_a_customer() {
    let mut app = app();
    app.dispatch(Action::Dashboard);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('G'));
    let d = app.dashboard.as_ref().unwrap();
    assert_eq!(d.selected, 3);
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('j'));
    let celina = id_of(&app, "Celina Wójcik");
    assert_eq!(
        app.dashboard
            .as_ref()
            .unwrap()
            .selected_row()
            .unwrap()
            .account,
        celina
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Main);
    assert_eq!(app.focus, Pane::History);
    assert_eq!(app.history.customer, Some(celina));
}

#[test]
fn dashboard_log_stays_and_reloads_after_the_write() {
    let mut app = app();
    app.dispatch(Action::Dashboard);
    press(&mut app, KeyCode::Char('j')); // Celina, going cold
    press(&mut app, KeyCode::Char('c'));
    type_str(&mut app, "checked in");
    press(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{}", status(&app));
    assert_eq!(app.screen, Screen::Dashboard);
    let d = app.dashboard.as_ref().unwrap();
    // Contacted today: no longer going cold, so no longer at risk.
    assert_eq!(d.at_risk_total, 3);
    assert!(d.at_risk.iter().all(|r| r.name != "Celina Wójcik"));
    // Other keys leave the dashboard and act on the main screen.
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(app.screen, Screen::Main);
    assert_eq!(app.focus, Pane::FollowUps);
}

#[test]
fn dashboard_on_an_empty_database_says_so() {
    let mut app = app_at(crate::store::Store::open_in_memory().unwrap(), 80, 24);
    app.handle_key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('m'),
        ratatui::crossterm::event::KeyModifiers::NONE,
    ));
    // The first-run screen does not bind `m`; the action itself refuses politely.
    app.dispatch(Action::Dashboard);
    assert_eq!(app.screen, Screen::Main);
    assert!(
        status(&app).contains("No customers yet"),
        "{}",
        status(&app)
    );
}

#[test]
fn tiers_are_loaded_once_per_data_change_and_follow_writes() {
    let mut app = app();
    let acme = id_of(&app, "Acme");
    let anna = id_of(&app, "Anna Kowalska");
    let nowak = id_of(&app, "Anna Nowak");
    assert_eq!(app.measures.tiers.tier(acme), Tier::A);
    // A person has the tier of their organization.
    assert_eq!(app.measures.tiers.tier(anna), Tier::A);
    assert_eq!(app.measures.tiers.tier(nowak), Tier::C);
    // A big won deal makes Anna Nowak tier A after the write, without a restart.
    press(&mut app, KeyCode::Char(':'));
    type_str(
        &mut app,
        &format!("deal {nowak} \"Big order\" 500000 stage won"),
    );
    press(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{}", status(&app));
    assert_eq!(app.measures.tiers.tier(nowak), Tier::A);
    // Undo takes it back.
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.measures.tiers.tier(nowak), Tier::C);
}

#[test]
fn review_queue_lists_valuable_customers_after_the_due_follow_ups() {
    let mut app = app();
    let p = &app.follow_ups;
    // Four due follow-ups, then Celina (B, going cold) and Grażyna (B, no next step).
    assert_eq!(p.due, 4);
    assert_eq!(p.win.total, 6);
    let names: Vec<_> = p.extras.iter().map(|e| (e.name.as_str(), e.why)).collect();
    assert_eq!(
        names,
        vec![
            ("Celina Wójcik", ExtraKind::GoingCold),
            ("Grażyna Dąbrowska", ExtraKind::NoNextStep)
        ]
    );
    // Progress: one done today; 4 follow-ups + 2 extras to go.
    assert_eq!((app.progress.reviewed, app.progress.due), (1, 6));
    press(&mut app, KeyCode::Char('G'));
    let grazyna = id_of(&app, "Grażyna Dąbrowska");
    assert!(app.follow_ups.selected().is_none());
    assert_eq!(app.follow_ups.selected_customer(), Some(grazyna));
    // Moving onto an extra shows that customer.
    assert_eq!(app.history.customer, Some(grazyna));
    // `d` does not apply to an extra; it says what to do instead.
    press(&mut app, KeyCode::Char('d'));
    assert!(
        status(&app).contains("c logs a contact"),
        "{}",
        status(&app)
    );
    assert_eq!(app.progress.due, 6);
    // Planning a next step takes Grażyna out of the queue; she counts as reviewed.
    press(&mut app, KeyCode::Char('n'));
    type_str(&mut app, "fri \"send the catalogue\"");
    press(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{}", status(&app));
    assert_eq!(app.follow_ups.extras.len(), 1);
    assert_eq!((app.progress.reviewed, app.progress.due), (2, 5));
}

#[test]
fn review_extra_enter_opens_the_customer_and_c_logs_with_them() {
    let mut app = app();
    let celina = id_of(&app, "Celina Wójcik");
    app.follow_ups.win.select(4);
    app.dispatch(Action::MoveDown);
    app.dispatch(Action::MoveUp);
    assert_eq!(app.follow_ups.selected_customer(), Some(celina));
    press(&mut app, KeyCode::Char('c'));
    let Some(crate::tui::popup::Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    assert!(
        p.input.text.starts_with("call Celina Wójcik: "),
        "{}",
        p.input.text
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Pane::History);
    assert_eq!(app.history.customer, Some(celina));
}

#[test]
fn the_base_fixture_has_no_extras_so_older_tests_keep_their_counts() {
    let app = app_at(seeded_store(), 100, 30);
    assert!(app.follow_ups.extras.is_empty());
    assert_eq!((app.progress.reviewed, app.progress.due), (1, 4));
}

#[test]
fn measures_follow_a_write_from_another_process() {
    let dir = std::env::temp_dir().join(format!("rolo-tui-dash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.db");
    let _ = std::fs::remove_file(&path);
    let mut app = app_at(crate::store::Store::open(&path).unwrap(), 100, 30);
    {
        let mut other = crate::store::Store::open(&path).unwrap();
        run_line(&mut other, "add Zofia Nowak");
        run_line(&mut other, "deal \"Zofia Nowak\" \"First\" 1000 stage won");
    }
    app.tick();
    let zofia = id_of(&app, "Zofia Nowak");
    assert_eq!(app.measures.tiers.tier(zofia), Tier::A);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn snapshot_dashboard() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = app_at(measured_store(), w, h);
        press(&mut app, KeyCode::Char('m'));
        insta::assert_snapshot!(format!("dashboard_{w}x{h}"), draw(&mut app, w, h));
    }
}

#[test]
fn snapshot_review_queue_with_extras() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = app_at(measured_store(), w, h);
        press(&mut app, KeyCode::Char('G'));
        insta::assert_snapshot!(format!("review_extras_{w}x{h}"), draw(&mut app, w, h));
    }
}

/// Right after an import nobody was ever contacted: the at-risk list is empty, and says
/// why without claiming everyone was heard from.
#[test]
fn dashboard_after_an_import_does_not_say_everyone_was_heard_from() {
    let mut store = crate::store::Store::open_in_memory().unwrap();
    super::add(&mut store, "add Ewa Wójcik org \"Contoso Polska\"");
    let mut app = app_at(store, 100, 30);
    press(&mut app, KeyCode::Char('m'));
    let screen = draw(&mut app, 100, 30);
    let line = screen
        .lines()
        .find(|l| l.contains("Nobody"))
        .unwrap()
        .trim_matches('"')
        .trim_end_matches(['┃', ' '])
        .trim_start_matches('┃');
    assert_eq!(
        line,
        " ✓ Nobody is at risk yet: no contact logged in the last 12 weeks to judge by"
    );
}
