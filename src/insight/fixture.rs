//! Test fixtures: a small in-memory store built through the store's own write methods.

#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;

use super::period::{epoch_days, from_epoch_days};
use crate::domain::{
    Currency, CustomerId, CustomerKind, DealId, Direction, FollowUpId, FollowUpStatus,
    InteractionKind, Money, Stage,
};
use crate::store::{CustomerPatch, NewCustomer, NewDeal, NewFollowUp, NewInteraction, Store};

/// Seconds in a day.
pub(crate) const DAY: i64 = 86_400;

/// An in-memory store and a fixed `today`; times are noon UTC of a day.
pub(crate) struct Fx {
    pub store: Store,
    pub today: NaiveDate,
    next_uid: u32,
}

/// Parses `YYYY-MM-DD`.
pub(crate) fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

impl Fx {
    pub fn new(today: &str) -> Fx {
        Fx {
            store: Store::open_in_memory().unwrap(),
            today: date(today),
            next_uid: 0,
        }
    }

    /// Noon UTC, `n` days before today.
    pub fn ago(&self, n: i64) -> i64 {
        (epoch_days(self.today) - n) * DAY + DAY / 2
    }

    /// The date `n` days before today (negative: after).
    pub fn day(&self, n: i64) -> NaiveDate {
        from_epoch_days(epoch_days(self.today) - n)
    }

    fn add(&mut self, name: &str, kind: CustomerKind, org: Option<CustomerId>) -> CustomerId {
        self.next_uid += 1;
        let c = NewCustomer {
            kind,
            name: name.into(),
            org_id: org,
            uid: format!("uid-{}", self.next_uid),
            created_at: self.ago(2000),
            ..NewCustomer::default()
        };
        let at = self.ago(2000);
        self.store
            .change("fixture", at, |w| w.insert_customer(&c))
            .unwrap()
    }

    pub fn person(&mut self, name: &str) -> CustomerId {
        self.add(name, CustomerKind::Person, None)
    }

    pub fn org(&mut self, name: &str) -> CustomerId {
        self.add(name, CustomerKind::Org, None)
    }

    pub fn member(&mut self, name: &str, org: CustomerId) -> CustomerId {
        self.add(name, CustomerKind::Person, Some(org))
    }

    pub fn patch(&mut self, id: CustomerId, p: &CustomerPatch, days_ago: i64) {
        let at = self.ago(days_ago);
        self.store
            .change("fixture", at, |w| w.update_customer(id, p, at))
            .unwrap();
    }

    pub fn cadence(&mut self, id: CustomerId, days: u32) {
        let p = CustomerPatch {
            cadence_days: Some(Some(days)),
            ..CustomerPatch::default()
        };
        self.patch(id, &p, 0);
    }

    /// Logs an interaction `days_ago` days ago at noon.
    pub fn log(
        &mut self,
        c: CustomerId,
        days_ago: i64,
        kind: InteractionKind,
        direction: Direction,
        minutes: Option<u32>,
        rating: Option<u8>,
    ) {
        let at = self.ago(days_ago);
        let i = NewInteraction {
            customer_id: c,
            kind,
            direction,
            occurred_at: at,
            summary: "x".into(),
            notes: String::new(),
            minutes,
            rating,
            deal_id: None,
            created_at: at,
        };
        self.store
            .change("fixture", at, |w| w.insert_interaction(&i))
            .unwrap();
    }

    /// An outbound call `days_ago` days ago.
    pub fn call(&mut self, c: CustomerId, days_ago: i64) {
        self.log(
            c,
            days_ago,
            InteractionKind::Call,
            Direction::Out,
            None,
            None,
        );
    }

    /// A deal created at a stage `created_ago` days ago, optionally moved to `later` at `moved_ago`.
    #[allow(clippy::too_many_arguments)]
    pub fn deal(
        &mut self,
        c: CustomerId,
        minor: i64,
        currency: &str,
        stage: Stage,
        created_ago: i64,
        later: Option<(Stage, i64)>,
        expected_close: Option<NaiveDate>,
    ) -> DealId {
        let at = self.ago(created_ago);
        let d = NewDeal {
            customer_id: c,
            title: "Deal".into(),
            value: Money {
                minor,
                currency: Currency::parse(currency).unwrap(),
            },
            stage,
            probability: stage.default_probability(),
            expected_close,
            created_at: at,
        };
        let id = self
            .store
            .change("fixture", at, |w| w.insert_deal(&d))
            .unwrap();
        if let Some((to, ago)) = later {
            let at = self.ago(ago);
            self.store
                .change("fixture", at, |w| {
                    w.set_deal_stage(
                        id,
                        to,
                        None,
                        chrono::DateTime::from_timestamp(at, 0).unwrap(),
                    )
                })
                .unwrap();
        }
        id
    }

    /// A deal won `closed_ago` days ago, created `created_ago` days ago.
    pub fn won(
        &mut self,
        c: CustomerId,
        minor: i64,
        currency: &str,
        created_ago: i64,
        closed_ago: i64,
    ) -> DealId {
        self.deal(
            c,
            minor,
            currency,
            Stage::Proposal,
            created_ago,
            Some((Stage::Won, closed_ago)),
            None,
        )
    }

    /// An open follow-up due on a day.
    pub fn follow_up(&mut self, c: CustomerId, due: NaiveDate, created_ago: i64) -> FollowUpId {
        let at = self.ago(created_ago);
        let f = NewFollowUp {
            customer_id: c,
            what: "call back".into(),
            due_date: due,
            due_time: None,
            repeat: None,
            interaction_id: None,
            created_at: at,
        };
        self.store
            .change("fixture", at, |w| w.insert_follow_up(&f))
            .unwrap()
    }

    /// Marks a follow-up done `days_ago` days ago.
    pub fn done(&mut self, f: FollowUpId, days_ago: i64) {
        let at = self.ago(days_ago);
        let today = self.day(days_ago);
        self.store
            .change("fixture", at, |w| {
                w.close_follow_up(f, FollowUpStatus::Done, at, today)
            })
            .unwrap();
    }

    /// Moves (snoozes) a follow-up to another day.
    pub fn snooze(&mut self, f: FollowUpId, to: NaiveDate) {
        let at = self.ago(0);
        self.store
            .change("fixture", at, |w| {
                w.move_follow_up(
                    f,
                    to,
                    true,
                    chrono::DateTime::from_timestamp(at, 0).unwrap(),
                )
            })
            .unwrap();
    }
}
