//! A dossier coming back: the three-way merge of a customer's single-valued fields (name
//! and its parts, a person's organization, title, address with its parts, notes, needs,
//! cadence, owner, birthday)
//! against what was handed over. Changed only there: taken. Changed only here, or there
//! to a value taken here before: kept. Changed on both sides to different values: this
//! side's kept (notes and needs: both, line by line) and the conflict said.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::super::{Field, Fields, Handover};
use crate::domain::Customer;
use crate::interop::Incoming;
use crate::interop::text::{listed, merged_notes};
use crate::store::CustomerPatch;

/// What the merge does with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// The same on both sides, not changed there since the handover, or changed there to
    /// a value taken here before: this side's stays, silently.
    Keep,
    /// Not changed there since the handover, but not what was handed over either: their
    /// rolo had its own before (a dossier merged there into a customer of theirs). Merged
    /// as any record's is: it fills an empty field, or is kept in the notes.
    Theirs,
    /// Changed there only: theirs.
    Take,
    /// Changed on both sides to different values: this side's stays, and it is said.
    Conflict,
}

/// `there` against the last point the two sides had in common: `at_here`, this side's
/// value then, and `at_there`, theirs (another when their rolo merged our dossier into a
/// customer it had: `from_file`, that difference is theirs from before).
fn side<T: PartialEq>(at_here: &T, at_there: &T, there: &T, here: &T, from_file: bool) -> Side {
    if there == here {
        Side::Keep
    } else if there == at_there {
        if from_file && at_there != at_here {
            Side::Theirs
        } else {
            Side::Keep
        }
    } else if here == at_here {
        Side::Take
    } else {
        Side::Conflict
    }
}

/// A text field's lines as compared (an editor's trailing spaces or line ends aside).
fn lines(t: &str) -> Vec<&str> {
    t.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

/// The three-way merge of the file's fields (`there`) into `here`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Profile {
    /// Fields taken from there.
    pub taken: Vec<Field>,
    /// Conflicts, in words.
    pub conflicts: Vec<String>,
    /// The fields of those conflicts whose value there the merge keeps in the notes (the
    /// conflict says so: `(theirs in the notes)`).
    pub in_notes: Vec<Field>,
    /// Fields whose value there their rolo had from before, merged as any import's.
    pub theirs: Vec<Field>,
    /// What becomes of a person's organization.
    pub org: Org,
}

/// What a merge does with a person's organization (linked once every customer of the file
/// is in: it may come after them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Org {
    /// Theirs fills none here, as any import's does.
    #[default]
    Fill,
    /// This side's stays.
    Keep,
    /// Theirs (by UID), changed there only; none: theirs has none.
    Set(Option<String>),
}

/// `none` for a value that is none.
fn opt(v: Option<&str>) -> &str {
    v.unwrap_or("none")
}

/// A conflict in words: `title: changed here and there since it was handed over (here
/// Head of Fleet, there Fleet Director); kept Head of Fleet`, and where theirs is kept.
fn conflict(field: Field, here: &str, there: &str, theirs_in_notes: bool) -> String {
    // (A value with a comma is quoted, as the report's other values are.)
    let (here, there) = (listed(here), listed(there));
    format!(
        "{field}: changed here and there since it was handed over (here {here}, there \
         {there}); kept {here}{}",
        if theirs_in_notes {
            " (theirs in the notes)"
        } else {
            ""
        }
    )
}

/// Merges `there` into `here` against `base`, the last point the two sides had in common.
/// Sets `inc`, the file's record, to what the merge of a record is to add for each field:
/// nothing where this side's stays; theirs where their rolo had its own (a merge fills an
/// empty field with it, or keeps it in the notes, as any import's) or on a conflict a
/// field's other value is kept in the notes (name, title, address, birthday); notes and
/// needs, the lines to add. Says what it takes, for [`Profile::take`], and the conflicts.
pub fn three_way(
    base: &Base<'_>,
    there: &Fields,
    here: &Customer,
    mine: &Fields,
    inc: &mut Incoming,
) -> Profile {
    let mut out = Profile::default();
    let (at_here, at_there, from_file) = (base.here, base.there, base.from_file);
    macro_rules! pick {
        ($f:ident) => {
            side(&at_here.$f, &at_there.$f, &there.$f, &mine.$f, from_file)
        };
    }
    // A field: kept, left to the merge (which fills an empty one), taken, or a conflict,
    // whose other value a merge keeps in the notes when `$in_notes` (and both have one).
    macro_rules! merge {
        ($f:ident, $name:expr, $inc:expr, $mine:expr, $said:expr, $in_notes:expr) => {
            match pick!($f) {
                Side::Keep => $inc = $mine,
                Side::Theirs => out.theirs.push($name),
                Side::Take => {
                    out.taken.push($name);
                    $inc = $mine;
                }
                Side::Conflict => {
                    let (h, t) = ($said(&mine.$f), $said(&there.$f));
                    let noted = $in_notes && h != "none" && t != "none";
                    if noted {
                        out.in_notes.push($name);
                    } else {
                        $inc = $mine;
                    }
                    out.conflicts.push(conflict($name, &h, &t, noted));
                }
            }
        };
    }
    let text = |v: &Option<String>| opt(v.as_deref()).to_string();
    let name = |v: &String| v.clone();
    merge!(name, Field::Name, inc.name, here.name.clone(), name, true);
    let parts = |p: &Option<crate::domain::NameParts>| {
        p.as_ref()
            .map_or_else(|| "none".into(), |p| format!("family name {}", p.family))
    };
    merge!(
        name_parts,
        Field::NameParts,
        inc.name_parts,
        here.name_parts.clone(),
        parts,
        false
    );
    out.org = match pick!(org) {
        Side::Keep => Org::Keep,
        Side::Theirs => {
            out.theirs.push(Field::Organization);
            Org::Fill
        }
        Side::Take => {
            out.taken.push(Field::Organization);
            Org::Set(there.org.clone())
        }
        Side::Conflict => {
            let said = |o: Option<&str>| o.map_or("none", |_| "another");
            out.conflicts.push(conflict(
                Field::Organization,
                here.org_name.as_deref().unwrap_or("none"),
                said(there.org.as_deref()),
                false,
            ));
            Org::Keep
        }
    };
    merge!(
        title,
        Field::Title,
        inc.title,
        here.title.clone(),
        text,
        true
    );
    // An address is its text: its parts go with it.
    let address = pick!(address);
    merge!(
        address,
        Field::Address,
        inc.address,
        here.address.clone(),
        text,
        true
    );
    if matches!(address, Side::Keep | Side::Take) {
        inc.address_parts.clone_from(&here.address_parts);
    }
    let days = |d: &Option<u32>| d.map_or_else(|| "none".into(), |d| format!("every {d} days"));
    merge!(
        cadence_days,
        Field::Cadence,
        inc.cadence_days,
        here.cadence_days,
        days,
        false
    );
    merge!(
        owner,
        Field::Owner,
        inc.owner,
        here.owner.clone(),
        text,
        false
    );
    merge!(
        birthday,
        Field::Birthday,
        inc.birthday,
        here.birthday,
        text,
        true
    );
    // Notes and needs, line by line.
    for (field, at_here, at_there, there, mine, inc) in [
        (
            Field::Notes,
            &at_here.notes,
            &at_there.notes,
            &there.notes,
            &mine.notes,
            &mut inc.notes,
        ),
        (
            Field::Needs,
            &at_here.needs,
            &at_there.needs,
            &there.needs,
            &mine.needs,
            &mut inc.needs,
        ),
    ] {
        let l = |t: &String| lines(t).join("\n");
        let only = |a: &str, b: &str| -> Vec<String> {
            let b: HashSet<&str> = lines(b).into_iter().collect();
            lines(a)
                .into_iter()
                .filter(|x| !b.contains(x))
                .map(String::from)
                .collect()
        };
        match side(&l(at_here), &l(at_there), &l(there), &l(mine), from_file) {
            Side::Keep => inc.clone_from(mine),
            // Their own lines, not those handed over (some may be gone here since).
            Side::Theirs => {
                out.theirs.push(field);
                *inc = only(there, at_here).join("\n");
            }
            Side::Take => {
                out.taken.push(field);
                inc.clone_from(mine);
            }
            Side::Conflict => {
                let said = |v: Vec<String>| {
                    if v.is_empty() {
                        "none".into()
                    } else {
                        format!("`{}`", v.join(" / "))
                    }
                };
                out.conflicts.push(format!(
                    "{field}: changed here and there since it was handed over, both kept: \
                     here {}, there {}",
                    said(only(mine, there)),
                    said(only(there, mine))
                ));
            }
        }
    }
    out
}

/// The last point the two sides had in common: the dossier of ours their rolo took (its
/// handover record, in the file), or the last dossier of theirs taken here, whichever
/// was written last.
pub struct Base<'a> {
    /// This side's fields then.
    pub here: &'a Fields,
    /// Theirs then.
    pub there: &'a Fields,
    /// Their handover record: a difference then is theirs from before, merged as any
    /// import's.
    pub from_file: bool,
}

impl<'a> Base<'a> {
    /// The base of `file_base` (the file's handover record: ours, as their rolo took it)
    /// and `taken` (the last of theirs taken here); none without fields to go by. Which
    /// came last is told by this rolo's clock alone: when ours was written against when
    /// theirs was taken here (their clock, which wrote theirs, may be behind or ahead).
    pub fn of(file_base: &'a Handover, taken: Option<&'a Handover>) -> Option<Base<'a>> {
        if let Some(t) = taken
            && let Some(fields) = &t.fields
            && t.taken_at.or(t.written_at) > file_base.written_at
        {
            return Some(Base {
                here: t.after.as_ref().unwrap_or(fields),
                there: fields,
                from_file: false,
            });
        }
        let fields = file_base.fields.as_ref()?;
        Some(Base {
            here: fields,
            there: file_base.kept.as_ref().unwrap_or(fields),
            from_file: true,
        })
    }
}

/// The lines `merged` (the notes a merge makes) adds to `here` (the notes as they are),
/// trimmed, in order.
pub fn lines_added(here: &str, merged: &str) -> Vec<String> {
    let had: HashSet<&str> = lines(here).into_iter().collect();
    lines(merged)
        .into_iter()
        .filter(|l| !had.contains(l))
        .map(String::from)
        .collect()
}

impl Profile {
    /// Sets in `p`, the merge's patch, the fields taken from `there` (`birthday`: theirs,
    /// read); notes taken keep `added`, the lines the merge adds to them (another value
    /// kept there: [`lines_added`]).
    pub fn take(
        &self,
        there: &Fields,
        birthday: Option<NaiveDate>,
        added: &[String],
        p: &mut CustomerPatch,
    ) {
        for f in &self.taken {
            match f {
                Field::Name => p.name = Some(there.name.clone()),
                Field::NameParts => p.name_parts = Some(there.name_parts.clone()),
                // (Another is linked once every customer of the file is in.)
                Field::Organization => {
                    if there.org.is_none() {
                        p.org_id = Some(None);
                    }
                }
                Field::Title => p.title = Some(there.title.clone()),
                Field::Address => {
                    p.address = Some(there.address.clone());
                    p.address_parts = Some(there.address_parts.clone());
                }
                // Theirs, with what the merge beside it adds to them (another value kept
                // in the notes), as any merge of notes.
                Field::Notes => {
                    p.notes = Some(
                        merged_notes(&there.notes, &added.join("\n"))
                            .unwrap_or_else(|| there.notes.clone()),
                    );
                }
                Field::Needs => p.needs = Some(there.needs.clone()),
                Field::Cadence => p.cadence_days = Some(there.cadence_days),
                Field::Owner => p.owner = Some(there.owner.clone()),
                Field::Birthday => p.birthday = Some(birthday),
            }
        }
    }
}

#[cfg(test)]
mod tests;
