//! A dossier's customer merged into one here as a dossier coming back, the restorer's
//! part: what the file has that was removed here since is not added again, what was removed
//! there goes here too (the three-way merge of [`super::handover`]), the single-valued
//! fields merge three-way ([`super::profile`]), conflicts are said (once), and the customer
//! keeps what the file handed over (`customers.handover`), the base of the next dossier of
//! them that goes back. The customer's row is read once and its fields written once; what
//! they keep is written once, at the end of the restore, with the conflicts said (those of
//! their history are found after them).

use super::super::{CustomerRec, Field, Fields, Handover};
use super::handover::{self, NotRemoved, taken};
use super::{Restorer, bad, profile};
use crate::domain::{Customer, CustomerId};
use crate::interop::apply::added;
use crate::interop::text::{OtherValue, also_known_as};
use crate::interop::{ImportError, Incoming};
use crate::store::{Change, ChangedField, CustomerPatch};
pub(super) use profile::Org;

/// What a dossier coming back did to a customer beyond what a merge adds, for their line
/// of the report (see [`crate::interop::import::MergeNote`]).
#[derive(Default)]
pub(super) struct Said {
    /// What becomes of a person's organization (linked once every customer is in).
    pub(super) org: profile::Org,
    pub(super) taken: Vec<String>,
    pub(super) removed: Vec<String>,
    pub(super) not_added: Vec<String>,
    pub(super) conflicts: Vec<String>,
    pub(super) not_removed: Option<NotRemoved>,
    /// Whether the notes took the value there of a conflict (said with the conflict).
    pub(super) in_notes: bool,
    /// A file older than the dossier of them taken here before, whose fields differ from
    /// this side's (none is taken): in words.
    pub(super) older: Option<String>,
}

impl Restorer<'_> {
    /// Merges record `i` of the file, `c` (as `inc`), into customer `id`: read once,
    /// written once. A dossier's is merged as one coming back: what it has that was handed
    /// over and removed here since is not added again, what was removed there goes here
    /// too, a field changed only there is taken, conflicts are said (in `said`), and the
    /// customer keeps what the file handed over when it is newer than what was taken
    /// before. What the merge added, in the report's words.
    pub(super) fn merge_record(
        &mut self,
        i: usize,
        id: CustomerId,
        c: &CustomerRec,
        inc: &mut Incoming,
        said: &mut Said,
    ) -> Result<Vec<String>, ImportError> {
        let (w, file) = (self.w, self.file);
        let failed = |e| bad(file, "customers", i, "", e);
        // The customer may be one this import made and has not written yet.
        self.applier.flush(w).map_err(failed)?;
        let (cur, json) = w.customer_and_handover(id)?;
        let Some(block) = self.block else {
            let (changed, others) = self
                .applier
                .merge_into_read(w, inc, &cur, &mut |_, _| {})
                .map_err(failed)?;
            return Ok(changed
                .iter()
                .map(added)
                .chain(others.iter().map(OtherValue::said))
                .collect());
        };
        // (Another record of the file merged into them before this one: what it keeps is
        // written at the end, with the conflicts said.)
        let record = match self.conflicts.get(&id.0).and_then(|k| k.record.as_ref()) {
            Some((_, kept)) => Some(kept.clone()),
            None => json.as_deref().and_then(Handover::from_json),
        };
        let here = handover::Here {
            uid: &cur.uid,
            contacts: &cur.contacts,
            tags: &cur.tags,
            taken: record.as_ref().map(|r| r.of_uid(&c.uid)),
            record: record.as_ref(),
        };
        let (points, tags) = handover::removed_here(block, c, &here);
        inc.contacts.retain(|cp| !points.contains(cp));
        inc.tags.retain(|t| !tags.contains(t));
        said.not_added
            .extend(points.iter().map(handover::point_said));
        said.not_added
            .extend(tags.iter().map(|t| format!("tag {t}")));
        let gone = handover::removals(block, c, &here);
        let newer = handover::newer(block, c, here.taken);
        // Its fields against what was handed over; a file no newer than one taken before
        // changes none (what it changed was taken, or said, then).
        let there = Fields::of_rec(c);
        let birthday = inc.birthday;
        // (A file no newer than one taken before changes no field: it is kept here.)
        let org_uid: Option<String> = match cur.org_id {
            Some(o) => w
                .conn()
                .prepare_cached("SELECT uid FROM customers WHERE id = ?1")?
                .query_row([o.0], |r| r.get(0))?,
            None => None,
        };
        let mine = Fields::of_customer(&cur, org_uid);
        said.older = older(block, here.taken).filter(|_| there != mine);
        let profile = match handover::base(block, c, &here) {
            Ok(_) if !newer => Some(profile::Base {
                here: &mine,
                there: &there,
                from_file: false,
            }),
            Ok(b) => profile::Base::of(b, here.taken),
            Err(_) => None,
        }
        .map(|base| profile::three_way(&base, &there, &cur, &mine, inc));
        let org = profile
            .as_ref()
            .map_or(profile::Org::Fill, |p| p.org.clone());
        // Their organization here once it is linked.
        let org_after = match &org {
            profile::Org::Fill => mine.org.clone().or_else(|| there.org.clone()),
            profile::Org::Keep => mine.org.clone(),
            profile::Org::Set(theirs) => theirs.clone(),
        };
        let mut keep = newer.then(|| taken(block, c, self.opts.now));
        let mut kept_record = None;
        // The lines the merge beside it adds to the notes (before any taken from there).
        let mut new_notes: Vec<String> = Vec::new();
        let mut adjust = |cur: &Customer, p: &mut CustomerPatch| {
            if let Some(notes) = &p.notes {
                new_notes = profile::lines_added(&cur.notes, notes);
            }
            if let Some(profile) = &profile {
                profile.take(&there, birthday, &new_notes, p);
            }
            p.remove_contacts = gone.contacts.iter().map(|cp| cp.value.clone()).collect();
            p.remove_tags.clone_from(&gone.tags);
            // What it handed over, and what this side made of it when that is another.
            if let Some(mut h) = keep.take() {
                let after = Fields {
                    org: org_after.clone(),
                    ..mine.after(p)
                };
                // The other side's base: their values, but where the customer here had
                // their own from before (merged as any import's, no base to tell).
                let kept = match &profile {
                    None => after.clone(),
                    Some(profile) => {
                        let mut k = there.clone();
                        for &f in &profile.theirs {
                            k.set_from(f, &after);
                        }
                        k
                    }
                };
                h.kept = (kept != there).then_some(kept);
                h.after = (after != there).then_some(after);
                kept_record = Some(Handover::keeping(record.clone(), h));
            }
        };
        let (changed, others) = self
            .applier
            .merge_into_read(w, inc, &cur, &mut adjust)
            .map_err(failed)?;
        said.removed = gone
            .contacts
            .iter()
            .map(handover::point_said)
            .chain(gone.tags.iter().map(|t| format!("tag {t}")))
            .collect();
        let taken_field = |x: &Change| {
            profile
                .as_ref()
                .is_some_and(|p| Field::of_change(x.field).is_some_and(|f| p.taken.contains(&f)))
        };
        // A conflict whose value there the merge keeps in the notes says so: not said again
        // as another value added, nor the notes as added when that is all they gained.
        let in_notes = profile.as_ref().map_or(&[][..], |p| &p.in_notes[..]);
        let (noted, others): (Vec<OtherValue>, Vec<OtherValue>) = others
            .into_iter()
            .partition(|o| in_notes.iter().any(|f| o.field == f.to_string()));
        // (A name's other is kept as another name.)
        let mut noted_lines: Vec<String> = noted.iter().map(OtherValue::note).collect();
        if in_notes.contains(&Field::Name) {
            noted_lines.push(also_known_as(&there.name));
        }
        let notes_only_noted =
            !new_notes.is_empty() && new_notes.iter().all(|l| noted_lines.contains(l));
        said.in_notes = !noted_lines.is_empty();
        let mut out = Vec::new();
        // (What it removed is said as removed, from `gone`.)
        for x in changed.iter().filter(|x| !x.is_removal()) {
            if taken_field(x) {
                said.taken.push(x.to_string());
            } else if !(notes_only_noted && x.field == ChangedField::Notes) {
                out.push(added(x));
            }
        }
        out.extend(others.iter().map(OtherValue::said));
        said.conflicts = gone.conflicts;
        match profile {
            Some(p) => said.conflicts.extend(p.conflicts),
            // (No base of its fields: needs merge line by line, as any import's.)
            None => said.conflicts.extend(needs_conflict(&cur.needs, &c.needs)),
        }
        said.not_removed = gone.not_carried;
        said.org = org;
        if !newer {
            self.seen_before.insert(id.0);
        }
        let kept = self.conflicts.entry(id.0).or_default();
        kept.before = here.taken.map(|t| t.said.clone()).unwrap_or_default();
        kept.now.clear();
        if let Some(r) = kept_record {
            kept.record = Some((c.uid.clone(), r));
        }
        Ok(out)
    }
}

/// A file written (`block`) before the dossier of them taken here last (`taken`), in words:
/// what it changed was taken, or said, when a newer one was; none of it is now. (Both times
/// are of their clock.)
fn older(block: handover::Block, taken: Option<&Handover>) -> Option<String> {
    let (Some(file), Some(last)) = (block.written_at, taken.and_then(|t| t.written_at)) else {
        return None;
    };
    let day = |t: chrono::DateTime<chrono::Utc>| {
        crate::domain::when::long_date(t.with_timezone(&chrono::Local).date_naive())
    };
    (file < last).then(|| {
        format!(
            "older than the dossier of them taken here before (this one written {}, that one \
             {}): none of its fields is taken; this side's stay",
            day(file),
            day(last)
        )
    })
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
