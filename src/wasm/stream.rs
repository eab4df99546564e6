//! Streaming between wasm and JavaScript memory while sealing: attachments are read from
//! JavaScript's `Uint8Array`s a block at a time, and the armored output leaves in 1 MiB string
//! chunks, so that wasm memory never holds a whole attachment or the whole message.

use crate::seal;
use std::io::Write;
use wasm_bindgen::prelude::*;

/// An attachment's bytes left in JavaScript memory.
pub(super) struct JsBytes(pub(super) js_sys::Uint8Array);

impl seal::mime::ByteSource for JsBytes {
    fn len(&self) -> usize {
        self.0.length() as usize
    }
    fn read_at(&self, offset: usize, buf: &mut [u8]) {
        let (start, end) = (offset as u32, (offset + buf.len()) as u32);
        self.0.subarray(start, end).copy_to(buf);
    }
}

/// Collects the armored output into JavaScript strings of 1 MiB, so that wasm memory never holds
/// the whole message: JavaScript joins them (a rope, not a copy) into `armored` and the `.eml`.
pub(super) struct JsChunks {
    pub(super) buf: Vec<u8>,
    pub(super) out: js_sys::Array,
    /// The SHA-256 of every armored byte, for the reporter's receipt — only
    /// when the caller has no platform cipher: with one (Node), the JavaScript layer hashes the
    /// chunks on the platform's SHA-256, several times faster than `sha2` compiled to wasm32
    /// (which was ~40 % of a 10 MiB seal in Node).
    pub(super) sha: Option<sha2::Sha256>,
}

impl JsChunks {
    pub(super) const CHUNK: usize = 1 << 20;
    pub(super) fn flush_chunk(&mut self) {
        if !self.buf.is_empty() {
            // Armor is ASCII: the validation's ASCII fast path, not a lossy decode (which was
            // 7 % of a 10 MiB seal); anything else would be a bug, said as such.
            let text = std::str::from_utf8(&self.buf).unwrap_or("[psirt-report: armor was not ASCII]");
            self.out.push(&JsValue::from_str(text));
            self.buf.clear();
        }
    }
}

impl Write for JsChunks {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if let Some(sha) = &mut self.sha {
            sha2::Digest::update(sha, data);
        }
        self.buf.extend_from_slice(data);
        if self.buf.len() >= Self::CHUNK {
            self.flush_chunk();
        }
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
