//! Refresh tests: each kind of change is picked up, and an incremental refresh always leaves
//! the same tables as a rebuild from scratch.

use super::*;
use crate::domain::{CustomerId, Stage};
use crate::insight::fixture::Fx;
use crate::insight::risk::tests::store;
use crate::store::CustomerPatch;

/// Every cached table as text, sorted.
fn snapshot(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT account_id, tier, revenue_minor FROM account_tiers ORDER BY 1",
        "SELECT customer_id, account_id, tier FROM customer_tiers ORDER BY 1",
        "SELECT account_id, contact_days, usual_gap_days, ratings, rating_avg, rating_recent,
                rating_earlier FROM account_history ORDER BY 1",
        "SELECT account_id, name, kind, tier, revenue_minor, score, cold, at_risk, review, no_next_step,
                last_contact_at, next_due, days_since, rhythm_days, rhythm_source, sat_from, sat_to,
                stuck_deal_id, stuck_title, stuck_stage, stuck_days FROM account_risk ORDER BY 1",
        "SELECT tier_summary FROM insight_stamp",
    ] {
        let mut stmt = store.conn().prepare(sql).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cols: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect();
                Ok(cols.join("|"))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

/// Refreshes, checks the mode, and checks the result equals a rebuild.
fn refresh_matches_rebuild(fx: &mut Fx, cfg: &InsightConfig, expected: RefreshMode) -> Refreshed {
    let r = refresh(&mut fx.store, fx.today, cfg).unwrap();
    assert_eq!(r.mode, expected);
    let incremental = snapshot(&fx.store);
    rebuild(&mut fx.store, fx.today, cfg).unwrap();
    assert_eq!(incremental, snapshot(&fx.store));
    r
}

#[test]
fn cache_is_fresh_until_something_changes() {
    let (mut fx, _) = store();
    let cfg = InsightConfig::default();
    assert_eq!(
        refresh(&mut fx.store, fx.today, &cfg).unwrap().mode,
        RefreshMode::Full
    );
    assert_eq!(
        refresh(&mut fx.store, fx.today, &cfg).unwrap().mode,
        RefreshMode::Fresh
    );
    check_fresh(fx.store.conn(), fx.today, &cfg).unwrap();
    // Another configuration rebuilds everything.
    let other = InsightConfig {
        window_months: 6,
        ..InsightConfig::default()
    };
    assert!(check_fresh(fx.store.conn(), fx.today, &other).is_err());
    assert_eq!(
        refresh(&mut fx.store, fx.today, &other).unwrap().mode,
        RefreshMode::Full
    );
}

#[test]
fn cache_incremental_refreshes_equal_rebuilds() {
    let (mut fx, [acme, ann, bob, vip, zed, yan, pia, nil]) = store();
    let cfg = InsightConfig::default();
    refresh(&mut fx.store, fx.today, &cfg).unwrap();

    // A contact: one account, no tier change.
    fx.call(nil, 2);
    let r = refresh_matches_rebuild(&mut fx, &cfg, RefreshMode::Incremental);
    assert!(!r.tiers);

    // A rating that makes satisfaction fall.
    for (d, rating) in [(30, 5), (20, 5), (10, 1), (1, 1)] {
        fx.log(
            vip,
            d,
            crate::domain::InteractionKind::Call,
            crate::domain::Direction::In,
            None,
            Some(rating),
        );
    }
    refresh_matches_rebuild(&mut fx, &cfg, RefreshMode::Incremental);

    // A deal won: tiers move (Pia's 6000 EUR makes her the biggest account).
    fx.won(pia, 6000, "EUR", 30, 1);
    let r = refresh_matches_rebuild(&mut fx, &cfg, RefreshMode::Incremental);
    assert!(r.tiers);

    // A stage change, a follow-up, a done follow-up, a cadence.
    let d = fx.deal(yan, 100, "EUR", Stage::Qualified, 90, None, None);
    let now = fx.ago(0);
    fx.store
        .change("move", now, |w| {
            w.set_deal_stage(
                d,
                Stage::Proposal,
                None,
                chrono::DateTime::from_timestamp(now, 0).unwrap(),
            )
        })
        .unwrap();
    let f = fx.follow_up(acme, fx.day(-3), 0);
    refresh_matches_rebuild(&mut fx, &cfg, RefreshMode::Incremental);
    fx.done(f, 0);
    fx.cadence(bob, 7);
    refresh_matches_rebuild(&mut fx, &cfg, RefreshMode::Incremental);

    // A rename shows in the risk list.
    let p = CustomerPatch {
        name: Some("Acme Ltd".into()),
        ..CustomerPatch::default()
    };
    fx.patch(acme, &p, 0);
    let r = refresh_matches_rebuild(&mut fx, &cfg, RefreshMode::Incremental);
    assert!(!r.tiers);

    // A person moves to another organization: both accounts change.
    let beta = fx.org("Beta");
    let p = CustomerPatch {
        org_id: Some(Some(beta)),
        ..CustomerPatch::default()
    };
    fx.patch(ann, &p, 0);
    let r = refresh_matches_rebuild(&mut fx, &cfg, RefreshMode::Incremental);
    assert!(r.tiers);

    // A person leaves their organization and becomes an account of their own.
    let p = CustomerPatch {
        org_id: Some(None),
        ..CustomerPatch::default()
    };
    fx.patch(bob, &p, 0);
    refresh_matches_rebuild(&mut fx, &cfg, RefreshMode::Incremental);

    // Undo, twice, including a change an earlier refresh had already seen.
    fx.store.undo(0).unwrap().unwrap();
    refresh_matches_rebuild(&mut fx, &cfg, RefreshMode::Incremental);
    fx.store.undo(0).unwrap().unwrap();
    fx.store.undo(0).unwrap().unwrap();
    refresh_matches_rebuild(&mut fx, &cfg, RefreshMode::Incremental);

    // A new day: everything that depends on today moves.
    fx.today = fx.day(-40);
    let r = refresh_matches_rebuild(&mut fx, &cfg, RefreshMode::Incremental);
    assert!(r.tiers);
    let _ = (zed, CustomerId(0));
}

#[test]
fn cache_sees_unjournaled_bulk_loads() {
    let (mut fx, [_, ann, ..]) = store();
    let cfg = InsightConfig::default();
    refresh(&mut fx.store, fx.today, &cfg).unwrap();
    let at = fx.ago(0);
    fx.store
        .bulk(None, |w| {
            w.conn().execute(
                "INSERT INTO interactions(customer_id, kind, occurred_at, created_at) VALUES (?1, 'call', ?2, ?2)",
                rusqlite::params![ann.0, at],
            )?;
            Ok(())
        })
        .unwrap();
    refresh_matches_rebuild(&mut fx, &cfg, RefreshMode::Incremental);
    // A big load rebuilds everything.
    fx.store
        .bulk(None, |w| {
            for _ in 0..=MAX_CHANGED_ROWS {
                w.conn().execute(
                    "INSERT INTO interactions(customer_id, kind, occurred_at, created_at) VALUES (?1, 'email', ?2, ?2)",
                    rusqlite::params![ann.0, at],
                )?;
            }
            Ok(())
        })
        .unwrap();
    refresh_matches_rebuild(&mut fx, &cfg, RefreshMode::Full);
}

#[test]
fn cache_follows_an_import_incrementally_and_rebuilds_after_its_undo() {
    // An import (journaled bulk: its new rows are a range, not ops) adds a person to the
    // Acme account with a recent call: incremental; undoing it takes rows whose accounts
    // are no longer known: a full rebuild. Both must equal a rebuild from scratch.
    let (mut fx, [acme, ..]) = store();
    let cfg = InsightConfig::default();
    refresh(&mut fx.store, fx.today, &cfg).unwrap();
    let at = fx.ago(1);
    fx.store
        .bulk(Some(("import", at)), |w| {
            w.conn().execute(
                "INSERT INTO customers(kind, name, org_id, uid, created_at, updated_at)
                 VALUES ('person', 'Newcomer', ?1, 'uid-newcomer', ?2, ?2)",
                rusqlite::params![acme.0, at],
            )?;
            let id = w.conn().last_insert_rowid();
            w.conn().execute(
                "INSERT INTO interactions(customer_id, kind, occurred_at, created_at) VALUES (?1, 'call', ?2, ?2)",
                rusqlite::params![id, at],
            )?;
            Ok(())
        })
        .unwrap();
    refresh_matches_rebuild(&mut fx, &cfg, RefreshMode::Incremental);
    fx.store.undo(0).unwrap().unwrap();
    refresh_matches_rebuild(&mut fx, &cfg, RefreshMode::Full);
}

#[test]
fn cache_rejects_a_bad_config() {
    let (mut fx, _) = store();
    let cfg = InsightConfig {
        window_months: 0,
        ..InsightConfig::default()
    };
    let err = refresh(&mut fx.store, fx.today, &cfg).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tier window (months) `0` is out of range; use 1 to 120"
    );
}
