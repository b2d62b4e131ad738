//! Search snippets: the rows' own letters, their brackets and where the hit is; the most
//! words a search reads.

use super::*;

#[test]
fn search_snippets_keep_the_rows_own_letters_and_brackets() {
    let mut s = mem();
    let anna = add(
        &mut s,
        &NewCustomer {
            notes: "[draft] Große Straße 5, Ærø; ask Þóra about the łódka [sic]".into(),
            ..person("Łucja Żółć-Kowalska")
        },
    );
    let hit = |q: &str| {
        let hits = s.search(q, 10).unwrap();
        assert_eq!(hits.len(), 1, "{q}: {hits:?}");
        assert_eq!(hits[0].customer_id, anna);
        hits[0].snippet.clone()
    };
    assert_eq!(hit("lucja"), "[Łucja] Żółć-Kowalska");
    assert_eq!(hit("zolc"), "Łucja [Żółć]-Kowalska");
    assert_eq!(
        hit("strasse"),
        "[draft] Große [Straße] 5, Ærø; ask Þóra about the łódka…"
    );
    assert_eq!(
        hit("aero"),
        "[draft] Große Straße 5, [Ærø]; ask Þóra about the łódka…"
    );
    assert_eq!(
        hit("thora lodka"),
        "[draft] Große Straße 5, Ærø; ask [Þóra] about the [łódka]…"
    );
    // A `[` of the text is text: only the hit is marked.
    assert_eq!(
        hit("sic"),
        "…Große Straße 5, Ærø; ask Þóra about the łódka [[sic]]"
    );
}

/// Each way of finding says where its hit is in the snippet: a `[1]` the text holds before
/// it is not the hit (the MATCH column, cut around the first `[`, lost the hit).
#[test]
fn search_hits_say_where_their_hit_is() {
    let mut s = mem();
    let anna = add(
        &mut s,
        &NewCustomer {
            notes: "Terms [1] and [2] agreed; the [draft] offer goes out".into(),
            title: Some("Head [ops] of Purchasing".into()),
            ..person("Anna Kowalska")
        },
    );
    let bea = add(
        &mut s,
        &NewCustomer {
            notes: "会议 [1] 在上海展会认识".into(),
            ..person("Bea Li")
        },
    );
    log(
        &mut s,
        &talk(
            anna,
            InteractionKind::Call,
            T0,
            "Quote [1] sent, fleet discount agreed",
        ),
    );
    let hit = |q: &str| {
        let hits = s.search(q, 10).unwrap();
        assert_eq!(hits.len(), 1, "{q}: {hits:?}");
        let h = &hits[0];
        (
            h.field.clone(),
            h.snippet[h.hit.clone().unwrap()].to_string(),
        )
    };
    assert_eq!(hit("offer"), ("profile".into(), "[offer]".into()));
    // In the text's own brackets.
    assert_eq!(hit("draft"), ("profile".into(), "[draft]".into()));
    assert_eq!(hit("discount"), ("call".into(), "[discount]".into()));
    assert_eq!(hit("purchasing"), ("title".into(), "[Purchasing]".into()));
    assert_eq!(hit("展会"), ("profile".into(), "[展会]".into()));
    let hits = s.search("展会", 10).unwrap();
    assert_eq!(
        (hits[0].customer_id, hits[0].snippet.as_str()),
        (bea, "会议 [1] 在上海[展会]认识")
    );
}

/// A search reads at most 16 words: a 17th is refused, naming the limit, where it was left
/// out and hits without it were listed; a name lookup of more words finds no one, where
/// it found whoever had the first 16.
#[test]
fn search_of_more_than_16_words_is_refused() {
    let mut s = mem();
    let sixteen = "one two three four five six seven eight nine ten eleven twelve thirteen \
                   fourteen fifteen sixteen";
    let anna = add(
        &mut s,
        &NewCustomer {
            notes: sixteen.into(),
            ..person("Anna Kowalska")
        },
    );
    let hits = s.search(sixteen, 10).unwrap();
    assert_eq!(
        hits.iter().map(|h| h.customer_id).collect::<Vec<_>>(),
        vec![anna]
    );
    let e = s
        .search(&format!("{sixteen} seventeen"), 10)
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "a search reads at most 16 words, and `one two three four five six seven eight nine \
         ten eleven twel…` has 17; leave out the words that do not narrow it down"
    );
    let names = |q: &str| s.customers_by_name(q, 10).unwrap().len();
    let annas = vec!["anna"; 16].join(" ");
    assert_eq!(names(&annas), 1);
    assert_eq!(names(&format!("{annas} zzz")), 0);
    let filter = |q: &str| {
        s.count_customers(&crate::store::ListFilter {
            name: Some(q.into()),
            ..Default::default()
        })
        .unwrap()
    };
    assert_eq!(filter(&annas), 1);
    assert_eq!(filter(&format!("{annas} zzz")), 0);
}
