//! Opens a KVM (IPMI Java console) session on a dedicated server.
//!
//! ```text
//! cargo run -p ovh-api --example kvm -- ns123456.ip-51-75-0.eu 203.0.113.7
//! cargo run -p ovh-api --example kvm -- --launch ns123456.ip-51-75-0.eu 203.0.113.7
//! ```
//!
//! Asks OVH for a 15-minute Java KVM access from the given IPv4 address,
//! waits for OVH's task (`.wait()`), then until the access is ready
//! (`.wait_until()`), writes the JNLP launch file to a temporary file
//! (readable by you only) and prints its path; with `--launch`, opens it with
//! `javaws`. Needs `POST` and `GET /dedicated/server/*/features/ipmi/access`
//! and `GET /dedicated/server/*/task/*` rights.

mod common;

use std::io::Write;
use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use ovh_api::models::dedicated::server::{CacheTtlEnum, IpmiAccessTypeEnum};
use ovh_api::WaitPolicy;

/// The longest wait between two readiness checks.
const MAX_DELAY: Duration = Duration::from_secs(10);

/// Open a KVM (Java IPMI console) session on an OVH dedicated server.
///
/// Requests a 15-minute KVM access allowed from ALLOWED_IP, waits for OVH's
/// task to finish, then polls until the access is ready (waiting longer after
/// each check), writes the JNLP file to a temporary file and prints its path.
/// Credentials come from OVH_* environment variables or ovh.conf files.
#[derive(Parser)]
#[command(name = "kvm")]
struct Args {
    /// Name of the dedicated server, e.g. ns123456.ip-51-75-0.eu.
    server: String,
    /// IPv4 address allowed to connect to the console (your public address).
    allowed_ip: Ipv4Addr,
    /// How long to wait for the access, in seconds, before giving up.
    #[arg(long, value_name = "SECS", default_value_t = 120)]
    timeout: u64,
    /// Wait before the second check, in milliseconds; doubled after each
    /// check, up to 10 s.
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    initial_delay_ms: u64,
    /// Open the file with `javaws` once written.
    #[arg(long)]
    launch: bool,
}

/// Why the example failed, when it is not an API error.
struct Local {
    what: String,
    error: std::io::Error,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let server = args.server.clone();
    // API errors are reported by `common::run_explained`, the others here, all as one
    // `error: <kind>: <message>` line.
    let mut local = None;
    let code = common::run_explained(
        async {
            match kvm(args).await {
                Ok(Ok(())) => Ok(()),
                Ok(Err(failure)) => {
                    local = Some(failure);
                    Ok(())
                }
                Err(error) => Err(error),
            }
        },
        |error| {
            match error {
            ovh_api::Error::WaitTimeout(timeout) => Some(format!(
                "the KVM access to {server} was still not ready after {:.1} s; try again, or raise --timeout",
                timeout.after().as_secs_f64()
            )),
            _ => None,
        }
        },
    );
    match local {
        Some(Local { what, error }) => {
            eprintln!("error: io: {what}: {error}");
            ExitCode::FAILURE
        }
        None => code,
    }
}

async fn kvm(args: Args) -> ovh_api::Result<Result<(), Local>> {
    let client = common::client()?;
    let access = client
        .dedicated()
        .server()
        .service_name(&args.server)
        .features()
        .ipmi()
        .access();
    let delay = Duration::from_millis(args.initial_delay_ms);
    let timeout = Duration::from_secs(args.timeout);
    let policy = WaitPolicy::default()
        .initial_delay(delay)
        .interval(delay)
        .backoff(2.0)
        .max_interval(MAX_DELAY)
        .timeout(timeout);
    // OVH prepares the access in a task: wait for it, then for the access itself, which
    // answers 404 (or no value) until ready: a 404 counts as "not yet" for the whole wait.
    access
        .post(CacheTtlEnum::V15, IpmiAccessTypeEnum::KvmipJnlp)
        .ip_to_allow(&args.allowed_ip.to_string())
        .wait_with(policy.clone())
        .await?;
    let ready = access
        .get(IpmiAccessTypeEnum::KvmipJnlp)
        .wait_until_with(policy.not_found_grace(timeout), |access| {
            access.value.as_ref().is_some_and(|value| !value.is_empty())
        })
        .await?;
    let jnlp = ready.value.unwrap_or_default();
    Ok(write_and_launch(&args, &jnlp))
}

/// Writes the JNLP file, prints its path and, with `--launch`, opens it.
fn write_and_launch(args: &Args, jnlp: &str) -> Result<(), Local> {
    let path = write_jnlp(&args.server, jnlp)?;
    println!("{}", path.display());
    if args.launch {
        let status = std::process::Command::new("javaws")
            .arg(&path)
            .status()
            .map_err(|error| Local {
                what: "cannot run javaws".into(),
                error,
            })?;
        if !status.success() {
            return Err(Local {
                what: "javaws failed".into(),
                error: std::io::Error::other(status.to_string()),
            });
        }
    }
    Ok(())
}

/// Writes the JNLP to a new temporary file that outlives the program.
fn write_jnlp(server: &str, jnlp: &str) -> Result<PathBuf, Local> {
    let local = |error| Local {
        what: "cannot write the JNLP file".into(),
        error,
    };
    // Keep the name to safe characters: the server name comes from the user.
    let safe: String = server
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut file = tempfile::Builder::new()
        .prefix(&format!("kvm-{safe}-"))
        .suffix(".jnlp")
        .tempfile()
        .map_err(local)?;
    file.write_all(jnlp.as_bytes()).map_err(local)?;
    file.into_temp_path()
        .keep()
        .map_err(|error| local(error.error))
}
