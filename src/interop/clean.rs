//! Control characters are taken out of every imported value before it is stored: NUL, the
//! other C0 controls but tab and line feed, DEL and the C1 controls. Anywhere in a value, in
//! every format (the NUL check on a file's first kilobyte only tells text from binary).
//! Stripped, not refused: a stray control in a notes field is common in old exports and
//! never meant anything; what a terminal could act on must not reach the database. Bidi
//! marks stay (they belong to right-to-left names) and are made inert where text is shown.

use super::Incoming;
use super::backup::{CustomerRec, DealRec, Fields, FollowUpRec, Handover, InteractionRec};

/// True for a character taken out.
fn is_control(c: char) -> bool {
    c != '\t' && c != '\n' && crate::domain::text::is_control_char(c)
}

/// Takes the control characters out of `s` (a quick byte scan first: most values have none).
pub fn strip(s: &mut String) {
    // C0 and DEL are single bytes; C1 controls are 0xC2 0x80..=0x9F in UTF-8.
    let suspect = s
        .as_bytes()
        .iter()
        .any(|&b| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7f || b == 0xc2);
    if suspect && s.chars().any(is_control) {
        s.retain(|c| !is_control(c));
    }
}

fn strip_opt(s: &mut Option<String>) {
    if let Some(s) = s {
        strip(s);
    }
}

/// Values whose control characters [`strip`] takes out before they are stored.
pub trait Strip {
    /// Strips every text field.
    fn strip(&mut self);
}

impl Strip for Incoming {
    fn strip(&mut self) {
        strip(&mut self.name);
        if let Some(p) = &mut self.name_parts {
            p.strip();
        }
        strip_opt(&mut self.org);
        strip_opt(&mut self.title);
        strip_opt(&mut self.address);
        if let Some(p) = &mut self.address_parts {
            p.strip();
        }
        strip(&mut self.notes);
        strip(&mut self.needs);
        for cp in &mut self.contacts {
            strip(&mut cp.value);
            strip_opt(&mut cp.label);
        }
        self.tags.iter_mut().for_each(strip);
        strip_opt(&mut self.uid);
        strip_opt(&mut self.owner);
        strip_opt(&mut self.not_utf8);
    }
}

impl Strip for CustomerRec {
    fn strip(&mut self) {
        strip(&mut self.uid);
        strip(&mut self.name);
        if let Some(p) = &mut self.name_parts {
            p.strip();
        }
        strip_opt(&mut self.org);
        strip_opt(&mut self.title);
        strip_opt(&mut self.address);
        if let Some(p) = &mut self.address_parts {
            p.strip();
        }
        strip(&mut self.notes);
        strip(&mut self.needs);
        strip_opt(&mut self.owner);
        for cp in &mut self.contacts {
            strip(&mut cp.value);
            strip_opt(&mut cp.label);
        }
        self.tags.iter_mut().for_each(strip);
        if let Some(h) = &mut self.handover {
            h.strip();
        }
    }
}

impl Strip for Handover {
    fn strip(&mut self) {
        strip(&mut self.uid);
        for cp in &mut self.contacts {
            strip(&mut cp.value);
            strip_opt(&mut cp.label);
        }
        self.tags.iter_mut().for_each(strip);
        for f in self
            .fields
            .iter_mut()
            .chain(&mut self.kept)
            .chain(&mut self.after)
        {
            f.strip();
        }
        self.said.iter_mut().for_each(strip);
        self.merged.iter_mut().for_each(Strip::strip);
    }
}

impl Strip for Fields {
    fn strip(&mut self) {
        strip(&mut self.name);
        if let Some(p) = &mut self.name_parts {
            p.strip();
        }
        strip_opt(&mut self.title);
        strip_opt(&mut self.address);
        if let Some(p) = &mut self.address_parts {
            p.strip();
        }
        strip(&mut self.notes);
        strip(&mut self.needs);
        strip_opt(&mut self.owner);
        strip_opt(&mut self.birthday);
    }
}

impl Strip for crate::domain::AddressParts {
    fn strip(&mut self) {
        for part in [
            &mut self.po_box,
            &mut self.extended,
            &mut self.street,
            &mut self.city,
            &mut self.region,
            &mut self.postcode,
            &mut self.country,
            &mut self.label,
        ] {
            strip(part);
        }
    }
}

impl Strip for crate::domain::NameParts {
    fn strip(&mut self) {
        for part in [
            &mut self.family,
            &mut self.given,
            &mut self.additional,
            &mut self.prefix,
            &mut self.suffix,
        ] {
            strip(part);
        }
    }
}

impl Strip for DealRec {
    fn strip(&mut self) {
        strip(&mut self.customer);
        strip(&mut self.title);
        strip(&mut self.currency);
        strip(&mut self.stage);
    }
}

impl Strip for InteractionRec {
    fn strip(&mut self) {
        strip(&mut self.customer);
        strip(&mut self.kind);
        strip(&mut self.direction);
        strip(&mut self.summary);
        strip(&mut self.notes);
    }
}

impl Strip for FollowUpRec {
    fn strip(&mut self) {
        strip(&mut self.customer);
        strip(&mut self.what);
        strip(&mut self.status);
        strip_opt(&mut self.repeat_rule);
        strip_opt(&mut self.event_uid);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_takes_out_controls_anywhere_and_keeps_the_rest() {
        let mut s = format!(
            "{}\u{0}A\u{1b}[2Jn\u{7f}a\u{9b}\tb\nc\r\u{202e}ż",
            "x".repeat(5000)
        );
        strip(&mut s);
        assert_eq!(s, format!("{}A[2Jna\tb\nc\u{202e}ż", "x".repeat(5000)));
        let mut plain = String::from("Łucja Żółć ąę");
        strip(&mut plain);
        assert_eq!(plain, "Łucja Żółć ąę");
    }
}
