//! Issue 15 item 13, whole documents: doc comments and names that YAML 1.1
//! readers resolve to something else when plain (`on`, `yes`, dates, `1:20`,
//! `<<`, …, and U+2028) go through the OpenAPI and AsyncAPI targets, and
//! PyYAML (YAML 1.1) reads every generated document as serde_yaml (YAML
//! 1.2) does. One PyYAML process reads all documents.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use weft_compiler::{check, Origin, SourceMap};
use weft_targets::TargetName;

const TRICKY: &[&str] = &[
    "on",
    "Off",
    "yes",
    "NO",
    "y",
    "n",
    "~",
    "null",
    "2025-01-01",
    "<<",
    "=",
    "0x1F",
    "1_000",
    ".inf",
    "1:20",
    "190:20:30.15",
    "0o17",
    "+inf",
    "nan",
    "1e3",
    "x\u{2028}y",
    "a\u{2029}",
];

#[test]
fn pyyaml_reads_every_document_as_yaml_1_2_does() {
    let fields: String = TRICKY
        .iter()
        .enumerate()
        .map(|(index, doc)| format!("  /// {doc}\n  f{index}: string\n"))
        .collect();
    let source = format!(
        "package readers\n\n/// yes\ndomain d {{\n  owner \"on\"\n}}\n\n/// 2025-01-01\nsystem s {{\n  domain d\n  kind other\n}}\n\n\
         /// 1:20\nrecord Item {{\n{fields}}}\n\n\
         /// ~\nevent ItemMoved {{\n  producer s\n  key f0\n  compatibility BACKWARD\n  \
         delivery near_real_time\n  retention 7d\n\n  version 1 {{\n{fields}  }}\n}}\n\n\
         /// NO\napi Items {{\n  host s\n  version 1.0.0\n  \
         auth oauth2 client_credentials scopes \"on\", \"1:20\", \"<<\"\n\n  \
         /// off\n  operation getItem GET \"/items\" {{\n    response 200 Item \"y\"\n  }}\n}}\n"
    );
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("yaml-readers");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("folder");
    let mut sources = SourceMap::with_stdlib();
    sources.add(
        dir.join("weft.toml").display().to_string(),
        "[project]\nname = \"readers\"\nversion = \"0.1.0\"\n".to_string(),
        Origin::Project,
    );
    sources.add(
        dir.join("model.weft").display().to_string(),
        source,
        Origin::Project,
    );
    let result = check(&sources);
    let errors: Vec<String> = result
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == weft_base::Severity::Error)
        .map(|diagnostic| format!("{} {}", diagnostic.code, diagnostic.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let manifest = weft_compiler::build(&result, &[TargetName::AsyncApi, TargetName::OpenApi])
        .expect("builds");
    let texts: Vec<String> = manifest
        .files()
        .filter(|(path, _)| path.ends_with(".yaml"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    assert!(texts.len() >= 2, "an OpenAPI and an AsyncAPI document");
    for doc in TRICKY
        .iter()
        .filter(|doc| !doc.contains(['\u{2028}', '\u{2029}']))
    {
        assert!(
            texts
                .iter()
                .any(|text| text.contains(&format!("\"{doc}\""))
                    || text.contains(&format!("'{doc}'"))),
            "{doc:?} is not quoted anywhere"
        );
    }
    let script = "import sys, json, yaml\n\
        docs = json.load(sys.stdin)\n\
        json.dump([yaml.safe_load(d) for d in docs], sys.stdout, ensure_ascii=True, default=repr)\n";
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 with PyYAML is needed (`.ci/run` installs it)");
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(&serde_json::to_vec(&texts).expect("JSON"))
            .expect("PyYAML reads its input");
    }
    let output = child.wait_with_output().expect("python3 runs");
    assert!(output.status.success(), "PyYAML cannot read a document");
    let read: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("JSON");
    for (text, pyyaml) in texts.iter().zip(read) {
        let yaml_1_2: serde_json::Value = serde_yaml::from_str(text).expect("YAML 1.2 reads it");
        assert_eq!(pyyaml, yaml_1_2, "PyYAML reads otherwise:\n{text}");
    }
}
