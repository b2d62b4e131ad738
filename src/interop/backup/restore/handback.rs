//! A dossier's customer merged into one here as a dossier coming back, the restorer's
//! part: what the file has that was removed here since is not added again, what was removed
//! there goes here too (the three-way merge of [`super::handover`]), conflicts are said, and
//! the customer keeps what the file handed over (`customers.handover`), the base of the next
//! dossier of them that goes back. Also the head of a dossier's block, read before it is.

use std::path::Path;

use rusqlite::params;

use super::super::{CustomerRec, Handover};
use super::handover::{self, Block, NotRemoved};
use super::{Restorer, bad};
use crate::domain::{Customer, CustomerId};
use crate::interop::{ImportError, Incoming};

/// The part of a dossier's block read before it is restored: its version, when it was
/// written, and the digests of its Markdown (each read on its own: one that is none is
/// refused by its name).
#[derive(serde::Deserialize)]
pub(super) struct Head {
    #[serde(default)]
    version: serde_json::Value,
    #[serde(default)]
    written_at: serde_json::Value,
    #[serde(default)]
    markdown: serde_json::Value,
}

impl Head {
    /// The block, and the digests of its Markdown; a field that does not read is refused,
    /// naming it.
    pub(super) fn read(
        self,
        file: &Path,
    ) -> Result<(Block, Option<Vec<crate::interop::dossier::Section>>), ImportError> {
        fn field<T: serde::de::DeserializeOwned>(
            file: &Path,
            name: &str,
            v: serde_json::Value,
        ) -> Result<Option<T>, ImportError> {
            if v.is_null() {
                return Ok(None);
            }
            serde_json::from_value(v)
                .map(Some)
                .map_err(|e| ImportError::Format {
                    file: file.to_path_buf(),
                    message: format!(
                        "{name}: {}; nothing was imported (fix it in the file)",
                        super::stream::in_words(&e.to_string())
                    ),
                })
        }
        let block = Block {
            // (A version that is none is refused by the restore, as a backup's is.)
            version: serde_json::from_value(self.version).unwrap_or(1),
            written_at: field(file, "written_at", self.written_at)?,
        };
        Ok((block, field(file, "markdown", self.markdown)?))
    }
}

/// A customer here as a dossier coming back finds them, before it is merged into them.
pub(super) struct Before {
    block: Block,
    cur: Customer,
    taken: Option<Handover>,
}

impl Before {
    fn here(&self) -> handover::Here<'_> {
        handover::Here {
            uid: &self.cur.uid,
            contacts: &self.cur.contacts,
            tags: &self.cur.tags,
            taken: self.taken.as_ref(),
        }
    }
}

/// What a dossier coming back did to a customer beyond what a merge adds, for their line
/// of the report (see [`crate::interop::import::MergeNote`]).
#[derive(Default)]
pub(super) struct Said {
    pub(super) removed: Vec<String>,
    pub(super) not_added: Vec<String>,
    pub(super) conflicts: Vec<String>,
    pub(super) not_removed: Option<NotRemoved>,
}

impl Restorer<'_> {
    /// Before the record `c` of a dossier is merged into customer `id` (none for a
    /// backup's): the customer as they are, and what `inc` has that was handed over and
    /// removed here since taken out of it (said in `said`).
    pub(super) fn before_hand_back(
        &self,
        id: CustomerId,
        c: &CustomerRec,
        inc: &mut Incoming,
        said: &mut Said,
    ) -> Result<Option<Before>, ImportError> {
        let Some(block) = self.block else {
            return Ok(None);
        };
        let before = Before {
            block,
            cur: self.w.customer(id)?,
            taken: self.taken(id)?,
        };
        let (points, tags) = handover::removed_here(block, c, &before.here());
        inc.contacts.retain(|cp| !points.contains(cp));
        inc.tags.retain(|t| !tags.contains(t));
        said.not_added
            .extend(points.iter().map(handover::point_said));
        said.not_added
            .extend(tags.iter().map(|t| format!("tag {t}")));
        Ok(Some(before))
    }

    /// After record `i` of a dossier, `c`, was merged into customer `id`: removes what was
    /// removed there, says the conflicts, and keeps what the file handed over when it is
    /// newer than what was taken before.
    pub(super) fn after_hand_back(
        &self,
        i: usize,
        id: CustomerId,
        c: &CustomerRec,
        before: &Before,
        said: &mut Said,
    ) -> Result<(), ImportError> {
        let gone = handover::removals(before.block, c, &before.here());
        said.removed = self
            .remove(id, &gone)
            .map_err(|e| bad(self.file, "customers", i, "", e))?;
        said.conflicts = gone.conflicts;
        said.not_removed = gone.not_carried;
        said.conflicts
            .extend(needs_conflict(&before.cur.needs, &c.needs));
        if handover::newer(before.block, c, before.taken.as_ref()) {
            self.hand_over(id.0, &handover::taken(before.block, c))?;
        }
        Ok(())
    }

    /// What the last dossier of customer `id` taken here handed over.
    fn taken(&self, id: CustomerId) -> Result<Option<Handover>, ImportError> {
        let json: Option<String> = self
            .w
            .conn()
            .prepare_cached("SELECT handover FROM customers WHERE id = ?1")?
            .query_row([id.0], |r| r.get(0))?;
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
    }

    /// Keeps what a dossier handed over to customer `id`.
    fn hand_over(&self, id: i64, h: &Handover) -> Result<(), ImportError> {
        self.w
            .conn()
            .prepare_cached("UPDATE customers SET handover = ?1 WHERE id = ?2")?
            .execute(params![handover_json(Some(h)), id])?;
        Ok(())
    }

    /// Removes what a dossier coming back removed from customer `id`; what went, in the
    /// report's words (`phone +48 601 234 567`, `tag vip`).
    fn remove(
        &self,
        id: CustomerId,
        gone: &handover::Removals,
    ) -> crate::store::Result<Vec<String>> {
        if gone.contacts.is_empty() && gone.tags.is_empty() {
            return Ok(Vec::new());
        }
        let p = crate::store::CustomerPatch {
            remove_contacts: gone.contacts.iter().map(|cp| cp.value.clone()).collect(),
            remove_tags: gone.tags.clone(),
            ..Default::default()
        };
        self.w.update_customer(id, &p, self.opts.now)?;
        Ok(gone
            .contacts
            .iter()
            .map(handover::point_said)
            .chain(gone.tags.iter().map(|t| format!("tag {t}")))
            .collect())
    }
}

/// A handover record as the `customers.handover` column keeps it.
pub(super) fn handover_json(h: Option<&Handover>) -> Option<String> {
    h.and_then(|h| serde_json::to_string(h).ok())
}

/// Needs here and in the file that each have lines the other lacks: both are kept (line by
/// line), and the report says so, with the lines of each side the other lacks.
fn needs_conflict(here: &str, there: &str) -> Option<String> {
    let lines = |t: &str| -> Vec<String> {
        t.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    };
    let (here, there) = (lines(here), lines(there));
    let only = |a: &[String], b: &[String]| -> Vec<String> {
        a.iter().filter(|l| !b.contains(l)).cloned().collect()
    };
    let (mine, theirs) = (only(&here, &there), only(&there, &here));
    (!mine.is_empty() && !theirs.is_empty()).then(|| {
        format!(
            "needs differ here and there, both kept: here `{}`, there `{}`",
            mine.join(" / "),
            theirs.join(" / ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::needs_conflict;

    #[test]
    fn needs_conflict_only_when_each_side_has_lines_the_other_lacks() {
        assert_eq!(needs_conflict("", "Invoices by email"), None);
        assert_eq!(needs_conflict("Invoices by email", ""), None);
        // Only added to there, or only here: no conflict.
        assert_eq!(
            needs_conflict("Invoices by email", "Invoices by email\nDelivery by Friday"),
            None
        );
        assert_eq!(
            needs_conflict(
                "Invoices by email\n Delivery by Friday ",
                "Invoices by email"
            ),
            None
        );
        assert_eq!(
            needs_conflict("A\nShared\nB", "Shared\nC"),
            Some("needs differ here and there, both kept: here `A / B`, there `C`".into())
        );
    }
}
