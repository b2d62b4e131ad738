//! Keys: an open popup takes them first, then the keymap.

use chrono::Days;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::{App, Tone};
use crate::domain::when::{Toward, parse_date};
use crate::tui::action::Action;
use crate::tui::palette::{Item, NameIndex, Preview};
use crate::tui::popup::{Choice, EditorTarget, External, ImportRun, Popup};

fn ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
}

impl App {
    /// Handles one key press.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        if ctrl(&key, 'c') {
            self.quit = true;
            return;
        }
        if let Some(popup) = self.popup.take() {
            self.status = None;
            self.popup = self.popup_key(popup, &key);
            return;
        }
        self.status = None;
        // The first-run screen offers the keymap's keys too (no hidden aliases of its own).
        if let Some(a) = self.keymap.action(&key) {
            self.dispatch(a);
        }
    }

    /// Handles a key inside a popup; returns the popup to keep open (None closes it).
    fn popup_key(&mut self, popup: Popup, key: &KeyEvent) -> Option<Popup> {
        if key.code == KeyCode::Esc {
            return match popup {
                // Esc while an import runs stops it; the dialog says so when it has.
                Popup::Import(p) if p.busy => {
                    self.cancel_import();
                    Some(Popup::Import(p))
                }
                // Esc in the choice goes back to the palette line.
                Popup::Choice(c) => {
                    self.open_palette(&c.line);
                    self.popup.take()
                }
                // Esc in the filter lets everyone back in, and the list selects the customer
                // the header shows, as before the filter was opened.
                Popup::Filter(_) => {
                    self.customers.clear_filter();
                    self.relist(self.history.customer);
                    None
                }
                _ => None,
            };
        }
        match popup {
            Popup::Palette(p) => self.palette_key(p, key),
            Popup::Choice(c) => self.choice_key(c, key),
            Popup::Help { scroll } => match self.keymap.action(key) {
                Some(Action::MoveDown) => Some(Popup::Help { scroll: scroll + 1 }),
                Some(Action::MoveUp) => Some(Popup::Help {
                    scroll: scroll.saturating_sub(1),
                }),
                Some(Action::PageDown) => Some(Popup::Help {
                    scroll: scroll + 10,
                }),
                Some(Action::PageUp) => Some(Popup::Help {
                    scroll: scroll.saturating_sub(10),
                }),
                Some(Action::Quit | Action::Help | Action::Close) => None,
                _ => Some(Popup::Help { scroll }),
            },
            Popup::Note {
                title,
                text,
                scroll,
            } => match self.keymap.action(key) {
                Some(Action::MoveDown) => Some(Popup::Note {
                    title,
                    text,
                    scroll: scroll + 1,
                }),
                Some(Action::MoveUp) => Some(Popup::Note {
                    title,
                    text,
                    scroll: scroll.saturating_sub(1),
                }),
                Some(Action::Quit | Action::Open | Action::Close) => None,
                _ => Some(Popup::Note {
                    title,
                    text,
                    scroll,
                }),
            },
            Popup::Search(mut s) => match key.code {
                KeyCode::Down | KeyCode::Tab => {
                    s.selected = (s.selected + 1).min(s.hits.len().saturating_sub(1));
                    Some(Popup::Search(s))
                }
                KeyCode::Up | KeyCode::BackTab => {
                    s.selected = s.selected.saturating_sub(1);
                    Some(Popup::Search(s))
                }
                KeyCode::Enter => {
                    if let Some(hit) = s.hits.get(s.selected).cloned() {
                        self.open_customer(hit.customer_id);
                        if let Some(iid) = hit.interaction_id {
                            self.select_interaction(iid);
                        }
                        None
                    } else {
                        Some(Popup::Search(s))
                    }
                }
                _ => {
                    if s.input.handle(key) {
                        s.refused = None;
                        match self.store.search(&s.input.text, 50) {
                            Ok(h) => s.hits = h,
                            // Too many words: said in the popup, whose width it wraps to
                            // (the last line's hits are not this one's).
                            Err(e @ crate::store::StoreError::Invalid(_)) => {
                                s.hits.clear();
                                s.refused = Some(e.to_string());
                            }
                            Err(e) => self.say(e.to_string(), Tone::Error),
                        }
                        s.selected = 0;
                    }
                    Some(Popup::Search(s))
                }
            },
            Popup::Filter(mut input) => {
                if key.code == KeyCode::Tab {
                    // Tab narrows to customers with no open follow-up: who needs a next step.
                    self.customers.filter.no_next_step = !self.customers.filter.no_next_step;
                    self.relist(self.customers.selected().map(|c| c.id));
                    return Some(Popup::Filter(input));
                }
                if key.code == KeyCode::Enter {
                    self.focus = crate::tui::pane::Pane::Customers;
                    // The header and history show the customer the list now selects.
                    self.sync_from_customers();
                    let total = self.customers.win.total;
                    self.say(
                        format!(
                            "{}; Esc clears the filter",
                            crate::domain::text::count(
                                total,
                                "customer matches",
                                "customers match"
                            )
                        ),
                        Tone::Info,
                    );
                    return None;
                }
                if input.handle(key) {
                    let t = input.text.trim();
                    self.customers.filter.name = (!t.is_empty()).then(|| t.to_string());
                    self.customers.win.selected = 0;
                    let r = self.customers.load(&self.store);
                    self.report(r);
                }
                Some(Popup::Filter(input))
            }
            Popup::Date(mut d) => {
                let today = self.ctx.today;
                if d.snooze && d.input.text.is_empty() {
                    let quick = match key.code {
                        KeyCode::Char('1') => Some(1),
                        KeyCode::Char('3') => Some(3),
                        KeyCode::Char('w') => Some(7),
                        _ => None,
                    };
                    if let Some(n) = quick {
                        let day = today + Days::new(n);
                        return if self.move_follow_up(&d, day) {
                            None
                        } else {
                            Some(Popup::Date(d))
                        };
                    }
                }
                if key.code == KeyCode::Enter {
                    return match parse_date(
                        &d.input.text,
                        today,
                        Toward::Future,
                        self.ctx.week_start,
                    ) {
                        Ok(day) => {
                            if self.move_follow_up(&d, day) {
                                None
                            } else {
                                Some(Popup::Date(d))
                            }
                        }
                        Err(e) => {
                            self.say(e.to_string(), Tone::Error);
                            Some(Popup::Date(d))
                        }
                    };
                }
                d.input.handle(key);
                Some(Popup::Date(d))
            }
            Popup::Form(mut f) => {
                match key.code {
                    KeyCode::Tab | KeyCode::Down => f.move_focus(true),
                    KeyCode::BackTab | KeyCode::Up => f.move_focus(false),
                    KeyCode::Enter => match f.command(&self.ctx) {
                        Ok(cmd) => {
                            if self.run(&cmd) {
                                return None;
                            }
                            f.error = self.status.as_ref().map(|s| s.0.clone());
                        }
                        Err(e) => f.error = Some(e),
                    },
                    _ if ctrl(key, 'e') => {
                        let field = &f.fields[f.focus];
                        if field.long {
                            self.external = Some(External::Editor {
                                text: field.input.text.clone(),
                                target: EditorTarget::FormField(f.focus),
                            });
                        } else {
                            field_input(&mut f, key);
                        }
                    }
                    _ => field_input(&mut f, key),
                }
                Some(Popup::Form(f))
            }
            Popup::Import(mut prompt) => {
                if prompt.busy {
                    return Some(Popup::Import(prompt));
                }
                let home = std::env::var_os("HOME");
                // The file's name, then any --map and --encoding, as `rolo import` takes them.
                let line = crate::tui::popup::split_import_line(&prompt.input.text);
                let (typed, map, encoding) = match &line {
                    Ok((typed, map, encoding)) => (typed.as_str(), map.clone(), encoding.clone()),
                    Err(_) => ("", None, None),
                };
                let path = crate::tui::popup::expand_home(typed, home.as_deref());
                let previewed = prompt.preview.as_ref().filter(|p| {
                    p.run.path == path && p.run.map == map && p.run.encoding == encoding
                });
                // Dates read in an order nothing in the file showed: Tab previews the other.
                let flip = previewed.and_then(|p| {
                    p.dates.map(|d| ImportRun {
                        dates: Some(d.other()),
                        ..p.run.clone()
                    })
                });
                let run = match key.code {
                    KeyCode::Enter if line.is_err() => {
                        prompt.error = line.err();
                        return Some(Popup::Import(prompt));
                    }
                    KeyCode::Enter if typed.is_empty() => None,
                    // The preview of this file: import it as previewed.
                    KeyCode::Enter if previewed.is_some() => previewed.map(|p| ImportRun {
                        dry_run: false,
                        ..p.run.clone()
                    }),
                    KeyCode::Enter => Some(ImportRun {
                        path,
                        dry_run: true,
                        skip_bad: prompt.skip_offer,
                        dates: None,
                        map,
                        encoding,
                    }),
                    KeyCode::Tab if flip.is_some() => flip,
                    // Else Tab completes the file's name, as a shell does (before options).
                    KeyCode::Tab if map.is_some() || encoding.is_some() || line.is_err() => {
                        return Some(Popup::Import(prompt));
                    }
                    KeyCode::Tab => {
                        let (text, choices) =
                            crate::tui::popup::complete_path(&prompt.input.text, home.as_deref());
                        if text != prompt.input.text {
                            prompt.input = crate::tui::input::LineInput::with(&text);
                            prompt.edited();
                        }
                        prompt.choices = choices;
                        return Some(Popup::Import(prompt));
                    }
                    KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown
                        if prompt.preview.is_some() =>
                    {
                        let (lines, shown) = prompt.preview.as_ref().map_or((0, 1), |p| {
                            crate::tui::view::popups::import_preview_lines(&p.text, self.size)
                        });
                        let page = shown.saturating_sub(1).max(1);
                        prompt.scroll = match key.code {
                            KeyCode::Up => prompt.scroll.saturating_sub(1),
                            KeyCode::PageUp => prompt.scroll.saturating_sub(page),
                            KeyCode::Down => prompt.scroll + 1,
                            _ => prompt.scroll + page,
                        }
                        .min(lines.saturating_sub(shown));
                        return Some(Popup::Import(prompt));
                    }
                    _ => {
                        if prompt.input.handle(key) {
                            prompt.edited();
                        }
                        return Some(Popup::Import(prompt));
                    }
                };
                if let Some(run) = run {
                    prompt.choices.clear();
                    // The loop draws the dialog saying so, then runs it.
                    if run.dry_run {
                        prompt.preview = None;
                    }
                    self.external = Some(External::Import(run));
                    prompt.error = None;
                    prompt.busy = true;
                }
                Some(Popup::Import(prompt))
            }
        }
    }

    fn palette_key(
        &mut self,
        mut p: crate::tui::palette::Palette,
        key: &KeyEvent,
    ) -> Option<Popup> {
        let changed = match key.code {
            KeyCode::Enter => return self.palette_submit(p),
            KeyCode::Tab => p.complete(),
            KeyCode::Up => p.recall(&self.palette_history, true),
            KeyCode::Down => p.recall(&self.palette_history, false),
            _ if ctrl(key, 'n') => {
                p.selected = (p.selected + 1).min(p.items.len().saturating_sub(1));
                false
            }
            _ if ctrl(key, 'p') => {
                p.selected = p.selected.saturating_sub(1);
                false
            }
            _ => {
                let c = p.input.handle(key);
                if c {
                    p.history_pos = None;
                }
                c
            }
        };
        if changed {
            p.refresh_items(self.index.as_mut());
        }
        Some(Popup::Palette(p))
    }

    fn palette_submit(&mut self, mut p: crate::tui::palette::Palette) -> Option<Popup> {
        if self.index.is_none() {
            self.index = NameIndex::load(&self.store).ok();
            p.refresh_items(self.index.as_mut());
        }
        // Enter decides on a fresh, fully resolved preview: what was shown is what is saved.
        let shown_undo = p.undoing().filter(|_| !p.stale);
        p.refresh_preview(&self.store, &self.ctx, self.index.as_mut(), true);
        // Another process changed something since the preview named the change to undo.
        if let (Some(shown), Some(now)) = (shown_undo, p.undoing())
            && shown != now
        {
            self.say(super::NEWER_CHANGE, Tone::Info);
            return Some(Popup::Palette(p));
        }
        let line = p.input.text.trim().to_string();
        let remember = |app: &mut App| {
            if !line.is_empty() && app.palette_history.last() != Some(&line) {
                app.palette_history.push(line.clone());
            }
        };
        match &p.preview {
            Preview::Ready { command, .. } => {
                let command = command.clone();
                if self.run(&command) {
                    remember(self);
                    None
                } else {
                    Some(Popup::Palette(p))
                }
            }
            Preview::Ambiguous {
                query,
                candidates,
                total,
                command,
            } => Some(Popup::Choice(Choice {
                query: query.clone(),
                candidates: candidates.clone(),
                total: *total,
                selected: 0,
                command: command.clone(),
                line: p.input.text.clone(),
            })),
            Preview::NotFound { query, .. } => {
                self.say(
                    format!("no customer matches `{query}`; Tab takes the highlighted one"),
                    Tone::Error,
                );
                Some(Popup::Palette(p))
            }
            Preview::Error(e) => {
                let e = e.clone();
                self.say(e, Tone::Error);
                Some(Popup::Palette(p))
            }
            Preview::Hint(_) | Preview::Empty => match p.items.get(p.selected).cloned() {
                Some(Item::Action(a)) => {
                    self.dispatch(a);
                    self.popup.take()
                }
                Some(Item::Customer(hit)) => {
                    self.open_customer(hit.id);
                    None
                }
                Some(Item::Verb(..)) => {
                    p.complete();
                    p.refresh(&self.store, &self.ctx, self.index.as_mut());
                    Some(Popup::Palette(p))
                }
                None => Some(Popup::Palette(p)),
            },
        }
    }

    fn choice_key(&mut self, mut c: Choice, key: &KeyEvent) -> Option<Popup> {
        match self.keymap.action(key) {
            Some(Action::MoveDown) if key.code != KeyCode::Enter => {
                c.selected = (c.selected + 1).min(c.candidates.len().saturating_sub(1));
                return Some(Popup::Choice(c));
            }
            Some(Action::MoveUp) => {
                c.selected = c.selected.saturating_sub(1);
                return Some(Popup::Choice(c));
            }
            _ => {}
        }
        let pick = match key.code {
            KeyCode::Enter => Some(c.selected),
            KeyCode::Char(d @ '1'..='9') => Some(d as usize - '1' as usize),
            _ => None,
        };
        if let Some(cand) = pick.and_then(|i| c.candidates.get(i)) {
            let cmd = c.command.clone().with_customer(cand.id);
            if self.run(&cmd) {
                if !c.line.is_empty() && self.palette_history.last() != Some(&c.line) {
                    self.palette_history.push(c.line.clone());
                }
                return None;
            }
        }
        Some(Popup::Choice(c))
    }

    /// Selects an interaction in the history pane (after a search).
    fn select_interaction(&mut self, iid: crate::domain::InteractionId) {
        let Some(cid) = self.history.customer else {
            return;
        };
        let pos: rusqlite::Result<i64> = self.store.conn().query_row(
            "SELECT count(*) FROM interactions i, interactions t
             WHERE t.id = ?2 AND i.customer_id IN (SELECT ?1 UNION ALL SELECT id FROM customers WHERE org_id = ?1)
               AND (i.occurred_at > t.occurred_at OR (i.occurred_at = t.occurred_at AND i.id > t.id))",
            rusqlite::params![cid.0, iid.0],
            |r| r.get(0),
        );
        if let Ok(n) = pos {
            self.history.win.select(n as usize);
            let r = self.history.load(&self.store);
            self.report(r);
        }
    }
}

fn field_input(f: &mut crate::tui::form::Form, key: &KeyEvent) {
    let i = f.focus;
    if f.fields[i].input.handle(key) {
        f.error = None;
    }
}
