//! The generator's promises: exact sizes, determinism, canonical layout, and
//! a project that parses and checks clean.

use weft_bench::generate::{generate, Config, Project};
use weft_compiler::{check, Origin, SourceMap};
use weft_syntax::syntax::ItemKind;
use weft_syntax::{format_source, parse_file, FileId, Severity};
use weft_targets::TargetName;

fn sources_of(project: &Project) -> SourceMap {
    let mut sources = SourceMap::with_stdlib();
    for file in &project.files {
        sources.add(file.path.clone(), file.text.clone(), Origin::Project);
    }
    sources
}

/// Declarations as the parser sees them: items other than `package` and `use`.
fn parsed_declarations(project: &Project) -> usize {
    project
        .weft_files()
        .map(|file| {
            parse_file(FileId(0), &file.text)
                .items
                .iter()
                .filter(|item| !matches!(item.kind, ItemKind::Package(_) | ItemKind::Use(_)))
                .count()
        })
        .sum()
}

#[test]
fn a_project_of_1000_declarations_parses_and_checks_clean() {
    let project = generate(&Config::new(1_000));
    assert_eq!(project.declarations, 1_000);
    for file in project.weft_files() {
        let parsed = parse_file(FileId(0), &file.text);
        assert!(
            parsed.errors.is_empty(),
            "{} has syntax errors: {:#?}",
            file.path,
            parsed.errors
        );
    }
    assert_eq!(parsed_declarations(&project), 1_000);

    let sources = sources_of(&project);
    let result = check(&sources);
    let errors: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "check found errors: {errors:#?}");
}

/// Nothing in the generated model is unused, unconsumed or suspicious, so a
/// warning from `check` means the generator (or the check) is wrong.
#[test]
fn a_project_of_1000_declarations_has_no_warnings() {
    let project = generate(&Config::new(1_000));
    let result = check(&sources_of(&project));
    let warnings: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Warning)
        .collect();
    assert!(warnings.is_empty(), "check found warnings: {warnings:#?}");
}

/// The benchmark times `build` with every target on these projects, so
/// they must build: a refused target generates nothing and would be timed
/// as a fast build. 2,500 declarations make 270 workflows, more than one
/// CloudFormation template holds (E857) unless each hub has its own.
#[test]
fn a_project_of_2500_declarations_builds_with_every_target() {
    let project = generate(&Config::new(2_500));
    let result = check(&sources_of(&project));
    assert!(!result.has_errors(), "{:#?}", result.diagnostics);
    if let Err(error) = weft_compiler::build(&result, &TargetName::ALL) {
        panic!("the generated project does not build: {error:#?}");
    }
}

#[test]
fn every_generated_file_is_canonically_formatted() {
    for size in [15, 1_000, 2_345] {
        let project = generate(&Config::new(size));
        for file in project.weft_files() {
            match format_source(FileId(0), &file.text) {
                Ok(formatted) => assert!(
                    formatted == file.text,
                    "{} (n={size}) is not canonical; formatted:\n{formatted}\n---- generated:\n{}",
                    file.path,
                    file.text
                ),
                Err(errors) => panic!("{} (n={size}) does not parse: {errors:#?}", file.path),
            }
        }
    }
}

#[test]
fn sizes_are_exact() {
    for size in [15, 16, 23, 24, 100, 499, 501, 1_234, 5_000] {
        let project = generate(&Config::new(size));
        assert_eq!(project.declarations, size, "declared count for n={size}");
        assert_eq!(
            parsed_declarations(&project),
            size,
            "parsed count for n={size}"
        );
    }
    // Below one domain with one cluster the project is rounded up.
    assert_eq!(generate(&Config::new(3)).declarations, 15);
}

#[test]
fn generation_is_deterministic_and_seeded() {
    let first = generate(&Config::new(1_500));
    let second = generate(&Config::new(1_500));
    let texts = |project: &Project| -> Vec<(String, String)> {
        project
            .files
            .iter()
            .map(|file| (file.path.clone(), file.text.clone()))
            .collect()
    };
    assert!(texts(&first) == texts(&second), "two runs differ");

    let mut other = Config::new(1_500);
    other.seed ^= 1;
    assert!(
        texts(&first) != texts(&generate(&other)),
        "another seed gives the same project"
    );
}

#[test]
fn projects_are_spread_over_domains_and_files() {
    let project = generate(&Config::new(10_000));
    assert_eq!(project.domains, 20);
    let files = project.weft_files().count();
    // About 50 declarations per file.
    assert!((150..=300).contains(&files), "{files} files");
}
