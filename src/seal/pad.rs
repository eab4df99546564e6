//! Length buckets: the size the MIME plaintext is padded to, so that the ciphertext length reveals
//! only a bucket, not the report's length.
//!
//! Scheme: at least 4 KiB; up to 64 KiB, the next power of two (4, 8, 16, 32, 64 KiB); above,
//! the next multiple of 64 KiB. So a text-only report (almost always under 64 KiB) shows one of
//! five sizes, and a report with attachments shows its size to 64 KiB, for at most 64 KiB (and
//! never more than 2x) of padding. The padding is MIME-legal: spaces (lines of 76 + CRLF) in
//! the epilogue after the closing boundary, which every MIME reader ignores.

/// Smallest bucket.
pub const MIN_BUCKET: u64 = 4 * 1024;
/// Largest power-of-two bucket, and the step above it.
pub const STEP: u64 = 64 * 1024;

/// The padded size for a plaintext of `len` bytes: never smaller than `len`.
pub fn bucket(len: u64) -> u64 {
    if len <= MIN_BUCKET {
        MIN_BUCKET
    } else if len <= STEP {
        len.next_power_of_two()
    } else {
        len.div_ceil(STEP).saturating_mul(STEP)
    }
}

/// Writes `n` bytes of epilogue padding: lines of 76 spaces + CRLF, then the remainder in spaces.
pub struct Padding {
    left: u64,
    /// Trailing spaces after the last full line (the total modulo 78).
    tail: u64,
}

impl Padding {
    pub fn new(n: u64) -> Self {
        Padding { left: n, tail: n % 78 }
    }
}

impl std::io::Read for Padding {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = usize::try_from(self.left).unwrap_or(usize::MAX).min(buf.len());
        for (i, b) in buf[..n].iter_mut().enumerate() {
            // Position within the remaining padding decides CR/LF, so chunking does not matter.
            let pos_from_end = self.left - i as u64;
            *b = if pos_from_end <= self.tail {
                b' '
            } else {
                match (pos_from_end - self.tail - 1) % 78 {
                    1 => b'\r',
                    0 => b'\n',
                    _ => b' ',
                }
            };
        }
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn buckets() {
        assert_eq!(bucket(0), 4096);
        assert_eq!(bucket(4096), 4096);
        assert_eq!(bucket(4097), 8192);
        assert_eq!(bucket(40_000), 65_536);
        assert_eq!(bucket(65_536), 65_536);
        assert_eq!(bucket(65_537), 131_072);
        assert_eq!(bucket(10 * 1024 * 1024 + 1), 10 * 1024 * 1024 + 65_536);
        for len in [1u64, 5000, 70_000, 1 << 24, 123_456_789] {
            assert!(bucket(len) >= len);
        }
    }

    #[test]
    fn padding_is_whitespace_lines_of_any_length_in_any_chunks() {
        for n in [0u64, 1, 2, 77, 78, 79, 156, 1000] {
            let mut whole = Vec::new();
            Padding::new(n).read_to_end(&mut whole).unwrap();
            assert_eq!(whole.len() as u64, n);
            assert!(whole.iter().all(|b| matches!(b, b' ' | b'\r' | b'\n')));
            assert!(whole.split(|&b| b == b'\n').all(|l| l.len() <= 78));
            let mut chunked = Vec::new();
            let mut p = Padding::new(n);
            let mut buf = [0u8; 7];
            loop {
                let k = p.read(&mut buf).unwrap();
                if k == 0 {
                    break;
                }
                chunked.extend_from_slice(&buf[..k]);
            }
            assert_eq!(whole, chunked);
        }
    }
}
