//! Turning schema descriptions into doc comments that rustdoc and clippy accept.
//!
//! Descriptions are free text with `<`, `[`, bare URLs, stray backticks and indentation; as
//! Markdown they would become HTML tags, broken intra-doc links or doctests. Each paragraph is
//! joined into one line (no lazy list continuations), Markdown-significant characters are
//! escaped and URLs are wrapped in `<...>` so they become links.

use proc_macro2::TokenStream;
use quote::quote;

/// Escapes one paragraph of free text.
pub fn escape(text: &str) -> String {
    let mut out = String::new();
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if let Some(start) = word.find("http://").or_else(|| word.find("https://")) {
            let (before, url) = word.split_at(start);
            let end = url
                .find(|c: char| {
                    c == '<' || c == '>' || c == '"' || c == '`' || c == '[' || c == ']'
                })
                .unwrap_or(url.len());
            let (url, rest) = url.split_at(end);
            let trimmed = url.trim_end_matches(['.', ',', ';', ':', ')', '\'', '!', '?']);
            let tail = &url[trimmed.len()..];
            out.push_str(&escape_word(before));
            out.push('<');
            out.push_str(trimmed);
            out.push('>');
            out.push_str(&escape_word(tail));
            out.push_str(&escape_word(rest));
        } else {
            out.push_str(&escape_word(word));
        }
    }
    out
}

fn escape_word(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    for c in w.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '[' | ']' | '`' | '*' | '_' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Paragraphs of a description, escaped, one line each.
pub fn paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(escape(&cur));
                cur.clear();
            }
        } else {
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(line.trim());
        }
    }
    if !cur.is_empty() {
        out.push(escape(&cur));
    }
    // A paragraph made only of list markers or digits would render oddly; the escaping above
    // already neutralises `*`, `#` and `|`. A leading `-`/`+`/`1.` is a harmless list.
    out
}

/// Builder of a doc comment: paragraphs separated by blank lines.
#[derive(Debug, Default, Clone)]
pub struct Doc {
    paras: Vec<String>,
}

impl Doc {
    /// Starts with a description, or `fallback` (already Markdown) when it is empty.
    pub fn new(description: Option<&str>, fallback: &str) -> Self {
        Doc::described(description).unwrap_or_else(|| Doc::default().para(fallback))
    }

    /// The description followed by `after`, or `fallback` alone when the description is
    /// empty: a fact (a wire name, a route) said once either way.
    pub fn described_or(description: Option<&str>, fallback: &str, after: &str) -> Self {
        match Doc::described(description) {
            Some(doc) => doc.para(after),
            None => Doc::default().para(fallback),
        }
    }

    /// The description's paragraphs (none when it is empty), then generated notes: the
    /// resolver gives a summary among the notes when there is no description.
    pub fn noted(description: Option<&str>, notes: &[String]) -> Self {
        let doc = Doc::described(description).unwrap_or_default();
        notes.iter().fold(doc, |doc, n| doc.para(n.as_str()))
    }

    /// The description's paragraphs, when it has any.
    fn described(description: Option<&str>) -> Option<Doc> {
        let paras = description.map(paragraphs).unwrap_or_default();
        (!paras.is_empty()).then_some(Doc { paras })
    }

    /// Adds a paragraph of trusted Markdown (generated, not from the schema).
    pub fn para(mut self, markdown: impl Into<String>) -> Self {
        self.paras.push(markdown.into());
        self
    }

    /// Adds a paragraph of schema text.
    pub fn text(mut self, text: &str) -> Self {
        self.paras.extend(paragraphs(text));
        self
    }

    fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for (i, p) in self.paras.iter().enumerate() {
            if i > 0 {
                lines.push(String::new());
            }
            // A generated paragraph may hold several lines (a tight list).
            lines.extend(p.lines().map(|l| format!(" {l}")));
        }
        lines
    }

    /// `#[doc = "..."]` attributes.
    pub fn tokens(&self) -> TokenStream {
        let lines = self.lines();
        quote! { #( #[doc = #lines] )* }
    }

    /// Inner `#![doc = "..."]` attributes (module docs).
    pub fn inner_tokens(&self) -> TokenStream {
        let lines = self.lines();
        quote! { #( #![doc = #lines] )* }
    }
}

/// Inline code span for generated docs (wire names, paths): backticks cannot appear in them
/// except escaped.
pub fn code(s: &str) -> String {
    if s.contains('`') {
        escape(s)
    } else {
        format!("`{s}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_and_html() {
        assert_eq!(escape("a <b> [c] `d`"), "a &lt;b&gt; \\[c\\] \\`d\\`");
        assert_eq!(escape("see https://x.ovh/a."), "see <https://x.ovh/a>.");
        assert_eq!(escape("(https://x.ovh/a)"), "(<https://x.ovh/a>)");
        assert_eq!(escape("snake_case *bold*"), "snake\\_case \\*bold\\*");
    }

    #[test]
    fn joins_paragraph_lines() {
        assert_eq!(
            paragraphs("  one\n    two\n\n- three\n"),
            vec!["one two".to_string(), "- three".to_string()]
        );
        assert!(paragraphs("   \n").is_empty());
    }
}
