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
