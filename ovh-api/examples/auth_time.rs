//! Prints the OVH server time and how far the local clock is from it.
//!
//! ```text
//! cargo run -p ovh-api --example auth_time
//! ```

mod common;

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::Parser;

/// Print the OVH API server time (GET /auth/time, unsigned) and the local
/// clock's skew from it.
///
/// Only an endpoint is needed (OVH_ENDPOINT or ovh.conf); no keys.
#[derive(Parser)]
#[command(name = "auth_time")]
struct Args {}

fn main() -> ExitCode {
    let Args {} = Args::parse();
    common::run(auth_time())
}

async fn auth_time() -> ovh_api::Result<()> {
    let client = common::client()?;
    let server = client.auth().time().get().await?;
    let local = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    println!("server time: {server}");
    // Positive: the local clock is ahead of OVH's.
    println!("local clock skew: {:+} s", local - server);
    Ok(())
}
