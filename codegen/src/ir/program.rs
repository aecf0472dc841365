//! Stage two of the intermediate representation: the resolved program the emitters print.
//! Rust names are chosen, types checked, duplicates merged, features computed.

use std::collections::{BTreeMap, BTreeSet};

use super::{Degraded, HttpMethod, IamAction, StatusValue};
use crate::types::{StrFormat, TypeRef};

/// One API of the index.
#[derive(Debug, Clone)]
pub struct Api {
    /// `/dedicated/server`
    pub path: String,
    /// `dedicated/server.json`
    pub file: String,
    /// Cargo feature: `dedicated-server`
    pub feature: String,
    /// Module under `api`: `dedicated_server`
    pub module: String,
    /// Root node of the API in the path tree (absent when the API has no paths).
    pub root: Option<NodeId>,
    /// Version of the document it was generated from (OpenAPI `info.version`).
    pub version: Option<String>,
}

/// An API's position in [`Program::apis`] (the order of the spec's APIs): its own type, so
/// that it cannot be taken for a node's or any other index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ApiId(pub usize);

impl std::ops::Index<ApiId> for [Api] {
    type Output = Api;
    fn index(&self, id: ApiId) -> &Api {
        &self[id.0]
    }
}

impl std::ops::Index<ApiId> for Vec<Api> {
    type Output = Api;
    fn index(&self, id: ApiId) -> &Api {
        &self[id.0]
    }
}

impl std::ops::IndexMut<ApiId> for Vec<Api> {
    fn index_mut(&mut self, id: ApiId) -> &mut Api {
        &mut self[id.0]
    }
}

/// A node's position in [`Program::nodes`] (node 0, [`NodeId::CLIENT`], is the client): its own
/// type, so that it cannot be taken for an API's or any other index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub usize);

impl NodeId {
    /// The root of the path tree: the client.
    pub const CLIENT: NodeId = NodeId(0);
}

impl std::ops::Index<NodeId> for [Node] {
    type Output = Node;
    fn index(&self, id: NodeId) -> &Node {
        &self[id.0]
    }
}

impl std::ops::IndexMut<NodeId> for [Node] {
    fn index_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self[id.0]
    }
}

impl std::ops::Index<NodeId> for Vec<Node> {
    type Output = Node;
    fn index(&self, id: NodeId) -> &Node {
        &self[id.0]
    }
}

impl std::ops::IndexMut<NodeId> for Vec<Node> {
    fn index_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self[id.0]
    }
}

/// A model, ready to emit.
#[derive(Debug, Clone)]
pub struct Model {
    /// Full schema name without generic arguments (`complexType.UnitAndValue`).
    pub wire: String,
    /// Module path under `models` (`["complex_type"]`).
    pub module: Vec<String>,
    /// Rust type name.
    pub name: String,
    /// Name shown in docs when it is not `wire` (see [`crate::ir::ModelSpec::ovh_name`]).
    pub ovh_name: Option<String>,
    /// Description from the schema.
    pub description: Option<String>,
    /// Struct or enum.
    pub kind: ModelKind,
    /// APIs whose feature compiles this model.
    pub apis: BTreeSet<ApiId>,
    /// APIs whose file defines this model.
    pub files: BTreeSet<ApiId>,
    /// Whether some query parameter holds it (directly or through other models): a filter,
    /// whose fields the schema may mark read-only although they are only ever sent. Elsewhere
    /// read-only fields are set by OVH and stay out of what is sent.
    pub in_query: bool,
    /// Set when the model is an OVH task that operations answer and a `GET` polls (see
    /// [`crate::resolve::tasks`]): how it is waited for.
    pub task: Option<TaskFamily>,
    /// Set when the model is a /v2 resource, a plain struct with a `resourceStatus` member
    /// (see [`crate::resolve::resources`]): it implements `crate::ResourceModel`.
    pub resource: bool,
}

/// How the runtime waits for a task model: the members it reads and what each status means
/// (decided by [`crate::resolve::tasks`]; the lists hold wire values, sorted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskFamily {
    /// The model's OVH name (`dedicated.server.Task`), naming the family.
    pub name: String,
    /// Wire name of the member holding the task's id (`taskId`).
    pub id: String,
    /// Wire name of the member holding its status (`status`, or `state`).
    pub status: String,
    /// String members that may explain the status, in order of preference (`comment`).
    pub messages: Vec<String>,
    /// Status values meaning the task finished well.
    pub success: Vec<String>,
    /// Status values meaning it finished badly (errors and cancellations).
    pub failure: Vec<String>,
    /// Every other known status value: still running.
    pub pending: Vec<String>,
    /// The task is removed once finished: its `GET` answering 404 means done.
    pub gone_means_done: bool,
}

/// The task an operation answers, and the `GET` that polls it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskLink {
    /// Wire name of the task model (a key of [`Program::models`] whose `task` is set).
    pub model: String,
    /// Template of the polling `GET` (`/dedicated/server/{serviceName}/task/{taskId}`): its
    /// parameters but the last are among the operation's, the last is the task's id.
    pub template: String,
    /// The required IAM actions of that `GET`.
    pub iam: Vec<String>,
}

/// What an operation's request can wait for once sent (a task: decided by
/// [`crate::resolve::tasks`]; the rest by [`crate::resolve::resources`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Wait {
    /// Nothing: a `crate::Request` (a paginated list: a `crate::Paged`).
    #[default]
    None,
    /// An operation answering an OVH task, read at the task's `GET` until it finishes:
    /// `crate::TaskRequest`.
    Task(TaskLink),
    /// A `GET` that can be sent again until its answer satisfies a condition:
    /// `crate::GetRequest`.
    Reread {
        /// Its answer is a resource model: it can also `.wait_ready()`.
        resource: bool,
    },
    /// A `POST` or `PUT` answering a resource, read at its `GET` until `READY`:
    /// `crate::ResourceRequest`.
    Ready(ReadLink),
    /// A `DELETE` of a resource, read at its `GET` until it answers 404:
    /// `crate::DeleteRequest`.
    Gone(ReadLink),
}

impl Wait {
    /// The task link, when the operation answers a task.
    pub fn task(&self) -> Option<&TaskLink> {
        match self {
            Wait::Task(link) => Some(link),
            _ => None,
        }
    }
}

/// The `GET` a waiting operation reads its resource at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadLink {
    /// Its template (`/v2/widget/{widgetId}`): the operation's own, or the operation's plus
    /// one `{param}` segment, the resource's id the answer gives.
    pub template: String,
    /// Its required IAM actions.
    pub iam: Vec<String>,
}

/// A node's `modify` method: read a resource updated with `checksum` + `targetSpec`, change
/// its target spec, `PUT` it back (decided by [`crate::resolve::resources`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Modify {
    /// The method's name: `modify`, or `modify_2` when the node already has a method named so.
    pub name: String,
    /// What holds the name `modify` on the node, when it was renamed (`the path
    /// `/v2/gadget/{gadgetId}/modify``).
    pub clash: Option<String>,
    /// The node's `GET`, answering a model with `checksum` and `targetSpec`.
    pub get: ReadLink,
    /// The node's `PUT`, whose body is a model with `checksum` and `targetSpec`.
    pub put: ReadLink,
    /// The type of the `PUT` body's `targetSpec`: what `change` gets to edit.
    pub spec: TypeRef,
    /// The `PUT`'s response type.
    pub response: TypeRef,
}

/// Shape of a model.
#[derive(Debug, Clone)]
pub enum ModelKind {
    /// An object.
    Struct {
        /// Generic parameter names.
        generics: Vec<String>,
        /// Fields, sorted by wire name.
        fields: Vec<Field>,
        /// The name of the last field, the `crate::Wire` that keeps what an answer held beyond
        /// the fields (members they do not name, which were absent or `null`): `wire`, or
        /// `wire_2` when a schema member takes that name.
        wire_field: String,
    },
    /// An enum of strings.
    StringEnum {
        /// Known values.
        variants: Vec<(String, String)>,
        /// Name of the catch-all variant.
        other: String,
    },
    /// An enum of integers (`enumType: long`).
    LongEnum {
        /// Known values.
        variants: Vec<(String, i64)>,
        /// Name of the catch-all variant.
        other: String,
    },
    /// An enum of floating-point numbers (`enumType: double`).
    DoubleEnum {
        /// Known values.
        variants: Vec<(String, f64)>,
        /// Name of the catch-all variant.
        other: String,
    },
    /// A value of one of several types (OpenAPI `oneOf` / `anyOf`): an enum with one variant
    /// per type, and a catch-all keeping any other value as received.
    Union {
        /// The member naming the variant (`discriminator.propertyName`); `None`: the variants
        /// hold values of different JSON kinds, which tell them apart.
        tag: Option<String>,
        /// The variants, in the order they are tried.
        variants: Vec<Variant>,
        /// Name of the catch-all variant (`Other`), holding a `serde_json::Value`.
        other: String,
    },
    /// A definition the generator did not understand: an alias of `serde_json::Value`, which
    /// holds whatever the API sends (reported as degraded).
    Untyped,
    /// A model field-for-field identical to another whose name it would have clashed with
    /// (`hosting.privateDatabase.task` and `hosting.PrivateDatabase.Task`): a `pub type` alias
    /// of that model, which every reference uses instead.
    Alias {
        /// Wire name of the model it is an alias of.
        target: String,
    },
}

/// A struct field (model property).
#[derive(Debug, Clone)]
pub struct Field {
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub name: String,
    /// Type.
    pub ty: TypeRef,
    /// Emitted as `Option<T>`.
    pub optional: bool,
    /// OVH writes an unset value as `null` (every /1.0 member, a nullable /v2 one): an optional
    /// field's `None` encodes as `null`, otherwise as an absent member.
    pub nullable: bool,
    /// Missing or `null` reads as the type's empty value (plain primitive/collection the API may omit).
    pub default: bool,
    /// Read-only property.
    pub read_only: bool,
    /// Emitted as `Box<T>`: the type contains the struct itself (recursive model).
    pub boxed: bool,
    /// Description.
    pub description: Option<String>,
    /// What the schema says of its strings' text (`datetime`), see [`Typed::format`].
    ///
    /// [`Typed::format`]: crate::ir::Typed::format
    pub format: Option<StrFormat>,
    /// Paragraphs of generated Markdown said after the description, or alone when there is
    /// none (decided by [`crate::resolve::docs`]).
    pub notes: Vec<String>,
}

/// One segment of a path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Segment {
    /// The client itself.
    Root,
    /// A fixed segment.
    Literal(String),
    /// A `{name}` placeholder.
    Param(String),
}

/// How a path parameter value is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamKind {
    /// One known type.
    Typed(TypeRef),
    /// Operations disagree on the type: anything `Display`.
    Display,
}

/// A node of the path tree.
#[derive(Debug, Clone)]
pub struct Node {
    /// Its segment.
    pub segment: Segment,
    /// Template prefix up to this node (`/me/bill/{billId}`).
    pub path: String,
    /// Parent node.
    pub parent: Option<NodeId>,
    /// Children, sorted by segment.
    pub children: Vec<NodeId>,
    /// Method name on the parent that leads here.
    pub method: String,
    /// Rust struct name.
    pub type_name: String,
    /// API owning the node (its module), `None` above API roots (`api/mod.rs`).
    pub module: Option<ApiId>,
    /// APIs with operations at or under this node.
    pub apis: BTreeSet<ApiId>,
    /// For param nodes: the accepted type, and a description.
    pub param: Option<NodeParam>,
    /// Operations on this path.
    pub ops: Vec<Op>,
    /// For a parameter node with a batchable `GET` (see [`Node::batchable_get`]): the name of
    /// the method on its parent sending that `GET` for many values at once.
    pub batch: Option<String>,
    /// Its `modify` method, when its `GET` and `PUT` are those of a resource updated with
    /// `checksum` + `targetSpec`.
    pub modify: Option<Modify>,
    /// Lints allowed on the method leading here (see [`crate::resolve::lints`]).
    pub allow: Vec<&'static str>,
}

/// The value a `{param}` node takes.
#[derive(Debug, Clone)]
pub struct NodeParam {
    /// The type its operations declare (or anything printable).
    pub kind: ParamKind,
    /// The first description one of them gives.
    pub description: Option<String>,
}

/// The body of an operation.
#[derive(Debug, Clone)]
pub enum Body {
    /// No body.
    None,
    /// Unnamed body parameter: the whole body is this type.
    Whole {
        /// The type.
        ty: TypeRef,
        /// Description.
        description: Option<String>,
    },
    /// Named body parameters: a JSON object built member by member. The parameters themselves
    /// are in [`Op::args`] (required) and [`Op::setters`] (optional), with [`Place::Body`].
    Fields,
}

/// Where a named parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// In the query string.
    Query,
    /// As a request header.
    Header,
    /// As a member of the JSON object body.
    Body,
}

impl Place {
    /// `query` or `body`, for docs.
    pub fn as_str(self) -> &'static str {
        match self {
            Place::Query => "query",
            Place::Header => "header",
            Place::Body => "body",
        }
    }
}

/// A named query or body parameter.
#[derive(Debug, Clone)]
pub struct Arg {
    /// Where it is sent.
    pub place: Place,
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub name: String,
    /// Type.
    pub ty: TypeRef,
    /// Query arrays sent as one pair per item (OpenAPI `form` + `explode`).
    pub explode: bool,
    /// Description.
    pub description: Option<String>,
    /// What the schema says of its strings' text (`datetime`).
    pub format: Option<StrFormat>,
    /// Paragraphs of generated Markdown said after the description (decided by
    /// [`crate::resolve::docs`]: a date's format, whether a bound is inclusive).
    pub notes: Vec<String>,
}

/// A schema example, with the type it must decode into.
#[derive(Debug, Clone)]
pub struct Example {
    /// Its name in the schema.
    pub name: String,
    /// JSON location of the value (in its operation's API file).
    pub at: String,
    /// A request body example (else a response example).
    pub request: bool,
    /// The type: the body or the response type.
    pub ty: TypeRef,
    /// The value.
    pub value: serde_json::Value,
    /// Name of the test that checks it (set by [`crate::resolve::examples`]).
    pub test_name: String,
    /// What the value must encode back to: itself without the members its types never send.
    pub sent: serde_json::Value,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Op {
    /// HTTP method.
    pub method: HttpMethod,
    /// Rust method name (`get`...).
    pub fn_name: String,
    /// Full path template.
    pub template: String,
    /// Description.
    pub description: Option<String>,
    /// Status.
    pub status: StatusValue,
    /// Note of `#[deprecated]`.
    pub deprecated: Option<String>,
    /// IAM actions (name, required).
    pub iam: Vec<IamAction>,
    /// Sent unsigned.
    pub no_auth: bool,
    /// Response type.
    pub response: TypeRef,
    /// Required query parameters, then required body parameters (positional arguments).
    pub args: Vec<Arg>,
    /// Optional query parameters, then optional body parameters (builder setters).
    pub setters: Vec<Arg>,
    /// Name of the body argument.
    pub body_arg: String,
    /// Body.
    pub body: Body,
    /// Builder type name when there are setters.
    pub builder: Option<String>,
    /// Name of the struct holding the required body parameters, when there are more than
    /// [`Op::MAX_BODY_ARGS`] of them (see [`Op::body_params_struct`]).
    pub params_struct: Option<String>,
    /// The API it belongs to.
    pub api: ApiId,
    /// Cursor-paginated list: `response` is `Vec<item>`.
    pub paginated: bool,
    /// Console badges.
    pub badges: Vec<String>,
    /// Not meant for customers (see [`crate::ir::spec::OpSpec::internal`]).
    pub internal: bool,
    /// Schema examples of the request body and response.
    pub examples: Vec<Example>,
    /// What the request can wait for once sent (see [`Wait`]).
    pub wait: Wait,
    /// Lints allowed on its method (see [`crate::resolve::lints`]).
    pub allow: Vec<&'static str>,
    /// Where its password-typed values are on the wire, as `query/<name>`,
    /// `request/<member>/…` or `response/…` (see [`crate::resolve::secrets`]).
    pub secrets: Vec<String>,
}

/// Counts printed by `generate`.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// APIs in the index.
    pub apis: usize,
    /// APIs without paths (no module, feature kept).
    pub empty_apis: Vec<String>,
    /// Paths.
    pub paths: usize,
    /// Operations.
    pub operations: usize,
    /// Model definitions across files.
    pub model_definitions: usize,
    /// Distinct model names.
    pub distinct_models: usize,
    /// Distinct names that are instantiated copies of a generic model (folded into it).
    pub generic_instances: usize,
    /// Names defined differently in several files (merged).
    pub merged_conflicts: usize,
    /// Rust items generated for models.
    pub model_items: usize,
    /// Renames caused by collisions (wire name → Rust path).
    pub renamed: Vec<String>,
    /// Collision twins folded into the model they duplicate (wire name → Rust path).
    pub folded: Vec<String>,
    /// Cursor-paginated operations.
    pub paginated: usize,
    /// Request and response examples.
    pub examples: usize,
    /// Names defined differently by files of both formats (merged), with their files.
    pub merged_across_formats: Vec<String>,
    /// Generic models no file defines, recovered from their concrete copies
    /// (`complexType.UnitAndValue<T>` from `complexType.UnitAndValue_double`).
    pub recovered_generics: Vec<String>,
    /// How many files of each format were read.
    pub sources: Sources,
    /// Remarks that are not degradations (see [`crate::ir::Spec::warnings`]).
    pub warnings: Vec<String>,
    /// Operations linked to the task they answer (see [`crate::resolve::tasks`]).
    pub tasks: TaskStats,
    /// What the resources pass linked (see [`crate::resolve::resources`]).
    pub resources: ResourceStats,
}

/// What the resources pass linked, for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceStats {
    /// Resource models (`impl crate::ResourceModel`).
    pub models: usize,
    /// `GET`s answering a resource model (`.wait_ready()`).
    pub ready_gets: usize,
    /// `POST`s and `PUT`s answering a resource, linked to its `GET` (`.wait()`).
    pub answers: usize,
    /// `DELETE`s of a resource, linked to its `GET` (`.wait()` until 404).
    pub deletes: usize,
    /// The paths of the nodes with a `modify` method, sorted.
    pub modify: Vec<String>,
}

/// What the task pass linked, for the summary.
#[derive(Debug, Clone, Default)]
pub struct TaskStats {
    /// Task family (its model's OVH name, [`TaskFamily::name`]) → its linked operations.
    pub linked: BTreeMap<String, TaskCount>,
    /// Operations answering a task model that no task `GET` of their API polls (`POST
    /// /a/{id}/b answers a.Task`), sorted: plain requests.
    pub unlinked: Vec<String>,
}

/// The operations linked to one task model.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TaskCount {
    /// Operations other than `GET` answering it.
    pub answers: usize,
    /// Its task `GET`s (`…/task/{taskId}`), each linked to itself.
    pub gets: usize,
}

/// How many schema files of each format a program was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// Console files (/1.0).
    pub console: usize,
    /// OpenAPI documents of the /1.0 branch.
    pub openapi_v1: usize,
    /// OpenAPI documents of the /v2 branch.
    pub openapi_v2: usize,
}

/// One variant of a union model.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Rust name (`Circle`, `String`).
    pub name: String,
    /// The type it holds, checked.
    pub ty: TypeRef,
    /// The JSON kind of its values.
    pub json: JsonKind,
    /// The tag value naming it, in a tagged union.
    pub tag_value: Option<String>,
}

/// The kind of a JSON value, as unions tell their variants apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum JsonKind {
    /// A string.
    String,
    /// An integer number.
    Integer,
    /// Any number (integers included).
    Number,
    /// `true` or `false`.
    Boolean,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonKind {
    /// The name of the runtime's `JsonKind` variant (`runtime/codec/union.rs`).
    pub fn as_str(self) -> &'static str {
        match self {
            JsonKind::String => "String",
            JsonKind::Integer => "Integer",
            JsonKind::Number => "Number",
            JsonKind::Boolean => "Boolean",
            JsonKind::Array => "Array",
            JsonKind::Object => "Object",
        }
    }
}

/// The whole intermediate model.
#[derive(Debug, Clone)]
pub struct Program {
    /// APIs, in index order.
    pub apis: Vec<Api>,
    /// Models by wire name.
    pub models: BTreeMap<String, Model>,
    /// Path tree; node 0 is the client.
    pub nodes: Vec<Node>,
    /// Counts.
    pub stats: Stats,
    /// Schema items generated in an untyped or reduced form, sorted.
    pub degraded: Vec<Degraded>,
    /// Models module path → the enums re-exported there (Rust name → wire name), decided by
    /// [`crate::resolve::reexports`].
    pub reexports: BTreeMap<Vec<String>, BTreeMap<String, String>>,
}

/// Calls `f` on every type an operation uses.
pub fn op_types(op: &Op, f: &mut dyn FnMut(&TypeRef)) {
    f(&op.response);
    for a in op.args.iter().chain(&op.setters) {
        f(&a.ty);
    }
    if let Body::Whole { ty, .. } = &op.body {
        f(ty);
    }
}

impl Program {
    /// Every API with its id, in order.
    pub fn apis_by_id(&self) -> impl Iterator<Item = (ApiId, &Api)> {
        self.apis.iter().enumerate().map(|(i, a)| (ApiId(i), a))
    }

    /// The ids of every API.
    pub fn every_api(&self) -> BTreeSet<ApiId> {
        (0..self.apis.len()).map(ApiId).collect()
    }
}

impl Model {
    /// Whether the generated round-trip test builds random values of this model: a struct
    /// without generic parameters (an instance needs its arguments chosen).
    pub fn round_trip_testable(&self) -> bool {
        matches!(&self.kind, ModelKind::Struct { generics, .. } if generics.is_empty())
    }

    /// Whether a field is serialized: read-only means "set by OVH" and is never sent, except
    /// in query filters (see [`Model::in_query`]).
    pub fn sends(&self, f: &Field) -> bool {
        !f.read_only || self.in_query
    }
}

impl Node {
    /// The `GET` of this node that OVH can answer for many ids at once (`X-Ovh-Batch`): on a
    /// `{param}` node, without required query parameters, not a /v2 list or path.
    pub fn batchable_get(&self) -> Option<&Op> {
        if !matches!(self.segment, Segment::Param(_)) {
            return None;
        }
        self.ops.iter().find(|o| {
            o.method == HttpMethod::Get
                && o.args.is_empty()
                && !o.paginated
                && crate::under_v2(&o.template).is_none()
        })
    }
}

impl Op {
    /// Whether an argument is a field of the operation's required body parameters struct
    /// rather than an argument of its own.
    pub fn in_params_struct(&self, a: &Arg) -> bool {
        a.place == Place::Body && self.params_struct.is_some()
    }

    /// The IAM actions the schema marks as required (the ones handed to the runtime; the
    /// optional ones are only in the docs).
    pub fn required_iam(&self) -> impl Iterator<Item = &String> {
        self.iam.iter().filter(|a| a.required).map(|a| &a.action)
    }

    /// Most required named body parameters passed as positional arguments; past that they
    /// are the fields of one parameters struct, so each value is named at the call site.
    pub const MAX_BODY_ARGS: usize = 3;

    /// Whether the required body parameters go in a parameters struct.
    pub fn body_params_struct(&self) -> bool {
        self.args.iter().filter(|a| a.place == Place::Body).count() > Self::MAX_BODY_ARGS
    }
}
