//! What a mock knows: applications, keys, rules, tokens, recorded requests.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use sha1::{Digest, Sha1};

use super::recording::RecordedRequest;
use super::replay::Replay;
use super::reply::Reply;
use super::rule_state::RuleState;
use super::signature::hex;
use crate::consumer_key::AccessRule;

/// Lifetime of issued access tokens unless [`MockOvh::set_token_lifetime`](super::MockOvh::set_token_lifetime)
/// changes it.
pub const DEFAULT_TOKEN_LIFETIME_SECS: u64 = 3600;

/// A consumer key issued by the built-in `POST /1.0/auth/credential`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedCredential {
    /// The application key that asked for it.
    pub application_key: String,
    /// The new consumer key (known to the mock from then on).
    pub consumer_key: String,
    /// The access rules asked for.
    pub access_rules: Vec<AccessRule>,
    /// The redirection URL asked for.
    pub redirection: Option<String>,
    /// The allowed IPs asked for.
    pub allowed_ips: Option<Vec<String>>,
    /// The validation URL answered.
    pub validation_url: String,
}

#[derive(Default)]
pub(crate) struct State {
    /// Application key → secret.
    pub(crate) apps: HashMap<String, String>,
    pub(crate) consumer_keys: HashSet<String>,
    /// In the order added; the latest matching one answers.
    pub(crate) rules: Vec<RuleState>,
    pub(crate) requests: Vec<RecordedRequest>,
    pub(crate) credentials: Vec<IssuedCredential>,
    /// OAuth2 client id → secret.
    pub(crate) oauth2_clients: HashMap<String, String>,
    /// Access token → when it stops being accepted.
    pub(crate) tokens: HashMap<String, Instant>,
    pub(crate) token_lifetime: u64,
    pub(crate) token_delay: Duration,
    pub(crate) token_reply: Option<Reply>,
    /// The cassette a replaying mock answers from.
    pub(crate) replay: Option<Replay>,
}

impl State {
    /// The index of the latest rule for `method` that matches `path` and the query string
    /// `query`.
    pub(crate) fn rule_index(
        &self,
        method: &str,
        path: &str,
        query: Option<&str>,
    ) -> Option<usize> {
        self.rules
            .iter()
            .rposition(|rule| rule.matches(method, path, query))
    }

    /// At most `limit` rules nearest to a request for `method` on `path` that none matched,
    /// each as written (`GET /1.0/me/bill/{billId}`): rules for the same method first, then
    /// those sharing the longest path prefix, then the latest.
    pub(crate) fn nearest_rules(&self, method: &str, path: &str, limit: usize) -> Vec<String> {
        let mut near: Vec<(String, (bool, usize), usize)> = self
            .rules
            .iter()
            .enumerate()
            .filter_map(|(index, rule)| {
                let (shown, nearness) = rule.nearness(method, path)?;
                Some((shown, nearness, index))
            })
            .collect();
        near.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
        let mut shown: Vec<String> = Vec::new();
        for (rule, _, _) in near {
            if !shown.contains(&rule) {
                shown.push(rule);
            }
            if shown.len() == limit {
                break;
            }
        }
        shown
    }

    /// The latest rule for `method` that matches `path` and the query string `query`.
    pub(crate) fn rule_mut(
        &mut self,
        method: &str,
        path: &str,
        query: Option<&str>,
    ) -> Option<&mut RuleState> {
        let index = self.rule_index(method, path, query)?;
        self.rules.get_mut(index)
    }
}

pub(crate) struct Shared {
    pub(crate) root_url: String,
    pub(crate) time_offset: AtomicI64,
    pub(crate) time_requests: AtomicUsize,
    pub(crate) token_requests: AtomicUsize,
    counter: AtomicU64,
    state: Mutex<State>,
}

impl Shared {
    pub(crate) fn new(root_url: String) -> Self {
        Shared {
            root_url,
            time_offset: AtomicI64::new(0),
            time_requests: AtomicUsize::new(0),
            token_requests: AtomicUsize::new(0),
            counter: AtomicU64::new(0),
            state: Mutex::new(State {
                token_lifetime: DEFAULT_TOKEN_LIFETIME_SECS,
                ..State::default()
            }),
        }
    }

    /// Locks the state, ignoring poisoning (a test that panicked must not
    /// break the mock for the others).
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The mock's unix time: the real clock plus the offset.
    pub(crate) fn now(&self) -> i64 {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        real.saturating_add(self.time_offset.load(Ordering::SeqCst))
    }

    /// A fresh pseudo-random lowercase hex string (`len` ≤ 40).
    pub(crate) fn random_hex(&self, len: usize) -> String {
        let n = self.counter.fetch_add(1, Ordering::SeqCst);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let digest = Sha1::digest(format!("{}/{n}/{nanos}", self.root_url).as_bytes());
        let mut s = hex(&digest);
        s.truncate(len);
        s
    }

    /// A query id like `EU.ext-3.6650a1b2.12.abcd`.
    pub(crate) fn query_id(&self) -> String {
        let n = self.counter.load(Ordering::SeqCst);
        format!(
            "EU.ext-3.{:08x}.{n}.{}",
            self.now() as u32,
            self.random_hex(4)
        )
    }
}
