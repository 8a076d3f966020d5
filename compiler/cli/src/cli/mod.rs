//! Command-line parsing (clap) and dispatch. Exit codes: 0 clean (warnings
//! allowed), 1 errors found, 2 the command could not run (including an
//! output that could not be written, other than a closed pipe: see
//! [`stdio`]).

#[macro_use]
mod stdio;

mod build;
mod check;
mod compat;
mod debug;
mod explain;
mod fmt;
mod graph;
mod init;
mod load;
mod lock;
mod lsp;
mod output;
mod safe_write;
mod test;
mod topics;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// weft: integration-as-code for manufacturing landscapes.
#[derive(Parser)]
#[command(name = "weft", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to colour output: `auto` (on a terminal, unless NO_COLOR is set
    /// to a non-empty value or TERM is `dumb`), `always` or `never`.
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR (non-empty) or TERM=dumb.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The `--color` of this run, set once before a command runs.
static COLOR: std::sync::OnceLock<ColorChoice> = std::sync::OnceLock::new();

/// Whether output to a stream that `is_terminal` is coloured: `--color`
/// decides; `auto` follows no-color.org (NO_COLOR set to a non-empty value
/// turns colour off; an empty NO_COLOR does not) and TERM.
pub(crate) fn colored(is_terminal: bool) -> bool {
    match COLOR.get().copied().unwrap_or(ColorChoice::Auto) {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => auto_color(
            is_terminal,
            std::env::var_os("NO_COLOR").as_deref(),
            std::env::var_os("TERM").as_deref(),
        ),
    }
}

/// `--color auto`: a terminal, NO_COLOR unset or empty, TERM set and not
/// `dumb`.
fn auto_color(
    is_terminal: bool,
    no_color: Option<&std::ffi::OsStr>,
    term: Option<&std::ffi::OsStr>,
) -> bool {
    is_terminal
        && no_color.is_none_or(|value| value.is_empty())
        && term.is_some_and(|term| term != "dumb")
}

#[cfg(test)]
mod tests {
    use super::auto_color;
    use std::ffi::OsStr;

    #[test]
    fn an_empty_no_color_does_not_turn_colour_off() {
        let term = Some(OsStr::new("xterm-256color"));
        assert!(auto_color(true, None, term));
        assert!(auto_color(true, Some(OsStr::new("")), term));
        assert!(!auto_color(true, Some(OsStr::new("1")), term));
        assert!(!auto_color(true, Some(OsStr::new("0")), term));
        assert!(!auto_color(false, None, term));
        assert!(!auto_color(true, None, Some(OsStr::new("dumb"))));
        assert!(!auto_color(true, None, None));
    }
}

/// How a command that reports a summary prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum SummaryFormat {
    /// For people, on stderr.
    Human,
    /// The JSON envelope every reporting command shares, on stdout.
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Create a starter project (weft.toml and a model file) in DIR.
    Init {
        /// The folder to create the project in (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The project's name (default: the folder's name).
        #[arg(long)]
        name: Option<String>,
    },
    /// Check a project folder (with weft.toml) or a single .weft file.
    Check {
        /// Project folder or file.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Apply the suggested fixes to the project's files, then check again.
        #[arg(long)]
        fix: bool,
    },
    /// Generate artefacts (OpenAPI, AsyncAPI, JSON Schemas, ...) into DIR.
    Build {
        /// Project folder.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// The output folder (created if missing). weft only writes, replaces
        /// and removes files it generated there, listed in DIR/.weft-build.json.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The targets to run, comma-separated (default: all).
        #[arg(long = "target", value_name = "TARGETS", value_delimiter = ',')]
        targets: Vec<String>,
        /// Also replace generated files that were edited since weft wrote
        /// them. An edited file that weft no longer generates is always kept.
        #[arg(long)]
        force: bool,
        /// Output format of the findings and the summary.
        #[arg(long, value_enum, default_value_t = SummaryFormat::Human)]
        format: SummaryFormat,
    },
    /// Format .weft files in place, or check that they are formatted.
    Fmt {
        /// Project folders or files (default: the current folder).
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// Change nothing; list the files that would change and exit 1 if any.
        #[arg(long)]
        check: bool,
        /// Output format of the findings and the files.
        #[arg(long, value_enum, default_value_t = SummaryFormat::Human)]
        format: SummaryFormat,
    },
    /// Compare a project with a baseline (a folder, git:REV or a lock file),
    /// or two schema files (`weft compat OLD.avsc NEW.avsc`).
    Compat {
        /// Project folder (or, with two files, the old .avsc/.json schema).
        #[arg(default_value = ".")]
        path: PathBuf,
        /// The new .avsc/.json schema, to compare two schema files.
        new_file: Option<PathBuf>,
        /// What was published: a project folder, `git:REV` or a lock file.
        #[arg(long, value_name = "BASELINE")]
        against: Option<String>,
        /// Compatibility mode for two schema files (default BACKWARD).
        #[arg(long)]
        mode: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// The lowest severity that fails the run (exit code 1).
        #[arg(long, value_enum, default_value_t = compat::FailOn::Error)]
        fail_on: compat::FailOn,
        /// Accepted changes (default: weft-accepted.toml next to weft.toml).
        #[arg(long, value_name = "FILE")]
        accept: Option<PathBuf>,
    },
    /// Write PATH/weft.lock: the published event versions and APIs with
    /// their canonical schemas and fingerprints.
    Lock {
        /// Project folder.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Replace a lock file that was not generated or was edited by hand.
        #[arg(long)]
        force: bool,
        /// Write nothing; exit 1 if weft.lock is missing or out of date.
        #[arg(long)]
        check: bool,
    },
    /// Draw the landscape (systems by domain, entities, events, calls).
    Graph {
        /// Project folder or file.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Drawing format.
        #[arg(long, value_enum, default_value_t = graph::GraphFormat::Mermaid)]
        format: graph::GraphFormat,
        /// Draw this workflow's state graph (a Mermaid stateDiagram-v2)
        /// instead of the landscape.
        #[arg(long, value_name = "NAME")]
        workflow: Option<String>,
    },
    /// Compare the Kafka topic plan with a cluster (`plan`) or make the
    /// cluster match it (`apply`).
    Topics {
        #[command(subcommand)]
        action: TopicsCommand,
    },
    /// Run the `test` scenarios on weft's simulator of each workflow.
    Test {
        /// Project folder or file.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Only scenarios whose qualified name contains this text.
        #[arg(long, value_name = "TEXT")]
        filter: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = test::TestFormat::Human)]
        format: test::TestFormat,
        /// Also write a JUnit XML report to FILE.
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
    },
    /// Run the language server on stdin and stdout (for editors).
    Lsp,
    /// Print the documentation page of a diagnostic code, such as E001.
    Explain {
        /// The code.
        code: String,
    },
    /// Print intermediate forms, for debugging and snapshots.
    Debug {
        #[command(subcommand)]
        what: DebugCommand,
    },
}

#[derive(Subcommand)]
enum TopicsCommand {
    /// Print what `apply` would change (create, alter configs, add
    /// partitions, delete with --prune); exit 1 if the plan asks for
    /// something refused.
    Plan(TopicsArgs),
    /// Make the cluster match the plan; a second run reports no changes.
    Apply(TopicsArgs),
}

#[derive(clap::Args)]
struct TopicsArgs {
    /// Project folder.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// A broker of the cluster, `host:port`.
    #[arg(long)]
    bootstrap: String,
    /// Also delete topics the plan does not have (never internal `_` topics).
    #[arg(long)]
    prune: bool,
    /// Seconds to wait for the connection and for each answer.
    #[arg(long, default_value_t = 10)]
    timeout: u64,
}

#[derive(Subcommand)]
enum DebugCommand {
    /// Print the syntax tree of one file.
    Ast {
        /// The .weft file.
        file: PathBuf,
        /// Parse with the pest grammar (the oracle the parser is tested
        /// against) instead of the parser `weft check` uses.
        #[arg(long)]
        oracle: bool,
    },
    /// Print the reference of the standard library (docs/stdlib.md), generated
    /// from its sources.
    StdlibDoc,
    /// Print the resolved model of a project or file, as JSON.
    Model {
        /// Project folder or file.
        path: PathBuf,
        /// Include the standard library's declarations.
        #[arg(long)]
        with_std: bool,
    },
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For people, with source snippets.
    Human,
    /// For tools: one JSON object listing the diagnostics.
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub, Azure DevOps, IDE viewers).
    Sarif,
    /// GitHub Actions workflow commands, for annotations on pull requests.
    Github,
}

/// The command could not run: reported to stderr, exit code 2.
pub(crate) type Fatal = miette::Report;

pub(crate) fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage(&error),
    };
    let _ = COLOR.set(cli.color);
    // Fatal errors (miette) follow the same choice as diagnostics.
    let fatal_color = {
        use std::io::IsTerminal;
        colored(std::io::stderr().is_terminal())
    };
    let _ = miette::set_hook(Box::new(move |_| {
        Box::new(miette::MietteHandlerOpts::new().color(fatal_color).build())
    }));
    let json = json_command(&cli.command);
    let outcome = match cli.command {
        Command::Init { dir, name } => init::run(&dir, name.as_deref()),
        Command::Check { path, format, fix } => check::run(&path, format, fix),
        Command::Build {
            path,
            out,
            targets,
            force,
            format,
        } => build::run(&build::Options {
            path,
            out,
            targets,
            force,
            json: format == SummaryFormat::Json,
        }),
        Command::Fmt {
            paths,
            check,
            format,
        } => fmt::run(&paths, check, format == SummaryFormat::Json),
        Command::Graph {
            path,
            format,
            workflow,
        } => match workflow {
            Some(workflow) => graph::workflow(&path, format, &workflow),
            None => graph::run(&path, format),
        },
        Command::Compat {
            path,
            new_file,
            against,
            mode,
            format,
            fail_on,
            accept,
        } => compat::run(compat::Options {
            path,
            new_file,
            against,
            mode,
            format,
            fail_on,
            accept,
        }),
        Command::Lock { path, force, check } => lock::run(&path, force, check),
        Command::Topics { action } => {
            let (action, args) = match action {
                TopicsCommand::Plan(args) => (topics::Action::Plan, args),
                TopicsCommand::Apply(args) => (topics::Action::Apply, args),
            };
            topics::run(&topics::Options {
                action,
                path: &args.path,
                bootstrap: &args.bootstrap,
                prune: args.prune,
                timeout: std::time::Duration::from_secs(args.timeout.clamp(1, 600)),
            })
        }
        Command::Test {
            path,
            filter,
            format,
            junit,
        } => test::run(&test::Options {
            path,
            filter,
            format,
            junit,
        }),
        Command::Explain { code } => explain::run(&code),
        Command::Lsp => lsp::run(),
        Command::Debug {
            what: DebugCommand::Ast { file, oracle },
        } => debug::ast(&file, oracle),
        Command::Debug {
            what: DebugCommand::Model { path, with_std },
        } => debug::model(&path, with_std),
        Command::Debug {
            what: DebugCommand::StdlibDoc,
        } => debug::stdlib_doc(),
    };
    match outcome {
        Ok(code) => code,
        Err(report) => {
            stdio::report_fatal(&format!("{report:?}\n"));
            // JSON was asked for: tools read stdout, so the reason is
            // there too, in the envelope every command shares.
            if let Some(command) = json {
                let message = report.to_string();
                let _ = stdio::write(
                    stdio::Stream::Out,
                    &format!(
                        "{}\n",
                        weft_compiler::render::render_fatal(command, &message)
                    ),
                );
            }
            ExitCode::from(2)
        }
    }
}

/// The command's name in the JSON envelope, when it was asked for JSON.
fn json_command(command: &Command) -> Option<weft_compiler::render::ReportCommand> {
    use weft_compiler::render::ReportCommand;
    match command {
        Command::Check {
            format: Format::Json,
            ..
        } => Some(ReportCommand::Check),
        Command::Compat {
            format: Format::Json,
            ..
        } => Some(ReportCommand::Compat),
        Command::Build {
            format: SummaryFormat::Json,
            ..
        } => Some(ReportCommand::Build),
        Command::Fmt {
            format: SummaryFormat::Json,
            ..
        } => Some(ReportCommand::Fmt),
        Command::Test {
            format: test::TestFormat::Json,
            ..
        } => Some(ReportCommand::Test),
        _ => None,
    }
}

/// Prints clap's help, version or usage error through [`stdio`] (clap's
/// own printing ignores write errors) and gives its exit code.
fn usage(error: &clap::Error) -> ExitCode {
    use std::io::IsTerminal;
    let (stream, terminal) = if error.use_stderr() {
        (stdio::Stream::Err, std::io::stderr().is_terminal())
    } else {
        (stdio::Stream::Out, std::io::stdout().is_terminal())
    };
    let rendered = error.render();
    let text = if colored(terminal) {
        rendered.ansi().to_string()
    } else {
        rendered.to_string()
    };
    match stdio::write(stream, &text) {
        Ok(()) => ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2)),
        Err(report) => {
            stdio::report_fatal(&format!("{report:?}\n"));
            ExitCode::from(2)
        }
    }
}

/// `1 file`, `2 files`.
pub(crate) fn count(number: usize, what: &str) -> String {
    format!("{number} {what}{}", if number == 1 { "" } else { "s" })
}

/// Exit code for a run that found errors or not.
pub(crate) fn exit_for(errors: bool) -> ExitCode {
    if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Renders diagnostics for people on stderr, in colour as `--color`
/// decides ([`colored`]).
/// They are rendered into memory first and written through [`stdio`], so
/// that a closed or full stderr is handled like every other output.
pub(crate) fn print_diagnostics(
    sources: &weft_compiler::SourceMap,
    diagnostics: &[weft_syntax::Diagnostic],
) -> Result<(), Fatal> {
    use codespan_reporting::term::termcolor::Buffer;
    use std::io::IsTerminal;
    let color = colored(std::io::stderr().is_terminal());
    let mut buffer = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    weft_compiler::render::render_human(sources, diagnostics, &mut buffer)
        .map_err(|error| miette::miette!("cannot render diagnostics: {error}"))?;
    stdio::write_bytes(stdio::Stream::Err, buffer.as_slice())
}
