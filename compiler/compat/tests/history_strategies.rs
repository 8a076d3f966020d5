//! Issue 15, item 11: the transitive check walks representatives of the
//! earlier versions instead of all of them. Over random histories (fields
//! added, removed, retyped, renamed with and without `@alias`, defaults,
//! optional fields, reserved names, shared named records and enums, inline
//! records, references back to the root), it must give exactly the
//! pairwise check's findings, in every mode, at every push.

mod support;

use std::sync::Arc;
use support::{record, string};
use weft_compat::schema::{EnumSchema, FieldSchema, RecordSchema, Schema};
use weft_compat::walk::compare_for;
use weft_compat::{Changelog, History, Labels, Mode, Strategy};

/// A seeded xorshift generator: the same histories on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const NAMES: [&str; 9] = ["a", "b", "c", "d", "e", "f", "g", "amount", "currency"];
const TYPES: usize = 12;

/// One field as the generator sees it.
#[derive(Clone)]
struct FieldSpec {
    name: String,
    ty: usize,
    default: usize,
    aliases: Vec<String>,
    doc: bool,
}

/// One version as the generator sees it.
#[derive(Clone)]
struct Spec {
    fields: Vec<FieldSpec>,
    reserved: Vec<String>,
    address: usize,
    color: usize,
    renamed_root: bool,
}

fn int32() -> Schema {
    Schema::Int32 {
        minimum: None,
        maximum: None,
    }
}

fn optional(value: Schema) -> Schema {
    Schema::Optional {
        value: Box::new(value),
    }
}

fn address(variant: usize) -> Arc<RecordSchema> {
    let zip = match variant {
        1 => int32(),
        _ => string(),
    };
    let mut fields = vec![FieldSchema::new("street", string())];
    if variant != 3 {
        fields.push(FieldSchema::new("zip", zip));
    }
    if variant == 2 {
        fields.push(FieldSchema::new("city", optional(string())));
    }
    record("Address", fields, false)
}

fn color(variant: usize) -> Schema {
    let symbols: &[&str] = match variant {
        0 => &["RED", "GREEN"],
        1 => &["RED", "GREEN", "BLUE"],
        _ => &["RED", "BLUE"],
    };
    Schema::Enum(Arc::new(EnumSchema {
        name: "Color".into(),
        namespace: "demo".into(),
        aliases: Vec::new(),
        doc: String::new(),
        symbols: symbols.iter().map(|symbol| symbol.to_string()).collect(),
        fallback: (variant == 1).then(|| "RED".to_string()),
    }))
}

fn build(spec: &Spec) -> Schema {
    let shared = address(spec.address);
    let fields = spec
        .fields
        .iter()
        .map(|field_spec| {
            let schema = match field_spec.ty {
                0 => string(),
                1 => int32(),
                2 => Schema::Int64 {
                    minimum: None,
                    maximum: None,
                },
                3 => optional(string()),
                4 => Schema::List {
                    items: Box::new(int32()),
                    min_items: None,
                    max_items: None,
                },
                5 => color(spec.color),
                6 => Schema::Record(shared.clone()),
                7 => optional(Schema::Record(shared.clone())),
                8 => Schema::Record(record(
                    &format!("Order_{}", field_spec.name),
                    vec![
                        FieldSchema::new("x", int32()),
                        FieldSchema::new(
                            "y",
                            if field_spec.default == 1 {
                                optional(string())
                            } else {
                                string()
                            },
                        ),
                    ],
                    true,
                )),
                9 => Schema::List {
                    items: Box::new(Schema::Ref {
                        name: "demo.Order".into(),
                    }),
                    min_items: None,
                    max_items: None,
                },
                10 => Schema::Map {
                    keys: Box::new(string()),
                    values: Box::new(Schema::Record(shared.clone())),
                },
                _ => Schema::Decimal {
                    precision: 10,
                    scale: 2,
                    minimum: None,
                    maximum: None,
                },
            };
            let default = match (field_spec.ty, field_spec.default) {
                (0, 1) => Some(serde_json::json!("")),
                (0, 2) => Some(serde_json::json!("x")),
                (1 | 2, 1) => Some(serde_json::json!(0)),
                (1 | 2, 2) => Some(serde_json::json!(7)),
                (3, 2) => Some(serde_json::Value::Null),
                _ => None,
            };
            FieldSchema {
                default,
                aliases: field_spec.aliases.clone(),
                doc: if field_spec.doc {
                    "documented".into()
                } else {
                    String::new()
                },
                ..FieldSchema::new(&field_spec.name, schema)
            }
        })
        .collect();
    let mut root = RecordSchema {
        reserved: spec.reserved.clone(),
        ..(*record("Order", fields, false)).clone()
    };
    if spec.renamed_root {
        root.name = "Purchase".into();
        root.aliases = vec!["Order".into()];
    }
    Schema::Record(Arc::new(root))
}

fn unused(rng: &mut Rng, spec: &Spec) -> Option<String> {
    let free: Vec<&str> = NAMES
        .iter()
        .copied()
        .filter(|name| spec.fields.iter().all(|field| field.name != *name))
        .collect();
    (!free.is_empty()).then(|| free[rng.below(free.len())].to_string())
}

fn mutate(rng: &mut Rng, spec: &mut Spec) {
    let count = spec.fields.len();
    match rng.below(13) {
        0 | 1 => {
            if let Some(name) = unused(rng, spec) {
                let at = rng.below(count + 1);
                spec.fields.insert(
                    at,
                    FieldSpec {
                        name,
                        ty: rng.below(TYPES),
                        default: rng.below(3),
                        aliases: Vec::new(),
                        doc: false,
                    },
                );
            }
        }
        2 if count > 0 => {
            spec.fields.remove(rng.below(count));
        }
        3 if count > 0 => {
            let at = rng.below(count);
            spec.fields[at].ty = rng.below(TYPES);
        }
        4 if count > 0 => {
            // Renamed, with or without `@alias`.
            if let Some(name) = unused(rng, spec) {
                let at = rng.below(count);
                let old = std::mem::replace(&mut spec.fields[at].name, name);
                if rng.chance(60) {
                    spec.fields[at].aliases.push(old);
                }
                if rng.chance(20) {
                    let other = NAMES[rng.below(NAMES.len())].to_string();
                    spec.fields[at].aliases.push(other);
                }
            }
        }
        5 if count > 0 => {
            let at = rng.below(count);
            spec.fields[at].default = rng.below(3);
        }
        6 if count > 1 => {
            let (a, b) = (rng.below(count), rng.below(count));
            spec.fields.swap(a, b);
        }
        7 => {
            if rng.chance(50) || spec.reserved.is_empty() {
                spec.reserved
                    .push(NAMES[rng.below(NAMES.len())].to_string());
            } else {
                let at = rng.below(spec.reserved.len());
                spec.reserved.remove(at);
            }
        }
        8 => spec.address = rng.below(4),
        9 => spec.color = rng.below(3),
        11 | 12 if count > 0 => {
            // An alias naming any field, present, removed or to come.
            let at = rng.below(count);
            let alias = NAMES[rng.below(NAMES.len())].to_string();
            if alias != spec.fields[at].name && !spec.fields[at].aliases.contains(&alias) {
                spec.fields[at].aliases.push(alias);
            } else {
                spec.fields[at].aliases.clear();
            }
        }
        _ if count > 0 => {
            let at = rng.below(count);
            spec.fields[at].doc = !spec.fields[at].doc;
        }
        _ => {}
    }
}

fn history(rng: &mut Rng) -> Vec<Schema> {
    let mut spec = Spec {
        fields: Vec::new(),
        reserved: Vec::new(),
        address: rng.below(4),
        color: rng.below(3),
        renamed_root: false,
    };
    for _ in 0..1 + rng.below(4) {
        mutate(rng, &mut spec);
        if spec.fields.is_empty() {
            spec.fields.push(FieldSpec {
                name: "a".into(),
                ty: rng.below(TYPES),
                default: rng.below(3),
                aliases: Vec::new(),
                doc: false,
            });
        }
    }
    let mut specs: Vec<Spec> = vec![spec.clone()];
    for _ in 0..2 + rng.below(10) {
        if rng.chance(10) {
            // An older version again.
            spec = specs[rng.below(specs.len())].clone();
        } else {
            for _ in 0..1 + rng.below(3) {
                mutate(rng, &mut spec);
            }
        }
        if rng.chance(2) {
            spec.renamed_root = !spec.renamed_root;
        }
        specs.push(spec.clone());
    }
    specs.iter().map(build).collect()
}

#[test]
fn representatives_find_what_pairwise_finds() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut walks, mut pairwise_walks, mut findings) = (0, 0, 0);
    for case in 0..CASES {
        let versions = history(&mut rng);
        for &mode in Mode::ALL {
            for changelog in [Changelog::Included, Changelog::Omitted] {
                if changelog == Changelog::Omitted && case % 4 != 0 {
                    continue;
                }
                let mut oracle = History::with_strategy(mode, changelog, Strategy::Pairwise);
                let mut fast = History::with_strategy(mode, changelog, Strategy::Representatives);
                for (number, schema) in versions.iter().enumerate() {
                    let number = number as u32 + 1;
                    let expected = oracle.push(number, schema);
                    let actual = fast.push(number, schema);
                    findings += expected.len();
                    assert_eq!(
                        actual,
                        expected,
                        "case {case}, {mode}, v{number} of {}:\n{}",
                        versions.len(),
                        versions
                            .iter()
                            .map(|schema| serde_json::to_string(schema).unwrap_or_default())
                            .collect::<Vec<_>>()
                            .join("\n")
                    );
                }
                walks += fast.comparisons();
                pairwise_walks += oracle.comparisons();
            }
        }
    }
    eprintln!("walks {walks} pairwise {pairwise_walks} findings {findings}");
    assert!(
        findings > CASES,
        "the histories find too little: {findings}"
    );
    assert!(
        walks < pairwise_walks,
        "no walk saved: {walks} against {pairwise_walks}"
    );
}

const CASES: usize = 1500;

/// A name another field of the new version aliases, sitting at a field's
/// index: it is a rename source in the versions that have the aliasing
/// field (E103 from v2), and matched through the alias in those that do not
/// (E101 from v1).
#[test]
fn an_aliased_name_at_a_fields_index_follows_the_aliasing_field() {
    let aliased = || FieldSchema {
        aliases: vec!["s".into()],
        ..FieldSchema::new("h", int32())
    };
    let version = |fields: Vec<FieldSchema>| Schema::Record(record("Order", fields, false));
    let versions = [
        version(vec![
            FieldSchema::new("x", int32()),
            FieldSchema::new("s", string()),
        ]),
        version(vec![aliased(), FieldSchema::new("s", string())]),
        version(vec![aliased(), FieldSchema::new("f", string())]),
        version(vec![aliased(), FieldSchema::new("f", string())]),
    ];
    for &mode in Mode::ALL {
        let mut oracle = History::with_strategy(mode, Changelog::Included, Strategy::Pairwise);
        let mut fast = History::with_strategy(mode, Changelog::Included, Strategy::Representatives);
        for (number, schema) in versions.iter().enumerate() {
            let number = number as u32 + 1;
            let expected = oracle.push(number, schema);
            assert_eq!(fast.push(number, schema), expected, "{mode}, v{number}");
            if number == 4 && mode == Mode::BackwardTransitive {
                let found: Vec<(u32, &str)> = expected
                    .iter()
                    .map(|(against, finding)| (*against, finding.code.as_str()))
                    .collect();
                assert!(found.contains(&(2, "E103")), "{found:?}");
            }
        }
    }
}

/// The walks a history keeps (`History::last_walk`, which `check` takes
/// for the consumers' comparisons) are what walking the pair afresh finds,
/// and they do not change what the history reports.
#[test]
fn kept_walks_are_the_walks_of_the_pair() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut kept = 0;
    for _ in 0..CASES / 5 {
        let versions = history(&mut rng);
        for &mode in Mode::ALL {
            let changelog = Changelog::Omitted;
            let mut plain = History::with_changelog(mode, changelog);
            let mut keeping = History::with_changelog(mode, changelog).keep_walks();
            for (position, schema) in versions.iter().enumerate() {
                let number = position as u32 + 1;
                assert_eq!(keeping.push(number, schema), plain.push(number, schema));
                let subject = match schema {
                    Schema::Record(record) => format!("{} ", record.name),
                    _ => String::new(),
                };
                for (older, old) in versions[..position].iter().enumerate() {
                    let older = older as u32 + 1;
                    let Some(walk) = keeping.last_walk(older) else {
                        continue;
                    };
                    let labels = Labels {
                        old: format!("{subject}v{older}"),
                        new: format!("{subject}v{number}"),
                    };
                    assert_eq!(walk, compare_for(old, schema, &labels, changelog));
                    kept += 1;
                }
            }
        }
    }
    assert!(kept > CASES, "too few walks kept: {kept}");
}
