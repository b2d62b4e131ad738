//! TUI tests: a seeded store with a fixed today, keys sent through `App::handle_key`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod dashboard;
mod docs;
mod import;
mod next_step;
mod palette;
mod palette_edit;
mod parts;
mod snapshot;
mod update;
mod value;

use chrono::{NaiveDate, NaiveTime, Weekday};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::App;
use super::keymap::Keymap;
use super::theme::Theme;
use super::view;
use crate::command::{Command, Context, execute, local_instant, local_timestamp, parse};
use crate::domain::{CustomerId, Direction, FollowUpId, FollowUpStatus, InteractionKind};
use crate::store::{NewFollowUp, NewInteraction, Store};

/// The fixed day of every TUI test.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The fixed context: Monday 23 Nov 2026, 10:00, weeks from Monday, PLN.
pub fn ctx() -> Context {
    Context {
        today: today(),
        now: local_instant(today(), NaiveTime::from_hms_opt(10, 0, 0)),
        week_start: Weekday::Mon,
        currency: crate::domain::Currency::parse("PLN").unwrap(),
    }
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn add(store: &mut Store, line: &str) -> CustomerId {
    let cmd = parse(line, &ctx()).unwrap();
    execute(store, &cmd, &ctx()).unwrap().customer.unwrap()
}

fn interaction(
    store: &mut Store,
    who: CustomerId,
    on: NaiveDate,
    kind: InteractionKind,
    summary: &str,
    rating: Option<u8>,
) {
    let at = local_timestamp(on, NaiveTime::from_hms_opt(12, 0, 0));
    store
        .change("seed", at, |w| {
            w.insert_interaction(&NewInteraction {
                customer_id: who,
                kind,
                direction: Direction::Out,
                occurred_at: at,
                summary: summary.into(),
                notes: String::new(),
                minutes: None,
                rating,
                deal_id: None,
                created_at: at,
            })
        })
        .unwrap();
}

fn follow_up(store: &mut Store, who: CustomerId, due: NaiveDate, what: &str) -> FollowUpId {
    store
        .change("seed", ctx().secs(), |w| {
            w.insert_follow_up(&NewFollowUp {
                customer_id: who,
                what: what.into(),
                due_date: due,
                due_time: None,
                repeat: None,
                interaction_id: None,
                created_at: ctx().secs(),
            })
        })
        .unwrap()
}

/// A dozen customers with history, follow-ups overdue / today / later, and deals.
pub fn seeded_store() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let anna = add(
        &mut s,
        "add Anna Kowalska org \"Acme\" email anna@acme.pl phone \"+48 600 100 200\" tag vip cadence 14d",
    );
    add(&mut s, "add Anna Nowak email anna.nowak@example.com");
    add(&mut s, "add Anna Nowakowska org \"Globex\"");
    let bartek = add(&mut s, "add Bartek Zieliński org \"Globex\" tag pl");
    let celina = add(&mut s, "add Celina Wójcik cadence 30d");
    let darek = add(&mut s, "add Dariusz Lewandowski email darek@lewandowski.pl");
    let ewa = add(&mut s, "add Ewa Mazur");
    let filip = add(&mut s, "add Filip Kamiński tag demo");
    let grazyna = add(&mut s, "add Grażyna Dąbrowska");
    let henryk = add(&mut s, "add Henryk Wiśniewski org \"Acme\"");
    interaction(
        &mut s,
        anna,
        day(10, 2),
        InteractionKind::Meeting,
        "Kick-off at their office",
        Some(5),
    );
    interaction(
        &mut s,
        anna,
        day(11, 6),
        InteractionKind::Email,
        "Sent the price list",
        None,
    );
    interaction(
        &mut s,
        anna,
        day(11, 18),
        InteractionKind::Call,
        "Pricing is fine, wants a demo",
        Some(4),
    );
    interaction(
        &mut s,
        bartek,
        day(11, 10),
        InteractionKind::Call,
        "Contract questions",
        Some(3),
    );
    interaction(
        &mut s,
        darek,
        day(9, 1),
        InteractionKind::Call,
        "Invoice dispute",
        Some(2),
    );
    interaction(
        &mut s,
        grazyna,
        day(11, 20),
        InteractionKind::Visit,
        "Showroom visit",
        Some(5),
    );
    interaction(
        &mut s,
        celina,
        day(8, 12),
        InteractionKind::Note,
        "Met at the trade fair",
        None,
    );
    follow_up(&mut s, darek, day(11, 16), "Check the invoice was paid");
    follow_up(&mut s, anna, day(11, 20), "Send the revised offer");
    follow_up(&mut s, bartek, today(), "Call about the contract");
    follow_up(&mut s, filip, today(), "Demo follow-up");
    follow_up(&mut s, celina, day(12, 1), "Quarterly check-in");
    let done = follow_up(&mut s, ewa, day(11, 22), "Thank-you note");
    let c = ctx();
    s.change("seed", c.secs(), |w| {
        w.close_follow_up(done, FollowUpStatus::Done, c.secs(), c.today)
    })
    .unwrap();
    for line in [
        format!("deal {anna} \"Fleet renewal\" 120000 stage proposal close 2026-12-15"),
        format!("deal {henryk} \"Spare parts\" 50000 stage won"),
    ] {
        let cmd = parse(&line, &c).unwrap();
        execute(&mut s, &cmd, &c).unwrap();
    }
    assert_eq!(anna, CustomerId(2));
    s
}

/// The seeded store plus what makes the measures non-trivial: won deals in PLN for four
/// accounts and one in EUR (tiers A/B/C and "other currencies"), open deals over the coming
/// months, one stuck since September, contacts spread over twelve weeks, a satisfaction drop,
/// and follow-ups done on time and late this month and the month before.
///
/// Revenue in the 12-month window, PLN: Acme 50 000 (Henryk), Globex 20 000 (Bartek),
/// Grażyna 8 000, Celina 5 000 = 83 000; Ewa 2 000 EUR is listed apart.
pub fn measured_store() -> Store {
    use crate::domain::{Money, Stage};
    use crate::store::NewDeal;
    let mut s = seeded_store();
    let c = ctx();
    let id = |s: &Store, name: &str| -> CustomerId {
        CustomerId(
            s.conn()
                .query_row("SELECT id FROM customers WHERE name = ?1", [name], |r| {
                    r.get(0)
                })
                .unwrap(),
        )
    };
    let bartek = id(&s, "Bartek Zieliński");
    let celina = id(&s, "Celina Wójcik");
    let darek = id(&s, "Dariusz Lewandowski");
    let ewa = id(&s, "Ewa Mazur");
    let filip = id(&s, "Filip Kamiński");
    let grazyna = id(&s, "Grażyna Dąbrowska");
    for line in [
        format!("deal {bartek} \"Service contract\" 20000 stage won"),
        format!("deal {grazyna} \"Showroom order\" 8000 stage won"),
        format!("deal {celina} \"Starter kit\" 5000 stage won"),
        format!("deal {ewa} \"Pilot\" 2000 EUR stage won"),
        format!("deal {celina} \"Support plan\" 30000 stage negotiation close 2027-01-20"),
        format!("deal {bartek} \"Upgrade\" 15000 stage qualified close 2026-11-30"),
        format!("deal {ewa} \"Rollout\" 3000 EUR stage proposal close 2026-12-10"),
    ] {
        run_line(&mut s, &line);
    }
    let sept = local_timestamp(day(9, 1), NaiveTime::from_hms_opt(9, 0, 0));
    let value = Money::parse("40000", c.currency).unwrap();
    s.change("seed", sept, |w| {
        w.insert_deal(&NewDeal {
            customer_id: darek,
            title: "Renewal".into(),
            value,
            stage: Stage::Proposal,
            probability: 50,
            expected_close: Some(day(10, 15)),
            created_at: sept,
        })
    })
    .unwrap();
    for (who, m, d, kind, rating) in [
        (bartek, 9, 8, InteractionKind::Call, None),
        (bartek, 9, 22, InteractionKind::Call, None),
        (bartek, 10, 13, InteractionKind::Meeting, None),
        (filip, 9, 15, InteractionKind::Meeting, Some(5)),
        (filip, 10, 6, InteractionKind::Call, Some(5)),
        (filip, 11, 12, InteractionKind::Call, Some(2)),
        (grazyna, 10, 20, InteractionKind::Email, None),
        (grazyna, 10, 27, InteractionKind::Call, None),
        (ewa, 11, 3, InteractionKind::Email, None),
        (ewa, 11, 23, InteractionKind::Call, None),
        (celina, 9, 3, InteractionKind::Call, None),
        (bartek, 11, 16, InteractionKind::Call, None),
        (grazyna, 11, 17, InteractionKind::Email, None),
    ] {
        interaction(&mut s, who, day(m, d), kind, "Catch-up", rating);
    }
    for (who, due, done) in [
        (grazyna, day(11, 2), day(11, 2)),
        (filip, day(10, 10), day(10, 10)),
        (bartek, day(10, 5), day(10, 9)),
    ] {
        let id = follow_up(&mut s, who, due, "Check in");
        let at = local_timestamp(done, NaiveTime::from_hms_opt(15, 0, 0));
        s.change("seed", at, |w| {
            w.close_follow_up(id, FollowUpStatus::Done, at, done)
        })
        .unwrap();
    }
    s
}

/// An app on the seeded store at a size.
pub fn app_at(store: Store, w: u16, h: u16) -> App {
    let mut app = App::new(store, ctx(), Keymap::default(), Theme::new(true));
    app.resize(w, h);
    app
}

/// Sends one key.
pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Types text key by key.
pub fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
    app.idle();
}

/// Renders the app into a test terminal and returns the text.
pub fn draw(app: &mut App, w: u16, h: u16) -> String {
    app.resize(w, h);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::render(f, app)).unwrap();
    t.backend().to_string()
}

/// Runs a palette line as the CLI would (to check what was saved).
pub fn run_line(store: &mut Store, line: &str) {
    let cmd: Command = parse(line, &ctx()).unwrap();
    execute(store, &cmd, &ctx()).unwrap();
}

#[test]
fn the_screen_opens_on_what_an_upgrade_changed() {
    let options = super::TuiOptions {
        keymap_override: None,
        no_color: true,
        insight: None,
        upgraded: vec![
            "upgrading rolo.db from schema v12 to v13…".into(),
            "values past rolo's limits are brought to them (the copy keeps them as they were):"
                .into(),
            "  deal 1 (Huge\u{1b}[31m) of Anna: a value of … becomes 10 000 000 000 000.00 EUR"
                .into(),
        ],
    };
    let mut app = super::build_app(seeded_store(), ctx(), &options);
    let screen = draw(&mut app, 100, 30);
    assert!(screen.contains("Database upgraded"), "{screen}");
    assert!(
        screen.contains("upgrading rolo.db from schema v12 to v13…"),
        "{screen}"
    );
    assert!(screen.contains("deal 1 (Huge␛[31m) of Anna"), "{screen}");
    // Esc closes it, onto the usual screen.
    app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(app.popup.is_none());
    let mut plain = super::build_app(
        seeded_store(),
        ctx(),
        &super::TuiOptions {
            upgraded: Vec::new(),
            ..options
        },
    );
    assert!(!draw(&mut plain, 100, 30).contains("Database upgraded"));
    // An upgrade that changed nothing of the user's is a status line, not in the way.
    let mut quiet = super::build_app(
        seeded_store(),
        ctx(),
        &super::TuiOptions {
            upgraded: vec!["upgrading rolo.db from schema v15 to v16…".into()],
            ..Default::default()
        },
    );
    let screen = draw(&mut quiet, 100, 30);
    assert!(quiet.popup.is_none());
    assert!(
        screen.contains("upgrading rolo.db from schema v15 to v16…"),
        "{screen}"
    );
}
