//! Transport benchmark: the SDK against plain reqwest, batch GETs against
//! single GETs, and signing throughput, all against an in-process HTTP
//! server on 127.0.0.1 serving a realistic bill.
//!
//! ```text
//! cargo bench -p ovh-api --bench transport
//! ```
//!
//! Each figure is the best of five short rounds (1 s each, the three
//! clients taking turns), so one run takes about a minute.

use std::future::{Future, IntoFuture};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures::stream::{self, StreamExt};
use ovh_api::models::billing::Bill;
use ovh_api::{Client, ConfigLookup};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

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

/// Calls per second with `in_flight` calls running at once, for one round.
async fn throughput<F, Fut>(in_flight: usize, call: F) -> f64
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let workers: Vec<_> = (0..in_flight)
        .map(|_| {
            let (stop, done, call) = (stop.clone(), done.clone(), call.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    call().await;
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let started = Instant::now();
    tokio::time::sleep(ROUND).await;
    let count = done.load(Ordering::Relaxed);
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    for worker in workers {
        let _ = worker.await;
    }
    count as f64 / elapsed.as_secs_f64()
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
    let base = format!("http://{addr}/1.0");

    let client = Client::builder()
        .config_lookup(ConfigLookup::with_files(
            Vec::<(String, String)>::new(),
            Vec::new(),
        ))
        .endpoint(&base)
        .application_key("bench-app-key")
        .application_secret("bench-app-secret")
        .consumer_key("bench-consumer-key")
        .build()
        .expect("client");
    client.time_delta().await.expect("clock");
    let plain = reqwest::Client::new();
    let url = format!("{base}/me/bill/{BILL_ID}");

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("transport benchmark: {cores} cores, bill of {} bytes, best of {ROUNDS} rounds of {ROUND:?}", bill_json(BILL_ID).len());
    println!();
    println!("| in flight | plain reqwest (req/s) | typed SDK (req/s) | raw SDK (req/s) | typed / reqwest | raw / reqwest |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for in_flight in [1, 10, 50] {
        let mut best = [0f64; 3];
        for _ in 0..ROUNDS {
            let (plain, url) = (plain.clone(), url.clone());
            let r = throughput(in_flight, move || {
                let request = plain.get(&url).send();
                async move {
                    let response = request.await.expect("reqwest");
                    let bytes = response.bytes().await.expect("body");
                    let bill: Bill = serde_json::from_slice(&bytes).expect("bill");
                    std::hint::black_box(bill);
                }
            })
            .await;
            best[0] = best[0].max(r);
            let typed = client.clone();
            let r = throughput(in_flight, move || {
                let request = typed.me().bill().bill_id(BILL_ID).get();
                async move {
                    std::hint::black_box(request.await.expect("typed"));
                }
            })
            .await;
            best[1] = best[1].max(r);
            let raw = client.clone();
            let r = throughput(in_flight, move || {
                let request = raw.get::<Bill>(format!("/me/bill/{BILL_ID}"));
                async move {
                    std::hint::black_box(request.await.expect("raw"));
                }
            })
            .await;
            best[2] = best[2].max(r);
        }
        println!(
            "| {in_flight} | {:.0} | {:.0} | {:.0} | {:.2} | {:.2} |",
            best[0],
            best[1],
            best[2],
            best[1] / best[0],
            best[2] / best[0]
        );
    }

    println!();
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
