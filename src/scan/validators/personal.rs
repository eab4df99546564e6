//! Personal data: card numbers (issuer, Luhn, test cards), IBANs, national ids with their check
//! digits, dates of birth.

use super::*;

// --- personal data ----------------------------------------------------------------------------

/// Luhn checksum over decimal digits (values 0-9).
pub(crate) fn luhn(d: &[u8]) -> bool {
    if d.len() < 2 {
        return false;
    }
    let mut sum = 0u32;
    for (i, &x) in d.iter().rev().enumerate() {
        let mut v = u32::from(x);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// Issuer prefix and length of a card number (digits 0-9).
pub(crate) fn card_issuer_ok(d: &[u8]) -> bool {
    let n = d.len();
    let num = |k: usize| d.iter().take(k).fold(0u32, |a, &x| a * 10 + u32::from(x));
    let (p1, p2, p3, p4, p6) = (num(1), num(2), num(3), num(4), num(6));
    match p1 {
        4 => matches!(n, 13 | 16 | 19),                             // Visa
        5 if (51..=55).contains(&p2) => n == 16,                    // Mastercard
        2 if (2221..=2720).contains(&p4) => n == 16,                // Mastercard 2-series
        3 if p2 == 34 || p2 == 37 => n == 15,                       // Amex
        3 if (3528..=3589).contains(&p4) => (16..=19).contains(&n), // JCB
        3 if (300..=305).contains(&p3) || p2 == 36 || p2 == 38 || p2 == 39 => (14..=19).contains(&n), // Diners
        6 if p4 == 6011 || (644..=649).contains(&p3) || p2 == 65 => (16..=19).contains(&n), // Discover
        6 if (622_126..=622_925).contains(&p6) || p2 == 62 => (16..=19).contains(&n), // UnionPay
        5 | 6 if p2 == 50 || (56..=69).contains(&p2) => (12..=19).contains(&n), // Maestro
        _ => false,
    }
}

/// Card numbers published as test values by payment providers.
const TEST_CARDS: &[&str] = &[
    "4242424242424242",
    "4000056655665556",
    "5555555555554444",
    "2223003122003222",
    "5200828282828210",
    "5105105105105100",
    "378282246310005",
    "371449635398431",
    "6011111111111117",
    "6011000990139424",
    "3056930009020004",
    "36227206271667",
    "3566002020360505",
    "6200000000000005",
    "4111111111111111",
    "4012888888881881",
    "4222222222222",
    "5454545454545454",
    "4000000000000002",
    "4000000000009995",
    "4000000000000077",
    "4000000000000093",
    "4000000000000010",
    "4000000000000028",
    "4000000000000036",
    "4000000000000101",
    "4000000000000341",
    "4000000000003220",
    "4000002500003155",
    "4000000000000069",
    "4000000000000127",
    "4000000000000119",
    "30569309025904",
    "38520000023237",
    "6011000000000004",
    "5425233430109903",
    "2222420000001113",
    "2223000048410010",
    "4263982640269299",
    "4917484589897107",
    "4001919257537193",
    "4007702835532454",
    "6011601160116611",
    "3530111333300000",
    "3566111111111113",
    "5019717010103742",
    "6331101999990016",
    "4462030000000000",
    "4917610000000000",
    "4484070000000000",
];

/// `side` (the bytes just before the match when `left`, else just after) is a space and a
/// group of exactly four hex digits: the match continues a spaced hex fingerprint.
fn hex_group(side: &[u8], left: bool) -> bool {
    let g: Vec<u8> = if left { side.iter().rev().copied().collect() } else { side.to_vec() };
    // g[0] is the byte next to the match.
    g.len() >= 5
        && g[0] == b' '
        && g[1..5].iter().all(u8::is_ascii_hexdigit)
        && g.get(5).is_none_or(|b| !b.is_ascii_alphanumeric())
}

pub(crate) fn check_card(c: &Ctx) -> Verdict {
    let raw = c.secret();
    // Separators, if any, must be one kind (`4111 1111 …` or `4111-1111-…`).
    let seps: Vec<u8> = raw.iter().filter(|b| !b.is_ascii_digit()).copied().collect();
    if seps.windows(2).any(|w| w[0] != w[1]) {
        return Reject;
    }
    // Part of a longer number, a decimal or a dotted id.
    // A comma is part of the number only as a thousands separator or a decimal comma (`1,234`,
    // `12,50`): a short digit group on its side. In CSV it separates fields (`…IBAN,4111…`).
    let short_group = |g: &[u8]| {
        let n = g.iter().take_while(|b| b.is_ascii_digit()).count();
        (1..=3).contains(&n) && g.get(n).is_none_or(|b| !b.is_ascii_alphanumeric())
    };
    let left_group: Vec<u8> = c.left(5).iter().rev().skip(1).copied().collect();
    if matches!(c.before(), Some(b'.' | b'-' | b'/' | b'+' | b'_')) && c.left(2).first().is_some_and(u8::is_ascii_digit)
        || c.before() == Some(b',') && short_group(&left_group)
        || matches!(c.after(), Some(b'.' | b'-' | b'/')) && c.right(2).get(1).is_some_and(u8::is_ascii_digit)
        || c.after() == Some(b',') && short_group(&c.right(5)[1..]) && !comma_separates_fields(raw, &c.right(8)[1..])
    {
        return Reject;
    }
    // Four of the ten groups of a PGP (or other hex) fingerprint can pass Luhn on a card prefix:
    // a spaced group of four hex digits on either side makes the run a fingerprint.
    if raw.contains(&b' ') && (hex_group(c.left(6), true) || hex_group(c.right(6), false)) {
        return Reject;
    }
    // Spaced cards are grouped 4-4-4-4 (or 4-6-5): `598 084 240 21786` is a SIRET.
    if (raw.contains(&b' ') || raw.contains(&b'-'))
        && raw.split(|b| !b.is_ascii_digit()).next().is_some_and(|g| g.len() != 4)
    {
        return Reject;
    }
    // `+49 151 98154135` is a phone number; 12-digit cards (some Maestro) are too rare to be told
    // from the ids and sender numbers of that length.
    let d = digits(raw);
    if c.before() == Some(b'+') || d.len() < 13 {
        return Reject;
    }
    if !card_issuer_ok(&d) || !luhn(&d) {
        return Reject;
    }
    if named_siret(c, &d) || named_otherwise(c) {
        return Reject;
    }
    let s: String = d.iter().map(|x| char::from(b'0' + x)).collect();
    if TEST_CARDS.contains(&s.as_str()) {
        return Example;
    }
    // Twelve or more identical digits is a made-up number.
    if d.iter().filter(|&&x| x == d[d.len() - 1]).count() >= d.len() - 2 {
        return Example;
    }
    Real
}

/// A French SIRET (SIREN + NIC, 14 digits) is Luhn-valid by construction, and so is its SIREN
/// (the first nine digits): such a number is a SIRET, not a card, when the text names SIRET or
/// SIREN before it (a `siret` key or column, `SIRET 598…`, `n° SIRET :`).
fn named_siret(c: &Ctx, d: &[u8]) -> bool {
    // Named SIRET, a 14-digit number is one even when its SIREN fails Luhn (a made-up one).
    if d.len() != 14 {
        return false;
    }
    let before = c.hay[c.m.start.saturating_sub(4096)..c.m.start].to_ascii_lowercase();
    before.windows(5).any(|w| w == b"siret" || w == b"siren")
}

/// A number its line names as something else just before it (`Serial range 4632…`, `S/N:`,
/// `IMEI`, `tracking`, `n° de série`), with no card word between: not a card.
fn named_otherwise(c: &Ctx) -> bool {
    let left = c.left(32);
    let line = &left[left.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..];
    let l = crate::scan::ctx::lower_latin1(&String::from_utf8_lossy(line));
    ["serial", "s/n", "imei", "tracking", "n\u{b0} de s\u{e9}rie", "num\u{e9}ro de s\u{e9}rie"]
        .iter()
        .any(|w| l.contains(w))
        && !l.contains("card")
        && !l.contains("carte")
}

/// IBAN length per country (ISO 13616 registry).
fn iban_length(cc: &[u8]) -> Option<usize> {
    const T: &[(&[u8; 2], usize)] = &[
        (b"AD", 24),
        (b"AE", 23),
        (b"AL", 28),
        (b"AT", 20),
        (b"AZ", 28),
        (b"BA", 20),
        (b"BE", 16),
        (b"BG", 22),
        (b"BH", 22),
        (b"BI", 27),
        (b"BR", 29),
        (b"BY", 28),
        (b"CH", 21),
        (b"CR", 22),
        (b"CY", 28),
        (b"CZ", 24),
        (b"DE", 22),
        (b"DJ", 27),
        (b"DK", 18),
        (b"DO", 28),
        (b"EE", 20),
        (b"EG", 29),
        (b"ES", 24),
        (b"FI", 18),
        (b"FK", 18),
        (b"FO", 18),
        (b"FR", 27),
        (b"GB", 22),
        (b"GE", 22),
        (b"GI", 23),
        (b"GL", 18),
        (b"GR", 27),
        (b"GT", 28),
        (b"HR", 21),
        (b"HU", 28),
        (b"IE", 22),
        (b"IL", 23),
        (b"IQ", 23),
        (b"IS", 26),
        (b"IT", 27),
        (b"JO", 30),
        (b"KW", 30),
        (b"KZ", 20),
        (b"LB", 28),
        (b"LC", 32),
        (b"LI", 21),
        (b"LT", 20),
        (b"LU", 20),
        (b"LV", 21),
        (b"LY", 25),
        (b"MC", 27),
        (b"MD", 24),
        (b"ME", 22),
        (b"MK", 19),
        (b"MN", 20),
        (b"MR", 27),
        (b"MT", 31),
        (b"MU", 30),
        (b"NI", 28),
        (b"NL", 18),
        (b"NO", 15),
        (b"OM", 23),
        (b"PK", 24),
        (b"PL", 28),
        (b"PS", 29),
        (b"PT", 25),
        (b"QA", 29),
        (b"RO", 24),
        (b"RS", 22),
        (b"RU", 33),
        (b"SA", 24),
        (b"SC", 31),
        (b"SD", 18),
        (b"SE", 24),
        (b"SI", 19),
        (b"SK", 24),
        (b"SM", 27),
        (b"SO", 23),
        (b"ST", 25),
        (b"SV", 28),
        (b"TL", 23),
        (b"TN", 24),
        (b"TR", 26),
        (b"UA", 29),
        (b"VA", 22),
        (b"VG", 24),
        (b"XK", 20),
        (b"YE", 30),
    ];
    T.iter().find(|(c, _)| c.as_slice() == cc).map(|(_, n)| *n)
}

/// IBAN: country length and ISO 7064 mod-97 = 1.
pub(crate) fn iban_ok(s: &[u8]) -> bool {
    let v = alnum_upper(s);
    if v.len() < 15 || iban_length(&v[..2]) != Some(v.len()) || !v[2..4].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut rem = 0u32;
    for &b in v[4..].iter().chain(&v[..4]) {
        let val = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return false,
        };
        rem = if val >= 10 { (rem * 100 + val) % 97 } else { (rem * 10 + val) % 97 };
    }
    rem == 1
}

const EXAMPLE_IBANS: &[&str] = &[
    "GB82WEST12345698765432",
    "GB29NWBK60161331926819",
    "DE89370400440532013000",
    "FR1420041010050500013M02606",
    "FR7630006000011234567890189",
    "NL91ABNA0417164300",
    "BE68539007547034",
    "ES9121000418450200051332",
    "IT60X0542811101000000123456",
    "CH9300762011623852957",
    "AT611904300234573201",
    "PL61109010140000071219812874",
];

pub(crate) fn check_iban(c: &Ctx) -> Verdict {
    let s = c.secret();
    if !iban_ok(s) {
        return Reject;
    }
    let v = alnum_upper(s);
    if EXAMPLE_IBANS.iter().any(|e| e.as_bytes() == v.as_slice()) {
        return Example;
    }
    Real
}

/// French NIR (social security number): 13 digits (department 2A/2B for Corsica) + 2-digit key
/// = 97 − (number mod 97), with 2A read as 19 and 2B as 18.
pub(crate) fn nir_ok(s: &[u8]) -> bool {
    let v = alnum_upper(s);
    if v.len() != 15 {
        return false;
    }
    let mut body = v[..13].to_vec();
    match (&body[5], &body[6]) {
        (b'2', b'A') => body[5..7].copy_from_slice(b"19"),
        (b'2', b'B') => body[5..7].copy_from_slice(b"18"),
        _ => {}
    }
    if !body.iter().chain(&v[13..]).all(u8::is_ascii_digit)
        || !matches!(body[0], b'1' | b'2' | b'3' | b'4' | b'7' | b'8')
    {
        return false;
    }
    let month = (body[3] - b'0') * 10 + (body[4] - b'0');
    if !((1..=12).contains(&month) || (20..=42).contains(&month) || (50..=99).contains(&month)) {
        return false;
    }
    let n = body.iter().fold(0u64, |a, &b| a * 10 + u64::from(b - b'0'));
    let key = u64::from(v[13] - b'0') * 10 + u64::from(v[14] - b'0');
    97 - n % 97 == key
}

/// US SSN rules: area not 000, 666 or 9xx; group not 00; serial not 0000.
pub(crate) fn ssn_ok(s: &[u8]) -> bool {
    let d = digits(s);
    if d.len() != 9 {
        return false;
    }
    let area = u32::from(d[0]) * 100 + u32::from(d[1]) * 10 + u32::from(d[2]);
    let group = u32::from(d[3]) * 10 + u32::from(d[4]);
    let serial = d[5..].iter().fold(0u32, |a, &x| a * 10 + u32::from(x));
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

pub(crate) fn check_ssn(c: &Ctx) -> Verdict {
    let s = c.secret();
    let d = digits(s);
    // Published examples: the Woolworth wallet card and the 1940s advertisement number.
    if d == [0, 7, 8, 0, 5, 1, 1, 2, 0] || d == [2, 1, 9, 0, 9, 9, 9, 9, 9] || d == [1, 2, 3, 4, 5, 6, 7, 8, 9] {
        return Example;
    }
    // `123-45-6789`-like ids in versions or dates (`2024-01-1234`) are rejected by shape: a
    // separator must be the same on both sides.
    let seps: Vec<u8> = s.iter().filter(|b| !b.is_ascii_digit()).copied().collect();
    if seps.len() == 2 && seps[0] != seps[1] {
        return Reject;
    }
    real_if(ssn_ok(s))
}

/// UK National Insurance number: two prefix letters (not D, F, I, Q, U, V; second not O; not
/// BG, GB, KN, NK, NT, TN, ZZ), six digits, suffix A–D.
pub(crate) fn nino_ok(s: &[u8]) -> bool {
    let v = alnum_upper(s);
    if v.len() != 9 || !v[2..8].iter().all(u8::is_ascii_digit) || !(b'A'..=b'D').contains(&v[8]) {
        return false;
    }
    let (a, b) = (v[0], v[1]);
    let banned = |x: u8| matches!(x, b'D' | b'F' | b'I' | b'Q' | b'U' | b'V');
    if banned(a) || banned(b) || b == b'O' {
        return false;
    }
    !matches!(&v[..2], b"BG" | b"GB" | b"KN" | b"NK" | b"NT" | b"TN" | b"ZZ")
}

pub(crate) fn check_nino(c: &Ctx) -> Verdict {
    let v = alnum_upper(c.secret());
    if v.starts_with(b"QQ") && v.len() == 9 {
        return Example; // HMRC's documentation number
    }
    real_if(nino_ok(c.secret()))
}

/// Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter): letter = table[n mod 23].
pub(crate) fn dni_ok(s: &[u8]) -> bool {
    const L: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
    let v = alnum_upper(s);
    if v.len() != 9 {
        return false;
    }
    let lead = match v[0] {
        b'X' => 0,
        b'Y' => 1,
        b'Z' => 2,
        b'0'..=b'9' => u32::from(v[0] - b'0'),
        _ => return false,
    };
    if !v[1..8].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let n = v[1..8].iter().fold(lead, |a, &b| a * 10 + u32::from(b - b'0'));
    L[(n % 23) as usize] == v[8]
}

/// Italian codice fiscale: 15 characters + a check letter from odd/even position tables.
pub(crate) fn codice_fiscale_ok(s: &[u8]) -> bool {
    const ODD: [u32; 26] =
        [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
    let v = alnum_upper(s);
    if v.len() != 16 || !v[15].is_ascii_uppercase() {
        return false;
    }
    let mut sum = 0u32;
    for (i, &ch) in v[..15].iter().enumerate() {
        let idx = match ch {
            b'0'..=b'9' => usize::from(ch - b'0'),
            b'A'..=b'Z' => usize::from(ch - b'A'),
            _ => return false,
        };
        // Positions are 1-based in the specification: index 0 is "odd".
        sum += if i % 2 == 0 { ODD[idx] } else { idx as u32 };
    }
    u32::from(v[15] - b'A') == sum % 26
}

/// German tax id (Steuerliche Identifikationsnummer): 11 digits, no leading 0; in the first ten,
/// exactly one digit repeats (twice or three times, never three in a row) and the others at most
/// once; the eleventh is the ISO 7064 MOD 11,10 check digit.
pub(crate) fn steuer_id_ok(s: &[u8]) -> bool {
    let d = digits(s);
    if d.len() != 11 || d[0] == 0 {
        return false;
    }
    let mut counts = [0u8; 10];
    for &x in &d[..10] {
        counts[usize::from(x)] += 1;
    }
    let repeated: Vec<u8> = counts.iter().copied().filter(|&c| c > 1).collect();
    if repeated.len() != 1 || repeated[0] > 3 {
        return false;
    }
    if repeated[0] == 3 && d[..10].windows(3).any(|w| w[0] == w[1] && w[1] == w[2]) {
        return false;
    }
    let mut product = 10u32;
    for &x in &d[..10] {
        let mut sum = (u32::from(x) + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    let check = (11 - product) % 10;
    check == u32::from(d[10])
}

pub(crate) fn check_nir(c: &Ctx) -> Verdict {
    real_if(nir_ok(c.secret()) && !glued_number(c))
}
pub(crate) fn check_dni(c: &Ctx) -> Verdict {
    real_if(dni_ok(c.secret()) && !glued_number(c))
}
pub(crate) fn check_cf(c: &Ctx) -> Verdict {
    let v = alnum_upper(c.secret());
    if v.as_slice() == b"RSSMRA85T10A562S" || v.as_slice() == b"RSSMRA80A01H501U" {
        return Example; // the textbook "Mario Rossi"
    }
    real_if(codice_fiscale_ok(c.secret()))
}
pub(crate) fn check_steuer(c: &Ctx) -> Verdict {
    if glued_number(c) || matches!(c.before(), Some(b'+')) {
        return Reject;
    }
    real_if(steuer_id_ok(c.secret()))
}

/// The match continues a longer number (`1.12345678901`, `12345678901-2`).
fn glued_number(c: &Ctx) -> bool {
    let l = c.left(2);
    let r = c.right(2);
    (l.len() == 2 && matches!(l[1], b'.' | b',' | b'/' | b'-') && l[0].is_ascii_digit())
        || (r.len() == 2 && matches!(r[0], b'.' | b'/' | b'-') && r[1].is_ascii_digit())
        || (r.len() == 2
            && r[0] == b','
            && r[1].is_ascii_digit()
            && !comma_separates_fields(c.secret(), &c.right(10)[1..]))
}

/// Whether the comma after a number (`number` is the match, `far` what follows the comma)
/// separates two fields of a CSV line rather than continuing the number: a thousands separator
/// has a group of at most three digits on its left and exactly three on its right (`1 234,567`
/// is not one), a decimal comma one or two digits that no `.`, `/` or `-` continues (`…,01.12.1994`
/// is the next field, a date; `…5J,12/05/1973` too).
fn comma_separates_fields(number: &[u8], far: &[u8]) -> bool {
    let near = number.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let n = far.iter().take_while(|b| b.is_ascii_digit()).count();
    let continued =
        far.get(n).is_some_and(|b| matches!(b, b'.' | b'/' | b'-')) && far.get(n + 1).is_some_and(u8::is_ascii_digit);
    let thousands = n == 3 && (1..=3).contains(&near);
    let decimal = (1..=2).contains(&n) && !continued;
    !(thousands || decimal)
}

pub(crate) fn check_dob(c: &Ctx) -> Verdict {
    let s = c.secret();
    let d = digits(s);
    // A year between 1900 and 2030 must be in there; day/month sanity for numeric forms.
    let text = String::from_utf8_lossy(s);
    let year_ok = text
        .split(|ch: char| !ch.is_ascii_digit())
        .filter(|t| t.len() == 4)
        .filter_map(|t| t.parse::<u32>().ok())
        .any(|y| (1900..=2030).contains(&y));
    let two_digit_year = d.len() == 6 && text.split(|ch: char| !ch.is_ascii_digit()).all(|t| t.len() <= 2);
    // `1900-01-01`, `01/01/1900`: the date a form or a fixture puts where none is known.
    let unknown = d == b"19000101" || d == b"01011900";
    if (year_ok || two_digit_year) && !is_placeholder(s) && !unknown && specimen_nearby(c) {
        return Example;
    }
    real_if((year_ok || two_digit_year) && !is_placeholder(s) && !unknown)
}

/// A date on a line that names a birth date before it (`dob_check provided=…`).
pub(crate) fn check_dob_on_its_line(c: &Ctx) -> Verdict {
    let line_start = c.hay[..c.m.start].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let before = c.hay[line_start..c.m.start].to_ascii_lowercase();
    let named = [&b"dob"[..], b"birth", b"naissance"].iter().any(|w| before.windows(w.len()).any(|x| x == *w));
    if !named {
        return Reject;
    }
    check_dob(c)
}

/// A date read from a scanned document: a real day, and a month that is a month (`21 05 1996`)
/// or its name (`30 AUG /AOUT 75`).
pub(crate) fn check_ocr_dob(c: &Ctx) -> Verdict {
    let text = String::from_utf8_lossy(c.secret()).to_ascii_uppercase();
    let nums: Vec<u32> = text.split(|ch: char| !ch.is_ascii_digit()).filter_map(|t| t.parse().ok()).collect();
    let months = [
        "JAN", "FEB", "FEV", "MAR", "APR", "AVR", "MAY", "MAI", "JUN", "JUI", "JUL", "AUG", "AOU", "SEP", "OCT", "NOV",
        "DEC",
    ];
    let named = text.split(|ch: char| !ch.is_ascii_alphabetic()).any(|w| w.len() >= 3 && months.contains(&&w[..3]));
    let day_ok = nums.first().is_some_and(|d| (1..=31).contains(d));
    let month_ok = named || nums.get(1).is_some_and(|m| (1..=12).contains(m));
    let ok = day_ok && month_ok && check_dob(c) != Reject || day_ok && named;
    if ok && specimen_nearby(c) {
        return Example;
    }
    real_if(ok)
}

/// `YYYYMMDD` (HL7 and other fixed-width records): a real calendar date from 1900 on.
pub(crate) fn check_compact_date(c: &Ctx) -> Verdict {
    let d = digits(c.secret());
    if d.len() != 8 {
        return Reject;
    }
    let n = |r: std::ops::Range<usize>| d[r].iter().fold(0u32, |a, &x| a * 10 + u32::from(x));
    let (y, m, day) = (n(0..4), n(4..6), n(6..8));
    real_if((1900..=2030).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&day))
}

/// Index of the field holding byte `at` of `line` (fields split by `,`, `;` or tab outside quotes,
/// counted from just after the first `(` for an SQL tuple).
fn field_index(line: &[u8], at: usize) -> usize {
    // An SQL tuple's `(` comes before any separator; a `(` inside a field (`(212) 555…`) is data.
    let first_sep = line.iter().position(|&b| matches!(b, b',' | b';' | b'\t' | b'|')).unwrap_or(line.len());
    let from = match line.iter().position(|&b| b == b'(') {
        Some(p) if p < at && p < first_sep => p + 1,
        _ => 0,
    };
    let mut quote: Option<u8> = None;
    let mut n = 0;
    for &b in &line[from..at.min(line.len())] {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'\'' || b == b'"' => quote = Some(b),
            None if matches!(b, b',' | b';' | b'\t' | b'|') => n += 1,
            None => {}
        }
    }
    n
}

/// Column headers that name a birth date (lower case), in the languages of the profiles' reporters.
const BIRTH_COLUMNS: &[&[u8]] = &[
    b"date_of_birth",
    b"birth_date",
    b"birthdate",
    b"dateofbirth",
    b"date of birth",
    b"dob",
    b"date_naissance",
    b"date_de_naissance",
    b"date de naissance",
    b"datenaissance",
    b"naissance",
    b"geburtsdatum",
    b"fecha_nacimiento",
    b"fecha de nacimiento",
    b"data_nascita",
    b"data di nascita",
];

/// [`BIRTH_COLUMNS`] as one ASCII-case-insensitive automaton, built once: [`check_dob_column`]
/// runs on every date of a table's window, and the lines above it were read once per name.
fn birth_columns() -> Option<&'static aho_corasick::dfa::DFA> {
    static DFA: std::sync::OnceLock<Option<aho_corasick::dfa::DFA>> = std::sync::OnceLock::new();
    DFA.get_or_init(|| {
        aho_corasick::dfa::DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(BIRTH_COLUMNS)
            .ok()
    })
    .as_ref()
}

/// What [`check_dob_column`] looks for, one line and one name at a time: the nearest line above
/// first, within 8 KB. Used if the automaton cannot be built (never, with these names), and by
/// the test that holds the automaton to it.
fn dob_header_by_scan(hay: &[u8], floor: usize, line_start: usize, field: usize) -> Verdict {
    let mut end = line_start;
    while end > floor {
        let l_end = end.saturating_sub(1);
        let l_start = hay[floor..l_end].iter().rposition(|&b| b == b'\n').map_or(floor, |p| floor + p + 1);
        let line = &hay[l_start..l_end];
        let lower: Vec<u8> = line.iter().map(u8::to_ascii_lowercase).collect();
        for &key in BIRTH_COLUMNS {
            let mut from = 0;
            while let Some(p) = lower[from..].windows(key.len()).position(|w| w == key) {
                let at = from + p;
                let word_before = at > 0 && (lower[at - 1].is_ascii_alphanumeric());
                let word_after = lower.get(at + key.len()).is_some_and(|b| b.is_ascii_alphanumeric());
                if !word_before && !word_after && field_index(line, at) == field {
                    return Verdict::Real;
                }
                from = at + 1;
            }
        }
        end = l_start;
    }
    Reject
}

/// A date in a dump, CSV or Markdown table is a birth date when it sits in the column whose header names one:
/// the nearest header line above (within 8 KB) with such a column, and the same field index.
pub(crate) fn check_dob_column(c: &Ctx) -> Verdict {
    if check_dob(c) != Verdict::Real {
        return Reject;
    }
    let line_start = c.hay[..c.s.start].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let line_end = c.hay[c.s.start..].iter().position(|&b| b == b'\n').map_or(c.hay.len(), |p| c.s.start + p);
    let field = field_index(&c.hay[line_start..line_end], c.s.start - line_start);
    dob_header(c.hay, line_start.saturating_sub(8192), line_start, field)
}

/// Whether a line above `line_start` (from `floor`) names a birth-date column at field `field`.
fn dob_header(hay: &[u8], floor: usize, line_start: usize, field: usize) -> Verdict {
    if line_start <= floor {
        return Reject;
    }
    // The lines above, up to the one before the date's (its `\n` left out), searched at once:
    // every place a column name occurs (names hold no line break, so none spans two lines).
    let region = &hay[floor..line_start - 1];
    use aho_corasick::automaton::Automaton;
    let Some(names) = birth_columns() else { return dob_header_by_scan(hay, floor, line_start, field) };
    let Ok(iter) = names.try_find_overlapping_iter(aho_corasick::Input::new(region)) else {
        return dob_header_by_scan(hay, floor, line_start, field);
    };
    for m in iter {
        // Word boundaries within the name's line: the region's first byte starts a line.
        let word_before = m.start() > 0 && region[m.start() - 1].is_ascii_alphanumeric();
        let word_after = region.get(m.end()).is_some_and(u8::is_ascii_alphanumeric);
        if word_before || word_after {
            continue;
        }
        let ls = region[..m.start()].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let le = region[m.start()..].iter().position(|&b| b == b'\n').map_or(region.len(), |p| m.start() + p);
        if field_index(&region[ls..le], m.start() - ls) == field {
            return Verdict::Real;
        }
    }
    Reject
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The automaton finds a birth-date column header exactly where the line-by-line,
        /// name-by-name scan does, for every line of the text and every field.
        #[test]
        fn dob_header_matches_the_scan(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "date_of_birth", "DOB", "Naissance", "birthdate", "date_naissance", "dobx", "x", "a1", ",",
                    ";", "\t", "|", "(", "'", "\"", "\n", "\n", "1985-03-02", " ",
                ]),
                0..40,
            ),
            floor_back in 0usize..64,
        ) {
            let hay = parts.concat();
            let hay = hay.as_bytes();
            for line_start in (0..=hay.len()).filter(|&i| i == 0 || hay[i - 1] == b'\n') {
                let floor = line_start.saturating_sub(floor_back);
                for field in 0..4 {
                    proptest::prop_assert_eq!(
                        dob_header(hay, floor, line_start, field),
                        dob_header_by_scan(hay, floor, line_start, field),
                        "line at {} field {}", line_start, field
                    );
                }
            }
        }
    }
}
