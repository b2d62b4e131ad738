//! The customer list by value: each row shows what it won itself in the tiers' 12 months,
//! as `rolo list --sort value` does, and `—` for nothing won in them.

use ratatui::crossterm::event::KeyCode;

use super::{add, app_at, day, draw, interaction, press, run_line};
use crate::domain::InteractionKind;

/// Acme with Anna (won 3 000) and Piotr (won 1 000), Acme itself 500, Jan of Acme nothing;
/// Solo won 2 000; Zofia was called on 20 Nov and won nothing.
fn store() -> crate::store::Store {
    let mut s = crate::store::Store::open_in_memory().unwrap();
    let anna = add(&mut s, "add Anna Kowalska org \"Acme\"");
    let piotr = add(&mut s, "add Piotr Nowak org \"Acme\"");
    add(&mut s, "add Jan Wiśniewski org \"Acme\"");
    let solo = add(&mut s, "add Solo Trader");
    let zofia = add(&mut s, "add Zofia Zając");
    let acme = crate::store::find_org(s.conn(), "Acme").unwrap().unwrap().0;
    for line in [
        format!("deal {anna} \"Trucks\" 3000 stage won"),
        format!("deal {piotr} \"Vans\" 1000 stage won"),
        format!("deal {acme} \"Frame\" 500 stage won"),
        format!("deal {solo} \"Parts\" 2000 stage won"),
    ] {
        run_line(&mut s, &line);
    }
    interaction(
        &mut s,
        zofia,
        day(11, 20),
        InteractionKind::Call,
        "Intro call",
        None,
    );
    s
}

/// The list pane's rows: the text between its borders.
fn rows(screen: &str, h: usize) -> Vec<String> {
    screen
        .lines()
        .skip(2)
        .take(h)
        .map(|l| {
            let l = l.trim_matches('"');
            let inner: String = l.chars().skip(1).take_while(|c| *c != '┃').collect();
            inner.trim_end().to_string()
        })
        .collect()
}

#[test]
fn list_by_value_shows_what_each_row_won_itself_and_a_dash_for_nothing() {
    let mut app = app_at(store(), 80, 24);
    press(&mut app, KeyCode::Tab);
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('S'));
    }
    let screen = draw(&mut app, 80, 24);
    assert_eq!(
        rows(&screen, 8),
        [
            "- A Acme              4.5k",
            "- A Anna Kowalska     3.0k",
            "- A Piotr Nowak       1.0k",
            "- A Jan Wiśniewski       —",
            "- A Solo Trader       2.0k",
            "- C Zofia Zając          —",
            "",
            "",
        ],
        "{screen}"
    );
    // Wider, the full form in your currency.
    let screen = draw(&mut app, 160, 48);
    let acme = screen.lines().find(|l| l.contains("┃- A Acme ")).unwrap();
    assert!(
        acme.contains("┃- A Acme                                    4500 PLN┃"),
        "{screen}"
    );
    let jan = screen.lines().find(|l| l.contains("┃- A Jan")).unwrap();
    assert!(
        jan.contains("┃- A Jan Wiśniewski · Acme                          —┃"),
        "{screen}"
    );
}
