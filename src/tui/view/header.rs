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
    let mut lines = vec![Line::from(super::cut_spans(first, w))];
    let narrow = area.height < 3;
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

/// The address on one line, with its label (an import's `ADR;TYPE=work`):
/// `address (work): Calle Mayor 1, 28013 Madrid`; `None` without one.
fn address(c: &crate::domain::Customer) -> Option<String> {
    let a = c.address.as_deref()?;
    let joined = a
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    if joined.is_empty() {
        return None;
    }
    let label = c
        .address_label()
        .map(|l| format!(" ({})", sanitize(l)))
        .unwrap_or_default();
    Some(format!("address{label}: {}", sanitize(&joined)))
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
