//! Prints the service information (renewal, expiration, contacts…) of every
//! VPS on your account as pretty JSON.
//!
//! ```text
//! cargo run -p ovh-api --example vps_info
//! ```
//!
//! Needs `GET /vps` and `GET /vps/*/serviceInfos` rights.

mod common;

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

    // Printed as OVH sent them: serializing the typed model would leave out its read-only
    // fields (they are never sent back to OVH).
    let mut infos = stream::iter(names)
        .map(|name| {
            client
                .vps()
                .service_name(&name)
                .service_infos()
                .get()
                .send_raw()
        })
        .buffered(CONCURRENCY);
    while let Some(answer) = infos.next().await {
        let info: serde_json::Value = answer?.decode()?;
        let pretty = serde_json::to_string_pretty(&info).map_err(Error::Serialize)?;
        println!("{pretty}");
    }
    Ok(())
}
