//! A dossier coming back: the three-way merge of a customer's single-valued fields (name
//! and its parts, title, address with its parts, notes, needs, cadence, owner, birthday)
//! against what was handed over. Changed only there: taken. Changed only here, or there
//! to a value taken here before: kept. Changed on both sides to different values: this
//! side's kept (notes and needs: both, line by line) and the conflict said.

use chrono::NaiveDate;

use super::super::Fields;
use crate::domain::Customer;
use crate::interop::Incoming;
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

/// `there` against what was handed over (`handed`), what their rolo made of it (`kept`:
/// the same, unless it merged it into a customer it had) and `here`; `seen`: the value
/// the last dossier of them taken here had (one there still has from then was said, or
/// taken, then).
fn side<T: PartialEq>(handed: &T, kept: &T, there: &T, here: &T, seen: Option<&T>) -> Side {
    if there == here || seen == Some(there) {
        Side::Keep
    } else if there == kept {
        if there == handed {
            Side::Keep
        } else {
            Side::Theirs
        }
    } else if here == handed {
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
    /// Fields taken from there, as the store names them first in what a write changed
    /// (`title`, `notes`), to tell them apart there.
    pub taken: Vec<&'static str>,
    /// Conflicts, in words.
    pub conflicts: Vec<String>,
}

/// `none` for a value that is none.
fn opt(v: Option<&str>) -> &str {
    v.unwrap_or("none")
}

/// A conflict in words: `title: changed here and there since it was handed over (here
/// Head of Fleet, there Fleet Director); kept Head of Fleet`, and where theirs is kept.
fn conflict(field: &str, here: &str, there: &str, theirs_in_notes: bool) -> String {
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

/// Merges `there` into `here` against `base`, the handover record their rolo kept
/// (`seen`: the fields the last dossier of them taken here had). Sets `inc`, the file's
/// record, to what the merge of a record is to add for each field: nothing where this
/// side's stays; theirs where their rolo had its own (a merge fills an empty field with
/// it, or keeps it in the notes, as any import's) or on a conflict a field's other value
/// is kept in the notes (name, title, address, birthday); notes and needs, the lines to
/// add. Says what it takes, for [`Profile::take`], and the conflicts.
pub fn three_way(
    base: &Handed<'_>,
    there: &Fields,
    here: &Customer,
    seen: Option<&Fields>,
    inc: &mut Incoming,
) -> Profile {
    let mut out = Profile::default();
    let mine = Fields::of_customer(here);
    let (handed, kept) = (base.handed, base.kept);
    macro_rules! pick {
        ($f:ident) => {
            side(
                &handed.$f,
                &kept.$f,
                &there.$f,
                &mine.$f,
                seen.map(|s| &s.$f),
            )
        };
    }
    // Fields whose other value a merge keeps in the notes.
    macro_rules! noted {
        ($f:ident, $name:literal, $inc:expr, $mine:expr, $said:expr) => {
            match pick!($f) {
                Side::Keep => $inc = $mine,
                Side::Theirs => {}
                Side::Take => {
                    out.taken.push($name);
                    $inc = $mine;
                }
                Side::Conflict => {
                    let (h, t) = ($said(&mine.$f), $said(&there.$f));
                    let noted = h != "none" && t != "none";
                    if !noted {
                        $inc = $mine;
                    }
                    out.conflicts.push(conflict($name, &h, &t, noted));
                }
            }
        };
    }
    // Fields a merge only fills.
    macro_rules! filled {
        ($f:ident, $name:literal, $inc:expr, $mine:expr, $said:expr) => {
            match pick!($f) {
                Side::Keep => $inc = $mine,
                Side::Theirs => {}
                Side::Take => {
                    out.taken.push($name);
                    $inc = $mine;
                }
                Side::Conflict => {
                    $inc = $mine;
                    let (h, t) = ($said(&mine.$f), $said(&there.$f));
                    out.conflicts.push(conflict($name, &h, &t, false));
                }
            }
        };
    }
    let text = |v: &Option<String>| opt(v.as_deref()).to_string();
    let name = |v: &String| v.clone();
    noted!(name, "name", inc.name, here.name.clone(), name);
    let parts = |p: &Option<crate::domain::NameParts>| {
        p.as_ref()
            .map_or_else(|| "none".into(), |p| format!("family name {}", p.family))
    };
    filled!(
        name_parts,
        "name parts",
        inc.name_parts,
        here.name_parts.clone(),
        parts
    );
    noted!(title, "title", inc.title, here.title.clone(), text);
    // An address is its text: its parts go with it.
    let address = pick!(address);
    noted!(address, "address", inc.address, here.address.clone(), text);
    if matches!(address, Side::Keep | Side::Take) {
        inc.address_parts.clone_from(&here.address_parts);
    }
    let days = |d: &Option<u32>| d.map_or_else(|| "none".into(), |d| format!("every {d} days"));
    filled!(
        cadence_days,
        "cadence",
        inc.cadence_days,
        here.cadence_days,
        days
    );
    filled!(owner, "owner", inc.owner, here.owner.clone(), text);
    noted!(birthday, "birthday", inc.birthday, here.birthday, text);
    // Notes and needs, line by line.
    for (field, handed, kept, there, mine, seen, inc) in [
        (
            "notes",
            &handed.notes,
            &kept.notes,
            &there.notes,
            &mine.notes,
            seen.map(|s| &s.notes),
            &mut inc.notes,
        ),
        (
            "needs",
            &handed.needs,
            &kept.needs,
            &there.needs,
            &mine.needs,
            seen.map(|s| &s.needs),
            &mut inc.needs,
        ),
    ] {
        let l = |t: &String| lines(t).join("\n");
        let only = |a: &str, b: &str| -> Vec<String> {
            let b = lines(b);
            lines(a)
                .into_iter()
                .filter(|x| !b.contains(x))
                .map(String::from)
                .collect()
        };
        match side(
            &l(handed),
            &l(kept),
            &l(there),
            &l(mine),
            seen.map(l).as_ref(),
        ) {
            Side::Keep => inc.clone_from(mine),
            // Their own lines, not those handed over (some may be gone here since).
            Side::Theirs => *inc = only(there, handed).join("\n"),
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

/// What was handed over, as their rolo's handover record keeps it.
pub struct Handed<'a> {
    /// The fields of the dossier they took.
    pub handed: &'a Fields,
    /// What their rolo made of them (the same, unless it merged the dossier into a customer
    /// it had).
    pub kept: &'a Fields,
}

impl Profile {
    /// Sets in `p`, the merge's patch, the fields taken from `there` (`birthday`: theirs,
    /// read); notes taken keep what the merge adds to them (another value kept there).
    pub fn take(
        &self,
        there: &Fields,
        birthday: Option<NaiveDate>,
        here: &Customer,
        p: &mut CustomerPatch,
    ) {
        for f in &self.taken {
            match *f {
                "name" => p.name = Some(there.name.clone()),
                "name parts" => p.name_parts = Some(there.name_parts.clone()),
                "title" => p.title = Some(there.title.clone()),
                "address" => {
                    p.address = Some(there.address.clone());
                    p.address_parts = Some(there.address_parts.clone());
                }
                "notes" => {
                    let ours = lines(&here.notes);
                    let mut notes = there.notes.clone();
                    let merged = p.notes.take().unwrap_or_default();
                    for l in lines(&merged).into_iter().filter(|l| !ours.contains(l)) {
                        if !lines(&notes).contains(&l) {
                            if !notes.is_empty() {
                                notes.push('\n');
                            }
                            notes.push_str(l);
                        }
                    }
                    p.notes = Some(notes);
                }
                "needs" => p.needs = Some(there.needs.clone()),
                "cadence" => p.cadence_days = Some(there.cadence_days),
                "owner" => p.owner = Some(there.owner.clone()),
                _ => p.birthday = Some(birthday),
            }
        }
    }
}
