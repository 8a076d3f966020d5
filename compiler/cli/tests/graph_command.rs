//! `weft graph`: the example landscape drawn as Mermaid and as DOT
//! (snapshotted), the DOT rendered by Graphviz (`dot -Tsvg` must accept it),
//! byte-identical output across runs, and names and strings from the model
//! that must not break either syntax.
//!
//! Graphviz is installed by `.ci/install-graphviz` (Debian's `graphviz`
//! package). Without `dot` on the PATH the rendering tests fail, unless
//! `WEFT_SKIP_EXTERNAL_VALIDATORS=1` is set.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use support::{scratch, Scratch};

const WEFT: &str = env!("CARGO_BIN_EXE_weft");

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/acme-plant")
}

fn graph(path: &Path, format: &str) -> Output {
    Command::new(WEFT)
        .args(["graph", &path.display().to_string(), "--format", format])
        .output()
        .expect("weft runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

/// Whether Graphviz's `dot` can be run; `false` (after a note) when it is
/// missing and `WEFT_SKIP_EXTERNAL_VALIDATORS=1` says to skip.
fn dot_available() -> bool {
    let found = Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if found {
        return true;
    }
    if std::env::var("WEFT_SKIP_EXTERNAL_VALIDATORS").as_deref() == Ok("1") {
        eprintln!(
            "note: skipping Graphviz rendering: `dot` is not installed \
             (WEFT_SKIP_EXTERNAL_VALIDATORS=1)"
        );
        return false;
    }
    panic!(
        "Graphviz's `dot` is not on the PATH: run `.ci/install-graphviz`, \
         or set WEFT_SKIP_EXTERNAL_VALIDATORS=1 to skip this test"
    );
}

/// Renders DOT text to SVG with Graphviz; returns the SVG, or panics with
/// what Graphviz said.
fn render_svg(dot: &str) -> String {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot starts");
    child
        .stdin
        .take()
        .expect("dot's stdin")
        .write_all(dot.as_bytes())
        .expect("DOT written to dot");
    let output = child.wait_with_output().expect("dot finishes");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "dot -Tsvg rejected the graph:\n{stderr}\n{dot}"
    );
    // Graphviz reports syntax problems as warnings on some inputs.
    assert!(
        !stderr.contains("syntax error"),
        "dot -Tsvg reported:\n{stderr}\n{dot}"
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn example_as_mermaid() {
    let output = graph(&example(), "mermaid");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = stdout(&output);
    assert!(text.starts_with("flowchart LR\n"));
    insta::assert_snapshot!("acme_plant_mermaid", text);
}

#[test]
fn example_as_dot_renders_with_graphviz() {
    let output = graph(&example(), "dot");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = stdout(&output);
    insta::assert_snapshot!("acme_plant_dot", text);
    if dot_available() {
        let svg = render_svg(&text);
        assert!(svg.contains("<svg"), "no SVG from dot:\n{svg}");
        for name in ["integration_hub", "PurchaseOrder", "ScheduleChanged"] {
            assert!(svg.contains(name), "`{name}` is not in the SVG");
        }
    }
}

#[test]
fn mermaid_is_the_default_and_output_is_stable() {
    let first = Command::new(WEFT)
        .args(["graph", &example().display().to_string()])
        .output()
        .expect("weft runs");
    assert!(first.status.success());
    for format in ["mermaid", "dot"] {
        let once = stdout(&graph(&example(), format));
        let again = stdout(&graph(&example(), format));
        assert_eq!(once, again, "{format} output differs between runs");
    }
    assert_eq!(stdout(&first), stdout(&graph(&example(), "mermaid")));
}

/// A model whose strings hold quotes, backslashes, brackets, braces, pipes,
/// line breaks and markup.
const HOSTILE: &str = r#"package demo

/// Production.
domain production {
  owner "Team \"A\" ]} |x| <b>#1</b>; %% end\nsubgraph \\ { -> }"
  contact "a@b.example"
}

/// The plant's MES.
system mes {
  domain production
  kind mes
  hosting on_prem
  connectivity reliable
}

/// The planning system.
system end {
  domain production
  kind other
  hosting cloud
  connectivity reliable
  consumes subgraph v1
}

/// An event named like a keyword.
event subgraph {
  producer mes
  key node
  compatibility BACKWARD_TRANSITIVE
  delivery near_real_time
  retention 7d

  version 1 {
    node: string
  }
}
"#;

/// The hostile model in a scratch folder (removed when the folder is
/// dropped) and the path of its file.
fn hostile_file(name: &str) -> (Scratch, PathBuf) {
    let dir = scratch(name);
    let file = dir.join("hostile.weft");
    std::fs::write(&file, HOSTILE).expect("fixture written");
    (dir, file)
}

#[test]
fn strings_from_the_model_cannot_break_mermaid() {
    let (_dir, file) = hostile_file("mermaid");
    let output = graph(&file, "mermaid");
    let text = stdout(&output);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cluster = text
        .lines()
        .find(|line| line.trim_start().starts_with("subgraph "))
        .expect("a cluster");
    // One quoted label, nothing after it, and no character Mermaid could
    // read as syntax inside it.
    let label = cluster
        .split_once("[\"")
        .and_then(|(_, rest)| rest.strip_suffix("\"]"))
        .expect("a quoted label");
    for forbidden in ['"', '[', ']', '{', '}', '|', '<', '>', '%', ';'] {
        let outside_entities = label
            .split('#')
            .map(|part| part.split_once(';').map_or(part, |(_, rest)| rest))
            .collect::<String>()
            .replace("<br/>", "");
        assert!(
            !outside_entities.contains(forbidden),
            "`{forbidden}` in {label}"
        );
    }
    // Every line is one statement: nothing from the model starts a line.
    for line in text.lines() {
        let statement = line.trim_start();
        assert!(
            statement.starts_with("flowchart ")
                || statement.starts_with("subgraph domain_")
                || statement == "end"
                || statement.starts_with("system_")
                || statement.starts_with("entity_")
                || statement.starts_with("event_"),
            "unexpected line: {line}"
        );
    }
}

#[test]
fn strings_from_the_model_cannot_break_dot() {
    let (_dir, file) = hostile_file("dot");
    let output = graph(&file, "dot");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = stdout(&output);
    if dot_available() {
        let svg = render_svg(&text);
        assert!(svg.contains("Team &quot;A&quot;") || svg.contains("Team \"A\""));
    }
}

#[test]
fn a_model_with_errors_still_draws_but_exits_1() {
    let dir = scratch("broken");
    let file = dir.join("broken.weft");
    std::fs::write(&file, HOSTILE.replace("producer mes", "producer nowhere"))
        .expect("fixture written");
    let output = graph(&file, "dot");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("E301"));
    assert!(stdout(&output).starts_with("digraph landscape {"));
}

#[test]
fn an_unreadable_path_exits_2() {
    let output = graph(Path::new("/nonexistent/weft/project"), "mermaid");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}
