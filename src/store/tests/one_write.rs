//! One change of a customer's name or address is one write of their row (schema v18): what
//! is kept beside them (the parts, the name's key) is set in the same `UPDATE`, so the undo
//! journal holds one image of the row and one undo puts it back whole.

use super::migration::before_writers_set_parts;
use super::*;
use crate::domain::{AddressParts, NameParts};
use crate::store::CustomerPatch;

/// The undo journal's images of customers for the newest change.
fn images(s: &Store) -> i64 {
    count(
        s,
        "SELECT count(*) FROM change_ops WHERE tbl = 'customers'
           AND change_id = (SELECT max(id) FROM changes)",
    )
}

/// Every column of customer `id`.
fn row(s: &Store, id: CustomerId) -> Vec<String> {
    rows_of(s, &format!("SELECT * FROM customers WHERE id = {}", id.0))
}

/// `name_key | name_latin | name_grams | name_parts` of customer `id`.
fn kept(s: &Store, id: CustomerId) -> String {
    rows_of(
        s,
        &format!(
            "SELECT name_key, name_latin, name_grams, name_parts FROM customers WHERE id = {}",
            id.0
        ),
    )
    .concat()
}

fn patch(s: &mut Store, id: CustomerId, p: &CustomerPatch) -> Vec<String> {
    s.change("edit", T0, |w| w.update_customer(id, p, T0))
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn anh(s: &mut Store) -> CustomerId {
    add(
        s,
        &NewCustomer {
            name_parts: NameParts::from_n(&["Nguyễn", "Thị Minh Anh"]),
            address: Some("12 Lý Thường Kiệt, Hà Nội".into()),
            address_parts: Some(AddressParts {
                street: "12 Lý Thường Kiệt".into(),
                city: "Hà Nội".into(),
                label: "work".into(),
                ..AddressParts::default()
            }),
            ..person("Nguyễn Thị Minh Anh")
        },
    )
}

#[test]
fn update_renaming_with_the_parts_kept_writes_the_row_once_and_undo_puts_it_back() {
    let mut s = mem();
    let id = anh(&mut s);
    let before = row(&s, id);
    let changed = patch(
        &mut s,
        id,
        &CustomerPatch {
            name: Some("Bà Nguyễn Thị Minh Anh".into()),
            name_parts: Some(NameParts::from_n(&["Nguyễn", "Thị Minh Anh"])),
            ..CustomerPatch::default()
        },
    );
    assert_eq!(changed, ["name → Bà Nguyễn Thị Minh Anh"]);
    assert_eq!(images(&s), 1);
    assert_eq!(
        kept(&s, id),
        "'ba nguyen thi minh anh' | 'nguien thi' | '' | \
         '{\"family\":\"Nguyễn\",\"given\":\"Thị Minh Anh\"}'"
    );
    // A part changed with the name is said against the parts there were.
    let changed = patch(
        &mut s,
        id,
        &CustomerPatch {
            name: Some("Nguyễn Thị Minh Anh".into()),
            name_parts: Some(NameParts::from_n(&["Nguyễn", "Minh Anh", "Thị"])),
            ..CustomerPatch::default()
        },
    );
    assert_eq!(
        changed,
        [
            "name → Nguyễn Thị Minh Anh",
            "given name → Minh Anh",
            "middle name → Thị"
        ]
    );
    assert_eq!(images(&s), 1);
    s.undo(T0).unwrap();
    s.undo(T0).unwrap();
    assert_eq!(row(&s, id), before);
}

#[test]
fn update_renaming_or_readdressing_without_parts_drops_them_in_the_same_write() {
    let mut s = mem();
    let id = anh(&mut s);
    let before = row(&s, id);
    // The same address again is no new address: its parts stay.
    let changed = patch(
        &mut s,
        id,
        &CustomerPatch {
            address: Some(Some("12 Lý Thường Kiệt, Hà Nội".into())),
            title: Some(Some("CFO".into())),
            ..CustomerPatch::default()
        },
    );
    assert_eq!(changed, ["title → CFO"]);
    assert!(s.customer(id).unwrap().address_parts.is_some());
    let changed = patch(
        &mut s,
        id,
        &CustomerPatch {
            name: Some("Anh Nguyen".into()),
            address: Some(Some("1 Tràng Tiền, Hà Nội".into())),
            ..CustomerPatch::default()
        },
    );
    assert_eq!(
        changed,
        ["name → Anh Nguyen", "address → 1 Tràng Tiền, Hà Nội"]
    );
    assert_eq!(images(&s), 1);
    let c = s.customer(id).unwrap();
    assert_eq!((c.name_parts, c.address_parts), (None, None));
    assert_eq!(kept(&s, id), "'anh nguyen' | '' | '' | NULL");
    s.undo(T0).unwrap();
    s.undo(T0).unwrap();
    assert_eq!(row(&s, id), before);
}

#[test]
fn update_renaming_in_letter_case_alone_is_one_write_with_the_same_key() {
    let mut s = mem();
    let id = add(&mut s, &person("anna kowalska"));
    patch(
        &mut s,
        id,
        &CustomerPatch {
            name: Some("Anna Kowalska".into()),
            ..CustomerPatch::default()
        },
    );
    assert_eq!(images(&s), 1);
    assert_eq!(kept(&s, id), "'anna kowalska' | '' | '' | NULL");
}

/// Renamed by plain SQL (another tool): the key is emptied and computed at the commit as
/// before; the parts of the old name stay until `rolo doctor` drops them (nothing shows
/// or exports parts that are not words of the name).
#[test]
fn a_rename_behind_rolos_back_gets_its_key_and_doctor_drops_the_old_parts() {
    let mut s = mem();
    let id = anh(&mut s);
    let other = add(
        &mut s,
        &NewCustomer {
            name_parts: NameParts::from_n(&["Lis", "Ewa"]),
            ..person("Ewa Lis")
        },
    );
    s.write(|w| {
        w.conn().execute(
            "UPDATE customers SET name = 'Đặng Văn Lâm' WHERE id = ?1",
            [id.0],
        )?;
        Ok(())
    })
    .unwrap();
    assert_eq!(
        kept(&s, id),
        "'dang van lam' | 'dang' | '' | \
         '{\"family\":\"Nguyễn\",\"given\":\"Thị Minh Anh\"}'"
    );
    assert_eq!(s.repair_name_parts().unwrap(), 1);
    assert_eq!(s.repair_name_parts().unwrap(), 0);
    assert_eq!(s.customer(id).unwrap().name_parts, None);
    assert_eq!(
        s.customer(other).unwrap().name_parts,
        NameParts::from_n(&["Lis", "Ewa"])
    );
}

#[test]
fn migration_18_drops_the_triggers_that_cleared_parts_after_a_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    let id = {
        let mut s = Store::open(&path).unwrap();
        let id = anh(&mut s);
        before_writers_set_parts(&mut s);
        // Under v17's triggers a rename that keeps the parts is the row, then the key and
        // the parts cleared by them (the key computed at the commit is derived, no part of
        // the change since v27).
        patch(
            &mut s,
            id,
            &CustomerPatch {
                name: Some("Bà Nguyễn Thị Minh Anh".into()),
                name_parts: Some(NameParts::from_n(&["Nguyễn", "Thị Minh Anh"])),
                ..CustomerPatch::default()
            },
        );
        assert_eq!(images(&s), 3);
        id
    };
    let mut s = Store::open(&path).unwrap();
    assert_eq!(
        names(
            &s,
            "SELECT name FROM sqlite_schema WHERE type = 'trigger'
               AND name GLOB 'customers_*_au' AND name NOT GLOB '*fts*'"
        ),
        // (v21's keeps an organization's last contact when a person joins or leaves it, v25's
        // its next step; v23's writes down a row whose notes changed, for the index of letter
        // pairs.)
        [
            "customers_grams_mark_au",
            "customers_name_key_au",
            "customers_org_last_contact_au",
            "customers_org_next_due_au"
        ]
    );
    // The change journaled under v17 is undone whole, its images as they were.
    s.undo(T0).unwrap();
    assert_eq!(
        kept(&s, id),
        "'nguyen thi minh anh' | 'nguien thi' | '' | \
         '{\"family\":\"Nguyễn\",\"given\":\"Thị Minh Anh\"}'"
    );
    patch(
        &mut s,
        id,
        &CustomerPatch {
            name: Some("Bà Nguyễn Thị Minh Anh".into()),
            name_parts: Some(NameParts::from_n(&["Nguyễn", "Thị Minh Anh"])),
            ..CustomerPatch::default()
        },
    );
    assert_eq!(images(&s), 1);
}
