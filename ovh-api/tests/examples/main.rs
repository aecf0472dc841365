//! Every example, run as a process against the mock OVH server (`ovh_api::mock`): one module
//! per example.
//!
//! The binaries are the ones cargo built for this test run: `cargo test -p ovh-api` and `cargo
//! test --workspace` build the package's examples along with its tests, before any test runs,
//! into `target/<profile>/examples/`, next to this test's `target/<profile>/deps/`. Nothing
//! here runs cargo. Selecting this test alone (`cargo test -p ovh-api --test examples`)
//! builds no example: run `cargo build -p ovh-api --examples` first then.

mod support;

mod auth_time;
mod bills;
mod call;
#[cfg(feature = "cloud")]
mod cloud_instance;
mod consumer_key;
mod credentials;
mod iam_policies;
mod kvm;
mod least_privilege;
mod mail_redirection;
mod network_burst;
mod record_replay;
mod services;
mod tour;
mod vps_contact;
mod vps_info;
mod welcome;
