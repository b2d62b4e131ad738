//! The import dialog (`i`): preview, import in process or beside the screen, its options,
//! broken records, errors, and undo.

use ratatui::crossterm::event::KeyCode;

use super::update::status;
use super::{app_at, press, type_str};
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::popup::{External, Popup};

#[test]
fn app_first_run_offers_add_import_and_demo() {
    let mut app = app_at(Store::open_in_memory().unwrap(), 80, 24);
    assert!(app.empty);
    press(&mut app, KeyCode::Char('L'));
    assert!(matches!(app.external, Some(External::Run { ref args, .. }) if args == &["demo"]));
    app.external = None;
    press(&mut app, KeyCode::Char('I'));
    assert!(matches!(app.popup, Some(Popup::Import(_))));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('a'));
    assert!(matches!(app.popup, Some(Popup::Form(_))));
    press(&mut app, KeyCode::Esc);
    // No hidden first-run aliases: `d` is the keymap's "done", which has nothing to do here.
    press(&mut app, KeyCode::Char('d'));
    assert!(app.external.is_none() && app.popup.is_none());
}

/// Presses Enter in the import dialog and runs what it queued, as the loop does.
fn import_enter(app: &mut App, key: KeyCode) -> crate::tui::popup::ImportRun {
    press(app, key);
    let Some(External::Import(run)) = app.external.take() else {
        panic!("nothing queued: {:?}", app.external)
    };
    assert!(matches!(&app.popup, Some(Popup::Import(p)) if p.busy));
    app.import(&run);
    run
}

fn import_prompt(app: &App) -> &crate::tui::popup::ImportPrompt {
    let Some(Popup::Import(p)) = &app.popup else {
        panic!("the import dialog is not open: {:?}", app.popup)
    };
    p
}

#[test]
fn app_import_dialog_previews_then_imports_in_process_and_undo_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "Name,E-mail Address\nZofia Testowa,zofia@example.com\n",
    )
    .unwrap();
    let mut app = app_at(Store::open_in_memory().unwrap(), 80, 24);
    app.dispatch(Action::Import);
    type_str(&mut app, &csv.display().to_string());
    // Enter previews: a dry run, shown in the dialog; nothing is written.
    let run = import_enter(&mut app, KeyCode::Enter);
    assert_eq!(run.path, csv);
    assert!(run.dry_run);
    let p = import_prompt(&app);
    let text = &p.preview.as_ref().expect("no preview").text;
    assert!(text.starts_with("Would import "), "{text}");
    assert!(text.contains("1 created, 0 merged"), "{text}");
    assert!(text.contains("create line 2: Zofia Testowa"), "{text}");
    assert!(app.empty);
    let screen = super::draw(&mut app, 80, 24);
    assert!(screen.contains("create line 2: Zofia Testowa"), "{screen}");
    assert!(screen.contains("Enter imports"), "{screen}");
    // Enter on the preview imports.
    let run = import_enter(&mut app, KeyCode::Enter);
    assert!(!run.dry_run);
    assert!(app.popup.is_none());
    assert_eq!(
        status(&app),
        "Imported people.csv: 1 created, 0 merged — u undoes it"
    );
    assert!(!app.empty);
    assert_eq!(app.customers.win.total, 1);
    assert_eq!(app.customers.rows[0].name, "Zofia Testowa");
    press(&mut app, KeyCode::Char('u'));
    assert!(app.empty, "{}", status(&app));
}

#[test]
fn app_import_on_a_database_file_runs_beside_the_screen_and_can_be_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rolo.db");
    let csv = dir.path().join("people.csv");
    let mut text = String::from("Name,E-mail Address\n");
    for i in 0..2000 {
        text.push_str(&format!("Person {i},p{i}@example.com\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let mut app = app_at(Store::open(&db).unwrap(), 80, 24);
    let wait = |app: &mut App| {
        while app.poll_import() {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    };
    app.dispatch(Action::Import);
    type_str(&mut app, &csv.display().to_string());
    press(&mut app, KeyCode::Enter);
    let Some(External::Import(run)) = app.external.take() else {
        panic!("nothing queued")
    };
    // Cancelled before it reads a record: nothing imported, and the dialog says so.
    app.start_import(&run);
    assert!(app.importing.is_some());
    press(&mut app, KeyCode::Esc);
    wait(&mut app);
    let p = import_prompt(&app);
    assert!(!p.busy);
    let error = p.error.as_deref().unwrap_or_default();
    assert!(
        error == "the import was cancelled; nothing was imported" || p.preview.is_some(),
        "{error}"
    );
    // The preview, then the import, each on its own thread and connection.
    let mut app = app_at(Store::open(&db).unwrap(), 80, 24);
    app.dispatch(Action::Import);
    type_str(&mut app, &csv.display().to_string());
    for _ in 0..2 {
        press(&mut app, KeyCode::Enter);
        let Some(External::Import(run)) = app.external.take() else {
            panic!("nothing queued")
        };
        app.start_import(&run);
        let screen = super::draw(&mut app, 80, 24);
        assert!(
            screen.contains("Reading the file…") || screen.contains("Importing…"),
            "{screen}"
        );
        wait(&mut app);
    }
    assert!(app.popup.is_none(), "{:?}", app.popup);
    assert_eq!(
        status(&app),
        "Imported people.csv: 2000 created, 0 merged — u undoes it"
    );
    assert_eq!(app.customers.win.total, 2000);
    // The import's thread had a connection of its own, yet the import is this screen's:
    // `u` undoes it at once.
    press(&mut app, KeyCode::Char('u'));
    assert!(app.popup.is_none(), "{:?}", app.popup);
    assert_eq!(
        status(&app),
        "Undid: import people.csv: 2000 created, 0 merged"
    );
    assert!(app.empty);
}

#[test]
fn app_import_dialog_tab_completes_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("people.csv"), "Name\nAda\n").unwrap();
    std::fs::write(dir.path().join("people.vcf"), "").unwrap();
    let mut app = app_at(Store::open_in_memory().unwrap(), 80, 24);
    app.dispatch(Action::Import);
    type_str(&mut app, &format!("{}/p", dir.path().display()));
    press(&mut app, KeyCode::Tab);
    let p = import_prompt(&app);
    assert_eq!(p.input.text, format!("{}/people.", dir.path().display()));
    assert_eq!(p.choices, ["people.csv", "people.vcf"]);
    let screen = super::draw(&mut app, 80, 24);
    assert!(screen.contains("people.csv  people.vcf"), "{screen}");
    type_str(&mut app, "c");
    assert!(import_prompt(&app).choices.is_empty());
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        import_prompt(&app).input.text,
        format!("{}/people.csv", dir.path().display())
    );
    assert!(app.external.is_none());
}

#[test]
fn app_import_dialog_offers_to_skip_a_broken_record() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "Name,E-mail Address,Birthday\nZofia Testowa,zofia@example.com,\nJan Zły,jan@example.com,1980-13-45\n",
    )
    .unwrap();
    let mut app = app_at(Store::open_in_memory().unwrap(), 100, 30);
    app.dispatch(Action::Import);
    type_str(&mut app, &csv.display().to_string());
    import_enter(&mut app, KeyCode::Enter);
    let p = import_prompt(&app);
    let error = p.error.as_deref().unwrap_or_default();
    assert!(error.contains("line 3"), "{error}");
    assert!(error.ends_with("nothing was imported"), "{error}");
    assert!(!error.contains("--skip-bad"), "{error}");
    assert!(p.skip_offer);
    let screen = super::draw(&mut app, 100, 30);
    assert!(screen.contains("skipping broken records"), "{screen}");
    // Enter previews the rest; Enter again imports it.
    let run = import_enter(&mut app, KeyCode::Enter);
    assert!(run.dry_run && run.skip_bad);
    let text = &import_prompt(&app)
        .preview
        .as_ref()
        .expect("no preview")
        .text;
    assert!(text.contains("1 created, 0 merged, 1 skipped"), "{text}");
    assert!(text.contains("skipped line 3"), "{text}");
    let run = import_enter(&mut app, KeyCode::Enter);
    assert!(!run.dry_run && run.skip_bad);
    assert_eq!(app.customers.win.total, 1);
    assert_eq!(app.customers.rows[0].name, "Zofia Testowa");
}

#[test]
fn app_import_dialog_tab_reads_unproven_dates_the_other_way() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("uk.csv");
    std::fs::write(&csv, "Name,Birthday\nAda Lovelace,03/04/1980\n").unwrap();
    let mut app = app_at(Store::open_in_memory().unwrap(), 100, 30);
    app.dispatch(Action::Import);
    type_str(&mut app, &csv.display().to_string());
    import_enter(&mut app, KeyCode::Enter);
    let preview = import_prompt(&app).preview.clone().expect("no preview");
    assert!(
        preview.text.contains("read month first") && preview.text.contains("4 March 1980"),
        "{}",
        preview.text
    );
    let screen = super::draw(&mut app, 100, 30);
    assert!(screen.contains("Tab reads dates day first"), "{screen}");
    // Tab previews again, day first; Enter imports that way.
    let run = import_enter(&mut app, KeyCode::Tab);
    assert!(run.dry_run);
    let preview = import_prompt(&app).preview.clone().expect("no preview");
    assert!(
        preview
            .text
            .contains("read day first, as chosen: 03/04/1980 (3 April 1980)"),
        "{}",
        preview.text
    );
    let screen = super::draw(&mut app, 100, 30);
    assert!(screen.contains("Tab reads dates month first"), "{screen}");
    import_enter(&mut app, KeyCode::Enter);
    assert!(app.popup.is_none(), "{}", status(&app));
    let id = app.customers.rows[0].id;
    assert_eq!(
        app.store.customer(id).unwrap().birthday,
        chrono::NaiveDate::from_ymd_opt(1980, 4, 3)
    );
    // Tab does nothing where the file showed the order, or before a preview.
    let mut app = app_at(Store::open_in_memory().unwrap(), 100, 30);
    app.dispatch(Action::Import);
    type_str(&mut app, &csv.display().to_string());
    press(&mut app, KeyCode::Tab);
    assert!(app.external.is_none());
}

#[test]
fn app_import_error_stays_in_the_dialog() {
    let mut app = app_at(Store::open_in_memory().unwrap(), 80, 24);
    app.dispatch(Action::Import);
    type_str(&mut app, "/nonexistent/\u{1b}[2Jcontacts.csv");
    import_enter(&mut app, KeyCode::Enter);
    let Some(Popup::Import(p)) = &app.popup else {
        panic!("the dialog closed")
    };
    assert!(!p.busy);
    assert!(
        p.error
            .as_deref()
            .is_some_and(|e| e.contains("cannot read")),
        "{:?}",
        p.error
    );
    // Drawn wrapped inside the dialog, the escape made inert.
    let screen = super::draw(&mut app, 80, 24);
    assert!(screen.contains("cannot read"), "{screen}");
    assert!(!screen.contains('\u{1b}'), "{screen}");
    // Typing clears the error; Esc closes.
    press(&mut app, KeyCode::Backspace);
    assert!(matches!(&app.popup, Some(Popup::Import(p)) if p.error.is_none()));
    press(&mut app, KeyCode::Esc);
    assert!(app.popup.is_none());
}

#[test]
fn app_import_dialog_takes_map_and_encoding_after_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("kontakty.csv");
    std::fs::write(
        &csv,
        "Imię,Nazwisko,Mejl\nZofia,Testowa,zofia@example.com\n",
    )
    .unwrap();
    let mut app = app_at(Store::open_in_memory().unwrap(), 80, 24);
    app.dispatch(Action::Import);
    type_str(&mut app, &csv.display().to_string());
    // Without a map the preview warns, naming the option.
    import_enter(&mut app, KeyCode::Enter);
    let text = &import_prompt(&app)
        .preview
        .as_ref()
        .expect("no preview")
        .text;
    assert!(
        text.contains("warning: column `Mejl` holds emails but goes to the notes"),
        "{text}"
    );
    // Typed after the name, the map is the preview's, and Enter imports with it.
    type_str(&mut app, " --map 'Mejl=email'");
    let run = import_enter(&mut app, KeyCode::Enter);
    assert_eq!(run.path, csv);
    assert_eq!(run.map.as_deref(), Some("Mejl=email"));
    let text = &import_prompt(&app)
        .preview
        .as_ref()
        .expect("no preview")
        .text;
    assert!(text.contains("email ← Mejl"), "{text}");
    let run = import_enter(&mut app, KeyCode::Enter);
    assert!(!run.dry_run);
    assert_eq!(run.map.as_deref(), Some("Mejl=email"));
    assert_eq!(
        app.customers.rows[0].email.as_deref(),
        Some("zofia@example.com")
    );
    // A broken option is said in the dialog; nothing runs.
    app.dispatch(Action::Import);
    type_str(&mut app, &format!("{} --encoding", csv.display()));
    press(&mut app, KeyCode::Enter);
    assert!(app.external.is_none());
    assert_eq!(
        import_prompt(&app).error.as_deref(),
        Some("--encoding needs a value")
    );
}
