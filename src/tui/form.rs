//! Forms for adding and editing a customer and adding a deal; they build the same
//! [`Command`]s as the palette and the CLI.

use crate::command::{AddSpec, Command, Context, CustomerRef, DealSpec, EditSpec, NamePartsEdit};
use crate::domain::when::{Toward, parse_cadence_days, parse_cadence_setting, parse_date};
use crate::domain::{Customer, CustomerId, CustomerKind, NameParts, Stage};
use crate::interop::text::typed_birthday;

use super::input::LineInput;

/// What a form creates or changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    /// A new customer.
    AddCustomer,
    /// An existing customer (the profile as it was, to send only changes).
    EditCustomer(Box<Customer>),
    /// A new deal for a customer.
    AddDeal(CustomerId, String),
}

/// One labelled field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Label.
    pub label: &'static str,
    /// Value.
    pub input: LineInput,
    /// What to type.
    pub hint: &'static str,
    /// Long text: Ctrl-E opens $EDITOR.
    pub long: bool,
}

/// A form popup.
#[derive(Debug, Clone)]
pub struct Form {
    /// What it is for.
    pub kind: FormKind,
    /// Its fields.
    pub fields: Vec<Field>,
    /// The focused field.
    pub focus: usize,
    /// The last problem.
    pub error: Option<String>,
}

fn field(label: &'static str, value: &str, hint: &'static str) -> Field {
    Field {
        label,
        input: LineInput::with(value),
        hint,
        long: false,
    }
}

impl Form {
    /// An empty customer form.
    pub fn add_customer() -> Form {
        Form::customer(FormKind::AddCustomer, None)
    }

    /// A customer form prefilled with the profile.
    pub fn edit_customer(c: &Customer) -> Form {
        Form::customer(FormKind::EditCustomer(Box::new(c.clone())), Some(c))
    }

    fn customer(kind: FormKind, c: Option<&Customer>) -> Form {
        let mut form = Form::customer_fields(kind, c);
        let Some(c) = c else {
            return form;
        };
        // What an import read in parts, to correct (the vCard export follows); a person's
        // name only (an organization's has no given or family name).
        if c.kind == CustomerKind::Person {
            let part = |p: fn(&NameParts) -> &str| c.name_parts.as_ref().map_or("", p);
            let at = form.at("Name") + 1;
            form.fields.splice(
                at..at,
                [
                    field("Given name", part(|p| &p.given), "as the name writes it"),
                    field("Middle name", part(|p| &p.additional), ""),
                    field(
                        "Family name",
                        part(|p| &p.family),
                        "all of it: García López",
                    ),
                ],
            );
        }
        // Every contact point but the first email and phone, to add to and remove from.
        let at = form.at("Phone") + 1;
        form.fields.insert(
            at,
            field(
                MORE,
                &crate::command::contact::line(&more_contacts(c)),
                "web, IM, more emails, phones: skype:anna.k (work); acme.pl",
            ),
        );
        let at = form.at("Address") + 1;
        form.fields.insert(
            at,
            field(
                "Address label",
                c.address_label().unwrap_or_default(),
                "work, home, or your own",
            ),
        );
        form
    }

    /// Where the field labelled `label` is (after the last field when there is none).
    fn at(&self, label: &str) -> usize {
        self.fields
            .iter()
            .position(|f| f.label == label)
            .unwrap_or(self.fields.len().saturating_sub(1))
    }

    fn customer_fields(kind: FormKind, c: Option<&Customer>) -> Form {
        let get = |f: &dyn Fn(&Customer) -> String| c.map(f).unwrap_or_default();
        let mut notes = field("Notes", &get(&|c| c.notes.clone()), "Ctrl-E opens $EDITOR");
        notes.long = true;
        let mut needs = field(
            "Needs",
            &get(&|c| c.needs.clone()),
            "what they need and prefer",
        );
        needs.long = true;
        let mut address = field(
            "Address",
            &get(&|c| c.address.clone().unwrap_or_default()),
            "postal address; Ctrl-E for several lines",
        );
        address.long = true;
        Form {
            kind,
            fields: vec![
                field("Name", &get(&|c| c.name.clone()), "required"),
                field(
                    "Kind",
                    &c.map_or_else(|| "person".into(), |c| c.kind.to_string()),
                    "person or org",
                ),
                field(
                    "Organization",
                    &get(&|c| c.org_name.clone().unwrap_or_default()),
                    "created when new",
                ),
                field("Email", &get(&|c| c.email().unwrap_or_default().into()), ""),
                field("Phone", &get(&|c| c.phone().unwrap_or_default().into()), ""),
                field("Tags", &get(&|c| c.tags.join(" ")), "space separated"),
                field(
                    "Cadence",
                    &get(&|c| c.cadence_days.map(|d| format!("{d}d")).unwrap_or_default()),
                    "how often: 14d, 2w, 1m",
                ),
                field(
                    "Title",
                    &get(&|c| c.title.clone().unwrap_or_default()),
                    "job title",
                ),
                address,
                field(
                    "Owner",
                    &get(&|c| c.owner.clone().unwrap_or_default()),
                    "who handles them",
                ),
                field(
                    "Birthday",
                    &get(&|c| c.birthday.map(|d| d.to_string()).unwrap_or_default()),
                    "with its year: 1980-05-14, 14 May 1980",
                ),
                notes,
                needs,
            ],
            focus: 0,
            error: None,
        }
    }

    /// A deal form for a customer.
    pub fn add_deal(id: CustomerId, name: &str) -> Form {
        Form {
            kind: FormKind::AddDeal(id, name.to_string()),
            fields: vec![
                field("Title", "", "required, e.g. Fleet renewal"),
                field("Value", "", "e.g. 12000 or 12 000,50 EUR"),
                field(
                    "Stage",
                    "lead",
                    "lead qualified proposal negotiation won lost",
                ),
                field("Probability", "", "0-100; empty = by stage"),
                field("Close", "", "expected close: 15 dec, eom, +3w"),
            ],
            focus: 0,
            error: None,
        }
    }

    /// The form's title.
    pub fn title(&self) -> String {
        match &self.kind {
            FormKind::AddCustomer => "Add a customer".into(),
            FormKind::EditCustomer(c) => format!("Edit {}", crate::domain::text::sanitize(&c.name)),
            FormKind::AddDeal(_, name) => {
                format!("New deal with {}", crate::domain::text::sanitize(name))
            }
        }
    }

    fn value(&self, label: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map(|f| f.input.text.trim().to_string())
            .unwrap_or_default()
    }

    /// Moves the focus by one field.
    pub fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len();
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    /// Builds the command the form describes, or says what is wrong.
    pub fn command(&self, ctx: &Context) -> Result<Command, String> {
        match &self.kind {
            FormKind::AddCustomer => {
                let kind = CustomerKind::parse(&self.value("Kind"))
                    .ok_or_else(|| format!("Kind `{}`: use person or org", self.value("Kind")))?;
                let opt = |l: &str| Some(self.value(l)).filter(|v| !v.is_empty());
                Ok(Command::Add(AddSpec {
                    kind,
                    name: self.value("Name"),
                    org: opt("Organization"),
                    emails: opt("Email").into_iter().collect(),
                    phones: opt("Phone").into_iter().collect(),
                    tags: words(&self.value("Tags")),
                    cadence_days: match opt("Cadence") {
                        Some(c) => {
                            Some(parse_cadence_days(&c).map_err(|e| format!("Cadence: {e}"))?)
                        }
                        None => None,
                    },
                    title: opt("Title"),
                    address: opt("Address"),
                    notes: opt("Notes"),
                    needs: opt("Needs"),
                    owner: opt("Owner"),
                    birthday: opt("Birthday")
                        .map(|b| typed_birthday(&b, ctx.today))
                        .transpose()
                        .map_err(|e| format!("Birthday: {e}"))?,
                }))
            }
            FormKind::EditCustomer(before) => {
                let mut spec = EditSpec::default();
                let changed = |label: &str, old: &str| {
                    let v = self.value(label);
                    (v != old.trim()).then_some(v)
                };
                spec.name = changed("Name", &before.name);
                if let Some(k) = changed("Kind", before.kind.as_str()) {
                    spec.kind = Some(
                        CustomerKind::parse(&k)
                            .ok_or_else(|| format!("Kind `{k}`: use person or org"))?,
                    );
                }
                spec.org = changed("Organization", before.org_name.as_deref().unwrap_or(""));
                match changed("Email", before.email().unwrap_or("")) {
                    Some(v) if v.is_empty() => {
                        spec.remove.extend(before.email().map(str::to_string));
                    }
                    other => spec.email = other,
                }
                match changed("Phone", before.phone().unwrap_or("")) {
                    Some(v) if v.is_empty() => {
                        spec.remove.extend(before.phone().map(str::to_string));
                    }
                    other => spec.phone = other,
                }
                if self.fields.iter().any(|f| f.label == MORE) {
                    let (removed, typed) = crate::command::contact::line_changes(
                        &more_contacts(before),
                        &self.value(MORE),
                    )
                    .map_err(|e| format!("{MORE}: {e}"))?;
                    spec.remove.extend(removed);
                    spec.more.typed = typed;
                }
                let new_tags = words(&self.value("Tags"));
                spec.tags = new_tags
                    .iter()
                    .filter(|t| !before.tags.contains(t))
                    .cloned()
                    .collect();
                spec.untags = before
                    .tags
                    .iter()
                    .filter(|t| !new_tags.contains(t))
                    .cloned()
                    .collect();
                let cad = before
                    .cadence_days
                    .map(|d| format!("{d}d"))
                    .unwrap_or_default();
                if let Some(c) = changed("Cadence", &cad) {
                    spec.cadence_days =
                        Some(parse_cadence_setting(&c).map_err(|e| format!("Cadence: {e}"))?);
                }
                spec.title = changed("Title", before.title.as_deref().unwrap_or(""));
                spec.address = changed("Address", before.address.as_deref().unwrap_or(""));
                spec.owner = changed("Owner", before.owner.as_deref().unwrap_or(""));
                let born = before.birthday.map(|d| d.to_string()).unwrap_or_default();
                if let Some(b) = changed("Birthday", &born) {
                    spec.birthday = Some(if b.is_empty() {
                        None
                    } else {
                        Some(typed_birthday(&b, ctx.today).map_err(|e| format!("Birthday: {e}"))?)
                    });
                }
                spec.notes = changed("Notes", &before.notes);
                spec.needs = changed("Needs", &before.needs);
                let part = |p: fn(&NameParts) -> &str| before.name_parts.as_ref().map_or("", p);
                spec.name_parts = Box::new(NamePartsEdit {
                    given: changed("Given name", part(|p| &p.given)),
                    additional: changed("Middle name", part(|p| &p.additional)),
                    family: changed("Family name", part(|p| &p.family)),
                    prefix: None,
                    suffix: None,
                });
                spec.address_label =
                    changed("Address label", before.address_label().unwrap_or_default());
                if spec == EditSpec::default() {
                    return Err("nothing changed; edit a field, or Esc to close".into());
                }
                Ok(Command::Edit {
                    who: CustomerRef::Id(before.id),
                    spec,
                })
            }
            FormKind::AddDeal(id, _) => {
                let value = crate::domain::deal::parse_value(&self.value("Value"), ctx.currency)
                    .map_err(|e| format!("Value: {e}"))?;
                let stage_txt = self.value("Stage");
                let stage = Stage::parse(if stage_txt.is_empty() {
                    "lead"
                } else {
                    &stage_txt
                })
                .ok_or_else(|| format!("Stage `{stage_txt}`: use {}", Stage::spellings()))?;
                let p = self.value("Probability");
                let probability = if p.is_empty() {
                    None
                } else {
                    let n: i64 = p
                        .trim_end_matches('%')
                        .parse()
                        .map_err(|_| format!("Probability `{p}`: a number 0-100"))?;
                    Some(crate::domain::deal::check_probability(n)?)
                };
                let c = self.value("Close");
                let close = if c.is_empty() {
                    None
                } else {
                    Some(
                        parse_date(&c, ctx.today, Toward::Future, ctx.week_start)
                            .map_err(|e| format!("Close: {e}"))?,
                    )
                };
                Ok(Command::Deal(DealSpec {
                    who: CustomerRef::Id(*id),
                    title: self.value("Title"),
                    value,
                    stage,
                    probability,
                    close,
                }))
            }
        }
    }
}

/// The label of the edit form's line of contact points beyond the main email and phone.
const MORE: &str = "More contacts";

/// A customer's contact points but the first email and the first phone (the form's own
/// fields), in the order `rolo show` lists them.
fn more_contacts(c: &Customer) -> Vec<&crate::domain::ContactPoint> {
    let (mut email, mut phone) = (true, true);
    c.contacts_by_kind()
        .into_iter()
        .filter(|cp| match cp.kind {
            crate::domain::ContactKind::Email => !std::mem::take(&mut email),
            crate::domain::ContactKind::Phone => !std::mem::take(&mut phone),
            _ => true,
        })
        .collect()
}

fn words(s: &str) -> Vec<String> {
    s.split([' ', ','])
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests;
