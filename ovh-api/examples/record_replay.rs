//! Records a session to a cassette, then replays it: the loop of testing with recorded
//! answers, against the mock (no OVH account needed).
//!
//! ```text
//! cargo run -p ovh-api --example record_replay -- --cassette me.jsonl
//! cargo run -p ovh-api --example record_replay -- --cassette me.jsonl --changed
//! ```
//!
//! Against OVH, record with your real client (`Client::builder().record_to("me.jsonl")`),
//! read the file, commit it, and replay it in your tests with `MockOvh::replay`: this example
//! records against a mock standing in for OVH instead.

mod common;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use ovh_api::mock::MockOvh;
use ovh_api::models::billing::Bill;
use ovh_api::Client;
use serde_json::json;

/// Record a session to a cassette, then replay it.
///
/// Records three calls (GET /me, GET /me/bill, GET /me/bill/{billId}) against a mock standing
/// in for OVH, then replays the cassette with `MockOvh::replay` and runs the same calls (or,
/// with --changed, a changed program) against it, printing the answers and the replay report.
#[derive(Parser)]
#[command(name = "record_replay")]
struct Args {
    /// Where the cassette is written (JSON Lines).
    #[arg(long, default_value = "session.jsonl")]
    cassette: PathBuf,
    /// Replay a changed program (another query): its call is reported as a mismatch.
    #[arg(long)]
    changed: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    common::run(record_replay(args))
}

async fn record_replay(args: Args) -> ovh_api::Result<()> {
    // 1. Record: a client built with `record_to` appends each exchange to the cassette.
    let ovh = stand_in_for_ovh().await;
    let client = ovh.client_builder().record_to(&args.cassette).build()?;
    let recorded = session(&client, false).await?;
    println!("recorded: {}", recorded.join(", "));
    println!("cassette: {}", args.cassette.display());

    // 2. Replay: a mock answering from the cassette, the program run again against it.
    let replay = MockOvh::replay(&args.cassette).await?;
    let outcome = session(&replay.client(), args.changed).await;
    if let Ok(replayed) = &outcome {
        println!("replayed: {}", replayed.join(", "));
    }
    // 3. The report: the calls that matched no recorded exchange, those never made.
    println!("{}", replay.replay_report());
    outcome.map(|_| ())
}

/// The mock answering as OVH would, for the recording.
async fn stand_in_for_ovh() -> MockOvh {
    let ovh = MockOvh::start().await;
    ovh.on("GET", "/me")
        .reply(&json!({"nichandle": "xx1-ovh", "firstname": "Ada"}));
    ovh.on_call(|c| c.me().bill().get())
        .reply(&vec!["FR1".to_string()]);
    let bill = Bill {
        bill_id: "FR1".into(),
        order_id: 42,
        ..Bill::default()
    };
    ovh.on_call(|c| c.me().bill().bill_id("FR1").get())
        .reply(&bill);
    ovh
}

/// The program under test; `changed`, it asks for the bills since a date instead.
async fn session(client: &Client, changed: bool) -> ovh_api::Result<Vec<String>> {
    let me = client.me().get().await?;
    let bills = if changed {
        client
            .me()
            .bill()
            .get()
            .date_from("2024-01-01T00:00:00Z")
            .await?
    } else {
        client.me().bill().get().await?
    };
    let mut seen = vec![format!("{} ({})", me.nichandle, bills.len())];
    for id in &bills {
        let bill = client.me().bill().bill_id(id).get().await?;
        seen.push(format!("bill {} of order {}", bill.bill_id, bill.order_id));
    }
    Ok(seen)
}
