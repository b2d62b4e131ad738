use super::*;

#[test]
fn crm_headers() {
    let org = Role::Org;
    assert_eq!(recognize("Related Company", false), org);
    assert_eq!(recognize("Associated Company", false), org);
    assert_eq!(recognize("Is a Company", false), Role::Kind);
    assert_eq!(recognize("Job Position", false), Role::Title);
    assert_eq!(recognize("Salesperson", false), Role::Owner);
    assert_eq!(recognize("Organization - Name", false), org);
    assert_eq!(recognize("Organization - Owner", false), Role::Owner);
    assert_eq!(
        recognize("(Do Not Modify) Row Checksum", false),
        Role::Ignore
    );
    assert_eq!(
        recognize("Address 1: Street 1", false),
        Role::Address {
            group: "1".into(),
            part: Part::Street
        }
    );
    // Salesforce's API names; `LinkedIn` stays one word.
    assert_eq!(
        recognize("MailingPostalCode", false),
        Role::Address {
            group: "mailing".into(),
            part: Part::Postal
        }
    );
    assert!(matches!(
        recognize("MobilePhone", false),
        Role::Contact {
            kind: ContactKind::Phone,
            label: Some("mobile"),
            ..
        }
    ));
    assert!(matches!(
        recognize("LinkedIn", false),
        Role::Contact {
            kind: ContactKind::Url,
            ..
        }
    ));
    assert_eq!(
        recognize("LastActivityDate", false),
        Role::Extra("LastActivityDate".into())
    );
    // An unknown part of a numbered address is kept in the notes, not left out.
    assert_eq!(
        recognize("Address 1 - Floor", false),
        Role::Extra("Address 1 - Floor".into())
    );
}

#[test]
fn recognizes_hubspot_salesforce_and_pipedrive() {
    let contact = |kind, label| Role::Contact {
        kind,
        slot: None,
        label,
    };
    let addr = |group: &str, part| Role::Address {
        group: group.into(),
        part,
    };
    // HubSpot.
    assert_eq!(recognize("Street Address", false), addr("", Part::Street));
    assert_eq!(recognize("State/Region", false), addr("", Part::Region));
    assert_eq!(
        recognize("Mobile Phone Number", false),
        contact(ContactKind::Phone, Some("mobile"))
    );
    assert_eq!(recognize("Contact owner", false), Role::Owner);
    // Salesforce.
    assert_eq!(recognize("Salutation", false), Role::Prefix);
    assert_eq!(
        recognize("Mailing Street", false),
        addr("mailing", Part::Street)
    );
    assert_eq!(
        recognize("Mailing Zip/Postal Code", false),
        addr("mailing", Part::Postal)
    );
    assert_eq!(
        recognize("Mailing State/Province", false),
        addr("mailing", Part::Region)
    );
    // Pipedrive.
    assert_eq!(recognize("Person - Name", false), Role::Name);
    assert_eq!(recognize("Person - Job title", false), Role::Title);
    assert_eq!(
        recognize("Person - Email - Work", false),
        contact(ContactKind::Email, Some("work"))
    );
    assert_eq!(
        recognize("Person - Phone - Mobile", false),
        contact(ContactKind::Phone, Some("mobile"))
    );
    assert_eq!(recognize("Person - Labels", false), Role::Tags);
    assert_eq!(
        recognize("Person - Postal address", false),
        addr("", Part::Formatted)
    );
    assert_eq!(
        recognize("Person - ID", false),
        Role::Extra("Person - ID".into())
    );
    // A field that is not one stays what it was.
    assert_eq!(
        recognize("Phone Extension", false),
        Role::Extra("Phone Extension".into())
    );
}

#[test]
fn recognizes_google_outlook_thunderbird_linkedin() {
    assert_eq!(
        recognize("E-mail 2 - Value", false),
        Role::Contact {
            kind: ContactKind::Email,
            slot: Some("2".into()),
            label: None
        }
    );
    assert_eq!(
        recognize("Phone 1 - Type", false),
        Role::Label {
            kind: ContactKind::Phone,
            slot: "1".into()
        }
    );
    assert_eq!(recognize("Organization 1 - Name", false), Role::Org);
    assert_eq!(recognize("Organization Name", false), Role::Org);
    assert_eq!(recognize("Title", true), Role::Prefix);
    assert_eq!(recognize("Title", false), Role::Title);
    assert_eq!(
        recognize("Business Postal Code", true),
        Role::Address {
            group: "business".into(),
            part: Part::Postal
        }
    );
    assert_eq!(
        recognize("Mobile Number", false),
        Role::Contact {
            kind: ContactKind::Phone,
            slot: None,
            label: Some("mobile")
        }
    );
    assert_eq!(
        recognize("Connected On", false),
        Role::Extra("Connected On".into())
    );
    assert_eq!(recognize("Phonetic First Name", false), Role::Phonetic(0));
    assert_eq!(recognize("Family Name Yomi", false), Role::Phonetic(2));
    assert_eq!(recognize("Company Yomi", true), Role::OrgPhonetic);
    assert_eq!(
        recognize("Organization 1 - Yomi Name", false),
        Role::OrgPhonetic
    );
    // Headers of a spreadsheet kept in another language.
    assert_eq!(
        recognize("Poczta", false),
        Role::Contact {
            kind: ContactKind::Email,
            slot: None,
            label: None
        }
    );
    assert_eq!(
        recognize("Komórka", false),
        Role::Contact {
            kind: ContactKind::Phone,
            slot: None,
            label: Some("mobile")
        }
    );
    assert_eq!(recognize("Téléphone", false), recognize("Phone", false));
    assert_eq!(
        recognize("Telefon służbowy", false),
        recognize("Work Phone", false)
    );
    assert_eq!(
        recognize("Téléphone domicile", false),
        recognize("Home Phone", false)
    );
    assert_eq!(recognize("Opiekun", false), Role::Owner);
    assert_eq!(recognize("Kundenbetreuer", false), Role::Owner);
    assert_eq!(
        recognize("E-Mail-Adresse", false),
        recognize("Email", false)
    );
    assert_eq!(recognize("Geburtsdatum", false), Role::Birthday);
    assert_eq!(recognize("Email 2", false), recognize("Email", false));
    assert_eq!(
        recognize("Organization 1 - Department", false),
        Role::Extra("Department".into())
    );
    assert_eq!(
        recognize("Organization Department", false),
        Role::Extra("Department".into())
    );
    assert_eq!(
        recognize("Organization 1 - Location", false),
        Role::Extra("Organization Location".into())
    );
    assert_eq!(
        recognize("Organization 2 - Name", false),
        Role::Extra("Organization 2 Name".into())
    );
    assert_eq!(recognize("Organization 1 - Type", false), Role::Ignore);
    // Outlook's privacy flag, or a private phone: each value says which.
    assert_eq!(recognize("Private", true), Role::Private);
    assert_eq!(recognize("Mobile2", false), recognize("Mobile", false));
    // Outlook's transport types are no labels; Google's old Type columns are.
    assert_eq!(recognize("E-mail 2 Type", true), Role::Ignore);
    assert_eq!(recognize("E-mail Type", true), Role::Ignore);
    assert_eq!(
        recognize("E-mail 1 - Type", false),
        Role::Label {
            kind: ContactKind::Email,
            slot: "1".into()
        }
    );
    assert_eq!(recognize("Anniversary", true), Role::Date("Anniversary"));
    assert_eq!(recognize("Account", true), Role::Extra("Account".into()));
    assert_eq!(recognize("Account", false), Role::Org);
    assert_eq!(
        recognize("Business Address PO Box", true),
        Role::Address {
            group: "business".into(),
            part: Part::PoBox
        }
    );
    assert_eq!(
        recognize("Relation 2 - Type", false),
        Role::Fact {
            what: "Relation",
            slot: "Relation 2".into(),
            label: true
        }
    );
    assert_eq!(
        recognize("Custom Field 1 - Value", false),
        Role::Fact {
            what: "Custom field",
            slot: "Custom field 1".into(),
            label: false
        }
    );
}

#[test]
fn im_headers_of_google_outlook_and_thunderbird() {
    let im = |slot: Option<&str>, service| Role::Im {
        slot: slot.map(String::from),
        service,
    };
    // Google's new column set and its old one (`Type`).
    assert_eq!(recognize("IM 1 - Value", false), im(Some("1"), None));
    assert_eq!(
        recognize("IM 2 - Service", false),
        Role::Service { slot: "2".into() }
    );
    for label in ["IM 1 - Label", "IM 1 - Type"] {
        assert_eq!(
            recognize(label, false),
            Role::Label {
                kind: ContactKind::Im,
                slot: "1".into()
            }
        );
    }
    // outlook.com's, one word; a sheet's own; Thunderbird's AIM screen name.
    assert_eq!(recognize("IMAddress", true), im(None, None));
    assert_eq!(recognize("IM Address", false), im(None, None));
    assert_eq!(recognize("Skype", false), im(None, Some("Skype")));
    assert_eq!(recognize("Skype 2", false), im(None, Some("Skype")));
    assert_eq!(recognize("Screen Name", false), im(None, Some("AIM")));
    assert_eq!(field_role("im"), Some(im(None, None)));
    assert_eq!(
        recognize("IM 1 - Service", false).field_words(),
        "IM service"
    );
    assert_eq!(im(None, Some("AIM")).field_words(), "IM address (AIM)");
}
