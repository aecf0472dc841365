//! Creates an e-mail redirection:
//! `POST /email/domain/{domain}/redirection` with from, to and `localCopy=false`.
//!
//! ```text
//! cargo run -p ovh-api --example mail_redirection -- example.com a@example.com b@example.org
//! ```

mod common;

use std::process::ExitCode;

use clap::Parser;
use ovh_api::models::email::domain::RedirectionCreation;

/// Create an e-mail redirection on a domain (no local copy kept).
///
/// Credentials come from OVH_* environment variables or ovh.conf files.
#[derive(Parser)]
#[command(name = "mail_redirection")]
struct Args {
    /// The e-mail domain, e.g. example.com.
    domain: String,
    /// The address to redirect, e.g. a@example.com.
    from: String,
    /// Where its mail goes, e.g. b@example.org.
    to: String,
}

fn main() -> ExitCode {
    common::run(create(Args::parse()))
}

async fn create(args: Args) -> ovh_api::Result<()> {
    let client = common::client()?;
    let task = client
        .email()
        .domain()
        .domain(&args.domain)
        .redirection()
        .post(&RedirectionCreation {
            from: args.from.clone(),
            to: args.to.clone(),
            local_copy: false,
            wire: Default::default(),
        })
        .await?;
    println!(
        "Redirection {} -> {} requested on {} (task {})",
        args.from, args.to, args.domain, task.id
    );
    Ok(())
}
