//! Issue 15 item 5: doc comments reach every target's descriptions
//! (OpenAPI, AsyncAPI, JSON Schema, Avro), and none of the known bypasses of a
//! hand-rolled Markdown filter survives in any of them.

use std::path::{Path, PathBuf};
use weft_compiler::{check, Origin, SourceMap};
use weft_targets::TargetName;

/// The bypasses, each on its own doc line.
const DOC: &str = "/// Unsafe: <img alt=\">\" src=x onerror=alert(1)> and\n\
/// [a](jav&#x61;script&#58;alert(2)) and [b](java&#9;script:alert(3)) and\n\
/// <iframe srcdoc=\"<script>alert(4)</script>\"></iframe> and <script>alert(5)</script>.\n";

fn project() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("doc-text-safety");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the folder can be made");
    std::fs::write(
        dir.join("weft.toml"),
        "[project]\nname = \"safety\"\nversion = \"0.1.0\"\n",
    )
    .expect("manifest");
    let source = format!(
        "package safety\n\n{DOC}domain d {{\n  owner \"Team\"\n}}\n\n\
         {DOC}system s {{\n  domain d\n  kind other\n}}\n\n\
         {DOC}record Item {{\n  {doc_field}  id: string\n}}\n\n\
         {DOC}event ItemMoved {{\n  producer s\n  key id\n  compatibility BACKWARD\n  \
         delivery near_real_time\n  retention 7d\n\n  version 1 {{\n    id: string\n  }}\n}}\n\n\
         {DOC}api Items {{\n  host s\n  version 1.0.0\n  auth none\n\n  \
         {DOC}  operation getItem GET \"/items/{{id}}\" {{\n    path id: string\n    \
         response 200 Item\n  }}\n}}\n",
        doc_field = DOC.replace('\n', "\n  ")
    );
    std::fs::write(dir.join("model.weft"), source).expect("source");
    dir
}

#[test]
fn no_bypass_reaches_any_target() {
    let dir = project();
    let mut sources = SourceMap::with_stdlib();
    for name in ["weft.toml", "model.weft"] {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).expect("readable");
        sources.add(path.display().to_string(), text, Origin::Project);
    }
    let result = check(&sources);
    let errors: Vec<String> = result
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == weft_base::Severity::Error)
        .map(|diagnostic| format!("{} {}", diagnostic.code, diagnostic.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let manifest = weft_compiler::build(&result, &TargetName::ALL).expect("builds");
    let mut seen = [false; 4];
    for (path, bytes) in manifest.files() {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        if !text.contains("unsafe:") {
            continue;
        }
        for (index, prefix) in ["openapi/", "asyncapi/", "schemas/", "avro/"]
            .iter()
            .enumerate()
        {
            seen[index] |= path.starts_with(prefix);
        }
        for bad in [
            "<img",
            "<iframe",
            "<script",
            "javascript:",
            "java\\tscript:",
            "&#x61;",
        ] {
            assert!(!text.contains(bad), "{path} holds {bad:?}:\n{text}");
        }
    }
    assert_eq!(seen, [true; 4], "every target writes the doc text");
}
