//! `Event::version` finds a version by number whatever order the versions
//! are written in (it tries the position of a binary search first, for the
//! usual ascending order, and scans only when that misses).

mod support;

use support::one_file_project;
use weft_compiler::check;

/// An event whose versions are written in `order`, each with one field
/// `fN` that names it.
fn project(order: &[u32]) -> String {
    let mut text = String::from(
        "package demo\n\n/// Sales.\ndomain sales {\n  owner \"Sales Team\"\n}\n\n/// The host.\nsystem host {\n  domain sales\n  kind other\n  hosting cloud\n  connectivity reliable\n}\n\n/// Versions in any order.\nevent Placed {\n  producer host\n  key id\n",
    );
    for number in order {
        text.push_str(&format!(
            "\n  version {number} {{\n    id: string\n    f{number}: string?\n  }}\n"
        ));
    }
    text.push_str("}\n");
    text
}

#[test]
fn versions_are_found_in_any_order() {
    for order in [
        vec![1, 2, 3, 4],
        vec![4, 3, 2, 1],
        vec![2, 4, 1, 3],
        vec![1, 3, 7],
        vec![5, 1],
    ] {
        let checked = check(&one_file_project(project(&order)));
        let event = &checked.model.events[checked.model.events.len() - 1];
        assert_eq!(event.name.name, "Placed");
        for number in &order {
            let found = event
                .version(*number)
                .unwrap_or_else(|| panic!("version {number} of {order:?} not found"));
            assert_eq!(found.number, *number, "{order:?}");
            let payload = checked.model.type_def(found.payload);
            let weft_compiler::model::TypeKind::Record(record) = &payload.kind else {
                panic!("payload of version {number} is not a record");
            };
            assert!(
                record.field(&format!("f{number}")).is_some(),
                "version {number} of {order:?} has another version's payload"
            );
        }
        for missing in [0, 6, 100] {
            if !order.contains(&missing) {
                assert!(event.version(missing).is_none(), "{missing} in {order:?}");
            }
        }
    }
}
