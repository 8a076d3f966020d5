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
mod output;
mod safe_write;
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
    },
    /// Format .weft files in place, or check that they are formatted.
    Fmt {
        /// Project folders or files (default: the current folder).
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// Change nothing; list the files that would change and exit 1 if any.
        #[arg(long)]
        check: bool,
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
    },
    /// Compare the Kafka topic plan with a cluster (`plan`) or make the
    /// cluster match it (`apply`).
    Topics {
        #[command(subcommand)]
        action: TopicsCommand,
    },
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
    },
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
    let outcome = match cli.command {
        Command::Init { dir, name } => init::run(&dir, name.as_deref()),
        Command::Check { path, format } => check::run(&path, format),
        Command::Build {
            path,
            out,
            targets,
            force,
        } => build::run(&build::Options {
            path,
            out,
            targets,
            force,
        }),
        Command::Fmt { paths, check } => fmt::run(&paths, check),
        Command::Graph { path, format } => graph::run(&path, format),
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
        Command::Explain { code } => explain::run(&code),
        Command::Debug {
            what: DebugCommand::Ast { file },
        } => debug::ast(&file),
        Command::Debug {
            what: DebugCommand::Model { path, with_std },
        } => debug::model(&path, with_std),
    };
    match outcome {
        Ok(code) => code,
        Err(report) => {
            stdio::report_fatal(&format!("{report:?}\n"));
            ExitCode::from(2)
        }
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
    let text = if terminal {
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

/// Exit code for a run that found errors or not.
pub(crate) fn exit_for(errors: bool) -> ExitCode {
    if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Renders diagnostics for people on stderr, in colour only on a terminal
/// with `TERM` set (not `dumb`) and no `NO_COLOR`, as termcolor decides.
/// They are rendered into memory first and written through [`stdio`], so
/// that a closed or full stderr is handled like every other output.
pub(crate) fn print_diagnostics(
    sources: &weft_compiler::SourceMap,
    diagnostics: &[weft_syntax::Diagnostic],
) -> Result<(), Fatal> {
    use codespan_reporting::term::termcolor::Buffer;
    use std::io::IsTerminal;
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none()
        && std::env::var_os("TERM").is_some_and(|term| term != "dumb");
    let mut buffer = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    weft_compiler::render::render_human(sources, diagnostics, &mut buffer)
        .map_err(|error| miette::miette!("cannot render diagnostics: {error}"))?;
    stdio::write_bytes(stdio::Stream::Err, buffer.as_slice())
}
