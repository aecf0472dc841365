//! `codegen diff`: fixture pairs under `tests/fixtures/diff/<case>/{old,new}` cover every kind
//! of change; the reports are compared with `tests/golden/diff/<case>.{md,json}`
//! (`UPDATE_GOLDEN=1 cargo test -p codegen --test diff` rewrites them; review the diff).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diff::{self, Change, Kind, Report, Severity};

#[path = "common/scratch.rs"]
mod scratch;

use scratch::copy_dir;

const CASES: &[&str] = &["apis", "operations", "models", "additive"];

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(case: &str, side: &str) -> PathBuf {
    manifest().join("tests/fixtures/diff").join(case).join(side)
}

fn report(case: &str) -> Report {
    diff::diff_dirs(&fixture(case, "old"), &fixture(case, "new"), "old", "new")
        .unwrap_or_else(|e| panic!("{case}: {e}"))
}

fn find<'a>(r: &'a Report, kind: Kind, subject: &str, member: Option<&str>) -> &'a Change {
    r.changes
        .iter()
        .find(|c| {
            c.kind == kind
                && (c.path.as_deref() == Some(subject)
                    || c.model.as_deref() == Some(subject)
                    || c.api == subject)
                && c.member.as_deref() == member
        })
        .unwrap_or_else(|| panic!("no {kind:?} of {subject} {member:?} in {:#?}", r.changes))
}

fn compare_golden(file: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(file)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 creates it)", file.display()));
    assert!(
        expected == actual,
        "{} differs from the report (UPDATE_GOLDEN=1 to accept):\n{actual}",
        file.display()
    );
}

#[test]
fn golden_markdown_and_json() {
    for case in CASES {
        let r = report(case);
        let dir = manifest().join("tests/golden/diff");
        compare_golden(&dir.join(format!("{case}.md")), &diff::markdown::render(&r));
        compare_golden(&dir.join(format!("{case}.json")), &diff::json::render(&r));
    }
}

#[test]
fn every_kind_of_change_is_covered_by_a_fixture() {
    let mut seen = BTreeSet::new();
    for case in CASES {
        for c in report(case).changes {
            seen.insert((c.kind, c.severity));
        }
    }
    let kinds: BTreeSet<Kind> = seen.iter().map(|(k, _)| *k).collect();
    let missing: Vec<_> = Kind::ALL.iter().filter(|k| !kinds.contains(k)).collect();
    assert!(missing.is_empty(), "no fixture produces {missing:?}");
    // The two kinds whose severity depends on the change appear with both.
    for k in [Kind::ParameterAdded, Kind::FieldAdded] {
        assert!(seen.contains(&(k, Severity::Breaking)), "{k:?} breaking");
        assert!(seen.contains(&(k, Severity::Additive)), "{k:?} additive");
    }
}

#[test]
fn api_changes_are_classified_by_the_rules() {
    use Severity::{Additive, Breaking};
    let apis = report("apis");
    assert_eq!(
        find(&apis, Kind::ApiRemoved, "/dedicated/old", None).severity,
        Breaking
    );
    assert_eq!(
        find(&apis, Kind::ApiAdded, "/dedicated/fresh", None).severity,
        Additive
    );
    // Operations of a removed or added API are summed up by the API entry.
    assert_eq!(apis.changes.len(), 2, "{:#?}", apis.changes);
}

#[test]
fn operation_changes_are_classified_by_the_rules() {
    use Severity::{Additive, Breaking};
    let ops = report("operations");
    let item = "/shop/item";
    assert_eq!(
        find(&ops, Kind::ParameterAdded, item, Some("region")).severity,
        Breaking
    );
    assert_eq!(
        find(&ops, Kind::ParameterAdded, item, Some("lang")).severity,
        Additive
    );
    assert_eq!(
        find(&ops, Kind::ParameterRemoved, item, Some("filter")).severity,
        Breaking
    );
    assert_eq!(
        find(&ops, Kind::ParameterNowRequired, item, Some("page")).severity,
        Breaking
    );
    assert_eq!(
        find(&ops, Kind::ParameterNowOptional, item, Some("sort")).severity,
        Breaking
    );
    let limit = find(&ops, Kind::ParameterTypeChanged, item, Some("limit"));
    assert_eq!(
        (limit.old.as_deref(), limit.new.as_deref()),
        (Some("long"), Some("string"))
    );
    let dep = find(&ops, Kind::OperationDeprecated, item, None);
    assert_eq!(dep.severity, Additive);
    assert_eq!(dep.method.as_deref(), Some("POST"));
    let note = dep.note.as_deref().unwrap_or_default();
    assert!(
        note.contains("since 2024-01-01") && note.contains("use /shop/product"),
        "{note}"
    );
    let renamed = find(
        &ops,
        Kind::ParameterRenamed,
        "/shop/order",
        Some("dateFrom"),
    );
    assert_eq!(renamed.new.as_deref(), Some("body_date_from"));
    assert_eq!(
        find(
            &ops,
            Kind::PathParameterTypeChanged,
            "/shop/item/{itemId}",
            Some("itemId")
        )
        .severity,
        Breaking
    );
}

#[test]
fn model_changes_are_classified_by_the_rules() {
    use Severity::{Additive, Breaking};
    let models = report("models");
    // Added enum values are additive (the catch-all variant decoded them already), removed
    // ones breaking.
    assert_eq!(
        find(
            &models,
            Kind::EnumValueAdded,
            "catalog.Status",
            Some("suspended")
        )
        .severity,
        Additive
    );
    assert_eq!(
        find(
            &models,
            Kind::EnumValueRemoved,
            "catalog.Status",
            Some("deleted")
        )
        .severity,
        Breaking
    );
    assert_eq!(
        find(&models, Kind::EnumValueAdded, "catalog.Level", Some("3")).severity,
        Additive
    );
    // A field added to a response-only model is additive; to a model callers build without
    // `Default` (sent in a request, here nested in the body) it is breaking.
    assert_eq!(
        find(&models, Kind::FieldAdded, "catalog.Product", Some("color")).severity,
        Additive
    );
    assert_eq!(
        find(&models, Kind::FieldAdded, "catalog.Address", Some("zip")).severity,
        Breaking
    );
    assert_eq!(
        find(&models, Kind::FieldAdded, "catalog.Order", Some("quantity")).severity,
        Breaking
    );
    assert_eq!(
        find(&models, Kind::ModelDefaultRemoved, "catalog.Order", None).severity,
        Breaking
    );
    assert_eq!(
        find(
            &models,
            Kind::FieldNowOptional,
            "catalog.Product",
            Some("sku")
        )
        .severity,
        Breaking
    );
    assert_eq!(
        find(
            &models,
            Kind::FieldNowRequired,
            "catalog.Product",
            Some("stock")
        )
        .severity,
        Breaking
    );
    let renamed = find(&models, Kind::ModelRenamed, "Catalog.Widget", None);
    assert_eq!(renamed.new.as_deref(), Some("models::catalog::Widget2"));

    let additive = report("additive");
    assert!(!additive.is_empty());
    assert!(!additive.has_breaking(), "{:#?}", additive.changes);
}

#[test]
fn reports_are_sorted_breaking_first() {
    for case in CASES {
        let r = report(case);
        let first_additive = r
            .changes
            .iter()
            .position(|c| c.severity == Severity::Additive)
            .unwrap_or(r.changes.len());
        assert!(
            r.changes[first_additive..]
                .iter()
                .all(|c| c.severity == Severity::Additive),
            "{case}"
        );
        // Same input, same bytes.
        assert_eq!(
            diff::markdown::render(&r),
            diff::markdown::render(&report(case))
        );
    }
}

#[test]
fn a_set_compared_with_itself_has_no_changes() {
    let basic = manifest().join("tests/fixtures/basic");
    let r = diff::diff_dirs(&basic, &basic, "a", "b").unwrap();
    assert!(r.is_empty(), "{:#?}", r.changes);
    assert!(diff::markdown::render(&r).contains("No changes."));
}

/// One API in both formats is one API: no change between its console file and its OpenAPI
/// document (types written `long` / `integer`, generic copies, `password` / `string`, `/v1`),
/// compared as folders or as single files.
#[test]
fn the_two_formats_of_one_api_are_no_change() {
    let both = manifest().join("tests/fixtures/both");
    for (old, new) in [
        (both.join("console"), both.join("openapi")),
        (
            both.join("console/shop.json"),
            both.join("openapi/shop.json"),
        ),
    ] {
        let a = diff::view::load(&old).unwrap();
        let b = diff::view::load(&new).unwrap();
        assert_eq!(a.apis.keys().collect::<Vec<_>>(), ["/shop"]);
        let r = diff::compare(&a, &b, "console", "openapi");
        assert!(r.is_empty(), "{}: {:#?}", new.display(), r.changes);
    }
}

/// The committed ovh-eu snapshot against itself, and against a copy with one edit.
#[test]
fn snapshot_against_itself_and_an_edited_copy() {
    let snapshot = manifest().join("../schemas/ovh-eu");
    let old = diff::view::load(&snapshot).unwrap();
    assert!(diff::compare(&old, &old, "a", "a").is_empty());

    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&snapshot, tmp.path());
    let me = tmp.path().join("me.json");
    let text = std::fs::read_to_string(&me).unwrap();
    // `me.json` is an OpenAPI document: its paths are the keys of `paths`.
    let edited = text.replacen("\"/me/bill\": {", "\"/me/bills\": {", 1);
    assert_ne!(text, edited, "me.json has no /me/bill path");
    std::fs::write(&me, edited).unwrap();

    let new = diff::view::load(tmp.path()).unwrap();
    let r = diff::compare(&old, &new, "a", "b");
    assert!(r
        .changes
        .iter()
        .any(|c| c.kind == Kind::OperationAdded && c.path.as_deref() == Some("/me/bills")));
    assert!(r
        .changes
        .iter()
        .any(|c| c.kind == Kind::OperationRemoved && c.path.as_deref() == Some("/me/bill")));
    assert!(r.changes.iter().all(|c| c.api == "/me"), "{:#?}", r.changes);
    assert!(r.has_breaking());
}

fn codegen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("diff")
        .args(args)
        .output()
        .unwrap()
}

fn path(case: &str, side: &str) -> String {
    fixture(case, side).display().to_string()
}

#[test]
fn cli_exit_codes() {
    let (old, new) = (path("models", "old"), path("models", "new"));
    // Breaking changes: 0 without the flag, 2 with it.
    let out = codegen(&[&old, &new]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("## Breaking changes"));
    assert_eq!(
        codegen(&[&old, &new, "--fail-on-breaking"]).status.code(),
        Some(2)
    );
    // Additive changes only, or none: 0 even with the flag.
    let (a, b) = (path("additive", "old"), path("additive", "new"));
    assert_eq!(
        codegen(&[&a, &b, "--fail-on-breaking"]).status.code(),
        Some(0)
    );
    assert_eq!(
        codegen(&[&old, &old, "--fail-on-breaking"]).status.code(),
        Some(0)
    );
    // Errors: 1, with a message.
    let missing = codegen(&[&old, "/nonexistent/schemas", "--fail-on-breaking"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("codegen diff: "));
    assert_eq!(codegen(&["git:HEAD", &old]).status.code(), Some(1));
}

#[test]
fn cli_json_to_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("report.json");
    let out = codegen(&[
        &path("operations", "old"),
        &path("operations", "new"),
        "--json",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["format"], 1);
    let changes = doc["changes"].as_array().unwrap();
    let breaking = changes
        .iter()
        .filter(|c| c["severity"] == "breaking")
        .count();
    assert_eq!(doc["counts"]["breaking"], breaking);
    assert!(breaking > 0);
    assert!(changes.iter().any(|c| c["kind"] == "operation_removed"
        && c["path"] == "/shop/gone"
        && c["method"] == "GET"));
    for key in [
        "severity", "kind", "api", "method", "path", "model", "member", "old", "new", "note",
        "message",
    ] {
        assert!(changes[0].get(key).is_some(), "missing {key}");
    }
}

/// `git:REV:PATH` reads a folder at a revision (skipped outside a git checkout).
#[test]
fn cli_git_revisions() {
    let in_git = Command::new("git")
        .args([
            "rev-parse",
            "--verify",
            "HEAD:codegen/tests/fixtures/diff/apis/old",
        ])
        .current_dir(manifest())
        .output()
        .is_ok_and(|o| o.status.success());
    if !in_git {
        eprintln!("skipped: not in a git checkout with the fixtures committed");
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args([
            "diff",
            "git:HEAD:codegen/tests/fixtures/diff/apis/old",
            "git:HEAD:codegen/tests/fixtures/diff/apis/new",
            "--json",
        ])
        .current_dir(manifest())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["api_removed", "api_added"]);
    assert_eq!(doc["old"], "git:HEAD:codegen/tests/fixtures/diff/apis/old");
    // A revision that does not exist is an error.
    let bad = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["diff", "git:no-such-rev:schemas", "git:HEAD:schemas/ovh-eu"])
        .current_dir(manifest())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("git archive failed"));
}

/// The report says what the new set degrades, so an upgrade that loses typing is visible.
#[test]
fn degraded_items_of_the_new_set_are_reported() {
    let basic = manifest().join("tests/fixtures/basic");
    let tolerant = manifest().join("tests/fixtures/tolerant");
    let r = diff::diff_dirs(&basic, &tolerant, "basic", "tolerant").unwrap();
    assert!(
        r.degraded
            .iter()
            .any(|d| d.contains("odd.json") && d.contains("unknown type `odd.Missing`")),
        "{:#?}",
        r.degraded
    );
    let md = diff::markdown::render(&r);
    assert!(
        md.contains(&format!("The new set has {} item(s)", r.degraded.len())),
        "{md}"
    );
    let json: serde_json::Value = serde_json::from_str(&diff::json::render(&r)).unwrap();
    assert_eq!(json["degraded"].as_array().unwrap().len(), r.degraded.len());
    // The other way round, nothing degrades.
    let back = diff::diff_dirs(&tolerant, &basic, "tolerant", "basic").unwrap();
    assert!(back.degraded.is_empty());
}
