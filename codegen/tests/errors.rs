//! Unreadable input (a missing file, text that is not JSON) is a typed error naming the file;
//! anything else the generator does not understand degrades that one item to an untyped form
//! and is reported with its file and JSON location. Never a panic.

use std::path::Path;

use codegen::ir::{Degraded, ModelKind, Program};
use codegen::types::TypeRef;
use codegen::Error;

/// Writes an index listing `/x` and the given `x.json`, then generates.
fn generate_with(x_json: &str) -> Result<Program, Error> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.json"),
        r#"{"apis": [{"path": "/x", "schema": "/x.{format}"}], "basePath": "b"}"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("x.json"), x_json).unwrap();
    codegen::generate(dir.path()).map(|(program, _)| program)
}

/// Generates (which must succeed) and returns the degraded items.
fn degraded(x_json: &str) -> Vec<Degraded> {
    let program = generate_with(x_json).unwrap_or_else(|e| panic!("generation failed: {e}"));
    program.degraded
}

/// The one degraded item at `at` (in `x.json`).
fn at<'a>(list: &'a [Degraded], at: &str) -> &'a Degraded {
    let found: Vec<&Degraded> = list.iter().filter(|d| d.at == at).collect();
    assert_eq!(found.len(), 1, "expected one item at {at}, got {list:#?}");
    assert_eq!(found[0].file, "x.json");
    found[0]
}

const OP: &str = r#"{"httpMethod": "GET", "apiStatus": {"value": "PRODUCTION"}, "noAuthentication": false,
    "parameters": [], "responseType": "RESPONSE", "description": "d"}"#;

fn with_response(t: &str) -> String {
    format!(
        r#"{{"apis": [{{"path": "/x", "operations": [{}]}}], "models": {{}}}}"#,
        OP.replace("RESPONSE", t)
    )
}

fn get_op(program: &Program) -> &codegen::ir::Op {
    program
        .nodes
        .iter()
        .flat_map(|n| &n.ops)
        .next()
        .expect("one operation")
}

#[test]
fn invalid_json_names_file_and_position() {
    for text in ["{\"apis\": [", ""] {
        let err = generate_with(text).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, Error::Json { .. }), "{err:?}");
        assert!(msg.contains("x.json"), "{msg}");
        assert!(msg.contains("line 1"), "{msg}");
    }
}

#[test]
fn a_file_that_is_not_an_object_is_an_error() {
    let err = generate_with("[1, 2]").unwrap_err();
    assert!(matches!(err, Error::Json { .. }), "{err:?}");
    assert!(err.to_string().contains("x.json"), "{err}");
}

#[test]
fn operation_without_method_is_omitted_and_reported() {
    let json = with_response("void").replace(r#""httpMethod": "GET", "#, "");
    let list = degraded(&json);
    let d = at(&list, "apis[0].operations[0].httpMethod");
    assert!(d.what.contains("omitted"), "{d}");
}

#[test]
fn unsupported_method_and_parameter_place_are_reported() {
    let json = with_response("void").replace("\"GET\"", "\"OPTIONS\"");
    let list = degraded(&json);
    assert!(at(&list, "apis[0].operations[0].httpMethod")
        .what
        .contains("OPTIONS"));
    let json = with_response("void").replace(
        r#""parameters": []"#,
        r#""parameters": [{"name": "h", "paramType": "header", "dataType": "string"}]"#,
    );
    let list = degraded(&json);
    assert!(at(&list, "apis[0].operations[0].parameters[0].paramType")
        .what
        .contains("`header`"));
}

#[test]
fn unknown_type_becomes_json_value_and_names_its_location() {
    let program = generate_with(&with_response("nichandle.Missing[]")).unwrap();
    let d = at(&program.degraded, "apis[0].operations[0].responseType");
    assert!(d.what.contains("unknown type `nichandle.Missing`"), "{d}");
    assert_eq!(
        get_op(&program).response,
        TypeRef::Array(Box::new(TypeRef::Any))
    );
}

#[test]
fn unknown_property_type_names_model_and_property() {
    let json = r#"{"apis": [], "models": {"a.B": {"id": "B", "namespace": "a",
        "properties": {"p": {"type": "strng", "canBeNull": false, "readOnly": false}}}}}"#;
    let list = degraded(json);
    let d = at(&list, r#"models["a.B"].properties["p"].type"#);
    assert!(d.what.contains("`strng`"), "{d}");
}

#[test]
fn type_problems_name_the_field_the_type_was_read_from() {
    // `fullType` wins over `type` when both are given, so that is what the report names.
    let json = r#"{"apis": [], "models": {"a.B": {"id": "B", "namespace": "a",
        "properties": {"p": {"type": "string", "fullType": "strng", "canBeNull": false,
        "readOnly": false}}}}}"#;
    at(&degraded(json), r#"models["a.B"].properties["p"].fullType"#);
    let op = OP
        .replace(
            r#""parameters": []"#,
            r#""parameters": [{"name": "q", "paramType": "query",
        "dataType": "string", "fullType": "strng", "required": false}]"#,
        )
        .replace("RESPONSE", "void");
    let json = format!(r#"{{"apis": [{{"path": "/x", "operations": [{op}]}}], "models": {{}}}}"#);
    at(
        &degraded(&json),
        "apis[0].operations[0].parameters[0].fullType",
    );
    // Unparsable type text.
    at(
        &degraded(&with_response("map[string")),
        "apis[0].operations[0].responseType",
    );
    // A type that is not a string.
    let json = with_response("void").replace(r#""responseType": "void""#, r#""responseType": 7"#);
    at(&degraded(&json), "apis[0].operations[0].responseType");
}

#[test]
fn missing_schema_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.json"),
        r#"{"apis": [{"path": "/nope"}]}"#,
    )
    .unwrap();
    let err = codegen::generate(dir.path()).unwrap_err();
    assert!(matches!(err, Error::Io { .. }));
    assert!(err.to_string().contains("nope.json"));
}

#[test]
fn path_escaping_the_schema_dir_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.json"),
        r#"{"apis": [{"path": "/../etc"}]}"#,
    )
    .unwrap();
    assert!(matches!(
        codegen::generate(dir.path()),
        Err(Error::Invalid { .. })
    ));
    assert!(Path::new(dir.path()).exists());
}

/// A schema defining the generic model `key` (with `generics`, JSON) and, when `op_type` is
/// not empty, an operation returning `op_type`.
fn generic_schema(key: &str, generics: &str, op_type: &str) -> String {
    let apis = if op_type.is_empty() {
        String::new()
    } else {
        format!(
            r#"{{"path": "/x", "operations": [{}]}}"#,
            OP.replace("RESPONSE", op_type)
        )
    };
    format!(
        r#"{{"apis": [{apis}], "models": {{"{key}": {{"id": "G", "namespace": "a",
            "generics": {generics},
            "properties": {{"v": {{"type": "long", "canBeNull": false, "readOnly": false}}}}}}}}}}"#
    )
}

#[test]
fn unusable_generic_parameters_make_the_model_untyped() {
    for (key, generics, location) in [
        (
            "a.G<T U>",
            r#"["T U"]"#,
            r#"models["a.G<T U>"].generics[0]"#,
        ),
        ("a.G<X>", r#"["T", "T"]"#, "skip"),
        (
            "a.G<Option>",
            r#"["Option"]"#,
            r#"models["a.G<Option>"].generics[0]"#,
        ),
        ("a.G<t>", r#"["t"]"#, r#"models["a.G<t>"].generics[0]"#),
    ] {
        if location == "skip" {
            // Parameters that do not match the key: a copy, not a definition; nothing to type.
            generate_with(&generic_schema(key, generics, "")).unwrap();
            continue;
        }
        let program = generate_with(&generic_schema(key, generics, "a.G<long>")).unwrap();
        let d = at(&program.degraded, location);
        assert!(d.what.contains("generic parameter"), "{d}");
        assert!(matches!(program.models["a.G"].kind, ModelKind::Untyped));
        // References keep the model's name, without arguments.
        assert_eq!(
            get_op(&program).response,
            TypeRef::Model {
                name: "a.G".into(),
                args: vec![]
            }
        );
    }
}

#[test]
fn wrong_number_of_generic_arguments_is_reported() {
    for (ty, given) in [
        ("a.G<long,long>", 2),
        ("a.G", 0),
        ("a.G<a.G<long>,long>[]", 2),
    ] {
        let list = degraded(&generic_schema("a.G<T>", r#"["T"]"#, ty));
        let d = at(&list, "apis[0].operations[0].responseType");
        assert!(
            d.what
                .contains(&format!("`a.G` takes 1 generic argument(s), {given} given")),
            "{ty}: {d}"
        );
    }
    assert!(degraded(&generic_schema("a.G<T>", r#"["T"]"#, "a.G<long>[]")).is_empty());
}

#[test]
fn a_second_operation_with_one_method_on_a_path_is_omitted() {
    let json =
        format!(r#"{{"apis": [{{"path": "/x", "operations": [{OP}, {OP}]}}], "models": {{}}}}"#)
            .replace("RESPONSE", "void");
    let d = at(&degraded(&json), "apis[0].operations[1]").clone();
    assert!(d.what.contains("GET /x"), "{d}");
    // The same path listed twice in the file, each with a GET.
    let op = OP.replace("RESPONSE", "void");
    let json = format!(
        r#"{{"apis": [{{"path": "/x", "operations": [{op}]}}, {{"path": "/x", "operations": [{op}]}}], "models": {{}}}}"#
    );
    let d = at(&degraded(&json), "apis[1].operations[0]").clone();
    assert!(d.what.contains("GET /x"), "{d}");
}

#[test]
fn enum_types_from_other_enums_and_numbers() {
    let json = r#"{"apis": [], "models": {
        "coreTypes.CountryEnum": {"enum": ["fr", "de"], "enumType": "string"},
        "a.Countries": {"enum": ["fr"], "enumType": "coreTypes.CountryEnum"},
        "a.Sizes": {"enum": [64, "128"], "enumType": "long"},
        "a.Ratios": {"enum": [0.5, 1, "2.5"], "enumType": "double"},
        "a.SubSizes": {"enum": [64], "enumType": "a.Sizes"},
        "a.Dates": {"enum": ["2024-01-01"], "enumType": "date"},
        "a.Flags": {"enum": [true], "enumType": "boolean"},
        "a.Loop": {"enum": ["x"], "enumType": "a.Loop"},
        "a.Nowhere": {"enum": ["x"], "enumType": "a.Missing"}
    }}"#;
    let program = generate_with(json).unwrap();
    let kind = |w: &str| &program.models[w].kind;
    assert!(matches!(kind("a.Countries"), ModelKind::StringEnum { .. }));
    assert!(matches!(kind("a.Dates"), ModelKind::StringEnum { .. }));
    assert!(matches!(kind("a.SubSizes"), ModelKind::LongEnum { .. }));
    match kind("a.Ratios") {
        ModelKind::DoubleEnum { variants, .. } => {
            let values: Vec<f64> = variants.iter().map(|(_, v)| *v).collect();
            assert_eq!(values, [0.5, 1.0, 2.5]);
        }
        other => panic!("{other:?}"),
    }
    for w in ["a.Flags", "a.Loop", "a.Nowhere"] {
        assert!(matches!(kind(w), ModelKind::Untyped), "{w}");
        at(&program.degraded, &format!("models[{w:?}].enumType"));
    }
    assert_eq!(program.degraded.len(), 3, "{:#?}", program.degraded);
}

#[test]
fn keys_of_newer_schemas_are_accepted() {
    // No `models`, no `description`, and keys this generator does not use.
    let op = r#"{"httpMethod": "GET", "apiStatus": {"value": "PRODUCTION"},
        "parameters": [{"name": "q", "paramType": "query", "dataType": "string",
                        "required": false, "errorValue": "x"}],
        "responseType": "string", "responseFullType": "string[]", "operationId": "getX",
        "longDescription": "long", "errors": ["Client::NotFound"], "scopes": ["all"],
        "iamActions": ["x:apiovh:get", {"name": "x:apiovh:other", "required": false}]}"#;
    let json = format!(r#"{{"apis": [{{"path": "/x", "operations": [{op}]}}]}}"#);
    let program = generate_with(&json).unwrap();
    assert!(program.degraded.is_empty(), "{:#?}", program.degraded);
    let op = get_op(&program);
    // `responseFullType` is preferred, like `fullType`.
    assert_eq!(
        op.response,
        TypeRef::Array(Box::new(TypeRef::Prim(codegen::types::Prim::String)))
    );
    let iam: Vec<(&str, bool)> = op
        .iam
        .iter()
        .map(|a| (a.action.as_str(), a.required))
        .collect();
    assert_eq!(iam, [("x:apiovh:get", true), ("x:apiovh:other", false)]);
}

#[test]
fn wrong_json_types_degrade_only_their_item() {
    let json = r#"{"apis": 5, "models": {"a.B": 3, "a.C": {"properties": {"p": 1,
        "q": {"type": "string", "canBeNull": "yes"}}}, "a.D": {"description": "no shape"}}}"#;
    let program = generate_with(json).unwrap();
    let list = &program.degraded;
    at(list, "apis");
    at(list, r#"models["a.B"]"#);
    at(list, r#"models["a.C"].properties["p"]"#);
    at(list, r#"models["a.C"].properties["q"].canBeNull"#);
    at(list, r#"models["a.D"]"#);
    assert!(matches!(program.models["a.B"].kind, ModelKind::Untyped));
    assert!(matches!(
        program.models["a.C"].kind,
        ModelKind::Struct { .. }
    ));
}

/// A /1.0 folder holding the console file `x.json` (listed) and the given OpenAPI documents
/// (not listed), generated.
fn generate_mixed(docs: &[(&str, &str)]) -> Result<Program, Error> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.json"),
        r#"{"apis": [{"path": "/x", "schema": "/x.{format}"}], "basePath": "b"}"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("x.json"), with_response("string")).unwrap();
    for (name, text) in docs {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    codegen::generate(dir.path()).map(|(program, _)| program)
}

const OPENAPI_OP: &str = r##"{"openapi": "3.0.0", "servers": [{"url": "SERVER"}],
    "paths": {"/y": {"get": {"responses": {"200": {"content": {"application/json":
    {"schema": {"$ref": "#/components/schemas/REF"}}}}}}}},
    "components": {"schemas": {"y.Y": {"type": "object", "properties": {"a": {"type": "string"}}}}}}"##;

fn openapi_doc(server: &str, reference: &str) -> String {
    OPENAPI_OP
        .replace("SERVER", server)
        .replace("REF", reference)
}

#[test]
fn openapi_documents_in_a_console_folder_are_read_by_content() {
    let program =
        generate_mixed(&[("y.json", &openapi_doc("https://eu.api.ovh.com/1.0", "y.Y"))]).unwrap();
    assert!(program.degraded.is_empty(), "{:?}", program.degraded);
    let apis: Vec<(&str, &str)> = program
        .apis
        .iter()
        .map(|a| (a.path.as_str(), a.feature.as_str()))
        .collect();
    assert_eq!(apis, [("/x", "x"), ("/y", "y")]);
    assert!(program.models.contains_key("y.Y"));
}

#[test]
fn a_server_naming_no_branch_reads_as_the_folders_branch_with_a_warning() {
    for server in [r#""https://eu.api.ovh.com/v3""#, "42", r#"null"#] {
        let doc = openapi_doc("SERVER", "y.Y").replace(r#""SERVER""#, server);
        let program = generate_mixed(&[("y.json", &doc)]).unwrap();
        let apis: Vec<&str> = program.apis.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(apis, ["/x", "/y"], "{server}");
        let warning = program.stats.warnings.iter().find(|w| w.contains("y.json"));
        let warning = warning.unwrap_or_else(|| panic!("{server}: {:?}", program.stats.warnings));
        assert!(warning.contains("/servers/0/url"), "{warning}");
        assert!(warning.contains("branch of its folder"), "{warning}");
    }
}

#[test]
fn a_document_that_is_not_json_is_an_error_naming_the_file() {
    let err = generate_mixed(&[("y.json", "{\"openapi\": ")]).unwrap_err();
    assert!(err.to_string().contains("y.json"), "{err}");
}

#[test]
fn a_reference_to_a_missing_schema_and_no_paths_degrade_one_item_each() {
    let program = generate_mixed(&[
        (
            "y.json",
            &openapi_doc("https://eu.api.ovh.com/1.0", "y.Missing"),
        ),
        (
            "z.json",
            r#"{"openapi": "3.0.0", "servers": [{"url": "https://eu.api.ovh.com/1.0"}]}"#,
        ),
    ])
    .unwrap();
    let list = &program.degraded;
    assert_eq!(list.len(), 2, "{list:#?}");
    let missing = &list[0];
    assert_eq!(missing.file, "y.json");
    assert_eq!(
        missing.at,
        "/paths/~1y/get/responses/200/content/application~1json/schema/$ref"
    );
    assert!(
        missing.what.contains("unknown schema `y.Missing`"),
        "{missing}"
    );
    assert_eq!(
        (list[1].file.as_str(), list[1].at.as_str()),
        ("z.json", "/paths")
    );
    // The rest generates: `/x` and `/y` with its operation, `/z` as a feature.
    assert_eq!(program.apis.len(), 3);
    assert_eq!(program.stats.operations, 2);
}
