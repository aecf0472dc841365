//! Formatting (prettyplease), writing the generated files and checking them against disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::emit::{self, FileTokens};

use crate::error::{Error, Result};
use crate::ir::Program;

/// Line opening the generated part of `Cargo.toml` (matched as a prefix).
pub const BEGIN_MARKER: &str = "# BEGIN GENERATED FEATURES";
/// Line closing it.
pub const END_MARKER: &str = "# END GENERATED FEATURES";
/// Directories (relative to the crate) owned entirely by the generator.
pub const GENERATED_DIRS: &[&str] = &["src/generated"];

/// The rendered output: file contents by path relative to the crate dir, and feature lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// `src/...` → content.
    pub files: BTreeMap<String, String>,
    /// Lines between the Cargo.toml markers.
    pub features: String,
}

/// Emits and formats everything.
pub fn render(program: &Program) -> Result<Output> {
    let (files, features) = emit::emit(program);
    let mut out = BTreeMap::new();
    for f in &files {
        let (path, text) = format_file(f)?;
        out.insert(path, text);
    }
    // Markdown, not Rust: written as it is emitted.
    out.insert(
        emit::feature_table::PATH.to_string(),
        emit::feature_table::emit(program),
    );
    Ok(Output {
        files: out,
        features,
    })
}

fn format_file(f: &FileTokens) -> Result<(String, String)> {
    let file: syn::File = syn::parse2(f.tokens.clone()).map_err(|e| Error::Syntax {
        file: f.path.clone(),
        message: e.to_string(),
    })?;
    let text = space_items(&tighten_macro_types(&layout_field_lists(
        &prettyplease::unparse(&file),
    )));
    // After the leading `//!` block: the rustfmt opt-out (prettyplease and rustfmt lay code out
    // slightly differently, and `cargo fmt --check` must pass on the workspace).
    let split = text
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| l.len() + 1)
        .sum::<usize>();
    let (docs, rest) = text.split_at(split.min(text.len()));
    let rest = rest.trim_start_matches('\n');
    let mut out = format!("{}{docs}", f.header);
    if !docs.is_empty() {
        out.push('\n');
    }
    out.push_str(RUSTFMT_SKIP);
    out.push_str("\n\n");
    out.push_str(rest);
    Ok((f.path.clone(), out))
}

/// Widest line a tightened macro call may be joined into (prettyplease's own margin).
const MAX_WIDTH: usize = 100;

/// prettyplease prints a macro's arguments as loose tokens: `get_request!(X, Vec < String >)`.
/// The arguments of the request macros and of `doc_derives!` are types, written here as in
/// code, `Vec<String>`, and a call prettyplease broke over lines is joined again when it now
/// fits.
fn tighten_macro_types(src: &str) -> String {
    let src = tighten_calls(src, "_request!(");
    tighten_calls(&src, "doc_derives!(")
}

/// [`tighten_macro_types`] for the calls of macros whose name ends with `mark`.
fn tighten_calls(src: &str, mark: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while let Some(at) = rest.find(mark) {
        let open = at + mark.len();
        let Some(len) = closing_paren(&rest[open..]) else {
            break;
        };
        let args = tighten_generics(&rest[open..open + len]);
        let line_start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
        let flat = args.split_whitespace().collect::<Vec<_>>().join(" ");
        let fits = open - line_start + flat.len() + 2 <= MAX_WIDTH;
        out.push_str(&rest[..open]);
        out.push_str(if args.contains('\n') && fits {
            &flat
        } else {
            &args
        });
        rest = &rest[open + len..];
    }
    out.push_str(rest);
    out
}

/// The length of `text` up to its unmatched `)`.
fn closing_paren(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// `Vec < models::a::B < T > >` → `Vec<models::a::B<T>>`: the spaces around angle brackets of
/// a type, and nothing else.
fn tighten_generics(types: &str) -> String {
    let mut out = String::with_capacity(types.len());
    let mut chars = types.chars().peekable();
    while let Some(c) = chars.next() {
        let after_word = out
            .chars()
            .last()
            .is_some_and(|p| p.is_alphanumeric() || p == '_' || p == '>');
        match c {
            ' ' if after_word && matches!(chars.peek(), Some('<' | '>')) => {}
            '<' => {
                out.push('<');
                while chars.peek() == Some(&' ') {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Inner attribute keeping rustfmt off generated files.
const RUSTFMT_SKIP: &str =
    "#![cfg_attr(rustfmt, rustfmt::skip)] // laid out by codegen (prettyplease)";

/// prettyplease puts items right after each other; a blank line between items (after a
/// closing brace, a `;`-terminated item or the `use` block) reads like hand-written code.
fn space_items(src: &str) -> String {
    const ITEM_STARTS: &[&str] = &[
        "///",
        "#[",
        "pub ",
        "impl",
        "fn ",
        "struct ",
        "enum ",
        "mod ",
        "use ",
        "macro_rules!",
        "string_enum!",
        "long_enum!",
        "encode_object!",
        "decode_object!",
        "doc_derives!",
    ];
    let mut out = String::with_capacity(src.len() + src.len() / 16);
    let mut prev: Option<&str> = None;
    for line in src.lines() {
        let cur = line.trim_start();
        if let Some(p) = prev.map(str::trim) {
            let starts_item = ITEM_STARTS.iter().any(|s| cur.starts_with(s));
            let ends_item = p == "}"
                || (p.ends_with(" {}") && !p.starts_with("//"))
                || (p.ends_with(';') && !p.starts_with("use "))
                || p.starts_with("//!");
            let leaves_uses = p.starts_with("use ") && !cur.starts_with("use ");
            if starts_item && (ends_item || leaves_uses) {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
    }
    out
}

/// prettyplease fills a macro's tokens into lines like a paragraph, breaking inside entries;
/// an `encode_object!` or `decode_object!` field list reads better one field per line, like
/// the struct above it:
///
/// ```text
/// decode_object!(Datacenter {
///     "country" => country optional,
///     "longName" => long_name or_default,
/// });
/// ```
fn layout_field_lists(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut lines = src.lines();
    while let Some(line) = lines.next() {
        let Some(open) = ["encode_object!(", "decode_object!("]
            .into_iter()
            .find(|open| line.starts_with(open))
        else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let mut text = line.to_string();
        while !text.trim_end().ends_with(");") {
            match lines.next() {
                Some(next) => {
                    text.push('\n');
                    text.push_str(next);
                }
                None => break,
            }
        }
        let inner = text
            .trim_end()
            .strip_prefix(open)
            .and_then(|t| t.strip_suffix(");"));
        match inner.and_then(field_list) {
            Some(laid_out) => {
                out.push_str(open);
                out.push_str(&laid_out);
                out.push_str(");\n");
            }
            // Not the shape the emitter writes: keep prettyplease's layout.
            None => {
                out.push_str(&text);
                out.push('\n');
            }
        }
    }
    out
}

/// `Name<T> { "wire" => field kind, … }` laid out one field per line, from the tokens of a
/// `decode_object!` invocation; `None` if they are not of that shape.
fn field_list(tokens: &str) -> Option<String> {
    use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
    let stream: TokenStream = tokens.parse().ok()?;
    let mut head = String::new();
    let mut body = None;
    for tt in stream {
        match tt {
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace && body.is_none() => {
                body = Some(g.stream());
            }
            _ if body.is_some() => return None,
            TokenTree::Punct(p) if p.as_char() == ',' => head.push_str(", "),
            other => head.push_str(&other.to_string()),
        }
    }
    let mut entries = vec![String::new()];
    let mut joint = true;
    for tt in body? {
        let entry = entries.last_mut().expect("never empty");
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ',' => {
                entries.push(String::new());
                joint = true;
                continue;
            }
            _ if !joint => entry.push(' '),
            _ => {}
        }
        entry.push_str(&tt.to_string());
        joint = matches!(&tt, TokenTree::Punct(p) if p.spacing() == Spacing::Joint);
    }
    entries.retain(|e| !e.is_empty());
    if entries.is_empty() {
        return Some(format!("{head} {{}}"));
    }
    let fields: String = entries.iter().map(|e| format!("    {e},\n")).collect();
    Some(format!("{head} {{\n{fields}}}"))
}

/// Replaces what is between the markers of a Cargo.toml; `None` if the markers are missing.
pub fn splice_features(cargo_toml: &str, features: &str) -> Option<String> {
    let begin = cargo_toml.find(BEGIN_MARKER)?;
    let after_begin = begin + cargo_toml[begin..].find('\n')? + 1;
    let end = after_begin + cargo_toml[after_begin..].find(END_MARKER)?;
    Some(format!(
        "{}{}{}",
        &cargo_toml[..after_begin],
        features,
        &cargo_toml[end..]
    ))
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        file: path.to_path_buf(),
        source,
    })
}

fn cargo_with_features(out: &Path, output: &Output) -> Result<(PathBuf, String, String)> {
    let path = out.join("Cargo.toml");
    let current = read(&path)?;
    let new = splice_features(&current, &output.features).ok_or_else(|| Error::Invalid {
        file: path.clone(),
        location: "[features]".into(),
        message: format!("markers `{BEGIN_MARKER}` / `{END_MARKER}` not found"),
    })?;
    Ok((path, current, new))
}

/// Every file currently under the generated directories, relative to `out`.
fn existing_files(out: &Path) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for dir in GENERATED_DIRS {
        let mut stack = vec![out.join(dir)];
        while let Some(d) = stack.pop() {
            let entries = match std::fs::read_dir(&d) {
                Ok(e) => e,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(source) => return Err(Error::Io { file: d, source }),
            };
            for entry in entries {
                let entry = entry.map_err(|source| Error::Io {
                    file: d.clone(),
                    source,
                })?;
                let p = entry.path();
                if p.is_dir() {
                    stack.push(p);
                } else if let Ok(rel) = p.strip_prefix(out) {
                    found.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    found.sort();
    Ok(found)
}

/// What `write` did.
#[derive(Debug, Default, Clone)]
pub struct WriteReport {
    /// Files created or changed.
    pub written: usize,
    /// Files already up to date.
    pub unchanged: usize,
    /// Stale files removed.
    pub removed: Vec<String>,
}

/// Writes the output under `out` (the `ovh-api` crate dir): changed files only, stale files in
/// the generated directories removed, the Cargo.toml feature block replaced.
pub fn write(out: &Path, output: &Output) -> Result<WriteReport> {
    let mut report = WriteReport::default();
    let (cargo_path, current, new) = cargo_with_features(out, output)?;
    for stale in existing_files(out)? {
        if !output.files.contains_key(&stale) {
            let p = out.join(&stale);
            std::fs::remove_file(&p).map_err(|source| Error::Io { file: p, source })?;
            report.removed.push(stale);
        }
    }
    for (rel, content) in &output.files {
        let p = out.join(rel);
        if std::fs::read_to_string(&p).ok().as_deref() == Some(content.as_str()) {
            report.unchanged += 1;
            continue;
        }
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                file: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&p, content).map_err(|source| Error::Io { file: p, source })?;
        report.written += 1;
    }
    remove_empty_dirs(out)?;
    if current != new {
        std::fs::write(&cargo_path, new).map_err(|source| Error::Io {
            file: cargo_path,
            source,
        })?;
        report.written += 1;
    }
    Ok(report)
}

fn remove_empty_dirs(out: &Path) -> Result<()> {
    fn walk(d: &Path) -> bool {
        let Ok(entries) = std::fs::read_dir(d) else {
            return false;
        };
        let mut empty = true;
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if walk(&p) {
                    let _ = std::fs::remove_dir(&p);
                } else {
                    empty = false;
                }
            } else {
                empty = false;
            }
        }
        empty
    }
    for dir in GENERATED_DIRS {
        walk(&out.join(dir));
    }
    Ok(())
}

/// Lists every difference between `output` and the files under `out`: changed or missing
/// files, files that would not be generated, and the Cargo.toml feature block.
pub fn check(out: &Path, output: &Output) -> Result<Vec<String>> {
    let mut diffs = Vec::new();
    let (_, current, new) = cargo_with_features(out, output)?;
    if current != new {
        diffs.push("Cargo.toml (generated features differ)".to_string());
    }
    let existing = existing_files(out)?;
    for (rel, content) in &output.files {
        match std::fs::read_to_string(out.join(rel)) {
            Ok(disk) if disk == *content => {}
            Ok(_) => diffs.push(format!("{rel} (differs)")),
            Err(_) => diffs.push(format!("{rel} (missing)")),
        }
    }
    for rel in existing {
        if !output.files.contains_key(&rel) {
            diffs.push(format!("{rel} (not generated: stale)"));
        }
    }
    Ok(diffs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_macros_print_types_as_code() {
        let src = "crate::r::get_request!(A, Vec < String >);\nx!(a < b);\n";
        assert_eq!(
            tighten_macro_types(src),
            "crate::r::get_request!(A, Vec<String>);\nx!(a < b);\n"
        );
        let nested = "typed_request!(B, Vec < m::Pair < T, Vec < u8 > > >, resource)";
        assert_eq!(
            tighten_macro_types(nested),
            "typed_request!(B, Vec<m::Pair<T, Vec<u8>>>, resource)"
        );
        // Broken over lines by prettyplease, joined again when it fits.
        let broken = "get_request!(\n    LongName, Vec < models::a::B >\n);\n";
        assert_eq!(
            tighten_macro_types(broken),
            "get_request!(LongName, Vec<models::a::B>);\n"
        );
        let long = format!("get_request!(\n    {}, Vec < u8 >\n);", "N".repeat(100));
        assert!(tighten_macro_types(&long).contains("\n    "));
    }

    #[test]
    fn splices_between_markers_only() {
        let toml = "[features]\n# BEGIN GENERATED FEATURES (x)\nold = []\n# END GENERATED FEATURES\nafter = 1\n";
        assert_eq!(
            splice_features(toml, "new = []\n").unwrap(),
            "[features]\n# BEGIN GENERATED FEATURES (x)\nnew = []\n# END GENERATED FEATURES\nafter = 1\n"
        );
        assert!(splice_features("[features]\n", "x").is_none());
    }
}
