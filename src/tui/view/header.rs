//! The title line and the shown customer's header (organization, contacts, tags, cadence,
//! last contact, deals, address, needs and notes).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::command::local_day;
use crate::domain::text::{sanitize, truncate};
use crate::domain::when::relative;
use crate::domain::{ContactKind, CustomerKind, Money};
use crate::tui::app::App;

/// The first line: name of the program, today, review progress.
pub fn top_bar(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let p = app.progress;
    let mut spans = vec![
        Span::styled(" rolo ", app.theme.title),
        Span::styled(
            app.ctx.today.format("%a %-d %b %Y").to_string(),
            app.theme.dim,
        ),
    ];
    if !app.empty {
        spans.push(Span::raw("  ·  "));
        spans.push(Span::raw(format!(
            "Today: {} of {} reviewed",
            p.reviewed,
            p.total()
        )));
        if p.due > 0 {
            spans.push(Span::styled(format!(" ({} to go)", p.due), app.theme.due));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Draws the header of the shown customer.
pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let w = usize::from(area.width);
    let Some(h) = &app.header else {
        frame.render_widget(
            Paragraph::new(Line::styled(" No customer selected", app.theme.dim)),
            area,
        );
        return;
    };
    let c = &h.customer;
    let today = app.ctx.today;
    let mut first = vec![Span::styled(
        format!(" {}", sanitize(&c.name)),
        app.theme.title,
    )];
    first.push(Span::styled(format!(" {}", c.id), app.theme.dim));
    first.push(Span::raw(" · tier "));
    first.push(super::tier_span(
        app.measures.tiers.tier(c.id),
        false,
        &app.theme,
    ));
    if c.kind == CustomerKind::Org {
        first.push(Span::raw(" · organization"));
    }
    if let Some(t) = &c.title {
        first.push(Span::raw(format!(" · {}", sanitize(t))));
    }
    if let Some(o) = &c.org_name {
        first.push(Span::raw(format!(" · {}", sanitize(o))));
    }
    // The first email and the first phone, then the others in their order: three emails
    // (work, home, private) do not hide the phone.
    let firsts: Vec<usize> = [ContactKind::Email, ContactKind::Phone]
        .into_iter()
        .filter_map(|k| c.contacts.iter().position(|p| p.kind == k))
        .collect();
    let mut order = firsts.clone();
    order.sort_unstable();
    order.extend((0..c.contacts.len()).filter(|i| !firsts.contains(i)));
    let tags = (!c.tags.is_empty()).then(|| {
        c.tags
            .iter()
            .map(|t| format!("#{}", sanitize(t)))
            .collect::<Vec<_>>()
            .join(" ")
    });
    // Three, then as many more as the line takes with the tags after them (an import's
    // second phone, its addresses of instant messaging) on a wide terminal.
    let mut contact: Vec<String> = Vec::new();
    let mut used = tags.as_ref().map_or(0, |t| t.width() + 3) + 1;
    for i in order {
        let p = &c.contacts[i];
        let mut value = sanitize(&p.value);
        // An IM address's label is its service (`im:987654` is a QQ number), another
        // contact point's says what it is: shown with it.
        if matches!(p.kind, ContactKind::Im | ContactKind::Other)
            && let Some(l) = p.label.as_deref().filter(|l| !l.trim().is_empty())
        {
            value = format!("{value} ({})", sanitize(l.trim()));
        }
        let more = value.width() + 3;
        if contact.len() >= 3 && used + more > w {
            break;
        }
        used += more;
        contact.push(value);
    }
    contact.extend(tags);
    let mut third = Vec::new();
    third.push(match c.cadence_days {
        Some(d) => format!("every {d}d"),
        None => "no cadence".into(),
    });
    third.push(match c.last_contact_at {
        Some(t) => format!("last contact {}", relative(local_day(t), today)),
        None => "never contacted".into(),
    });
    if let (Some(d), Some(t)) = (c.cadence_days, c.last_contact_at) {
        let since = (today - local_day(t)).num_days();
        if since > i64::from(d) {
            third.push(format!("going cold ({}d over)", since - i64::from(d)));
        }
    }
    let open: Vec<_> = h.deals.iter().filter(|d| d.closed_at.is_none()).collect();
    if !open.is_empty() {
        // One total per currency: amounts in different currencies are never added.
        let mut totals: Vec<Money> = Vec::new();
        for d in &open {
            match totals.iter_mut().find(|t| t.currency == d.value.currency) {
                Some(t) => *t = t.checked_add(d.value).unwrap_or(*t),
                None => totals.push(d.value),
            }
        }
        let sum = totals
            .iter()
            .map(Money::to_string)
            .collect::<Vec<_>>()
            .join(" + ");
        third.push(format!(
            "{} open deal{} {sum}",
            open.len(),
            if open.len() == 1 { "" } else { "s" }
        ));
    }
    // An organization names its people (an import's company and the people at it), as
    // many as were loaded, and how many more: on a wide screen after what needs acting
    // on; on the two-line header after the contact points (an organization often has
    // none), else it would never show.
    let people = (h.people_total > 0).then(|| {
        let mut names = h
            .people
            .iter()
            .map(|n| sanitize(n))
            .collect::<Vec<_>>()
            .join(", ");
        let more = h.people_total.saturating_sub(h.people.len());
        if more > 0 {
            names.push_str(&format!(" +{more}"));
        }
        format!(
            "{} {}: {names}",
            h.people_total,
            if h.people_total == 1 {
                "person"
            } else {
                "people"
            }
        )
    });
    let narrow = area.height < 3;
    if narrow {
        // Two lines (80x24) have no line for the address: it shares the name's, after what
        // is there (a salesperson on the phone sees where the customer is).
        let used: usize = first.iter().map(|s| s.content.width()).sum();
        if let Some(a) = joined_address(c)
            && w.saturating_sub(used + 3) >= ADDRESS_MIN
        {
            first.push(Span::styled(
                format!(" · {}", place_first(&a, w - used - 3)),
                app.theme.dim,
            ));
        }
    }
    let mut lines = vec![Line::from(super::cut_spans(first, w))];
    if narrow {
        let mut all = contact;
        all.extend(people);
        all.extend(third);
        lines.push(Line::raw(truncate(&format!(" {}", all.join(" · ")), w)));
    } else {
        third.extend(people);
        lines.push(Line::raw(truncate(
            &format!(
                " {}",
                if contact.is_empty() {
                    "no contact points".into()
                } else {
                    contact.join(" · ")
                }
            ),
            w,
        )));
        lines.push(Line::styled(
            truncate(&format!(" {}", third.join(" · ")), w),
            app.theme.dim,
        ));
        let fourth: Vec<String> = address(c).into_iter().chain(about(c)).collect();
        if !fourth.is_empty() {
            lines.push(Line::raw(truncate(&format!(" {}", fourth.join(" · ")), w)));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The fewest columns the address gets on the name's line of a two-line header: less would
/// show a street's first letters and no place.
const ADDRESS_MIN: usize = 12;

/// The address's lines joined on one, sanitized: `Calle Mayor 1, 28013 Madrid`; `None`
/// without one.
fn joined_address(c: &crate::domain::Customer) -> Option<String> {
    let joined = c
        .address
        .as_deref()?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    (!joined.is_empty()).then(|| sanitize(&joined))
}

/// An address joined on one line in `room` columns: whole when it fits, else its last parts
/// (`…3100401 Haifa, Israel`: where the customer is, not a street cut off before the town),
/// else its last part cut with `…`.
fn place_first(joined: &str, room: usize) -> String {
    if joined.width() <= room {
        return joined.to_string();
    }
    let parts: Vec<&str> = joined.split(", ").collect();
    for k in 1..parts.len() {
        let tail = format!("…{}", parts[k..].join(", "));
        if tail.width() <= room {
            return tail;
        }
    }
    truncate(parts.last().copied().unwrap_or(joined), room)
}

/// The address on one line, with its label (an import's `ADR;TYPE=work`):
/// `address (work): Calle Mayor 1, 28013 Madrid`; `None` without one.
fn address(c: &crate::domain::Customer) -> Option<String> {
    let joined = joined_address(c)?;
    let label = c
        .address_label()
        .map(|l| format!(" ({})", sanitize(l)))
        .unwrap_or_default();
    Some(format!("address{label}: {joined}"))
}

/// What they need, then the notes (an import's `Met at Expo`, `Nickname: Ania`): their lines
/// joined, labelled, for one line as much as its width takes (`N` opens them whole); `None`
/// when there are neither.
pub fn about(c: &crate::domain::Customer) -> Option<String> {
    // Drawn every frame and cut to one line: no more of a text (up to 1 MiB) than a line of
    // the widest terminal takes is joined and sanitized.
    const ENOUGH: usize = 1024;
    let mut parts = Vec::new();
    for (label, text) in [("needs", &c.needs), ("notes", &c.notes)] {
        let mut joined = String::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if joined.len() >= ENOUGH {
                break;
            }
            if !joined.is_empty() {
                joined.push_str(" · ");
            }
            // (One line of a 1 MiB note is cut too, at a character.)
            let cut = line
                .char_indices()
                .nth(ENOUGH)
                .map_or(line.len(), |(at, _)| at);
            joined.push_str(&line[..cut]);
        }
        if !joined.is_empty() {
            parts.push(format!("{label}: {}", sanitize(&joined)));
        }
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::place_first;

    #[test]
    fn place_first_keeps_the_town_when_the_street_does_not_fit() {
        let haifa = "Advanced Technology Center, 3100401 Haifa, Israel";
        assert_eq!(place_first(haifa, 60), haifa);
        assert_eq!(place_first(haifa, 25), "…3100401 Haifa, Israel");
        assert_eq!(place_first(haifa, 22), "…3100401 Haifa, Israel");
        assert_eq!(place_first(haifa, 21), "…Israel");
        assert_eq!(place_first(haifa, 7), "…Israel");
        assert_eq!(place_first("Marszałkowska 1", 8), "Marszał…");
    }
}
