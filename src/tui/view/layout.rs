//! Where each pane goes: three panes from 100x26 up, two panes and a switch below that.

use ratatui::layout::{Constraint, Layout, Rect};

/// The screen's regions. In the narrow layout `history` and `follow_ups` are the same
/// rectangle and only the active one is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// The title line.
    pub top: Rect,
    /// Customer list.
    pub customers: Rect,
    /// Header of the shown customer.
    pub header: Rect,
    /// History.
    pub history: Rect,
    /// Follow-ups.
    pub follow_ups: Rect,
    /// Status bar.
    pub status: Rect,
    /// Two panes instead of three.
    pub narrow: bool,
}

/// Splits the screen.
pub fn areas(area: Rect) -> Areas {
    let narrow = area.width < 100 || area.height < 26;
    let [top, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let left_w = if narrow {
        (area.width * 36 / 100).clamp(16, 30)
    } else {
        (area.width * 34 / 100).clamp(30, 80)
    };
    let [customers, right] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Min(10)]).areas(body);
    let header_h = if narrow { 2 } else { 4 };
    let [header, rest] =
        Layout::vertical([Constraint::Length(header_h), Constraint::Min(3)]).areas(right);
    let (history, follow_ups) = if narrow {
        (rest, rest)
    } else {
        let [h, f] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(rest);
        (h, f)
    };
    Areas {
        top,
        customers,
        header,
        history,
        follow_ups,
        status,
        narrow,
    }
}

/// Rows a bordered list shows in `r`.
pub fn list_rows(r: Rect) -> usize {
    usize::from(r.height.saturating_sub(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_is_three_panes_at_100x30_and_two_at_80x24() {
        let a = areas(Rect::new(0, 0, 100, 30));
        assert!(!a.narrow);
        assert_ne!(a.history, a.follow_ups);
        assert_eq!(a.customers.width, 34);
        let a = areas(Rect::new(0, 0, 80, 24));
        assert!(a.narrow);
        assert_eq!(a.history, a.follow_ups);
        assert_eq!(a.customers.width, 28);
        assert_eq!(list_rows(a.customers), 20);
    }

    /// On a wide screen the list keeps a third of it (up to 80 columns), so a name with its
    /// organization is not cut while the history beside it has room to spare.
    #[test]
    fn the_list_grows_with_a_wide_screen() {
        assert_eq!(areas(Rect::new(0, 0, 160, 40)).customers.width, 54);
        assert_eq!(areas(Rect::new(0, 0, 200, 50)).customers.width, 68);
        assert_eq!(areas(Rect::new(0, 0, 300, 80)).customers.width, 80);
    }
}
