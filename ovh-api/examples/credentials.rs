//! Prints a table of your API credentials (consumer keys) and the
//! application each one belongs to.
//!
//! ```text
//! cargo run -p ovh-api --example credentials
//! cargo run -p ovh-api --example credentials -- --status pendingValidation
//! ```
//!
//! Needs `GET /me/api/credential` and `GET /me/api/credential/*` rights.

mod common;

use std::process::ExitCode;

use clap::Parser;
use comfy_table::{presets, Table};
use futures::stream::{self, StreamExt};
use ovh_api::models::auth::{ApiApplication, ApiCredential, CredentialStateEnum};

/// How many credentials are looked up at the same time.
const CONCURRENCY: usize = 10;

/// List your OVH API credentials and their applications as a table.
///
/// For each credential: its ID, the application's status and name, the
/// application's description, and when the token was created, expires and
/// was last used. Credentials come from OVH_* environment variables or
/// ovh.conf files.
#[derive(Parser)]
#[command(name = "credentials")]
struct Args {
    /// Only credentials in this state.
    #[arg(
        long,
        default_value = "validated",
        value_parser = ["validated", "pendingValidation", "expired", "refused"]
    )]
    status: String,
}

fn main() -> ExitCode {
    let args = Args::parse();
    common::run(credentials(args))
}

async fn credentials(args: Args) -> ovh_api::Result<()> {
    let client = common::client()?;
    let status = CredentialStateEnum::from(args.status.as_str());
    let ids = client.me().api().credential().get().status(status).await?;

    // Each credential and its application, fetched together; up to
    // CONCURRENCY credentials at a time, kept in the list's order.
    let rows: Vec<ovh_api::Result<(ApiCredential, ApiApplication)>> = stream::iter(ids)
        .map(|id| {
            let node = client.me().api().credential().credential_id(id);
            let credential = node.get().send();
            let application = node.application().get().send();
            async move { futures::try_join!(credential, application) }
        })
        .buffered(CONCURRENCY)
        .collect()
        .await;

    let mut table = Table::new();
    table.load_preset(presets::ASCII_MARKDOWN).set_header([
        "ID",
        "App Name",
        "Description",
        "Token Creation",
        "Token Expiration",
        "Token Last Use",
    ]);
    for row in rows {
        let (credential, application) = row?;
        let app_status = application
            .status
            .as_ref()
            .map_or("unknown", |status| status.as_str());
        table.add_row([
            credential.credential_id.to_string(),
            format!("[{app_status}] {}", application.name),
            application.description,
            credential.creation.into_string(),
            credential.expiration.map_or("never".into(), String::from),
            credential.last_use.map_or("never".into(), String::from),
        ]);
    }
    println!("{table}");
    Ok(())
}
