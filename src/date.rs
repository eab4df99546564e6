//! Calendar dates and times: strict `YYYY-MM-DD` parsing, "today", working-day arithmetic, and
//! the timestamps of sealing (ISO 8601 for keys and `now`, RFC 5322 for the `.eml`).
//!
//! Dates in reports are plain calendar dates (no time, no zone). "Today" comes from the host
//! clock: the system clock natively, the JavaScript `Date` (local calendar) in wasm, where
//! `std::time` is not available. Callers may pass their own "today" for reproducible results.

use time::{Date, Month, Weekday};

pub use time::Date as CalendarDate;

/// Parses exactly `YYYY-MM-DD` into a real calendar date (`2025-02-30` is refused).
pub fn parse(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(d).ok()?).ok()
}

/// Formats as `YYYY-MM-DD`.
pub fn format(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// `secs` since 1970 as ISO 8601 UTC, `2024-05-01T12:00:00Z`.
pub fn iso8601(secs: u64) -> String {
    let t = i64::try_from(secs)
        .ok()
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS[.fff]Z` (UTC) into seconds since 1970.
pub fn parse_iso8601(s: &str) -> Option<u64> {
    let s = s.trim();
    // Byte offsets below assume ASCII: anything else is not an ISO 8601 time (and `split_at` on a
    // multi-byte character would panic).
    if !s.is_ascii() {
        return None;
    }
    let (date, rest) = if s.len() > 10 { s.split_at(10) } else { (s, "") };
    let d = parse(date)?;
    let mut secs = 0i64;
    if !rest.is_empty() {
        let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
        let rest = rest.strip_suffix('Z').or_else(|| rest.strip_suffix("+00:00"))?;
        let hms = rest.split('.').next()?;
        let parts: Vec<&str> = hms.split(':').collect();
        if parts.len() != 3 || parts.iter().any(|p| p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        let n = |i: usize| parts[i].parse::<i64>().ok();
        let (h, m, sec) = (n(0)?, n(1)?, n(2)?);
        if h > 23 || m > 59 || sec > 60 {
            return None;
        }
        secs = h * 3600 + m * 60 + sec;
    }
    let days = i64::from(d.to_julian_day())
        - i64::from(time::Date::from_calendar_date(1970, time::Month::January, 1).ok()?.to_julian_day());
    u64::try_from(days * 86_400 + secs).ok()
}

/// RFC 5322 date: `Sun, 22 Nov 2026 09:00:00 +0000`.
pub fn rfc5322(secs: u64) -> String {
    let t = i64::try_from(secs)
        .ok()
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let day = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][usize::from(t.weekday().number_days_from_monday())];
    let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        [usize::from(u8::from(t.month()) - 1)];
    format!("{day}, {:02} {month} {:04} {:02}:{:02}:{:02} +0000", t.day(), t.year(), t.hour(), t.minute(), t.second())
}

/// Today's date on this machine's calendar.
#[cfg(not(target_arch = "wasm32"))]
pub fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

/// Today's date on the browser's (or Node's) local calendar.
#[cfg(target_arch = "wasm32")]
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    let (y, m, d) = (now.get_full_year(), now.get_month() + 1, now.get_date());
    Month::try_from(m as u8).ok().and_then(|m| Date::from_calendar_date(y as i32, m, d as u8).ok()).unwrap_or(Date::MIN)
}

/// Whether `d` is a working day: not a Saturday, Sunday or one of `holidays`.
pub fn is_working_day(d: Date, holidays: &[Date]) -> bool {
    !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && !holidays.contains(&d)
}

/// The date `n` working days after `from` (the day of receipt itself is not counted).
/// `add_working_days(Friday, 3)` is the next Wednesday; from a Saturday it is Wednesday too.
pub fn add_working_days(from: Date, n: u32, holidays: &[Date]) -> Date {
    let mut d = from;
    let mut left = n;
    while left > 0 {
        match d.next_day() {
            Some(next) => d = next,
            None => return d,
        }
        if is_working_day(d, holidays) {
            left -= 1;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rfc5322() {
        assert_eq!(rfc5322(1_714_564_800), "Wed, 01 May 2024 12:00:00 +0000");
    }

    #[test]
    fn iso8601_round_trips() {
        assert_eq!(iso8601(1_714_564_800), "2024-05-01T12:00:00Z");
        assert_eq!(parse_iso8601("2024-05-01T12:00:00Z"), Some(1_714_564_800));
        assert_eq!(parse_iso8601("2024-05-01"), Some(1_714_521_600));
        assert_eq!(parse_iso8601("2024-05-01T24:00:00Z"), None);
    }

    fn d(s: &str) -> Date {
        parse(s).expect(s)
    }

    #[test]
    fn parse_is_strict() {
        assert_eq!(format(d("2024-02-29")), "2024-02-29");
        for bad in [
            "2023-02-29",
            "2025-13-01",
            "2025-00-10",
            "2025-1-01",
            "2025-01-01T00",
            "２０２５-01-01",
            "",
            "abcd-ef-gh",
            "2025/01/01",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn working_days() {
        // 2026-11-20 is a Friday.
        assert_eq!(format(add_working_days(d("2026-11-20"), 3, &[])), "2026-11-25");
        assert_eq!(format(add_working_days(d("2026-11-21"), 3, &[])), "2026-11-25"); // Saturday
        assert_eq!(format(add_working_days(d("2026-11-23"), 3, &[])), "2026-11-26"); // Monday
                                                                                     // A holiday on the Tuesday pushes the deadline by a day.
        assert_eq!(format(add_working_days(d("2026-11-23"), 3, &[d("2026-11-24")])), "2026-11-27");
        // Christmas week, with 25 and 26 December as holidays.
        let h = [d("2026-12-25"), d("2026-12-26")];
        assert_eq!(format(add_working_days(d("2026-12-24"), 3, &h)), "2026-12-30");
    }
}
