//! Peak heap memory while sealing an attachment, natively: a counting global allocator records the
//! high-water mark of live heap bytes above what was live before sealing (the attachment itself,
//! made beforehand, is not counted: it belongs to the caller).
//!
//! `cargo run --release --example seal_memory -- 10 25` prints one line per size (MiB):
//! in-memory sealing (`seal_full`: the armored text in a String) and streaming to a file
//! (`seal_into`). Budget (issue #4): peak <= 3x the attachment size.

use psirt_report::seal::{seal_full, seal_into, Attachment, SealOptions};
use psirt_report::Profile;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            // Counted as a new block then the old one freed: realloc may copy.
            let now = LIVE.fetch_add(new, Ordering::Relaxed) + new;
            PEAK.fetch_max(now, Ordering::Relaxed);
            LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        }
        q
    }
}

#[global_allocator]
static A: Counting = Counting;

fn main() {
    let report = std::fs::read_to_string("examples/valid-vulnerability.json").expect("run from the repository root");
    let key = std::fs::read("keys/demo-psirt.pub.asc").expect("demo key");
    let opts = SealOptions::new(Profile::demo());
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1, 10, 25] } else { sizes };
    println!("attachment_mib mode peak_heap_mib ratio armored_mib");
    for mib in sizes {
        let data: Vec<u8> =
            (0..mib * 1024 * 1024).map(|i| (i as u32).wrapping_mul(2_654_435_761).to_be_bytes()[0]).collect();
        let att = [Attachment { name: "capture.pcap", media_type: None, data: &data }];

        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let sealed = seal_full(&report, &key, &att, &opts, rand::rngs::OsRng).expect("seal");
        let peak = PEAK.load(Ordering::Relaxed) - base;
        let line = |mode: &str, peak: usize, out: usize| {
            let m = |b: usize| b as f64 / 1048576.0;
            println!("{mib} {mode} {:.1} {:.2} {:.1}", m(peak), peak as f64 / data.len() as f64, m(out));
        };
        line("in-memory", peak, sealed.armored.len());
        drop(sealed);

        let path = std::env::temp_dir().join(format!("psirt-seal-memory-{}.asc", std::process::id()));
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let file = std::io::BufWriter::new(std::fs::File::create(&path).expect("temp file"));
        seal_into(&report, &key, &att, &opts, rand::rngs::OsRng, |_| file).expect("seal");
        let peak = PEAK.load(Ordering::Relaxed) - base;
        let written = std::fs::metadata(&path).map(|m| m.len() as usize).unwrap_or(0);
        let _ = std::fs::remove_file(&path);
        line("to-file", peak, written);
    }
}
