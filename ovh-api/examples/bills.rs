//! Lists your bills: id, date, price with tax and PDF URL, one line each.
//!
//! ```text
//! cargo run -p ovh-api --example bills
//! cargo run -p ovh-api --example bills -- --from 2024-01-01 --to 2024-12-31
//! ```
//!
//! Needs `GET /me/bill` and `GET /me/bill/*` rights.

mod common;

use std::process::ExitCode;

use clap::Parser;
use ovh_api::models::billing::Bill;

/// List your OVH bills: id, date, price with tax and PDF URL, one line each.
///
/// Bills are printed in the order the API lists them; their details are
/// fetched with batch GETs, 50 bills a request, the requests concurrently. Credentials come from OVH_* environment variables
/// or ovh.conf files.
#[derive(Parser)]
#[command(name = "bills")]
struct Args {
    /// Only bills dated on or after this date (e.g. 2024-01-01), sent as
    /// `date.from`.
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Only bills dated on or before this date (e.g. 2024-12-31), sent as
    /// `date.to`.
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    common::run(bills(args))
}

async fn bills(args: Args) -> ovh_api::Result<()> {
    let client = common::client()?;
    let mut list = client.me().bill().get();
    if let Some(from) = &args.from {
        list = list.date_from(from);
    }
    if let Some(to) = &args.to {
        list = list.date_to(to);
    }
    let ids = list.await?;

    // `GET /me/bill/{id1},{id2},…` with `X-Ovh-Batch: ,`: one result per
    // id, in the list's order whatever order the requests complete in.
    for bill in client.me().bill().bill_id_batch(&ids).await? {
        println!("{}", line(&bill?));
    }
    Ok(())
}

/// `  FR12345678 (2024-01-31T10:00:00+01:00):    12.00 € --> https://…`
fn line(bill: &Bill) -> String {
    let price = bill
        .price_with_tax
        .as_ref()
        .map_or("-", |price| price.text.as_str());
    format!(
        "{:>12} ({}): {:>10} --> {}",
        bill.bill_id, bill.date, price, bill.pdf_url
    )
}
