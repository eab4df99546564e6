//! Native sealing benchmark (criterion): a 2 KB report, and the same report with a 10 MiB
//! attachment, sealed through the Rust API to an RSA-4096 and a Curve25519 key (`bench/keys/`,
//! the keys `bench/seal.mjs` uses in wasm), plus the parts that dominate the large case, each
//! alone on a buffer of the MIME entity's size: AES-256-CFB with the SHA-1 MDC (rpgp's
//! `encrypt_protected`), base64 of the attachment (MIME) and of the ciphertext (armor).
//!
//! `cargo bench --bench seal` (or `make bench-seal`, which adds the wasm and OpenPGP.js figures).
//! Medians are in `target/criterion/seal*/*/new/estimates.json`; `bench/seal.mjs` prints them
//! beside the wasm ones.

use base64::Engine as _;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use psirt_report::seal::{seal_with_attachments, Attachment};
use psirt_report::{Profile, SealOptions};
use rand::{RngCore, SeedableRng};
use std::hint::black_box;

const ATTACHMENT: usize = 10 * 1024 * 1024;

/// (name, armored public key, pinned fingerprint)
fn keys() -> [(&'static str, &'static str, &'static str); 2] {
    [
        ("RSA-4096", include_str!("../bench/keys/rsa4096.pub.asc"), "DF88A7268A5D1C37300F7423CE6427AE579D9D0B"),
        ("Curve25519", include_str!("../bench/keys/cv25519.pub.asc"), "838503E5311D32441354498F257D76FFA6AC3775"),
    ]
}

/// The valid example, its description grown to bring the report to about 2 KB.
fn report_2k() -> String {
    let text = include_str!("../examples/valid-vulnerability.json");
    let mut value: serde_json::Value = serde_json::from_str(text).expect("example is JSON");
    let base = serde_json::to_string(&value).expect("serialises").len();
    let filler = "The parser trusts the length field. ".repeat(2048usize.saturating_sub(base).div_ceil(36));
    let description = format!("{} {filler}", value["description"].as_str().unwrap_or_default());
    value["description"] = serde_json::Value::String(description.trim().to_owned());
    serde_json::to_string(&value).expect("serialises")
}

fn bench_seal(c: &mut Criterion) {
    let report = report_2k();
    let profile = Profile::thales();
    let mut attachment = vec![0u8; ATTACHMENT];
    rand_chacha::ChaCha8Rng::seed_from_u64(4).fill_bytes(&mut attachment);

    let mut small = c.benchmark_group("seal-2KB");
    small.throughput(Throughput::Bytes(report.len() as u64));
    for (name, key, pin) in keys() {
        let opts = SealOptions { pin: Some(pin.to_owned()), ..SealOptions::new(profile) };
        small.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| seal_with_attachments(black_box(&report), key.as_bytes(), &[], &opts).expect("seals"))
        });
    }
    small.finish();

    let mut large = c.benchmark_group("seal-10MiB");
    large.sample_size(10);
    large.throughput(Throughput::Bytes(ATTACHMENT as u64));
    let parts = [Attachment { name: "capture.bin", media_type: Some("application/octet-stream"), data: &attachment }];
    for (name, key, pin) in keys() {
        let opts = SealOptions { pin: Some(pin.to_owned()), ..SealOptions::new(profile) };
        large.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                let sealed = seal_with_attachments(black_box(&report), key.as_bytes(), &parts, &opts).expect("seals");
                // The .eml too: the CLI and the npm API hand out both.
                black_box(sealed.eml().len())
            })
        });
    }
    large.finish();

    // The parts, each alone on a buffer the size of the plaintext (attachment in base64 + report).
    let entity_len = ATTACHMENT.div_ceil(3) * 4 + report.len();
    let mut entity = vec![0u8; entity_len];
    rand_chacha::ChaCha8Rng::seed_from_u64(5).fill_bytes(&mut entity);
    let session_key = [7u8; 32];
    let mut parts = c.benchmark_group("seal-10MiB-parts");
    parts.sample_size(10);
    parts.throughput(Throughput::Bytes(entity_len as u64));
    parts.bench_function("aes256-cfb+sha1-mdc", |b| {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(6);
        b.iter(|| {
            SymmetricKeyAlgorithm::AES256
                .encrypt_protected(&mut rng, &session_key, black_box(&entity))
                .expect("encrypts")
        })
    });
    parts.bench_function("base64-attachment", |b| {
        b.iter(|| base64::engine::general_purpose::STANDARD.encode(black_box(&attachment)))
    });
    parts.bench_function("base64-armor", |b| {
        b.iter(|| base64::engine::general_purpose::STANDARD.encode(black_box(&entity)))
    });
    parts.finish();
}

criterion_group!(benches, bench_seal);
criterion_main!(benches);
