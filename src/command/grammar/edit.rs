//! The palette's `edit <who> title "Head of Sales" tag vip cadence 2w`: a customer's common
//! fields typed on one line, read into the same [`EditSpec`] as `rolo edit`'s flags.

use super::{Cursor, Token, usage};
use crate::command::{Command, CommandError, CustomerRef, EditSpec};

/// The words that end the customer's name and start a change.
const EDIT_KEYWORDS: &[&str] = &[
    "title", "org", "email", "phone", "tag", "untag", "cadence", "needs",
];

/// One line of what `edit` takes, for its messages.
const EDIT_EXAMPLE: &str = "edit anna kow title \"Head of Sales\" tag vip cadence 2w";

/// Whether `word` starts a change of `edit` (it ends the customer's name).
pub fn is_edit_keyword(word: &str) -> bool {
    EDIT_KEYWORDS.contains(&word.to_lowercase().as_str())
}

fn ends_name(t: &Token) -> bool {
    !t.quoted && is_edit_keyword(&t.text)
}

/// The value after a keyword: one quoted string (`""` is a value: it clears), or the bare
/// words up to the next keyword.
fn values(cur: &mut Cursor, key: &str) -> Result<Vec<String>, CommandError> {
    if let Some(q) = cur.quoted() {
        return Ok(vec![q]);
    }
    let mut words = Vec::new();
    while let Some(t) = cur.peek().filter(|t| !t.quoted && !ends_name(t)) {
        words.push(t.text.clone());
        cur.pos += 1;
    }
    if words.is_empty() {
        return Err(usage(format!(
            "`{key}` needs a value, e.g. {EDIT_EXAMPLE} (`{key} \"\"` clears a text)"
        )));
    }
    Ok(words)
}

fn once(slot: &mut Option<String>, key: &str, value: String) -> Result<(), CommandError> {
    if slot.is_some() {
        return Err(usage(format!("`{key}` is given twice; give it once")));
    }
    *slot = Some(value);
    Ok(())
}

/// `edit <who> [title ...] [org ...] [email ...] [phone ...] [tag ...] [untag ...]
/// [cadence 14d|none] [needs ...]`.
pub(super) fn edit(cur: &mut Cursor) -> Result<Command, CommandError> {
    let who: CustomerRef = super::who_before(cur, ends_name)?;
    if cur.peek().is_some_and(|t| t.is(":")) {
        cur.next();
    }
    let mut spec = EditSpec::default();
    let mut cadence_given = false;
    while let Some(t) = cur.next() {
        let key = t.text.to_lowercase();
        if t.quoted || !is_edit_keyword(&key) {
            return Err(usage(format!(
                "unexpected `{}`; say what to change: title, org, email, phone, tag, untag, \
                 cadence or needs, e.g. {EDIT_EXAMPLE}",
                t.text
            )));
        }
        let words = values(cur, &key)?;
        match key.as_str() {
            "title" => once(&mut spec.title, &key, words.join(" "))?,
            "org" => once(&mut spec.org, &key, words.join(" "))?,
            "needs" => once(&mut spec.needs, &key, words.join(" "))?,
            "email" => spec.add_emails.extend(words),
            "phone" => spec.add_phones.push(words.join(" ")),
            "tag" => spec.tags.extend(words),
            "untag" => spec.untags.extend(words),
            _ => {
                if cadence_given {
                    return Err(usage("`cadence` is given twice; give it once"));
                }
                cadence_given = true;
                let v = words.join(" ");
                spec.cadence_days = Some(
                    crate::domain::when::parse_cadence_setting(&v)
                        .map_err(|e| usage(e.to_string()))?,
                );
            }
        }
    }
    if spec == EditSpec::default() {
        return Err(usage(format!(
            "say what to change: title, org, email, phone, tag, untag, cadence or needs, \
             e.g. {EDIT_EXAMPLE}"
        )));
    }
    Ok(Command::Edit { who, spec })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use chrono::{NaiveDate, Weekday};

    use crate::command::{Command, Context, CustomerRef, EditSpec, parse};

    fn tests_ctx() -> Context {
        Context {
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            now: chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap(),
            week_start: Weekday::Mon,
            currency: crate::domain::Currency::parse("PLN").unwrap(),
        }
    }

    fn edit(line: &str) -> (CustomerRef, EditSpec) {
        match parse(line, &tests_ctx()) {
            Ok(Command::Edit { who, spec }) => (who, spec),
            other => panic!("{line}: {other:?}"),
        }
    }

    fn error(line: &str) -> String {
        parse(line, &tests_ctx()).unwrap_err().to_string()
    }

    #[test]
    fn grammar_edit_reads_the_common_fields() {
        let (who, spec) = edit(
            "edit anna kow title Head of Sales org \"Acme S.A.\" email a@acme.pl b@acme.pl \
             phone +48 600 100 200 tag vip hot untag cold cadence 2w needs \"fast delivery\"",
        );
        assert_eq!(who, CustomerRef::Text("anna kow".into()));
        assert_eq!(
            spec,
            EditSpec {
                title: Some("Head of Sales".into()),
                org: Some("Acme S.A.".into()),
                add_emails: vec!["a@acme.pl".into(), "b@acme.pl".into()],
                add_phones: vec!["+48 600 100 200".into()],
                tags: vec!["vip".into(), "hot".into()],
                untags: vec!["cold".into()],
                cadence_days: Some(Some(14)),
                needs: Some("fast delivery".into()),
                ..EditSpec::default()
            }
        );
    }

    #[test]
    fn grammar_edit_clears_and_takes_a_quoted_name_or_colon() {
        let (who, spec) = edit("edit \"Anna In\" title \"\" cadence none org ''");
        assert_eq!(who, CustomerRef::Text("Anna In".into()));
        assert_eq!(spec.title.as_deref(), Some(""));
        assert_eq!(spec.org.as_deref(), Some(""));
        assert_eq!(spec.cadence_days, Some(None));
        // The name may hold words that are keywords of other verbs (`next`, `on`).
        let (who, spec) = edit("set jean on next: tag vip");
        assert_eq!(who, CustomerRef::Text("jean on next".into()));
        assert_eq!(spec.tags, ["vip"]);
        let (who, _) = edit("edit #12 untag old");
        assert_eq!(who, CustomerRef::Id(crate::domain::CustomerId(12)));
    }

    #[test]
    fn grammar_edit_says_what_is_missing_or_wrong() {
        assert_eq!(
            error("edit anna"),
            "say what to change: title, org, email, phone, tag, untag, cadence or needs, e.g. \
             edit anna kow title \"Head of Sales\" tag vip cadence 2w"
        );
        assert_eq!(
            error("edit anna title"),
            "`title` needs a value, e.g. edit anna kow title \"Head of Sales\" tag vip cadence \
             2w (`title \"\"` clears a text)"
        );
        assert_eq!(
            error("edit anna title \"A\" \"B\""),
            "unexpected `B`; say what to change: title, org, email, phone, tag, untag, cadence \
             or needs, e.g. edit anna kow title \"Head of Sales\" tag vip cadence 2w"
        );
        assert_eq!(
            error("edit anna title A title B"),
            "`title` is given twice; give it once"
        );
        assert_eq!(
            error("edit anna cadence sometimes"),
            "cannot read `sometimes` as a contact cadence; use 14d, 2w, 1m, 14 (days), weekly, \
             monthly, quarterly (1 to 3650 days)"
        );
        assert_eq!(
            error("edit title vip"),
            "say who: name words, an email, a phone or #id"
        );
    }
}
