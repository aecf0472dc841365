//! Bad schema input gives a typed error naming the file and the JSON location, never a panic.

use std::path::Path;

use codegen::Error;

/// Writes an index listing `/x` and the given `x.json`, then generates.
fn generate_with(x_json: &str) -> Result<(), Error> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.json"),
        r#"{"apis": [{"path": "/x", "schema": "/x.{format}"}], "basePath": "b"}"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("x.json"), x_json).unwrap();
    codegen::generate(dir.path()).map(|_| ())
}

const OP: &str = r#"{"httpMethod": "GET", "apiStatus": {"value": "PRODUCTION"}, "noAuthentication": false,
    "parameters": [], "responseType": "RESPONSE", "description": "d"}"#;

fn with_response(t: &str) -> String {
    format!(
        r#"{{"apis": [{{"path": "/x", "operations": [{}]}}], "models": {{}}}}"#,
        OP.replace("RESPONSE", t)
    )
}

#[test]
fn invalid_json_names_file_and_position() {
    let err = generate_with("{\"apis\": [").unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, Error::Json { .. }), "{err:?}");
    assert!(msg.contains("x.json"), "{msg}");
    assert!(msg.contains("line 1"), "{msg}");
}

#[test]
fn missing_field_names_its_json_path() {
    let json = with_response("void").replace(r#""httpMethod": "GET", "#, "");
    let err = generate_with(&json).unwrap_err();
    match &err {
        Error::Json {
            file,
            location,
            message,
        } => {
            assert!(file.ends_with("x.json"));
            assert_eq!(location, "apis[0].operations[0]");
            assert!(message.contains("httpMethod"), "{message}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn unknown_type_names_location() {
    let err = generate_with(&with_response("nichandle.Missing[]")).unwrap_err();
    match &err {
        Error::UnknownType {
            file,
            location,
            name,
        } => {
            assert!(file.ends_with("x.json"));
            assert_eq!(location, "apis[0].operations[0].responseType");
            assert_eq!(name, "nichandle.Missing");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.to_string().contains("unknown type `nichandle.Missing`"));
}

#[test]
fn unknown_property_type_names_model_and_property() {
    let json = r#"{"apis": [], "models": {"a.B": {"id": "B", "namespace": "a",
        "properties": {"p": {"type": "strng", "canBeNull": false, "readOnly": false}}}}}"#;
    let err = generate_with(json).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains(r#"models["a.B"].properties["p"].type"#),
        "{msg}"
    );
    assert!(msg.contains("`strng`"), "{msg}");
}

#[test]
fn type_errors_name_the_field_the_type_was_read_from() {
    // `fullType` wins over `type` when both are given, so that is what the error names.
    let json = r#"{"apis": [], "models": {"a.B": {"id": "B", "namespace": "a",
        "properties": {"p": {"type": "string", "fullType": "strng", "canBeNull": false,
        "readOnly": false}}}}}"#;
    let msg = generate_with(json).unwrap_err().to_string();
    assert!(
        msg.contains(r#"models["a.B"].properties["p"].fullType"#),
        "{msg}"
    );
    let op = OP
        .replace(
            r#""parameters": []"#,
            r#""parameters": [{"name": "q", "paramType": "query",
        "dataType": "string", "fullType": "strng", "required": false}]"#,
        )
        .replace("RESPONSE", "void");
    let json = format!(r#"{{"apis": [{{"path": "/x", "operations": [{op}]}}], "models": {{}}}}"#);
    let msg = generate_with(&json).unwrap_err().to_string();
    assert!(
        msg.contains("apis[0].operations[0].parameters[0].fullType"),
        "{msg}"
    );
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

fn invalid(err: Error) -> (String, String) {
    match err {
        Error::Invalid {
            file,
            location,
            message,
        } => {
            assert!(file.ends_with("x.json"), "{file:?}");
            (location, message)
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn empty_generic_parameter_in_the_key_is_an_error() {
    let err = generate_with(&generic_schema("a.G<>", "[]", "")).unwrap_err();
    let (location, message) = invalid(err);
    assert_eq!(location, r#"models["a.G<>"]"#);
    assert!(message.contains("generic parameter \"\""), "{message}");
}

#[test]
fn generic_parameter_that_is_not_an_identifier_is_an_error() {
    let err = generate_with(&generic_schema("a.G<T U>", r#"["T U"]"#, "")).unwrap_err();
    let (location, message) = invalid(err);
    assert_eq!(location, r#"models["a.G<T U>"].generics[0]"#);
    assert!(message.contains("\"T U\""), "{message}");
    for bad in [r#"["T", "T"]"#, r#"["Option"]"#, r#"["t"]"#] {
        let key = "a.G<X>";
        let err = generate_with(&generic_schema(key, bad, "")).unwrap_err();
        let (location, _) = invalid(err);
        assert!(
            location.starts_with(r#"models["a.G<X>"].generics["#),
            "{bad}: {location}"
        );
    }
}

#[test]
fn wrong_number_of_generic_arguments_is_an_error() {
    for (ty, given) in [
        ("a.G<long,long>", 2),
        ("a.G", 0),
        ("a.G<a.G<long>,long>[]", 2),
    ] {
        let err = generate_with(&generic_schema("a.G<T>", r#"["T"]"#, ty)).unwrap_err();
        let (location, message) = invalid(err);
        assert_eq!(location, "apis[0].operations[0].responseType", "{ty}");
        assert!(
            message.contains(&format!("`a.G` takes 1 generic argument(s), {given} given")),
            "{ty}: {message}"
        );
    }
    assert!(generate_with(&generic_schema("a.G<T>", r#"["T"]"#, "a.G<long>[]")).is_ok());
}

#[test]
fn two_operations_with_one_method_on_a_path_are_an_error() {
    let json =
        format!(r#"{{"apis": [{{"path": "/x", "operations": [{OP}, {OP}]}}], "models": {{}}}}"#)
            .replace("RESPONSE", "void");
    let (location, message) = invalid(generate_with(&json).unwrap_err());
    assert_eq!(location, "apis[0].operations[1]");
    assert!(message.contains("GET /x"), "{message}");
    // The same path listed twice in the file, each with a GET.
    let op = OP.replace("RESPONSE", "void");
    let json = format!(
        r#"{{"apis": [{{"path": "/x", "operations": [{op}]}}, {{"path": "/x", "operations": [{op}]}}], "models": {{}}}}"#
    );
    let (location, message) = invalid(generate_with(&json).unwrap_err());
    assert_eq!(location, "apis[1].operations[0]");
    assert!(message.contains("GET /x"), "{message}");
}
