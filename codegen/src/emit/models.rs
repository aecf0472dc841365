//! Models → `src/generated/models/**`: one module per namespace, one item per model.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::derives::{struct_traits, DocDerives};
use super::docs::{code, Doc};
use super::{cfg, doc_cfg, doc_cfg_none, header, ident, owned, FileTokens, Site};
use crate::ir::{ApiId, Field, Model, ModelKind, Program, TaskFamily};

/// One models module: its items (wire names), child modules, the APIs of everything below it,
/// the schema files defining its items, and the namespace it stands for.
#[derive(Default)]
struct Module {
    items: Vec<String>,
    children: BTreeSet<String>,
    subtree: BTreeSet<ApiId>,
    files: BTreeSet<ApiId>,
    namespace: Option<String>,
}

/// Emits `src/generated/models/mod.rs` and one file per namespace module.
pub fn emit(program: &Program) -> Vec<FileTokens> {
    let modules = module_tree(program);
    let all = program.every_api();
    modules
        .iter()
        .map(|(path, module)| emit_module(program, &modules, path, module, &all))
        .collect()
}

/// Every module holding models, and every module above one, by module path.
fn module_tree(program: &Program) -> BTreeMap<Vec<String>, Module> {
    let mut modules: BTreeMap<Vec<String>, Module> = BTreeMap::new();
    modules.entry(Vec::new()).or_default();
    for (wire, m) in &program.models {
        for depth in 0..=m.module.len() {
            let path = m.module[..depth].to_vec();
            let entry = modules.entry(path).or_default();
            entry.subtree.extend(&m.apis);
            if depth < m.module.len() {
                entry.children.insert(m.module[depth].clone());
            }
        }
        let own = modules.get_mut(&m.module).expect("inserted above");
        own.items.push(wire.clone());
        own.files.extend(&m.files);
        if own.namespace.is_none() {
            own.namespace = wire.rsplit_once('.').map(|(ns, _)| ns.to_string());
        }
    }
    // Namespace spelling for module docs of intermediate modules.
    let keys: Vec<Vec<String>> = modules.keys().cloned().collect();
    for k in keys {
        if modules[&k].namespace.is_none() && !k.is_empty() {
            let ns = program
                .models
                .values()
                .find(|m| m.module.starts_with(&k))
                .map(|m| {
                    m.wire
                        .split('.')
                        .take(k.len())
                        .collect::<Vec<_>>()
                        .join(".")
                });
            modules.get_mut(&k).expect("key").namespace = ns;
        }
    }
    modules
}

/// One module's file: its docs (the root's), child module declarations, and its models.
fn emit_module(
    program: &Program,
    modules: &BTreeMap<Vec<String>, Module>,
    path: &[String],
    module: &Module,
    all: &BTreeSet<ApiId>,
) -> FileTokens {
    let mut body = TokenStream::new();
    if path.is_empty() {
        let doc = Doc::default()
            .para("Data types of the OVH API, one module per schema namespace (`nichandle.Nichandle` is `models::nichandle::Nichandle`).")
            .para("Every item is compiled only with a feature of an API that uses it. Enums keep values unknown to this SDK in a catch-all variant (`Other`), and send them back unchanged.");
        body.extend(doc.inner_tokens());
    }
    let parent_set = if path.is_empty() {
        all
    } else {
        &module.subtree
    };
    for child in &module.children {
        let mut child_path = path.to_vec();
        child_path.push(child.clone());
        let c = &modules[&child_path];
        let ns = c.namespace.clone().unwrap_or_else(|| child.clone());
        let doc = Doc::default()
            .para(format!("Models of the {} namespace.", code(&ns)))
            .tokens();
        let gate = cfg(program, &c.subtree, parent_set);
        let doc_gate = doc_cfg_none();
        let name = ident(child);
        let inception =
            (path.last() == Some(child)).then(|| quote! { #[allow(clippy::module_inception)] });
        body.extend(quote! { #doc #gate #doc_gate #inception pub mod #name; });
    }
    body.extend(reexports(program, path, parent_set));
    let mut derives = DocDerives::default();
    for wire in &module.items {
        let model = &program.models[wire];
        body.extend(emit_model(program, model, path, parent_set, &mut derives));
    }
    body.extend(derives.tokens());
    let (file, files) = if path.is_empty() {
        ("src/generated/models/mod.rs".to_string(), BTreeSet::new())
    } else {
        (
            format!("src/generated/models/{}.rs", path.join("/")),
            module.files.clone(),
        )
    };
    FileTokens {
        path: file,
        header: header(program, &files),
        tokens: body,
    }
}

/// The `pub use` lines of the enums re-exported in a module (chosen by
/// [`crate::resolve::reexports`]), each compiled with its enum.
fn reexports(program: &Program, path: &[String], module_set: &BTreeSet<ApiId>) -> TokenStream {
    let Some(enums) = program.reexports.get(path) else {
        return TokenStream::new();
    };
    enums
        .values()
        .map(|wire| {
            let e = &program.models[wire];
            let gate = cfg(program, &e.apis, module_set);
            let mods = e.module.iter().map(|m| ident(m));
            let name = format_ident!("{}", e.name);
            quote! { #gate pub use crate::models #( :: #mods )* :: #name; }
        })
        .collect()
}

/// What every model item's emitter needs: where it is written, its gate, name and docs.
struct ModelItem<'a> {
    program: &'a Program,
    model: &'a Model,
    /// The module the item is written in.
    here: &'a [String],
    gate: TokenStream,
    /// The features docs.rs names on the item's page ([`doc_cfg`]).
    doc_gate: TokenStream,
    name: proc_macro2::Ident,
    /// The schema's description, or the fallback naming the OVH model.
    described: Doc,
}

fn emit_model(
    program: &Program,
    m: &Model,
    here: &[String],
    module_set: &BTreeSet<ApiId>,
    derives: &mut DocDerives,
) -> TokenStream {
    // The OVH name is said once: as the fallback text, or after the schema's description.
    let ovh_name = m.ovh_name.as_deref().unwrap_or(&m.wire);
    let item = ModelItem {
        program,
        model: m,
        here,
        gate: cfg(program, &m.apis, module_set),
        doc_gate: doc_cfg(program, &m.apis),
        name: format_ident!("{}", m.name),
        described: Doc::described_or(
            m.description.as_deref(),
            &format!("The {} model.", code(ovh_name)),
            &format!("OVH name: {}.", code(ovh_name)),
        ),
    };
    match &m.kind {
        ModelKind::Struct {
            generics,
            fields,
            wire_field,
        } => {
            let mut tokens = emit_struct(&item, generics, fields, wire_field, derives);
            if let Some(family) = &m.task {
                tokens.extend(emit_task_model(&item, family));
            }
            if m.resource {
                tokens.extend(emit_resource_model(&item));
            }
            tokens
        }
        ModelKind::StringEnum { variants, other } => {
            emit_string_enum(&item, variants, other, derives)
        }
        ModelKind::LongEnum { variants, other } => emit_long_enum(&item, variants, other, derives),
        ModelKind::DoubleEnum { variants, other } => {
            emit_double_enum(&item, variants, other, derives)
        }
        ModelKind::Alias { target } => emit_alias(&item, target),
        ModelKind::Union {
            tag,
            variants,
            other,
        } => {
            let union = super::unions::UnionItem {
                program,
                here,
                gate: &item.gate,
                doc_gate: &item.doc_gate,
                name: &item.name,
                described: &item.described,
            };
            super::unions::emit(&union, tag, variants, other, derives)
        }
        ModelKind::Untyped => emit_untyped(&item),
    }
}

/// A struct, its derives and its `encode_object!` and `decode_object!` lines (and
/// `debug_object!` in place of a derived `Debug` when a field holds a password).
fn emit_struct(
    item: &ModelItem<'_>,
    generics: &[String],
    fields: &[Field],
    wire_field: &str,
    derives: &mut DocDerives,
) -> TokenStream {
    let (program, m, here) = (item.program, item.model, item.here);
    let (gate, name) = (&item.gate, &item.name);
    let doc_gate = &item.doc_gate;
    let doc = item.described.clone().tokens();
    let params: Vec<_> = generics.iter().map(|g| format_ident!("{}", g)).collect();
    let generics = (!params.is_empty()).then(|| quote! { <#( #params ),*> });
    // `Default` only when `..Default::default()` cannot hide a forgotten required
    // field: every field is an `Option` or read-only (set by OVH, with an empty value).
    let derive_default = fields
        .iter()
        .all(|f| f.optional || (f.read_only && super::has_default(&f.ty)));
    let wire = ident(wire_field);
    let redacts = fields.iter().any(|f| f.ty.holds_password());
    let traits = struct_traits(redacts, derive_default);
    let attr = derives.add(gate, name, generics.as_ref(), &traits);
    let debug_impl = redacts.then(|| {
        let shown = fields.iter().map(|f| {
            let name = ident(&f.name);
            let secret = f.ty.holds_password().then(|| quote! { secret });
            quote! { #name #secret }
        });
        quote! {
            #gate
            debug_object!(#name #generics { #( #shown, )* #wire });
        }
    });
    let decoded = fields.iter().map(decoded_field);
    let encoded = fields.iter().map(|f| encoded_field(f, m.sends(f)));
    let field_items = fields.iter().map(|f| field(program, f, Site::Models(here)));
    let wire_doc = Doc::default()
        .para("What the answer held beyond the fields above: members this SDK does not name yet (read them with [`crate::Model`]), and which members were absent or `null`, so that the model encodes back to what it was read from. `Default::default()` in a model built in code.")
        .tokens();
    quote! {
        #doc
        #gate
        #doc_gate
        #attr
        pub struct #name #generics {
            #( #field_items )*
            #wire_doc
            pub #wire: crate::Wire,
        }
        #debug_impl
        #gate
        encode_object!(#name #generics, #wire { #( #encoded ),* });
        #gate
        decode_object!(#name #generics, #wire { #( #decoded ),* });
    }
}

/// A task model's `impl crate::TaskModel`: the family the runtime's `.wait()` reads, its
/// builder calls in a fixed order, those with an empty list left out.
fn emit_task_model(item: &ModelItem<'_>, family: &TaskFamily) -> TokenStream {
    let (gate, name) = (&item.gate, &item.name);
    let (family_name, id, status) = (&family.name, &family.id, &family.status);
    let mut value = quote! { crate::TaskFamily::new(#family_name, #id, #status) };
    for (method, list) in [
        ("messages", &family.messages),
        ("success", &family.success),
        ("failure", &family.failure),
        ("pending", &family.pending),
    ] {
        if !list.is_empty() {
            let method = format_ident!("{}", method);
            value = quote! { #value.#method(&[#( #list ),*]) };
        }
    }
    if family.gone_means_done {
        value = quote! { #value.gone_means_done() };
    }
    let doc = Doc::default()
        .para(format!(
            "An OVH task: `.wait()` polls it until its {} is a success or a failure value.",
            code(status)
        ))
        .tokens();
    quote! {
        #doc
        #gate
        impl crate::TaskModel for #name {
            const FAMILY: crate::TaskFamily = #value;
        }
    }
}

/// A resource model's `impl crate::ResourceModel`: the runtime reads its `resourceStatus`.
fn emit_resource_model(item: &ModelItem<'_>) -> TokenStream {
    let (gate, name) = (&item.gate, &item.name);
    let doc = Doc::default()
        .para("A /v2 resource: `.wait_ready()` on a `GET` answering it polls it until its `resourceStatus` is `READY`.")
        .tokens();
    quote! {
        #doc
        #gate
        impl crate::ResourceModel for #name {}
    }
}

/// A string enum: its variants, the catch-all, `as_str`, `From<&str>` and `string_enum!`.
fn emit_string_enum(
    item: &ModelItem<'_>,
    variants: &[(String, String)],
    other: &str,
    derives: &mut DocDerives,
) -> TokenStream {
    let (gate, name) = (&item.gate, &item.name);
    let doc_gate = &item.doc_gate;
    let doc = item.described.clone().tokens();
    let other = format_ident!("{}", other);
    let names: Vec<_> = variants
        .iter()
        .map(|(n, _)| format_ident!("{}", n))
        .collect();
    let wires: Vec<&str> = variants.iter().map(|(_, w)| w.as_str()).collect();
    let docs = wires.iter().map(|w| {
        Doc::default()
            .para(format!("Wire value {}.", code(w)))
            .tokens()
    });
    let attr = derives.add(
        gate,
        name,
        None,
        &["Debug", "Clone", "PartialEq", "Eq", "Hash"],
    );
    quote! {
        #doc
        #gate
        #doc_gate
        #attr
        pub enum #name {
            #( #docs #names, )*
            /// A value unknown when this SDK was generated, kept as received.
            #other(String),
        }
        #gate
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#names => #wires, )*
                    Self::#other(value) => value,
                }
            }
        }
        #gate
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#names, )*
                    other => Self::#other(other.to_owned()),
                }
            }
        }
        #gate
        string_enum!(#name);
    }
}

/// An integer enum: its variants, the catch-all, `as_i64`, `From<i64>` and `long_enum!`.
fn emit_long_enum(
    item: &ModelItem<'_>,
    variants: &[(String, i64)],
    other: &str,
    derives: &mut DocDerives,
) -> TokenStream {
    let (gate, name) = (&item.gate, &item.name);
    let doc_gate = &item.doc_gate;
    let doc = item.described.clone().tokens();
    let other = format_ident!("{}", other);
    let names: Vec<_> = variants
        .iter()
        .map(|(n, _)| format_ident!("{}", n))
        .collect();
    let values: Vec<i64> = variants.iter().map(|(_, v)| *v).collect();
    let docs = values
        .iter()
        .map(|v| Doc::default().para(format!("Wire value `{v}`.")).tokens());
    let attr = derives.add(
        gate,
        name,
        None,
        &["Debug", "Clone", "Copy", "PartialEq", "Eq", "Hash"],
    );
    quote! {
        #doc
        #gate
        #doc_gate
        #attr
        pub enum #name {
            #( #docs #names, )*
            /// A value unknown when this SDK was generated, kept as received.
            #other(i64),
        }
        #gate
        impl #name {
            /// The value as sent on the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    #( Self::#names => #values, )*
                    Self::#other(value) => *value,
                }
            }
        }
        #gate
        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #( #values => Self::#names, )*
                    other => Self::#other(other),
                }
            }
        }
        #gate
        long_enum!(#name);
    }
}

/// A floating-point enum: its variants, the catch-all, `as_f64`, `From<f64>` and
/// `double_enum!`.
fn emit_double_enum(
    item: &ModelItem<'_>,
    variants: &[(String, f64)],
    other: &str,
    derives: &mut DocDerives,
) -> TokenStream {
    let (gate, name) = (&item.gate, &item.name);
    let doc_gate = &item.doc_gate;
    let doc = item.described.clone().tokens();
    let other = format_ident!("{}", other);
    let names: Vec<_> = variants
        .iter()
        .map(|(n, _)| format_ident!("{}", n))
        .collect();
    let values: Vec<f64> = variants.iter().map(|(_, v)| *v).collect();
    let docs = values
        .iter()
        .map(|v| Doc::default().para(format!("Wire value `{v}`.")).tokens());
    let attr = derives.add(gate, name, None, &["Debug", "Clone", "Copy", "PartialEq"]);
    quote! {
        #doc
        #gate
        #doc_gate
        #attr
        pub enum #name {
            #( #docs #names, )*
            /// A value unknown when this SDK was generated, kept as received.
            #other(f64),
        }
        #gate
        impl #name {
            /// The value as sent on the wire.
            pub fn as_f64(&self) -> f64 {
                match self {
                    #( Self::#names => #values, )*
                    Self::#other(value) => *value,
                }
            }
        }
        #gate
        impl From<f64> for #name {
            fn from(value: f64) -> Self {
                #( if value == #values { return Self::#names; } )*
                Self::#other(value)
            }
        }
        #gate
        double_enum!(#name);
    }
}

/// A model identical to another but for case: an alias of it.
fn emit_alias(item: &ModelItem<'_>, target: &str) -> TokenStream {
    let (program, m, here) = (item.program, item.model, item.here);
    let (gate, name) = (&item.gate, &item.name);
    let doc_gate = &item.doc_gate;
    let target_model = &program.models[target];
    let path = super::model_path(target_model, Site::Models(here));
    let link = if target_model.module.as_slice() == here {
        format!("[`{}`]", target_model.name)
    } else {
        format!(
            "[`{}`](crate::models::{}::{})",
            target_model.name,
            target_model.module.join("::"),
            target_model.name
        )
    };
    let doc = Doc::default()
        .para(format!(
            "Identical to {link}, whose OVH name ({}) differs from this one ({}) only in case: an alias of it.",
            code(&target_model.wire),
            code(&m.wire),
        ))
        .tokens();
    quote! {
        #doc
        #gate
        #doc_gate
        pub type #name = #path;
    }
}

/// A model whose schema the generator does not understand: untyped JSON.
fn emit_untyped(item: &ModelItem<'_>) -> TokenStream {
    let (gate, name) = (&item.gate, &item.name);
    let doc_gate = &item.doc_gate;
    let described = item.described.clone();
    let doc = described
    .para("Its schema uses a construct this SDK's generator does not understand, so it is kept as untyped JSON.")
    .tokens();
    quote! {
        #doc
        #gate
        #doc_gate
        pub type #name = serde_json::Value;
    }
}

/// One field in a `decode_object!` invocation: its Rust name, wire name and how a missing or
/// `null` member reads (see `decode_object!` in the runtime's `codec/object.rs`).
fn decoded_field(f: &Field) -> TokenStream {
    let name = ident(&f.name);
    let wire = &f.wire;
    let kind = if f.optional {
        quote! { optional }
    } else if f.default {
        quote! { or_default }
    } else {
        quote! { required }
    };
    quote! { #wire => #name #kind }
}

/// One field of a struct `encode_object!` invocation: every field is encoded (a decoded model
/// encodes back to what it was read from); one OVH owns is marked `read_only`, and left out of
/// request bodies. `sent` is [`crate::ir::Model::sends`].
fn encoded_field(f: &Field, sent: bool) -> TokenStream {
    let name = ident(&f.name);
    let wire = &f.wire;
    let kind = match (f.optional, f.nullable) {
        (false, _) if f.default => quote! { blank },
        (false, _) => quote! { plain },
        (true, true) => quote! { nullable },
        (true, false) => quote! { skip_none },
    };
    let owned = (!sent).then(|| quote! { read_only });
    quote! { #wire => #name #kind #owned }
}

/// One struct field, documented by its description and notes (see [`crate::resolve::docs`]);
/// how it is encoded and decoded is `encode_object!`'s and `decode_object!`'s.
fn field(program: &Program, f: &Field, from: Site<'_>) -> TokenStream {
    let ty = owned(&program.models, &f.ty, from);
    let ty = if f.boxed {
        quote! { Box<#ty> }
    } else {
        ty
    };
    let ty = if f.optional {
        quote! { Option<#ty> }
    } else {
        ty
    };
    let name = ident(&f.name);
    let doc = Doc::noted(f.description.as_deref(), &f.notes).tokens();
    quote! {
        #doc
        pub #name: #ty,
    }
}
