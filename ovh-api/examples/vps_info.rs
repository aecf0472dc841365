//! Prints the service information (renewal, expiration, contacts…) of every
//! VPS on your account as pretty JSON.
//!
//! ```text
//! cargo run -p ovh-api --example vps_info
//! ```
//!
//! Needs `GET /vps` and `GET /vps/*/serviceInfos` rights.

mod common;

use std::future::IntoFuture;
use std::process::ExitCode;

use clap::Parser;
use futures::stream::{self, StreamExt};
use ovh_api::Error;

/// How many VPS are looked up at the same time.
const CONCURRENCY: usize = 10;

/// Print the service information of every VPS on your OVH account as pretty
/// JSON.
///
/// Lists /vps, then prints each /vps/{serviceName}/serviceInfos (one JSON
/// object after the other, in the list's order). Credentials come from OVH_*
/// environment variables or ovh.conf files.
#[derive(Parser)]
#[command(name = "vps_info")]
struct Args {}

fn main() -> ExitCode {
    let Args {} = Args::parse();
    common::run(vps_info())
}

async fn vps_info() -> ovh_api::Result<()> {
    let client = common::client()?;
    let names = client.vps().get().await?;

    let mut infos = stream::iter(names)
        .map(|name| {
            client
                .vps()
                .service_name(&name)
                .service_infos()
                .get()
                .into_future()
        })
        .buffered(CONCURRENCY);
    while let Some(info) = infos.next().await {
        let pretty = serde_json::to_string_pretty(&info?).map_err(Error::Serialize)?;
        println!("{pretty}");
    }
    Ok(())
}
