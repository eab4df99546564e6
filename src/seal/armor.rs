//! ASCII armor (RFC 9580 §6) written as the ciphertext is made, for v4 and v6 messages alike,
//! and the CRC24 of its checksum line.

use base64::Engine;
use std::io::Write;

/// Ciphertext is armored in runs of this many bytes (the size the v4 writer encrypts at a time).
const CHUNK: usize = 64 * 1024;

/// ASCII armor (RFC 9580 §6) as the bytes arrive: `-----BEGIN PGP MESSAGE-----`, a blank line,
/// base64 in lines of 64 characters, the CRC24 line (v4 messages only: RFC 9580 §6.2 leaves it
/// out of v6 ones), the end line; CRLF line ends, so the very same text is the `.asc` file and
/// the body of the `.eml` part. Hand-written: rpgp's armor writer takes a whole packet, not a
/// stream.
pub(super) struct ArmorWriter<W: Write> {
    inner: W,
    /// Bytes waiting for a full line (48 bytes = 64 characters).
    pending: Vec<u8>,
    /// The CRC24 so far, or `None` when the armor has no checksum line.
    crc: Option<u32>,
    text: Vec<u8>,
}

/// Bytes per armor line.
const LINE: usize = 48;

impl<W: Write> ArmorWriter<W> {
    pub(super) fn new(mut inner: W, checksum: bool) -> std::io::Result<Self> {
        inner.write_all(b"-----BEGIN PGP MESSAGE-----\r\n\r\n")?;
        let crc = checksum.then_some(CRC24_INIT);
        Ok(ArmorWriter { inner, pending: Vec::with_capacity(CHUNK + LINE), crc, text: Vec::new() })
    }

    /// Writes the full lines of `data`.
    fn lines(&mut self, data: &[u8]) -> std::io::Result<()> {
        let engine = base64::engine::general_purpose::STANDARD;
        self.text.clear();
        self.text.reserve(data.len() / LINE * 66);
        let mut line = [0u8; 64];
        for chunk in data.chunks(LINE) {
            let n = engine.encode_slice(chunk, &mut line).map_err(std::io::Error::other)?;
            self.text.extend_from_slice(&line[..n]);
            self.text.extend_from_slice(b"\r\n");
        }
        self.inner.write_all(&self.text)
    }

    pub(super) fn finish(mut self) -> std::io::Result<()> {
        let rest = std::mem::take(&mut self.pending);
        if !rest.is_empty() {
            self.lines(&rest)?;
        }
        if let Some(crc) = self.crc {
            let engine = base64::engine::general_purpose::STANDARD;
            let crc = crc.to_be_bytes();
            let line = format!("={}\r\n", engine.encode(&crc[1..]));
            self.inner.write_all(line.as_bytes())?;
        }
        self.inner.write_all(b"-----END PGP MESSAGE-----\r\n")?;
        self.inner.flush()
    }
}

impl<W: Write> Write for ArmorWriter<W> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if let Some(crc) = self.crc {
            self.crc = Some(crc24(crc, data));
        }
        self.pending.extend_from_slice(data);
        if self.pending.len() >= CHUNK {
            let full = self.pending.len() / LINE * LINE;
            let rest = self.pending.split_off(full);
            let lines = std::mem::replace(&mut self.pending, rest);
            self.lines(&lines)?;
        }
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const CRC24_INIT: u32 = 0x00B7_04CE;
const CRC24_POLY: u32 = 0x0186_4CFB;

/// CRC24 of RFC 9580 §6.1, a byte at a time through a table built at compile time.
const CRC24_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = (i as u32) << 16;
        let mut bit = 0;
        while bit < 8 {
            crc <<= 1;
            if crc & 0x0100_0000 != 0 {
                crc ^= CRC24_POLY;
            }
            bit += 1;
        }
        table[i] = crc & 0x00FF_FFFF;
        i += 1;
    }
    table
};

/// `CRC24_TABLE` in the top 24 bits of a u32, and for one to three zero bytes after the byte
/// (`[k][i]`: byte `i` then `k` zero bytes), so that `crc24` takes four bytes a step ("slicing by
/// 4"): a byte at a time it was 15 % of a 10 MiB seal in Node once the bulk AES and hashes ran on
/// node:crypto (bench/profile-seal.mjs). Built on first use, not at compile time: 4 KiB of tables
/// in the module's data cost 3.8 KB gzip of the seal module every reporter loads.
fn crc24_slices() -> &'static [[u32; 256]; 4] {
    static SLICES: std::sync::OnceLock<Box<[[u32; 256]; 4]>> = std::sync::OnceLock::new();
    SLICES.get_or_init(|| {
        let mut t = Box::new([[0u32; 256]; 4]);
        for (slot, &v) in t[0].iter_mut().zip(CRC24_TABLE.iter()) {
            *slot = v << 8;
        }
        for k in 1..4 {
            let (done, rest) = t.split_at_mut(k);
            for (slot, &prev) in rest[0].iter_mut().zip(done[k - 1].iter()) {
                *slot = (prev << 8) ^ done[0][(prev >> 24) as usize];
            }
        }
        t
    })
}

fn crc24(crc: u32, data: &[u8]) -> u32 {
    let t = crc24_slices();
    // The register in the top 24 bits of a u32 (MSB first, as RFC 9580's definition).
    let mut r = crc << 8;
    let mut words = data.chunks_exact(4);
    for w in &mut words {
        r ^= u32::from_be_bytes([w[0], w[1], w[2], w[3]]);
        r = t[3][(r >> 24) as usize]
            ^ t[2][((r >> 16) & 0xFF) as usize]
            ^ t[1][((r >> 8) & 0xFF) as usize]
            ^ t[0][(r & 0xFF) as usize];
    }
    for &b in words.remainder() {
        r = (r << 8) ^ t[0][((r >> 24) as u8 ^ b) as usize];
    }
    r >> 8
}

/// Exact size of the armored message (v4 or v6) for a plaintext of `len` bytes is not worth computing; this
/// is an upper bound used to reserve the output buffer once (no doubling while it grows).
pub(super) fn armored_capacity(len: u64) -> usize {
    // Packets: ~1.0002x + headers; base64 4/3; line ends 2 per 64 characters; + 4 KiB of margin.
    let binary = len + len / 1024 + 2048;
    let b64 = binary.div_ceil(3) * 4;
    usize::try_from(b64 + b64.div_ceil(64) * 2 + 4096).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bit-by-bit definition of RFC 9580 §6.1.
    fn crc24_reference(data: &[u8]) -> u32 {
        let mut crc = CRC24_INIT;
        for &b in data {
            crc ^= u32::from(b) << 16;
            for _ in 0..8 {
                crc <<= 1;
                if crc & 0x0100_0000 != 0 {
                    crc ^= CRC24_POLY;
                }
            }
        }
        crc & 0x00FF_FFFF
    }

    #[test]
    fn crc24_table_matches_the_definition() {
        for data in [&b""[..], b"a", b"hello world", &[0xFFu8; 1000][..]] {
            assert_eq!(crc24(CRC24_INIT, data), crc24_reference(data));
        }
        // Split anywhere, the same.
        let data: Vec<u8> = (0..5000u32).map(|i| (i * 31 % 251) as u8).collect();
        let (a, b) = data.split_at(1234);
        assert_eq!(crc24(crc24(CRC24_INIT, a), b), crc24_reference(&data));
        // Four bytes a step: every length and split around the word boundary.
        for len in 0..40 {
            for at in 0..=len {
                let (a, b) = data[..len].split_at(at);
                assert_eq!(crc24(crc24(CRC24_INIT, a), b), crc24_reference(&data[..len]), "{len} {at}");
            }
        }
    }

    #[test]
    fn armor_lines_are_64_columns_and_decode_back() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 256) as u8).collect();
        let mut out = Vec::new();
        let mut w = ArmorWriter::new(&mut out, true).unwrap();
        for piece in data.chunks(777) {
            w.write_all(piece).unwrap();
        }
        w.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], "-----BEGIN PGP MESSAGE-----");
        assert_eq!(lines[1], "");
        let body: Vec<&str> = lines[2..].iter().take_while(|l| !l.starts_with('=')).copied().collect();
        assert!(body.iter().all(|l| l.len() <= 64) && body[..body.len() - 1].iter().all(|l| l.len() == 64));
        let decoded = base64::engine::general_purpose::STANDARD.decode(body.concat()).unwrap();
        assert_eq!(decoded, data);
        let crc_line = lines[2 + body.len()];
        let crc = base64::engine::general_purpose::STANDARD.decode(&crc_line[1..]).unwrap();
        assert_eq!(u32::from_be_bytes([0, crc[0], crc[1], crc[2]]), crc24_reference(&data));
        assert_eq!(lines[3 + body.len()], "-----END PGP MESSAGE-----");
        assert!(text.ends_with("-----END PGP MESSAGE-----\r\n"));
    }
}
