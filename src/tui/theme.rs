//! Colours and text styles; with `NO_COLOR` only bold, reverse and underline remain.

use ratatui::style::{Color, Modifier, Style};

/// The styles the views use.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// Ordinary text.
    pub text: Style,
    /// Secondary text (dates, ids).
    pub dim: Style,
    /// Titles and the customer's name.
    pub title: Style,
    /// The border of the focused pane.
    pub focus: Style,
    /// Borders of other panes.
    pub border: Style,
    /// The selected row in the focused pane.
    pub selected: Style,
    /// The selected row in a pane without focus.
    pub selected_idle: Style,
    /// Overdue.
    pub overdue: Style,
    /// Due today.
    pub due: Style,
    /// Scheduled later.
    pub later: Style,
    /// Good news in the status bar.
    pub ok: Style,
    /// Errors in the status bar.
    pub error: Style,
    /// Key names in hints.
    pub key: Style,
    /// Input lines.
    pub input: Style,
}

impl Theme {
    /// The theme for a terminal; `no_color` drops every colour.
    pub fn new(no_color: bool) -> Theme {
        if no_color {
            let plain = Style::default();
            let bold = plain.add_modifier(Modifier::BOLD);
            return Theme {
                text: plain,
                dim: plain,
                title: bold,
                focus: bold,
                border: plain,
                selected: plain.add_modifier(Modifier::REVERSED),
                selected_idle: plain.add_modifier(Modifier::UNDERLINED),
                overdue: bold,
                due: plain,
                later: plain,
                ok: plain,
                error: bold,
                key: bold,
                input: plain.add_modifier(Modifier::UNDERLINED),
            };
        }
        Theme {
            text: Style::default(),
            dim: Style::default().fg(Color::DarkGray),
            title: Style::default().add_modifier(Modifier::BOLD),
            focus: Style::default().fg(Color::Cyan),
            border: Style::default().fg(Color::DarkGray),
            selected: Style::default()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            selected_idle: Style::default().bg(Color::DarkGray),
            overdue: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            due: Style::default().fg(Color::Yellow),
            later: Style::default().fg(Color::Green),
            ok: Style::default().fg(Color::Green),
            error: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            key: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            input: Style::default().fg(Color::White).bg(Color::Black),
        }
    }

    /// Whether `NO_COLOR` is set to anything non-empty (<https://no-color.org>).
    pub fn no_color_env() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_no_color_has_no_colours() {
        let t = Theme::new(true);
        for s in [
            t.text,
            t.dim,
            t.title,
            t.focus,
            t.border,
            t.selected,
            t.selected_idle,
            t.overdue,
            t.due,
            t.later,
            t.ok,
            t.error,
            t.key,
            t.input,
        ] {
            assert_eq!((s.fg, s.bg), (None, None));
        }
        assert!(Theme::new(false).overdue.fg.is_some());
    }
}
