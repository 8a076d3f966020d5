//! What several of this crate's tests share.

use weft_compiler::{Origin, SourceMap};

/// A project of one weft file, `main.weft` holding `text`, with a minimal
/// `weft.toml` and the standard library.
pub fn one_file_project(text: String) -> SourceMap {
    let mut sources = SourceMap::with_stdlib();
    sources.add(
        "weft.toml".to_string(),
        "[project]\nname = \"demo\"\nversion = \"0.1.0\"\n".to_string(),
        Origin::Project,
    );
    sources.add("main.weft".to_string(), text, Origin::Project);
    sources
}
