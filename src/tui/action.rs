//! Everything a key or the palette can ask the TUI to do; each variant's text is its help line.

/// One thing the user can do. The keymap binds keys to these by their snake-case name,
/// help lists them all, and the palette offers them by their description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Quit rolo.
    Quit,
    /// Close the open popup, or clear the customer filter.
    Close,
    /// Move the selection down.
    MoveDown,
    /// Move the selection up.
    MoveUp,
    /// Jump to the first row.
    MoveTop,
    /// Jump to the last row.
    MoveBottom,
    /// Move a page down.
    PageDown,
    /// Move a page up.
    PageUp,
    /// Focus the next pane.
    NextPane,
    /// Focus the previous pane.
    PrevPane,
    /// Open the selection: a customer, the full note, a follow-up's customer.
    Open,
    /// Open the command palette.
    Palette,
    /// Search over names, notes, contact points, titles and addresses.
    Search,
    /// Filter the customer list by name.
    FilterCustomers,
    /// Sort the customer list by the next criterion (name, last contact, value, next step).
    CycleSort,
    /// Show today's review queue in the follow-ups pane.
    Today,
    /// Mark the selected follow-up done.
    Done,
    /// Snooze the selected follow-up (1 = tomorrow, 3 = three days, w = a week, or a date).
    Snooze,
    /// Move the selected follow-up to another day.
    Reschedule,
    /// Cancel the selected follow-up.
    CancelFollowUp,
    /// Log an interaction with this customer (palette prefilled).
    LogInteraction,
    /// Plan a follow-up for this customer (palette prefilled).
    AddFollowUp,
    /// Add a customer (form).
    AddCustomer,
    /// Edit the selected customer (form).
    EditCustomer,
    /// Add a deal for this customer (form).
    AddDeal,
    /// Write this customer's notes in $EDITOR.
    EditNotes,
    /// Undo the last change.
    Undo,
    /// Show every key.
    Help,
    /// Reload everything from the database.
    Refresh,
    /// Load the demo data (first run).
    LoadDemo,
    /// Import a file of contacts (first run).
    Import,
    /// Show the dashboard: contacts per week, revenue by tier, forecast, on-time follow-ups, at risk.
    Dashboard,
}

impl Action {
    /// Every action, in help order.
    pub const ALL: &'static [Action] = &[
        Action::Quit,
        Action::Close,
        Action::MoveDown,
        Action::MoveUp,
        Action::MoveTop,
        Action::MoveBottom,
        Action::PageDown,
        Action::PageUp,
        Action::NextPane,
        Action::PrevPane,
        Action::Open,
        Action::Palette,
        Action::Search,
        Action::FilterCustomers,
        Action::CycleSort,
        Action::Today,
        Action::Dashboard,
        Action::Done,
        Action::Snooze,
        Action::Reschedule,
        Action::CancelFollowUp,
        Action::LogInteraction,
        Action::AddFollowUp,
        Action::AddCustomer,
        Action::EditCustomer,
        Action::AddDeal,
        Action::EditNotes,
        Action::Undo,
        Action::Help,
        Action::Refresh,
        Action::LoadDemo,
        Action::Import,
    ];

    /// The name used in keymap files.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Close => "close",
            Action::MoveDown => "move_down",
            Action::MoveUp => "move_up",
            Action::MoveTop => "move_top",
            Action::MoveBottom => "move_bottom",
            Action::PageDown => "page_down",
            Action::PageUp => "page_up",
            Action::NextPane => "next_pane",
            Action::PrevPane => "prev_pane",
            Action::Open => "open",
            Action::Palette => "palette",
            Action::Search => "search",
            Action::FilterCustomers => "filter_customers",
            Action::CycleSort => "cycle_sort",
            Action::Today => "today",
            Action::Done => "done",
            Action::Snooze => "snooze",
            Action::Reschedule => "reschedule",
            Action::CancelFollowUp => "cancel_follow_up",
            Action::LogInteraction => "log_interaction",
            Action::AddFollowUp => "add_follow_up",
            Action::AddCustomer => "add_customer",
            Action::EditCustomer => "edit_customer",
            Action::AddDeal => "add_deal",
            Action::EditNotes => "edit_notes",
            Action::Undo => "undo",
            Action::Help => "help",
            Action::Refresh => "refresh",
            Action::LoadDemo => "load_demo",
            Action::Import => "import",
            Action::Dashboard => "dashboard",
        }
    }

    /// The help and palette text (the variant's doc line).
    pub fn describe(self) -> &'static str {
        match self {
            Action::Quit => "Quit rolo",
            Action::Close => "Close the popup, or clear the customer filter",
            Action::MoveDown => "Move the selection down",
            Action::MoveUp => "Move the selection up",
            Action::MoveTop => "Jump to the first row",
            Action::MoveBottom => "Jump to the last row",
            Action::PageDown => "Move a page down",
            Action::PageUp => "Move a page up",
            Action::NextPane => "Focus the next pane",
            Action::PrevPane => "Focus the previous pane",
            Action::Open => "Open: customer, full note, or the follow-up's customer",
            Action::Palette => "Open the command palette",
            Action::Search => "Search names, notes, contacts, addresses",
            Action::FilterCustomers => "Filter the customer list by name",
            Action::CycleSort => "Sort customers by name / last contact / value / next step",
            Action::Today => "Show today's review queue",
            Action::Done => "Mark the selected follow-up done",
            Action::Snooze => "Snooze the follow-up (1 day, 3 days, a week, a date)",
            Action::Reschedule => "Move the follow-up to another day",
            Action::CancelFollowUp => "Cancel the selected follow-up",
            Action::LogInteraction => "Log an interaction with this customer",
            Action::AddFollowUp => "Plan a follow-up for this customer",
            Action::AddCustomer => "Add a customer",
            Action::EditCustomer => "Edit the selected customer",
            Action::AddDeal => "Add a deal for this customer",
            Action::EditNotes => "Write this customer's notes in $EDITOR",
            Action::Undo => "Undo the last change",
            Action::Help => "Show every key",
            Action::Refresh => "Reload everything from the database",
            Action::LoadDemo => "Load the demo data",
            Action::Import => "Import a file of contacts",
            Action::Dashboard => "Dashboard: contacts, tiers, forecast, on time, at risk",
        }
    }

    /// Parses a keymap name.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::ALL {
            assert!(seen.insert(a.name()), "duplicate name {}", a.name());
            assert_eq!(Action::from_name(a.name()), Some(*a));
            assert!(!a.describe().is_empty());
        }
        assert_eq!(Action::from_name("nope"), None);
    }
}
