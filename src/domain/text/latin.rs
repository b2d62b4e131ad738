//! Latin spellings of names written in other scripts, so that `nikos` finds `Νίκος` and
//! `dmitry` finds `Дмитрий`: what a user types on a Latin keyboard.

/// The Latin spelling of the words of `name` written in another script (Greek, Cyrillic,
/// Chinese, …), each as [`loose`] keeps it, separated by spaces; empty for a name in Latin
/// letters, which [`super::fold`] already reads (`Łukasz` is `lukasz`). Stored as
/// `customers.name_latin` and indexed beside the name: `Νίκος Παπαδόπουλος` is
/// `nikos papadopoulos`, `Дмитрий Иванов` `dmitri ivanov`, `王伟` `vang vei`.
///
/// Transliteration is `deunicode`'s, but for Greek, which it spells as ancient Greek
/// (`Δημήτρης` `Demetres`): modern Greek as ELOT 743 writes it comes first ([`modern_greek`]).
pub fn name_latin(name: &str) -> String {
    // (Most names: nothing to spell, and no folding to do to see it.)
    if name.is_ascii() {
        return String::new();
    }
    latin_of_folded(&super::fold(name))
}

/// [`name_latin`] of a name folded already.
pub(super) fn latin_of_folded(folded: &str) -> String {
    let mut out = String::new();
    for word in folded.split(' ').filter(|w| !w.is_ascii()) {
        spell_into(word, &mut out, true);
    }
    out
}

/// A folded name as it sorts ([`super::name_key`]): its words in another script spelled in
/// Latin letters as [`name_latin`] spells them, but not [`loose`]d (`wang wei`, where
/// `name_latin` has `vang vei`), so that `王伟` sorts among the W's a reader looks under;
/// its other words as they are. `None` for a name in Latin letters, or one of which no
/// word can be spelled.
pub fn sort_spelling(folded: &str) -> Option<String> {
    spelled(folded, false)
}

/// A folded name in another script, whole or in part, as a name typed in Latin letters is
/// compared with it: every word [`loose`] Latin letters, the ones in another script spelled
/// as [`name_latin`] spells them (`Anna Νίκου` is `ana nikou`, as `Anna Nikou` typed is).
/// `None` for a name in Latin letters, or one of which no word can be spelled.
pub fn loose_spelling(folded: &str) -> Option<String> {
    spelled(folded, true)
}

/// [`sort_spelling`], or with `loose` [`loose_spelling`].
fn spelled(folded: &str, loose: bool) -> Option<String> {
    if folded.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(folded.len());
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        if word.is_ascii() {
            if !out.is_empty() {
                out.push(' ');
            }
            if loose {
                loose_into(word, &mut out);
            } else {
                out.push_str(word);
            }
        } else {
            spell_into(word, &mut out, loose);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Appends the Latin spelling of a folded word in another script to `out`, each of its
/// parts after a space unless `out` is empty; [`loose`] when `loose`.
fn spell_into(word: &str, out: &mut String, loose: bool) {
    let ascii = deunicode::deunicode_with_tofu(&modern_greek(word), "");
    for part in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        let part = part.to_ascii_lowercase();
        if loose {
            loose_into(&part, out);
        } else {
            out.push_str(&part);
        }
    }
}

/// A typed word as it is compared with a [`name_latin`]: [`loose`] when it is in Latin
/// letters (`None` for one in another script, which the name itself answers).
pub fn typed_latin(word: &str) -> Option<String> {
    (!word.is_empty() && word.is_ascii()).then(|| {
        let mut out = String::with_capacity(word.len() + 2);
        loose_into(&word.to_ascii_lowercase(), &mut out);
        out
    })
}

/// A lowercase ASCII word with the letters transliterations disagree on made one: `y` and
/// `j` are `i`, `w` is `v`, `x` is `ks`, and a letter twice in a row is one. So `dmitry`,
/// `dmitriy`, `dmitrij` and `dmitrii` are all `dmitri`, `yulia` and `iuliia` are `iulia`,
/// `alexei` is `aleksei`. Each rule keeps a prefix a prefix (`alek` of `alex…`), since names
/// are found by the beginnings of their words.
pub fn loose(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    loose_into(word, &mut out);
    out
}

fn loose_into(word: &str, out: &mut String) {
    let start = out.len();
    let push = |c: char, out: &mut String| {
        if out.len() == start || !out.ends_with(c) {
            out.push(c);
        }
    };
    for c in word.chars() {
        match c {
            'y' | 'j' => push('i', out),
            'w' => push('v', out),
            'x' => {
                push('k', out);
                push('s', out);
            }
            c => push(c, out),
        }
    }
}

/// A folded Greek word (no tonos, final `σ`) with the letters modern Greek reads otherwise
/// than ancient Greek spelled in Latin: `η` `i`, `υ` `y`, `β` `v`, `φ` `f`, `χ` `ch`, `ου`
/// `ou`, `αυ` `ευ` `av` `ev` (`af` `ef` before a voiceless consonant), `γγ` `ng`; Serbian
/// `ћ` is `c`. Other letters are left to `deunicode`. A word without them is borrowed.
fn modern_greek(word: &str) -> std::borrow::Cow<'_, str> {
    const VOICELESS: &str = "θκξπστφχψ";
    if !word.chars().any(|c| ('α'..='ω').contains(&c) || c == 'ћ') {
        return word.into();
    }
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        let next = chars.get(i + 1).copied();
        let after = chars.get(i + 2).copied();
        match (chars[i], next) {
            ('ο', Some('υ')) => {
                out.push_str("ou");
                i += 2;
            }
            (v @ ('α' | 'ε' | 'η'), Some('υ')) => {
                out.push(match v {
                    'α' => 'a',
                    'ε' => 'e',
                    _ => 'i',
                });
                out.push(if after.is_none_or(|c| VOICELESS.contains(c)) {
                    'f'
                } else {
                    'v'
                });
                i += 2;
            }
            ('γ', Some('γ')) => {
                out.push_str("ng");
                i += 2;
            }
            (c, _) => {
                match c {
                    'η' => out.push('i'),
                    'υ' => out.push('y'),
                    'β' => out.push('v'),
                    'φ' => out.push('f'),
                    'χ' => out.push_str("ch"),
                    'ћ' => out.push('c'),
                    c => out.push(c),
                }
                i += 1;
            }
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_latin_spells_greek_as_modern_greek() {
        assert_eq!(name_latin("Νίκος Παπαδόπουλος"), "nikos papadopoulos");
        assert_eq!(
            name_latin("Δημήτρης Χριστοδούλου"),
            "dimitris christodoulou"
        );
        assert_eq!(name_latin("Ευάγγελος Ψαράς"), "evangelos psaras");
        assert_eq!(name_latin("Ευθύμιος Θεοδωρίδης"), "efthimios theodoridis");
        assert_eq!(name_latin("ΓΙΏΡΓΟΣ"), "giorgos");
    }

    #[test]
    fn name_latin_spells_cyrillic_and_chinese() {
        assert_eq!(name_latin("Дмитрий Иванов"), "dmitri ivanov");
        assert_eq!(name_latin("Юлия Щербакова"), "iulia shcherbakova");
        assert_eq!(name_latin("Алексей Хрущёв"), "aleksei khrushchev");
        assert_eq!(name_latin("Ђорђе Јовановић"), "diordie iovanovic");
        assert_eq!(name_latin("王伟"), "vang vei");
        assert_eq!(name_latin("张 小龙"), "zhang ksiao long");
    }

    #[test]
    fn name_latin_is_empty_for_latin_names_and_keeps_only_other_words() {
        assert_eq!(name_latin("Łukasz Żółć"), "");
        assert_eq!(name_latin("Zoë Brontë"), "");
        assert_eq!(name_latin("Anna Kowalska"), "");
        assert_eq!(name_latin(""), "");
        assert_eq!(name_latin("Nikos Παπαδόπουλος"), "papadopoulos");
        assert_eq!(name_latin("\u{1F600} —"), "");
    }

    #[test]
    fn sort_spelling_spells_other_scripts_as_written_and_keeps_latin_words() {
        let spelled = |name: &str| sort_spelling(&crate::domain::text::fold(name));
        assert_eq!(
            spelled("Νίκος Παπαδόπουλος").as_deref(),
            Some("nikos papadopoulos")
        );
        assert_eq!(spelled("Дмитрий Иванов").as_deref(), Some("dmitrii ivanov"));
        assert_eq!(spelled("王伟").as_deref(), Some("wang wei"));
        assert_eq!(
            spelled("Nikos Παπαδόπουλος").as_deref(),
            Some("nikos papadopoulos")
        );
        assert_eq!(spelled("Łukasz Żółć"), None);
        assert_eq!(spelled("Anna"), None);
    }

    #[test]
    fn loose_spelling_spells_a_name_partly_in_another_script_whole() {
        let spelled = |name: &str| loose_spelling(&crate::domain::text::fold(name));
        assert_eq!(spelled("Anna Νίκου").as_deref(), Some("ana nikou"));
        assert_eq!(
            spelled("Νίκος Παπαδόπουλος").as_deref(),
            Some("nikos papadopoulos")
        );
        assert_eq!(spelled("Dmitry Иванов").as_deref(), Some("dmitri ivanov"));
        assert_eq!(spelled("王伟").as_deref(), Some("vang vei"));
        // As the same name typed in Latin letters is compared.
        let typed = |name: &str| {
            crate::domain::text::fold(name)
                .split(' ')
                .map(|w| typed_latin(w).unwrap())
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(spelled("Anna Νίκου").unwrap(), typed("Anna Nikou"));
        assert_eq!(spelled("Łukasz Żółć"), None);
        assert_eq!(spelled("Anna"), None);
        assert_eq!(spelled("\u{1F600}"), None);
    }

    #[test]
    fn typed_latin_makes_spellings_one() {
        for typed in ["dmitry", "dmitriy", "dmitrij", "dmitrii", "Dmitri"] {
            assert_eq!(typed_latin(typed).as_deref(), Some("dmitri"), "{typed}");
        }
        assert_eq!(typed_latin("alex").as_deref(), Some("aleks"));
        assert_eq!(typed_latin("wladimir").as_deref(), Some("vladimir"));
        assert_eq!(typed_latin("νικος"), None);
        assert_eq!(typed_latin(""), None);
        assert_eq!(loose("pappas"), "papas");
    }
}
