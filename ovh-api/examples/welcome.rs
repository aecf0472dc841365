//! Greets the account owner: `GET /me`, then `Welcome <firstname>`.
//!
//! ```text
//! cargo run -p ovh-api --example welcome
//! ```

mod common;

use std::process::ExitCode;

use clap::Parser;

/// Greet the owner of the OVH account the credentials belong to (GET /me).
///
/// Credentials come from OVH_* environment variables or ovh.conf files.
#[derive(Parser)]
#[command(name = "welcome")]
struct Args {}

fn main() -> ExitCode {
    let Args {} = Args::parse();
    common::run(welcome())
}

async fn welcome() -> ovh_api::Result<()> {
    let client = common::client()?;
    let me = client.me().get().await?;
    // Fall back to the nichandle for accounts without a first name.
    let name = me.firstname.unwrap_or(me.nichandle);
    println!("Welcome {name}");
    Ok(())
}
