//! The scanner through its public API: each category found (and its documentation values lowered
//! to `info`), hard negatives left alone, UTF-16 offsets, overlap resolution, reports and
//! attachments, redaction, and hostile input (linear time, no panic).

use base64::Engine;
use psirt_report::scan::{self, redact, scan_report, scan_text, Finding, ScanOptions, Severity};
use psirt_report::{Lang, Profile};
use serde_json::{json, Value};

fn opts() -> ScanOptions<'static> {
    ScanOptions::default()
}

fn find(text: &str) -> Vec<Finding> {
    scan_text(text, &opts())
}

/// The one finding in `text`, which must be exactly `secret`, of `category`.
#[track_caller]
fn assert_one(text: &str, secret: &str, category: &str, severity: Severity) {
    let f = find(text);
    assert_eq!(f.len(), 1, "in {text:?}: {f:#?}");
    let got: String = utf16_slice(text, f[0].start, f[0].end);
    assert_eq!(got, secret, "in {text:?}: {f:#?}");
    assert_eq!(f[0].category, category, "{f:#?}");
    assert_eq!(f[0].severity, severity, "{f:#?}");
    if secret.chars().count() >= 8 {
        assert!(!f[0].preview.contains(secret) && !f[0].message.contains(secret));
    }
}

#[track_caller]
fn assert_none(text: &str) {
    let f = find(text);
    assert!(f.is_empty(), "in {text:?}: {f:#?}");
}

fn utf16_slice(text: &str, start: usize, end: usize) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[start..end]).unwrap()
}

/// A GitHub-format token with a correct CRC32/base62 checksum (the test computes it itself).
fn github_token(prefix: &str, random: &str) -> String {
    assert_eq!(random.len(), 30);
    let mut crc = !0u32;
    for &b in random.as_bytes() {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    let mut n = !crc;
    let alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut check = Vec::new();
    while n > 0 {
        check.push(alphabet[(n % 62) as usize]);
        n /= 62;
    }
    while check.len() < 6 {
        check.push(b'0');
    }
    check.reverse();
    format!("{prefix}{random}{}", String::from_utf8(check).unwrap())
}

fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

#[test]
fn credentials_are_found() {
    let gh = github_token("ghp_", "Zq8mVt3LxR0pWn5KcYb2HdJf7GsA1e");
    assert_one(&format!("token {gh} here"), &gh, "github_token", Severity::Critical);
    let gho = github_token("gho_", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1");
    assert_one(&format!("export GH={gho}"), &gho, "github_token", Severity::Critical);
    assert_one("key AKIAQYLPMN5HHHFPZAM2 used", "AKIAQYLPMN5HHHFPZAM2", "aws_access_key_id", Severity::Critical);
    assert_one(
        "aws_secret_access_key = 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",
        "Zr8f3K2mQ9vL0xT7bN4cW1yH6jD5sG8pA2eR9uI3",
        "aws_secret_key",
        Severity::Critical,
    );
    assert_one("glpat-Xk2mN8pQ4rT6vW9yZ1bC", "glpat-Xk2mN8pQ4rT6vW9yZ1bC", "gitlab_token", Severity::Critical);
    let slack = "xoxb-2468013579-1357924680-Qz8mVt3LxR0pWn5KcYb2HdJf";
    assert_one(&format!("SLACK={slack}"), slack, "slack_token", Severity::Critical);
    let hook = "https://hooks.slack.com/services/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";
    assert_one(&format!("post to {hook}"), hook, "slack_webhook", Severity::Critical);
    let stripe = "sk_live_51Hx8mVt3LxR0pWn5KcYb2HdJfQz8mVt";
    assert_one(&format!("stripe {stripe}"), stripe, "stripe_key", Severity::Critical);
    let google = "AIzaSyB8mVt3LxR0pWn5KcYb2HdJfQz8mVt3LxR";
    assert_one(&format!("key={google}&q=1"), google, "google_api_key", Severity::Critical);
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwiaWF0IjoxNzAwMDAwMDAwfQ.c2lnbmF0dXJlLWJ5dGVzLWhlcmU";
    assert_one(&format!("token: {jwt}"), jwt, "jwt", Severity::Critical);
    assert_one("https://admin:S3cr3t!pw@db.acme.io/x", "S3cr3t!pw", "url_credentials", Severity::Critical);
    assert_one("postgres://app:Tr0ub4dor@10db/prod", "Tr0ub4dor", "connection_string", Severity::Critical);
    assert_one(
        "Server=sql01;Database=prod;User Id=sa;Password=Pa$$w0rd2024;",
        "Pa$$w0rd2024",
        "connection_string",
        Severity::Critical,
    );
    assert_one(
        "Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l",
        "YWxhZGRpbjpvcGVuc2VzYW1l",
        "authorization_header",
        Severity::Critical,
    );
    assert_one(
        "Cookie: theme=dark; PHPSESSID=k9a8s7d6f5g4h3j2l1q0w9e8",
        "k9a8s7d6f5g4h3j2l1q0w9e8",
        "session_cookie",
        Severity::Critical,
    );
    assert_one("db_password: \"hunter2-Xy\"", "hunter2-Xy", "password_assignment", Severity::Critical);
    // `&` inside a value that runs to the end of its token is part of it (not a query string's).
    assert_one("DB_PASSWORD=Tr0ub4dor&3x", "Tr0ub4dor&3x", "password_assignment", Severity::Critical);
    assert_one(
        "machine api.acme.io login bob password s3cretPw",
        "s3cretPw",
        "password_assignment",
        Severity::Critical,
    );
    let bcrypt = "$2b$12$KIXQJQ3r5y0Z1X9z1lQ2ZeU9zV7w8sYk3J6q0m1n2o3p4q5r6s7t.";
    assert_one(&format!("root:{bcrypt}:19000:0:99999:7:::"), bcrypt, "password_hash", Severity::Critical);
    let npm = github_token("npm_", "Zq8mVt3LxR0pWn5KcYb2HdJf7GsA1e");
    assert_one(&format!("//registry.npmjs.org/:_authToken={npm}"), &npm, "npm_token", Severity::Critical);
    let sg = "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";
    assert_one(&format!("SENDGRID={sg}"), sg, "sendgrid_key", Severity::Critical);
    let oa = "sk-proj-Qz8mVt3LxR0pWn5KcYb2HdJfQz8mVt3LxR0pWn5KcYb2HdJf";
    assert_one(&format!("OPENAI_API_KEY={oa}"), oa, "ai_api_key", Severity::Critical);
}

#[test]
fn private_keys_but_not_public_ones() {
    let body = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmw";
    let key = format!("-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----");
    assert_one(&format!("found in backup:\n{key}\nend"), &key, "private_key", Severity::Critical);
    // Truncated paste (no END line): the header and the base64 lines.
    let truncated = format!("-----BEGIN OPENSSH PRIVATE KEY-----\n{body}");
    assert_eq!(find(&truncated)[0].category, "private_key");
    assert_none(&format!("-----BEGIN PUBLIC KEY-----\n{body}\n-----END PUBLIC KEY-----"));
    assert_none(&format!("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ{} user@host", &body[..200]));
    assert_none("the file starts with -----BEGIN RSA PRIVATE KEY----- and ends with its END line");
}

#[test]
fn documentation_values_are_info() {
    assert_one("AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", "aws_access_key_id", Severity::Info);
    assert_one("card 4242 4242 4242 4242 exp 12/34", "4242 4242 4242 4242", "payment_card", Severity::Info);
    assert_one(
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        "github_token",
        Severity::Info,
    );
    assert_one("IBAN GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32", "iban", Severity::Info);
    assert_one("write to jane@example.com", "jane@example.com", "email_address", Severity::Info);
    assert_one(
        "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "aws_secret_key",
        Severity::Info,
    );
    assert_one("sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "stripe_key", Severity::Info);
}

#[test]
fn personal_data_with_check_digits() {
    assert_one("card: 4556 7375 8689 9855", "4556 7375 8689 9855", "payment_card", Severity::High);
    assert_none("order 4556 7375 8689 9856 shipped"); // Luhn fails
    assert_one("IBAN: FR93 3000 4008 1400 0123 4567 842", "FR93 3000 4008 1400 0123 4567 842", "iban", Severity::High);
    assert_none("ref FR93 3000 4008 1400 0123 4567 843");
    assert_one("SSN 536-22-8174 on file", "536-22-8174", "national_id", Severity::High);
    assert_none("build 666-22-8174");
    // French NIR, key computed: 97 - (1850578006048 mod 97)
    let body = 1_850_578_006_048u64;
    let nir = format!("1 85 05 78 006 048 {:02}", 97 - body % 97);
    assert_one(&format!("NIR : {nir}"), &nir, "national_id", Severity::High);
    assert_one("NINO JG 10 37 59 A", "JG 10 37 59 A", "national_id", Severity::High);
    assert_one("DNI 12345678Z", "12345678Z", "national_id", Severity::High);
    assert_one("CF MRTMTT91D08F205J", "MRTMTT91D08F205J", "national_id", Severity::High);
    assert_one("Steuer-IdNr 86095742719", "86095742719", "national_id", Severity::High);
    assert_one("date of birth: 1984-03-12", "1984-03-12", "date_of_birth", Severity::High);
    assert_one("né le 12/03/1984 à Lyon", "12/03/1984", "date_of_birth", Severity::High);
    assert_none("released on 2024-03-12");
}

#[test]
fn third_party_and_infrastructure() {
    // Internal hosts and private addresses are normal in a vulnerability report: info, not medium.
    assert_one("contact bob.martin@acme-corp.fr now", "bob.martin@acme-corp.fr", "email_address", Severity::Medium);
    assert_one("tel: +33 6 12 34 56 78", "+33 6 12 34 56 78", "phone_number", Severity::Medium);
    assert_one("host 10.20.30.40 answered", "10.20.30.40", "private_ip", Severity::Info);
    assert_one("host 192.168.1.20 answered", "192.168.1.20", "private_ip", Severity::Info);
    assert_one("via fd12:3456:789a::1 only", "fd12:3456:789a::1", "private_ip", Severity::Info);
    assert_one("ssh build01.corp then", "build01.corp", "internal_hostname", Severity::Info);
    assert_one("see jira.acme.internal", "jira.acme.internal", "internal_hostname", Severity::Info);
    assert_none("8.8.8.8 and 127.0.0.1 and 172.32.1.1 and version 10.2.3.4.5");
    assert_none("metadata.google.internal and host.docker.internal");
}

#[test]
fn own_and_profile_addresses_are_not_findings() {
    let o = ScanOptions { reporter_email: Some("Me@Reporter.io"), ..ScanOptions::default() };
    assert!(scan_text("reach me at me@reporter.io", &o).is_empty());
    assert!(scan_text("sent to psirt@thalesgroup.com", &o).is_empty());
    let demo = Profile::demo();
    let o = ScanOptions { profile: Some(demo), ..ScanOptions::default() };
    let f = scan_text(&format!("sent to {}", demo.psirt_email), &o);
    assert!(f.iter().all(|f| f.severity == Severity::Info), "{f:#?}");
}

#[test]
fn hard_negatives() {
    for text in [
        "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "commit 3f786850e387550fdab836ed7e6dc881de23001b",
        "uuid 123e4567-e89b-12d3-a456-426614174000",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "version 1.22.333.4444 and openssl-3.0.13",
        "password: <YOUR_PASSWORD>",
        "password=${DB_PASSWORD}",
        "api_key: \"{{ api_key }}\"",
        "password = ********",
        "token: REDACTED",
        "password: changeme",
        "Authorization: Bearer <token>",
        "the password field is required",
        "Password: reset by the admin",
        "max_tokens: 1024",
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
        "logo@2x.png and git@github.com:org/repo.git",
        "https://user:password@example.com/",
        "timestamp 1700000000123 and id 4000000000",
    ] {
        assert_none(text);
    }
}

#[test]
fn offsets_are_utf16_units() {
    let gh = github_token("ghu_", "Zq8mVt3LxR0pWn5KcYb2HdJf7GsA1e");
    let text = format!("été 😀 «{gh}» ok");
    let f = find(&text);
    assert_eq!(f.len(), 1);
    assert_eq!(utf16_slice(&text, f[0].start, f[0].end), gh);
    assert_eq!(f[0].start, "été 😀 «".encode_utf16().count());
}

#[test]
fn most_specific_wins_without_duplicate_spans() {
    let gh = github_token("ghp_", "Zq8mVt3LxR0pWn5KcYb2HdJf7GsA1e");
    let f = find(&format!("git clone https://x-access-token:{gh}@github.com/acme/app"));
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].category, "github_token");
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2lnbmF0dXJlLWJ5dGVzLWhlcmU";
    let f = find(&format!("Authorization: Bearer {jwt}"));
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].category, "jwt");
}

#[test]
fn encoded_blobs_are_decoded_and_cover_the_blob() {
    let inner = "db_password=Tr0ub4dor-Xy9 host=10.1.2.3";
    let blob = b64(inner);
    let text = format!("config: {blob} end");
    let f = find(&text);
    assert!(!f.is_empty());
    assert!(f.iter().all(|f| f.encoding == Some("base64")));
    assert!(f.iter().any(|f| f.category == "password_assignment"), "{f:#?}");
    assert_eq!(utf16_slice(&text, f[0].start, f[0].end), blob);
    let text = "GET /?q=1&cred=password%3DS3cr3tPw%21 HTTP/1.1";
    let f = find(text);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].encoding, Some("url"));
    // URL-encoding maps byte for byte: a finding covers its own escaped text, not the whole URL,
    // so the private address beside it is a finding of its own (and redaction stays precise).
    let text = "url: 'http://172.28.64.7:9087/send?to=%2B49%20160%2085865841'";
    let f = find(text);
    let phone = f.iter().find(|f| f.category == "phone_number").expect("the encoded phone number");
    assert_eq!(phone.encoding, Some("url"));
    assert_eq!(utf16_slice(text, phone.start, phone.end), "%2B49%20160%2085865841");
    assert!(f.iter().any(|f| f.category == "private_ip" && f.encoding.is_none()), "{f:#?}");
}

fn report() -> Value {
    json!({
        "schema_version": "1.0",
        "channel": "vulnerability",
        "language": "fr",
        "reporter": { "email": "finder@reporter.io", "name": "Finder" },
        "title": "SQL injection",
        "description": "Logged in as alice.dupont@client-corp.fr with AKIAQYLPMN5HHHFPZAM2; write to finder@reporter.io",
        "affected": [ { "product": "Portal", "versions": ["1.2.3"] } ],
        "attachments": [
            { "name": "trace.txt", "media_type": "text/plain",
              "content_base64": b64("GET / HTTP/1.1\nCookie: session_id=Qz8mVt3LxR0pWn5KcYb2HdJf\n") },
            { "name": "img.png", "media_type": "image/png", "content_base64": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ" }
        ]
    })
}

#[test]
fn reports_every_string_and_text_attachments() {
    let r = report();
    let o = ScanOptions { lang: Lang::Fr, ..ScanOptions::default() };
    let f = scan_report(&r, &o);
    let paths: Vec<(&str, &str)> = f.iter().map(|f| (f.path.as_str(), f.category.as_str())).collect();
    assert!(paths.contains(&("/description", "email_address")), "{paths:?}");
    assert!(paths.contains(&("/description", "aws_access_key_id")), "{paths:?}");
    assert!(paths.contains(&("/attachments/0/content_base64", "session_cookie")), "{paths:?}");
    assert_eq!(f.len(), 3, "the reporter's own address is not a finding: {f:#?}");
    let att = f.iter().find(|f| f.attachment).unwrap();
    assert_eq!(att.path, "/attachments/0/content_base64");
    assert!(f[0].message.contains("REDACTED") && f.iter().any(|f| f.message.contains("donnée")), "French messages");
    let json = serde_json::to_value(&f).unwrap();
    assert_eq!(json[0]["severity"], json!("medium"));
    assert!(json[0].get("encoding").is_none() && json[0].get("attachment").is_none());
    assert_eq!(json.as_array().unwrap().iter().filter(|v| v["attachment"] == json!(true)).count(), 1);
}

#[test]
fn redaction_replaces_and_is_idempotent() {
    let r = report();
    let f = scan_report(&r, &ScanOptions::default());
    let red = redact(&r, &f);
    let d = red["description"].as_str().unwrap();
    assert!(d.contains("[REDACTED:email_address]") && d.contains("[REDACTED:aws_access_key_id]"), "{d}");
    assert!(!d.contains("AKIAQYLPMN5HHHFPZAM2") && d.contains("finder@reporter.io"));
    let att = red["attachments"][0]["content_base64"].as_str().unwrap();
    let text = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(att).unwrap()).unwrap();
    assert!(text.contains("[REDACTED:session_cookie]") && !text.contains("Qz8mVt3LxR0pWn5KcYb2HdJf"), "{text}");
    assert_eq!(red["attachments"][1], r["attachments"][1], "binary attachment untouched");
    assert!(scan_report(&red, &ScanOptions::default()).iter().all(|f| f.severity < Severity::Medium));
    // Findings round-trip through JSON (as they come back from JavaScript).
    let back: Vec<Finding> = serde_json::from_str(&serde_json::to_string(&f).unwrap()).unwrap();
    assert_eq!(redact(&r, &back), red);
}

#[test]
fn hostile_input_is_linear_and_safe() {
    // Each would take minutes (or never end) if anything were quadratic: the whole test has a
    // time bound (generous: an unoptimised build on a busy 2-core machine), and each input an
    // exact expected result.
    let started = std::time::Instant::now();
    let big = "a".repeat(10 * 1024 * 1024);
    assert!(find(&big).is_empty());
    let akia = "AKIA".repeat(1_000_000);
    assert!(find(&akia).is_empty());
    let digits = "4".repeat(2_000_000);
    assert!(find(&digits).is_empty());
    let mixed = "x@y.".repeat(200_000) + &"%41".repeat(200_000) + &"eyJ".repeat(200_000);
    let mixed_findings = find(&mixed);
    assert!(mixed_findings.len() <= 1, "{:?}", mixed_findings.iter().map(|f| &f.rule).collect::<Vec<_>>());
    // One 10 MB header line of cookie pairs, and a line of nothing but the header name: each
    // pair is a candidate, none may cost a pass over the line.
    let cookies = "Cookie: ".to_string() + &"sid_x=Qm9vb0FhYmJjY2RkZWVm; ".repeat(370_000);
    assert!(find(&cookies).len() > 100); // the first 8 KB of the line: a header window's bound
    let names = "cookie:".repeat(1_500_000);
    assert!(find(&names).is_empty());
    let mut many = String::new();
    for i in 0..20_000 {
        many.push_str(&format!("user{i}@acme-corp.fr, "));
    }
    assert_eq!(find(&many).len(), 20_000);
    // Invalid UTF-8 in a text attachment: scanned lossily, no panic.
    let bad = base64::engine::general_purpose::STANDARD.encode([0xff, 0xfe, b'p', b'w', b'=', 0xc3]);
    let r = json!({"attachments": [{"name": "x.txt", "media_type": "text/plain", "content_base64": bad}]});
    let f = scan_report(&r, &ScanOptions::default());
    let redacted = redact(&r, &f);
    assert_eq!(redacted["attachments"][0]["name"], "x.txt", "redaction keeps the attachment");
    let elapsed = started.elapsed();
    // 86 s was seen with eight builds sharing the two cores; anything quadratic takes hours.
    assert!(elapsed < std::time::Duration::from_secs(300), "hostile inputs took {elapsed:?}");
}

/// How many rules the scanner has (src/scan/rules.rs).
const RULE_COUNT: usize = 181;

#[test]
fn categories_and_rules_are_listed() {
    assert_eq!(scan::Category::ALL.len(), 38);
    // Exactly the rule table: each id once (a rule dropped or duplicated by mistake fails here).
    let ids = scan::rule_ids();
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate rule ids");
    assert_eq!(ids.len(), RULE_COUNT, "rules added or removed: update RULE_COUNT");
    assert_eq!(scan::category_severity("iban"), Some(Severity::High));
}

#[test]
fn birth_dates_in_table_dumps_follow_their_column() {
    let sql = "INSERT INTO `users` (`id`, `name`, `date_of_birth`, `created_at`) VALUES\n\
               (1, 'Ann Lee', '1985-03-02', '2026-01-09 11:12:41'),\n\
               (2, 'Bob Ray', '17/11/1977', '2026-03-09 21:03:38');\n";
    let f = find(sql);
    let dates: Vec<String> =
        f.iter().filter(|x| x.category == "date_of_birth").map(|x| utf16_slice(sql, x.start, x.end)).collect();
    assert_eq!(dates, ["1985-03-02", "17/11/1977"], "{f:#?}");
    // The same dates under a column that is not a birth date are not findings.
    assert_none("id,name,created_at\n1,Ann Lee,1985-03-02\n");
    let csv = "id;name;dob\n1;Ann Lee;1985-03-02\n";
    assert_one(csv, "1985-03-02", "date_of_birth", Severity::High);
    assert_one("DATE_OF_BIRTH=1985-03-02", "1985-03-02", "date_of_birth", Severity::High);
}

#[test]
fn placeholders_and_app_tokens() {
    assert_none("aws_access_key_id = AKIAXXXXXXXXXXXXXXXX");
    let app = format!("SLACK_APP_TOKEN=xapp-1-A0123BCDEFG-1234567890123-{}", "a1b2c3d4".repeat(8));
    let f = find(&app);
    assert!(f.iter().any(|x| x.category == "slack_token"), "{f:#?}");
    let f = find("mysql -u root -pW7x!qR2zLp9 customers");
    assert!(
        f.iter().any(|x| x.category == "password_assignment"
            && utf16_slice("mysql -u root -pW7x!qR2zLp9 customers", x.start, x.end) == "W7x!qR2zLp9"),
        "{f:#?}"
    );
}

fn with_reporter(text: &str, reporter: &str) -> Vec<Finding> {
    scan_text(text, &ScanOptions { reporter_email: Some(reporter), ..ScanOptions::default() })
}

#[test]
fn values_are_judged_by_the_name_they_are_given() {
    assert_one("passport_no: 44KR57242", "44KR57242", "identity_document", Severity::High);
    assert_one(
        "{\"adresse\": \"3 all\u{e9}e des Pins 33000 Bordeaux\"}",
        "3 all\u{e9}e des Pins 33000 Bordeaux",
        "postal_address",
        Severity::High,
    );
    assert_one("diagnostic: trouble bipolaire", "trouble bipolaire", "health_data", Severity::High);
    assert_one("numéro fiscal : 3486316069658", "3486316069658", "tax_record", Severity::High);
    assert_one("PNR: EJNTDA", "EJNTDA", "travel_record", Severity::High);
    assert_none("ip_address: 10.0.0.1x");
    assert_none("health_check_interval: 30s");
    assert_none("passport_no: [REDACTED]");
    // A CSV column named `dob` makes every value under it a date of birth, whatever its shape.
    let f =
        scan_text("id,nom,dob,ville\n1,Ann Lee,04/09/1994,Lyon\n2,Bo Chen,1981-03-07,Paris\n", &ScanOptions::default());
    assert_eq!(f.iter().filter(|f| f.category.as_str() == "date_of_birth").count(), 2, "{f:#?}");
    let f = scan_text("login,mot_de_passe,serveur\nmlefevre2,Granite$1970,srv1\n", &ScanOptions::default());
    assert!(f.iter().any(|f| f.category.as_str() == "password_assignment"), "{f:#?}");
}

#[test]
fn daemon_files_command_lines_and_sentences_give_credentials() {
    for (text, secret) in [
        ("requirepass XAZBd0y5GFieUx4%0pTN", "XAZBd0y5GFieUx4%0pTN"),
        ("ldap_default_authtok = Marmotte$412", "Marmotte$412"),
        ("network={\n    ssid=\"CORP\"\n    psk=\"Orchid.1226\"\n}", "Orchid.1226"),
        ("10.1.2.3 10.1.2.4 : PSK \"2n2xUzo8No_G9M+Eo\"", "2n2xUzo8No_G9M+Eo"),
        ("db01.lan:5432:*:postgres:river-correct-saddle-meadow", "river-correct-saddle-meadow"),
        ("[smtp-relay.gmail.com]:587    ops@acme.fr:x9ksBTPwF0Ltc1bz9tW", "x9ksBTPwF0Ltc1bz9tW"),
        ("ldapsearch -x -H ldap://dc1 -D 'cn=admin' -w 'Tamarin$44' -b 'dc=c'", "Tamarin$44"),
        ("I logged in as app_rw with SvcFrQG9&70 and could read it", "SvcFrQG9&70"),
        ("sshd[26460]: Invalid user Supy4Cwm!37 from 172.16.0.4", "Supy4Cwm!37"),
        ("pour information le code est 1815 pour le local", "1815"),
    ] {
        let f = scan_text(text, &ScanOptions::default());
        assert!(
            f.iter().any(|f| f.category.as_str() == "password_assignment" && text.contains(secret)),
            "{text}: {f:#?}"
        );
    }
    assert_none("key-mgmt=wpa-psk\n");
    assert_none("Invalid user admin from 10.0.0.1x");
    assert_none("the code is vulnerable since 1.2");
}

#[test]
fn personal_data_beyond_numbers() {
    let mrz = "P<FRARIVIERE<<HELOISE<<<<<<<<<<<<<<<<<<<<<<<\n44KR572429FRA9409042F2701013<<<<<<<<<<<<<<02";
    let f = scan_text(mrz, &ScanOptions::default());
    assert_eq!(f.iter().filter(|f| f.category.as_str() == "identity_document").count(), 2, "{f:#?}");
    assert_one(
        "ship to 1680 Briarwood Ln, Raleigh, NC 27609 today",
        "1680 Briarwood Ln, Raleigh, NC 27609",
        "postal_address",
        Severity::High,
    );
    let f =
        scan_text("Mme Roux, diagnosed with multiple sclerosis (relapsing-remitting), asked", &ScanOptions::default());
    assert!(f.iter().any(|f| f.category.as_str() == "health_data"), "{f:#?}");
    assert_none("the bug was diagnosed with gdb.");
}

#[test]
fn quiet_about_the_reporter_and_published_contact_points() {
    let sig = "Thanks,\n--\nGareth Fairbairn\n819 W Alder St, Spokane, WA 99201\nPhone: +44 7331 927206\ngareth@infosec-mail.fr\n";
    let f = with_reporter(sig, "gareth@infosec-mail.fr");
    assert!(f.iter().all(|f| f.severity == Severity::Info), "the reporter's own signature: {f:#?}");
    // The same block without the reporter's address is someone else's.
    let f = with_reporter(sig, "someone@else.fr");
    assert!(f.iter().any(|f| f.category.as_str() == "phone_number"), "{f:#?}");
    assert!(with_reporter("For this report you can reach me on +44 7768 060790.", "x@y.fr").is_empty());
    assert_none("Support: security@arlequin-rh.fr, switchboard +33 1 29 42 44 44");
    // A PGP fingerprint whose digit groups pass Luhn on a card prefix is no card.
    assert_none("fingerprint C8C4 0A9F 787C 6DCB 47D3 A9FE 4418 5642 8457 5662");
    assert_none("SIRET 598 084 240 21786");
    // Quoted text keeps its third parties: `> Mon numéro` is the quoted writer's.
    let f = with_reporter("> Mon numéro si besoin : 04 13 28 76 01\n", "x@y.fr");
    assert!(f.iter().any(|f| f.category.as_str() == "phone_number"), "{f:#?}");
}
