//! The measure columns of the CSV export, worked out by one grouped pass over each history
//! table (follow-ups, interactions, deals) keyed by customer, then rolled up: a person's row
//! reads their own sums, an organization's the sums of it and its people added together.
//!
//! Each row used to count its history by correlated subqueries, an organization's over it and
//! its people, so every person's history was read twice: once for their row and once for
//! their organization's (100k demo with 1M interactions: 3.0 s for the export).

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, OptionalExtension};

/// What a row's measure columns count: one customer's history, or an organization's with
/// that of its people.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Measures {
    /// Open follow-ups.
    pub open_fu: i64,
    /// Interactions that are not notes.
    pub contacts: i64,
    /// Of those, since the start of the 90 days.
    pub contacts_90: i64,
    /// The sum of the ratings given and how many (ratings are integers 1 to 5; the sum is
    /// read as a number so that one another program stored as a fraction is kept).
    ratings: f64,
    rated: i64,
    /// Per currency code (in code order): won and open sums in minor units (`None`: no such
    /// deal), as the export's `money_cells` reads them.
    deals: BTreeMap<String, (Option<i64>, Option<i64>)>,
    /// Open deals.
    pub open_deals: i64,
}

impl Measures {
    fn add(&mut self, other: &Measures) {
        self.open_fu += other.open_fu;
        self.contacts += other.contacts;
        self.contacts_90 += other.contacts_90;
        self.ratings += other.ratings;
        self.rated += other.rated;
        self.open_deals += other.open_deals;
        for (code, &(won, open)) in &other.deals {
            let sums = self.deals.entry(code.clone()).or_default();
            sums.0 = add_sum(sums.0, won);
            sums.1 = add_sum(sums.1, open);
        }
    }

    /// The won (`false`) or open (`true`) sums as `EUR:23260000;USD:19290000`, by code;
    /// `None` without such deals.
    pub fn money(&self, open: bool) -> Option<String> {
        let parts: Vec<String> = self
            .deals
            .iter()
            .filter_map(|(code, &(won, o))| {
                if open { o } else { won }.map(|minor| format!("{code}:{minor}"))
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join(";"))
    }

    /// The mean rating to two places, as `round(avg(rating), 2)` gives it over the same
    /// interactions (`SQLite` rounds, so that the cell is what it always was); `None` unrated.
    pub fn rating(&self, conn: &Connection) -> rusqlite::Result<Option<f64>> {
        if self.rated == 0 {
            return Ok(None);
        }
        conn.prepare_cached("SELECT round(?1 / ?2, 2)")?
            .query_row(rusqlite::params![self.ratings, self.rated], |r| r.get(0))
            .optional()
            .map(Option::flatten)
    }
}

/// Sums two sums of which either may be missing (SQL's `sum` over no row is `NULL`).
fn add_sum(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a + b),
        (a, b) => a.or(b),
    }
}

/// Every customer's own measures, and the customers directly in each organization (one
/// within another included, without its own people), each once: from one grouped pass over
/// each history table. `since_90` is the start of the 90 days (a timestamp).
pub(super) struct Rollup {
    own: HashMap<i64, Measures>,
    members: HashMap<i64, Vec<i64>>,
}

impl Rollup {
    /// The measures of every customer, or with `only` of those customers and the people of
    /// the organizations among them: a filtered export (`--org`, `--tag`) reads their history
    /// by its index, not the whole history of the file (6 customers of a 100k demo: 0.6 s
    /// for the whole pass).
    pub fn load(
        conn: &Connection,
        since_90: i64,
        only: Option<&[i64]>,
    ) -> rusqlite::Result<Rollup> {
        // `?9`: the customers as a JSON array, when only some.
        let scope = |column: &str| {
            only.map_or(String::new(), |_| {
                format!(" AND {column} IN (SELECT value FROM json_each(?9))")
            })
        };
        let ids_of = |ids: &[i64]| serde_json::Value::from(ids).to_string();
        // Runs `sql` with the start of the 90 days as ?1 (`since`) and `ids` as ?9, `f` on
        // each row.
        let each = |sql: &str,
                    since: bool,
                    ids: Option<&str>,
                    f: &mut dyn FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<()>|
         -> rusqlite::Result<()> {
            let mut stmt = conn.prepare(sql)?;
            if since {
                stmt.raw_bind_parameter(1, since_90)?;
            }
            if let Some(ids) = ids {
                stmt.raw_bind_parameter(9, ids)?;
            }
            let mut rows = stmt.raw_query();
            while let Some(r) = rows.next()? {
                f(r)?;
            }
            Ok(())
        };
        let mut members: HashMap<i64, Vec<i64>> = HashMap::new();
        each(
            &format!(
                "SELECT p.org_id, p.id FROM customers p JOIN customers o ON o.id = p.org_id
                 WHERE o.kind = 'org' AND p.id <> o.id{}",
                scope("p.org_id")
            ),
            false,
            only.map(ids_of).as_deref(),
            &mut |r| {
                members.entry(r.get(0)?).or_default().push(r.get(1)?);
                Ok(())
            },
        )?;
        // The customers asked for and the people of the organizations among them.
        let ids = only.map(|ids| {
            let mut all: Vec<i64> = ids
                .iter()
                .chain(members.values().flatten())
                .copied()
                .collect();
            all.sort_unstable();
            all.dedup();
            ids_of(&all)
        });
        let ids = ids.as_deref();
        let mut own: HashMap<i64, Measures> = HashMap::new();
        each(
            &format!(
                "SELECT customer_id, count(*) FROM follow_ups WHERE status = 'open'{}
                 GROUP BY customer_id",
                scope("customer_id")
            ),
            false,
            ids,
            &mut |r| {
                own.entry(r.get(0)?).or_default().open_fu = r.get(1)?;
                Ok(())
            },
        )?;
        each(
            &format!(
                "SELECT customer_id, count(CASE WHEN kind <> 'note' THEN 1 END),
                   count(CASE WHEN kind <> 'note' AND occurred_at >= ?1 THEN 1 END),
                   coalesce(sum(rating), 0), count(rating)
                 FROM interactions WHERE 1{} GROUP BY customer_id",
                scope("customer_id")
            ),
            true,
            ids,
            &mut |r| {
                let m = own.entry(r.get(0)?).or_default();
                m.contacts = r.get(1)?;
                m.contacts_90 = r.get(2)?;
                m.ratings = r.get(3)?;
                m.rated = r.get(4)?;
                Ok(())
            },
        )?;
        each(
            &format!(
                "SELECT customer_id, currency,
                   sum(CASE WHEN stage = 'won' THEN value_minor END),
                   sum(CASE WHEN closed_at IS NULL AND stage NOT IN ('won', 'lost') THEN value_minor END),
                   count(CASE WHEN closed_at IS NULL AND stage NOT IN ('won', 'lost') THEN 1 END)
                 FROM deals WHERE 1{} GROUP BY customer_id, currency",
                scope("customer_id")
            ),
            false,
            ids,
            &mut |r| {
                let m = own.entry(r.get(0)?).or_default();
                m.open_deals += r.get::<_, i64>(4)?;
                let sums = (r.get(2)?, r.get(3)?);
                if let Some(code) = r.get::<_, Option<String>>(1)?
                    && sums != (None, None)
                {
                    m.deals.insert(code, sums);
                }
                Ok(())
            },
        )?;
        Ok(Rollup { own, members })
    }

    /// The measures of customer `id`'s row: its own, and an organization's people's added.
    pub fn of(&self, id: i64, is_org: bool) -> Measures {
        let mut m = self.own.get(&id).cloned().unwrap_or_default();
        if is_org {
            for p in self.members.get(&id).into_iter().flatten() {
                if let Some(theirs) = self.own.get(p) {
                    m.add(theirs);
                }
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Acme (1) with Anna (2) and Bau (3), an organization within it with Bob (4) in it;
    /// Solo (5), an organization in itself. Tables with the columns the rollup reads only.
    fn conn() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE TABLE customers(id INTEGER PRIMARY KEY, kind TEXT, org_id INTEGER);
             CREATE TABLE follow_ups(customer_id INTEGER, status TEXT);
             CREATE TABLE interactions(customer_id INTEGER, kind TEXT, occurred_at INTEGER, rating INTEGER);
             CREATE TABLE deals(customer_id INTEGER, currency TEXT, stage TEXT, value_minor INTEGER, closed_at INTEGER);
             INSERT INTO customers VALUES (1, 'org', NULL), (2, 'person', 1), (3, 'org', 1),
               (4, 'person', 3), (5, 'org', 5);
             INSERT INTO follow_ups VALUES (1, 'open'), (2, 'open'), (2, 'done'), (4, 'open'), (5, 'open');
             INSERT INTO interactions VALUES (1, 'call', 100, 3), (2, 'note', 200, 4), (2, 'email', 50, 4),
               (3, 'call', 300, 4), (4, 'call', 300, 4), (5, 'call', 10, 5);
             INSERT INTO deals VALUES (1, 'PLN', 'won', 500, 1), (2, 'EUR', 'won', 700, 1),
               (2, 'PLN', 'proposal', 300, NULL), (3, 'PLN', 'won', 900, 1), (4, 'USD', 'won', 50, 1),
               (5, 'EUR', 'lost', 10, 1);",
        )
        .unwrap();
        c
    }

    #[test]
    fn rollup_counts_an_organization_with_the_customers_directly_in_it_once() {
        let c = conn();
        let r = Rollup::load(&c, 100, None).unwrap();
        let row = |id, is_org| {
            let m = r.of(id, is_org);
            (
                [m.open_fu, m.contacts, m.contacts_90, m.open_deals],
                m.rating(&c).unwrap(),
                m.money(false),
                m.money(true),
            )
        };
        // Acme: it, Anna and Bau; not Bob, who is Bau's. Ratings 3, 4, 4, 4: 3.75.
        assert_eq!(
            row(1, true),
            (
                [2, 3, 2, 1],
                Some(3.75),
                Some("EUR:700;PLN:1400".into()),
                Some("PLN:300".into())
            )
        );
        assert_eq!(
            row(2, false),
            (
                [1, 1, 0, 1],
                Some(4.0),
                Some("EUR:700".into()),
                Some("PLN:300".into())
            )
        );
        assert_eq!(
            row(3, true),
            ([1, 2, 2, 0], Some(4.0), Some("PLN:900;USD:50".into()), None)
        );
        // Solo is in itself: counted once; a lost deal is neither won nor open.
        assert_eq!(row(5, true), ([1, 1, 0, 0], Some(5.0), None, None));
    }

    #[test]
    fn rollup_of_some_customers_reads_them_and_their_people_alone() {
        let c = conn();
        let all = Rollup::load(&c, 100, None).unwrap();
        // Acme asked for: its people's history comes with it (not Bob's: Bau's).
        let acme = Rollup::load(&c, 100, Some(&[1])).unwrap();
        assert_eq!(acme.of(1, true), all.of(1, true));
        let mut read: Vec<i64> = acme.own.keys().copied().collect();
        read.sort_unstable();
        assert_eq!(read, [1, 2, 3]);
        // A person alone, and Solo, an organization in itself.
        let some = Rollup::load(&c, 100, Some(&[4, 5])).unwrap();
        assert_eq!(some.of(4, false), all.of(4, false));
        assert_eq!(some.of(5, true), all.of(5, true));
        assert_eq!(some.of(2, false), Measures::default());
    }

    #[test]
    fn rating_rounds_a_mean_half_up_as_sqlite_does() {
        let c = Connection::open_in_memory().unwrap();
        // 29 / 8 = 3.625 exactly, a tie: SQLite's round takes it up, as the export always did.
        let m = Measures {
            ratings: 29.0,
            rated: 8,
            ..Measures::default()
        };
        assert_eq!(m.rating(&c).unwrap(), Some(3.63));
        assert_eq!(Measures::default().rating(&c).unwrap(), None);
    }
}
