//! /v2 lists, cursor-paginated like OVH's: the client may send
//! `X-Pagination-Size: N`; a page carries `X-Pagination-Cursor-Next: <cursor>`
//! while more items follow; the next page is asked for with
//! `X-Pagination-Cursor: <cursor>`; the last page has no next cursor.

use serde_json::Value;

use super::reply::Reply;

/// Items per page when the client sends no `X-Pagination-Size` and the rule
/// set no [`default_page_size`](super::Rule::default_page_size).
pub const DEFAULT_PAGE_SIZE: usize = 10;

/// One paginated list.
#[derive(Debug, Clone)]
pub(crate) struct List {
    items: Vec<Value>,
    pub(crate) default_page_size: usize,
}

impl List {
    pub(crate) fn new(items: Vec<Value>) -> Self {
        List {
            items,
            default_page_size: DEFAULT_PAGE_SIZE,
        }
    }

    /// The page the request's pagination headers ask for.
    pub(crate) fn page<'h>(&self, header: &dyn Fn(&str) -> Option<&'h str>) -> Reply {
        let size = match header("x-pagination-size") {
            None => self.default_page_size,
            Some(s) => match s.trim().parse::<usize>() {
                Ok(size) if size > 0 => size,
                _ => {
                    return Reply::error_code(
                        400,
                        "INVALID_PAGINATION_SIZE",
                        "Invalid X-Pagination-Size",
                    )
                }
            },
        };
        let offset = match header("x-pagination-cursor") {
            None => 0,
            Some(c) => match offset_of(c).filter(|o| *o <= self.items.len()) {
                Some(o) => o,
                None => {
                    return Reply::error_code(400, "INVALID_CURSOR", "Invalid X-Pagination-Cursor")
                }
            },
        };
        let end = offset.saturating_add(size).min(self.items.len());
        let page = self.items.get(offset..end).unwrap_or_default();
        let reply = Reply::json(200, page);
        if end < self.items.len() {
            reply.with_header("X-Pagination-Cursor-Next", &cursor_of(end))
        } else {
            reply
        }
    }
}

fn cursor_of(offset: usize) -> String {
    format!("cursor-{offset:08x}")
}

fn offset_of(cursor: &str) -> Option<usize> {
    usize::from_str_radix(cursor.strip_prefix("cursor-")?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(list: &List, size: Option<&str>, cursor: Option<&str>) -> (Value, Option<String>, u16) {
        let reply = list.page(&|name| match name {
            "x-pagination-size" => size,
            "x-pagination-cursor" => cursor,
            _ => None,
        });
        let next = reply
            .headers()
            .iter()
            .find(|(n, _)| n == "X-Pagination-Cursor-Next")
            .map(|(_, v)| v.clone());
        let body = serde_json::from_slice(reply.body()).unwrap_or(Value::Null);
        (body, next, reply.status())
    }

    #[test]
    fn pages_follow_the_cursor_to_the_end() {
        let list = List::new((0..5).map(Value::from).collect());
        let (first, next, _) = page(&list, Some("2"), None);
        assert_eq!(first, serde_json::json!([0, 1]));
        let (second, next, _) = page(&list, Some("2"), next.as_deref());
        assert_eq!(second, serde_json::json!([2, 3]));
        let (last, next, _) = page(&list, Some("2"), next.as_deref());
        assert_eq!((last, next), (serde_json::json!([4]), None));
    }

    #[test]
    fn bad_sizes_and_cursors_are_400() {
        let list = List::new(vec![Value::from(1)]);
        assert_eq!(page(&list, Some("0"), None).2, 400);
        assert_eq!(page(&list, Some("x"), None).2, 400);
        assert_eq!(page(&list, None, Some("nope")).2, 400);
        assert_eq!(page(&list, None, Some("cursor-000000ff")).2, 400);
        let (empty, next, status) = page(&List::new(Vec::new()), None, None);
        assert_eq!((empty, next, status), (serde_json::json!([]), None, 200));
    }
}
