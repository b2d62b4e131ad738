//! `--map "Full name=name,Mail=email"`: a user's column mapping, checked before any row is read.

use super::columns::{FIELDS, Role, field_role};
use crate::interop::ImportError;
use crate::interop::text::shown;

/// True for a field a record holds one of: two columns mapped to it would have one
/// overwrite the other (emails, phones, notes and tags add up; address parts are joined).
fn single(role: &Role) -> bool {
    matches!(
        role,
        Role::Name
            | Role::First
            | Role::Middle
            | Role::Last
            | Role::Suffix
            | Role::Nickname
            | Role::Org
            | Role::Title
            | Role::Birthday
            | Role::Uid
            | Role::Kind
            | Role::Owner
            | Role::Cadence
            | Role::Needs
    )
}

/// Parses `--map "Full name=name,Mail=email"` into (column, role) pairs. Refused, naming the
/// entry: an entry without `=`, an empty column or field, an unknown field, a column named
/// twice (columns match case-insensitively), and two columns mapped to one field a record
/// holds once.
pub fn parse_map(map: &str) -> Result<Vec<(String, Role)>, ImportError> {
    let usage = |m: String| Err(ImportError::Usage(format!("--map: {m}")));
    // (column, field as typed, role)
    let mut seen: Vec<(String, String, Role)> = Vec::new();
    for pair in map.split(',').filter(|p| !p.trim().is_empty()) {
        let entry = shown(pair.trim());
        let Some((col, field)) = pair.rsplit_once('=') else {
            return usage(format!(
                "`{entry}` is not Column=field (e.g. --map \"Full name=name,Mail=email\")"
            ));
        };
        let (col, field) = (col.trim(), field.trim());
        if col.is_empty() {
            return usage(format!(
                "`{entry}` names no column before `=` (e.g. --map \"Full name=name\")"
            ));
        }
        if field.is_empty() {
            return usage(format!(
                "`{entry}` names no field after `=`; use one of {}",
                FIELDS.join(", ")
            ));
        }
        let Some(role) = field_role(field) else {
            return usage(format!(
                "unknown field `{}` in `{entry}`; use one of {}",
                shown(field),
                FIELDS.join(", ")
            ));
        };
        let field = field.to_ascii_lowercase();
        if let Some((_, earlier, _)) = seen.iter().find(|(c, _, _)| c.eq_ignore_ascii_case(col)) {
            return usage(if field_role(earlier) == Some(role) {
                format!(
                    "column `{}` is mapped twice (`{entry}`); map each column once",
                    shown(col)
                )
            } else {
                format!(
                    "column `{}` is mapped to both `{earlier}` and `{field}` (`{entry}`); \
                     map each column to one field",
                    shown(col)
                )
            });
        }
        if single(&role)
            && let Some((other, _, _)) = seen.iter().find(|(_, _, r)| *r == role)
        {
            return usage(format!(
                "columns `{}` and `{}` are both mapped to `{field}` (`{entry}`), which a \
                 record holds once; map one of them",
                shown(other),
                shown(col)
            ));
        }
        seen.push((col.to_string(), field, role));
    }
    Ok(seen.into_iter().map(|(c, _, r)| (c, r)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(map: &str) -> String {
        parse_map(map).unwrap_err().to_string()
    }

    #[test]
    fn map_reads_columns_and_fields() {
        let m = parse_map(" Full name = name ,Mail=EMAIL,, Work mail=email").unwrap();
        let cols: Vec<&str> = m.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(cols, vec!["Full name", "Mail", "Work mail"]);
        assert_eq!(m[0].1, Role::Name);
        assert_eq!(m[1].1, m[2].1);
    }

    #[test]
    fn map_refuses_bad_entries_naming_them() {
        let fields = FIELDS.join(", ");
        assert_eq!(
            err("Mail=email,mail=email"),
            "--map: column `mail` is mapped twice (`mail=email`); map each column once"
        );
        assert_eq!(
            err("Mail=email,Mail=phone"),
            "--map: column `Mail` is mapped to both `email` and `phone` (`Mail=phone`); \
             map each column to one field"
        );
        assert_eq!(
            err("Full name=name,=name"),
            "--map: `=name` names no column before `=` (e.g. --map \"Full name=name\")"
        );
        assert_eq!(
            err("Mail="),
            format!("--map: `Mail=` names no field after `=`; use one of {fields}")
        );
        assert_eq!(
            err("Mail=mial"),
            format!("--map: unknown field `mial` in `Mail=mial`; use one of {fields}")
        );
        assert_eq!(
            err("Mail"),
            "--map: `Mail` is not Column=field (e.g. --map \"Full name=name,Mail=email\")"
        );
        assert_eq!(
            err("A=name,B=name"),
            "--map: columns `A` and `B` are both mapped to `name` (`B=name`), which a record \
             holds once; map one of them"
        );
        let long = format!("{}\u{1b}[2J=nope", "c".repeat(70));
        assert_eq!(
            err(&long),
            format!(
                "--map: unknown field `nope` in `{}…`; use one of {fields}",
                "c".repeat(60)
            )
        );
    }
}
