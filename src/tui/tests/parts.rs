//! The edit form corrects what an import read in parts: a name split wrongly, an address's
//! label; keys sent through `App::handle_key`, the form drawn at 80x24.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{app_at, draw, press, type_str};
use crate::domain::{AddressParts, CustomerId, NameParts};
use crate::store::{NewCustomer, Store};
use crate::tui::app::App;
use crate::tui::pane::Pane;
use crate::tui::popup::Popup;

/// María José García López as a card split her name (given `María`), her address at home.
fn maria() -> App {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write(|w| {
            w.insert_customer(&NewCustomer {
                name: "María José García López".into(),
                name_parts: NameParts::from_n(&["José García López", "María"]),
                address: Some("Calle Mayor 1, 28013 Madrid".into()),
                address_parts: AddressParts::labelled(
                    AddressParts::from_adr(&["", "", "Calle Mayor 1", "Madrid", "", "28013"]),
                    Some("home"),
                ),
                uid: "maria".into(),
                ..NewCustomer::default()
            })
        })
        .unwrap();
    app_at(store, 80, 24)
}

/// Moves to the field labelled `label` and types `text` over what it holds.
fn retype(app: &mut App, label: &str, text: &str) {
    for _ in 0..30 {
        let Some(Popup::Form(f)) = &app.popup else {
            panic!("form")
        };
        if f.fields[f.focus].label == label {
            app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
            type_str(app, text);
            return;
        }
        press(app, KeyCode::Tab);
    }
    panic!("no field {label}");
}

fn form_error(app: &App) -> Option<String> {
    match &app.popup {
        Some(Popup::Form(f)) => f.error.clone(),
        _ => None,
    }
}

#[test]
fn app_edit_form_corrects_name_parts_and_address_label() {
    let mut app = maria();
    while app.focus != Pane::Customers {
        press(&mut app, KeyCode::BackTab);
    }
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('e'));
    let screen = draw(&mut app, 80, 24);
    let line = |what: &str| {
        screen
            .lines()
            .find(|l| l.contains(what))
            .unwrap_or_else(|| panic!("no `{what}`:\n{screen}"))
            .to_string()
    };
    assert!(line("Given name").contains("Given name María "), "{screen}");
    assert!(line("Family name").contains("Family name José García López "));
    assert!(line("Address label").contains("Address label home "));
    assert!(line("Enter save").contains("Esc cancel"), "{screen}");
    // A part that is not words of the name keeps the form open, saying why.
    retype(&mut app, "Family name", "Garcia");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        form_error(&app).as_deref(),
        Some(
            "the family name `Garcia` is not in the name `María José García López`; a name's \
             parts are words of it as written (change the name with them if it is wrong too)"
        )
    );
    retype(&mut app, "Given name", "María José");
    retype(&mut app, "Family name", "García López");
    retype(&mut app, "Address label", "Business");
    press(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{:?}", form_error(&app));
    assert_eq!(
        app.status.as_ref().map(|s| s.0.as_str()),
        Some(
            "Updated María José García López (#1): given name → María José, family name → \
             García López, address label → work"
        )
    );
    let c = app.store.customer(CustomerId(1)).unwrap();
    assert_eq!(
        c.name_parts.as_ref().map(NameParts::n_order),
        Some(["García López", "María José", "", "", ""])
    );
    assert_eq!(
        (
            c.address_label(),
            c.address_parts.as_ref().map(|p| p.city.as_str())
        ),
        (Some("work"), Some("Madrid"))
    );
}

#[test]
fn app_edit_form_has_name_parts_for_a_person_only() {
    let mut store = Store::open_in_memory().unwrap();
    let id = store
        .write(|w| {
            w.insert_customer(&NewCustomer {
                kind: crate::domain::CustomerKind::Org,
                name: "Acme".into(),
                uid: "acme".into(),
                ..NewCustomer::default()
            })
        })
        .unwrap();
    let labels = |f: &crate::tui::form::Form| -> Vec<&str> {
        f.fields.iter().map(|x| x.label).take(5).collect()
    };
    let org = crate::tui::form::Form::edit_customer(&store.customer(id).unwrap());
    assert_eq!(
        labels(&org),
        ["Name", "Kind", "Organization", "Email", "Phone"]
    );
    assert!(org.fields.iter().any(|x| x.label == "Address label"));
    let app = maria();
    let person = crate::tui::form::Form::edit_customer(&app.store.customer(CustomerId(1)).unwrap());
    assert_eq!(
        labels(&person),
        ["Name", "Given name", "Middle name", "Family name", "Kind"]
    );
    assert_eq!(crate::tui::form::Form::add_customer().fields.len(), 13);
}
