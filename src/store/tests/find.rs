//! Resolving references (name, email, phone, id) and full-text search.

use super::*;

fn names(c: &[crate::store::Candidate]) -> Vec<&str> {
    c.iter().map(|c| c.name.as_str()).collect()
}

/// Acme (org), Anna Kowalska (of Acme), Anna Nowak, Joanna Kowal, Łukasz Żółć,
/// José Müller, Kowalski & Syn (org), Søren Østergaard.
fn people(s: &mut Store) -> Vec<CustomerId> {
    let acme = add(s, &org("Acme"));
    let anna = add(
        s,
        &NewCustomer {
            org_id: Some(acme),
            contacts: vec![phone("+48 600 100 200"), email("Anna@Acme.pl")],
            ..person("Anna Kowalska")
        },
    );
    let mut ids = vec![acme, anna];
    for c in [
        person("Anna Nowak"),
        person("Joanna Kowal"),
        person("Łukasz Żółć"),
        person("José Müller"),
        org("Kowalski & Syn"),
        person("Søren Østergaard"),
    ] {
        ids.push(add(s, &c));
    }
    ids
}

#[test]
fn customers_by_name_matches_word_prefixes_in_any_order() {
    let mut s = mem();
    people(&mut s);
    let find = |q: &str| -> Vec<String> {
        names(&s.customers_by_name(q, 10).unwrap())
            .into_iter()
            .map(String::from)
            .collect()
    };
    assert_eq!(find("anna"), ["Anna Kowalska", "Anna Nowak"]); // not Joanna
    assert_eq!(
        find("kow"),
        ["Anna Kowalska", "Joanna Kowal", "Kowalski & Syn"]
    );
    assert_eq!(find("kow anna"), ["Anna Kowalska"]);
    assert_eq!(find("  ANNA,  Kow "), ["Anna Kowalska"]);
    assert_eq!(find("kowalska nowak"), Vec::<String>::new());
    assert_eq!(find("syn"), ["Kowalski & Syn"]);
    assert_eq!(find("a"), ["Acme", "Anna Kowalska", "Anna Nowak"]);
    assert_eq!(find("zed"), Vec::<String>::new());
}

#[test]
fn customers_by_name_ignores_accents_both_ways() {
    let mut s = mem();
    people(&mut s);
    let find = |q: &str| -> Vec<String> {
        names(&s.customers_by_name(q, 10).unwrap())
            .into_iter()
            .map(String::from)
            .collect()
    };
    for q in ["lukasz", "Łukasz", "ŁUKASZ", "luk zol", "zolc", "Żółć"] {
        assert_eq!(find(q), ["Łukasz Żółć"], "{q}");
    }
    for q in ["jose", "josé", "muller", "müll"] {
        assert_eq!(find(q), ["José Müller"], "{q}");
    }
    for q in ["soren", "søren", "oster", "Øster"] {
        assert_eq!(find(q), ["Søren Østergaard"], "{q}");
    }
}

#[test]
fn customers_by_name_limits_and_tolerates_odd_input() {
    let mut s = mem();
    people(&mut s);
    assert_eq!(
        names(&s.customers_by_name("anna", 1).unwrap()),
        ["Anna Kowalska"]
    );
    for q in [
        "", "   ", ",,;", "\"", "anna\"", "NEAR(", "OR", "kow*", "a:b",
    ] {
        assert!(s.customers_by_name(q, 10).is_ok(), "{q}");
    }
    assert!(s.customers_by_name("", 10).unwrap().is_empty());
    assert_eq!(names(&s.customers_by_name("anna\"", 10).unwrap()).len(), 2);
}

#[test]
fn candidate_carries_what_tells_people_apart() {
    let mut s = mem();
    let ids = people(&mut s);
    let (acme, anna) = (ids[0], ids[1]);
    log(&mut s, &talk(anna, InteractionKind::Call, T0 - DAY, "call"));
    let c = s.customers_by_name("anna kow", 5).unwrap().remove(0);
    assert_eq!(c.id, anna);
    assert_eq!(c.kind, CustomerKind::Person);
    assert_eq!(c.org.as_deref(), Some("Acme"));
    assert_eq!(c.email.as_deref(), Some("Anna@Acme.pl"));
    assert_eq!(c.last_contact_at.map(|t| t.timestamp()), Some(T0 - DAY));
    assert_eq!(s.candidate(anna).unwrap(), Some(c));
    let o = s.candidate(acme).unwrap().unwrap();
    // An organization's last contact is the latest of it and its people.
    assert_eq!(
        (
            o.kind,
            o.org,
            o.email,
            o.last_contact_at.map(|t| t.timestamp())
        ),
        (CustomerKind::Org, None, None, Some(T0 - DAY))
    );
}

#[test]
fn customers_by_email_ignores_case_and_spaces() {
    let mut s = mem();
    let ids = people(&mut s);
    let anna = ids[1];
    let shared = add(
        &mut s,
        &NewCustomer {
            contacts: vec![email("office@acme.pl")],
            ..person("Front Desk")
        },
    );
    s.write(|w| w.add_contact(anna, &email("OFFICE@acme.pl")))
        .unwrap();
    let by = |e: &str| -> Vec<CustomerId> {
        s.customers_by_email(e)
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect()
    };
    assert_eq!(by("anna@acme.pl"), [anna]);
    assert_eq!(by("  ANNA@ACME.PL "), [anna]);
    assert_eq!(by("office@acme.pl"), [anna, shared]);
    assert_eq!(by("anna@acme"), []);
    assert_eq!(by(""), []);
}

#[test]
fn customers_by_phone_with_and_without_country_code() {
    let mut s = mem();
    let anna = add(
        &mut s,
        &NewCustomer {
            contacts: vec![phone("+48 600 100 200")],
            ..person("Anna")
        },
    );
    let bob = add(
        &mut s,
        &NewCustomer {
            contacts: vec![phone("22 555 66 77")],
            ..person("Bob")
        },
    );
    let cleo = add(
        &mut s,
        &NewCustomer {
            contacts: vec![phone("600-100-200"), email("600100200@sms.pl")],
            ..person("Cleo")
        },
    );
    let by = |p: &str| -> Vec<CustomerId> {
        s.customers_by_phone(p)
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect()
    };
    // The same last 9 digits match, with or without +48 / 0048.
    assert_eq!(by("600 100 200"), [anna, cleo]);
    assert_eq!(by("+48 600 100 200"), [anna, cleo]);
    assert_eq!(by("0048 (600) 100-200"), [anna, cleo]);
    assert_eq!(by("48600100200"), [anna, cleo]);
    assert_eq!(by("+1 600 100 200"), [anna, cleo]);
    assert_eq!(by("22 555 66 77"), [bob]);
    // Seven digits or more match as a tail; fewer only exactly.
    assert_eq!(by("5556677"), [bob]);
    assert_eq!(by("556677"), []);
    assert_eq!(by("12"), [], "fewer than 3 digits: no search");
    assert_eq!(by("call me"), []);
}

#[test]
fn search_finds_names_profiles_and_history() {
    let mut s = mem();
    let anna = add(
        &mut s,
        &NewCustomer {
            notes: "plays golf on Fridays".into(),
            needs: "quiet hotel rooms".into(),
            ..person("Anna Kowalska")
        },
    );
    let club = add(&mut s, &org("Golf Partners"));
    let bob = add(&mut s, &person("Bob"));
    let call = log(
        &mut s,
        &NewInteraction {
            notes: "bring the clubs".into(),
            ..talk(bob, InteractionKind::Meeting, T0 - DAY, "golf next week")
        },
    );
    let hits = s.search("golf", 10).unwrap();
    let mut customers: Vec<(CustomerId, &str, &str)> = hits
        .iter()
        .filter(|h| h.interaction_id.is_none())
        .map(|h| (h.customer_id, h.field.as_str(), h.snippet.as_str()))
        .collect();
    customers.sort_unstable();
    assert_eq!(
        customers,
        [
            (anna, "profile", "plays [golf] on Fridays"),
            (club, "name", "[Golf] Partners"),
        ]
    );
    // Profile hits come first, then the history.
    let last = hits.last().unwrap();
    assert_eq!(hits.len(), 3);
    assert_eq!(last.customer_id, bob);
    assert_eq!(last.customer_name, "Bob");
    assert_eq!(last.interaction_id, Some(call));
    assert_eq!(last.field, "meeting");
    assert_eq!(last.snippet, "[golf] next week");
    assert_eq!(last.occurred_at.map(|t| t.timestamp()), Some(T0 - DAY));

    let one = s.search("hotel quiet", 10).unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(
        (one[0].customer_id, one[0].field.as_str()),
        (anna, "profile")
    );
    assert_eq!(one[0].snippet, "[quiet] [hotel] rooms");
    let clubs = s.search("clubs", 10).unwrap();
    assert_eq!(clubs.len(), 1);
    assert_eq!(clubs[0].snippet, "bring the [clubs]");
    // The last word is a prefix; the others whole words.
    assert_eq!(s.search("kowal", 10).unwrap().len(), 1);
    assert_eq!(s.search("kowal anna", 10).unwrap().len(), 0);
    assert_eq!(s.search("golf", 2).unwrap().len(), 2);
    assert!(s.search("", 10).unwrap().is_empty());
    assert!(s.search("\"golf", 10).is_ok());
}

#[test]
fn search_finds_titles_addresses_emails_and_phones() {
    let mut s = mem();
    let anna = add(
        &mut s,
        &NewCustomer {
            title: Some("Operations Manager".into()),
            address: Some("ul. Leśna 26/15, 30-622 Kraków".into()),
            contacts: vec![email("Anna.K@Distribuciones.es"), phone("+34 687 509 655")],
            ..person("Anna Kowalska")
        },
    );
    let bob = add(
        &mut s,
        &NewCustomer {
            title: Some("Office Manager".into()),
            contacts: vec![phone("+48 600 100 200")],
            ..person("Bob")
        },
    );
    let nikos = add(
        &mut s,
        &NewCustomer {
            address: Some("Οδός Ερμού 10, Αθήνα".into()),
            ..person("Nikos")
        },
    );
    let found = |q: &str| -> Vec<(CustomerId, String, String)> {
        s.search(q, 10)
            .unwrap()
            .into_iter()
            .map(|h| (h.customer_id, h.field, h.snippet))
            .collect()
    };
    let hit = |id, field: &str, snippet: &str| (id, field.to_string(), snippet.to_string());
    // Anywhere in the value, accents and case ignored, every word in the same value.
    assert_eq!(
        found("krakow"),
        [hit(anna, "address", "…26/15, 30-622 [Kraków]")]
    );
    assert_eq!(
        found("LESNA krak"),
        [hit(anna, "address", "ul. [Leśna] 26/15, 30-622 [Krak]ów")]
    );
    assert_eq!(
        found("distribuciones"),
        [hit(anna, "email", "Anna.K@[Distribuciones].es")]
    );
    assert_eq!(
        found("manager"),
        [
            hit(anna, "title", "Operations [Manager]"),
            hit(bob, "title", "Office [Manager]"),
        ]
    );
    assert_eq!(
        found("office manager"),
        [hit(bob, "title", "[Office] [Manager]")]
    );
    assert_eq!(
        found("αθηνα"),
        [hit(nikos, "address", "Οδός Ερμού 10, [Αθήνα]")]
    );
    // A phone by its digits however spaced, with or without a trunk 0 or country code.
    assert_eq!(
        found("687 509 655"),
        [hit(anna, "phone", "+34 [687] [509] [655]")]
    );
    assert_eq!(
        found("0687509655"),
        [hit(anna, "phone", "[+34 687 509 655]")]
    );
    assert_eq!(found("+48600100"), [hit(bob, "phone", "[+48 600 100 200]")]);
    // One hit per customer; a name hit is not repeated by the details.
    assert_eq!(found("anna").len(), 1);
    assert_eq!(found("anna")[0].1, "name");
    assert_eq!(found("lesna warszawa"), []);
    assert_eq!(found("%"), []);
    assert_eq!(found("_"), []);
}

#[test]
fn search_finds_follow_ups_open_ones_first() {
    let mut s = mem();
    let anna = add(&mut s, &person("Anna"));
    let bob = add(&mut s, &person("Bob"));
    let done = plan_task(&mut s, &task(anna, "send the brochure", "2026-11-20"));
    plan_task(&mut s, &task(bob, "brochure reprint", "2026-11-26"));
    s.write(|w| w.close_follow_up(done, crate::domain::FollowUpStatus::Done, T0, today()))
        .unwrap();
    let hits = s.search("brochure", 10).unwrap();
    let got: Vec<(CustomerId, &str, &str, Option<InteractionId>)> = hits
        .iter()
        .map(|h| {
            (
                h.customer_id,
                h.field.as_str(),
                h.snippet.as_str(),
                h.interaction_id,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (bob, "follow-up", "[brochure] reprint", None),
            (anna, "follow-up (done)", "send the [brochure]", None),
        ]
    );
}

#[test]
fn fts_words_quotes_every_word_and_makes_the_last_a_prefix() {
    use crate::store::search::fts_words;
    assert_eq!(
        fts_words("Anna  KOW").as_deref(),
        Some("\"anna\" AND \"kow\"*")
    );
    assert_eq!(
        fts_words("\"Łódź\" OR x").as_deref(),
        Some("\"lodz\" AND \"or\" AND \"x\"*")
    );
    // The customer index also has the Latin spelling of names, matched loosely.
    assert_eq!(
        crate::store::search::fts_customer_words("Anna Dmitry").as_deref(),
        Some("(\"anna\" OR latin : \"ana\"*) AND (\"dmitry\"* OR latin : \"dmitri\"*)")
    );
    assert_eq!(fts_words(" ,; "), None);
}

#[test]
fn search_ignores_accents_in_notes() {
    let mut s = mem();
    let anna = add(
        &mut s,
        &NewCustomer {
            notes: "office in Łódź".into(),
            ..person("Anna")
        },
    );
    for q in ["lodz", "Łódź", "ŁÓDŹ"] {
        let hits = s.search(q, 10).unwrap();
        assert_eq!(hits.len(), 1, "{q}");
        assert_eq!(hits[0].customer_id, anna);
        // The snippet is in the note's own letters, not the index's `Lódź`.
        assert_eq!(hits[0].snippet, "office in [Łódź]");
    }
}

#[test]
fn the_snippet_letters_match_the_content_views_spelling() {
    let mut s = mem();
    // Every letter the views respell, each next to an ordinary one.
    let letters = "łaŁbøcØdßeẞfægÆhœiŒjđkĐlðmÐnþoÞpħqĦrısŀtĿuŧvŦwŉx";
    let id = add(
        &mut s,
        &NewCustomer {
            notes: letters.into(),
            ..person("Anna")
        },
    );
    let read: String = s
        .conn()
        .query_row(
            "SELECT notes FROM customers_fts_src WHERE id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(read, crate::store::search::index_spelling_of(letters));
}

#[test]
fn customers_by_other_name_finds_a_merged_namesake_in_the_notes() {
    let mut s = mem();
    people(&mut s);
    let zofia = add(
        &mut s,
        &NewCustomer {
            notes: "Prefers mornings\nAlso known as: Zofia Wiśniewska-Nowak\nMet Janek at the fair"
                .into(),
            ..person("Zofia Kamińska")
        },
    );
    add(
        &mut s,
        &NewCustomer {
            notes: "Wiśniewska's assistant".into(),
            ..person("Ola Kot")
        },
    );
    let found = |q: &str| -> Vec<(CustomerId, Option<String>)> {
        s.customers_by_other_name(q, 3)
            .unwrap()
            .into_iter()
            .map(|c| (c.id, c.aka))
            .collect()
    };
    let aka = Some("Zofia Wiśniewska-Nowak".to_string());
    // Word prefixes in any order, accents ignored, as names are looked up.
    assert_eq!(found("wisniewska"), [(zofia, aka.clone())]);
    assert_eq!(found("nowak zof"), [(zofia, aka)]);
    // Words elsewhere in the notes, or split over lines, are not another name.
    assert!(found("janek").is_empty());
    assert!(found("zofia janek").is_empty());
    assert!(found("mornings").is_empty());
    assert!(found("").is_empty());
}

#[test]
fn other_names_and_word_prefixes() {
    use crate::domain::text::{other_names, words_start_words};
    let notes = "x\n  Also known as: 李小龍 \nAlso known as:\nalso known as: lower";
    assert_eq!(other_names(notes).collect::<Vec<_>>(), ["李小龍"]);
    assert!(words_start_words("kow ann", "Anna Kowalska"));
    assert!(words_start_words("ZOLC", "Łukasz Żółć"));
    assert!(!words_start_words("owal", "Anna Kowalska"));
    assert!(!words_start_words("  ", "Anna Kowalska"));
}

#[test]
fn customers_by_name_reads_a_company_written_with_dots_as_typed_without() {
    let mut s = mem();
    people(&mut s);
    let budimex = add(&mut s, &org("Budimex S.A."));
    let spzoo = add(&mut s, &org("Acme Sp. z o.o."));
    let ids = |q: &str| -> Vec<CustomerId> {
        s.customers_by_name(q, 10)
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect()
    };
    assert_eq!(ids("budimex sa"), [budimex]);
    assert_eq!(ids("BUDIMEX S.A"), [budimex]);
    assert_eq!(ids("acme sp z oo"), [spzoo]);
    // Word prefixes still come first, and letters must start the name.
    assert_eq!(ids("budimex s"), [budimex]);
    assert!(ids("imex sa").is_empty());
    assert!(ids("budimex sp").is_empty());
}
