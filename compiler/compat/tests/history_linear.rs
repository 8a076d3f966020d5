//! Issue 15, item 11: a transitive check of a long history walks a number
//! of earlier versions that does not grow with the history. The walks
//! (`History::comparisons`) are counted over n and 10·n versions of three
//! shapes, in every transitive mode: ten times the versions must cost at
//! most twelve times the walks (walking every earlier version costs about a
//! hundred times).

mod support;

use std::sync::Arc;
use support::{record, string};
use weft_compat::schema::{FieldSchema, RecordSchema, Schema};
use weft_compat::{Changelog, History, Mode, Strategy};

fn optional(name: &str) -> FieldSchema {
    FieldSchema::new(
        name,
        Schema::Optional {
            value: Box::new(string()),
        },
    )
}

fn version(fields: Vec<FieldSchema>) -> Schema {
    Schema::Record(record("Many", fields, false))
}

/// The bench's `many_versions`: version k is `{ id: string, fk: string? }`.
fn optional_field_each(versions: usize) -> Vec<Schema> {
    (1..=versions)
        .map(|k| {
            version(vec![
                FieldSchema::new("id", string()),
                optional(&format!("f{k}")),
            ])
        })
        .collect()
}

/// Version k is `{ id: string, fk: string }`: each version drops the
/// previous field and adds a required one (E103/E101/E102 are found).
fn required_field_each(versions: usize) -> Vec<Schema> {
    (1..=versions)
        .map(|k| {
            version(vec![
                FieldSchema::new("id", string()),
                FieldSchema::new(format!("f{k}"), string()),
            ])
        })
        .collect()
}

/// Version 1 has `old`; from version 2 on it is `new @alias("old")`, kept
/// while an optional field comes and goes.
fn alias_kept(versions: usize) -> Vec<Schema> {
    (1..=versions)
        .map(|k| {
            let renamed = if k == 1 {
                FieldSchema::new("old", string())
            } else {
                FieldSchema {
                    aliases: vec!["old".into()],
                    ..FieldSchema::new("new", string())
                }
            };
            version(vec![
                FieldSchema::new("id", string()),
                renamed,
                optional(&format!("f{k}")),
            ])
        })
        .collect()
}

/// Two fields share the record `Address` (one group: the walk reports the
/// record once), kept unchanged while an optional field comes and goes.
fn shared_record_kept(versions: usize) -> Vec<Schema> {
    let address = Schema::Record(Arc::new(RecordSchema {
        name: "Address".into(),
        namespace: "demo".into(),
        aliases: Vec::new(),
        doc: String::new(),
        deprecated: None,
        fields: vec![
            FieldSchema::new("street", string()),
            FieldSchema::new("zip", string()),
        ],
        reserved: Vec::new(),
        inline: false,
    }));
    (1..=versions)
        .map(|k| {
            version(vec![
                FieldSchema::new("billing", address.clone()),
                FieldSchema::new(
                    "shipping",
                    Schema::Optional {
                        value: Box::new(address.clone()),
                    },
                ),
                optional(&format!("f{k}")),
            ])
        })
        .collect()
}

/// Version k is `{ id: string, r1..rk: string }`: every version adds a
/// required field and keeps the earlier ones.
fn required_fields_accumulate(versions: usize) -> Vec<Schema> {
    (1..=versions)
        .map(|k| {
            let mut fields = vec![FieldSchema::new("id", string())];
            fields.extend((1..=k).map(|r| FieldSchema::new(format!("r{r}"), string())));
            version(fields)
        })
        .collect()
}

/// The walks and the findings of pushing every version.
fn walks(versions: &[Schema], mode: Mode, strategy: Strategy) -> (usize, usize) {
    let mut history = History::with_strategy(mode, Changelog::Omitted, strategy);
    let mut found = 0;
    for (number, schema) in versions.iter().enumerate() {
        found += history.push(number as u32 + 1, schema).len();
    }
    (history.comparisons(), found)
}

/// The transitive modes, the ones that read the whole history.
fn transitive() -> impl Iterator<Item = Mode> {
    Mode::ALL.iter().copied().filter(|mode| mode.transitive())
}

type Shape = fn(usize) -> Vec<Schema>;

const SHAPES: [(&str, Shape); 4] = [
    ("optional field each version", optional_field_each),
    ("required field each version", required_field_each),
    ("rename by alias kept", alias_kept),
    ("shared record kept", shared_record_kept),
];

#[test]
fn accumulated_required_fields_find_what_pairwise_finds() {
    let versions = required_fields_accumulate(25);
    for mode in transitive() {
        let mut oracle = History::with_strategy(mode, Changelog::Included, Strategy::Pairwise);
        let mut fast = History::with_strategy(mode, Changelog::Included, Strategy::Representatives);
        for (number, schema) in versions.iter().enumerate() {
            let number = number as u32 + 1;
            assert_eq!(
                fast.push(number, schema),
                oracle.push(number, schema),
                "{mode}, v{number}"
            );
        }
    }
}

#[test]
fn walks_grow_linearly_with_the_history() {
    let small = 200;
    for (what, shape) in SHAPES {
        let (few, many) = (shape(small), shape(small * 10));
        for mode in transitive() {
            let (small_walks, _) = walks(&few, mode, Strategy::Representatives);
            let (large_walks, found) = walks(&many, mode, Strategy::Representatives);
            assert!(
                large_walks <= 12 * small_walks,
                "{what}, {mode}: {small} → {} versions took {small_walks} → {large_walks} walks",
                small * 10
            );
            if what.starts_with("required") {
                assert!(found > 0, "{what}, {mode}: nothing found");
            }
        }
    }
}

/// The versions themselves grow here (the history is quadratic in size),
/// so the sizes are smaller; every version has findings (E101).
#[test]
fn walks_grow_linearly_when_every_version_adds_a_required_field() {
    let small = 30;
    for mode in transitive() {
        let (small_walks, _) = walks(
            &required_fields_accumulate(small),
            mode,
            Strategy::Representatives,
        );
        let (large_walks, found) = walks(
            &required_fields_accumulate(small * 10),
            mode,
            Strategy::Representatives,
        );
        assert!(
            large_walks <= 12 * small_walks,
            "{mode}: {small_walks} → {large_walks} walks"
        );
        if mode.backward() {
            assert!(found > 0, "{mode}: nothing found");
        }
    }
}

/// The same measure holds the pairwise walk to its quadratic growth: the
/// bound above is one the old loop fails.
#[test]
fn the_pairwise_walk_fails_the_bound() {
    let small = 30;
    for (what, shape) in SHAPES {
        let (small_walks, _) = walks(&shape(small), Mode::FullTransitive, Strategy::Pairwise);
        let (large_walks, _) = walks(&shape(small * 10), Mode::FullTransitive, Strategy::Pairwise);
        assert!(
            large_walks > 12 * small_walks,
            "{what}: {small_walks} → {large_walks}"
        );
    }
}

/// The findings of both strategies agree on the shapes too.
#[test]
fn the_shapes_find_what_pairwise_finds() {
    for (what, shape) in SHAPES {
        let versions = shape(40);
        for mode in transitive() {
            let mut oracle = History::with_strategy(mode, Changelog::Included, Strategy::Pairwise);
            let mut fast =
                History::with_strategy(mode, Changelog::Included, Strategy::Representatives);
            for (number, schema) in versions.iter().enumerate() {
                let number = number as u32 + 1;
                assert_eq!(
                    fast.push(number, schema),
                    oracle.push(number, schema),
                    "{what}, {mode}, v{number}"
                );
            }
        }
    }
}
