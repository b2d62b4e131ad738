//! Schema v19: addresses of instant messaging, kept as `other` before, of their own kind.

use super::file::pragma_text;
use super::*;
use crate::store::migrate;

fn point(kind: ContactKind, value: &str) -> ContactPoint {
    ContactPoint {
        kind,
        value: value.into(),
        label: None,
    }
}

/// Takes a new file back to schema v18: contact points of kind `email`, `phone`, `url` and
/// `other` only (an `im` one was `other`), in the rows, the undo journal's images and the
/// handover records.
fn before_im_kind(s: &mut Store) {
    let tx = s.conn.transaction().unwrap();
    tx.execute_batch(
        "DROP TRIGGER journal_contact_points_i; DROP TRIGGER journal_contact_points_u;
         DROP TRIGGER journal_contact_points_d;
         CREATE TABLE cp18(
           id INTEGER PRIMARY KEY,
           customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
           kind TEXT NOT NULL CHECK (kind IN ('email', 'phone', 'url', 'other')),
           value TEXT NOT NULL, norm TEXT NOT NULL, label TEXT,
           position INTEGER NOT NULL DEFAULT 0);
         INSERT INTO cp18 SELECT id, customer_id, replace(kind, 'im', 'other'), value, norm,
           label, position FROM contact_points;
         DROP TABLE contact_points;
         ALTER TABLE cp18 RENAME TO contact_points;
         CREATE INDEX contact_points_customer ON contact_points(customer_id, position);
         CREATE INDEX contact_points_norm ON contact_points(kind, norm);
         UPDATE change_ops SET old = json_set(old, '$.kind', 'other')
          WHERE tbl = 'contact_points' AND json_extract(old, '$.kind') = 'im';
         PRAGMA user_version = 18;",
    )
    .unwrap();
    crate::store::journal::install_triggers(&tx).unwrap();
    tx.commit().unwrap();
}

/// The text of each row `sql` selects, in its order.
fn texts(s: &Store, sql: &str) -> Vec<String> {
    let mut stmt = s.conn().prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn kinds(s: &Store) -> Vec<String> {
    texts(
        s,
        "SELECT kind || ' ' || value FROM contact_points ORDER BY id",
    )
}

#[test]
fn migration_19_makes_im_addresses_of_their_own_kind_in_rows_images_and_handovers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rolo.db");
    let handover = |kind: &str| {
        format!(
            r#"{{"uid":"u1","contacts":[{{"kind":"{kind}","value":"xmpp:anna@jabber.pl"}},{{"kind":"other","value":"pager 1234","label":"work"}}],"tags":[]}}"#
        )
    };
    let id = {
        let mut s = Store::open(&path).unwrap();
        let mut anna = person("Anna");
        anna.contacts = vec![
            email("anna@acme.pl"),
            point(ContactKind::Im, "skype:anna.k"),
            point(ContactKind::Other, "pager 1234"),
            point(ContactKind::Im, "skype:ala kowalska"),
            point(ContactKind::Im, "xmpp:anna@jabber.pl"),
            // Not a scheme of instant messaging: other text stays other.
            point(ContactKind::Other, "Signal: ask for it"),
        ];
        let id = s
            .change("add Anna", T0, |w| w.insert_customer(&anna))
            .unwrap();
        s.change("edit Anna", T0, |w| {
            w.update_customer(
                id,
                &crate::store::CustomerPatch {
                    remove_contacts: vec!["xmpp:anna@jabber.pl".into()],
                    ..Default::default()
                },
                T0,
            )
        })
        .unwrap();
        before_im_kind(&mut s);
        s.conn()
            .execute(
                "UPDATE customers SET handover = ?1 WHERE id = ?2",
                rusqlite::params![handover("other"), id.0],
            )
            .unwrap();
        assert_eq!(
            kinds(&s),
            [
                "email anna@acme.pl",
                "other skype:anna.k",
                "other pager 1234",
                "other skype:ala kowalska",
                "other Signal: ask for it",
            ]
        );
        id
    };
    let mut s = Store::open(&path).unwrap();
    assert_eq!(
        pragma_text(&s, "user_version"),
        migrate::latest().to_string()
    );
    assert_eq!(
        kinds(&s),
        [
            "email anna@acme.pl",
            "im skype:anna.k",
            "other pager 1234",
            "im skype:ala kowalska",
            "other Signal: ask for it",
        ]
    );
    assert_eq!(
        texts(
            &s,
            &format!("SELECT handover FROM customers WHERE id = {}", id.0)
        ),
        [handover("im")]
    );
    assert_eq!(
        texts(
            &s,
            "SELECT json_extract(old, '$.kind') FROM change_ops
              WHERE tbl = 'contact_points' AND op = 'D'"
        ),
        ["im"]
    );
    // The table is the one it was, indexes and all, and takes the new kind.
    assert_eq!(
        texts(
            &s,
            "SELECT name FROM sqlite_schema WHERE tbl_name = 'contact_points' ORDER BY name"
        ),
        [
            "contact_points",
            "contact_points_customer",
            "contact_points_norm",
            "journal_contact_points_d",
            "journal_contact_points_i",
            "journal_contact_points_u",
        ]
    );
    // Undoing the removal puts the address back as one of instant messaging.
    s.undo(0).unwrap();
    let anna = s.customer(id).unwrap();
    assert_eq!(
        anna.contacts
            .iter()
            .map(|c| format!("{} {}", c.kind, c.value))
            .collect::<Vec<_>>(),
        [
            "email anna@acme.pl",
            "im skype:anna.k",
            "other pager 1234",
            "im skype:ala kowalska",
            "im xmpp:anna@jabber.pl",
            "other Signal: ask for it",
        ]
    );
}
