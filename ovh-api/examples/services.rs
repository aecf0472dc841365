//! Prints the details of every service on your account as pretty JSON.
//!
//! ```text
//! cargo run -p ovh-api --example services
//! cargo run -p ovh-api --example services -- --routes /dedicated/server
//! ```
//!
//! Needs `GET /services` and `GET /services/*` rights.

mod common;

use std::process::ExitCode;

use clap::Parser;
use futures::stream::{self, StreamExt};
use ovh_api::Error;

/// How many services are looked up at the same time.
const CONCURRENCY: usize = 10;

/// Print every service on your OVH account as pretty JSON.
///
/// Lists /services, then prints each /services/{serviceId} (one JSON object
/// after the other, in the list's order). Credentials come from OVH_*
/// environment variables or ovh.conf files.
#[derive(Parser)]
#[command(name = "services")]
struct Args {
    /// Only services under these API routes, comma separated (e.g.
    /// /dedicated/server,/vps), sent as `routes`.
    #[arg(long, value_name = "ROUTES")]
    routes: Option<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    common::run(services(args))
}

async fn services(args: Args) -> ovh_api::Result<()> {
    let client = common::client()?;
    let mut list = client.services().get();
    if let Some(routes) = &args.routes {
        list = list.routes(routes);
    }
    let ids = list.await?;

    // Each answer is printed as OVH sent it: the typed model would leave out the read-only
    // fields when serialized (they are never sent back to OVH).
    let mut details = stream::iter(ids)
        .map(|id| client.services().service_id(id).get().send_raw())
        .buffered(CONCURRENCY);
    while let Some(answer) = details.next().await {
        let service: serde_json::Value = answer?.decode()?;
        let pretty = serde_json::to_string_pretty(&service).map_err(Error::Serialize)?;
        println!("{pretty}");
    }
    Ok(())
}
