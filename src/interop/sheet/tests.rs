use super::scan::looks_like_date;
use super::*;
use crate::domain::{AddressParts, CustomerKind};

fn read_all(text: &str, map: &str) -> Result<Vec<Result<Incoming, BadRecord>>, ImportError> {
    let file = std::path::PathBuf::from("t.csv");
    let map = parse_map(map)?;
    let delim = sniff_delimiter(text.as_bytes());
    let mut r = SheetReader::open(text.as_bytes(), delim, &map, &file)?;
    let mut out = Vec::new();
    while let Some(x) = r.next_record(&file)? {
        out.push(x);
    }
    Ok(out)
}

#[test]
fn thunderbird_birthday_parts_without_a_year_or_alone_are_notes() {
    let rows = read_all(
        "First Name,Primary Email,Birth Year,Birth Month,Birth Day\n\
         Ann,a@x.pl,,12,24\n\
         Bob,b@x.pl,1975,,\n\
         Cy,c@x.pl,1980,5,14\n\
         Di,d@x.pl,,13,1\n",
        "",
    )
    .unwrap();
    let ok = |i: usize| rows[i].as_ref().unwrap();
    assert_eq!(
        (ok(0).birthday, ok(0).notes.as_str()),
        (None, "Birthday: 24 December")
    );
    assert_eq!(
        (ok(1).birthday, ok(1).notes.as_str()),
        (None, "Birth Year: 1975")
    );
    assert_eq!(ok(2).birthday, chrono::NaiveDate::from_ymd_opt(1980, 5, 14));
    let bad = rows[3].as_ref().unwrap_err();
    assert_eq!(
        (bad.field.as_str(), bad.message.as_str()),
        ("Birth Month", "`13/1` is not a date: there is no month 13")
    );
}

#[test]
fn a_birthday_without_its_year_is_one_note_whatever_its_column_is_called() {
    let rows = read_all("Name,Geburtstag\nAnn,--12-24\n", "").unwrap();
    let ann = rows[0].as_ref().unwrap();
    assert_eq!(
        (ann.birthday, ann.notes.as_str()),
        (None, "Birthday: 24 December")
    );
    assert_eq!(
        crate::interop::text::yearless_birthday(&ann.notes),
        Some((12, 24))
    );
}

#[test]
fn a_formatted_address_gets_only_the_parts_it_lacks_on_one_line() {
    let rows = read_all(
        "Name,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - Region,\
         Address 1 - Postal Code,Address 1 - Country\n\
         Us,\"1600 Amphitheatre Pkwy\nMountain View, CA 94043\nUS\",1600 Amphitheatre Pkwy,\
         Mountain View,CA,94043,US\n\
         Uk,\"10 Downing Street\r\nLondon\r\nSW1A 2AA\r\nUnited Kingdom\",10 Downing Street,London,,\
         SW1A 2AA,United Kingdom\n\
         Pl,\"ul. Marszałkowska 10, Warszawa 00-001\",ul. Marszałkowska 10,Warszawa,mazowieckie,\
         00-001,Polska\n\
         Jp,\"〒100-0001\n東京都千代田区千代田1-1\",千代田1-1,千代田区,東京都,100-0001,日本\n\
         Es,Calle Mayor 5,Calle Mayor 5,Madrid,CA,,\n",
        "",
    )
    .unwrap();
    let address = |i: usize| {
        rows[i]
            .as_ref()
            .unwrap()
            .address
            .clone()
            .unwrap_or_default()
    };
    assert_eq!(
        address(0),
        "1600 Amphitheatre Pkwy, Mountain View, CA 94043, US"
    );
    assert_eq!(
        address(1),
        "10 Downing Street, London, SW1A 2AA, United Kingdom"
    );
    assert_eq!(
        address(2),
        "ul. Marszałkowska 10, Warszawa 00-001, mazowieckie, Polska"
    );
    assert_eq!(address(3), "〒100-0001, 東京都千代田区千代田1-1, 日本");
    // `CA` is a word of its own, not the start of `Calle`.
    assert_eq!(address(4), "Calle Mayor 5, Madrid, CA");
}

#[test]
fn dates_are_told_from_phones() {
    for d in [
        "2024-11-28",
        "2023-03-14T09:12:00.000Z",
        "3/14/2023",
        "14.03.2023 10:20",
        "2024-11-02 16:40",
        "1/2/24",
    ] {
        assert!(looks_like_date(d), "{d}");
    }
    for p in [
        "+48 22 623 60 00",
        "555-123-4567",
        "609.111.003",
        "01.23.45.67.89",
        "(512) 757-6000",
        "9876543",
        "22-555-0100",
    ] {
        assert!(!looks_like_date(p), "{p}");
    }
}

#[test]
fn an_address_in_parts_keeps_them_when_they_hold_the_whole_address() {
    let rows = read_all(
        "Name,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - Region,\
         Address 1 - Postal Code,Address 1 - Country,Address 1 - PO Box\n\
         Us,\"1600 Amphitheatre Pkwy\nMountain View, CA 94043\nUS\",1600 Amphitheatre Pkwy,\
         Mountain View,CA,94043,US,\n\
         Jp,\"〒100-0001\n東京都千代田区千代田1-1\",千代田1-1,千代田区,東京都,100-0001,日本,\n\
         Fr,\"12 rue de la Paix, Paris\",,Paris,,,,\n\
         Po,,\"Hauptstr. 5\nHinterhaus\",Berlin,,10115,,Postfach 12\n",
        "",
    )
    .unwrap();
    let parts = |i: usize| rows[i].as_ref().unwrap().address_parts.clone();
    assert_eq!(
        parts(0),
        Some(AddressParts {
            street: "1600 Amphitheatre Pkwy".into(),
            city: "Mountain View".into(),
            region: "CA".into(),
            postcode: "94043".into(),
            country: "US".into(),
            ..AddressParts::default()
        })
    );
    // The whole address has words the parts lack: the parts would lose them.
    assert_eq!(parts(1), None);
    assert_eq!(parts(2), None);
    // No whole address: the parts are all there is; a street's lines on one line.
    assert_eq!(
        parts(3),
        Some(AddressParts {
            po_box: "Postfach 12".into(),
            street: "Hauptstr. 5, Hinterhaus".into(),
            city: "Berlin".into(),
            postcode: "10115".into(),
            ..AddressParts::default()
        })
    );
}

#[test]
fn a_second_title_or_company_column_is_kept_in_the_notes() {
    let rows = read_all(
        "Name,Job Title,Position,Company\nAnn,CTO,Head of IT,Acme\nBob,CTO,CTO,\n",
        "",
    )
    .unwrap();
    let a = rows[0].as_ref().unwrap();
    assert_eq!(
        (a.title.as_deref(), a.notes.as_str()),
        (Some("CTO"), "Position: Head of IT")
    );
    let b = rows[1].as_ref().unwrap();
    assert_eq!((b.title.as_deref(), b.notes.as_str()), (Some("CTO"), ""));
}

#[test]
fn sniffs_semicolons_and_tabs() {
    assert_eq!(sniff_delimiter(b"Name;Email\nAnna;a@x.pl\n"), b';');
    assert_eq!(sniff_delimiter(b"Name\tEmail\nAnna, Jr\ta@x.pl\n"), b'\t');
    assert_eq!(sniff_delimiter(b"Name,Email\n\"Kow; Anna\",a@x.pl\n"), b',');
}

#[test]
fn google_multi_values_and_labels() {
    let rows = read_all(
        "First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n\
         Anna,Kowalska,* myContacts ::: Key Accounts,* Work ::: Home,a@acme.pl ::: anna@home.pl,Mobile,+48 600 100 200\n",
        "",
    )
    .unwrap();
    let a = rows[0].as_ref().unwrap();
    assert_eq!(a.name, "Anna Kowalska");
    assert_eq!(a.tags, vec!["key-accounts"]);
    assert_eq!(a.contacts.len(), 3);
    assert_eq!(a.contacts[1].value, "anna@home.pl");
    assert_eq!(a.contacts[1].label.as_deref(), Some("home"));
    assert_eq!(a.contacts[2].label.as_deref(), Some("mobile"));
    assert_eq!(a.at, Location { line: 2, record: 1 });
}

/// A first line with a name column and none other rolo knows is the header when the
/// next line is a row as wide; a preamble's line (of another width) is not, and a
/// first line that is alone stays without a header.
#[test]
fn a_first_line_with_only_a_name_column_known_is_the_header_of_rows_as_wide() {
    let rows = read_all("Name,Bezirk\nAnna Kowalska,Mitte\nJan Nowak,\n", "").unwrap();
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r.as_ref().unwrap().name.as_str())
        .collect();
    assert_eq!(names, ["Anna Kowalska", "Jan Nowak"]);
    let a = rows[0].as_ref().unwrap();
    assert_eq!(a.notes, "Bezirk: Mitte", "{a:?}");
    assert_eq!(a.at, Location { line: 2, record: 1 });
    assert_eq!(
        rows[1].as_ref().unwrap().at,
        Location { line: 3, record: 2 }
    );
    // Not as wide: not a header (a preamble's `Name:,Jan` line above a table).
    let e = read_all("Name,X\nAnna Kowalska\n", "").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("t.csv: no column gives a name; the columns are: `Name`, `X`."),
        "{e}"
    );
    // A header after a first line as wide wins (an export's title and date lines).
    let rows = read_all(
        "Name,Q3 leads\nExported,2026-09-30\nFirst Name,Last Name,Email\nAnna,Nowak,a@n.pl\n",
        "",
    )
    .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].as_ref().unwrap().name, "Anna Nowak");
    // A real header after it still wins.
    let rows = read_all(
        "Name:,Jan\nFirst Name,Last Name,E-mail Address\nAnna,Nowak,a@n.pl\n",
        "",
    )
    .unwrap();
    assert_eq!(rows[0].as_ref().unwrap().name, "Anna Nowak");
}

#[test]
fn no_name_lists_columns() {
    let e = read_all("Foo,Mail\n1,a@b.pl\n", "").unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "t.csv: no column gives a name; the columns are: `Foo`, `Mail`. Map one with --map \"Column=name\" (fields: {})",
            FIELDS.join(", ")
        )
    );
    // No column rolo knows, under lines before the table (a bank statement): the
    // table's header is named, and the file said not to look like contacts.
    let e = read_all(
        "Bank S.A.,\nBox 2108,\nBooked On,Transaction,Amount,Balance\n2026-11-02,Fee,-5.00,100.00\n",
        "",
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "t.csv: no column gives a name, and rolo knows none of them: it does not look like a \
             file of contacts; the columns are: `Booked On`, `Transaction`, `Amount`, `Balance`. If it \
             is one, map a column with --map \"Column=name\" (fields: {})",
            FIELDS.join(", ")
        )
    );
}

#[test]
fn map_and_company_only_rows() {
    let rows = read_all(
        "Full name,Mail,Firma\n,,Acme SA\nJan,j@x.pl,\n",
        "Full name=name,Mail=email,Firma=org",
    )
    .unwrap();
    let acme = rows[0].as_ref().unwrap();
    assert_eq!(
        (acme.kind, acme.name.as_str()),
        (CustomerKind::Org, "Acme SA")
    );
    assert_eq!(rows[1].as_ref().unwrap().contacts[0].value, "j@x.pl");
}

#[test]
fn bad_email_names_line_and_column() {
    let rows = read_all("Name,Email\nAnna,a@x.pl\n\"Bob\nSmith\",not-mail\n", "").unwrap();
    let bad = rows[1].as_ref().unwrap_err();
    assert_eq!(
        bad.to_string(),
        "line 3 (record 2), field `Email`: `not-mail` is not an email address (expected name@example.com)"
    );
}

#[test]
fn an_unclosed_quote_stops_the_file_but_a_bare_quote_is_a_character() {
    let mut text =
        String::from("Name,Email,Notes\nA One,a1@x.com,\nB Two,b2@x.com,\"said \"\"hi\n");
    for i in 3..=200 {
        text.push_str(&format!("N{i},n{i}@x.com,\n"));
    }
    let e = read_all(&text, "").unwrap_err();
    assert_eq!(
        e.to_string(),
        "t.csv: line 3: a quoted field opened here is never closed (an unmatched `\"`); \
         everything after it would be read as one value; nothing was imported \
         (close or remove the quote; --skip-bad cannot skip this)"
    );
    // In the header too.
    let e = read_all("Name,\"Email\nA,a@x.pl\n", "").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("t.csv: line 1: a quoted field opened here"),
        "{e}"
    );
    let rows = read_all("Name,Notes\nA,27\" monitor\nB,\"x \"\"y\"\"\"\n", "").unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].as_ref().unwrap().notes, "27\" monitor");
    assert_eq!(rows[1].as_ref().unwrap().notes, "x \"y\"");
}

#[test]
fn lines_are_right_with_crlf_cr_and_lf() {
    for eol in ["\n", "\r\n", "\r"] {
        let text = format!(
            "Name,Email{eol}Anna,a@x.pl{eol}{eol}\"Bob{eol}Smith\",b@x.pl{eol}Cy,nope{eol}"
        );
        let rows = read_all(&text, "").unwrap();
        let lines: Vec<usize> = rows
            .iter()
            .map(|r| match r {
                Ok(i) => i.at.line,
                Err(b) => b.at.line,
            })
            .collect();
        assert_eq!(lines, vec![2, 4, 6], "{eol:?}");
        assert_eq!(
            rows[2].as_ref().unwrap_err().to_string(),
            "line 6 (record 3), field `Email`: `nope` is not an email address (expected name@example.com)",
            "{eol:?}"
        );
    }
}

#[test]
fn rolo_export_header_is_read_as_rolo_wrote_it() {
    let head = super::export::COLUMNS.join(",");
    let rows = read_all(
        &format!(
            "{head}\n\
             7,u-7,org,Acme,,,a@acme.pl (work); b@acme.pl,'+48 600 (mobile); 22 111 22 33,https://acme.pl,\"im:123456789 (QQ, work); skype:anna.k\",pager 12;;34 (desk),,key vip; hot,,Jan,14,2026-01-01,,,,0,3,1,4.50,1200.00,EUR,,,0,'-20% on volume,'=1+1\n\
             8,u-8,robot,X,,,,,,,,,,,,,,,,,,,,,,,,,,,\n\
             9,u-9,person,Y,,,,,,,,,,,,2w,,,,,,,,,,,,,,,\n"
        ),
        "",
    )
    .unwrap();
    let acme = rows[0].as_ref().unwrap();
    assert_eq!(
        (
            acme.kind,
            acme.name.as_str(),
            acme.uid.as_deref(),
            acme.owner.as_deref()
        ),
        (CustomerKind::Org, "Acme", Some("u-7"), Some("Jan"))
    );
    assert_eq!(acme.cadence_days, Some(14));
    assert_eq!(acme.tags, vec!["key", "vip", "hot"]);
    let values: Vec<(&str, Option<&str>)> = acme
        .contacts
        .iter()
        .map(|c| (c.value.as_str(), c.label.as_deref()))
        .collect();
    assert_eq!(
        values,
        vec![
            ("a@acme.pl", Some("work")),
            ("b@acme.pl", None),
            ("+48 600", Some("mobile")),
            ("22 111 22 33", None),
            ("https://acme.pl", None),
            ("im:123456789", Some("QQ, work")),
            ("skype:anna.k", None),
            ("pager 12;34", Some("desk")),
        ]
    );
    assert_eq!(acme.contacts[5].kind, crate::domain::ContactKind::Im);
    assert_eq!(acme.contacts[7].kind, crate::domain::ContactKind::Other);
    assert_eq!(acme.notes, "=1+1");
    assert_eq!(acme.needs, "-20% on volume");
    assert_eq!(
        rows[1].as_ref().unwrap_err().to_string(),
        "line 3 (record 2), field `kind`: `robot` is not a kind (person or org)"
    );
    assert_eq!(
        rows[2].as_ref().unwrap_err().to_string(),
        "line 4 (record 3), field `cadence_days`: `2w` is not a number of days (e.g. 14)"
    );
}
