//! Pass 1: the API list — one cargo feature and one module name per API path.

use super::Ctx;
use crate::ir::Api;
use crate::naming::{self, Scope};

/// Feature name of an API path: kebab-case of its segments (`/dedicated/server` →
/// `dedicated-server`, `/allDom` → `all-dom`).
pub fn feature_name(api_path: &str) -> String {
    api_path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(naming::snake)
        .collect::<Vec<_>>()
        .join("_")
        .replace('_', "-")
}

/// One [`Api`] per API of the spec, in index order, with unique feature names.
pub fn list(ctx: &mut Ctx) -> Vec<Api> {
    let mut features = Scope::new();
    for fixed in crate::emit::features::FIXED_FEATURES {
        features.reserve(fixed);
    }
    let mut out = Vec::new();
    for (i, api) in ctx.spec.apis.iter().enumerate() {
        let mut want = naming::limit(&feature_name(&api.path), '-');
        if want.is_empty() {
            want = format!("api-{}", i + 1);
            ctx.degraded.push(crate::ir::Degraded {
                file: api.file.clone(),
                at: "path".into(),
                what: format!(
                    "API path `{}` gives no feature name: named `{want}`",
                    api.path
                ),
            });
        }
        let feature = features.claim(&want, true);
        if feature != want {
            ctx.stats.renamed.push(format!(
                "{}: feature `{want}` is taken, named `{feature}`",
                api.path
            ));
        }
        let module = naming::module_name(&feature.replace('-', "_"));
        out.push(Api {
            path: api.path.clone(),
            file: api.file.clone(),
            feature,
            module,
            root: None,
            version: api.version.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names_follow_the_api_path() {
        assert_eq!(feature_name("/me"), "me");
        assert_eq!(feature_name("/dedicated/server"), "dedicated-server");
        assert_eq!(feature_name("/email/domain"), "email-domain");
        assert_eq!(feature_name("/allDom"), "all-dom");
        assert_eq!(feature_name("/cloudDB"), "cloud-db");
        assert_eq!(feature_name("/ipLoadbalancing"), "ip-loadbalancing");
        assert_eq!(feature_name("/webPaaS"), "web-paas");
    }
}
