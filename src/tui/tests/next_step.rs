//! Customers with no next step: the filter, the Today pane that offers them when nothing
//! is due, and `n` planning one for the customer selected.

use ratatui::crossterm::event::KeyCode;

use super::update::{app, status};
use super::{press, type_str};
use crate::tui::pane::Pane;

fn names(app: &crate::tui::app::App) -> Vec<&str> {
    app.customers.rows.iter().map(|r| r.name.as_str()).collect()
}

#[test]
fn filter_tab_keeps_customers_with_no_next_step_by_value_when_sorted_so() {
    let mut app = app();
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Tab);
    assert!(app.customers.filter.no_next_step);
    assert_eq!(app.customers.win.total, 7);
    assert_eq!(
        names(&app),
        [
            "Acme",
            "Anna Nowak",
            "Anna Nowakowska",
            "Ewa Mazur",
            "Globex",
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
    // By value: Henryk's won 50 000 first, then the rest by name.
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('S'));
    }
    assert_eq!(status(&app), "Customers by value");
    assert_eq!(names(&app)[..2], ["Henryk Wiśniewski", "Acme"]);
    press(&mut app, KeyCode::Esc);
    assert_eq!(status(&app), "Filter cleared");
    assert_eq!(app.customers.win.total, 12);
}
