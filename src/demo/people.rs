//! Demo customers: organizations and people with names, contact points, addresses and tags.

use std::collections::HashSet;

use rusqlite::params;

use super::phrases::{CUSTOMER_NOTES, NEEDS};
use super::words::{AddressStyle, LOCALES, Locale, OWNERS, OrgOrder, TITLES};
use super::{Force, Gen};
use crate::domain::text::{fold, name_columns};
use crate::domain::{ContactKind, ContactPoint};
use crate::store::StoreError;

/// The stable id of the `seq`-th demo customer of a seed.
pub(super) fn uid(seed: u64, seq: usize) -> String {
    format!("rolo-demo-{seed}-{seq}")
}

/// What people of an organization inherit from it.
pub(super) struct Org {
    id: i64,
    locale: usize,
    domain: String,
    city: &'static str,
    address: String,
    owner: &'static str,
}

/// The traits that shape a customer's history.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent traits, not states"
)]
pub(super) struct Profile {
    /// Row id.
    pub id: i64,
    /// An organization (less personal contact).
    pub org: bool,
    /// One of the fifth of customers that get most contact and bring most value.
    pub key: bool,
    /// No contact for 60-700 days.
    pub dormant: bool,
    /// Satisfaction falls over time.
    pub trending_down: bool,
    /// Days since the customer was created.
    pub created_ago: i64,
    /// Unix seconds of creation.
    pub created_at: i64,
    /// Days since the last contact.
    pub last_ago: i64,
    /// New and not contacted yet: no history, no deals.
    pub silent: bool,
    /// How many deals the customer gets.
    pub deals: usize,
    /// A follow-up the customer must have.
    pub force: Force,
}

impl Gen<'_> {
    /// The index of a locale in `LOCALES`, by their shares.
    fn locale(&mut self) -> usize {
        let mut roll = self.rng.u32(..100);
        for (i, &(share, _)) in LOCALES.iter().enumerate() {
            if roll < share {
                return i;
            }
            roll -= share;
        }
        0
    }

    /// Decides the traits of a new customer.
    fn profile(&mut self, org: bool, force: Force) -> Profile {
        let key = self.chance(0.2);
        let dormant = force == Force::None && self.chance(if key { 0.15 } else { 0.34 });
        let trending_down = self.chance(if dormant { 0.25 } else { 0.08 });
        let fresh = !dormant && force == Force::None && self.chance(0.1);
        let u = self.rng.f64();
        let last_ago = if dormant {
            60 + (u.powf(1.6) * 640.0) as i64
        } else {
            1 + (u * u * 49.0) as i64
        };
        let created_ago = if fresh {
            self.between(3, 90)
        } else if dormant {
            last_ago + self.between(20, 1100)
        } else {
            self.between(90, 1800)
        };
        let silent = fresh && created_ago < 90 && self.chance(0.15);
        let has_deals = !silent && self.chance(if key { 0.8 } else { 0.3 });
        let deals = if has_deals {
            let (a, b) = if key { (0.5, 0.25) } else { (0.3, 0.08) };
            1 + usize::from(self.chance(a)) + usize::from(self.chance(b))
        } else {
            0
        };
        Profile {
            id: 0,
            org,
            key,
            dormant,
            trending_down,
            created_ago,
            created_at: self.stamp(created_ago),
            last_ago: last_ago.min(created_ago),
            silent,
            deals,
            force,
        }
    }

    /// Creates the `seq`-th customer as an organization.
    pub(super) fn org(
        &mut self,
        seq: usize,
        names: &mut HashSet<String>,
    ) -> Result<Org, StoreError> {
        let locale = self.locale();
        let loc = LOCALES[locale].1;
        let (city, postcode) = self.pick(loc.cities);
        self.city = city;
        let mut core = self.org_core(loc);
        for _ in 0..3 {
            if !names.contains(&core) {
                break;
            }
            core = self.org_core(loc);
        }
        if names.contains(&core) {
            core = format!("{core} {city}");
        }
        let mut k = 2;
        let base = core.clone();
        while names.contains(&core) {
            core = format!("{base} {k}");
            k += 1;
        }
        names.insert(core.clone());
        let name = format!("{core} {}", self.pick(loc.suffixes));
        let domain = format!("{}.{}", fold(&core).replace(' ', ""), loc.tld);
        let address = self.address(loc, city, postcode);
        let owner = self.owner();
        let mut p = self.profile(true, Force::None);
        let notes = self.sentences(CUSTOMER_NOTES, 0.3);
        let needs = self.sentences(NEEDS, 0.3);
        let cadence = self.cadence(p.key);
        p.id = self.insert_customer(
            seq,
            &p,
            &name,
            None,
            None,
            Some(&address),
            &notes,
            &needs,
            cadence,
            owner,
        )?;
        let mut pos = 0;
        self.contact(
            p.id,
            ContactKind::Url,
            &format!("https://www.{domain}"),
            None,
            &mut pos,
        )?;
        let info = format!(
            "{}@{domain}",
            self.pick(&["info", "office", "biuro", "kontakt", "sales"])
        );
        self.contact(p.id, ContactKind::Email, &info, Some("office"), &mut pos)?;
        let mut phone = String::new();
        let pattern = self.pick(loc.phones);
        self.digits(pattern, &mut phone);
        self.contact(p.id, ContactKind::Phone, &phone, Some("office"), &mut pos)?;
        self.tags(&p)?;
        self.history(&p)?;
        Ok(Org {
            id: p.id,
            locale,
            domain,
            city,
            address,
            owner,
        })
    }

    /// The name of an organization without its legal suffix.
    fn org_core(&mut self, loc: &Locale) -> String {
        let surname = self.pick(loc.surnames).0;
        let word = self.pick(loc.org_words);
        let roll = self.rng.u32(..100);
        if roll < 10 {
            let other = self.pick(loc.surnames).0;
            return format!("{surname} & {other}");
        }
        let base = if roll < 55 {
            surname
        } else {
            self.pick(loc.brands)
        };
        match loc.org_order {
            OrgOrder::NameFirst => format!("{base} {word}"),
            OrgOrder::WordFirst => format!("{word} {base}"),
        }
    }

    /// Creates the `seq`-th customer as a person, in one of `orgs` most of the time.
    pub(super) fn person(
        &mut self,
        seq: usize,
        orgs: &[Org],
        force: Force,
    ) -> Result<(), StoreError> {
        let org = if !orgs.is_empty() && self.chance(0.7) {
            Some(&orgs[self.rng.u32(..orgs.len() as u32) as usize])
        } else {
            None
        };
        let locale = match org {
            Some(o) if self.chance(0.85) => o.locale,
            _ => self.locale(),
        };
        let loc = LOCALES[locale].1;
        let female = self.rng.bool();
        let first = if self.chance(0.04) {
            let other = LOCALES[self.locale()].1;
            self.pick(if female { other.female } else { other.male })
        } else {
            self.pick(if female { loc.female } else { loc.male })
        };
        let (m, f) = self.pick(loc.surnames);
        let mut last = String::from(if female { f } else { m });
        if loc.double_surname && self.chance(0.6) {
            let (m2, _) = self.pick(loc.surnames);
            last = format!("{last} {m2}");
        }
        let name = format!("{first} {last}");
        let (city, postcode) = self.pick(loc.cities);
        let address = match org {
            Some(o) if self.chance(0.6) => {
                self.city = o.city;
                Some(o.address.clone())
            }
            _ => {
                self.city = city;
                self.chance(0.8).then(|| self.address(loc, city, postcode))
            }
        };
        let title = self
            .chance(if org.is_some() { 0.75 } else { 0.4 })
            .then(|| self.pick(TITLES));
        let owner = match org {
            Some(o) if self.chance(0.8) => o.owner,
            _ => self.owner(),
        };
        let mut p = self.profile(false, force);
        let notes = self.sentences(CUSTOMER_NOTES, 0.3);
        let needs = self.sentences(NEEDS, 0.4);
        let cadence = self.cadence(p.key);
        p.id = self.insert_customer(
            seq,
            &p,
            &name,
            org.map(|o| o.id),
            title,
            address.as_deref(),
            &notes,
            &needs,
            cadence,
            owner,
        )?;
        self.person_contacts(p.id, loc, first, &last, org.map(|o| o.domain.as_str()))?;
        self.tags(&p)?;
        self.history(&p)
    }

    fn person_contacts(
        &mut self,
        id: i64,
        loc: &Locale,
        first: &str,
        last: &str,
        work_domain: Option<&str>,
    ) -> Result<(), StoreError> {
        let first_ascii = fold(first).replace(' ', "");
        let last_ascii = fold(last).replace(' ', "");
        let local = match self.rng.u32(..10) {
            0..=5 => format!("{first_ascii}.{last_ascii}"),
            6 | 7 => format!("{}.{last_ascii}", first_ascii.chars().next().unwrap_or('x')),
            8 => format!("{first_ascii}{last_ascii}"),
            _ => first_ascii.clone(),
        };
        let how_many = self.weighted(&[(35, 1), (45, 2), (20, 3)]);
        let mut pos = 0;
        let no_email = self.chance(0.08);
        for k in 0..how_many {
            match (k, no_email) {
                (0, false) => {
                    let (email, label) = match work_domain {
                        Some(d) => (format!("{local}@{d}"), "work"),
                        None => (
                            format!("{local}@{}", self.pick(loc.mail_domains)),
                            "private",
                        ),
                    };
                    self.contact(id, ContactKind::Email, &email, Some(label), &mut pos)?;
                }
                (2, false) if self.chance(0.5) => {
                    let n = self.between(1, 99);
                    let email = format!(
                        "{first_ascii}{last_ascii}{n}@{}",
                        self.pick(loc.mail_domains)
                    );
                    self.contact(id, ContactKind::Email, &email, Some("private"), &mut pos)?;
                }
                _ => {
                    let pattern = if k <= 1 {
                        loc.phones[0]
                    } else {
                        self.pick(loc.phones)
                    };
                    let mut phone = String::new();
                    self.digits(pattern, &mut phone);
                    let label = if k <= 1 { "mobile" } else { "office" };
                    self.contact(id, ContactKind::Phone, &phone, Some(label), &mut pos)?;
                }
            }
        }
        Ok(())
    }

    fn contact(
        &mut self,
        id: i64,
        kind: ContactKind,
        value: &str,
        label: Option<&str>,
        pos: &mut i64,
    ) -> Result<(), StoreError> {
        let norm = ContactPoint::normalized(kind, value);
        self.ins
            .contact
            .execute(params![id, kind.as_str(), value, norm, label, *pos])?;
        *pos += 1;
        Ok(())
    }

    fn address(&mut self, loc: &Locale, city: &str, postcode: &str) -> String {
        let street = self.pick(loc.streets);
        let number = self.between(1, 180);
        let mut code = String::new();
        self.digits(postcode, &mut code);
        match loc.address {
            AddressStyle::StreetNumberPostcodeCity => {
                if self.chance(0.3) {
                    let flat = self.between(1, 60);
                    format!("{street} {number}/{flat}, {code} {city}")
                } else {
                    format!("{street} {number}, {code} {city}")
                }
            }
            AddressStyle::NumberStreetPostcodeCity => format!("{number} {street}, {code} {city}"),
            AddressStyle::NumberStreetCityPostcode => format!("{number} {street}, {city} {code}"),
        }
    }

    fn owner(&mut self) -> &'static str {
        self.weighted(&[
            (55, OWNERS[0]),
            (15, OWNERS[1]),
            (15, OWNERS[2]),
            (15, OWNERS[3]),
        ])
    }

    /// Contact cadence in days on about a quarter of customers (half of the key ones).
    fn cadence(&mut self, key: bool) -> Option<i64> {
        if key {
            self.chance(0.5)
                .then(|| self.pick(&[7, 14, 14, 30, 30, 60]))
        } else {
            self.chance(0.2)
                .then(|| self.pick(&[14, 30, 30, 60, 90, 90]))
        }
    }

    /// One or two sentences from `pool` with probability `p`, else empty.
    fn sentences(&mut self, pool: &[&str], p: f64) -> String {
        let mut out = String::new();
        if self.chance(p) {
            let first = self.pick(pool);
            self.fill(first, &mut out);
            if self.chance(0.4) {
                let second = self.pick(pool);
                if second != first {
                    out.push(' ');
                    self.fill(second, &mut out);
                }
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn insert_customer(
        &mut self,
        seq: usize,
        p: &Profile,
        name: &str,
        org_id: Option<i64>,
        title: Option<&str>,
        address: Option<&str>,
        notes: &str,
        needs: &str,
        cadence: Option<i64>,
        owner: &str,
    ) -> Result<i64, StoreError> {
        let needs_at = (!needs.is_empty()).then(|| self.between(p.created_at, self.horizon));
        let touched = needs_at.unwrap_or(p.created_at);
        let updated_at = if self.chance(0.5) {
            self.between(touched, self.horizon)
        } else {
            touched
        };
        let birthday = (!p.org && self.chance(0.15)).then(|| {
            let (y, m, d) = (
                self.between(1955, 2001),
                self.between(1, 12),
                self.between(1, 28),
            );
            format!("{y:04}-{m:02}-{d:02}")
        });
        let kind = if p.org { "org" } else { "person" };
        let (name_key, name_latin, name_grams) = name_columns(name);
        let id = self.ins.customer.insert(params![
            kind,
            name,
            org_id,
            title,
            address,
            notes,
            needs,
            needs_at,
            cadence,
            owner,
            birthday,
            uid(self.seed, seq),
            p.created_at,
            updated_at,
            name_key,
            name_latin,
            name_grams,
        ])?;
        Ok(id)
    }

    /// Tags on about 60% of customers; key customers are mostly tagged `key`.
    fn tags(&mut self, p: &Profile) -> Result<(), StoreError> {
        let mut chosen: Vec<usize> = Vec::with_capacity(3);
        if p.key && self.chance(0.65) {
            chosen.push(0);
            if self.chance(0.3) {
                chosen.push(4);
            }
        }
        if self.chance(0.5) {
            let n = self.between(1, 2);
            for _ in 0..n {
                // Every tag but key (0), vip (4) and prospect (2), which follow the profile.
                let t = self.pick(&[1, 3, 5, 5, 6, 7, 7, 8, 9]);
                chosen.push(t);
            }
        }
        if !p.key && p.deals == 0 && self.chance(0.25) {
            chosen.push(2);
        }
        for t in chosen {
            self.ins.tag.execute(params![p.id, self.tag_ids[t]])?;
        }
        Ok(())
    }
}
