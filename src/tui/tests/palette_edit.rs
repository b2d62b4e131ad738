//! The palette's `edit`: a customer's common fields typed on one line, previewed, checked
//! as `rolo edit` checks them, and undone with `u`.

use ratatui::crossterm::event::KeyCode;

use super::press;
use super::type_str;
use super::update::{app, status};
use crate::command::PALETTE_HELP;
use crate::domain::CustomerId;
use crate::tui::app::{App, Tone};
use crate::tui::palette::{Item, Preview};
use crate::tui::popup::Popup;

fn preview(app: &App) -> &Preview {
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    &p.preview
}

#[test]
fn app_palette_edit_previews_saves_and_undoes_the_common_fields() {
    let mut app = app();
    press(&mut app, KeyCode::Char(':'));
    type_str(
        &mut app,
        "edit anna kow title Head of Sales tag key untag vip cadence 3w needs \"same-day delivery\"",
    );
    let Preview::Ready { title, lines, .. } = preview(&app) else {
        panic!("{:?}", preview(&app))
    };
    assert_eq!(title, "Edit Anna Kowalska");
    let lines: Vec<(&str, &str)> = lines
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            ("Customer", "Anna Kowalska #2 · Acme"),
            ("Title", "Head of Sales"),
            ("Add tags", "key"),
            ("Remove tags", "vip"),
            ("Cadence", "every 21 days"),
            ("Needs", "same-day delivery"),
        ]
    );
    // The values line up after the longest label.
    let screen = super::draw(&mut app, 100, 30);
    let shown: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("Title ") || l.contains("Remove tags"))
        .map(|l| l.trim_matches('"').trim_end())
        .collect();
    assert_eq!(
        shown,
        [
            "│*┃  Title       Head of Sales                                                                   ┃ │",
            "│-┃  Remove tags vip                                                                             ┃ │",
        ]
    );
    press(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{}", status(&app));
    assert_eq!(
        status(&app),
        "Updated Anna Kowalska (#2): title → Head of Sales, needs, cadence → every 21 days, \
         tag +key, tag -vip"
    );
    let c = app.store.customer(CustomerId(2)).unwrap();
    assert_eq!(c.title.as_deref(), Some("Head of Sales"));
    assert_eq!(c.tags, ["key"]);
    assert_eq!(c.cadence_days, Some(21));
    assert_eq!(c.needs, "same-day delivery");
    // One change: `u` takes all of it back.
    press(&mut app, KeyCode::Char('u'));
    let c = app.store.customer(CustomerId(2)).unwrap();
    assert_eq!(c.title, None);
    assert_eq!(c.tags, ["vip"]);
    assert_eq!(c.cadence_days, Some(14));
    assert_eq!(c.needs, "");
}

#[test]
fn app_palette_edit_adds_contacts_and_an_org_with_rolo_edits_messages() {
    let mut app = app();
    press(&mut app, KeyCode::Char(':'));
    type_str(
        &mut app,
        "edit ewa mazur email ewa@mazur.pl phone +48 601 222 333 org Initech",
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        status(&app),
        "Updated Ewa Mazur (#9): organization → Initech, added email ewa@mazur.pl, added phone \
         +48 601 222 333; created organization Initech"
    );
    // A bad email is refused with `rolo edit`'s message, and nothing changes.
    press(&mut app, KeyCode::Char(':'));
    type_str(&mut app, "edit #9 email ewa.mazur.pl");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.status.as_ref().map(|s| s.1), Some(Tone::Error));
    assert_eq!(
        status(&app),
        "`ewa.mazur.pl` is not an email address (expected name@example.com)"
    );
    // What is there already is named.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char(':'));
    type_str(&mut app, "edit #9 email ewa@mazur.pl");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        status(&app),
        "nothing to change: Ewa Mazur has `ewa@mazur.pl` already"
    );
    let c = app.store.customer(CustomerId(9)).unwrap();
    assert_eq!(c.contacts.len(), 2);
}

#[test]
fn app_palette_edit_is_offered_completed_and_in_the_help() {
    let mut app = app();
    press(&mut app, KeyCode::Char(':'));
    type_str(&mut app, "ed");
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    assert!(
        matches!(p.items.first(), Some(Item::Verb("edit", _))),
        "{:?}",
        p.items
    );
    let Preview::Hint(hint) = &p.preview else {
        panic!("{:?}", p.preview)
    };
    assert_eq!(
        hint,
        "unknown command `ed` — pick a suggestion, or start with a verb (call, email, follow, \
         deal, edit, …)"
    );
    press(&mut app, KeyCode::Tab);
    type_str(&mut app, "grazyna");
    press(&mut app, KeyCode::Tab);
    type_str(&mut app, "title Owner");
    let Some(Popup::Palette(p)) = &app.popup else {
        panic!("palette")
    };
    assert_eq!(p.input.text, "edit #11: title Owner");
    let Preview::Ready { title, .. } = &p.preview else {
        panic!("{:?}", p.preview)
    };
    assert_eq!(title, "Edit Grażyna Dąbrowska");
    assert!(
        PALETTE_HELP
            .lines()
            .any(|l| l.starts_with("edit <who> [title")),
        "{PALETTE_HELP}"
    );
    // Nothing to change is said before Enter.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char(':'));
    type_str(&mut app, "edit grazyna");
    let Preview::Error(e) = preview(&app) else {
        panic!("{:?}", preview(&app))
    };
    assert_eq!(
        e,
        "say what to change: title, org, email, phone, tag, untag, cadence or needs, e.g. \
         edit anna kow title \"Head of Sales\" tag vip cadence 2w"
    );
}
