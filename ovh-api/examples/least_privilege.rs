//! Computes the exact consumer-key rules and IAM actions a program needs, by running it
//! against the local mock, then (with `--request`) asks OVH for a consumer key allowing only
//! those.
//!
//! ```text
//! cargo run -p ovh-api --features mock --example least_privilege
//! cargo run -p ovh-api --features mock --example least_privilege -- --request
//! ```

mod common;

use std::process::ExitCode;

use clap::Parser;
use ovh_api::consumer_key::{create_token_url, AccessRule};
use ovh_api::mock::MockOvh;
use ovh_api::models::email::domain::RedirectionCreation;
use ovh_api::{Client, Endpoint, Error};
use serde_json::json;

/// Run a small scenario (bills, a mail redirection) against a local mock of the OVH API,
/// then print the access rules and IAM actions its calls needed, the createToken URL that
/// creates script credentials with exactly those rules, and the consumer key request that
/// asks for them.
#[derive(Parser)]
#[command(name = "least_privilege")]
struct Args {
    /// Send that consumer key request to the configured endpoint (the application key comes
    /// from OVH_* environment variables or ovh.conf files) and print the key and the URL
    /// where you validate it.
    #[arg(long)]
    request: bool,
    /// The endpoint the createToken URL is for, when not sending the request.
    #[arg(long, default_value = "ovh-eu")]
    endpoint: String,
}

/// The domain of the scenario's mail redirection.
const DOMAIN: &str = "example.com";

fn main() -> ExitCode {
    common::run(least_privilege(Args::parse()))
}

async fn least_privilege(args: Args) -> ovh_api::Result<()> {
    let mock = MockOvh::try_start()
        .await
        .map_err(|e| Error::InvalidParameter(format!("cannot start the local mock: {e}")))?;
    seed(&mock);
    scenario(&mock.client()).await?;
    let rules = mock.access_rules();
    let actions = mock.iam_actions();

    println!("Access rules the scenario needed:");
    for rule in &rules {
        println!("  {rule}");
    }
    println!("IAM actions the scenario needed:");
    for action in &actions {
        println!("  {action}");
    }
    let endpoint = if args.request {
        common::client()?.endpoint().clone()
    } else {
        Endpoint::parse(&args.endpoint)?
    };
    println!("Script credentials with exactly these rules:");
    println!("  {}", create_token_url(&endpoint, &rules));
    let body = json!({ "accessRules": rules });
    println!("Consumer key request (POST /auth/credential):");
    println!("  {body}");
    if args.request {
        request(&rules).await?;
    }
    Ok(())
}

/// What the program does: read the bills, one bill, the mail redirections of a domain, and
/// add one.
async fn scenario(client: &Client) -> ovh_api::Result<()> {
    let bills = client.me().bill().get().await?;
    if let Some(first) = bills.first() {
        client.me().bill().bill_id(first).get().await?;
    }
    let redirections = client.email().domain().domain(DOMAIN).redirection();
    redirections.get().await?;
    redirections
        .post(&RedirectionCreation {
            from: format!("a@{DOMAIN}"),
            to: "b@example.org".into(),
            local_copy: false,
            wire: Default::default(),
        })
        .await?;
    Ok(())
}

/// The mock's answers to the scenario.
fn seed(mock: &MockOvh) {
    mock.on("GET", "/me/bill").reply(&["FR1", "FR2"]);
    mock.on("GET", "/me/bill/{billId}")
        .reply(&json!({"billId": "FR1", "date": "2024-01-31T00:00:00+01:00"}));
    let redirections = format!("/email/domain/{DOMAIN}/redirection");
    mock.on("GET", &redirections).reply(&["r1"]);
    mock.on("POST", &redirections)
        .reply(&json!({"id": "r2", "action": "add", "domain": DOMAIN}));
}

/// Asks the configured endpoint for a consumer key allowing exactly `rules`.
async fn request(rules: &[AccessRule]) -> ovh_api::Result<()> {
    let client = common::client()?;
    let granted = client
        .new_consumer_key_request()
        .allow_calls(rules.iter().cloned())
        .request()
        .await?;
    println!(
        "Please visit {} to validate the key.",
        granted.validation_url
    );
    // Printing the key is the purpose of `--request`: it goes in ovh.conf.
    println!("Your consumer key is {}", granted.consumer_key.expose());
    Ok(())
}
