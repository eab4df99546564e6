//! `open` on what arrives: the `.eml` re-encoded by a mail client (base64 or
//! quoted-printable, LF line ends, folded headers), an `.mbox` of several mails (each opened on
//! its own, `open` alone refuses it), and a CNA appeal's acknowledgement due date counted in
//! working days from the mail's `Date:` with the profile's holidays. The same forms made by real
//! tools (GnuPG, rnp, Python's `email` and `mailbox`) are in tests/js/open/mail-forms.test.mjs.

use base64::Engine;
use psirt_report::seal::inbox::Form;
use psirt_report::seal::{open, open_all, seal_full, OpenOptions, SealOptions};
use psirt_report::{date, Code, Profile};
use rand::SeedableRng;

const DEMO_PUB: &str = include_str!("../keys/demo-psirt.pub.asc");
const DEMO_SEC: &str = include_str!("../keys/demo-psirt.sec.asc");

fn example(name: &str) -> String {
    std::fs::read_to_string(std::path::Path::new("examples").join(name)).unwrap()
}

fn seal_example(name: &str, seed: u64) -> psirt_report::seal::Sealed {
    let opts = SealOptions { profile: Profile::demo(), pin: None, today: date::parse("2026-11-22"), now: None };
    seal_full(&example(name), DEMO_PUB.as_bytes(), &[], &opts, rand_chacha::ChaCha8Rng::seed_from_u64(seed)).unwrap()
}

fn open_opts(profile: &Profile) -> OpenOptions<'_> {
    OpenOptions { profile, today: date::parse("2026-11-22"), passphrase: None }
}

/// The `.eml` with its encrypted part re-encoded as `cte` (what a client may do on forwarding),
/// LF line ends, and the Subject folded.
fn reencoded(eml: &str, cte: &str) -> String {
    let (head, rest) = eml.split_once("-----BEGIN PGP MESSAGE-----").unwrap();
    let (block, tail) = rest.split_once("-----END PGP MESSAGE-----").unwrap();
    let armored = format!("-----BEGIN PGP MESSAGE-----{block}-----END PGP MESSAGE-----");
    let body = match cte {
        "base64" => {
            let b = base64::engine::general_purpose::STANDARD.encode(armored.as_bytes());
            b.as_bytes().chunks(76).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join("\r\n")
        }
        // Every `=` (armor padding and the CRC line) becomes `=3D`, as a QP encoder writes it.
        _ => armored.replace('=', "=3D"),
    };
    let head = head.replacen(
        "Content-Type: application/octet-stream",
        &format!("Content-Transfer-Encoding: {cte}\r\nContent-Type: application/octet-stream"),
        1,
    );
    let head = head.replacen("Subject: ", "Subject:\r\n ", 1);
    format!("{head}{body}{tail}").replace("\r\n", "\n")
}

#[test]
fn the_eml_reencoded_by_a_client_still_opens() {
    let sealed = seal_example("valid-vulnerability.json", 1);
    let eml = sealed.eml();
    for cte in ["base64", "quoted-printable"] {
        let mail = reencoded(&eml, cte);
        assert!(!mail.contains("\r\n") && !mail.contains(&sealed.armored), "{cte}: not re-encoded");
        let opened = open(mail.as_bytes(), DEMO_SEC.as_bytes(), &open_opts(Profile::demo())).unwrap();
        assert_eq!(opened.form, Form::PgpMime, "{cte}");
        assert!(opened.structured && opened.diagnostics.valid, "{cte}");
        assert_eq!(opened.report["title"], "Stored XSS in the device management console");
    }
}

#[test]
fn an_mbox_opens_mail_by_mail_and_open_alone_refuses_it() {
    let a = seal_example("valid-vulnerability.json", 2);
    let b = seal_example("valid-data-leak.json", 3);
    let mut mbox = String::new();
    for mail in [a.eml(), "Subject: not encrypted\n\nhello\nFrom the start of a line\n".to_owned(), b.eml()] {
        mbox.push_str("From MAILER-DAEMON Fri Nov 27 10:00:00 2026\n");
        mbox.push_str(&mail.replace("\r\n", "\n").replace("\nFrom ", "\n>From "));
        mbox.push('\n');
    }
    let all = open_all(mbox.as_bytes(), DEMO_SEC.as_bytes(), &open_opts(Profile::demo())).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].as_ref().unwrap().report["channel"], "vulnerability");
    assert_eq!(all[1].as_ref().unwrap_err().code(), Code::OpenUnreadable);
    assert_eq!(all[2].as_ref().unwrap().report["channel"], "data_leak");
    let e = open(mbox.as_bytes(), DEMO_SEC.as_bytes(), &open_opts(Profile::demo())).unwrap_err();
    assert_eq!(e.code(), Code::OpenSeveralMessages);
    assert!(e.message(psirt_report::Lang::Fr).contains("3 courriels"), "{}", e.message(psirt_report::Lang::Fr));
}

#[test]
fn an_appeal_states_its_acknowledgement_due_date_in_working_days() {
    let sealed = seal_example("valid-cna-appeal.json", 4);
    let mut profile = Profile::demo().clone();
    profile.holidays = vec!["2026-12-25".into(), "2026-12-28".into()];
    // Received Thursday 24 December: Friday 25 and Monday 28 are holidays, the weekend does not
    // count, so the 3 working days are 29, 30 and 31 December.
    let eml = sealed.eml();
    let dated = match eml.find("\r\nDate: ") {
        Some(at) => {
            let end = eml[at + 2..].find("\r\n").unwrap() + at + 2;
            format!("{}\r\nDate: Thu, 24 Dec 2026 23:30:00 +0100{}", &eml[..at], &eml[end..])
        }
        None => format!("Date: Thu, 24 Dec 2026 23:30:00 +0100\r\n{eml}"),
    };
    let opened = open(dated.as_bytes(), DEMO_SEC.as_bytes(), &open_opts(&profile)).unwrap();
    let appeal = opened.appeal.as_ref().expect("an appeal is tracked");
    assert_eq!(appeal.received, "2026-12-24");
    assert_eq!(appeal.received_from, "mail-date");
    assert_eq!(appeal.working_days, 3);
    assert_eq!(appeal.acknowledgement_due, "2026-12-31");
    assert_eq!(appeal.cna.as_deref(), Some("Example CNA under the Thales Group Root"));
    assert_eq!(appeal.grounds.as_deref(), Some("no_response"));
    assert_eq!(appeal.request_reference.as_deref(), Some("REQ-2026-0412"));
    assert_eq!(appeal.coordinator, "cna-coordinator@psirt-demo.example");
    let json = serde_json::to_value(&opened).unwrap();
    assert_eq!(json["appeal"]["acknowledgementDue"], "2026-12-31");
    assert_eq!(json["structured"], true);
    assert_eq!(json["form"], "pgp-mime");

    // The bare armored message has no Date: the due date counts from `today` (a Sunday here).
    let bare = open(sealed.armored.as_bytes(), DEMO_SEC.as_bytes(), &open_opts(&profile)).unwrap();
    let appeal = bare.appeal.clone().unwrap();
    assert_eq!((appeal.received.as_str(), appeal.received_from), ("2026-11-22", "today"));
    assert_eq!(appeal.acknowledgement_due, "2026-11-25");
    assert_eq!(bare.form, Form::Armored);

    // Other channels carry no appeal.
    let vuln = seal_example("valid-vulnerability.json", 5);
    assert!(open(vuln.armored.as_bytes(), DEMO_SEC.as_bytes(), &open_opts(&profile)).unwrap().appeal.is_none());
}
