//! Single declarations that grow in one direction (issue 15, item 11): a
//! workflow of many steps, an enum of many symbols, an event of many
//! versions. Each must cost linear time and memory; the benchmark's
//! `--shapes` option times them and `tests/linear_shapes.rs` holds their
//! memory and work to linear growth without timing anything.

/// The landscape every shape needs: a domain and a system that produces
/// and consumes `Tick`.
const PRELUDE: &str = r#"package demo

/// Operations.
domain ops {
  owner "Ops Team"
}

/// The system everything runs on.
system plant {
  domain ops
  kind other
  hosting cloud
  connectivity reliable
  consumes Tick v1
}

/// A tick of the plant's clock.
event Tick {
  producer plant
  key id
  delivery near_real_time
  retention 7d

  version 1 {
    id: string
  }
}
"#;

/// A workflow of `steps` steps in a row; each emits a `Tick` whose `id` is
/// read from the previous step's result, so every state's scope holds every
/// earlier step.
pub fn long_workflow(steps: usize) -> String {
    let mut text = String::from(PRELUDE);
    text.push_str(
        "\n/// Many steps.\nworkflow Long {\n  host plant\n  trigger event Tick v1 as start\n\n",
    );
    let mut previous = "start".to_string();
    for step in 0..steps {
        let name = format!("s{step}");
        text.push_str(&format!("  emit {name} = Tick v1(id: {previous}.id)\n"));
        previous = name;
    }
    text.push_str("}\n");
    text
}

/// An enum of `symbols` symbols.
pub fn big_enum(symbols: usize) -> String {
    let mut text = String::from("package demo\n\n/// Many symbols.\nenum Big {\n");
    for symbol in 0..symbols {
        text.push_str(&format!("  S{symbol}\n"));
    }
    text.push_str("}\n");
    text
}

/// An event of `versions` versions under `mode` (such as
/// `BACKWARD_TRANSITIVE`); version k has the key `id` and an optional field
/// `fk`, so each version drops the previous version's field and adds one.
pub fn many_versions(versions: usize, mode: &str) -> String {
    let mut text = String::from(PRELUDE);
    text.push_str(&format!(
        "\n/// Many versions.\nevent Many {{\n  producer plant\n  key id\n  compatibility {mode}\n  delivery near_real_time\n  retention 7d\n"
    ));
    for version in 1..=versions {
        text.push_str(&format!(
            "\n  version {version} {{\n    id: string\n    f{version}: string?\n  }}\n"
        ));
    }
    text.push_str("}\n");
    text
}
