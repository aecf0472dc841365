//! Where a long-running operation is read back: the `GET` a generated operation links to
//! (a task's `GET …/task/{id}`, a /v2 resource's own `GET`), its placeholders filled from
//! the operation's by name. Shared by the task and resource waiters.

use serde::Serialize;
use serde_json::Value;

use crate::runtime::auth::access::{Operation, Origin};
use crate::runtime::call::method::Method;
use crate::runtime::call::raw_request::ApiRequest;
use crate::runtime::client::Client;
use crate::runtime::error::{Error, Result};

/// A linked `GET`: its template and IAM actions, and the values the operation's node
/// collected.
#[derive(Clone)]
pub(crate) struct ReadLink {
    client: Client,
    template: &'static str,
    iam_actions: &'static [&'static str],
    /// The values met on the way to the operation, in its template's order.
    values: Vec<String>,
    /// The GET's placeholders filled from the operation's by name, as far as it has them:
    /// every one, or all but the last (an id the operation's answer gives).
    params: Vec<String>,
}

impl std::fmt::Debug for ReadLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadLink")
            .field("template", &self.template)
            .finish_non_exhaustive()
    }
}

impl ReadLink {
    /// The `GET` `template`, reached from a node that collected `values`.
    pub(crate) fn new(
        client: &Client,
        template: &'static str,
        iam_actions: &'static [&'static str],
        values: Vec<String>,
    ) -> Self {
        ReadLink {
            client: client.clone(),
            template,
            iam_actions,
            values,
            params: Vec::new(),
        }
    }

    /// Fills the GET's placeholders from those of the operation `call` belongs to (see
    /// [`ReadLink::for_operation`]); a call of no operation fills none.
    pub(crate) fn for_call<T>(self, call: &ApiRequest<T>, id_from_answer: bool) -> Self {
        match &call.origin {
            Origin::Operation(operation) => self.for_operation(operation.template, id_from_answer),
            _ => self,
        }
    }

    /// Fills the GET's placeholders from those of `operation`, by name, stopping at the
    /// first one the operation does not have; with `id_from_answer`, the last one is left
    /// for the answer to give (a task's id, even when the operation has a placeholder of the
    /// same name).
    fn for_operation(mut self, operation: &str, id_from_answer: bool) -> Self {
        let names = placeholders(operation);
        let wanted = placeholders(self.template);
        let fill = wanted.len().saturating_sub(usize::from(id_from_answer));
        self.params = wanted[..fill]
            .iter()
            .map_while(|name| {
                let i = names.iter().position(|n| n == name)?;
                self.values.get(i).cloned()
            })
            .collect();
        self
    }

    /// The GET's template.
    pub(crate) fn template(&self) -> &'static str {
        self.template
    }

    /// The GET, its missing last placeholder (if any) given by `last`: an error naming
    /// what is missing otherwise.
    pub(crate) fn request<T>(&self, last: Option<String>) -> Result<ApiRequest<T>> {
        let mut values = self.params.clone();
        let wanted = placeholders(self.template).len();
        if values.len() + 1 == wanted {
            values.extend(last);
        }
        if values.len() != wanted {
            return Err(Error::InvalidParameter(format!(
                "cannot read {}: its placeholders are not all known",
                self.template
            )));
        }
        let operation = Operation {
            template: self.template,
            iam_actions: self.iam_actions,
        };
        Ok(ApiRequest::from_operation(
            &self.client,
            Method::Get,
            operation,
            &values,
        ))
    }
}

/// A member of a JSON object as text: a string as it is, a number written out.
pub(crate) fn member_text(value: &Value, member: &str) -> Option<String> {
    match value.get(member)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A member of a model as text, read from its faithful JSON form (a task's id, a resource's
/// status).
pub(crate) fn member_of<T: Serialize>(value: &T, member: &str) -> Option<String> {
    member_text(&serde_json::to_value(value).ok()?, member)
}

/// The `{name}` placeholders of a template, in order.
pub(crate) fn placeholders(template: &str) -> Vec<&str> {
    template
        .split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(template: &'static str, values: &[&str]) -> ReadLink {
        let values = values.iter().map(|v| v.to_string()).collect();
        ReadLink::new(&crate::runtime::test_client(), template, &[], values)
    }

    #[test]
    fn the_get_takes_the_operations_values_by_name() {
        let link = link(
            "/email/exchange/{organizationName}/service/{exchangeService}/task/{id}",
            &["org", "ex", "a@b"],
        )
        .for_operation(
            "/email/exchange/{organizationName}/service/{exchangeService}/account/{primaryEmailAddress}",
            true,
        );
        assert_eq!(link.params, ["org", "ex"]);
        let call = link.request::<()>(Some("42".into())).unwrap();
        assert_eq!(
            call.parts.unwrap().path,
            "/email/exchange/org/service/ex/task/42"
        );
    }

    #[test]
    fn a_task_id_always_comes_from_the_answer() {
        let link = link("/x/task/{id}", &["7"]).for_operation("/x/task/{id}", true);
        let call = link.request::<()>(Some("8".into())).unwrap();
        assert_eq!(call.parts.unwrap().path, "/x/task/8");
    }

    #[test]
    fn a_missing_value_is_named_when_reading() {
        let link = link("/vrack/{serviceName}/task/{taskId}", &[]).for_operation("/vrack", true);
        let err = link.request::<()>(Some("1".into())).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid parameter: cannot read /vrack/{serviceName}/task/{taskId}: its placeholders are not all known"
        );
    }

    #[test]
    fn a_resource_get_of_the_same_template_is_complete() {
        let link = link("/v2/x/{xId}", &["a b"]).for_operation("/v2/x/{xId}", false);
        assert_eq!(link.params, ["a b"]);
        let call = link.request::<()>(Some("ignored".into())).unwrap();
        assert_eq!(call.parts.unwrap().path, "/v2/x/a%20b");
    }
}
