//! Creates a Public Cloud instance with a volume attached, waiting at each step.
//!
//! ```text
//! cargo run -p ovh-api --features cloud --example cloud_instance -- --dry-run \
//!     PROJECT_ID --region GRA11 --flavor FLAVOR_ID --image IMAGE_ID
//! cargo run -p ovh-api --features cloud --example cloud_instance -- \
//!     PROJECT_ID --region GRA11 --flavor FLAVOR_ID --image IMAGE_ID --ssh-key SSH_KEY_ID
//! ```
//!
//! The scenario of libcloud's OVH compute driver (create a node, attach a volume), typed:
//! creates the instance, waits until it is `ACTIVE`, creates a volume, waits until it is
//! `available`, attaches it and waits until the volume shows the attachment, then prints a
//! summary. `--dry-run` runs it with a dry-run client (`ClientBuilder::dry_run`): reads are
//! sent, changes are not; it stops at the first change, whose answer the next steps need,
//! and prints it, body included.
//! Needs `POST` and `GET` rights on `/cloud/project/*/instance*` and `/cloud/project/*/volume*`.

mod common;

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use ovh_api::api::cloud::ProjectServiceName;
use ovh_api::models::cloud::instance::{InstanceDetail, InstanceStatusEnum};
use ovh_api::models::cloud::volume::{Volume, VolumeStatusEnum, VolumeTypeEnum};
use ovh_api::models::cloud::{
    ProjectInstanceCreation, ProjectVolumeAttachCreation, ProjectVolumeCreation,
};
use ovh_api::{CallTarget, Client, WaitPolicy};

/// Create a Public Cloud instance and attach a new volume to it.
///
/// Creates the instance, waits until it is ACTIVE, creates a volume in the same region,
/// waits until it is available, attaches it and waits until the attachment shows. Credentials
/// come from OVH_* environment variables or ovh.conf files.
#[derive(Parser)]
#[command(name = "cloud_instance")]
struct Args {
    /// The Public Cloud project id (its `serviceName`).
    project: String,
    /// Region of the instance and the volume, e.g. GRA11.
    #[arg(long)]
    region: String,
    /// Flavor id of the instance (GET /cloud/project/{project}/flavor).
    #[arg(long)]
    flavor: String,
    /// Image id of the instance (GET /cloud/project/{project}/image).
    #[arg(long)]
    image: String,
    /// SSH key id to install on the instance.
    #[arg(long)]
    ssh_key: Option<String>,
    /// Name of the instance; the volume is named after it.
    #[arg(long, default_value = "sdk-instance")]
    name: String,
    /// Size of the volume, in GB.
    #[arg(long, default_value_t = 10)]
    volume_size: i64,
    /// Longest wait for each step, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 1800)]
    timeout: u64,
    /// First wait between two checks, in milliseconds (it grows after each check).
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    interval_ms: u64,
    /// Send no change: stop at the first one, printing it with its body.
    #[arg(long)]
    dry_run: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    common::run(cloud_instance(args))
}

async fn cloud_instance(args: Args) -> ovh_api::Result<()> {
    let client = match common::client_with_dry_run(args.dry_run) {
        Ok(client) => client,
        // A dry run needs no account: its first call is a change, which is never sent.
        Err(_) if args.dry_run => Client::builder().endpoint("ovh-eu").dry_run(true).build()?,
        Err(error) => return Err(error),
    };
    match scenario(&client, &args).await {
        Err(ovh_api::Error::DryRun(_)) => {
            println!("dry run: stopped at the first change, not sent:");
            for call in client.dry_run_calls() {
                show(&call);
            }
            println!("  (the next steps need its answer)");
            Ok(())
        }
        done => done,
    }
}

/// The scenario: create, wait, create, wait, attach, wait, print.
async fn scenario(client: &Client, args: &Args) -> ovh_api::Result<()> {
    let project = client.cloud().project().service_name(&args.project);
    let policy = WaitPolicy::default()
        .initial_delay(Duration::from_millis(args.interval_ms))
        .interval(Duration::from_millis(args.interval_ms))
        .timeout(Duration::from_secs(args.timeout));

    let created = project.instance().post(&instance_creation(args)).await?;
    let state = created.status.as_ref().map_or("-", |s| s.as_str());
    println!("instance {} created ({state})", created.id);
    let instance = wait_active(&project, &created.id, policy.clone()).await?;
    println!("instance {} is ACTIVE", instance.id);

    let volume = project.volume().post(&volume_creation(args)).await?;
    let state = volume.status.as_ref().map_or("-", |s| s.as_str());
    println!("volume {} created ({state})", volume.id);
    let volumes = project.volume();
    volumes
        .volume_id(&volume.id)
        .get()
        .wait_until_with(policy.clone(), |v| {
            v.status == Some(VolumeStatusEnum::Available)
        })
        .await?;
    println!("volume {} is available", volume.id);

    let attach = ProjectVolumeAttachCreation {
        instance_id: instance.id.clone(),
        wire: Default::default(),
    };
    volumes.volume_id(&volume.id).attach().post(&attach).await?;
    let instance_id = instance.id.clone();
    let attached = volumes
        .volume_id(&volume.id)
        .get()
        .wait_until_with(policy, move |v| v.attached_to.contains(&instance_id))
        .await?;
    println!("volume {} is attached to {}", attached.id, instance.id);
    summary(&instance, &attached);
    Ok(())
}

/// Polls the instance until it is `ACTIVE`; an instance in `ERROR` stops the wait.
async fn wait_active(
    project: &ProjectServiceName,
    id: &str,
    policy: WaitPolicy,
) -> ovh_api::Result<InstanceDetail> {
    let finished = |i: &InstanceDetail| {
        matches!(
            i.status,
            Some(InstanceStatusEnum::Active | InstanceStatusEnum::Error)
        )
    };
    let instance = project
        .instance()
        .instance_id(id)
        .get()
        .wait_until_with(policy, finished)
        .await?;
    if instance.status == Some(InstanceStatusEnum::Error) {
        return Err(ovh_api::Error::InvalidParameter(format!(
            "instance {id} went to ERROR while building"
        )));
    }
    Ok(instance)
}

fn instance_creation(args: &Args) -> ProjectInstanceCreation {
    ProjectInstanceCreation {
        autobackup: None,
        flavor_id: args.flavor.clone(),
        group_id: None,
        image_id: Some(args.image.clone()),
        monthly_billing: None,
        name: args.name.clone(),
        networks: None,
        region: args.region.clone(),
        ssh_key_id: args.ssh_key.clone(),
        user_data: None,
        volume_id: None,
        wire: Default::default(),
    }
}

fn volume_creation(args: &Args) -> ProjectVolumeCreation {
    ProjectVolumeCreation {
        description: None,
        image_id: None,
        name: Some(format!("{}-data", args.name)),
        region: args.region.clone(),
        size: args.volume_size,
        snapshot_id: None,
        r#type: VolumeTypeEnum::Classic,
        wire: Default::default(),
    }
}

/// One line for a call not sent: method, path, and the JSON body it would have carried, as
/// the SDK encodes it.
fn show(target: &CallTarget) {
    match target.body() {
        Some(body) => println!(
            "{} {} {}",
            target.method(),
            target.path(),
            String::from_utf8_lossy(body)
        ),
        None => println!("{} {}", target.method(), target.path()),
    }
}

fn summary(instance: &InstanceDetail, volume: &Volume) {
    let ips: Vec<&str> = instance
        .ip_addresses
        .iter()
        .map(|ip| ip.ip.as_str())
        .collect();
    println!(
        "instance  {}  {}  {}  {}",
        instance.id,
        instance.name,
        instance.region,
        ips.join(", ")
    );
    println!(
        "volume    {}  {}  {} GB  attached to {}",
        volume.id,
        volume.name,
        volume.size,
        volume.attached_to.join(", ")
    );
}
