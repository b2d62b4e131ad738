//! `list` filters, orders and windows; `search` over names, notes and follow-ups; org roll-up.

use serde_json::Value;

use super::Rolo;

/// Acme (org) with Anna; Bartek and Celina on their own; contacts, deals and follow-ups spread out.
fn book() -> Rolo {
    let r = Rolo::new();
    r.ok(&["add", "Anna Kowalska", "--org", "Acme", "--tag", "key"]);
    r.ok(&["add", "Bartek Zieliński", "--tag", "key", "--tag", "fleet"]);
    r.ok(&["add", "Celina Wróbel", "--notes", "Prefers calls after 3pm"]);
    r.ok(&[
        "log",
        "anna",
        "call",
        "Quarterly check",
        "--at",
        "2026-11-20",
    ]);
    r.ok(&[
        "log",
        "bartek",
        "meeting",
        "Budget talk",
        "--at",
        "2026-11-01",
        "--notes",
        "budget approved in March",
    ]);
    r.ok(&["deal", "celina", "Big one", "5000", "PLN", "--stage", "won"]);
    r.ok(&[
        "deal",
        "bartek",
        "Small one",
        "100",
        "PLN",
        "--stage",
        "won",
    ]);
    r.ok(&["deal", "anna", "Open one", "999999", "PLN"]);
    r.ok(&["follow", "bartek", "2026-11-25", "Send catalogue"]);
    r.ok(&["follow", "anna", "2026-12-10", "Check in"]);
    r
}

fn names(v: &Value) -> Vec<String> {
    v["customers"]
        .as_array()
        .expect("customers")
        .iter()
        .map(|c| c["name"].as_str().expect("name").to_string())
        .collect()
}

#[test]
fn list_sorts() {
    let r = book();
    let sorted = |by: &str| names(&r.json(&["list", "--sort", by]));
    assert_eq!(
        sorted("name"),
        ["Acme", "Anna Kowalska", "Bartek Zieliński", "Celina Wróbel"]
    );
    // Acme's last contact is Anna's (20 Nov): an organization's is of it or its people.
    assert_eq!(
        sorted("last")[..3],
        ["Anna Kowalska", "Acme", "Bartek Zieliński"]
    );
    // Longest without contact first: never contacted, then 1 Nov, then 20 Nov.
    assert_eq!(
        sorted("oldest"),
        ["Celina Wróbel", "Bartek Zieliński", "Acme", "Anna Kowalska"]
    );
    assert_eq!(sorted("value")[..2], ["Celina Wróbel", "Bartek Zieliński"]);
    // Acme's next step is Anna's (schema v25): beside hers, before by name.
    assert_eq!(
        sorted("next")[..3],
        ["Bartek Zieliński", "Acme", "Anna Kowalska"]
    );
    let v = r.json(&["list", "--sort", "value"]);
    assert_eq!(v["customers"][0]["won_minor"], 500_000);
    assert_eq!(v["customers"][0]["won_currency"], "PLN");
    let v = r.json(&["list", "--sort", "next"]);
    assert_eq!(v["customers"][0]["next_due"], "2026-11-25");
}

#[test]
fn list_filters_and_windows() {
    let r = book();
    let v = r.json(&["list", "--tag", "key"]);
    assert_eq!(v["total"], 2);
    assert_eq!(names(&v), ["Anna Kowalska", "Bartek Zieliński"]);
    assert_eq!(
        names(&r.json(&["list", "--tag", "FLEET"])),
        ["Bartek Zieliński"]
    );
    assert_eq!(names(&r.json(&["list", "--kind", "org"])), ["Acme"]);
    assert_eq!(
        names(&r.json(&["list", "--org", "acme"])),
        ["Anna Kowalska"]
    );
    assert_eq!(
        names(&r.json(&["list", "--name", "wrob"])),
        ["Celina Wróbel"]
    );
    // Due by today: nothing on Monday; Bartek from Wednesday.
    assert_eq!(r.json(&["list", "--due"])["total"], 0);

    let v = r.json(&["list", "--limit", "2", "--offset", "1"]);
    assert_eq!(v["total"], 4);
    assert_eq!(v["offset"], 1);
    assert_eq!(names(&v), ["Anna Kowalska", "Bartek Zieliński"]);
    let v = r.json(&["list", "--limit", "2", "--offset", "3"]);
    assert_eq!(names(&v), ["Celina Wróbel"]);
    let v = r.json(&["list", "--offset", "10"]);
    assert_eq!(v["total"], 4);
    assert!(names(&v).is_empty());
    let out = r.ok(&["list", "--limit", "2", "--offset", "1"]);
    assert!(out.contains("2–3 of 4"), "{out}");
    assert!(out.contains("--offset 3"), "{out}");
    let out = r.ok(&["list", "--tag", "key"]);
    assert!(!out.contains("Celina"), "{out}");
}

/// The hits of `rolo search q --json`.
fn search_hits(r: &Rolo, q: &str) -> Vec<Value> {
    r.json(&["search", q])["hits"]
        .as_array()
        .expect("hits")
        .clone()
}

#[test]
fn search_finds_names_notes_and_follow_ups() {
    let r = book();
    let hits = |q: &str| {
        search_hits(&r, q)
            .iter()
            .map(|h| {
                (
                    h["customer_name"].as_str().expect("name").to_string(),
                    h["field"].as_str().expect("field").to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    let b = "Bartek Zieliński".to_string();
    assert_eq!(hits("budget approved"), [(b.clone(), "meeting".into())]);
    assert_eq!(hits("catalogue"), [(b.clone(), "follow-up".into())]);
    assert_eq!(hits("zielinski"), [(b, "name".into())]);
    assert_eq!(
        hits("wrobel"),
        [("Celina Wróbel".to_string(), "name".to_string())]
    );
    assert_eq!(
        hits("3pm"),
        [("Celina Wróbel".to_string(), "profile".to_string())]
    );
    assert!(hits("nothing-like-this").is_empty());
    let out = r.ok(&["search", "budget"]);
    assert!(
        out.to_lowercase().contains("[budget]") && out.contains("Sun 1 Nov"),
        "{out}"
    );
    let out = r.ok(&["search", "zzzz"]);
    assert!(out.contains("Nothing found"), "{out}");
    // FTS syntax in the input is text, not an error.
    for q in ["\"", "AND", "a*b", "NEAR(", "x-y OR z", "col:val", "^start"] {
        r.ok(&["search", q]);
    }
}

/// Chinese and Japanese write no spaces between words: a word inside a note, a summary, a
/// follow-up or a name is found all the same, marked where it is.
#[test]
fn search_finds_a_word_inside_text_written_without_spaces() {
    let r = Rolo::new();
    r.ok(&[
        "add",
        "王伟",
        "--org",
        "上海贸易有限公司",
        "--notes",
        "在上海展会认识\n需要报价单",
    ]);
    r.ok(&[
        "log",
        "王伟",
        "call",
        "客户要求报价",
        "--notes",
        "下周发送样品目录",
    ]);
    r.ok(&["follow", "王伟", "2026-11-30", "发送报价单给王先生"]);
    r.ok(&[
        "add",
        "山田 太郎",
        "--notes",
        "東京で会った。見積もりを希望",
    ]);
    let hits = |q: &str| {
        search_hits(&r, q)
            .iter()
            .map(|h| {
                format!(
                    "{} {} {}",
                    h["customer_name"].as_str().expect("name"),
                    h["field"].as_str().expect("field"),
                    h["snippet"].as_str().expect("snippet")
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(hits("展会"), ["王伟 profile 在上海[展会]认识 需要报价单"]);
    assert_eq!(
        hits("报价"),
        [
            "王伟 profile 在上海展会认识 需要[报价]单",
            "王伟 call 客户要求[报价]",
            "王伟 follow-up 发送[报价]单给王先生",
        ]
    );
    assert_eq!(hits("样品"), ["王伟 call 下周发送[样品]目录"]);
    assert_eq!(hits("贸易"), ["上海贸易有限公司 name 上海[贸易]有限公司"]);
    // A word starting a run is found by the index, which marks the run, as a prefix.
    assert_eq!(
        hits("見積"),
        ["山田 太郎 profile 東京で会った。[見積もりを希望]"]
    );
    assert_eq!(
        hits("希望"),
        ["山田 太郎 profile 東京で会った。見積もりを[希望]"]
    );
    // A name an import put together from its parts is found as it is written.
    r.ok(&["add", "李 小龍"]);
    assert_eq!(hits("李小龍"), ["李 小龍 name [李 小龍]"]);
    // Every word typed must be there.
    assert_eq!(hits("展会 样品"), Vec::<String>::new());
    assert_eq!(
        hits("上海 报价单"),
        ["王伟 profile 在[上海]展会认识 需要[报价单]"]
    );
}

/// A name written without spaces (Chinese, Japanese, Korean, Thai) is found by any of its
/// letters, side by side, however either is spaced: by `show`, `log`, `list --name` and
/// `search`.
#[test]
fn names_written_without_spaces_are_found_by_any_of_their_letters() {
    let r = Rolo::new();
    for name in ["王小明", "山田 太郎", "김민준", "สมชาย ใจดี", "Anna 王"]
    {
        r.ok(&["add", name]);
    }
    let shown = |q: &str| {
        r.show(q)["customer"]["name"]
            .as_str()
            .expect("name")
            .to_string()
    };
    assert_eq!(shown("小明"), "王小明");
    assert_eq!(shown("山田太郎"), "山田 太郎");
    assert_eq!(shown("太郎"), "山田 太郎");
    assert_eq!(shown("민준"), "김민준");
    assert_eq!(shown("ชาย"), "สมชาย ใจดี");
    assert_eq!(shown("anna 王"), "Anna 王");
    assert_eq!(
        r.refused(&["show", "王"], 2),
        "error: `王` matches 2 customers; pick one by #id or more of the name\n  ID  NAME     ORGANIZATION  EMAIL\n  #5  Anna 王\n  #1  王小明\npick one with its id, e.g. \"#5\" in place of the name\n"
    );
    r.ok(&["log", "小明", "call", "报价"]);
    assert_eq!(r.show("王小明")["history_total"], 1);
    assert_eq!(r.names(&["--name", "田太"]), ["山田 太郎"]);
    let hits = |q: &str| {
        search_hits(&r, q)
            .iter()
            .map(|h| {
                format!(
                    "{} {} {}",
                    h["customer_name"].as_str().expect("name"),
                    h["field"].as_str().expect("field"),
                    h["snippet"].as_str().expect("snippet")
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(hits("小明"), ["王小明 name 王[小明]"]);
    assert_eq!(hits("山田太郎"), ["山田 太郎 name [山田 太郎]"]);
    assert_eq!(hits("민준"), ["김민준 name 김[민준]"]);
}

#[test]
fn show_of_an_organization_rolls_up_its_people() {
    let r = book();
    r.ok(&["add", "Dawid Acme-Man", "--org", "acme"]);
    r.ok(&["log", "dawid", "visit", "Factory tour", "--at", "yesterday"]);
    let v = r.show("acme");
    assert_eq!(v["customer"]["kind"], "org");
    let mut members: Vec<&str> = v["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| m["name"].as_str().expect("name"))
        .collect();
    members.sort_unstable();
    assert_eq!(members, ["Anna Kowalska", "Dawid Acme-Man"]);
    let history: Vec<(&str, &str)> = v["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| {
            (
                h["customer_name"].as_str().expect("name"),
                h["summary"].as_str().expect("summary"),
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            ("Dawid Acme-Man", "Factory tour"),
            ("Anna Kowalska", "Quarterly check")
        ]
    );
    assert_eq!(v["history_total"], 2);
    assert_eq!(v["deals"][0]["title"], "Open one");
    assert_eq!(v["follow_ups"][0]["what"], "Check in");
    let out = r.ok(&["show", "acme"]);
    assert!(out.contains("People (2)"), "{out}");
    assert!(out.contains("Anna Kowalska: Quarterly check"), "{out}");
    assert!(out.contains("Dawid Acme-Man: Factory tour"), "{out}");
}

#[test]
fn an_organization_reads_its_peoples_last_contact_in_lists_show_and_exports() {
    let r = book();
    let v = r.json(&["list", "--sort", "last"]);
    assert_eq!(v["customers"][1]["name"], "Acme");
    assert_eq!(v["customers"][1]["last_contact_at"], "2026-11-20T12:00:00Z");
    let out = r.ok(&["list", "--name", "acme"]);
    let row: Vec<&str> = out
        .lines()
        .nth(1)
        .expect("a row")
        .split_whitespace()
        .collect();
    // Its next step is its people's too (Anna's, schema v25).
    assert_eq!(row, ["#1", "C", "Acme", "3d", "ago", "in", "17d"], "{out}");
    let v = r.show("acme");
    assert_eq!(v["customer"]["last_contact_at"], "2026-11-20T12:00:00Z");
    assert_eq!(v["measures"]["last_contact_at"], "2026-11-20T12:00:00Z");
    let csv = r.ok(&["export", "--format", "csv", "--name", "acme"]);
    let row = csv.lines().nth(1).expect("a row");
    assert!(row.contains(",2026-11-20,3,"), "{row}");
    let dossier = r.ok(&["dossier", "acme"]);
    assert!(
        dossier.contains("\n- last contact: 2026-11-20 (3 days ago)\n"),
        "{dossier}"
    );
}

#[test]
fn list_by_value_is_in_the_tiers_order_and_shows_what_they_rank_by() {
    let r = Rolo::new();
    r.ok(&["add", "Old Big"]);
    r.ok(&["add", "Anna", "--org", "Acme"]);
    r.ok(&["add", "Recent Small"]);
    // Won long ago: more than anyone, but outside the tiers' 12 months (tier C).
    let old = r
        .cmd()
        .env("ROLO_TODAY", "2025-06-01")
        .args(["deal", "old big", "Fleet", "90000", "--stage", "won"])
        .output()
        .expect("run rolo");
    assert!(old.status.success(), "{old:?}");
    r.ok(&["deal", "acme", "Trucks", "2000", "--stage", "won"]);
    r.ok(&["deal", "recent", "Parts", "500", "--stage", "won"]);
    let v = r.json(&["list", "--sort", "value"]);
    let rows: Vec<(&str, &str, Value)> = v["customers"]
        .as_array()
        .expect("customers")
        .iter()
        .map(|c| {
            (
                c["name"].as_str().expect("name"),
                c["tier"].as_str().expect("tier"),
                c["tier_value_minor"].clone(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Acme", "A", Value::from(200_000)),
            ("Anna", "A", Value::from(200_000)),
            ("Recent Small", "B", Value::from(50_000)),
            ("Old Big", "C", Value::Null),
        ]
    );
    let out = r.ok(&["list", "--sort", "value"]);
    let lines: Vec<Vec<&str>> = out
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        lines[..3],
        [
            vec![
                "ID",
                "T",
                "NAME",
                "ORGANIZATION",
                "LAST",
                "NEXT",
                "WON",
                "12MO",
                "TAGS"
            ],
            vec!["#2", "A", "Acme", "never", "—", "2", "000.00", "EUR"],
            // Anna won nothing herself: the 2 000 are Acme's (her account's, which ranks her).
            vec!["#3", "A", "Anna", "Acme", "never", "—", "—"],
        ],
        "{out}"
    );
    let help = r.ok(&["list", "--help"]);
    assert!(help.contains("the last 12 months"), "{help}");
}

#[test]
fn show_by_email_phone_and_id() {
    let r = Rolo::seeded();
    let id = r.customer_id("Anna Kowalska");
    for who in [
        "anna@acme.pl",
        "ANNA@ACME.PL",
        "600 100 200",
        "+48600100200",
        &format!("#{id}"),
        "kowalska anna",
        "kowalská",
    ] {
        assert_eq!(r.show(who)["customer"]["id"], id, "{who}");
    }
}

#[test]
fn list_of_an_empty_database_says_how_to_start() {
    let r = Rolo::new();
    assert_eq!(
        r.ok(&["list"]).trim_end(),
        "No customers yet — rolo add NAME, rolo import FILE, or rolo demo"
    );
    let v = r.json(&["list"]);
    assert_eq!(v["total"], 0);
    assert_eq!(v["customers"], serde_json::json!([]));
    // With customers, a filter that keeps none says just that.
    r.ok(&["add", "Anna Kowalska"]);
    assert_eq!(
        r.ok(&["list", "--name", "zzz"]).trim_end(),
        "No customers match."
    );
    assert_eq!(
        names(&r.json(&["list", "--name", "zzz"])),
        Vec::<String>::new()
    );
}

/// Names in Greek, Cyrillic and Chinese sorted after every Latin one (`Zoe`, then
/// `Νίκος`); they sort by their Latin spelling among the Latin names.
#[test]
fn list_sorts_names_in_other_scripts_by_their_latin_spelling() {
    let r = Rolo::new();
    for name in [
        "Zoe Adams",
        "Νίκος Παπαδόπουλος",
        "Anna Kowalska",
        "Дмитрий Иванов",
        "王伟",
        "Mark Twain",
        "Ψαράς Ευάγγελος",
    ] {
        r.ok(&["add", name]);
    }
    let list = r.json(&["list"]);
    let names: Vec<&str> = list["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Anna Kowalska",
            "Дмитрий Иванов",
            "Mark Twain",
            "Νίκος Παπαδόπουλος",
            "Ψαράς Ευάγγελος",
            "王伟",
            "Zoe Adams"
        ]
    );
}

#[test]
fn show_of_an_organization_says_the_last_contact_its_history_shows() {
    let r = Rolo::new();
    r.ok(&["add", "Anna Kowalska", "--org", "Acme"]);
    r.ok(&["log", "acme", "call", "Board intro", "--at", "2026-10-30"]);
    r.ok(&[
        "log",
        "anna kow",
        "email",
        "Sent the offer",
        "--at",
        "2026-11-18",
    ]);
    let out = r.ok(&["show", "acme"]);
    assert!(out.contains("  rhythm   last contact 5d ago\n"), "{out}");
    assert!(
        out.contains("  Wed 18 Nov  email  out          Anna Kowalska: Sent the offer\n"),
        "{out}"
    );
    // A person's is their own.
    let out = r.ok(&["show", "anna kow"]);
    assert!(out.contains("  rhythm   last contact 5d ago\n"), "{out}");
    r.ok(&["log", "acme", "meeting", "Lunch", "--at", "2026-11-21"]);
    let out = r.ok(&["show", "acme"]);
    assert!(out.contains("  rhythm   last contact 2d ago\n"), "{out}");
}
