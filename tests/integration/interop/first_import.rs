//! A new user's first import, walked as a user would: Google's 2024 CSV, outlook.com's,
//! an iPhone's iCloud vCard and an Android phone's vCard 2.1, with names in Polish, Greek,
//! Chinese, Arabic and Hebrew; instant-messaging addresses from each.

use serde_json::json;

use super::{fixture, import, profile, scratch};
use crate::cli::Rolo;

#[test]
fn google_csv_im_columns_are_im_contact_points_with_their_service() {
    let r = Rolo::new();
    let dry = r.ok(&["import", &fixture("google_2024.csv"), "--dry-run"]);
    assert!(
        dry.contains(
            "; IM address label ← IM 1 - Label, IM 2 - Label; IM service ← IM 1 - Service, \
             IM 2 - Service; IM address ← IM 1 - Value, IM 2 - Value\n"
        ),
        "{dry}"
    );
    import(&r, "google_2024.csv", &[]);
    // Two of one label in one cell (` ::: `), each with its service.
    assert_eq!(
        r.show("Małgorzata")["customer"]["contacts"],
        json!([
            {"kind": "email", "label": "work", "value": "m.brzeczyszczykiewicz@zabka.pl"},
            {"kind": "email", "label": "home", "value": "gosia.b@gmail.com"},
            {"kind": "phone", "label": "mobile", "value": "+48 601 222 333"},
            {"kind": "phone", "label": "mobile", "value": "+48 22 555 10 10"},
            {"kind": "url", "label": "profile", "value": "https://www.linkedin.com/in/gosia-b"},
            {"kind": "im", "label": "work", "value": "skype:gosia.zabka"},
            {"kind": "im", "label": "work", "value": "xmpp:gosia.b@gmail.com"},
        ])
    );
    // Its pinyin family first, as the name.
    assert_eq!(
        r.show("王 小明")["customer"]["notes"],
        "Phonetic name: Wang Xiaoming\nWeChat: wxid_wangxm"
    );
    // A service no URI scheme says is the label.
    assert_eq!(
        r.show("王 小明")["customer"]["contacts"],
        json!([
            {"kind": "email", "label": "work", "value": "wang.xm@shmaoyi.cn"},
            {"kind": "phone", "label": "mobile", "value": "+86 138 0013 8000"},
            {"kind": "im", "label": "QQ", "value": "im:123456789"},
            {"kind": "im", "label": "WeChat", "value": "im:wxid_wangxm"},
        ])
    );
    let g = profile(&r, "Γιώργος");
    assert_eq!(
        g,
        json!({
            "kind": "person", "name": "Γιώργος Παπαδόπουλος", "org": "Ελληνικά Τρόφιμα Α.Ε.",
            "title": "Διευθυντής", "address": "Λεωφ. Κηφισίας 100, 115 26 Αθήνα, Ελλάδα",
            "notes": "Phonetic name: Giorgos Papadopoulos\nBirthday: 15 August\nName day: 21 May",
            "birthday": null,
            "contacts": [
                {"kind": "email", "label": "work", "value": "g.papadopoulos@trofima.gr"},
                {"kind": "phone", "label": "work", "value": "+30 21 0123 4567"},
                {"kind": "im", "label": "home", "value": "xmpp:giorgos@jabber.gr"},
            ],
            "tags": ["προμηθευτές"],
        })
    );
    // `rolo show` calls them im; the vCard export writes IMPP, with the label as Apple does.
    let shown = r.ok(&["show", "王 小明"]);
    assert!(
        shown.contains("  im       im:123456789 (QQ)\n  im       im:wxid_wangxm (WeChat)\n"),
        "{shown}"
    );
    // Search finds a customer by it, and says where as `rolo show` does.
    assert_eq!(
        r.json(&["search", "gosia.zabka"])["hits"],
        json!([{
            "customer_id": 2, "customer_name": "Małgorzata Brzęczyszczykiewicz", "field": "im",
            "interaction_id": null, "occurred_at": null, "snippet": "skype:[gosia].[zabka]",
        }])
    );
    let vcf = r.ok(&["export", "--format", "vcard"]);
    for line in [
        "\r\nIMPP;TYPE=work:skype:gosia.zabka\r\n",
        "\r\nIMPP;TYPE=work:xmpp:gosia.b@gmail.com\r\n",
        "\r\nitem1.IMPP:im:123456789\r\nitem1.X-ABLabel:QQ\r\n",
    ] {
        assert!(vcf.contains(line), "{line:?} in {vcf}");
    }
}

#[test]
fn im_contact_points_come_back_from_the_json_backup_and_the_vcard_export() {
    let r = Rolo::new();
    import(&r, "google_2024.csv", &[]);
    let want = r.show("王 小明")["customer"]["contacts"].clone();
    for format in ["json", "vcard"] {
        let out = r.dir.path().join(format!("all.{format}"));
        let out = out.to_str().unwrap();
        r.ok(&["export", "--format", format, "--out", out]);
        let back = Rolo::new();
        back.ok(&["import", out]);
        assert_eq!(
            back.show("王 小明")["customer"]["contacts"],
            want,
            "{format}"
        );
    }
}

#[test]
fn im_contact_points_come_back_from_rolos_csv_export_as_they_went() {
    let r = Rolo::new();
    import(&r, "google_2024.csv", &[]);
    // A service no URI scheme names is kept as the label: the CSV's `im` column keeps it.
    r.ok(&[
        "edit",
        "Małgorzata",
        "--add-im",
        "123456789",
        "--service",
        "QQ",
        "--label",
        "work",
    ]);
    let out = r.dir.path().join("all.csv");
    let out = out.to_str().unwrap();
    r.ok(&["export", "--format", "csv", "--out", out]);
    let sheet = std::fs::read_to_string(out).unwrap();
    assert!(
        sheet.contains(
            ",https://www.linkedin.com/in/gosia-b (profile),\"skype:gosia.zabka (work); \
             xmpp:gosia.b@gmail.com (work); im:123456789 (QQ, work)\","
        ),
        "{sheet}"
    );
    let back = Rolo::new();
    back.ok(&["import", out]);
    let want = json!([
        {"kind": "email", "label": "work", "value": "m.brzeczyszczykiewicz@zabka.pl"},
        {"kind": "email", "label": "home", "value": "gosia.b@gmail.com"},
        {"kind": "phone", "label": "mobile", "value": "+48 601 222 333"},
        {"kind": "phone", "label": "mobile", "value": "+48 22 555 10 10"},
        {"kind": "url", "label": "profile", "value": "https://www.linkedin.com/in/gosia-b"},
        {"kind": "im", "label": "work", "value": "skype:gosia.zabka"},
        {"kind": "im", "label": "work", "value": "xmpp:gosia.b@gmail.com"},
        {"kind": "im", "label": "QQ, work", "value": "im:123456789"},
    ]);
    assert_eq!(back.show("Małgorzata")["customer"]["contacts"], want);
    assert_eq!(r.show("Małgorzata")["customer"]["contacts"], want);
}

#[test]
fn outlook_com_imaddress_is_an_im_address_and_its_yomi_names_are_kept() {
    let r = Rolo::new();
    import(&r, "outlook_com.csv", &[]);
    assert_eq!(
        profile(&r, "Ewa")["contacts"],
        json!([
            {"kind": "email", "value": "ewa.wojcik@contoso.pl"},
            {"kind": "phone", "label": "work", "value": "+48 12 345 67 89"},
            {"kind": "phone", "label": "mobile", "value": "+48 600 700 800"},
            {"kind": "im", "value": "im:ewa.wojcik@contoso.pl"},
            {"kind": "url", "value": "https://contoso.pl"},
        ])
    );
    // Her manager named as a vCard's is (`Manager: …`), the rest under their columns' names.
    assert_eq!(
        profile(&r, "Ewa")["notes"],
        "Spotkanie na targach\nNickname: Ewka\nName prefix: Ms.\nDepartment: Sprzedaż\n\
         Office Location: Kraków 3.14\nManager: Jan Nowak\nSpouse: Tomasz\nSchools: UJ\n\
         Hobby: Żeglarstwo"
    );
    assert_eq!(
        profile(&r, "佐藤"),
        json!({
            "kind": "person", "name": "佐藤 陽子", "org": "株式会社サトウ", "title": null,
            "address": null,
            "notes": "Phonetic name: さとう ようこ",
            "birthday": null,
            "contacts": [
                {"kind": "email", "value": "yoko.sato@example.jp"},
                {"kind": "im", "value": "sip:yoko.sato@example.jp"},
            ],
            "tags": [],
        })
    );
    // How the company's name is said is the organization's, as a person's is theirs, and
    // found by it.
    assert_eq!(
        profile(&r, "株式会社サトウ")["notes"],
        "Phonetic name: かぶしきがいしゃさとう"
    );
    assert_eq!(
        r.json(&["search", "かぶしきがいしゃ"])["hits"][0]["customer_name"],
        "株式会社サトウ"
    );
}

#[test]
fn a_company_yomi_of_a_company_only_row_or_a_row_without_one_is_kept_in_the_notes() {
    let r = Rolo::new();
    let f = super::scratch(
        &r,
        "yomi.csv",
        "First Name,Last Name,Company,Company Yomi\n,,株式会社タナカ,かぶしきがいしゃたなか\n\
         Jan,Kowalski,,janku\n"
            .as_bytes(),
    );
    r.ok(&["import", &f]);
    assert_eq!(
        profile(&r, "株式会社タナカ")["notes"],
        "Phonetic name: かぶしきがいしゃたなか"
    );
    assert_eq!(profile(&r, "Jan Kowalski")["notes"], "Company Yomi: janku");
}

#[test]
fn a_company_yomi_reaches_an_organization_already_there_once() {
    let r = Rolo::new();
    r.ok(&["add", "株式会社タナカ", "--kind", "org"]);
    r.ok(&[
        "add",
        "Budimex S.A.",
        "--kind",
        "org",
        "--notes",
        "Main contractor",
    ]);
    let f = super::scratch(
        &r,
        "yomi.csv",
        "First Name,Last Name,Company,Company Yomi,E-mail Address\n\
         Taro,Yamada,株式会社タナカ,かぶしきがいしゃたなか,taro@tanaka.jp\n\
         Jan,Kowalski,Budimex SA,budimeks,jan@budimex.pl\n"
            .as_bytes(),
    );
    // Twice: the second time the people merge, and the organizations have the line already.
    for _ in 0..2 {
        r.ok(&["import", &f]);
        assert_eq!(
            profile(&r, "株式会社タナカ")["notes"],
            "Phonetic name: かぶしきがいしゃたなか"
        );
        assert_eq!(
            profile(&r, "Budimex S.A.")["notes"],
            "Main contractor\nPhonetic name: budimeks"
        );
    }
}

/// Two people of a company the import makes, each with its reading: the second finds the
/// company not written yet (an import writes new customers in batches). The import failed
/// whole (`Query returned no rows`).
#[test]
fn two_people_of_a_new_company_with_its_yomi_import() {
    let r = Rolo::new();
    let f = super::scratch(
        &r,
        "yomi.csv",
        "First Name,Last Name,Company,Company Yomi,E-mail Address\n\
         Taro,Yamada,株式会社タナカ,かぶしきがいしゃたなか,taro@tanaka.jp\n\
         Hanako,Sato,株式会社タナカ,かぶしきがいしゃたなか,hanako@tanaka.jp\n\
         Jiro,Ito,株式会社サトウ,,jiro@sato.jp\n\
         Saburo,Kato,株式会社サトウ,かぶしきがいしゃさとう,saburo@sato.jp\n"
            .as_bytes(),
    );
    r.ok(&["import", &f]);
    assert_eq!(
        profile(&r, "株式会社タナカ")["notes"],
        "Phonetic name: かぶしきがいしゃたなか"
    );
    assert_eq!(
        profile(&r, "株式会社サトウ")["notes"],
        "Phonetic name: かぶしきがいしゃさとう"
    );
}

#[test]
fn an_iphones_impp_keeps_its_service_and_a_company_card_is_an_organization() {
    let r = Rolo::new();
    let out = r.ok(&["import", &fixture("iphone_icloud.vcf")]);
    assert!(
        out.contains("  left out (rolo has no field for them): PHOTO (1 card)\n"),
        "{out}"
    );
    assert_eq!(
        r.show("Ελένη")["customer"]["contacts"],
        json!([
            {"kind": "email", "label": "Γραφείο", "value": "eleni@trofima.gr"},
            {"kind": "phone", "label": "mobile", "value": "+30 69 1234 5678"},
            {"kind": "im", "label": "home", "value": "skype:eleni.k"},
            {"kind": "im", "label": "QQ, work", "value": "im:55667788"},
            {"kind": "url", "label": "linkedin", "value": "https://www.linkedin.com/in/elenik"},
        ])
    );
    assert_eq!(
        profile(&r, "אלביט"),
        json!({
            "kind": "org", "name": "אלביט מערכות", "org": null, "title": null,
            "address": "Advanced Technology Center, 3100401 Haifa, Israel",
            "notes": "", "birthday": null,
            "contacts": [{"kind": "phone", "label": "מרכזייה", "value": "+972 4 831 5315"}],
            "tags": ["partners"],
        })
    );
}

#[test]
fn an_android_vcard_21_reads_its_quoted_printable_names_and_im_properties() {
    let r = Rolo::new();
    import(&r, "android21.vcf", &[]);
    assert_eq!(
        profile(&r, "محمد"),
        json!({
            "kind": "person", "name": "محمد العلي", "org": null, "title": null, "address": null,
            "notes": "Nickname: Abu Ahmad", "birthday": null,
            "contacts": [
                {"kind": "phone", "label": "mobile", "value": "+971501234567"},
                {"kind": "email", "label": "work", "value": "m.alali@alnoor.ae"},
                {"kind": "im", "value": "skype:m.alali"},
                {"kind": "im", "label": "QQ", "value": "im:987654"},
            ],
            "tags": [],
        })
    );
    assert_eq!(
        profile(&r, "Grzegorz")["notes"],
        "Dzwonić po 10:00\nŻona: Gosia"
    );
    assert_eq!(
        profile(&r, "Grzegorz")["contacts"][1],
        json!({"kind": "im", "label": "home", "value": "xmpp:grzes@jabber.pl"})
    );
}

#[test]
fn a_person_sharing_their_organizations_phone_is_no_duplicate_of_it() {
    let r = Rolo::new();
    // The iPhone's company card has the switchboard; Google's David Cohen, of that company,
    // has it as his work phone.
    r.ok(&["import", &fixture("iphone_icloud.vcf")]);
    let out = r.ok(&["import", &fixture("google_2024.csv")]);
    assert!(!out.contains("not merged"), "{out}");
    assert_eq!(
        profile(&r, "דוד")["org"],
        json!("אלביט מערכות"),
        "he is of the organization"
    );
    assert_eq!(
        r.ok(&["dupes"]),
        "No likely duplicates.\n1 pair is a person and their organization sharing only a phone \
         (its switchboard?): not listed; `rolo dupes --all` lists it.\n"
    );
    let all = r.ok(&["dupes", "--all"]);
    assert!(
        all.starts_with("#3 אלביט מערכות  ~  #11 דוד כהן  (same phone +972 4 831 5315)\n"),
        "{all}"
    );
}

#[test]
fn a_british_thunderbirds_county_and_post_code_are_the_address_and_its_screen_name_an_im() {
    let r = Rolo::new();
    let f = scratch(
        &r,
        "thunderbird_uk.csv",
        "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,\
         Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number,Home Address,Home Address 2,\
         Home City,Home County,Home Post Code,Home Country,Work Address,Work Address 2,Work City,\
         Work County,Work Post Code,Work Country,Job Title,Department,Organisation,Web Page 1,\
         Web Page 2,Birth Year,Birth Month,Birth Day,Custom 1,Custom 2,Custom 3,Custom 4,Notes,\n\
         Siobhan,O'Brien,Siobhan O'Brien,,siobhan@example.co.uk,,siobhan.ob,+44 20 7946 0000,,,,,\
         ,,,,,,1 Queen St,,Belfast,County Antrim,BT1 6FD,United Kingdom,Buyer,,Harland Ltd,,,,,,,,,,\
         Met at a trade fair,\n"
            .as_bytes(),
    );
    let dry = r.ok(&["import", &f, "--dry-run"]);
    assert!(dry.contains("; IM address (AIM) ← Screen Name; "), "{dry}");
    r.ok(&["import", &f]);
    let p = profile(&r, "Siobhan");
    assert_eq!(
        (&p["address"], &p["notes"], &p["contacts"][1]),
        (
            &json!("1 Queen St, BT1 6FD Belfast, County Antrim, United Kingdom"),
            &json!("Met at a trade fair"),
            &json!({"kind": "im", "value": "aim:siobhan.ob"})
        )
    );
}

#[test]
fn a_dossiers_import_names_its_follow_ups_and_interactions_not_history_rows() {
    let a = Rolo::new();
    a.ok(&[
        "add",
        "Małgorzata Brzęczyszczykiewicz",
        "--email",
        "gosia@zabka.pl",
    ]);
    a.ok(&["follow", "małgorzata", "tomorrow", "Call about Q1 order"]);
    let f = a.dir.path().join("gosia.md");
    a.ok(&["dossier", "małgorzata", "--out", f.to_str().unwrap()]);
    let b = Rolo::new();
    let out = b.ok(&["import", f.to_str().unwrap(), "--dry-run"]);
    assert!(
        out.contains("(dossier, UTF-8): 1 created, 0 merged, 0 skipped; 1 follow-up added.\n"),
        "{out}"
    );
    a.ok(&["log", "małgorzata", "call", "Pricing agreed"]);
    a.ok(&["log", "małgorzata", "email", "Sent the offer"]);
    a.ok(&["dossier", "małgorzata", "--out", f.to_str().unwrap()]);
    let out = b.ok(&["import", f.to_str().unwrap()]);
    assert!(
        out.contains(
            "(dossier, UTF-8): 1 created, 0 merged, 0 skipped; 2 interactions, 1 follow-up added.\n"
        ),
        "{out}"
    );
}
