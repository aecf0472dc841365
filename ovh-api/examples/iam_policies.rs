//! Prints every IAM policy of the account as a table: name, ID, identities and how many
//! resources it covers. A /v2 list: the policies come page by page (`X-Pagination-Cursor`),
//! each page fetched as the table is filled.
//!
//! ```text
//! cargo run -p ovh-api --features v2-iam --example iam_policies
//! cargo run -p ovh-api --features v2-iam --example iam_policies -- --page-size 100
//! ```
//!
//! Needs the `GET /v2/iam/policy` right (IAM action `account:apiovh:iam/policy/get`).

mod common;

use std::process::ExitCode;

use clap::Parser;
use comfy_table::{presets, Table};
use futures::TryStreamExt;

/// List every IAM policy (all pages) as a table.
///
/// For each policy: its name, its ID, the identities it grants rights to, and the number of
/// resources it covers. Credentials come from OVH_* environment variables or ovh.conf files.
#[derive(Parser)]
#[command(name = "iam_policies")]
struct Args {
    /// Policies asked for per page (X-Pagination-Size); the API's default otherwise.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    page_size: Option<u32>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    common::run(iam_policies(args))
}

async fn iam_policies(args: Args) -> ovh_api::Result<()> {
    let client = common::client()?;
    let mut request = client.v2().iam().policy().get();
    if let Some(size) = args.page_size {
        request = request.page_size(size);
    }
    let mut table = Table::new();
    table.load_preset(presets::ASCII_MARKDOWN).set_header([
        "Name",
        "ID",
        "Identities",
        "Resources",
    ]);
    // Every page, one policy at a time; an error on any page stops here.
    let mut policies = request.stream();
    while let Some(policy) = policies.try_next().await? {
        table.add_row([
            policy.name,
            policy.id,
            policy.identities.join(", "),
            policy.resources.len().to_string(),
        ]);
    }
    println!("{table}");
    Ok(())
}
