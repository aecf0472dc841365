//! `codegen`: generates the typed API of `ovh-api` from the OVH API console schemas.

mod fetch;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Generates the `ovh-api` crate from the OVH API console schemas (/1.0) and OpenAPI
/// documents (/v2).
#[derive(Debug, Parser)]
#[command(name = "codegen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Writes the generated modules and Cargo features into the ovh-api crate.
    Generate(GenArgs),
    /// Generates in memory and fails listing every file that differs from disk.
    Check(GenArgs),
    /// Downloads the schemas from the OVH API console.
    Fetch(fetch::FetchArgs),
    /// Reports what changed between two schema sets, breaking changes first.
    Diff(DiffArgs),
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// The old schema set: a folder, or `git:REV:PATH` (e.g. `git:HEAD~3:schemas/ovh-eu`).
    old: String,
    /// The new schema set, same forms.
    new: String,
    /// JSON for tools instead of Markdown.
    #[arg(long)]
    json: bool,
    /// Write the report to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Exit with status 2 when any change is breaking (errors exit with 1).
    #[arg(long)]
    fail_on_breaking: bool,
}

#[derive(Debug, Args)]
struct GenArgs {
    /// Directory holding `index.json` and one `<api>.json` per API [default: the workspace's
    /// committed snapshot, `schemas/ovh-eu`].
    #[arg(long)]
    schemas: Option<PathBuf>,
    /// Directory of OpenAPI 3 documents of the /v2 branch, one `<api>.json` each [default:
    /// the workspace's committed snapshot, `schemas/v2/ovh-eu`].
    #[arg(long)]
    v2_schemas: Option<PathBuf>,
    /// Fail when any schema item had to be generated in a degraded (untyped) form.
    #[arg(long)]
    strict: bool,
    /// The ovh-api crate directory [default: the workspace's `ovh-api`].
    #[arg(long)]
    out: Option<PathBuf>,
}

/// The workspace directory (the parent of this crate).
const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

impl GenArgs {
    fn schemas(&self) -> PathBuf {
        self.schemas
            .clone()
            .unwrap_or_else(|| PathBuf::from(WORKSPACE).join("schemas/ovh-eu"))
    }

    fn v2_schemas(&self) -> PathBuf {
        self.v2_schemas
            .clone()
            .unwrap_or_else(|| PathBuf::from(WORKSPACE).join("schemas/v2/ovh-eu"))
    }

    fn generate(&self) -> codegen::Result<(codegen::ir::Program, codegen::write::Output)> {
        codegen::generate_sets(Some(&self.schemas()), Some(&self.v2_schemas()))
    }

    fn out_dir(&self) -> PathBuf {
        self.out
            .clone()
            .unwrap_or_else(|| PathBuf::from(WORKSPACE).join("ovh-api"))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate(args) => {
            let result = args.generate().and_then(|(program, output)| {
                let report = codegen::write::write(&args.out_dir(), &output)?;
                Ok((program, output, report))
            });
            match result {
                Ok((program, output, report)) => {
                    print!("{}", codegen::summary(&program, &output));
                    println!(
                        "written: {} changed, {} unchanged, {} stale removed",
                        report.written,
                        report.unchanged,
                        report.removed.len()
                    );
                    strict_verdict("generate", args.strict, &program)
                }
                Err(e) => {
                    eprintln!("codegen generate: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check(args) => {
            let result = args.generate().and_then(|(program, output)| {
                Ok((program, codegen::write::check(&args.out_dir(), &output)?))
            });
            match result {
                Ok((program, diffs)) if diffs.is_empty() => {
                    println!("codegen check: generated code is up to date");
                    print!("{}", codegen::task_summary(&program.stats.tasks));
                    print!("{}", codegen::resource_summary(&program.stats.resources));
                    strict_verdict("check", args.strict, &program)
                }
                Ok((_, diffs)) => {
                    eprintln!(
                        "codegen check: {} file(s) differ from the schemas:",
                        diffs.len()
                    );
                    for d in diffs {
                        eprintln!("  {d}");
                    }
                    ExitCode::FAILURE
                }
                Err(e) => {
                    eprintln!("codegen check: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Diff(args) => diff(&args),
        Command::Fetch(args) => match fetch::run(&args) {
            Ok(summary) => {
                println!("{summary}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("codegen fetch: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

/// Success, unless `--strict` is given and some schema item was degraded.
fn strict_verdict(command: &str, strict: bool, program: &codegen::ir::Program) -> ExitCode {
    if !strict || program.degraded.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "codegen {command} --strict: {} schema item(s) generated in a degraded form:",
        program.degraded.len()
    );
    for d in &program.degraded {
        eprintln!("  {d}");
    }
    ExitCode::FAILURE
}

/// `codegen diff`: 0, 1 on errors, 2 with `--fail-on-breaking` when something breaks.
fn diff(args: &DiffArgs) -> ExitCode {
    let report = match codegen::diff::run(&args.old, &args.new) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("codegen diff: {e}");
            return ExitCode::FAILURE;
        }
    };
    let text = if args.json {
        codegen::diff::json::render(&report)
    } else {
        codegen::diff::markdown::render(&report)
    };
    match &args.out {
        Some(file) => {
            if let Err(e) = std::fs::write(file, &text) {
                eprintln!("codegen diff: {}: {e}", file.display());
                return ExitCode::FAILURE;
            }
            let c = report.counts();
            eprintln!(
                "codegen diff: {} breaking, {} additive change(s); report written to {}",
                c.breaking,
                c.additive,
                file.display()
            );
        }
        None => print!("{text}"),
    }
    if args.fail_on_breaking && report.has_breaking() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
