//! Snapshots of whole screens at 80x24 and 160x48.

use ratatui::crossterm::event::KeyCode;

use super::{app_at, draw, press, seeded_store, type_str};
use crate::domain::CustomerId;
use crate::store::Store;
use crate::tui::app::App;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn check(name: &str, mut make: impl FnMut(u16, u16) -> App) {
    for (w, h) in SIZES {
        let mut app = make(w, h);
        let screen = draw(&mut app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
    }
}

#[test]
fn snapshot_review_queue() {
    check("review_queue", |w, h| app_at(seeded_store(), w, h));
}

#[test]
fn snapshot_customer_with_history() {
    check("customer_with_history", |w, h| {
        let mut app = app_at(seeded_store(), w, h);
        app.open_customer(CustomerId(2));
        app
    });
}

#[test]
fn snapshot_palette_live_preview() {
    check("palette_preview", |w, h| {
        let mut app = app_at(seeded_store(), w, h);
        press(&mut app, KeyCode::Char(':'));
        type_str(
            &mut app,
            "call anna kow: pricing ok rating 4 next fri \"send demo\"",
        );
        app
    });
}

#[test]
fn snapshot_ambiguity_choice() {
    check("ambiguity_choice", |w, h| {
        let mut app = app_at(seeded_store(), w, h);
        press(&mut app, KeyCode::Char(':'));
        type_str(&mut app, "call anna: hello");
        press(&mut app, KeyCode::Enter);
        app
    });
}

#[test]
fn snapshot_help() {
    check("help", |w, h| {
        let mut app = app_at(seeded_store(), w, h);
        press(&mut app, KeyCode::Char('?'));
        app
    });
}

#[test]
fn snapshot_empty_database() {
    check("empty_database", |w, h| {
        app_at(Store::open_in_memory().unwrap(), w, h)
    });
}

#[test]
fn snapshot_review_done_empty_state() {
    let mut app = app_at(seeded_store(), 100, 30);
    for _ in 0..4 {
        press(&mut app, KeyCode::Char('d'));
    }
    app.status = None;
    insta::assert_snapshot!("review_all_done_100x30", draw(&mut app, 100, 30));
}

#[test]
fn open_deals_in_two_currencies_are_totalled_per_currency() {
    let mut store = seeded_store();
    super::run_line(
        &mut store,
        "deal #2 \"Spare parts\" 5000 EUR stage proposal",
    );
    let mut app = app_at(store, 160, 48);
    app.open_customer(CustomerId(2));
    let screen = draw(&mut app, 160, 48);
    // The EUR deal was not dropped from the total, nor added to the PLN one.
    assert!(
        screen.contains("2 open deals 120 000.00 PLN + 5 000.00 EUR"),
        "{screen}"
    );
}

/// A name of Devanagari clusters (`प्रि` is one cluster of three columns) and a flag: each
/// column is a cell of its own, as the terminal keeps it, so drawing over the name (a
/// filter that leaves it out) writes every column and leaves no `मा` behind.
#[test]
fn clusters_of_narrow_letters_take_one_cell_per_column() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut store = seeded_store();
    super::run_line(&mut store, "add प्रिया शर्मा 🇬🇷");
    let mut app = app_at(store, 80, 24);
    press(&mut app, KeyCode::Char('f'));
    type_str(&mut app, "प्रिया");
    press(&mut app, KeyCode::Enter);
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| crate::tui::view::render(f, &app)).unwrap();
    let buf = t.backend().buffer();
    let row: Vec<&str> = (0..80).map(|x| buf[(x, 2)].symbol()).collect();
    let start = row.iter().position(|s| s.starts_with('प')).unwrap();
    assert_eq!(
        row[start..start + 13],
        [
            "प्", "र", "ि", "य", "ा", " ", "श", "र्", "म", "ा", " ", "🇬", "🇷"
        ]
    );
}

/// The customer's notes (an import's, with what a field of rolo's could not take) show
/// under the header's other lines, their lines joined and made inert, cut at the width.
#[test]
fn header_shows_the_customers_notes() {
    let mut app = app_at(seeded_store(), 100, 30);
    app.open_customer(CustomerId(2));
    app.editor_done(
        crate::tui::popup::EditorTarget::CustomerNotes(CustomerId(2)),
        Ok("Met at \"Expo\"\n\nNickname: Ania\tx \u{1b}[31mred\u{202e}".into()),
    );
    let screen = draw(&mut app, 100, 30);
    // The test terminal quotes each line.
    let line = screen.lines().nth(4).unwrap();
    assert_eq!(
        line.trim_matches('"').trim_end(),
        r#"│- C Anna Nowak             never│ notes: Met at "Expo" · Nickname: Ania x ␛[31mred"#
    );
}

/// At 80x24 the header has two lines: the notes go at the end of the history's top border,
/// cut to fit, with the key that opens them; a customer without notes has the plain border.
#[test]
fn narrow_history_border_shows_the_customers_notes() {
    let mut app = app_at(seeded_store(), 80, 24);
    app.open_customer(CustomerId(2));
    app.editor_done(
        crate::tui::popup::EditorTarget::CustomerNotes(CustomerId(2)),
        Ok("Met at \"Expo\"\n\nNickname: Ania\tx \u{1b}[31mred\u{202e}".into()),
    );
    let screen = draw(&mut app, 80, 24);
    let line = |n: usize| {
        screen
            .lines()
            .nth(n)
            .unwrap()
            .trim_matches('"')
            .trim_end()
            .to_string()
    };
    assert_eq!(
        line(3),
        "│! A Anna Kowalska       5d│┏▶ History 3 ━━ notes: Met at \"Expo\" · Nickna… (N) ┓"
    );
    app.open_customer(CustomerId(3));
    let screen = draw(&mut app, 80, 24);
    let line = screen
        .lines()
        .nth(3)
        .unwrap()
        .trim_matches('"')
        .trim_end()
        .to_string();
    assert_eq!(
        line,
        "│! A Anna Kowalska       5d│┏▶ History 0 ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓"
    );
}

/// A customer with several emails (a phone's export: work, home, private) shows their
/// phone in the header all the same: the first email, the first phone, then the rest, as
/// many as the line takes with the tags (three at least, the tags cut then).
#[test]
fn header_shows_a_phone_beside_several_emails() {
    let mut store = Store::open_in_memory().unwrap();
    let id = super::add(
        &mut store,
        "add Åsa Sørensen email asa@nordisk.dk email asa.s@gmail.com email asa@privat.dk \
         phone \"+45 20 12 34 56\" tag kunder",
    );
    let mut app = app_at(store, 120, 30);
    app.open_customer(id);
    let screen = draw(&mut app, 120, 30);
    let line = screen.lines().nth(2).unwrap().trim_matches('"').trim_end();
    assert!(
        line.ends_with(
            "│ asa@nordisk.dk · +45 20 12 34 56 · asa.s@gmail.com · asa@privat.dk · #kunder"
        ),
        "{line}"
    );
    let screen = draw(&mut app, 100, 30);
    let line = screen.lines().nth(2).unwrap().trim_matches('"').trim_end();
    assert!(
        line.ends_with("│ asa@nordisk.dk · +45 20 12 34 56 · asa.s@gmail.com · #kunder"),
        "{line}"
    );
}

/// An imported customer's address shows with its label under the header's other lines,
/// before the notes, its lines joined; an IM address shows with its service.
#[test]
fn header_shows_the_address_with_its_label_and_an_ims_service() {
    use crate::command::{Command, ContactsEdit, CustomerRef, EditSpec, execute};
    let mut store = seeded_store();
    let spec = EditSpec {
        address: Some("Advanced Technology Center\n3100401 Haifa, Israel".into()),
        address_label: Some("work".into()),
        notes: Some("Met at Expo".into()),
        more: Box::new(ContactsEdit {
            add_ims: vec!["987654".into()],
            service: Some("QQ".into()),
            ..ContactsEdit::default()
        }),
        ..EditSpec::default()
    };
    let who = CustomerRef::Id(CustomerId(3));
    execute(&mut store, &Command::Edit { who, spec }, &super::ctx()).unwrap();
    let mut app = app_at(store, 160, 48);
    app.open_customer(CustomerId(3));
    let screen = draw(&mut app, 160, 48);
    let line = |n: usize| {
        let l = screen.lines().nth(n).unwrap().trim_matches('"').trim_end();
        l[l.rfind('│').unwrap() + '│'.len_utf8()..].to_string()
    };
    assert_eq!(line(2), " anna.nowak@example.com · im:987654 (QQ)");
    assert_eq!(
        line(4),
        " address (work): Advanced Technology Center, 3100401 Haifa, Israel · notes: Met at Expo"
    );
    // At 80x24 the header has two lines: the address shares the name's, its town first.
    let screen = draw(&mut app, 80, 24);
    let line = |n: usize| screen.lines().nth(n).unwrap().trim_matches('"').to_string();
    assert_eq!(
        line(1),
        "┌ Customers 12 · name ─────┐ Anna Nowak #3 · tier C · …3100401 Haifa, Israel    "
    );
    // What the second line had stays.
    assert_eq!(
        line(2),
        "│! A Acme                5d│ anna.nowak@example.com · im:987654 (QQ) · no caden…"
    );
}

/// An organization's header names its people (the first by name, and how many more), at
/// 80x24 too (first there): an import's company shows who works there before any history.
#[test]
fn header_names_an_organizations_people() {
    let mut store = seeded_store();
    for name in ["Zofia Nowak", "Adam Kowal"] {
        super::add(&mut store, &format!("add {name} org \"Acme\""));
    }
    let mut app = app_at(store, 200, 50);
    app.open_customer(CustomerId(1));
    let screen = draw(&mut app, 200, 50);
    let line = screen.lines().nth(3).unwrap().trim_matches('"').trim_end();
    assert!(
        line.ends_with(
            "│ no cadence · last contact 5d ago · 1 open deal 120 000.00 PLN · 4 people: Adam Kowal, \
             Anna Kowalska, Henryk Wiśniewski +1"
        ),
        "{line}"
    );
    let screen = draw(&mut app, 80, 24);
    let line = screen.lines().nth(2).unwrap().trim_matches('"').trim_end();
    // The list's LAST column says what the header says: its people's latest contact.
    assert_eq!(
        line,
        "│! A Acme                5d│ 4 people: Adam Kowal, Anna Kowalska, Henryk Wiśnie…"
    );
}

/// Search hits line up whatever the script of the name: a Chinese name takes two columns
/// a character, and its field starts where a Latin name's does.
#[test]
fn search_hits_line_up_with_wide_characters() {
    let mut store = seeded_store();
    super::add(&mut store, "add 上海贸易有限公司 email shanghai@acme.pl");
    let mut app = app_at(store, 80, 24);
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "acme.pl");
    let screen = draw(&mut app, 80, 24);
    let hits: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("email "))
        // (The test terminal notes the cells a wide character hides after the line.)
        .filter_map(|l| l.trim_start_matches('"').split('"').next())
        .collect();
    assert_eq!(
        hits,
        [
            "│-┃Anna Kowalska          email    anna@[acme].[pl]                          ┃ ┃",
            "│*┃上海贸易有限公司       email    shanghai@[acme].[pl]                      ┃ ┃",
        ]
    );
}

/// At 80x24 a form's error takes two lines (the blank one above too): the accepted forms
/// of a cadence are read whole, not cut at the first.
#[test]
fn form_error_wraps_to_two_lines_at_80x24() {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    let mut app = app_at(seeded_store(), 80, 24);
    app.open_customer(CustomerId(2));
    press(&mut app, KeyCode::Char('e'));
    for _ in 0..10 {
        press(&mut app, KeyCode::Tab);
    }
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_str(&mut app, "sometimes");
    press(&mut app, KeyCode::Enter);
    let screen = draw(&mut app, 80, 24);
    let lines: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("sometimes") || l.contains("3650"))
        .map(|l| l.trim_matches('"').trim_end())
        .collect();
    assert_eq!(
        lines,
        [
            "│*┃      Cadence sometimes                                                   ┃ ┃",
            "│ ┃✗ Cadence: cannot read `sometimes` as a contact cadence; use 14d, 2w, 1m, ┃ ┃",
            "│ ┃14 (days), weekly, monthly, quarterly (1 to 3650 days)                    ┃ ┃",
        ]
    );
}

/// A note whose hit lies past the search popup's MATCH column at 80x24 shows the hit, cut
/// before it with `…` (it showed only the note's start).
#[test]
fn search_hits_past_the_column_stay_in_sight() {
    let mut store = seeded_store();
    super::run_line(
        &mut store,
        "call anna kow \"Talked through delivery dates for the new year and then the warehouse in Gdańsk\"",
    );
    let mut app = app_at(store, 80, 24);
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "gdansk");
    let screen = draw(&mut app, 80, 24);
    let line = screen
        .lines()
        .find(|l| l.contains("Gdańsk"))
        .expect(&screen);
    assert_eq!(
        line.split('┃').nth(1).expect(&screen),
        "Anna Kowalska          call     …warehouse in [Gdańsk]                    "
    );
}

/// A hit in a cancelled follow-up (a field wider than 8 columns) keeps its mark in sight too.
#[test]
fn search_hits_of_a_follow_up_stay_in_sight() {
    let mut store = seeded_store();
    super::run_line(
        &mut store,
        "follow anna kow fri \"Talk through delivery dates for the new year and the warehouse on Gdańskiewiczowskiego street, then the rest of the plan for the spring\"",
    );
    let id: i64 = store
        .conn()
        .query_row("SELECT max(id) FROM follow_ups", [], |r| r.get(0))
        .unwrap();
    super::run_line(&mut store, &format!("cancel {id}"));
    let mut app = app_at(store, 80, 24);
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "gdanskiewiczowskiego");
    let screen = draw(&mut app, 80, 24);
    let line = screen
        .lines()
        .find(|l| l.contains("follow-up (cancelled)"))
        .expect(&screen);
    let hit = line.split('┃').nth(1).expect(&screen);
    assert!(
        hit.starts_with("Anna Kowalska          follow-up (cancelled) …"),
        "{hit}"
    );
    assert!(hit.contains("[Gdańskiewiczowskiego]"), "{hit}");
}

/// A note's own `[1]` before the hit is not taken for it: the row shows the hit, not the
/// note's start.
#[test]
fn search_hits_stay_in_sight_after_a_bracket_of_the_text() {
    let mut store = seeded_store();
    super::run_line(
        &mut store,
        "note anna kow: See [1] for the terms, conditions, delivery schedules and the signed Gdańskiewiczowskiego offer",
    );
    let mut app = app_at(store, 80, 24);
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "gdanskiewiczowskiego");
    let screen = draw(&mut app, 80, 24);
    let line = screen
        .lines()
        .find(|l| l.contains("Anna Kowalska") && l.contains("note"))
        .expect(&screen);
    let hit = line.split('┃').nth(1).expect(&screen);
    assert_eq!(
        hit.trim_end(),
        "Anna Kowalska          note     …the signed [Gdańskiewiczowskiego]…"
    );
}

/// A search of more words than it reads says so in the popup, in place of the hits the
/// first 16 words found (it listed them, the 17th left out).
#[test]
fn search_of_more_than_16_words_says_the_limit() {
    let mut app = app_at(seeded_store(), 80, 24);
    press(&mut app, KeyCode::Char('/'));
    type_str(&mut app, &["anna"; 16].join(" "));
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("Anna Kowalska          name"), "{screen}");
    type_str(&mut app, " zzz");
    let screen = draw(&mut app, 80, 24);
    let popup: Vec<&str> = screen
        .lines()
        .skip(8)
        .take(3)
        .filter_map(|l| l.split('┃').nth(1))
        .map(str::trim_end)
        .collect();
    assert_eq!(
        popup,
        [
            "a search reads at most 16 words, and `anna anna anna anna anna anna anna",
            "anna anna anna anna anna…` has 17; leave out the words that do not narrow",
            "it down"
        ],
        "{screen}"
    );
}
