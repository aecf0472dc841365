//! Transport benchmark: the SDK against plain reqwest, batch GETs against
//! single GETs, and signing throughput, all against an in-process HTTP
//! server on 127.0.0.1 serving a realistic bill.
//!
//! ```text
//! cargo bench -p ovh-api --bench transport
//! ```
//!
//! Each figure is the best of five short rounds (1 s each, the five
//! contenders taking turns), so one run takes about two minutes.
//!
//! For a profiler, one contender alone (`plain`, `headers`, `typed`, `raw` or `over-reqwest`;
//! default 10 in flight, 10 s):
//!
//! ```text
//! cargo bench -p ovh-api --bench transport -- --only typed --in-flight 10 --seconds 10
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::future::{Future, IntoFuture};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures::stream::{self, StreamExt};
use ovh_api::models::billing::Bill;
use ovh_api::{Client, ConfigLookup};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Counts heap allocations while [`COUNTING`] is set, for the allocations-per-call figures.
struct CountingAllocator;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Heap allocations (and reallocations) per call, client and server together, over `calls`
/// sequential calls.
async fn allocations_per_call<F, Fut>(calls: u64, call: F) -> f64
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    call().await; // warm the connection
    ALLOCATIONS.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    for _ in 0..calls {
        call().await;
    }
    COUNTING.store(false, Ordering::Relaxed);
    ALLOCATIONS.load(Ordering::Relaxed) as f64 / calls as f64
}

const ROUND: Duration = Duration::from_secs(1);
const ROUNDS: usize = 5;
const BILL_ID: &str = "FR12345678";

/// A bill as `GET /me/bill/{billId}` returns it.
fn bill_json(id: &str) -> String {
    format!(
        r#"{{"billId":"{id}","category":"autorenew","date":"2024-01-31T10:00:00+01:00","orderId":123456789,"password":"abcdefgh","pdfUrl":"https://www.ovh.com/cgi-bin/order/facture.pdf?reference={id}&passwd=abcdefgh","priceWithTax":{{"currencyCode":"EUR","priceInUcents":1440000000,"text":"14.40 €","value":14.4}},"priceWithoutTax":{{"currencyCode":"EUR","priceInUcents":1200000000,"text":"12.00 €","value":12.0}},"tax":{{"currencyCode":"EUR","priceInUcents":240000000,"text":"2.40 €","value":2.4}},"url":"https://www.ovh.com/cgi-bin/order/facture.cgi?reference={id}&passwd=abcdefgh"}}"#
    )
}

/// A minimal HTTP/1.1 keep-alive server: `/auth/time`, single bills, and
/// batch GETs (ids separated by `,`).
async fn serve(listener: TcpListener) {
    let single = Arc::new(bill_json(BILL_ID));
    loop {
        let Ok((socket, _)) = listener.accept().await else {
            return;
        };
        let _ = socket.set_nodelay(true);
        let single = Arc::clone(&single);
        tokio::spawn(async move {
            let mut socket = socket;
            let mut buffer = Vec::with_capacity(8192);
            let mut response = Vec::with_capacity(4096);
            loop {
                // One request head (every request is a GET: no body).
                let end = loop {
                    if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        break end + 4;
                    }
                    match socket.read_buf(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                };
                let head = String::from_utf8_lossy(&buffer[..end]);
                let path = head.split(' ').nth(1).unwrap_or("/").to_owned();
                buffer.drain(..end);
                let last = path.rsplit('/').next().unwrap_or("");
                let body = if path.ends_with("/auth/time") {
                    SystemTime::now()
                        .duration_since(UNIX_EPOCH)
                        .map(|d| d.as_secs())
                        .unwrap_or(0)
                        .to_string()
                } else if last.contains(',') {
                    let items: Vec<String> = last
                        .split(',')
                        .map(|id| {
                            format!(r#"{{"key":"{id}","value":{},"error":null}}"#, bill_json(id))
                        })
                        .collect();
                    format!("[{}]", items.join(","))
                } else {
                    single.to_string()
                };
                response.clear();
                response.extend_from_slice(
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                         X-Ovh-QueryID: EU.ext-1.bench\r\n\r\n",
                        body.len()
                    )
                    .as_bytes(),
                );
                response.extend_from_slice(body.as_bytes());
                if socket.write_all(&response).await.is_err() {
                    return;
                }
            }
        });
    }
}

/// `--only plain|headers|typed|raw|over-reqwest [--in-flight N] [--seconds S]`: run one contender alone
/// (for `perf`).
fn profile_args() -> Option<(Contender, usize, u64)> {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let only = value("--only")?;
    let contender = Contender::ALL
        .into_iter()
        .find(|c| c.flag() == only)
        .unwrap_or_else(|| {
            panic!("--only {only}: expected plain, headers, typed, raw or over-reqwest")
        });
    let in_flight = value("--in-flight").map_or(10, |n| n.parse().expect("--in-flight N"));
    let seconds = value("--seconds").map_or(10, |n| n.parse().expect("--seconds S"));
    Some((contender, in_flight, seconds))
}

/// Calls per second with `in_flight` calls running at once, for `round`.
async fn throughput(round: Duration, in_flight: usize, calls: &Calls, contender: Contender) -> f64 {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let workers: Vec<_> = (0..in_flight)
        .map(|_| {
            let (stop, done, calls) = (stop.clone(), done.clone(), calls.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    calls.call(contender).await;
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let started = Instant::now();
    tokio::time::sleep(round).await;
    let count = done.load(Ordering::Relaxed);
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    for worker in workers {
        let _ = worker.await;
    }
    count as f64 / elapsed.as_secs_f64()
}

/// The ways of fetching one bill that are compared.
#[derive(Clone, Copy, PartialEq)]
enum Contender {
    /// Plain reqwest: `get`, `bytes`, `serde_json`, nothing else.
    Plain,
    /// Plain reqwest sending the four headers every signed OVH call carries (fixed values,
    /// nothing computed): what the protocol itself costs through reqwest.
    Headers,
    /// `client.me().bill().bill_id(id).get()`.
    Typed,
    /// `client.get::<Bill>(path)`.
    Raw,
    /// The typed call on a client given a `reqwest::Client` (`http_client`): what users of
    /// their own reqwest client, or of a proxy, get.
    OverReqwest,
}

impl Contender {
    const ALL: [Contender; 5] = [
        Contender::Plain,
        Contender::Headers,
        Contender::Typed,
        Contender::Raw,
        Contender::OverReqwest,
    ];

    fn flag(self) -> &'static str {
        match self {
            Contender::Plain => "plain",
            Contender::Headers => "headers",
            Contender::Typed => "typed",
            Contender::Raw => "raw",
            Contender::OverReqwest => "over-reqwest",
        }
    }
}

/// Everything the contenders need; cheap to clone.
#[derive(Clone)]
struct Calls {
    client: Client,
    over_reqwest: Client,
    plain: reqwest::Client,
    url: Arc<str>,
}

impl Calls {
    async fn call(&self, contender: Contender) {
        match contender {
            Contender::Plain | Contender::Headers => {
                let mut request = self.plain.get(&*self.url);
                if contender == Contender::Headers {
                    request = request
                        .header("x-ovh-application", "bench-app-key")
                        .header("x-ovh-consumer", "bench-consumer-key")
                        .header("x-ovh-timestamp", "1764103000")
                        .header(
                            "x-ovh-signature",
                            "$1$0123456789abcdef0123456789abcdef01234567",
                        );
                }
                let response = request.send().await.expect("reqwest");
                let bytes = response.bytes().await.expect("body");
                let bill: Bill = serde_json::from_slice(&bytes).expect("bill");
                std::hint::black_box(bill);
            }
            Contender::Typed | Contender::OverReqwest => {
                let client = if contender == Contender::Typed {
                    &self.client
                } else {
                    &self.over_reqwest
                };
                let bill = client.me().bill().bill_id(BILL_ID).get().await;
                std::hint::black_box(bill.expect("typed"));
            }
            Contender::Raw => {
                let bill = self.client.get::<Bill>(format!("/me/bill/{BILL_ID}")).await;
                std::hint::black_box(bill.expect("raw"));
            }
        }
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(bench());
}

async fn bench() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(serve(listener));
    let calls = contenders(&format!("http://{addr}/1.0")).await;

    if let Some((contender, in_flight, seconds)) = profile_args() {
        let rate = throughput(Duration::from_secs(seconds), in_flight, &calls, contender).await;
        println!(
            "{}, {in_flight} in flight, {seconds} s: {rate:.0} calls/s",
            contender.flag()
        );
        return;
    }
    throughput_table(&calls).await;
    println!();
    allocations(&calls).await;
    batch_against_singles(&calls.client).await;
    signing_rate();
}

/// The clients under test, their clocks already read, calling the server at `base`.
async fn contenders(base: &str) -> Calls {
    let builder = || {
        Client::builder()
            .config_lookup(ConfigLookup::with_files(
                Vec::<(String, String)>::new(),
                Vec::new(),
            ))
            .endpoint(base)
            .application_key("bench-app-key")
            .application_secret("bench-app-secret")
            .consumer_key("bench-consumer-key")
    };
    let client = builder().build().expect("client");
    client.time_delta().await.expect("clock");
    let over_reqwest = builder()
        .http_client(reqwest::Client::new())
        .build()
        .expect("client");
    over_reqwest.time_delta().await.expect("clock");
    Calls {
        client,
        over_reqwest,
        plain: reqwest::Client::new(),
        url: format!("{base}/me/bill/{BILL_ID}").into(),
    }
}

/// Calls per second of each contender at 1, 10 and 50 calls in flight: a Markdown table.
async fn throughput_table(calls: &Calls) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "transport benchmark: {cores} cores, bill of {} bytes, best of {ROUNDS} rounds of {ROUND:?}",
        bill_json(BILL_ID).len()
    );
    println!();
    println!("| in flight | plain reqwest | reqwest + OVH headers | typed SDK | raw SDK | typed SDK over reqwest | typed / reqwest | raw / reqwest | typed over reqwest / reqwest |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for in_flight in [1, 10, 50] {
        let mut best = [0f64; 5];
        for _ in 0..ROUNDS {
            for (i, contender) in Contender::ALL.into_iter().enumerate() {
                let rate = throughput(ROUND, in_flight, calls, contender).await;
                best[i] = best[i].max(rate);
            }
        }
        let [plain, headers, typed, raw, over_reqwest] = best;
        println!(
            "| {in_flight} | {plain:.0}/s | {headers:.0}/s | {typed:.0}/s | {raw:.0}/s | {over_reqwest:.0}/s | {:.2} | {:.2} | {:.2} |",
            typed / plain,
            raw / plain,
            over_reqwest / plain,
        );
    }
}

/// Heap allocations per call of each contender, and the size of a typed call's future.
async fn allocations(calls: &Calls) {
    let mut per_call = [0f64; 5];
    for (i, contender) in Contender::ALL.into_iter().enumerate() {
        per_call[i] = allocations_per_call(10_000, || calls.call(contender)).await;
    }
    let typed = calls
        .client
        .me()
        .bill()
        .bill_id(BILL_ID)
        .get()
        .into_future();
    println!(
        "heap allocations per call (client and server): plain reqwest {:.1}, with OVH headers {:.1}, typed SDK {:.1}, raw SDK {:.1}, typed SDK over reqwest {:.1}; a typed call in flight holds a {}-byte future",
        per_call[0],
        per_call[1],
        per_call[2],
        per_call[3],
        per_call[4],
        std::mem::size_of_val(&*typed),
    );
}

/// 1000 bills read by one batch GET against 1000 single GETs, 50 in flight.
async fn batch_against_singles(client: &Client) {
    let ids: Vec<String> = (0..1000).map(|i| format!("FR{i:08}")).collect();
    let started = Instant::now();
    let bills = client
        .get_batch::<Bill>("/me/bill", &ids)
        .await
        .expect("batch");
    let batch = started.elapsed();
    assert!(bills.iter().all(Result::is_ok));
    let started = Instant::now();
    let singles: Vec<_> = stream::iter(&ids)
        .map(|id| client.me().bill().bill_id(id).get().into_future())
        .buffer_unordered(50)
        .collect()
        .await;
    let single = started.elapsed();
    assert!(singles.iter().all(Result::is_ok));
    println!(
        "1000 bills: batch GET (20 requests of 50) {:.1} ms; 1000 single GETs (50 in flight) {:.1} ms",
        batch.as_secs_f64() * 1e3,
        single.as_secs_f64() * 1e3
    );
}

/// Signatures per second on one core.
fn signing_rate() {
    let started = Instant::now();
    let mut signed = 0u64;
    while started.elapsed() < ROUND {
        for _ in 0..10_000 {
            std::hint::black_box(ovh_api::signing::signature(
                "bench-app-secret",
                "bench-consumer-key",
                "GET",
                "https://eu.api.ovh.com/1.0/me/bill/FR12345678",
                b"",
                std::hint::black_box(1_700_000_000),
            ));
        }
        signed += 10_000;
    }
    println!(
        "signing: {:.2} M signatures/s on one core",
        signed as f64 / started.elapsed().as_secs_f64() / 1e6
    );
}
