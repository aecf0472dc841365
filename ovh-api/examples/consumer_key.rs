//! Requests a consumer key, waits for the user to validate it, then uses it.
//!
//! ```text
//! cargo run -p ovh-api --example consumer_key            # GET on /me only
//! cargo run -p ovh-api --example consumer_key -- --full  # everything, read-write
//! ```

mod common;

use std::io::BufRead;
use std::process::ExitCode;

use clap::Parser;
use ovh_api::consumer_key::{READ_ONLY, READ_WRITE};
use ovh_api::Error;

/// Request a consumer key for your application, print the URL where you
/// validate it, wait for Enter, then greet you through GET /me with it and
/// print the key.
///
/// The application key and secret come from OVH_* environment variables or
/// ovh.conf files; no consumer key is needed.
#[derive(Parser)]
#[command(name = "consumer_key")]
struct Args {
    /// Ask for read-write access to the whole API (GET, POST, PUT, DELETE
    /// on /*) instead of read-only access to /me.
    #[arg(long)]
    full: bool,
}

fn main() -> ExitCode {
    common::run(request(Args::parse()))
}

async fn request(args: Args) -> ovh_api::Result<()> {
    let client = common::client()?;
    let request = client.new_consumer_key_request();
    let request = if args.full {
        request.add_recursive_rules(READ_WRITE, "/")
    } else {
        request.add_rules(READ_ONLY, "/me")
    };
    let granted = request.request().await?;
    println!("Please visit {} to authenticate,", granted.validation_url);
    println!("then press Enter to continue.");
    wait_for_enter()?;

    let client = client.with_consumer_key(granted.consumer_key.clone());
    let me = client.me().get().await?;
    println!("Welcome {}", me.firstname.unwrap_or(me.nichandle));
    // Printing the key is this program's purpose: it goes in ovh.conf.
    println!("Your consumer key is {}", granted.consumer_key.expose());
    Ok(())
}

fn wait_for_enter() -> ovh_api::Result<()> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::InvalidParameter(format!("cannot read standard input: {e}")))?;
    Ok(())
}
