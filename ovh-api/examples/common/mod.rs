//! What every example shares: building the client and reporting errors.

#![allow(dead_code)]

use std::process::ExitCode;

/// Builds a client from the usual configuration (`OVH_*` environment,
/// then `./ovh.conf`, `~/.ovh.conf`, `~/.ovhrc`, `/etc/ovh.conf`).
pub fn client() -> ovh_api::Result<ovh_api::Client> {
    ovh_api::Client::new()
}

/// Like [`client`], as a dry run when `dry_run` is set: reads are sent, changes are not
/// (each answers `Error::DryRun`, see `ClientBuilder::dry_run`).
pub fn client_with_dry_run(dry_run: bool) -> ovh_api::Result<ovh_api::Client> {
    ovh_api::Client::builder().dry_run(dry_run).build()
}

/// Prints an error as one line on stderr, kind first, and returns the
/// failure exit code.
pub fn report(error: &ovh_api::Error) -> ExitCode {
    eprintln!("error: {}: {}", error.kind_name(), error);
    ExitCode::FAILURE
}

/// Runs an example's body on a tokio runtime, reporting its error.
pub fn run<F>(body: F) -> ExitCode
where
    F: std::future::Future<Output = ovh_api::Result<()>>,
{
    run_explained(body, |_| None)
}

/// Like [`run`], but `explain` may put an error in the example's own words
/// (still one line, the original error kept in brackets).
pub fn run_explained<F>(body: F, explain: impl Fn(&ovh_api::Error) -> Option<String>) -> ExitCode
where
    F: std::future::Future<Output = ovh_api::Result<()>>,
{
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(body) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => match explain(&error) {
            Some(explanation) => {
                eprintln!("error: {}: {explanation} [{error}]", error.kind_name());
                ExitCode::FAILURE
            }
            None => report(&error),
        },
    }
}
