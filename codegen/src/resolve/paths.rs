//! Pass 7: the path tree. Every path of every API becomes a chain of nodes from the client,
//! one per segment; operations hang on their node ([`super::ops`]). Then nodes get their
//! struct names (unique per module) and the methods leading to them (unique per parent).

use std::collections::{BTreeMap, BTreeSet};

use super::{ops, Ctx, Known};
use crate::ir::{Api, ApiId, Node, NodeId, NodeParam, ParamKind, Segment};
use crate::naming::{self, Scope};
use crate::types::{Prim, TypeRef};

/// Builds the path tree of every API, sets each API's root node, and names the nodes.
pub fn tree(ctx: &mut Ctx, known: &Known, apis: &mut [Api]) -> Vec<Node> {
    let spec = ctx.spec;
    let mut tree = Tree::new();
    for (ai, api) in spec.apis.iter().enumerate() {
        if api.paths.is_empty() {
            ctx.stats.empty_apis.push(api.path.clone());
        }
        let root_segs = segments(&api.path);
        // In template order, not file order: the same API gives the same code from either
        // format (and from a file whose paths were reordered).
        let mut paths: Vec<&crate::ir::PathSpec> = api.paths.iter().collect();
        paths.sort_by(|a, b| a.template.cmp(&b.template));
        for p in paths {
            ctx.stats.paths += 1;
            ctx.stats.operations += p.ops.len();
            let segs = segments(&p.template);
            if segs.len() < root_segs.len() || segs[..root_segs.len()] != root_segs[..] {
                ctx.degrade(
                    ai,
                    format!("{}.path", p.at),
                    format!(
                        "path `{}` is outside the API `{}`: omitted (use a raw call)",
                        p.template, api.path
                    ),
                );
                continue;
            }
            let node = tree.insert(&segs, root_segs.len(), ApiId(ai));
            for op in &p.ops {
                // One method per verb and node: a second `GET` on a path would be a second
                // `get()` (also across files, and for a path listed twice).
                if let Some(other) = tree.nodes[node].ops.iter().find(|o| o.method == op.method) {
                    let first = spec.apis[other.api.0].file.clone();
                    ctx.degrade(
                        ai,
                        &op.at,
                        format!(
                            "a second `{} {}` operation (the first is in {first}): omitted",
                            op.method.as_str(),
                            p.template
                        ),
                    );
                    continue;
                }
                let site = ops::Site {
                    api: ApiId(ai),
                    template: &p.template,
                    node,
                    segs: &segs,
                    known,
                };
                let resolved = ops::resolve(ctx, op, &site, &mut tree);
                tree.nodes[node].ops.push(resolved);
            }
        }
        apis[ai].root = tree
            .find(&root_segs)
            .filter(|_| !api.paths.is_empty())
            .map(NodeId);
    }
    let mut nodes = prune(tree.finish(), apis);
    let renamed = name_nodes(&mut nodes, apis);
    ctx.stats.renamed.extend(renamed);
    nodes
}

/// Drops the nodes under which no operation remains (a path whose every operation was
/// omitted or left to raw calls): such a node would be a type with nothing to call, whose
/// handle nothing reads (a dead-code warning in generated code). Nodes are renumbered, the
/// API roots with them; an API left without any operation has no root, like one without
/// paths. A child is always created after its parent, so one pass from the end settles it.
fn prune(nodes: Vec<Node>, apis: &mut [Api]) -> Vec<Node> {
    let mut live = vec![false; nodes.len()];
    for i in (0..nodes.len()).rev() {
        let has_ops = !nodes[i].ops.is_empty();
        live[i] = i == 0 || has_ops || nodes[i].children.iter().any(|c| live[c.0]);
    }
    let mut renumbered: Vec<Option<NodeId>> = vec![None; nodes.len()];
    let mut kept = Vec::new();
    for (i, node) in nodes.into_iter().enumerate() {
        if live[i] {
            renumbered[i] = Some(NodeId(kept.len()));
            kept.push(node);
        }
    }
    let renumber = |id: NodeId| renumbered[id.0];
    for node in &mut kept {
        node.parent = node.parent.and_then(renumber);
        node.children = node.children.iter().filter_map(|c| renumber(*c)).collect();
    }
    for api in apis {
        api.root = api.root.and_then(renumber);
    }
    kept
}

/// Splits a path template into segments.
pub fn segments(path: &str) -> Vec<Segment> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(
            |s| match s.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
                Some(name) => Segment::Param(name.to_string()),
                None => Segment::Literal(s.to_string()),
            },
        )
        .collect()
}

/// Path tree under construction.
pub struct Tree {
    /// Nodes; 0 is the client.
    pub nodes: Vec<Node>,
    index: BTreeMap<Vec<Segment>, usize>,
    /// Types declared for each parameter node by its operations, with descriptions.
    pub param_types: BTreeMap<usize, Vec<(TypeRef, Option<String>)>>,
}

impl Tree {
    fn new() -> Self {
        let root = Node {
            segment: Segment::Root,
            path: String::new(),
            parent: None,
            children: Vec::new(),
            method: String::new(),
            type_name: String::new(),
            module: None,
            apis: BTreeSet::new(),
            param: None,
            ops: Vec::new(),
            batch: None,
            modify: None,
            allow: Vec::new(),
        };
        let mut index = BTreeMap::new();
        index.insert(Vec::new(), 0);
        Tree {
            nodes: vec![root],
            index,
            param_types: BTreeMap::new(),
        }
    }

    /// The node of a segment list, if inserted.
    pub fn find(&self, segs: &[Segment]) -> Option<usize> {
        self.index.get(segs).copied()
    }

    /// Inserts a path; nodes from `root_len` segments on belong to `api`.
    fn insert(&mut self, segs: &[Segment], root_len: usize, api: ApiId) -> usize {
        let mut cur = 0;
        self.nodes[0].apis.insert(api);
        for i in 0..segs.len() {
            let key = segs[..=i].to_vec();
            let next = match self.index.get(&key) {
                Some(&n) => n,
                None => {
                    let n = self.nodes.len();
                    let path = format!(
                        "{}/{}",
                        self.nodes[cur].path,
                        match &segs[i] {
                            Segment::Literal(s) => s.clone(),
                            Segment::Param(p) => format!("{{{p}}}"),
                            Segment::Root => String::new(),
                        }
                    );
                    self.nodes.push(Node {
                        segment: segs[i].clone(),
                        path,
                        parent: Some(NodeId(cur)),
                        children: Vec::new(),
                        method: String::new(),
                        type_name: String::new(),
                        module: (i + 1 >= root_len).then_some(api),
                        apis: BTreeSet::new(),
                        param: None,
                        ops: Vec::new(),
                        batch: None,
                        modify: None,
                        allow: Vec::new(),
                    });
                    self.nodes[cur].children.push(NodeId(n));
                    self.index.insert(key, n);
                    n
                }
            };
            self.nodes[next].apis.insert(api);
            cur = next;
        }
        cur
    }

    /// Settles parameter types and sorts children and operations.
    fn finish(mut self) -> Vec<Node> {
        for (n, list) in std::mem::take(&mut self.param_types) {
            let description = list.iter().find_map(|(_, d)| d.clone());
            let mut tys: Vec<TypeRef> = list.into_iter().map(|(t, _)| t).collect();
            tys.sort();
            tys.dedup();
            let kind = match tys.as_slice() {
                [one] if *one != TypeRef::Any => ParamKind::Typed(one.clone()),
                many if !many.is_empty()
                    && many
                        .iter()
                        .all(|t| matches!(t, TypeRef::Prim(p) if p.is_string())) =>
                {
                    ParamKind::Typed(TypeRef::Prim(Prim::String))
                }
                _ => ParamKind::Display,
            };
            self.nodes[n].param = Some(NodeParam { kind, description });
        }
        for n in 0..self.nodes.len() {
            if matches!(self.nodes[n].segment, Segment::Param(_)) && self.nodes[n].param.is_none() {
                // A placeholder no operation declares: accept anything printable.
                self.nodes[n].param = Some(NodeParam {
                    kind: ParamKind::Display,
                    description: None,
                });
            }
            let mut children = std::mem::take(&mut self.nodes[n].children);
            children.sort_by(|a, b| self.nodes[*a].segment.cmp(&self.nodes[*b].segment));
            self.nodes[n].children = children;
            self.nodes[n].ops.sort_by_key(|o| o.method);
        }
        self.nodes
    }
}

/// Longest node or request type name (see [`node_words`]).
const MAX_TYPE_NAME: usize = 64;

/// Chooses struct names (unique per module) and method names (unique per node).
/// Names every node's struct, request and parameters types, and methods. Returns the names
/// changed because the runtime already defines them (see [`crate::reserved`]), for the
/// summary.
fn name_nodes(nodes: &mut [Node], apis: &[Api]) -> Vec<String> {
    let mut order: Vec<usize> = (1..nodes.len()).collect();
    order.sort_by(|a, b| nodes[*a].path.cmp(&nodes[*b].path));
    let mut scopes: BTreeMap<Option<ApiId>, Scope> = BTreeMap::new();
    let words_of = name_types(nodes, apis, &order, &mut scopes);
    name_request_types(nodes, &order, &words_of, &mut scopes);
    (0..nodes.len())
        .flat_map(|n| name_methods(nodes, n))
        .collect()
}

/// Struct names, per module, in path order; the words of each node's name.
fn name_types(
    nodes: &mut [Node],
    apis: &[Api],
    order: &[usize],
    scopes: &mut BTreeMap<Option<ApiId>, Scope>,
) -> BTreeMap<usize, Vec<String>> {
    let mut words_of = BTreeMap::new();
    for &n in order {
        let module = nodes[n].module;
        let segs = segments(&nodes[n].path);
        let words = match module {
            Some(ai) => {
                let root_len = segments(&apis[ai].path).len();
                let rel = node_words(&segs[root_len.min(segs.len())..]);
                if rel.is_empty() {
                    node_words(&segs)
                } else {
                    rel
                }
            }
            None => node_words(&segs),
        };
        let want = type_name(&words, "");
        words_of.insert(n, words);
        let scope = scopes.entry(module).or_insert_with(|| {
            let mut scope = Scope::new();
            crate::reserved::IMPORTED_TYPES
                .iter()
                .chain(crate::reserved::PRELUDE_TYPES)
                .for_each(|t| scope.reserve(t));
            scope
        });
        nodes[n].type_name = scope.claim(&want, false);
    }
    words_of
}

/// Request and parameters struct names, after all node names so nodes keep theirs.
fn name_request_types(
    nodes: &mut [Node],
    order: &[usize],
    words_of: &BTreeMap<usize, Vec<String>>,
    scopes: &mut BTreeMap<Option<ApiId>, Scope>,
) {
    for &n in order {
        let module = nodes[n].module;
        for oi in 0..nodes[n].ops.len() {
            let verb = naming::type_name(nodes[n].ops[oi].method.as_str());
            let scope = scopes.entry(module).or_default();
            if !nodes[n].ops[oi].setters.is_empty() {
                let want = type_name(&words_of[&n], &format!("{verb}Request"));
                nodes[n].ops[oi].builder = Some(scope.claim(&want, false));
            }
            if nodes[n].ops[oi].body_params_struct() {
                let want = type_name(&words_of[&n], &format!("{verb}Params"));
                nodes[n].ops[oi].params_struct = Some(scope.claim(&want, false));
            }
        }
    }
}

/// Method names of node `n`: verbs first, then fixed segments, then parameters, then batch
/// forms. The root node's methods are `Client`'s, other nodes' sit beside `Clone`'s: the
/// names the runtime takes there are reserved, and a child that wanted one is reported.
fn name_methods(nodes: &mut [Node], n: usize) -> Vec<String> {
    let (mut scope, reserved, owner) = verb_scope(nodes, n);
    let mut renamed = Vec::new();
    // Operations keep their verb as name: verbs are unique per node (checked above).
    let children = nodes[n].children.clone();
    let mut sorted = children.clone();
    sorted.sort_by_key(|c| matches!(nodes[*c].segment, Segment::Param(_)));
    for c in sorted {
        let want = match &nodes[c].segment {
            Segment::Literal(s) | Segment::Param(s) => naming::value_name(s),
            Segment::Root => "root".into(),
        };
        nodes[c].method = scope.claim(&want, true);
        if reserved.contains(&want.trim_start_matches("r#")) {
            renamed.push(format!(
                "{}: method `{want}` is {owner}, named `{}`",
                nodes[c].path, nodes[c].method
            ));
        }
    }
    // Batch forms after every child kept its name: `bill_id(id)` → `bill_id_batch(ids)`.
    for c in children {
        if nodes[c].batchable_get().is_some() {
            let want = format!("{}_batch", nodes[c].method.trim_start_matches("r#"));
            nodes[c].batch = Some(scope.claim(&want, true));
        }
    }
    renamed
}

/// The scope of node `n`'s method names before its children claim theirs: the names the
/// runtime defines on it, and the verbs; with the runtime's list and who defines it.
fn verb_scope(nodes: &[Node], n: usize) -> (Scope, &'static [&'static str], &'static str) {
    let mut scope = Scope::new();
    let (reserved, owner) = if n == 0 {
        (crate::reserved::CLIENT_METHODS, "a `Client` method")
    } else {
        (
            crate::reserved::NODE_METHODS,
            "a method every path node has",
        )
    };
    for name in reserved.iter().chain(&["get", "post", "put", "delete"]) {
        scope.reserve(name);
    }
    // `patch` only where it is sent (console schemas have no PATCH: their names stay).
    if nodes[n]
        .ops
        .iter()
        .any(|o| o.method == crate::ir::HttpMethod::Patch)
    {
        scope.reserve("patch");
    }
    (scope, reserved, owner)
}

/// Claims a method name on node `n` for a method generated from more than one schema item
/// (`modify`), after every name `name_methods` gave: the name, or a numeric suffix when a
/// child, a batch form or the runtime already has it, with what holds the name.
pub fn claim_method(nodes: &[Node], n: usize, want: &str) -> (String, Option<String>) {
    let (mut scope, reserved, owner) = verb_scope(nodes, n);
    let mut holders: BTreeMap<String, String> = BTreeMap::new();
    for &c in &nodes[n].children {
        let child = &nodes[c];
        holders.insert(
            child.method.clone(),
            format!("the path {}", code(&child.path)),
        );
        if let Some(batch) = &child.batch {
            let holder = format!("the batch form of {}", code(&child.path));
            holders.insert(batch.clone(), holder);
        }
    }
    holders.keys().for_each(|name| scope.reserve(name));
    let got = scope.claim(want, true);
    let clash = (got != want).then(|| {
        let raw = format!("r#{want}");
        holders
            .get(want)
            .or_else(|| holders.get(&raw))
            .cloned()
            .unwrap_or_else(|| {
                if reserved.contains(&want) {
                    owner.to_string()
                } else {
                    format!("the {} operation", code(want))
                }
            })
    });
    (got, clash)
}

/// `text` in backticks.
fn code(text: &str) -> String {
    format!("`{text}`")
}

/// The words naming a node: those of each segment, where a parameter repeats the words of the
/// segment before it only once (`template/{templateName}` → `TemplateName`,
/// `partitionScheme/{schemeName}` → `PartitionSchemeName`, `bill/{billId}` → `BillId`).
fn node_words(segs: &[Segment]) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for seg in segs {
        let (text, param) = match seg {
            Segment::Literal(x) => (x, false),
            Segment::Param(x) => (x, true),
            Segment::Root => continue,
        };
        let new: Vec<String> = naming::snake(text)
            .split('_')
            .filter(|w| !w.is_empty())
            .map(capitalized)
            .collect();
        let overlap = if param {
            (1..=new.len().min(words.len()))
                .rev()
                .find(|k| words[words.len() - k..] == new[..*k])
                .unwrap_or(0)
        } else {
            0
        };
        words.extend(new.into_iter().skip(overlap));
    }
    words
}

/// A type name from node words and a suffix, at most [`MAX_TYPE_NAME`] long: leading words
/// go first (the end of a path says most about it).
fn type_name(words: &[String], suffix: &str) -> String {
    let mut start = 0;
    while start < words.len()
        && words[start..].iter().map(String::len).sum::<usize>() + suffix.len() > MAX_TYPE_NAME
    {
        start += 1;
    }
    let name = format!("{}{suffix}", words[start..].concat());
    match name.as_str() {
        "" => "Node".to_string(),
        // `Self` is the only UpperCamelCase keyword; digits cannot start a name.
        "Self" => "SelfNode".to_string(),
        w if w.starts_with(|c: char| c.is_ascii_digit()) => format!("V{w}"),
        _ => name,
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(path: &str) -> String {
        type_name(&node_words(&segments(path)), "")
    }

    #[test]
    fn node_names_say_each_word_once() {
        assert_eq!(name("/me/bill/{billId}"), "MeBillId");
        assert_eq!(name("/bill/{billId}/details"), "BillIdDetails");
        assert_eq!(
            name("/installationTemplate/{templateName}/partitionScheme/{schemeName}/partition"),
            "InstallationTemplateNamePartitionSchemeNamePartition"
        );
        assert_eq!(name("/vps/{serviceName}"), "VpsServiceName");
        assert_eq!(name("/{serviceName}"), "ServiceName");
        assert_eq!(name(""), "Node");
        assert_eq!(name("/self"), "SelfNode");
        assert_eq!(name("/2fa"), "V2fa");
    }

    #[test]
    fn long_node_names_keep_their_end() {
        let long =
            "/aaaaaaaaaaaaaaa/bbbbbbbbbbbbbbbbbbbb/cccccccccccccccccccc/dddddddddddddddddddd";
        let n = name(long);
        assert!(n.len() <= MAX_TYPE_NAME, "{n}");
        assert!(n.ends_with("Dddddddddddddddddddd"), "{n}");
        let request = type_name(&node_words(&segments(long)), "PostRequest");
        assert!(request.len() <= MAX_TYPE_NAME && request.ends_with("PostRequest"));
    }
}
