//! A restore's people and their organizations: linked once all customers are in, each
//! organization found among the file's or already here, once per restore (a backup of many
//! people in few organizations looks each up and checks its kind once, not per person).

use rusqlite::{OptionalExtension, params};

use super::{Restorer, bad};
use crate::interop::ImportError;
use crate::interop::text::shown;

impl Restorer<'_> {
    /// Links the people created to their organizations: once, after the last customer (an
    /// organization may come after its people).
    pub(super) fn link_orgs(&mut self) -> Result<(), ImportError> {
        if self.orgs.is_empty() && self.org_fills.is_empty() && self.org_sets.is_empty() {
            return Ok(());
        }
        // A row this restore wrote already (created, or merged into) has its image from
        // before in the undo journal: linking it is no second image of it.
        let imaged = self.w.imaged_customers()?;
        for (i, id, org) in std::mem::take(&mut self.orgs) {
            let org_id = self.org_here(i, &org)?;
            self.update_row(
                &imaged,
                id,
                "UPDATE customers SET org_id = ?1 WHERE id = ?2",
                params![org_id, id],
            )?;
        }
        // A person merged into gets the organization only when they have none (fill empty
        // fields): a customer who has one keeps it.
        for (i, id, org, note) in std::mem::take(&mut self.org_fills) {
            let org_id = self.org_here(i, &org)?;
            let filled = self.update_row(
                &imaged,
                id,
                "UPDATE customers SET org_id = ?1, updated_at = ?3
                 WHERE id = ?2 AND org_id IS NULL AND kind = 'person' AND id <> ?1",
                params![org_id, id, self.opts.now.timestamp()],
            )?;
            if filled == 1
                && let Some(m) = self.report.changed_line(note)
            {
                m.added.push("organization".into());
            }
        }
        for (i, id, org, note) in std::mem::take(&mut self.org_sets) {
            let org_id = self.org_here(i, &org)?;
            let set = self.update_row(
                &imaged,
                id,
                "UPDATE customers SET org_id = ?1, updated_at = ?3
                 WHERE id = ?2 AND org_id IS NOT ?1 AND id <> ?1",
                params![org_id, id, self.opts.now.timestamp()],
            )?;
            if set == 1
                && let Some(m) = self.report.changed_line(note)
            {
                let name: String = self
                    .w
                    .conn()
                    .prepare_cached("SELECT name FROM customers WHERE id = ?1")?
                    .query_row([org_id], |r| r.get(0))?;
                m.taken.push(format!("organization → {name}"));
            }
        }
        Ok(())
    }

    /// Runs `sql`, an update of customer `id`'s row, journaled unless `imaged` (the rows
    /// this change journaled already) holds it; how many rows it changed.
    fn update_row(
        &self,
        imaged: &std::collections::HashSet<i64>,
        id: i64,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<usize, ImportError> {
        let run = || Ok(self.w.conn().prepare_cached(sql)?.execute(params)?);
        Ok(if imaged.contains(&id) {
            self.w.unjournaled(run)?
        } else {
            run()?
        })
    }

    /// The id here of the organization whose UID record `i` names, found and checked once
    /// per restore.
    fn org_here(&mut self, i: usize, org: &str) -> Result<i64, ImportError> {
        if let Some(&id) = self.org_ids.get(org) {
            return Ok(id);
        }
        let conn = self.w.conn();
        let row = |r: &rusqlite::Row<'_>| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, crate::domain::CustomerKind>(1)?,
            ))
        };
        let found = match self.ids.get(org) {
            Some(&(o, _)) => conn
                .prepare_cached("SELECT id, kind FROM customers WHERE id = ?1")?
                .query_row([o], row)
                .optional()?,
            None => conn
                .prepare_cached("SELECT id, kind FROM customers WHERE uid = ?1")?
                .query_row([org], row)
                .optional()?,
        };
        // Only an organization has people (a person named there, or the customer itself,
        // would make a person their own organization's member, or an organization's).
        let (id, kind) = found.ok_or_else(|| {
            bad(
                self.file,
                "customers",
                i,
                "org",
                format!("organization `{}` is not in the file", shown(org)),
            )
        })?;
        if kind != crate::domain::CustomerKind::Org {
            return Err(bad(
                self.file,
                "customers",
                i,
                "org",
                format!(
                    "`{}` is a person, not an organization; only an organization has people",
                    shown(org)
                ),
            ));
        }
        self.org_ids.insert(org.to_string(), id);
        Ok(id)
    }
}
