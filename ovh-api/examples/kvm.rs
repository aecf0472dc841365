//! Opens a KVM (IPMI Java console) session on a dedicated server.
//!
//! ```text
//! cargo run -p ovh-api --example kvm -- ns123456.ip-51-75-0.eu 203.0.113.7
//! cargo run -p ovh-api --example kvm -- --launch ns123456.ip-51-75-0.eu 203.0.113.7
//! ```
//!
//! Asks OVH for a 15-minute Java KVM access from the given IPv4 address,
//! waits until it is ready, writes the JNLP launch file to a temporary file
//! (readable by you only) and prints its path; with `--launch`, opens it with
//! `javaws`. Needs `POST` and `GET /dedicated/server/*/features/ipmi/access`
//! rights.

mod common;

use std::io::Write;
use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use ovh_api::api::dedicated_server::ServiceNameFeaturesIpmiAccess;
use ovh_api::models::dedicated::server::{CacheTtlEnum, IpmiAccessTypeEnum};
use ovh_api::ApiErrorKind;

/// The longest wait between two readiness checks.
const MAX_DELAY: Duration = Duration::from_secs(10);

/// Open a KVM (Java IPMI console) session on an OVH dedicated server.
///
/// Requests a 15-minute KVM access allowed from ALLOWED_IP, polls until OVH
/// has prepared it (waiting longer after each check), writes the JNLP file to
/// a temporary file and prints its path. Credentials come from OVH_*
/// environment variables or ovh.conf files.
#[derive(Parser)]
#[command(name = "kvm")]
struct Args {
    /// Name of the dedicated server, e.g. ns123456.ip-51-75-0.eu.
    server: String,
    /// IPv4 address allowed to connect to the console (your public address).
    allowed_ip: Ipv4Addr,
    /// How many times to check whether the access is ready before giving up.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    attempts: u32,
    /// Wait before the second check, in milliseconds; doubled after each
    /// check, up to 10 s.
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    initial_delay_ms: u64,
    /// Open the file with `javaws` once written.
    #[arg(long)]
    launch: bool,
}

/// Why the example failed.
enum Failure {
    /// An API call failed.
    Api(ovh_api::Error),
    /// The access was still not ready after every attempt.
    NotReady {
        server: String,
        attempts: u32,
        waited: Duration,
    },
    /// The JNLP file could not be written, or `javaws` not run.
    Local { what: String, error: std::io::Error },
}

impl From<ovh_api::Error> for Failure {
    fn from(error: ovh_api::Error) -> Self {
        Failure::Api(error)
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    // API errors are reported by `common::run`, the others here, all as one
    // `error: <kind>: <message>` line.
    let mut local = None;
    let code = common::run(async {
        match kvm(args).await {
            Ok(()) => Ok(()),
            Err(Failure::Api(error)) => Err(error),
            Err(failure) => {
                local = Some(failure);
                Ok(())
            }
        }
    });
    match local {
        Some(Failure::NotReady {
            server,
            attempts,
            waited,
        }) => {
            eprintln!(
                "error: not-ready: the KVM access to {server} was still not ready after \
                 {attempts} attempts ({:.1} s); try again, or raise --attempts",
                waited.as_secs_f64()
            );
            ExitCode::FAILURE
        }
        Some(Failure::Local { what, error }) => {
            eprintln!("error: io: {what}: {error}");
            ExitCode::FAILURE
        }
        Some(Failure::Api(_)) | None => code,
    }
}

async fn kvm(args: Args) -> Result<(), Failure> {
    let client = common::client()?;
    let access = client
        .dedicated()
        .server()
        .service_name(&args.server)
        .features()
        .ipmi()
        .access();
    access
        .post(CacheTtlEnum::V15, IpmiAccessTypeEnum::KvmipJnlp)
        .ip_to_allow(&args.allowed_ip.to_string())
        .await?;

    let jnlp = wait_until_ready(&access, &args).await?;
    let path = write_jnlp(&args.server, &jnlp)?;
    println!("{}", path.display());

    if args.launch {
        let status = std::process::Command::new("javaws")
            .arg(&path)
            .status()
            .map_err(|error| Failure::Local {
                what: "cannot run javaws".into(),
                error,
            })?;
        if !status.success() {
            return Err(Failure::Local {
                what: "javaws failed".into(),
                error: std::io::Error::other(status.to_string()),
            });
        }
    }
    Ok(())
}

/// Polls the access until it has a value, waiting longer after each check.
/// OVH answers 404 (or no value) while the access is being prepared.
async fn wait_until_ready(
    access: &ServiceNameFeaturesIpmiAccess,
    args: &Args,
) -> Result<String, Failure> {
    let mut delay = Duration::from_millis(args.initial_delay_ms);
    let mut waited = Duration::ZERO;
    for attempt in 1..=args.attempts {
        match access.get(IpmiAccessTypeEnum::KvmipJnlp).await {
            Ok(ready) => {
                if let Some(value) = ready.value.filter(|value| !value.is_empty()) {
                    return Ok(value);
                }
            }
            Err(error) if error.api_kind() == Some(ApiErrorKind::NotFound) => {}
            Err(error) => return Err(error.into()),
        }
        if attempt < args.attempts {
            tokio::time::sleep(delay).await;
            waited += delay;
            delay = (delay * 2).min(MAX_DELAY);
        }
    }
    Err(Failure::NotReady {
        server: args.server.clone(),
        attempts: args.attempts,
        waited,
    })
}

/// Writes the JNLP to a new temporary file that outlives the program.
fn write_jnlp(server: &str, jnlp: &str) -> Result<PathBuf, Failure> {
    let local = |error| Failure::Local {
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
