//! Golden tests: the fixture schemas under `tests/fixtures/<set>/` must generate exactly the
//! files checked in under `tests/golden/<set>/` (`features.toml` holds the Cargo feature
//! lines). `UPDATE_GOLDEN=1 cargo test -p codegen --test golden` rewrites them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_tree(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    out
}

fn golden(set: &str) {
    let dir = manifest().join("tests/fixtures").join(set);
    // `basic` is console schemas (/1.0); `openapi` and `resources` are OpenAPI documents (/v2).
    let (_, output) = if matches!(set, "openapi" | "resources") {
        codegen::generate_sets(None, Some(&dir))
    } else {
        codegen::generate(&dir)
    }
    .unwrap_or_else(|e| panic!("fixture set {set} does not generate: {e}"));
    let mut expected = output.files.clone();
    expected.insert("features.toml".into(), output.features.clone());
    let dir = manifest().join("tests/golden").join(set);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        for (rel, content) in &expected {
            let p = dir.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, content).unwrap();
        }
        return;
    }
    let actual = read_tree(&dir);
    let mut problems = Vec::new();
    for (rel, content) in &expected {
        match actual.get(rel) {
            None => problems.push(format!("{rel}: missing from golden")),
            Some(a) if a != content => {
                let line = a
                    .lines()
                    .zip(content.lines())
                    .position(|(x, y)| x != y)
                    .map_or_else(|| "length".to_string(), |n| format!("line {}", n + 1));
                problems.push(format!("{rel}: differs at {line}"));
            }
            Some(_) => {}
        }
    }
    for rel in actual.keys() {
        if !expected.contains_key(rel) {
            problems.push(format!("{rel}: in golden but no longer generated"));
        }
    }
    assert!(
        problems.is_empty(),
        "generated output differs from tests/golden/{set} (rerun with UPDATE_GOLDEN=1 and review the diff):\n{}",
        problems.join("\n")
    );
}

#[test]
fn basic_fixture_matches_golden() {
    golden("basic");
}

/// APIs, nodes and setters named like what the runtime already defines (`Client::endpoint`,
/// `Client::builder`, `Client::new`, `Client::request`, `Clone::clone`, `.send()`,
/// `.header()`, the imported `Method` and `PathNode`, the prelude's `Send`): each takes a suffix,
/// methods reported as renamed.
#[test]
fn clashing_names_are_renamed_and_reported() {
    golden("clashes");
    let (program, output) = codegen::generate(&manifest().join("tests/fixtures/clashes")).unwrap();
    let root = &output.files["src/generated/api/mod.rs"];
    for api in ["endpoint", "builder", "new", "request"] {
        assert!(
            root.contains(&format!("pub fn {api}_2(&self) -> {api}::")),
            "{api}: {root}"
        );
    }
    // `send` is no Client method: it keeps its name.
    assert!(root.contains("pub fn send(&self) -> send::"), "{root}");
    let new = &output.files["src/generated/api/new.rs"];
    assert!(new.contains("pub fn clone_2(&self)"), "{new}");
    let builder = &output.files["src/generated/api/builder.rs"];
    for setter in ["send_2", "header_2", "retry_policy_2"] {
        assert!(
            builder.contains(&format!("pub fn {setter}(self")),
            "{builder}"
        );
    }
    assert!(output.files["src/generated/api/request.rs"].contains("pub struct Method2("));
    assert!(output.files["src/generated/api/endpoint.rs"].contains("pub struct PathNode2("));
    // Schema members keep their names; the model's `crate::Wire` takes the next free one, and
    // its passwords are redacted by `debug_object!` (not a derived `Debug`), a password query
    // parameter in the request's `Debug`.
    let holder = &output.files["src/generated/models/send.rs"];
    for field in [
        "pub wire: Option<String>",
        "pub unknown: Option<String>",
        "pub extra: Option<i64>",
        "pub unknown_members: Option<bool>",
        "pub wire_2: crate::Wire",
        "encode_object!(Holder, wire_2 {",
        "debug_object!(",
        "Holder { extra, keys secret, secret_key secret, unknown,",
    ] {
        assert!(holder.contains(field), "{field}: {holder}");
    }
    assert!(!holder.contains("derive(Debug"), "{holder}");
    let send = &output.files["src/generated/api/send.rs"];
    assert!(
        send.contains(r#".query("token", token).redact_query("token")"#),
        "{send}"
    );
    // `Send` is written unqualified in the module (by `get_request!`): the node is `Send2`.
    assert!(output.files["src/generated/api/send.rs"].contains("pub struct Send2("));
    let renamed = &program.stats.renamed;
    for expected in [
        "/endpoint: method `endpoint` is a `Client` method, named `endpoint_2`",
        "/new/{id}/clone: method `clone` is a method every path node has, named `clone_2`",
        "GET /builder: setter `send` is a method of every request, named `send_2`",
    ] {
        assert!(
            renamed.iter().any(|r| r == expected),
            "{expected}: {renamed:#?}"
        );
    }
    assert!(program.degraded.is_empty(), "{:?}", program.degraded);
}

#[test]
fn tolerant_fixture_matches_golden() {
    golden("tolerant");
}

/// The `tolerant` set holds a construct of every kind the generator degrades; each is listed.
#[test]
fn tolerant_fixture_reports_every_degradation() {
    let (program, _) =
        codegen::generate(&manifest().join("tests/fixtures/tolerant")).expect("generates");
    let listed: Vec<String> = program.degraded.iter().map(ToString::to_string).collect();
    for (at, what) in [
        ("apis[0].operations[0].parameters[1].paramType", "`header`"),
        ("apis[0].operations[1].httpMethod", "OPTIONS"),
        ("apis[0].operations[2].apiStatus.value", "SUNSET"),
        (
            "apis[0].operations[2]",
            "both an unnamed body and named body parameters",
        ),
        (
            "apis[0].operations[2].responseType",
            "unknown type `odd.Missing`",
        ),
        (
            "apis[1].operations[1].parameters[1].dataType",
            "takes 1 generic argument(s), 2 given",
        ),
        ("apis[1].operations[1].parameters[2].fullType", "map[string"),
        ("apis[2].path", "outside the API"),
        ("models[\"odd.Flags\"].enumType", "boolean"),
        ("models[\"odd.Shapeless\"]", "neither"),
        (
            "models[\"odd.Service\"].properties[\"unknown\"].type",
            "odd.NotDefined",
        ),
        (
            "models[\"odd.Service\"].properties[\"badGeneric\"].type",
            "takes 1 generic",
        ),
        (
            "models[\"odd.Service\"].properties[\"weird\"]",
            "expected an object",
        ),
        (
            "models[\"odd.Service\"].properties[\"noType\"].fullType",
            "no type",
        ),
    ] {
        assert!(
            listed.iter().any(|d| d.starts_with("odd.json")
                && d.contains(&format!("`{at}`"))
                && d.contains(what)),
            "{at} ({what}) not reported in {listed:#?}"
        );
    }
}

/// One API written in both formats (`tests/fixtures/both/console/` and
/// `tests/fixtures/both/openapi/`: generic copies, `allOf` references, `nullable`, `readOnly`,
/// formats, enums, deprecation, badges, IAM actions, an unsigned operation, named body
/// parameters): the generated code is byte for byte the same, and golden.
#[test]
fn both_formats_generate_identical_code() {
    golden("both/console");
    let read = |side: &str| {
        let dir = manifest().join("tests/fixtures/both").join(side);
        let (program, output) = codegen::generate(&dir).unwrap();
        assert!(
            program.degraded.is_empty(),
            "{side}: {:?}",
            program.degraded
        );
        output
    };
    let (console, openapi) = (read("console"), read("openapi"));
    assert_eq!(console.features, openapi.features);
    assert_eq!(
        console.files.keys().collect::<Vec<_>>(),
        openapi.files.keys().collect::<Vec<_>>()
    );
    for (rel, text) in &console.files {
        assert_eq!(
            text, &openapi.files[rel],
            "{rel} differs between the formats"
        );
    }
}

/// A /1.0 folder of both formats: a console file and an OpenAPI document listed in
/// `index.json`, an unlisted /1.0 document (the `/v1` alias, in a subfolder), a /v2 document,
/// a document without `servers`, a stray JSON file; a model defined by both formats.
#[test]
fn mixed_folder_matches_golden_and_reports() {
    golden("mixed");
    let dir = manifest().join("tests/fixtures/mixed");
    let (program, output) = codegen::generate(&dir).unwrap();
    let apis: Vec<&str> = program.apis.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(
        apis,
        ["/shop", "/stock", "/v2/gadget", "/nobranch", "/tools/box"]
    );
    let summary = codegen::summary(&program, &output);
    for line in [
        "read:                 1 console file(s), 3 OpenAPI document(s) of /1.0, 1 of /v2",
        "  shop.Product (shop.json, stock.json)",
        "  nobranch.json: no `servers`: read as an API of the /1.0 branch, the branch of its folder",
        "  notes.json: not listed in index.json and not an OpenAPI document: ignored",
        "degraded:             0",
    ] {
        assert!(summary.contains(line), "{line:?} not in\n{summary}");
    }
    // Spaces and line breaks as prettyplease lays the calls out are left out.
    let compact = |file: &str| output.files[file].split_whitespace().collect::<String>();
    let stock = compact("src/generated/api/stock.rs");
    assert!(
        stock.contains(r#"request(Method::Get,"/stock/{serviceName}",&["stock:apiovh:get"])"#),
        "{stock}"
    );
    let gadget = compact("src/generated/api/v2_gadget.rs");
    assert!(
        gadget.contains(r#"request(Method::Get,"/v2/gadget",&[])"#),
        "{gadget}"
    );
    let product = &output.files["src/generated/models/shop.rs"];
    assert!(product.contains("pub origin: Option<String>"), "{product}");
}

#[test]
fn openapi_fixture_matches_golden() {
    golden("openapi");
}

#[test]
fn openapi_oddities_generate_and_degrade_with_their_location() {
    let dir = manifest().join("tests/fixtures/openapi");
    let (program, output) = codegen::generate_sets(None, Some(&dir)).unwrap();
    let (_, again) = codegen::generate_sets(None, Some(&dir)).unwrap();
    assert_eq!(output, again, "deterministic");
    let degraded: Vec<String> = program.degraded.iter().map(|d| d.to_string()).collect();
    let has = |at: &str, what: &str| {
        assert!(
            degraded.iter().any(|d| d.contains(at) && d.contains(what)),
            "no degradation at {at} ({what}) in:\n{}",
            degraded.join("\n")
        )
    };
    has("/paths/~1oddApi~1thing/get/parameters/7/in", "`cookie`");
    has(
        "/paths/~1oddApi~1thing/get/parameters/4/style",
        "deepObject",
    );
    has("/paths/~1oddApi~1thing~1{thingId}/options", "OPTIONS");
    has("/components/schemas/odd.Weird/type", "`file`");
    has("properties/elsewhere/$ref", "other.json");
    has("content/text~1plain", "not JSON");
    assert!(degraded
        .iter()
        .all(|d| d.starts_with("v2/oddApi.json: at `/")));
    let api = &output.files["src/generated/api/v2_odd_api.rs"];
    assert!(api.contains("document version `2.3`"));
    assert!(
        api.contains("body: &models::v2::odd_api::ThingPatchRequest,"),
        "{api}"
    );
    assert!(api.contains(".header_value(\"X-Request-Id\", x_request_id)"));
    assert!(api.contains("query_exploded(\"tag\", tag)"));
    assert!(api.contains(".query(\"mode\", mode)"));
    assert!(api.contains("crate::Paged<models::v2::odd::Thing>"));
    assert!(api.contains("**Internal use only**"));
    assert!(api.contains("note = \"deprecated by OVH since 2025-01-01, removal planned 2025-06-01; use /v2/oddApi/thing/{thingId}/details\""));
    assert!(api.contains(".unsigned()"));
    assert!(api.contains("pub fn stats(&self)"));
    let thing = &output.files["src/generated/models/v2/odd.rs"];
    // Unions: tagged by a discriminator (implicit and explicit mapping), told apart by JSON
    // kind (integer before number), recursive through a struct (boxed), and one that cannot
    // be told apart (degraded).
    assert!(thing.contains(
        r#"tagged_union!(Shape, Other, "kind" { "odd.Circle" => Circle, "odd.Square" => Square });"#
    ));
    assert!(
        thing.contains(r#"tagged_union!(Pet, Other, "petType" { "cat" => Cat, "dog" => Dog });"#)
    );
    assert!(thing
        .contains("untagged_union!(ThingEither, Other { String : String, Integer : Integer });"));
    assert!(thing
        .contains("untagged_union!(ThingCount, Other { Integer : Integer, Number : Number });"));
    assert!(thing.contains("pub child: Option<Box<Branch>>"));
    assert!(thing.contains("pub type Ambiguous = serde_json::Value;"));
    has(
        "/components/schemas/odd.Ambiguous/anyOf/1",
        "two variants of the JSON kind object and no discriminator",
    );
    assert!(thing.contains("pub enum Level {") && thing.contains("Other(i64)"));
    assert!(thing.contains("pub enum Ratio {"));
    assert!(thing.contains("pub nested: Option<Vec<ThingNested>>"));
    assert!(thing.contains("pub children: Option<Vec<ThingNestedChildren>>"));
    assert!(thing.contains("pub labels: Option<std::collections::BTreeMap<String, String>>"));
    assert!(thing.contains("pub parent: Option<Box<Task>>"));
    assert!(thing.contains("pub extra: i64"));
    assert!(thing.contains("OVH name: `odd.Thing`"));
    assert!(output.files.contains_key("src/generated/examples.rs"));
}

#[test]
fn generation_is_deterministic() {
    let dir = manifest().join("tests/fixtures/basic");
    let (_, a) = codegen::generate(&dir).unwrap();
    let (_, b) = codegen::generate(&dir).unwrap();
    assert_eq!(a, b);
}

/// Loads the golden output of the basic set (after the golden test has had its say).
fn basic_file(rel: &str) -> String {
    let (_, output) = codegen::generate(&manifest().join("tests/fixtures/basic")).unwrap();
    output
        .files
        .get(rel)
        .cloned()
        .unwrap_or_else(|| panic!("{rel} not generated"))
}

#[test]
fn traps_are_handled() {
    let nichandle = basic_file("src/generated/models/nichandle.rs");
    // Names equal but for case: the conventional spelling keeps the name.
    assert!(nichandle.contains("pub struct EmailNotification {"));
    assert!(nichandle.contains("pub struct EmailNotification2 {"));
    assert!(nichandle.contains("OVH name: `nichandle.emailNotification`"));
    // Keywords as fields keep their wire name.
    assert!(nichandle.contains("pub r#type: String"));
    // Enum catch-all (renamed when a value is already called "other"), numeric enums.
    assert!(nichandle.contains("UnknownValue(String)"));
    assert!(nichandle.contains("SelfValue,"));
    assert!(nichandle.contains("Other(i64)"));
    assert!(nichandle.contains("Minus1"));
    // Namespace that is also a type name; Option would shadow the prelude.
    let cdn = basic_file("src/generated/models/cdn.rs");
    assert!(cdn.contains("pub struct Domain {"));
    assert!(cdn.contains("pub option: crate::models::cdn::domain::DomainOption"));
    // Generic parameters inside arrays.
    let ct = basic_file("src/generated/models/complex_type.rs");
    assert!(ct.contains("pub struct ChartSerie<T>"));
    assert!(ct.contains("pub values: Option<Vec<T>>"));
    let me = basic_file("src/generated/api/me.rs");
    assert!(me.contains(
        "Vec<models::complex_type::ChartSerie<models::complex_type::UnitAndValue<i64>>>"
    ));
    // Paths mapping to the same Rust name.
    assert!(me.contains("pub fn a_b(&self)") && me.contains("pub fn a_b_2(&self)"));
    // A segment named like a verb of its parent node.
    assert!(me.contains("pub fn delete(&self)") && me.contains("pub fn delete_2(&self)"));
    // A setter named like a method every request wrapper has (`header`) takes a suffix.
    assert!(me.contains("pub fn header_2(self, header_2: &str) -> Self"));
    assert!(me.contains(".query(\"header\", header_2)"));
    // Keyword path segment and parameter.
    assert!(me.contains("pub fn self_(&self)"));
    assert!(me.contains("pub fn r#type(&self, r#type: models::nichandle::StateEnum)"));
    // Deprecated with replacement, unsigned call.
    assert!(me.contains("#[deprecated("));
    assert!(me.contains("use /me/bill/{billId}/cancel"));
    assert!(me.contains(".unsigned()"));
    // Shared model merged from three files, compiled for any of them.
    let service = basic_file("src/generated/models/service.rs");
    assert!(service.contains("pub renew: Option<bool>") || service.contains("pub renew: bool"));
    assert!(service.contains("Suspended") && service.contains("Expired"));
    assert!(service.contains("Other(String)"));
    // Named body parameters: required ones are arguments after the query ones, optional ones
    // setters; a body parameter named like a query parameter gets a `body_` prefix; an array
    // body is a slice.
    let email = basic_file("src/generated/api/email_domain.rs");
    assert!(email.contains("pub fn post(&self, body_type: &str, account_id: &str)"));
    assert!(email.contains(".body_object()"));
    assert!(email.contains(".body_field(\"type\", body_type)"));
    assert!(email.contains("Self(self.0.map(|r| r.query(\"type\", r#type)))"));
    assert!(email.contains("Self(self.0.map(|r| r.body_field(\"note\", note)))"));
    assert!(email.contains("pub fn put(&self, body: &[String])"));
    // Without a description the `METHOD /path` line is the first paragraph, printed once.
    assert_eq!(email.matches("`PUT /email/domain/{domain}/acl`").count(), 1);
    // Deprecation dates keep their day whatever the time format.
    assert!(email.contains("since 2021-12-01, removal planned 2022-06-01"));
    // `Default` only when it cannot hide a required writable field.
    let email_models = basic_file("src/generated/models/email/domain.rs");
    assert!(email_models.contains(
        "#[cfg_attr(not(doc), derive(Debug, Clone, PartialEq))]\npub struct AclCreation {"
    ));
    assert!(email_models.contains(
        "#[cfg_attr(not(doc), derive(Debug, Clone, PartialEq, Default))]\npub struct TaskSpecialAccount {"
    ));
    // rustdoc's build gets the same impls without bodies, one `doc_derives!` line per gate and
    // trait list at the end of the file.
    assert!(email_models.contains("doc_derives!(Debug, Clone, PartialEq for AclCreation"));
    // Decoding is `decode_object!`, one field per line with how a missing member reads: a
    // plain value its empty value, an `Option` `None`, anything else an error.
    assert!(email_models.contains(
        "decode_object!(AclCreation, wire {\n    \"accountId\" => account_id or_default,\n    \"note\" => note optional,\n});"
    ));
    let generic = basic_file("src/generated/models/complex_type.rs");
    assert!(generic.contains("\"value\" => value required,"));
    assert!(generic.contains("decode_object!(UnitAndValue<T>, wire {"));
    // No file for an API without paths; its feature still exists.
    let (_, output) = codegen::generate(&manifest().join("tests/fixtures/basic")).unwrap();
    assert!(!output.files.keys().any(|k| k.contains("cloud_db")));
    assert!(output.features.contains("cloud-db = []"));
}

/// Operations answering an OVH task (`tests/fixtures/tasks/`): linked to the task `GET` of
/// their API whose parameters they have (the nearest of two), the task `GET`s to themselves;
/// an operation no task `GET` fits (no `serviceName`, or another API's task) stays a plain
/// request and is counted; a `GET` that is no task `GET` (`lastTask`) too; a status typed as
/// a plain string; `vrack.Task` is gone once done.
#[test]
fn tasks_fixture_matches_golden_and_links() {
    golden("tasks");
    let (program, output) = codegen::generate(&manifest().join("tests/fixtures/tasks")).unwrap();
    assert!(program.degraded.is_empty(), "{:?}", program.degraded);
    let tasks = &program.stats.tasks;
    let linked: Vec<(&str, usize, usize)> = tasks
        .linked
        .iter()
        .map(|(f, c)| (f.as_str(), c.answers, c.gets))
        .collect();
    assert_eq!(
        linked,
        [
            ("vrack.Task", 1, 1),
            ("widget.Operation", 1, 1),
            ("widget.Task", 4, 2)
        ]
    );
    assert_eq!(
        tasks.unlinked,
        [
            "POST /vrack/{serviceName}/widgetTask answers widget.Task",
            "POST /widget/pool/{poolId}/flush answers widget.Task",
        ]
    );
    assert!(program.models["widget.Event"].task.is_none());
    let summary = codegen::summary(&program, &output);
    assert!(
        summary.contains("task families:        3 (6 operations answering a task linked to a task GET, 4 task GETs; unlinked: 2)\n  vrack.Task: 1 + 1 task GET(s)\n"),
        "{summary}"
    );
    // Spaces, line breaks and trailing commas as prettyplease lays the calls out are left out.
    let compact = |file: &str| {
        let text = output.files[file].split_whitespace().collect::<String>();
        text.replace(",)", ")").replace(",]", "]")
    };
    let widget = compact("src/generated/api/widget.rs");
    for expected in [
        // The disk's operations poll the disk's task GET, the others the widget's.
        r#"crate::Request::with_task(self.0.request(Method::Delete,"/widget/{serviceName}/disk/{diskId}",&["widget:apiovh:disk/delete"]),self.0.task_poll("/widget/{serviceName}/disk/{diskId}/task/{taskId}",&["widget:apiovh:disk/task/get"]))"#,
        r#"self.0.task_poll("/widget/{serviceName}/task/{taskId}",&["widget:apiovh:task/get"])"#,
        "pubfnpost(&self)->crate::TaskRequest<models::widget::Task>",
        "pubstructServiceNameReinstallPostRequest(crate::TaskRequest<models::widget::Task>);",
        "crate::runtime::contract::task_request!(ServiceNameReinstallPostRequest,models::widget::Task);",
        "Answersatask:`.wait()`polls`GET/widget/{serviceName}/task/{taskId}`untilitfinishes.",
        // Unlinked and non-task GETs stay plain requests.
        r#"pubfnpost(&self)->crate::Request<models::widget::Task>{crate::Request::new(self.0.request(Method::Post,"/widget/pool/{poolId}/flush""#,
        // A GET that is no task GET: sent again on demand, like every other GET.
        "pubfnget(&self)->crate::GetRequest<models::widget::Task>{crate::Request::reread(self.0.request(Method::Get,\"/widget/{serviceName}/lastTask\"",
    ] {
        assert!(widget.contains(expected), "{expected}\n{widget}");
    }
    let models = compact("src/generated/models/widget.rs");
    for expected in [
        r#"implcrate::TaskModelforTask{constFAMILY:crate::TaskFamily=crate::TaskFamily::new("widget.Task","taskId","status").messages(&["comment","note"]).success(&["done"]).failure(&["cancelled","customerError","in-error","ovhError"]).pending(&["doing","init","todo","waitingForChilds"]);}"#,
        r#"implcrate::TaskModelforOperation{constFAMILY:crate::TaskFamily=crate::TaskFamily::new("widget.Operation","id","state").messages(&["message"]);}"#,
    ] {
        assert!(models.contains(expected), "{expected}\n{models}");
    }
    assert!(!models.contains("TaskModelforEvent"));
    let vrack = compact("src/generated/models/vrack.rs");
    assert!(
        vrack.contains(r#".pending(&["doing","init","todo"]).gone_means_done();"#),
        "{vrack}"
    );
}

/// /v2 resources (`tests/fixtures/resources/`): every `GET` but a paginated list is a
/// `GetRequest` (`get_request!` for a wrapper, with `resource` for a resource's); `fleet.Robot`
/// and `fleet.Dock` are resource models; a `POST` into a collection and a `PUT` wait for their
/// resource, a `DELETE` for its `GET` to answer 404 (wrappers: `resource_request!`,
/// `delete_request!`); a `POST` whose resource no `GET` of its path reads stays a plain request (`duplicate`);
/// the robot and the dock get `modify`, the dock's renamed `modify_2` (its path has a child
/// `modify`).
#[test]
fn resources_fixture_matches_golden_and_links() {
    golden("resources");
    let dir = manifest().join("tests/fixtures/resources");
    let (program, output) = codegen::generate_sets(None, Some(&dir)).unwrap();
    assert!(program.degraded.is_empty(), "{:?}", program.degraded);
    let r = &program.stats.resources;
    assert_eq!(
        (r.models, r.ready_gets, r.answers, r.deletes),
        (2, 2, 4, 2),
        "{r:?}"
    );
    assert_eq!(
        r.modify,
        ["/v2/fleet/dock/{dockId}", "/v2/fleet/robot/{robotId}"]
    );
    assert!(program.models["v2.fleet.Robot"].resource);
    assert!(!program.models["v2.fleet.RobotUpdate"].resource);
    let summary = codegen::summary(&program, &output);
    for expected in [
        "resources:            2 resource models, 2 GETs with wait_ready, 4 POST/PUT linked, 2 DELETE linked, 2 modify node(s): /v2/fleet/dock/{dockId}, /v2/fleet/robot/{robotId}\n",
        "/v2/fleet/dock/{dockId}: method `modify` is taken by the path `/v2/fleet/dock/{dockId}/modify`, named `modify_2`",
    ] {
        assert!(summary.contains(expected), "{expected}\n{summary}");
    }
    // Spaces, line breaks and trailing commas as prettyplease lays the calls out are left out.
    let compact = |file: &str| {
        let text = output.files[file].split_whitespace().collect::<String>();
        text.replace(",)", ")").replace(",]", "]")
    };
    let fleet = compact("src/generated/api/v2_fleet.rs");
    for expected in [
        // GETs: sent again on demand; a resource's can wait_ready; a list stays Paged.
        r#"pubfnget(&self)->crate::GetRequest<models::v2::fleet::Robot>{crate::Request::reread(self.0.request(Method::Get,"/v2/fleet/robot/{robotId}",&["fleet:apiovh:robot/get"]))}"#,
        "pubfnget(&self)->crate::Paged<models::v2::fleet::Robot>",
        "crate::runtime::contract::get_request!(RobotIdEventGetRequest,Vec<models::v2::fleet::Event>);",
        "crate::runtime::contract::get_request!(DockIdGetRequest,models::v2::fleet::Dock,resource);",
        "A/v2resource:`.wait_ready()`pollsituntilits`resourceStatus`is`READY`.",
        // POST into the collection, PUT: the resource's GET.
        r#"pubfnpost(&self,body:&models::v2::fleet::RobotCreation)->crate::ResourceRequest<models::v2::fleet::Robot>{crate::Request::with_resource(self.0.request(Method::Post,"/v2/fleet/robot",&["fleet:apiovh:robot/create"]).body(body),self.0.resource_poll("/v2/fleet/robot/{robotId}",&["fleet:apiovh:robot/get"]))}"#,
        r#"crate::Request::with_resource(self.0.request(Method::Put,"/v2/fleet/robot/{robotId}",&["fleet:apiovh:robot/edit"]).body(body),self.0.resource_poll("/v2/fleet/robot/{robotId}",&["fleet:apiovh:robot/get"]))"#,
        "crate::runtime::contract::resource_request!(DockPostRequest,models::v2::fleet::Dock);",
        "Answersa/v2resource:`.wait()`polls`GET/v2/fleet/robot/{robotId}`untilitis`READY`.",
        // DELETE: until the GET answers 404.
        r#"pubfndelete(&self)->crate::DeleteRequest<()>{crate::Request::with_gone(self.0.request(Method::Delete,"/v2/fleet/robot/{robotId}",&["fleet:apiovh:robot/delete"]),self.0.resource_poll("/v2/fleet/robot/{robotId}",&["fleet:apiovh:robot/get"]))}"#,
        "crate::runtime::contract::delete_request!(DockIdDeleteRequest,models::v2::fleet::Dock);",
        "Deletesa/v2resource:`.wait()`polls`GET/v2/fleet/dock/{dockId}`untilitanswers404.",
        // No GET reads what the duplicate answers: a plain request.
        r#"pubfnpost(&self)->crate::Request<models::v2::fleet::Robot>{crate::Request::new(self.0.request(Method::Post,"/v2/fleet/robot/{robotId}/duplicate""#,
        // modify: the GET and PUT, the PUT body's targetSpec type; renamed beside a child `modify`.
        r#"pubfnmodify(&self,change:implFnMut(&mutmodels::v2::fleet::RobotTargetSpec)+Send+'static)->crate::SendFuture<models::v2::fleet::Robot>{self.0.modify(("/v2/fleet/robot/{robotId}",&["fleet:apiovh:robot/get"]),("/v2/fleet/robot/{robotId}",&["fleet:apiovh:robot/edit"]),change)}"#,
        "pubfnmodify_2(&self,change:implFnMut(&mutmodels::v2::fleet::DockTargetSpec)+Send+'static)->crate::SendFuture<models::v2::fleet::Dock>",
        "Named`modify_2`:thename`modify`istakenbythepath`/v2/fleet/dock/{dockId}/modify`.",
        "pubfnmodify(&self)->DockIdModify",
    ] {
        assert!(fleet.contains(expected), "{expected}\n{fleet}");
    }
    let models = compact("src/generated/models/v2/fleet.rs");
    for expected in [
        "implcrate::ResourceModelforRobot{}",
        "implcrate::ResourceModelforDock{}",
    ] {
        assert!(models.contains(expected), "{expected}\n{models}");
    }
    assert!(!models.contains("ResourceModelforRobotUpdate"));
}

/// The module file a `pub mod name;` of `parent` declares (`api/mod.rs` → `api/name.rs`,
/// `models/a.rs` → `models/a/name.rs`).
fn child_file(parent: &str, name: &str) -> String {
    match parent.strip_suffix("/mod.rs") {
        Some(dir) => format!("{dir}/{name}.rs"),
        None => format!("{}/{name}.rs", parent.trim_end_matches(".rs")),
    }
}

/// rustdoc prints a module's outer docs (`///` on its `mod` line) followed by its file's
/// inner docs (`//!`): a generated module is documented in one of the two places only, so
/// that its page does not say its first sentence twice.
#[test]
fn no_module_is_documented_twice() {
    for set in ["basic", "tasks", "clashes", "tolerant"] {
        let (_, output) = codegen::generate(&manifest().join("tests/fixtures").join(set)).unwrap();
        let mut checked = 0;
        for (path, text) in &output.files {
            let mut outer = false;
            for line in text.lines().map(str::trim) {
                if let Some(name) = line
                    .strip_prefix("pub mod ")
                    .and_then(|l| l.strip_suffix(';'))
                {
                    let child = &output.files[&child_file(path, name.trim_start_matches("r#"))];
                    let inner = child.lines().any(|l| l.starts_with("//!"));
                    assert!(!(outer && inner), "{set}: {path}: `{name}` has both");
                    checked += 1;
                }
                if line.starts_with("///") {
                    outer = true;
                } else if !line.starts_with("#[") {
                    outer = false;
                }
            }
        }
        assert!(checked > 2, "{set}: no module declarations found");
    }
}

/// `dedicated.server.Task.status` is a `dedicated.TaskStatusEnum`: the enum is re-exported in
/// `models::dedicated::server`; `dedicated.BurstStatusEnum` is not (the module has a
/// `BurstStatusEnum` of its own).
#[test]
fn enums_of_a_parent_namespace_are_reexported_unless_the_name_is_taken() {
    let server = basic_file("src/generated/models/dedicated/server.rs");
    assert!(
        server.contains("pub use crate::models::dedicated::TaskStatusEnum;"),
        "{server}"
    );
    assert!(!server.contains("pub use crate::models::dedicated::BurstStatusEnum"));
    assert!(server.contains("pub burst: Option<crate::models::dedicated::BurstStatusEnum>"));
}

/// A field without description says what its type tells; one with a description keeps it.
#[test]
fn undescribed_fields_say_what_their_type_tells() {
    let server = basic_file("src/generated/models/dedicated/server.rs");
    for expected in [
        "/// The `doneDate` field: a date and time, RFC 3339 (`2024-01-02T10:00:00+01:00`). `None` when absent or `null`.\n    ///\n    /// Read-only: set by OVH, never sent in a request body.\n    pub done_date",
        "/// The `plannedDay` field: a date, `YYYY-MM-DD` (`2024-01-02`).",
        "/// The `ips` field, a list: each item is an IPv4 address (`192.0.2.1`).",
        // Linked by its name where the module sees it (here, re-exported), else by its path:
        // rustdoc rejects a link target its label already resolves to.
        "/// The `status` field: one of the values of [`TaskStatusEnum`]: `cancelled`, `doing`, `done`, `init`, `todo`.",
        "/// The `serviceStatus` field: one of the values of [`crate::models::service::StatusEnum`]: `ok`, `expired`, `suspended`.",
        "/// The `rescuePassword` field. `None` when absent or `null`.\n    ///\n    /// A password:",
        "/// The `comment` field. Absent or `null` reads as `\"\"`.\n    pub comment: String,",
        "/// The `ips` field, a list: each item is an IPv4 address (`192.0.2.1`). Absent or `null` reads as an empty list.",
        "/// The task's id\n",
        "/// Task creation date\n    ///\n    /// Format: a date and time, RFC 3339 (`2024-01-02T10:00:00+01:00`).\n    ///\n    /// Read-only",
    ] {
        assert!(server.contains(expected), "{expected}\n{server}");
    }
}

/// Date query parameters say the text OVH expects and what the schema says of the bound.
#[test]
fn date_parameters_say_their_format_and_inclusivity() {
    let api = basic_file("src/generated/api/dedicated_server.rs");
    let doc_of = |setter: &str| {
        let end = api.find(&format!("pub fn {setter}(")).expect(setter);
        let start = api[..end].rfind("\n\n").unwrap();
        api[start..end].to_string()
    };
    let from = doc_of("date_from");
    assert!(from.contains("Format: a date and time, RFC 3339 (`2024-01-02T10:00:00+01:00`)."));
    assert!(
        from.contains("The bound is inclusive (the schema says `>=`)"),
        "{from}"
    );
    assert!(doc_of("date_to").contains("The bound is inclusive (the schema says `<=`)"));
    assert!(doc_of("until").contains("The schema does not say whether this bound is inclusive"));
    let day = doc_of("planned_day");
    assert!(
        day.contains("Format: a date, `YYYY-MM-DD` (`2024-01-02`)."),
        "{day}"
    );
    assert!(!day.contains("bound"), "{day}");
}

/// Generated code reaches the runtime through one module, `runtime::contract`: a runtime file
/// can move without regenerating anything. Checked on the committed output and every golden.
#[test]
fn generated_code_names_one_runtime_module() {
    fn visit(dir: &Path, found: &mut BTreeMap<String, PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (at, _) in text.match_indices("crate::runtime::") {
                    let rest = &text[at + "crate::runtime::".len()..];
                    let module: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                        .collect();
                    found.entry(module).or_insert_with(|| path.clone());
                }
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = BTreeMap::new();
    visit(&root.join("../ovh-api/src/generated"), &mut found);
    visit(&root.join("tests/golden"), &mut found);
    let modules: Vec<&String> = found.keys().collect();
    assert_eq!(modules, ["contract"], "first seen in: {found:?}");
}
