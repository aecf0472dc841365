//! Starts a technical-contact change on a VPS:
//! `POST /vps/{serviceName}/changeContact` with `contactTech`.
//!
//! ```text
//! cargo run -p ovh-api --example vps_contact -- vps-1234abcd.vps.ovh.net xx1234-ovh
//! ```

mod common;

use std::process::ExitCode;

use clap::Parser;
use ovh_api::models::services::ChangeContact;
use ovh_api::ApiErrorKind;

/// Ask for a VPS's technical contact to change to another OVH account.
///
/// OVH then e-mails both contacts to confirm. Credentials come from OVH_*
/// environment variables or ovh.conf files.
#[derive(Parser)]
#[command(name = "vps_contact")]
struct Args {
    /// The VPS service name, e.g. vps-1234abcd.vps.ovh.net.
    vps: String,
    /// The new technical contact's OVH account (nichandle), e.g. xx1234-ovh.
    contact: String,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let vps = args.vps.clone();
    common::run_explained(change(args), |error| {
        (error.api_kind() == Some(ApiErrorKind::NotFound))
            .then(|| format!("no VPS named {vps:?} on this account (see the vps_info example)"))
    })
}

async fn change(args: Args) -> ovh_api::Result<()> {
    let client = common::client()?;
    let request = ChangeContact {
        contact_tech: Some(args.contact.clone()),
        ..ChangeContact::default()
    };
    let tasks = client
        .vps()
        .service_name(&args.vps)
        .change_contact()
        .post(&request)
        .await?;
    let tasks: Vec<String> = tasks.iter().map(i64::to_string).collect();
    println!(
        "Contact change to {} requested for {} (tasks: {})",
        args.contact,
        args.vps,
        tasks.join(", ")
    );
    Ok(())
}
