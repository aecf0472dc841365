//! /v2 lists, cursor-paginated like OVH's: the client may send `X-Pagination-Size: N`; a
//! page carries `X-Pagination-Cursor-Next: <cursor>` while more items follow; the next page is
//! asked for with `X-Pagination-Cursor: <cursor>`; the last page has no next cursor.
//!
//! ```no_run
//! # async fn example(ovh: fake_ovh::FakeOvh) {
//! use fake_ovh::CannedResponse;
//! use serde_json::json;
//! ovh.on_v2_list("/v2/iam/policy", (0..5).map(|i| json!({"id": i})).collect())
//!     .default_page_size(2)
//!     .fail_request(1, CannedResponse::error(500, "INTERNAL", "boom"));
//! # }
//! ```

use serde_json::Value;

use crate::{CannedResponse, FakeOvh};

/// Page size when the client sends none.
pub const DEFAULT_PAGE_SIZE: usize = 10;

/// One paginated list.
#[derive(Debug, Clone)]
pub(crate) struct ListState {
    items: Vec<Value>,
    default_page_size: usize,
    /// Page requests answered so far.
    requests: usize,
    /// The n-th page request (0-based) gets this answer instead.
    failures: Vec<(usize, CannedResponse)>,
}

/// Configures a paginated list; obtained from [`FakeOvh::on_v2_list`].
#[derive(Debug)]
pub struct V2List<'a> {
    ovh: &'a FakeOvh,
    path: String,
}

impl FakeOvh {
    /// Serves `GET path` (absolute, `/v2/...`) as a cursor-paginated list of `items`,
    /// requiring a valid signature. Replaces any list registered on that path (not a route
    /// registered with [`FakeOvh::on`], which takes precedence).
    pub fn on_v2_list(&self, path: &str, items: Vec<Value>) -> V2List<'_> {
        self.shared.state().v2_lists.insert(
            path.to_owned(),
            ListState {
                items,
                default_page_size: DEFAULT_PAGE_SIZE,
                requests: 0,
                failures: Vec::new(),
            },
        );
        V2List {
            ovh: self,
            path: path.to_owned(),
        }
    }
}

impl V2List<'_> {
    fn update(self, f: impl FnOnce(&mut ListState)) -> Self {
        if let Some(list) = self.ovh.shared.state().v2_lists.get_mut(&self.path) {
            f(list);
        }
        self
    }

    /// Items per page when the client sends no `X-Pagination-Size` (default
    /// [`DEFAULT_PAGE_SIZE`]).
    pub fn default_page_size(self, size: usize) -> Self {
        self.update(|l| l.default_page_size = size.max(1))
    }

    /// The `n`-th page request (0-based, counted on this list) is answered `response`.
    pub fn fail_request(self, n: usize, response: CannedResponse) -> Self {
        self.update(|l| l.failures.push((n, response)))
    }
}

fn cursor_of(offset: usize) -> String {
    format!("cursor-{offset:08x}")
}

fn offset_of(cursor: &str) -> Option<usize> {
    usize::from_str_radix(cursor.strip_prefix("cursor-")?, 16).ok()
}

/// The answer to `GET path` when it is a registered list; `None` otherwise.
pub(crate) fn answer<'a>(
    shared: &crate::Shared,
    path: &str,
    signed: bool,
    header: impl Fn(&str) -> Option<&'a str>,
) -> Option<CannedResponse> {
    let mut state = shared.state();
    let list = state.v2_lists.get_mut(path)?;
    if !signed {
        return Some(CannedResponse::json(
            401,
            serde_json::json!({"message": "You must login first"}),
        ));
    }
    let n = list.requests;
    list.requests += 1;
    if let Some((_, failure)) = list.failures.iter().find(|(i, _)| *i == n) {
        return Some(failure.clone());
    }
    let size = match header("x-pagination-size") {
        None => list.default_page_size,
        Some(s) => match s.trim().parse::<usize>() {
            Ok(size) if size > 0 => size,
            _ => {
                return Some(CannedResponse::error(
                    400,
                    "INVALID_PAGINATION_SIZE",
                    "Invalid X-Pagination-Size",
                ))
            }
        },
    };
    let offset = match header("x-pagination-cursor") {
        None => 0,
        Some(c) => match offset_of(c).filter(|o| *o <= list.items.len()) {
            Some(o) => o,
            None => {
                return Some(CannedResponse::error(
                    400,
                    "INVALID_CURSOR",
                    "Invalid X-Pagination-Cursor",
                ))
            }
        },
    };
    let end = offset.saturating_add(size).min(list.items.len());
    let page = Value::Array(list.items[offset..end].to_vec());
    let mut response = CannedResponse::json(200, page);
    if end < list.items.len() {
        response = response.with_header("X-Pagination-Cursor-Next", &cursor_of(end));
    }
    Some(response)
}
