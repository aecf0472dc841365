//! Enables network burst on every dedicated server of one datacenter.
//!
//! ```text
//! cargo run -p ovh-api --example network_burst -- --dry-run
//! cargo run -p ovh-api --example network_burst -- --datacenter rbx8
//! ```
//!
//! Needs `GET /dedicated/server`, `GET /dedicated/server/*` and
//! `PUT /dedicated/server/*/burst` rights.

mod common;

use std::process::ExitCode;

use clap::Parser;
use futures::stream::{self, StreamExt};
use ovh_api::models::dedicated::server::{BurstStatusEnum, ServerBurst};

/// How many servers are looked up at the same time.
const CONCURRENCY: usize = 10;

/// Enable network burst on every dedicated server of a datacenter.
///
/// Lists your dedicated servers, looks each one up, and sets the burst of
/// those in the datacenter to `active`, printing each server it enables.
/// Credentials come from OVH_* environment variables or ovh.conf files.
#[derive(Parser)]
#[command(name = "network_burst")]
struct Args {
    /// Datacenter whose servers get burst enabled (as the API names it,
    /// e.g. sbg1, rbx8, gra3, bhs1).
    #[arg(long, default_value = "sbg1")]
    datacenter: String,
    /// Print the servers that would be enabled, without changing anything.
    #[arg(long)]
    dry_run: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    common::run(network_burst(args))
}

async fn network_burst(args: Args) -> ovh_api::Result<()> {
    // A dry run sends the reads and keeps the PUTs (`ClientBuilder::dry_run`).
    let client = common::client_with_dry_run(args.dry_run)?;
    let servers = client.dedicated().server();
    let names = servers.get().await?;

    let mut details = stream::iter(names)
        .map(|name| {
            let request = servers.service_name(&name).get();
            async move { request.await.map(|server| (name, server)) }
        })
        .buffered(CONCURRENCY);
    let active = ServerBurst {
        status: Some(BurstStatusEnum::Active),
        ..ServerBurst::default()
    };
    let mut enabled = 0;
    while let Some(server) = details.next().await {
        let (name, server) = server?;
        let datacenter = server.datacenter.as_ref().map(|dc| dc.as_str());
        if !datacenter.is_some_and(|dc| dc.eq_ignore_ascii_case(&args.datacenter)) {
            continue;
        }
        match servers.service_name(&name).burst().put(&active).await {
            Ok(()) => println!("burst enabled on {name}"),
            Err(ovh_api::Error::DryRun(_)) => println!("would enable burst on {name} (dry run)"),
            Err(error) => return Err(error),
        }
        enabled += 1;
    }
    if enabled == 0 {
        println!("no dedicated server in {}", args.datacenter);
    }
    Ok(())
}
