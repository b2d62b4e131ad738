//! `rolo export` in every format, and `rolo dossier`.

use std::io::Write;

use super::output::{OnTerminal, emit};
use super::{DossierArgs, ExportArgs, ExportFormat};
use crate::cli::{Env, Exit, report_error};
use crate::command::{CommandError, CustomerRef, resolve_one};
use crate::interop;
use crate::interop::vcard::write::Version;

/// The format an `--out` name implies by its extension (any case).
fn format_of(path: &std::path::Path) -> Option<ExportFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "json" => Some(ExportFormat::Json),
        "csv" => Some(ExportFormat::Csv),
        "vcf" | "vcard" => Some(ExportFormat::Vcard),
        "ics" => Some(ExportFormat::Ics),
        _ => None,
    }
}

/// An exporter's error for `anyhow`, an output error kept an `io::Error` (so that a closed
/// pipe, `rolo export | head`, ends quietly).
fn output_error(e: Box<dyn std::error::Error + Send + Sync>) -> anyhow::Error {
    match e.downcast::<std::io::Error>() {
        Ok(io) => anyhow::Error::from(*io),
        Err(other) => anyhow::Error::from_boxed(other),
    }
}

/// Runs `rolo export`.
pub fn export(env: &mut Env, a: &ExportArgs) -> anyhow::Result<Exit> {
    let Some(format) = a.format.or_else(|| a.out.as_deref().and_then(format_of)) else {
        let msg = match &a.out {
            Some(out) => format!(
                "cannot tell the format from `{}`: add --format json|csv|vcard|ics, or end \
                 the name in .json, .csv, .vcf or .ics",
                out.display()
            ),
            None => "say which format: --format json|csv|vcard|ics, or an --out name ending \
                     in .json, .csv, .vcf or .ics"
                .into(),
        };
        return Ok(report_error(&CommandError::Usage(msg), env.json));
    };
    let choose = a.choose.choose(false);
    let mut filter = crate::store::ListFilter::default();
    let mut chosen = None;
    if choose.any() {
        if format == ExportFormat::Json {
            let msg = "a JSON export is the whole database (a backup to restore); --tag, --org, \
                       --name, --kind and --tier choose customers for csv, vcard and ics \
                       (one customer's complete file: rolo dossier)";
            return Ok(report_error(&CommandError::Usage(msg.into()), env.json));
        }
        if choose.tier.is_some() {
            crate::cli::report::refresh(env)?;
        }
        filter = match choose.filter(env)? {
            Ok(f) => f,
            Err(e) => return Ok(report_error(&e, env.json)),
        };
        let n = env.store.count_customers(&filter)?;
        if n == 0 {
            return Ok(report_error(
                &CommandError::Rejected(
                    "no customer matches those filters; nothing was written".into(),
                ),
                env.json,
            ));
        }
        chosen = Some(n);
    }
    // A calendar holds at least one event (RFC 5545 3.6): with no open follow-up there is
    // none to write, and an --out file there already stays as it was.
    if format == ExportFormat::Ics && interop::ical::count(&env.store, &filter, env.ctx.today)? == 0
    {
        let msg = if chosen.is_some() {
            format!(
                "the customers chosen by `{}` have no open follow-ups, and a calendar needs \
                 at least one event; nothing was written",
                choose.flags()
            )
        } else {
            "there are no open follow-ups, and a calendar needs at least one event; nothing \
             was written (rolo follow NAME WHEN WHAT plans one)"
                .into()
        };
        return Ok(report_error(&CommandError::Rejected(msg), env.json));
    }
    let store = &env.store;
    // Every format is written as it is read: a big database is never held in memory whole.
    let today = env.ctx.today;
    let v = if a.vcard_version == "3.0" {
        Version::V3
    } else {
        Version::V4
    };
    let chosen_word = if chosen.is_some() { " chosen" } else { "" };
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    // The calendar's cancelled events (follow-ups closed before their day), for its line.
    let closed = std::cell::Cell::new(0);
    // What the file holds, said after it is written: `Wrote 50 vCards to f.vcf`.
    let what = |n: usize, file: &str| match format {
        ExportFormat::Json => format!(
            "Wrote the backup to {file}: {} with their history and settings",
            plural(n, "customer", "customers")
        ),
        ExportFormat::Csv => format!(
            "Wrote {}{chosen_word} to {file}",
            plural(n, "customer", "customers")
        ),
        ExportFormat::Vcard => format!(
            "Wrote the vCards of {}{chosen_word} to {file}",
            plural(n, "customer", "customers")
        ),
        ExportFormat::Ics => match closed.get() {
            0 => format!(
                "Wrote {} to {file} (a calendar)",
                plural(n, "open follow-up", "open follow-ups")
            ),
            c => format!(
                "Wrote {} to {file} (a calendar), and as cancelled {} done or cancelled \
                 before {} day",
                plural(n, "open follow-up", "open follow-ups"),
                plural(c, "follow-up", "follow-ups"),
                if c == 1 { "its" } else { "their" }
            ),
        },
    };
    let on_terminal = match format {
        ExportFormat::Json => OnTerminal::JsonEscape,
        ExportFormat::Csv => OnTerminal::Sanitize,
        ExportFormat::Vcard | ExportFormat::Ics => OnTerminal::AsIs,
    };
    // What of the backup rolo would not restore (values an older rolo kept past its limits).
    let mut refused = Vec::new();
    let exit = emit(
        env,
        a.out.as_ref(),
        &mut |w| match format {
            ExportFormat::Json => {
                refused = interop::backup::write(store, w)?;
                Ok(store.count_customers(&crate::store::ListFilter::default())?)
            }
            ExportFormat::Csv => {
                // A file gets a UTF-8 byte order mark: without one, Excel reads the file in
                // the machine's 8-bit code page and `Łucja` comes out as `Å�ucja`. A pipe
                // (to a script, to `rolo import`) gets none.
                if a.out.is_some() {
                    w.write_all("\u{feff}".as_bytes())?;
                }
                interop::sheet::export::write(store, today, &filter, w).map_err(output_error)
            }
            ExportFormat::Vcard => vcards(store, &filter, v, w),
            ExportFormat::Ics => {
                let written =
                    interop::ical::write(store, &filter, today, w).map_err(output_error)?;
                closed.set(written.closed);
                Ok(written.open)
            }
        },
        &what,
        on_terminal,
    )?;
    if refused.is_empty() {
        return Ok(exit);
    }
    // Written all the same (it holds everything), but said, and a failure for a script: a
    // backup is kept to be restored.
    eprintln!(
        "warning: this backup would not restore as it is: {} past rolo's limits (kept by an \
         older rolo):",
        plural(refused.len(), "value is", "values are")
    );
    const SHOWN: usize = 20;
    for r in refused.iter().take(SHOWN) {
        eprintln!("  {}", crate::domain::text::sanitize(r));
    }
    if refused.len() > SHOWN {
        eprintln!(
            "  and {} more (rolo doctor lists them all)",
            refused.len() - SHOWN
        );
    }
    eprintln!("Change them (rolo edit) and export again.");
    Ok(Exit::Failure)
}

/// The customers `filter` keeps (all with the default) as vCards, card by card.
fn vcards(
    store: &crate::store::Store,
    filter: &crate::store::ListFilter,
    v: Version,
    w: &mut dyn Write,
) -> anyhow::Result<usize> {
    let mut ids: Vec<i64> = Vec::new();
    {
        let mut args = Vec::new();
        let chosen = filter.where_sql(&mut args);
        let mut stmt = store.conn().prepare(&format!(
            "SELECT c.id FROM customers c{chosen} ORDER BY c.id"
        ))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| r.get(0))?;
        for id in rows {
            ids.push(id?);
        }
    }
    let mut card = String::new();
    for &id in &ids {
        let c = store.customer(crate::domain::CustomerId(id))?;
        card.clear();
        interop::vcard::write::write_card(&mut card, &c, v);
        w.write_all(card.as_bytes())?;
    }
    Ok(ids.len())
}

/// Runs `rolo dossier`.
pub fn dossier(env: &mut Env, a: &DossierArgs) -> anyhow::Result<Exit> {
    let who = match resolve_one(&env.store, &CustomerRef::parse(&a.who.join(" "))) {
        Ok(c) => c,
        Err(e) => return Ok(report_error(&e, env.json)),
    };
    let cfg = crate::insight::InsightConfig::with_currency(env.ctx.currency);
    crate::insight::refresh(&mut env.store, env.ctx.today, &cfg)?;
    // Now to the nanosecond (the command's one reading of the clock): the dossier's
    // `written_at` tells two of one customer written in the same second apart.
    let written_at = env.ctx.now;
    let text = interop::dossier::write(&env.store, who.id, env.ctx.today, written_at, &cfg)?;
    emit(
        env,
        a.out.as_ref(),
        &mut |w| {
            w.write_all(text.as_bytes())?;
            Ok(1)
        },
        &|_, file| format!("Wrote the dossier to {file}"),
        OnTerminal::Sanitize,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_out_extension_names_the_format() {
        let f = |p: &str| format_of(std::path::Path::new(p));
        assert!(matches!(f("all.json"), Some(ExportFormat::Json)));
        assert!(matches!(f("/x/Customers.CSV"), Some(ExportFormat::Csv)));
        assert!(matches!(f("c.vcf"), Some(ExportFormat::Vcard)));
        assert!(matches!(f("c.vcard"), Some(ExportFormat::Vcard)));
        assert!(matches!(f("f.ics"), Some(ExportFormat::Ics)));
        assert!(f("notes.txt").is_none());
        assert!(f("noext").is_none());
    }
}
