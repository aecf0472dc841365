//! A tour of the SDK, runnable on a fresh machine: welcome, bills, a mail
//! redirection, VPS information, a network burst dry run, a /v2 list and a
//! server reboot waited for until its task is done, each call printed with its
//! typed result.
//!
//! ```text
//! cargo run -p ovh-api --example tour            # no credentials: a local mock
//! cargo run -p ovh-api --example tour -- --live  # the real API, read-only parts
//! ```
//!
//! With nothing configured (no `ovh.conf`, no `OVH_*` variables) it starts
//! [`ovh_api::mock::MockOvh`] in this process, seeds it with a made-up
//! account and talks to it: nothing leaves the machine. With credentials
//! configured, or with `--live`, it runs only the read-only parts against the
//! real API (the mail redirection and the reboot, which change something, are
//! skipped).

mod common;

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use futures::stream::{StreamExt, TryStreamExt};
use ovh_api::mock::MockOvh;
use ovh_api::models::billing::Bill;
use ovh_api::models::email::domain::RedirectionCreation;
use ovh_api::{Client, Config, WaitPolicy};
use serde_json::json;

/// Walk through the SDK: welcome, bills, mail redirection, VPS, network
/// burst (dry run), a /v2 list and a server reboot waited for.
///
/// With no OVH credentials configured (ovh.conf, OVH_* variables) it talks to
/// a local mock of the OVH API started in this process, with made-up data.
/// With credentials configured, or with --live, it runs the read-only parts
/// against the real API.
#[derive(Parser)]
#[command(name = "tour")]
struct Args {
    /// Use the real OVH API (read-only parts only), even if nothing seems
    /// configured.
    #[arg(long, conflicts_with = "mock")]
    live: bool,
    /// Use the local mock, even if credentials are configured.
    #[arg(long)]
    mock: bool,
}

/// At most this many items of each list are looked at.
const SHOWN: usize = 3;

/// The mail domain of the mail redirection step.
const MAIL_DOMAIN: &str = "example.com";

fn main() -> ExitCode {
    let args = Args::parse();
    common::run(tour(args))
}

async fn tour(args: Args) -> ovh_api::Result<()> {
    let live = args.live || (!args.mock && configured()?);
    if live {
        let client = common::client()?;
        println!(
            "ovh-api tour: talking to the REAL OVH API at {} (read-only calls only).\n",
            client.endpoint().base_url()
        );
        return walk(&client, false).await;
    }
    let mock = match MockOvh::try_start().await {
        Ok(mock) => mock,
        Err(e) => {
            eprintln!("error: mock: cannot start the local mock of the OVH API: {e}");
            std::process::exit(1);
        }
    };
    seed(&mock);
    println!(
        "ovh-api tour: talking to a LOCAL MOCK of the OVH API at {}, started in this process.\n\
         Nothing here reaches OVH and the account below is made up. Configure credentials\n\
         (ovh.conf or OVH_* variables) or pass --live to run the read-only parts for real.",
        mock.base_url()
    );
    walk(&mock.client(), true).await?;
    let calls = mock.requests();
    let signed = calls.iter().filter(|r| r.signature.is_valid()).count();
    println!(
        "The mock received {} API calls; {signed} carried a valid signature, checked as OVH checks it.",
        calls.len()
    );
    Ok(())
}

/// Whether anything is configured: an endpoint or credentials, found the way
/// `Client::new()` finds them.
fn configured() -> ovh_api::Result<bool> {
    let config = Config::load()?;
    Ok(config.endpoint.is_some()
        || config.application_key.is_some()
        || config.consumer_key.is_some()
        || config.client_id.is_some()
        || config.access_token.is_some())
}

/// The steps; `writes`: whether the steps that change something run too.
async fn walk(client: &Client, writes: bool) -> ovh_api::Result<()> {
    step(1, "welcome");
    welcome(client).await?;
    step(2, "bills");
    bills(client).await?;
    step(3, "mail redirection");
    if writes {
        mail_redirection(client).await?;
    } else {
        println!("(skipped against the real API: it would create a redirection)");
    }
    step(4, "VPS information");
    vps_info(client).await?;
    step(5, "network burst, dry run");
    network_burst(client).await?;
    step(6, "a /v2 list, cursor-paginated");
    iam_policies(client).await?;
    step(7, "a long-running operation: a reboot, waited for");
    if writes {
        reboot(client).await?;
    } else {
        println!("(skipped against the real API: it would reboot a server)");
    }
    println!();
    Ok(())
}

fn step(n: usize, title: &str) {
    println!("\n== {n}. {title}");
}

fn call(line: &str) {
    println!("{line}");
}

fn result(line: &str) {
    println!("  -> {line}");
}

async fn welcome(client: &Client) -> ovh_api::Result<()> {
    call("GET /me");
    let me = client.me().get().await?;
    result(&format!(
        "models::nichandle::Nichandle {{ nichandle: {:?}, firstname: {:?}, country: {:?} }}",
        me.nichandle,
        me.firstname.as_deref().unwrap_or("-"),
        me.country.as_ref().map(|c| c.as_str()).unwrap_or("-"),
    ));
    println!("Welcome {}", me.firstname.unwrap_or(me.nichandle));
    Ok(())
}

async fn bills(client: &Client) -> ovh_api::Result<()> {
    call("GET /me/bill?date.from=2024-01-01");
    let ids = client.me().bill().get().date_from("2024-01-01").await?;
    result(&format!("Vec<String> {ids:?}"));
    let ids: Vec<String> = ids.into_iter().take(SHOWN).collect();
    if ids.is_empty() {
        return Ok(());
    }
    call(&format!(
        "GET /me/bill/{} (one batch request, X-Ovh-Batch: ,)",
        ids.join(",")
    ));
    for bill in client.get_batch::<Bill>("/me/bill", &ids).await? {
        let bill = bill?;
        let price = bill
            .price_with_tax
            .as_ref()
            .map_or("-", |price| price.text.as_str());
        result(&format!(
            "models::billing::Bill {{ bill_id: {:?}, date: {:?}, price_with_tax: {price:?} }}",
            bill.bill_id, bill.date
        ));
    }
    Ok(())
}

async fn mail_redirection(client: &Client) -> ovh_api::Result<()> {
    let redirections = client.email().domain().domain(MAIL_DOMAIN).redirection();
    let creation = RedirectionCreation {
        from: format!("ada@{MAIL_DOMAIN}"),
        to: "ada.lovelace@example.org".into(),
        local_copy: false,
        wire: Default::default(),
    };
    call(&format!(
        "POST /email/domain/{MAIL_DOMAIN}/redirection {}",
        json!({"from": creation.from, "to": creation.to, "localCopy": false})
    ));
    let task = redirections.post(&creation).await?;
    result(&format!(
        "models::email::domain::TaskSpecialAccount {{ id: {:?}, action: {:?}, date: {:?} }}",
        task.id, task.action, task.date
    ));
    call(&format!("GET /email/domain/{MAIL_DOMAIN}/redirection"));
    let ids = redirections.get().await?;
    result(&format!("Vec<String> {ids:?}"));
    for id in ids.iter().take(SHOWN) {
        call(&format!("GET /email/domain/{MAIL_DOMAIN}/redirection/{id}"));
        let redirection = redirections.id(id).get().await?;
        result(&format!(
            "models::email::domain::RedirectionGlobal {{ from: {:?}, to: {:?} }}",
            redirection.from, redirection.to
        ));
    }
    Ok(())
}

async fn vps_info(client: &Client) -> ovh_api::Result<()> {
    call("GET /vps");
    let names = client.vps().get().await?;
    result(&format!("Vec<String> {names:?}"));
    for name in names.iter().take(SHOWN) {
        let vps = client.vps().service_name(name);
        call(&format!("GET /vps/{name}"));
        let details = vps.get().await?;
        result(&format!(
            "models::vps::Vps {{ state: {:?}, zone: {:?}, vcore: {}, memory_limit: {} }}",
            details.state.as_ref().map(|s| s.as_str()).unwrap_or("-"),
            details.zone,
            details.vcore,
            details.memory_limit
        ));
        call(&format!("GET /vps/{name}/serviceInfos"));
        let infos = vps.service_infos().get().await?;
        let automatic = infos.renew.as_ref().and_then(|r| r.automatic);
        result(&format!(
            "models::services::Service {{ expiration: {:?}, renew.automatic: {automatic:?} }}",
            infos.expiration
        ));
    }
    Ok(())
}

async fn network_burst(client: &Client) -> ovh_api::Result<()> {
    let servers = client.dedicated().server();
    call("GET /dedicated/server");
    let names = servers.get().await?;
    result(&format!("Vec<String> {names:?}"));
    for name in names.iter().take(SHOWN) {
        call(&format!("GET /dedicated/server/{name}/burst"));
        let burst = servers.service_name(name).burst().get().await?;
        let status = burst.status.as_ref().map(|s| s.as_str()).unwrap_or("-");
        result(&format!(
            "models::dedicated::server::ServerBurst {{ status: {status:?} }}"
        ));
        if status == "active" {
            println!("burst already active on {name}");
        } else {
            println!(
                "would enable burst on {name}: PUT /dedicated/server/{name}/burst {} (dry run: not sent)",
                json!({"status": "active"})
            );
        }
    }
    Ok(())
}

async fn iam_policies(client: &Client) -> ovh_api::Result<()> {
    call("GET /v2/iam/policy (X-Pagination-Size: 2; each next page asked for with X-Pagination-Cursor)");
    let policies: Vec<_> = client
        .v2()
        .iam()
        .policy()
        .get()
        .page_size(2)
        .stream()
        .take(SHOWN + 2)
        .try_collect()
        .await?;
    for policy in policies {
        result(&format!(
            "models::v2::iam::policy::Response {{ name: {:?}, identities: {} }}",
            policy.name,
            policy.identities.len()
        ));
    }
    Ok(())
}

async fn reboot(client: &Client) -> ovh_api::Result<()> {
    let server = client.dedicated().server().service_name(REBOOTED);
    call(&format!(
        "POST /dedicated/server/{REBOOTED}/reboot, then .watch(): GET /dedicated/server/{REBOOTED}/task/{{taskId}} until finished"
    ));
    // A quick policy for the mock; the default one polls a real reboot for up to 2 hours.
    let policy = WaitPolicy::default()
        .initial_delay(Duration::ZERO)
        .interval(Duration::from_millis(50));
    let mut statuses = server.reboot().post().watch_with(policy);
    while let Some(task) = statuses.next().await {
        let task = task?;
        let status = task.status.as_ref().map_or("-", |s| s.as_str());
        result(&format!(
            "models::dedicated::server::Task {{ task_id: {}, function: {:?}, status: {status:?} }}",
            task.task_id,
            task.function.as_ref().map(|f| f.as_str()).unwrap_or("-")
        ));
    }
    Ok(())
}

/// The server the reboot step reboots (mock only).
const REBOOTED: &str = "ns1.ip-51-75-0.eu";

/// A made-up account: Ada's nichandle, three bills, a mail domain, two VPS,
/// two dedicated servers and three IAM policies.
fn seed(mock: &MockOvh) {
    seed_account(mock);
    seed_mail(mock);
    seed_vps(mock);
    seed_servers(mock);
    seed_policies(mock);
}

/// Ada's account and her three bills.
fn seed_account(mock: &MockOvh) {
    mock.on("GET", "/me").reply(&json!({
        "nichandle": "la1234-ovh",
        "firstname": "Ada",
        "name": "Lovelace",
        "email": "ada@example.com",
        "country": "GB",
        "language": "en_GB",
        "currency": {"code": "GBP", "symbol": "£"},
        "ovhSubsidiary": "GB",
        "state": "complete",
        "customerCode": "1234-5678-90",
    }));

    let bills = [
        ("GB4920071", "2024-01-31T10:00:00+01:00", "12.00"),
        ("GB4920072", "2024-02-29T10:00:00+01:00", "25.20"),
        ("GB4920073", "2024-03-31T10:00:00+02:00", "7.99"),
    ];
    mock.on("GET", "/me/bill")
        .reply(&bills.iter().map(|(id, _, _)| *id).collect::<Vec<_>>());
    for (id, date, price) in bills {
        let amount: f64 = price.parse().unwrap_or_default();
        let money = json!({"currencyCode": "GBP", "text": format!("£{price}"), "value": amount});
        mock.on("GET", &format!("/me/bill/{id}")).reply(&json!({
            "billId": id,
            "date": date,
            "orderId": 91000001,
            "password": "made-up",
            "pdfUrl": format!("https://www.ovh.com/cgi-bin/order/facture.pdf?reference={id}"),
            "url": format!("https://www.ovh.com/cgi-bin/order/facture.cgi?reference={id}"),
            "category": "autorenew",
            "priceWithTax": money,
            "priceWithoutTax": money,
            "tax": {"currencyCode": "GBP", "text": "£0.00", "value": 0.0},
        }));
    }
}

/// The mail domain: one redirection, and the one the tour adds.
fn seed_mail(mock: &MockOvh) {
    let redirection = format!("/email/domain/{MAIL_DOMAIN}/redirection");
    mock.on("POST", &redirection).reply(&json!({
        "id": "4242",
        "account": "ada",
        "action": "add",
        "date": "2024-06-01T10:00:00+02:00",
        "domain": MAIL_DOMAIN,
        "type": "redirect",
    }));
    mock.on("GET", &redirection).reply(&["1001"]);
    mock.on("GET", &format!("{redirection}/{{id}}"))
        .reply(&json!({
            "id": "1001",
            "from": format!("ada@{MAIL_DOMAIN}"),
            "to": "ada.lovelace@example.org",
        }));
}

/// Two VPS and their service information.
fn seed_vps(mock: &MockOvh) {
    let vps = [
        (
            "vps-1a2b3c4d.vps.ovh.net",
            "running",
            "Region OpenStack: os-sbg5",
            2,
            4096,
            "2025-05-01",
        ),
        (
            "vps-5e6f7a8b.vps.ovh.net",
            "stopped",
            "Region OpenStack: os-gra9",
            1,
            2048,
            "2025-08-15",
        ),
    ];
    mock.on("GET", "/vps")
        .reply(&vps.iter().map(|v| v.0).collect::<Vec<_>>());
    for (name, state, zone, vcore, memory, expiration) in vps {
        mock.on("GET", &format!("/vps/{name}")).reply(&json!({
            "name": name,
            "displayName": name,
            "state": state,
            "zone": zone,
            "vcore": vcore,
            "memoryLimit": memory,
            "offerType": "ssd",
            "cluster": "",
            "keymap": null,
            "monitoringIpBlocks": [],
            "netbootMode": "local",
            "slaMonitoring": false,
        }));
        mock.on("GET", &format!("/vps/{name}/serviceInfos"))
            .reply(&json!({
                "canDeleteAtExpiration": true,
                "contactAdmin": "la1234-ovh",
                "contactBilling": "la1234-ovh",
                "contactTech": "la1234-ovh",
                "creation": "2023-05-01",
                "domain": name,
                "engagedUpTo": null,
                "expiration": expiration,
                "possibleRenewPeriod": [1, 3, 6, 12],
                "renew": {"automatic": true, "deleteAtExpiration": false, "forced": false,
                          "manualPayment": false, "period": 1},
                "renewalType": "automaticV2016",
                "serviceId": 2001,
                "status": "ok",
            }));
    }
}

/// Two dedicated servers, their burst, and the reboot task of one.
fn seed_servers(mock: &MockOvh) {
    let servers = [
        ("ns1.ip-51-75-0.eu", "inactive"),
        ("ns2.ip-51-75-0.eu", "active"),
    ];
    mock.on("GET", "/dedicated/server")
        .reply(&servers.iter().map(|s| s.0).collect::<Vec<_>>());
    for (name, status) in servers {
        mock.on("GET", &format!("/dedicated/server/{name}/burst"))
            .reply(&json!({"status": status, "capacity": {"unit": "Mbps", "value": 1000}}));
    }
    // The reboot answers a task; its task GET plays todo, doing, done.
    let task = |status: &str| {
        json!({
            "taskId": 4711, "function": "hardReboot", "status": status,
            "startDate": "2024-05-01T10:00:00+02:00", "lastUpdate": "2024-05-01T10:00:00+02:00",
            "needSchedule": false, "comment": null, "doneDate": null,
        })
    };
    mock.on("POST", &format!("/dedicated/server/{REBOOTED}/reboot"))
        .reply(&task("todo"));
    mock.on("GET", &format!("/dedicated/server/{REBOOTED}/task/4711"))
        .reply_statuses(&task("todo"), "status", ["doing", "done"]);
}

/// Three IAM policies (/v2, paginated).
fn seed_policies(mock: &MockOvh) {
    mock.on_v2_list(
        "/v2/iam/policy",
        ["admins", "developers", "read-only-auditors"]
            .iter()
            .enumerate()
            .map(|(i, name)| {
                json!({
                    "id": format!("6956639e-3848-11ee-ae3c-00505680000{i}"),
                    "name": name,
                    "owner": "la1234-ovh",
                    "identities": ["urn:v1:eu:identity:group:la1234-ovh/".to_owned() + name],
                    "resources": [{"urn": "urn:v1:eu:resource:vps:vps-1a2b3c4d.vps.ovh.net"}],
                    "permissions": {"allow": [{"action": "vps:apiovh:*"}]},
                    "readOnly": false,
                    "createdAt": "2024-01-01T00:00:00Z",
                })
            }),
    );
}
