//! A value fetched on demand and shared: the server clock offset, an OAuth2
//! token. Concurrent callers that find it missing or stale share one fetch.

use std::future::Future;
use std::sync::RwLock;

use crate::runtime::error::Result;

/// A shared value, fetched by one caller at a time.
#[derive(Debug, Default)]
pub(crate) struct Refreshable<T> {
    value: RwLock<Option<T>>,
    fetching: tokio::sync::Mutex<()>,
}

impl<T: Clone + PartialEq> Refreshable<T> {
    pub(crate) fn new() -> Self {
        Refreshable {
            value: RwLock::new(None),
            fetching: tokio::sync::Mutex::new(()),
        }
    }

    fn current(&self) -> Option<T> {
        self.value.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn store(&self, value: T) {
        *self.value.write().unwrap_or_else(|e| e.into_inner()) = Some(value);
    }

    /// The value, fetched when absent or `stale`. Callers arriving while a
    /// fetch is under way wait for it instead of fetching again.
    pub(crate) async fn get<F, Fut>(&self, stale: impl Fn(&T) -> bool, fetch: F) -> Result<T>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        if let Some(value) = self.current().filter(|v| !stale(v)) {
            return Ok(value);
        }
        // Boxed: the fetch (a whole HTTP exchange) is rare, and inline it would
        // make the future of every call that may need it that much larger.
        Box::pin(self.fetch(stale, fetch)).await
    }

    /// The slow path of [`Refreshable::get`].
    async fn fetch<F, Fut>(&self, stale: impl Fn(&T) -> bool, fetch: F) -> Result<T>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let _fetching = self.fetching.lock().await;
        if let Some(value) = self.current().filter(|v| !stale(v)) {
            return Ok(value);
        }
        let value = fetch().await?;
        self.store(value.clone());
        Ok(value)
    }

    /// Replaces `rejected` (a value a caller saw refused) with a fresh one,
    /// unless another caller has replaced it already.
    pub(crate) async fn refresh<F, Fut>(&self, rejected: &T, fetch: F) -> Result<T>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        self.fetch(|v| v == rejected, fetch).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[tokio::test]
    async fn concurrent_callers_share_one_fetch_and_refresh() {
        let shared = Arc::new(Refreshable::<u32>::new());
        let fetches = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let (shared, fetches) = (shared.clone(), fetches.clone());
                tokio::spawn(async move {
                    shared
                        .get(
                            |_| false,
                            || async {
                                tokio::task::yield_now().await;
                                Ok(fetches.fetch_add(1, Ordering::SeqCst) as u32 + 7)
                            },
                        )
                        .await
                        .unwrap()
                })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap(), 7);
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        // Two callers rejecting the same value refresh it once.
        let a = shared.refresh(&7, || async { Ok(8) }).await.unwrap();
        let b = shared.refresh(&7, || async { Ok(9) }).await.unwrap();
        assert_eq!((a, b), (8, 8));
        // A stale value is fetched again.
        let c = shared.get(|v| *v == 8, || async { Ok(10) }).await.unwrap();
        assert_eq!(c, 10);
    }
}
