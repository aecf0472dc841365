//! The `least_privilege` example: it runs its scenario against a mock it starts itself and
//! prints exactly what the scenario needed; `--request` asks the configured endpoint for a
//! consumer key allowing only that.

use crate::support::run_example_with;
use ovh_api::mock::{MockOvh, DEFAULT_APP_KEY, DEFAULT_APP_SECRET};

/// The rules the scenario needs, in the order they are printed and requested.
const RULES: [&str; 4] = [
    "GET /email/domain/*/redirection",
    "POST /email/domain/*/redirection",
    "GET /me/bill",
    "GET /me/bill/*",
];

#[tokio::test(flavor = "multi_thread")]
async fn it_prints_the_rules_actions_and_requests_of_its_scenario() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run_example_with(
        "least_privilege",
        &["--endpoint", "ovh-ca"],
        "",
        dir.path(),
        &[],
    )
    .await;
    assert_eq!(out.code, Some(0), "{out:?}");
    let expected = [
        "Access rules the scenario needed:",
        "  GET /email/domain/*/redirection",
        "  POST /email/domain/*/redirection",
        "  GET /me/bill",
        "  GET /me/bill/*",
        "IAM actions the scenario needed:",
        "  account:apiovh:me/bill/get",
        "  emailDomain:apiovh:redirection/create",
        "  emailDomain:apiovh:redirection/get",
        "Script credentials with exactly these rules:",
        "  https://ca.api.ovh.com/createToken/?GET=/email/domain/*/redirection&POST=/email/domain/*/redirection&GET=/me/bill&GET=/me/bill/*",
        "Consumer key request (POST /auth/credential):",
        r#"  {"accessRules":[{"method":"GET","path":"/email/domain/*/redirection"},{"method":"POST","path":"/email/domain/*/redirection"},{"method":"GET","path":"/me/bill"},{"method":"GET","path":"/me/bill/*"}]}"#,
    ];
    assert_eq!(out.stdout.lines().collect::<Vec<_>>(), expected);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn request_asks_the_configured_endpoint_for_exactly_those_rules() {
    let ovh = MockOvh::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let env = [
        ("OVH_ENDPOINT", ovh.base_url()),
        ("OVH_APPLICATION_KEY", DEFAULT_APP_KEY.to_owned()),
        ("OVH_APPLICATION_SECRET", DEFAULT_APP_SECRET.to_owned()),
    ];
    let out = run_example_with("least_privilege", &["--request"], "", dir.path(), &env).await;
    assert_eq!(out.code, Some(0), "{out:?}");
    let issued = ovh.credentials();
    assert_eq!(issued.len(), 1);
    let rules: Vec<String> = issued[0]
        .access_rules
        .iter()
        .map(|r| r.to_string())
        .collect();
    assert_eq!(rules, RULES);
    let tail: Vec<&str> = out.stdout.lines().rev().take(2).collect();
    assert_eq!(
        tail,
        [
            format!("Your consumer key is {}", issued[0].consumer_key),
            format!(
                "Please visit {} to validate the key.",
                issued[0].validation_url
            ),
        ]
    );
    // The createToken URL is for the configured endpoint: the mock's host root.
    let root = ovh.base_url().trim_end_matches("/1.0").to_owned();
    assert!(
        out.stdout.contains(&format!("  {root}/createToken/?GET=")),
        "{}",
        out.stdout
    );
}
