// The method names generated code may not give a method of its own, because the runtime
// already defines them on the same type: one list per type the generator adds methods to.
// This file is the one place these names are written. `codegen` reads it with `include!`
// (so it holds only items and plain comments), and the runtime's test
// `reserved_names_list_every_runtime_method` fails when a method is added to one of these
// types and not here. A generated name that clashes takes a numeric suffix (`endpoint_2`),
// which `codegen generate` reports under "renamed to avoid collisions".

/// Methods of `Client` (inherent, in `client/` and `call/raw.rs`, public or not), and those of the
/// traits it implements or inherits that an inherent method would shadow: the root of the
/// path tree (`client.me()`) may not take them.
pub const CLIENT_METHODS: &[&str] = &[
    // client.rs
    "new",
    "builder",
    "endpoint",
    "application_key",
    "with_consumer_key",
    "time_delta",
    "fetch_time_delta",
    "execute",
    "execute_parts",
    "attempts",
    "authorize",
    "dispatch",
    "prepare",
    "url",
    "transport_error",
    "recorded_access_rules",
    "recorded_iam_actions",
    "dry_run_calls",
    // raw.rs
    "request",
    "get",
    "post",
    "put",
    "delete",
    "get_batch",
    "new_consumer_key_request",
    // traits (Clone, Debug, and the blanket ones every type has)
    "clone",
    "clone_from",
    "fmt",
    "to_owned",
    "clone_into",
    "into",
    "try_into",
    "from",
    "try_from",
    "borrow",
    "borrow_mut",
    "type_id",
];

/// Methods every generated path node has besides its own (nodes derive `Clone`).
pub const NODE_METHODS: &[&str] = &[
    "clone",
    "clone_from",
    "to_owned",
    "clone_into",
    "into",
    "try_into",
    "from",
    "try_from",
    "borrow",
    "borrow_mut",
    "type_id",
];

/// The methods `typed_request!` (`call/typed_request.rs`) gives a request wrapper, beside its setters, and
/// those `task_request!` (`wait.rs`) adds to the wrapper of an operation answering a task
/// (reserved for every wrapper, so that a setter's name does not depend on what the
/// operation answers).
pub const TYPED_WRAPPER_METHODS: &[&str] = &[
    "header",
    "idempotent",
    "retry_policy",
    "send",
    "send_with_meta",
    "send_raw",
    "into_future",
    // TypedCall (call.rs)
    "call_target",
    "access_rule",
    "access_rule_exact",
    "iam_actions",
    // task_request! (wait.rs), resource_request! and delete_request! (resource.rs)
    "wait",
    "wait_with",
    "watch",
    "watch_with",
    // get_request! (until.rs)
    "wait_until",
    "wait_until_with",
    "watch_until_with",
    "wait_ready",
    "wait_ready_with",
    "watch_ready_with",
];

/// The methods `paged_request!` (`pagination.rs`) gives a paginated request wrapper, beside
/// its setters.
pub const PAGED_WRAPPER_METHODS: &[&str] = &[
    "header",
    "page",
    "page_size",
    "send",
    "stream",
    "into_future",
    // TypedCall (call.rs)
    "call_target",
    "access_rule",
    "access_rule_exact",
    "iam_actions",
];
