//! Native scanner benchmark (criterion): throughput on the labelled corpus (dense with secrets),
//! on plain report prose (the common case: no secret at all), and the latency of one ~50 KB
//! report with typical content (prose, logs, an HTTP exchange, a few findings) — the same text
//! `bench/scan-speed.mjs` times in wasm.
//!
//! `cargo bench --bench scan` (or `make bench-scan-speed`, which adds the wasm figures).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use psirt_report::scan::{scan_text, ScanOptions};
use std::hint::black_box;

const PROSE: &str = "The export endpoint of the customer portal returns other tenants' invoices when the
tenant id in the path is changed. Steps: log in as a normal user, open the invoices page, replace
the tenant id in the URL with a neighbouring one, and the server answers 200 with that tenant's
documents. Version 4.12.3 of the portal, build 2024.05.1, observed on 2024-06-03 around 14:05 UTC.
";
const LOG: &str = "2024-06-03T14:05:22.418Z INFO  [http-nio-8443-exec-7] c.a.portal.InvoiceController - GET /api/v2/tenants/1042/invoices?page=3&size=50 200 182ms
2024-06-03T14:05:22.601Z WARN  [http-nio-8443-exec-2] c.a.portal.AuthFilter - token refresh took 1204ms for session 9f8e7d6c
    at com.acme.portal.InvoiceController.list(InvoiceController.java:118)
    at org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:897)
";
const HTTP: &str = "GET /api/v2/tenants/1043/invoices HTTP/1.1
Host: portal.example.com
User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0
Accept: application/json
Cookie: lang=en; theme=dark

HTTP/1.1 200 OK
Content-Type: application/json
{\"invoices\":[{\"id\":\"INV-2024-00042\",\"amount\":1290.5,\"currency\":\"EUR\",\"sha256\":\"3f7a9c0e5b1d2e4f6a8b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f\"}]}
";
const SECRETS: &str = "Leaked in the response: aws_access_key_id = AKIA2E0A8F3B244C9986
password=Tr0ub4dor&3xQ and contact jane.doe@customer-corp.com, card 4539 1488 0343 6467.
";

/// The same construction as `build()` in bench/scan-speed.mjs.
fn build(target: usize, secrets: bool) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let (mut n, mut i) = (0usize, 0usize);
    while n < target {
        let p = [PROSE, LOG, HTTP][i % 3];
        parts.push(p);
        n += p.len();
        if secrets && i % 40 == 20 {
            parts.push(SECRETS);
            n += SECRETS.len();
        }
        i += 1;
    }
    parts.join("\n")
}

fn corpus() -> Vec<String> {
    let raw = std::fs::read_to_string("tests/corpus/cases.jsonl").unwrap_or_default();
    raw.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_owned))
        .collect()
}

fn bench_scan(c: &mut Criterion) {
    let opts = ScanOptions::default();
    let texts = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut g = c.benchmark_group("scan");
    g.sample_size(20);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("corpus", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(scan_text(black_box(t), &opts));
            }
        })
    });
    let prose = build(1 << 20, false);
    g.throughput(Throughput::Bytes(prose.len() as u64));
    g.bench_function("prose-1MiB", |b| b.iter(|| black_box(scan_text(black_box(&prose), &opts))));
    let report = build(50 * 1024, true);
    g.throughput(Throughput::Bytes(report.len() as u64));
    g.bench_function("report-50KB", |b| b.iter(|| black_box(scan_text(black_box(&report), &opts))));
    g.finish();
}

criterion_group!(benches, bench_scan);
criterion_main!(benches);
