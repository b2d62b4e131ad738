use super::*;
use chrono::{NaiveDate, Weekday};

fn ctx() -> Context {
    Context {
        today: NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
        now: chrono::DateTime::from_timestamp(1_795_435_200, 0).unwrap(),
        week_start: Weekday::Mon,
        currency: crate::domain::Currency::parse("PLN").expect("PLN"),
    }
}

#[test]
fn form_add_customer_builds_add_command() {
    let mut f = Form::add_customer();
    f.fields[0].input.set("Ewa Lis");
    f.fields[2].input.set("Acme");
    f.fields[5].input.set("vip, pl");
    f.fields[6].input.set("2w");
    let Ok(Command::Add(spec)) = f.command(&ctx()) else {
        panic!("add command");
    };
    assert_eq!(spec.name, "Ewa Lis");
    assert_eq!(spec.org.as_deref(), Some("Acme"));
    assert_eq!(spec.tags, vec!["vip", "pl"]);
    assert_eq!(spec.cadence_days, Some(14));
}

fn set(f: &mut Form, label: &str, value: &str) {
    let field = f.fields.iter_mut().find(|x| x.label == label).expect(label);
    field.input.set(value);
}

#[test]
fn form_add_deal_refuses_a_value_past_the_limit_as_rolo_deal_does() {
    let mut f = Form::add_deal(CustomerId(7), "Ewa Lis");
    set(&mut f, "Title", "Fleet");
    set(&mut f, "Value", "10 000 000 000 000,01");
    assert_eq!(
        f.command(&ctx()).expect_err("past the limit"),
        "Value: a deal's value of 10 000 000 000 000.01 PLN is out of range \
         (0 to 10 000 000 000 000.00 PLN)"
    );
    set(&mut f, "Value", "10 000 000 000 000,00");
    let Ok(Command::Deal(spec)) = f.command(&ctx()) else {
        panic!("deal command");
    };
    assert_eq!(spec.value.minor, crate::domain::deal::MAX_VALUE_MINOR);
}

#[test]
fn form_add_customer_takes_address_owner_and_birthday() {
    let mut f = Form::add_customer();
    set(&mut f, "Name", "Ewa Lis");
    set(&mut f, "Address", "ul. Długa 5, Gdańsk");
    set(&mut f, "Owner", "Marek");
    set(&mut f, "Birthday", "14 May 1980");
    let Ok(Command::Add(spec)) = f.command(&ctx()) else {
        panic!("add command");
    };
    assert_eq!(spec.address.as_deref(), Some("ul. Długa 5, Gdańsk"));
    assert_eq!(spec.owner.as_deref(), Some("Marek"));
    assert_eq!(spec.birthday, NaiveDate::from_ymd_opt(1980, 5, 14));
    set(&mut f, "Birthday", "2027-01-01");
    assert_eq!(
        f.command(&ctx()).expect_err("a birthday ahead"),
        "Birthday: 2027-01-01 is after today (2026-11-23)"
    );
}

#[test]
fn form_edit_customer_changes_only_what_was_edited() {
    let c = Customer {
        address: Some("Długa 5\nGdańsk".into()),
        owner: Some("Marek".into()),
        birthday: NaiveDate::from_ymd_opt(1980, 5, 14),
        ..Customer::bare(7, CustomerKind::Person, "Ewa Lis")
    };
    let mut f = Form::edit_customer(&c);
    assert_eq!(
        f.command(&ctx()).expect_err("nothing changed"),
        "nothing changed; edit a field, or Esc to close"
    );
    set(&mut f, "Birthday", "");
    set(&mut f, "Owner", "Ola");
    let Ok(Command::Edit { spec, .. }) = f.command(&ctx()) else {
        panic!("edit command");
    };
    assert_eq!(
        (spec.birthday, spec.owner.as_deref(), spec.address),
        (Some(None), Some("Ola"), None)
    );
}

#[test]
fn form_edit_customer_adds_and_removes_the_other_contact_points() {
    use crate::domain::{ContactKind, ContactPoint};
    let pt = |kind, value: &str, label: Option<&str>| ContactPoint {
        kind,
        value: value.into(),
        label: label.map(Into::into),
    };
    let c = Customer {
        contacts: vec![
            pt(ContactKind::Im, "im:123456789", Some("QQ")),
            pt(ContactKind::Email, "biuro@acme.pl", None),
            pt(ContactKind::Email, "sales@acme.pl", Some("work")),
            pt(ContactKind::Url, "https://acme.pl", None),
        ],
        ..Customer::bare(7, CustomerKind::Org, "Acme")
    };
    let mut f = Form::edit_customer(&c);
    assert_eq!(
        f.value(MORE),
        "sales@acme.pl (work); https://acme.pl; im:123456789 (QQ)"
    );
    set(
        &mut f,
        MORE,
        "sales@acme.pl (work); im:123456789 (QQ); skype:acme (home)",
    );
    let Ok(Command::Edit { spec, .. }) = f.command(&ctx()) else {
        panic!("edit command");
    };
    assert_eq!(
        (spec.remove, spec.more.typed),
        (
            vec!["https://acme.pl".to_string()],
            vec!["skype:acme (home)".to_string()]
        )
    );
    set(&mut f, MORE, "sales@acme.pl; im:123456789 (QQ)");
    assert_eq!(
        f.command(&ctx()).err().unwrap(),
        "More contacts: the label of `sales@acme.pl` is changed by removing it, saving, \
         and adding it again with the new one"
    );
}

#[test]
fn form_deal_reads_money_stage_and_date() {
    let mut f = Form::add_deal(CustomerId(3), "Anna");
    f.fields[0].input.set("Fleet");
    f.fields[1].input.set("12000");
    f.fields[2].input.set("proposal");
    f.fields[4].input.set("2026-12-15");
    let Ok(Command::Deal(d)) = f.command(&ctx()) else {
        panic!("deal command");
    };
    assert_eq!(d.value.minor, 1_200_000);
    assert_eq!(d.stage, Stage::Proposal);
    assert_eq!(d.close, NaiveDate::from_ymd_opt(2026, 12, 15));
    f.fields[2].input.set("maybe");
    assert!(
        f.command(&ctx())
            .expect_err("bad stage")
            .contains("`maybe`")
    );
}
