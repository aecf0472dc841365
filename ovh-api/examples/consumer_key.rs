//! Requests a consumer key, waits for the user to validate it, then uses it.
//!
//! ```text
//! cargo run -p ovh-api --example consumer_key            # GET on /me only
//! cargo run -p ovh-api --example consumer_key -- --full  # everything, read-write
//! cargo run -p ovh-api --example consumer_key -- --for-example bills  # what `bills` needs
//! ```

mod common;

use std::io::BufRead;
use std::process::ExitCode;

use clap::Parser;
use ovh_api::consumer_key::{AccessRule, READ_ONLY, READ_WRITE};
use ovh_api::models::email::domain::RedirectionCreation;
use ovh_api::models::services::ChangeContact;
use ovh_api::{Client, Error, TypedCall};

/// Request a consumer key for your application, print the URL where you
/// validate it, wait for Enter, then greet you through GET /me with it and
/// print the key.
///
/// The application key and secret come from OVH_* environment variables or
/// ovh.conf files; no consumer key is needed.
#[derive(Parser)]
#[command(name = "consumer_key")]
struct Args {
    /// Ask for read-write access to the whole API (GET, POST, PUT, DELETE
    /// on /*) instead of read-only access to /me.
    #[arg(long, conflicts_with = "for_example")]
    full: bool,
    /// Ask for exactly the access another example of this crate needs (welcome, bills,
    /// mail_redirection, vps_info, vps_contact, services, least_privilege): the rules of the
    /// typed calls it makes. The key is printed without being tried, as it may not allow
    /// GET /me.
    #[arg(long, value_name = "NAME")]
    for_example: Option<String>,
}

/// The examples `--for-example` knows.
const EXAMPLES: &str =
    "welcome, bills, mail_redirection, vps_info, vps_contact, services, least_privilege";

/// The access rules the example `name` needs: those of the typed calls it makes, built here
/// (with made-up path parameters) and never sent.
fn rules_for_example(client: &Client, name: &str) -> Option<Vec<AccessRule>> {
    let bills = client.me().bill();
    let redirections = client.email().domain().domain("example.com").redirection();
    let redirection = RedirectionCreation {
        from: String::new(),
        to: String::new(),
        local_copy: false,
        wire: Default::default(),
    };
    let vps = client.vps().service_name("vps-0");
    let rules = match name {
        "welcome" => vec![client.me().get().access_rule()],
        "bills" => vec![
            bills.get().access_rule(),
            bills.bill_id("0").get().access_rule(),
        ],
        "mail_redirection" => vec![redirections.post(&redirection).access_rule()],
        "vps_info" => vec![
            client.vps().get().access_rule(),
            vps.service_infos().get().access_rule(),
        ],
        "vps_contact" => vec![vps
            .change_contact()
            .post(&ChangeContact::default())
            .access_rule()],
        "services" => vec![
            client.services().get().access_rule(),
            client.services().service_id(0).get().access_rule(),
        ],
        "least_privilege" => vec![
            bills.get().access_rule(),
            bills.bill_id("0").get().access_rule(),
            redirections.get().access_rule(),
            redirections.post(&redirection).access_rule(),
        ],
        _ => return None,
    };
    Some(rules)
}

fn main() -> ExitCode {
    common::run(request(Args::parse()))
}

async fn request(args: Args) -> ovh_api::Result<()> {
    let client = common::client()?;
    let request = client.new_consumer_key_request();
    if let Some(name) = &args.for_example {
        let rules = rules_for_example(&client, name).ok_or_else(|| {
            Error::InvalidParameter(format!("no example {name:?}: one of {EXAMPLES}"))
        })?;
        let granted = request.allow_calls(rules).request().await?;
        println!(
            "Please visit {} to validate the key,",
            granted.validation_url
        );
        // Printing the key is this program's purpose: it goes in ovh.conf.
        println!(
            "then use the consumer key {}",
            granted.consumer_key.expose()
        );
        return Ok(());
    }
    let request = if args.full {
        request.add_recursive_rules(READ_WRITE, "/")
    } else {
        request.add_rules(READ_ONLY, "/me")
    };
    let granted = request.request().await?;
    println!("Please visit {} to authenticate,", granted.validation_url);
    println!("then press Enter to continue.");
    wait_for_enter()?;

    let client = client.with_consumer_key(granted.consumer_key.clone());
    let me = client.me().get().await?;
    println!("Welcome {}", me.firstname.unwrap_or(me.nichandle));
    // Printing the key is this program's purpose: it goes in ovh.conf.
    println!("Your consumer key is {}", granted.consumer_key.expose());
    Ok(())
}

fn wait_for_enter() -> ovh_api::Result<()> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::InvalidParameter(format!("cannot read standard input: {e}")))?;
    Ok(())
}
