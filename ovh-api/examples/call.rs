//! Calls any OVH API path and prints the JSON answer.
//!
//! ```text
//! cargo run -p ovh-api --example call -- GET /me
//! cargo run -p ovh-api --example call -- GET '/me/bill?date.from=2024-01-01'
//! cargo run -p ovh-api --example call -- POST /email/domain/example.com/redirection \
//!     '{"from":"a@example.com","to":"b@example.com","localCopy":false}'
//! cargo run -p ovh-api --example call -- --no-auth GET /auth/time
//! ```

mod common;

use std::process::ExitCode;

use clap::Parser;
use ovh_api::{Error, Method};
use serde_json::Value;

/// Call any OVH API path (raw, untyped) and print the JSON answer.
///
/// Credentials come from OVH_* environment variables or ovh.conf files.
#[derive(Parser)]
#[command(name = "call")]
struct Args {
    /// Send the call unsigned (e.g. GET /auth/time).
    #[arg(long)]
    no_auth: bool,
    /// HTTP method: GET, POST, PUT or DELETE.
    method: String,
    /// API path, e.g. /me or '/me/bill?date.from=2024-01-01'.
    path: String,
    /// JSON body for POST and PUT.
    body: Option<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    common::run(call(args))
}

async fn call(args: Args) -> ovh_api::Result<()> {
    let method: Method = args.method.parse()?;
    let client = common::client()?;
    let mut request = client.request::<Value>(method, args.path);
    if let Some(body) = &args.body {
        let body: Value = serde_json::from_str(body)
            .map_err(|e| Error::InvalidParameter(format!("the body is not JSON: {e}")))?;
        request = request.body(&body);
    }
    if args.no_auth {
        request = request.unsigned();
    }
    let answer = request.await?;
    let pretty = serde_json::to_string_pretty(&answer).map_err(Error::Serialize)?;
    println!("{pretty}");
    Ok(())
}
