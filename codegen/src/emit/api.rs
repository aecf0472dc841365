//! Operations → `src/generated/api/**`: the path tree rooted at `Client`, one module per API.
//!
//! Each path node is a small struct holding the client and the path values collected so far
//! (owned, so requests can be moved into spawned tasks). Methods lead to child nodes (`bill()`,
//! `bill_id(id)`) or send an operation (`get`, `post`, `put`, `delete`).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::derives::{struct_traits, DocDerives};
use super::docs::{code, Doc};
use super::{borrowed, cfg, features_cfg, header, ident, owned, FileTokens, Site};
use crate::ir::StatusValue;
use crate::ir::{
    ApiId, Arg, Body, Model, Modify, Node, NodeId, NodeParam, Op, ParamKind, Place, Program,
    ReadLink, Segment, Wait,
};
use crate::types::{Prim, TypeRef};

/// Emits `src/generated/api/mod.rs` and one file per API with paths.
pub fn emit(program: &Program) -> Vec<FileTokens> {
    let mut out = vec![emit_root(program)];
    for (ai, api) in program.apis_by_id() {
        let Some(root) = api.root else { continue };
        let mut doc = Doc::default()
            .para(format!(
                "The {} API (feature {}).",
                code(&api.path),
                code(&api.feature)
            ))
            .para(format!(
                "Start from `client.{}()`.",
                path_to(program, root).join("().")
            ));
        if let Some(version) = &api.version {
            doc = doc.para(format!(
                "Generated from {}, document version {} (its `info.version`).",
                code(&api.file),
                code(version)
            ));
        }
        let mut tokens = doc.inner_tokens();
        let mut nodes = TokenStream::new();
        let mut uses_models = false;
        let mut has_ops = false;
        let mut has_nodes = false;
        for (ni, n) in program.nodes.iter().enumerate() {
            if n.module != Some(ai) {
                continue;
            }
            has_nodes = true;
            has_ops |= !n.ops.is_empty();
            uses_models |= node_uses_models(n);
            nodes.extend(emit_node(program, NodeId(ni)));
        }
        // An API whose every operation was left out has no node (see `resolve/paths.rs`).
        if has_nodes {
            tokens.extend(quote! { use crate::runtime::contract::PathNode; });
        }
        if has_ops {
            tokens.extend(quote! { use crate::Method; });
        }
        if uses_models {
            tokens.extend(quote! { use crate::models; });
        }
        tokens.extend(nodes);
        out.push(FileTokens {
            path: format!("src/generated/api/{}.rs", api.module),
            header: header(program, &BTreeSet::from([ai])),
            tokens,
        });
    }
    out
}

/// Method names from the client to a node.
pub(super) fn path_to(program: &Program, mut n: NodeId) -> Vec<String> {
    let mut names = Vec::new();
    while let Some(p) = program.nodes[n].parent {
        let m = &program.nodes[n].method;
        names.push(m.clone());
        n = p;
    }
    names.reverse();
    names
}

fn node_uses_models(n: &Node) -> bool {
    let mut found = false;
    let mut check = |t: &TypeRef| t.for_each_model(&mut |_| found = true);
    for op in &n.ops {
        crate::ir::op_types(op, &mut check);
    }
    found
}

/// `src/generated/api/mod.rs`: modules, `Client` entry points, nodes above API roots.
fn emit_root(program: &Program) -> FileTokens {
    let with_paths: BTreeSet<ApiId> = program
        .apis
        .iter()
        .enumerate()
        .filter(|(_, a)| a.root.is_some())
        .map(|(i, _)| ApiId(i))
        .collect();
    let mut body = Doc::default()
        .para("The OVH API as a tree of paths, starting from `Client`: `client.me().bill().bill_id(\"FR123\").get().await`.")
        .para("Each `{param}` segment is a method taking its value; `get`, `post`, `put` and `delete` send the operation of their node. Each API is behind its cargo feature.")
        .inner_tokens();
    for ai in &with_paths {
        let api = &program.apis[*ai];
        let name = ident(&api.module);
        let feature = &api.feature;
        // No outer doc here: rustdoc would print it before the module file's own `//!` docs,
        // which start with the same sentence (and give the parent's module list its summary).
        body.extend(quote! { #[cfg(feature = #feature)] pub mod #name; });
    }
    let gate = features_cfg(program, &with_paths);
    body.extend(quote! { #gate use crate::runtime::contract::PathNode; });
    // Client entry points.
    let root = &program.nodes[NodeId::CLIENT];
    let edges: Vec<TokenStream> = root
        .children
        .iter()
        .map(|c| edge(program, NodeId::CLIENT, *c, true))
        .collect();
    // No gate on the impl itself: each method has its API's, and an impl whose methods are all
    // compiled out is empty, not unused. A gate here would be joined to every method's in the
    // feature notes of docs.rs (`(crate features all-dom or ... or xdsl) and crate feature me`).
    if !edges.is_empty() {
        body.extend(quote! {
            impl crate::Client {
                #( #edges )*
            }
        });
    }
    for (ni, n) in program.nodes.iter().enumerate().skip(1) {
        if n.module.is_none() {
            body.extend(emit_node(program, NodeId(ni)));
        }
    }
    FileTokens {
        path: "src/generated/api/mod.rs".into(),
        header: header(program, &BTreeSet::new()),
        tokens: body,
    }
}

/// The method on node `parent` leading to child `c`. `gated`: nodes of `api/mod.rs` carry
/// the features of the APIs below them.
fn edge(program: &Program, parent: NodeId, c: NodeId, gated: bool) -> TokenStream {
    let p = &program.nodes[parent];
    let n = &program.nodes[c];
    let name = ident(&n.method);
    let ty = format_ident!("{}", n.type_name);
    let ty = match (p.module, n.module) {
        (None, Some(ai)) => {
            let m = ident(&program.apis[ai].module);
            quote! { #m::#ty }
        }
        _ => quote! { #ty },
    };
    let gate = if gated && parent == NodeId::CLIENT {
        // `impl crate::Client` has no gate of its own: each entry point carries its APIs'.
        features_cfg(program, &n.apis)
    } else if gated && p.module.is_none() {
        cfg(program, &n.apis, &p.apis)
    } else {
        TokenStream::new()
    };
    let this = if parent == NodeId::CLIENT {
        quote! { PathNode::new(self) }
    } else {
        quote! { self.0 }
    };
    let lint = allow(&n.allow);
    match &n.segment {
        Segment::Param(pname) => {
            let NodeParam { kind, description } = n.param.clone().unwrap_or(NodeParam {
                kind: ParamKind::Display,
                description: None,
            });
            let arg = ident(&crate::naming::value_name(pname));
            let arg_ty = placeholder_type(program, &kind);
            let doc = Doc::new(
                description.as_deref(),
                &format!("The {} placeholder.", code(pname)),
            )
            .para(format!("Leads to {}.", code(&n.path)))
            .tokens();
            let batch = batch_edge(program, n, &gate, &this);
            quote! {
                #doc #gate #lint
                pub fn #name(&self, #arg: #arg_ty) -> #ty {
                    #ty(#this.param(#arg))
                }

                #batch
            }
        }
        _ => {
            let api = program.apis.iter().find(|a| a.root == Some(c));
            let text = match api {
                Some(a) => format!("The {} API (feature {}).", code(&a.path), code(&a.feature)),
                None => format!("Leads to {}.", code(&n.path)),
            };
            let doc = Doc::default().para(text).tokens();
            let value = if parent == NodeId::CLIENT {
                this
            } else {
                quote! { self.0.clone() }
            };
            quote! {
                #doc #gate #lint
                pub fn #name(&self) -> #ty {
                    #ty(#value)
                }
            }
        }
    }
}

/// The argument type of a `{param}` method: the type its operations declare when it is a
/// primitive or a model passed by value, else anything printable.
fn placeholder_type(program: &Program, kind: &ParamKind) -> TokenStream {
    match kind {
        ParamKind::Typed(TypeRef::Prim(Prim::String | Prim::Password)) => quote! { &str },
        ParamKind::Typed(TypeRef::Prim(Prim::Long)) => quote! { i64 },
        ParamKind::Typed(TypeRef::Prim(Prim::Double)) => quote! { f64 },
        ParamKind::Typed(TypeRef::Prim(Prim::Bool)) => quote! { bool },
        ParamKind::Typed(t @ TypeRef::Model { .. }) if super::by_value(&program.models, t) => {
            borrowed(&program.models, t, Site::Api)
        }
        _ => quote! { impl std::fmt::Display },
    }
}

/// A node: its struct, its methods, and the request wrappers of its operations.
fn emit_node(program: &Program, ni: NodeId) -> TokenStream {
    let n = &program.nodes[ni];
    let in_root = n.module.is_none();
    let gate = if in_root {
        features_cfg(program, &n.apis)
    } else {
        TokenStream::new()
    };
    let ty = format_ident!("{}", n.type_name);
    let vis = if in_root {
        quote! {}
    } else {
        quote! { pub(super) }
    };
    let mut summary = Doc::default().para(format!("The {} path.", code(&n.path)));
    if !n.ops.is_empty() {
        let verbs: Vec<String> = n.ops.iter().map(|o| format!("`{}`", o.fn_name)).collect();
        summary = summary.para(format!("Operations: {}.", verbs.join(", ")));
    }
    let doc = summary.tokens();
    let edges: Vec<TokenStream> = n
        .children
        .iter()
        .map(|c| edge(program, ni, *c, true))
        .collect();
    let mut extra = TokenStream::new();
    let ops: Vec<TokenStream> = n
        .ops
        .iter()
        .map(|op| {
            let (method, items) = emit_op(program, op);
            extra.extend(items);
            method
        })
        .collect();
    let modify = n.modify.as_ref().map(|m| modify_method(program, m));
    quote! {
        #doc
        #gate
        #[derive(Clone)]
        pub struct #ty(#vis PathNode);

        #gate
        impl #ty {
            #( #ops )*
            #modify
            #( #edges )*
        }

        #extra
    }
}

/// A node's `modify` method: its `GET` and `PUT` (templates and required IAM actions) handed
/// to the runtime's `PathNode::modify`, `change` typed as the `PUT` body's target spec.
fn modify_method(program: &Program, m: &Modify) -> TokenStream {
    let name = ident(&m.name);
    let spec = owned(&program.models, &m.spec, Site::Api);
    let response = owned(&program.models, &m.response, Site::Api);
    let (get, get_actions) = (&m.get.template, &m.get.iam);
    let (put, put_actions) = (&m.put.template, &m.put.iam);
    let mut doc = Doc::default()
        .para("Reads the resource, applies `change` to its target spec, and `PUT`s it with the checksum read; again (up to `crate::MODIFY_ATTEMPTS` times) when OVH answers that the checksum is stale (409 or 412). `change` may run more than once.")
        .para(format!(
            "Sends {}, then {} with its `checksum` and the changed `targetSpec`.",
            code(&format!("GET {get}")),
            code(&format!("PUT {put}"))
        ));
    if let Some(clash) = &m.clash {
        doc = doc.para(format!(
            "Named {}: the name `modify` is taken by {clash}.",
            code(&m.name)
        ));
    }
    let doc = doc.tokens();
    quote! {
        #doc
        pub fn #name(
            &self,
            change: impl FnMut(&mut #spec) + Send + 'static,
        ) -> crate::SendFuture<#response> {
            self.0.modify((#get, &[#( #get_actions ),*]), (#put, &[#( #put_actions ),*]), change)
        }
    }
}

/// One operation: the method on its node, and its request wrapper when it has setters.
fn emit_op(program: &Program, op: &Op) -> (TokenStream, TokenStream) {
    let models = &program.models;
    let name = ident(&op.fn_name);
    let line = format!("`{} {}`", op.method.as_str(), op.template);
    let doc = op_doc(op, &line).tokens();
    let deprecated = op
        .deprecated
        .as_ref()
        .map(|note| quote! { #[deprecated(note = #note)] });
    let call = op_call(models, op, &line);
    let params = &call.params;
    let mut extra = call.extra;
    let too_many = allow(&op.allow);
    let shape = op_shape(models, op, call.request);
    let (returns, build) = (&shape.returns, &shape.build);
    let method = match &op.builder {
        None => quote! {
            #doc #deprecated #too_many
            pub fn #name(&self, #( #params ),*) -> #returns {
                #build
            }
        },
        Some(b) => {
            let b = format_ident!("{}", b);
            let (macro_path, output) = (&shape.methods, &shape.output);
            let methods = quote! { #macro_path!(#b, #output) };
            let wrapper_doc = format!("Request of {line}{}", shape.sentence);
            extra.extend(request_wrapper(
                models,
                op,
                &b,
                returns,
                methods,
                &wrapper_doc,
            ));
            quote! {
                #doc #deprecated #too_many
                pub fn #name(&self, #( #params ),*) -> #b {
                    #b(#build)
                }
            }
        }
    };
    (method, extra)
}

/// The docs of an operation's method: description, status, authentication, badges,
/// pagination, IAM actions, arguments and setters.
fn op_doc(op: &Op, line: &str) -> Doc {
    // Without a description the line itself is the first paragraph: not repeated.
    let mut doc = Doc::described_or(op.description.as_deref(), &format!("{line}."), line);
    if let Some(status) = status_para(op) {
        doc = doc.para(status);
    }
    if op.no_auth {
        doc = doc.para("Sent without authentication.");
    }
    if op.internal {
        doc = doc.para(
            "**Internal use only**: OVHcloud marks this operation as not meant for customers; it may change or be refused without notice.",
        );
    }
    if !op.badges.is_empty() {
        let list: Vec<String> = op.badges.iter().map(|b| super::docs::escape(b)).collect();
        doc = doc.para(format!("Console badges: {}.", list.join(", ")));
    }
    if op.paginated {
        doc = doc.para(
            "A cursor-paginated list: `.await` returns every item, following `X-Pagination-Cursor-Next` page after page; `.stream()` yields the items, fetching each page only as they are consumed; `.page(cursor)` returns one page and its next cursor; `.page_size(n)` sets `X-Pagination-Size`.",
        );
    }
    if let Some(line) = wait_para(&op.wait) {
        doc = doc.para(line);
    }
    if !op.iam.is_empty() {
        let list: Vec<String> = op
            .iam
            .iter()
            .map(|a| {
                let optional = if a.required { "" } else { " (optional)" };
                format!("{}{optional}", code(&a.action))
            })
            .collect();
        doc = doc.para(format!("IAM actions: {}.", list.join(", ")));
    }
    let args = args_para(op);
    if !args.is_empty() {
        doc = doc.para(args);
    }
    let setters = setters_para(op);
    if !setters.is_empty() {
        doc = doc.para(setters);
    }
    doc
}

/// The paragraph saying what a task or resource operation's request waits for (none for
/// other operations: every `GET` can `.wait_until`, which is not worth a line each).
fn wait_para(wait: &Wait) -> Option<String> {
    let get = |link: &ReadLink| code(&format!("GET {}", link.template));
    match wait {
        Wait::Task(task) => Some(format!(
            "Answers a task: `.wait()` polls {} until it finishes.",
            code(&format!("GET {}", task.template))
        )),
        Wait::Reread { resource: true } => Some(
            "A /v2 resource: `.wait_ready()` polls it until its `resourceStatus` is `READY`."
                .into(),
        ),
        Wait::Ready(link) => Some(format!(
            "Answers a /v2 resource: `.wait()` polls {} until it is `READY`.",
            get(link)
        )),
        Wait::Gone(link) => Some(format!(
            "Deletes a /v2 resource: `.wait()` polls {} until it answers 404.",
            get(link)
        )),
        Wait::None | Wait::Reread { resource: false } => None,
    }
}

/// The paragraph saying an operation is not in production, if it is not.
fn status_para(op: &Op) -> Option<String> {
    match op.status {
        StatusValue::Beta => Some("**Beta**: this operation may still change.".into()),
        StatusValue::Alpha => {
            Some("**Alpha**: this operation is experimental and may change or disappear.".into())
        }
        StatusValue::Deprecated => {
            let note = op.deprecated.as_deref().unwrap_or("deprecated");
            Some(format!(
                "**Deprecated** {}.",
                super::docs::escape(note.strip_prefix("deprecated ").unwrap_or(note))
            ))
        }
        StatusValue::Production => None,
    }
}

/// The list of an operation's arguments, one line each (empty when it has none). With a
/// parameters struct, the required body parameters are documented on its fields.
fn args_para(op: &Op) -> String {
    let mut arg_docs: Vec<String> = op
        .args
        .iter()
        .filter(|a| !op.in_params_struct(a))
        .map(|a| {
            let mut item = arg_doc(
                &a.name,
                &a.wire,
                &format!("{} parameter", a.place.as_str()),
                a.description.as_deref(),
            );
            // The notes continue the list item, one line per item in a tight list.
            for n in &a.notes {
                item.push(' ');
                item.push_str(n);
            }
            item
        })
        .collect();
    if let Some(ps) = &op.params_struct {
        arg_docs.push(format!(
            "- {}: the required body parameters, each named (see [`{ps}`]).",
            code(op.body_arg.trim_start_matches("r#"))
        ));
    }
    if let Body::Whole { description, .. } = &op.body {
        arg_docs.push(arg_doc(
            &op.body_arg,
            "",
            "request body",
            // Most schemas describe an unnamed body as just "Request Body",
            // which would only repeat the line.
            description
                .as_deref()
                .filter(|d| !d.trim().eq_ignore_ascii_case("request body")),
        ));
    }
    arg_docs.join("\n")
}

/// The sentence listing an operation's setters by place (empty when it has none).
fn setters_para(op: &Op) -> String {
    let mut optional = Vec::new();
    for place in [Place::Query, Place::Header, Place::Body] {
        let list: Vec<String> = op
            .setters
            .iter()
            .filter(|s| s.place == place)
            .map(|s| format!("`{}`", s.name.trim_start_matches("r#")))
            .collect();
        if !list.is_empty() {
            optional.push(format!(
                "Optional {} parameters are set on the returned request: {}.",
                place.as_str(),
                list.join(", ")
            ));
        }
    }
    optional.join(" ")
}

/// What an operation's method takes and builds.
struct OpCall {
    /// The method's parameters after `&self`.
    params: Vec<TokenStream>,
    /// The `ApiRequest` built from them.
    request: TokenStream,
    /// Items beside the node: the parameters struct, if any.
    extra: TokenStream,
}

/// Arguments and request construction: query pairs, then the body.
fn op_call(models: &BTreeMap<String, Model>, op: &Op, line: &str) -> OpCall {
    let mut params = Vec::new();
    let mut chain = Vec::new();
    let mut body_chain = Vec::new();
    let body_arg = ident(&op.body_arg);
    let mut extra = TokenStream::new();
    for a in &op.args {
        let an = ident(&a.name);
        if op.in_params_struct(a) {
            let wire = &a.wire;
            body_chain.push(quote! { .body_field(#wire, &#body_arg.#an) });
            continue;
        }
        let at = borrowed(models, &a.ty, Site::Api);
        params.push(quote! { #an: #at });
        let call = send(models, a, quote! { #an });
        match a.place {
            Place::Query | Place::Header => chain.push(call),
            Place::Body => body_chain.push(call),
        }
    }
    // The required body parameters' struct comes after the required query parameters.
    if let Some(ps) = &op.params_struct {
        let ps = format_ident!("{}", ps);
        params.push(quote! { #body_arg: &#ps });
        extra.extend(params_struct(models, op, &ps, line));
    }
    match &op.body {
        Body::None => {}
        Body::Whole { ty, .. } => {
            let bt = borrowed(models, ty, Site::Api);
            params.push(quote! { #body_arg: #bt });
            chain.push(if let Some(target) = super::converted(ty) {
                quote! { .body(&Into::<#target>::into(#body_arg)) }
            } else if super::by_value(models, ty) {
                quote! { .body(&#body_arg) }
            } else {
                quote! { .body(#body_arg) }
            });
        }
        Body::Fields => {
            chain.push(quote! { .body_object() });
            chain.extend(body_chain);
        }
    }
    if op.no_auth {
        chain.push(quote! { .unsigned() });
    }
    let template = &op.template;
    let verb = format_ident!("{}", crate::naming::type_name(op.method.as_str()));
    let actions = op.required_iam();
    let request =
        quote! { self.0.request(Method::#verb, #template, &[#(#actions),*]) #( #chain )* };
    OpCall {
        params,
        request,
        extra,
    }
}

/// The request type an operation's method returns, and what a wrapper of it gets.
struct OpShape {
    /// `crate::Paged<Item>`, `crate::TaskRequest<Response>`, `crate::GetRequest<Response>`…
    returns: TokenStream,
    /// The expression building it from the `ApiRequest`.
    build: TokenStream,
    /// The runtime macro giving a wrapper its methods.
    methods: TokenStream,
    /// The macro's arguments after the wrapper: the item or the response type (and, for a
    /// resource `GET`, `resource`).
    output: TokenStream,
    /// The end of the wrapper's doc sentence.
    sentence: &'static str,
}

/// A paginated list is a `crate::Paged` of its items, any other operation what its
/// [`crate::ir::Wait`] says (see [`wait_shape`]); with optional parameters, each is wrapped
/// in a request type whose setters change the underlying request and whose other methods
/// come from the runtime macro the shape names.
fn op_shape(models: &BTreeMap<String, Model>, op: &Op, request: TokenStream) -> OpShape {
    let response = owned(models, &op.response, Site::Api);
    if op.paginated {
        let item = match &op.response {
            TypeRef::Array(item) => owned(models, item, Site::Api),
            _ => response,
        };
        OpShape {
            returns: quote! { crate::Paged<#item> },
            build: quote! { #request.pages() },
            methods: quote! { crate::runtime::contract::paged_request },
            output: item,
            sentence: ", a cursor-paginated list: set optional parameters, then `.await` it (every item), `.stream()` it or ask for one `.page(cursor)`.",
        }
    } else {
        wait_shape(&op.wait, response, request)
    }
}

/// The shape of an operation that is no list: a `crate::TaskRequest` with its task's `GET`
/// attached (`task_request!`), a `crate::GetRequest` for a `GET` (`get_request!`, with
/// `resource` for a resource), a `crate::ResourceRequest` or a `crate::DeleteRequest` with
/// the resource's `GET` attached, else a plain `crate::Request`.
fn wait_shape(wait: &Wait, response: TokenStream, request: TokenStream) -> OpShape {
    let poll = |link: &ReadLink| {
        let (template, actions) = (&link.template, &link.iam);
        quote! { self.0.resource_poll(#template, &[#( #actions ),*]) }
    };
    let (returns, build, methods, sentence) = match wait {
        Wait::None => (
            quote! { crate::Request<#response> },
            quote! { crate::Request::new(#request) },
            quote! { crate::runtime::contract::typed_request },
            ": set optional parameters, then `.await` or `.send()` it.",
        ),
        Wait::Task(task) => (
            quote! { crate::TaskRequest<#response> },
            {
                let (template, actions) = (&task.template, &task.iam);
                quote! {
                    crate::Request::with_task(#request, self.0.task_poll(#template, &[#( #actions ),*]))
                }
            },
            quote! { crate::runtime::contract::task_request },
            ": set optional parameters, then `.await` or `.send()` it, or `.wait()` for its task to finish.",
        ),
        Wait::Reread { resource } => (
            quote! { crate::GetRequest<#response> },
            quote! { crate::Request::reread(#request) },
            quote! { crate::runtime::contract::get_request },
            if *resource {
                ": set optional parameters, then `.await` or `.send()` it, `.wait_until(condition)` on its answer, or `.wait_ready()` for the resource to be `READY`."
            } else {
                ": set optional parameters, then `.await` or `.send()` it, or `.wait_until(condition)` on its answer."
            },
        ),
        Wait::Ready(link) => (
            quote! { crate::ResourceRequest<#response> },
            {
                let poll = poll(link);
                quote! { crate::Request::with_resource(#request, #poll) }
            },
            quote! { crate::runtime::contract::resource_request },
            ": set optional parameters, then `.await` or `.send()` it, or `.wait()` for the resource to be `READY`.",
        ),
        Wait::Gone(link) => (
            quote! { crate::DeleteRequest<#response> },
            {
                let poll = poll(link);
                quote! { crate::Request::with_gone(#request, #poll) }
            },
            quote! { crate::runtime::contract::delete_request },
            ": set optional parameters, then `.await` or `.send()` it, or `.wait()` for the resource to be gone.",
        ),
    };
    let output = match wait {
        Wait::Reread { resource: true } => quote! { #response, resource },
        _ => response,
    };
    OpShape {
        returns,
        build,
        methods,
        output,
        sentence,
    }
}

/// The request type of an operation with optional parameters: a wrapper of `inner` with one
/// setter per optional parameter, and the other methods from `methods`, a runtime macro call.
fn request_wrapper(
    models: &BTreeMap<String, Model>,
    op: &Op,
    b: &proc_macro2::Ident,
    inner: &TokenStream,
    methods: TokenStream,
    doc: &str,
) -> TokenStream {
    let setters = op.setters.iter().map(|s| {
        let sn = ident(&s.name);
        let st = borrowed(models, &s.ty, Site::Api);
        let call = send(models, s, quote! { #sn });
        let sdoc = setter_doc(s);
        quote! {
            #sdoc
            pub fn #sn(self, #sn: #st) -> Self {
                Self(self.0.map(|r| r #call))
            }
        }
    });
    let doc = Doc::default().para(doc).tokens();
    quote! {
        #doc
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #b(#inner);

        impl #b {
            #( #setters )*
        }

        #methods;
    }
}

/// The batch form of a parameter node's `GET`, a method of its parent: the same call for many
/// values at once (OVH's `X-Ovh-Batch` GET), one result per value in input order.
fn batch_edge(program: &Program, n: &Node, gate: &TokenStream, this: &TokenStream) -> TokenStream {
    let (Some(method), Some(op)) = (&n.batch, n.batchable_get()) else {
        return TokenStream::new();
    };
    let name = ident(method);
    let template = &op.template;
    let response = owned(&program.models, &op.response, Site::Api);
    let deprecated = op
        .deprecated
        .as_ref()
        .map(|note| quote! { #[deprecated(note = #note)] });
    let doc = Doc::default()
        .para(format!(
            "`GET {}` for many values at once: one batch call (`X-Ovh-Batch`) per 50 values, sent concurrently, answering one result per value in input order.",
            op.template
        ))
        .para(format!(
            "Each value is one path segment, as with {}; a value OVH cannot answer is an `Err` in its place.",
            // Rustdoc cannot link to a raw identifier (`r#type`).
            match n.method.strip_prefix("r#") {
                Some(raw) => format!("`{raw}()`"),
                None => format!("[`{0}`](Self::{0})", n.method),
            }
        ))
        .tokens();
    quote! {
        #doc #gate #deprecated
        pub fn #name<I>(&self, ids: I) -> crate::BatchRequest<#response>
        where
            I: IntoIterator,
            I::Item: std::fmt::Display,
        {
            #this.batch(#template, ids)
        }
    }
}

/// The struct of an operation's required body parameters: one public field each, named and
/// typed like the argument it replaces, so a forgotten one does not compile.
fn params_struct(
    models: &BTreeMap<String, Model>,
    op: &Op,
    name: &proc_macro2::Ident,
    line: &str,
) -> TokenStream {
    let body_args: Vec<&Arg> = op.args.iter().filter(|a| a.place == Place::Body).collect();
    let fields = body_args.iter().map(|a| {
        let an = ident(&a.name);
        let ty = owned(models, &a.ty, Site::Api);
        let doc = a
            .notes
            .iter()
            .fold(
                Doc::described_or(
                    a.description.as_deref(),
                    &format!("The {} body parameter.", code(&a.wire)),
                    &format!("Body parameter {}.", code(&a.wire)),
                ),
                |doc, n| doc.para(n.as_str()),
            )
            .tokens();
        quote! { #doc pub #an: #ty, }
    });
    let doc = Doc::default()
        .para(format!(
            "The required body parameters of {line}, each named at the call site; optional ones are setters on the request."
        ))
        .tokens();
    // A password is shown as `<redacted>`: `debug_object!` instead of a derived `Debug`.
    let redacts = body_args.iter().any(|a| a.ty.holds_password());
    let traits = struct_traits(redacts, false);
    // Its own `doc_derives!` line, after it: the file's items are not grouped.
    let mut derives = DocDerives::default();
    let attr = derives.add(&TokenStream::new(), name, None, &traits);
    let for_docs = derives.tokens();
    let debug_impl = redacts.then(|| {
        let shown = body_args.iter().map(|a| {
            let an = ident(&a.name);
            let secret = a.ty.holds_password().then(|| quote! { secret });
            quote! { #an #secret }
        });
        quote! { debug_object!(#name { #( #shown ),* }); }
    });
    quote! {
        #doc
        #attr
        pub struct #name {
            #( #fields )*
        }
        #for_docs
        #debug_impl
    }
}

/// Docs of a setter: the schema's description, the wire name, and the resolver's notes.
fn setter_doc(s: &Arg) -> TokenStream {
    let wire = &s.wire;
    let place = s.place.as_str();
    let sdoc = Doc::described_or(
        s.description.as_deref(),
        &format!("Sets the {} {place} parameter.", code(wire)),
        &format!(
            "{}{} parameter {}.",
            place[..1].to_ascii_uppercase(),
            &place[1..],
            code(wire)
        ),
    );
    s.notes
        .iter()
        .fold(sdoc, |doc, n| doc.para(n.as_str()))
        .tokens()
}

/// The call adding a named parameter held in `value` (its borrowed form) to the request:
/// `.query("wire", value)` or `.body_field("wire", value)`, borrowing values passed by value
/// and converting those taken as `impl Into<T>`.
fn send(models: &BTreeMap<String, Model>, a: &Arg, value: TokenStream) -> TokenStream {
    let wire = &a.wire;
    let value = if let Some(target) = super::converted(&a.ty) {
        quote! { &Into::<#target>::into(#value) }
    } else if super::by_value(models, &a.ty) {
        quote! { &#value }
    } else {
        value
    };
    match a.place {
        // Exploded form only changes arrays (one pair per item).
        Place::Query if a.explode && matches!(a.ty, TypeRef::Array(_)) => {
            let redact =
                a.ty.holds_password()
                    .then(|| quote! { .redact_query(#wire) });
            quote! { .query_exploded(#wire, #value) #redact }
        }
        Place::Query if a.ty.holds_password() => {
            quote! { .query(#wire, #value).redact_query(#wire) }
        }
        Place::Query => quote! { .query(#wire, #value) },
        Place::Header => quote! { .header_value(#wire, #value) },
        Place::Body => quote! { .body_field(#wire, #value) },
    }
}

fn arg_doc(name: &str, wire: &str, what: &str, description: Option<&str>) -> String {
    let name = name.trim_start_matches("r#");
    let mut s = if wire.is_empty() {
        format!("- {}: the {what}", code(name))
    } else if wire == name {
        format!("- {} ({what})", code(name))
    } else {
        format!("- {} ({} {what})", code(name), code(wire))
    };
    if let Some(d) = description
        .map(super::docs::escape)
        .filter(|d| !d.is_empty())
    {
        s.push_str(": ");
        s.push_str(&d);
    }
    if !s.ends_with('.') {
        s.push('.');
    }
    s
}

/// `#[allow(…)]` of the lints a resolver pass chose (`resolve/lints.rs`); nothing for none.
fn allow(lints: &[&str]) -> Option<TokenStream> {
    let paths: Vec<syn::Path> = lints
        .iter()
        .filter_map(|l| syn::parse_str(l).ok())
        .collect();
    (!paths.is_empty()).then(|| quote! { #[allow( #( #paths ),* )] })
}
