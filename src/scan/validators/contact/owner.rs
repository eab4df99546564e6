//! Whose contact detail a match is. A role mailbox (`security@`, `service.client@`), a team's or
//! a machine's, or one standing for the reader (`your.name@`) is nobody's personal data; nor is
//! the reporter's own number or address (introduced as theirs, or in their signature block), a
//! published contact point, or an organisation's (a line with a legal form, a SIRET, a
//! supplier's field). What is left is a third party's, and a finding.
//!
//! Used by the contact checks (`validators/contact.rs`) and by the named address checks
//! (`validators/named.rs`).

use super::*;

/// Mail providers that give anyone an address: their name says nothing of an organisation.
pub(super) const FREE_MAIL: &[&str] = &[
    "gmail",
    "googlemail",
    "yahoo",
    "hotmail",
    "outlook",
    "live",
    "msn",
    "proton",
    "protonmail",
    "icloud",
    "me",
    "orange",
    "wanadoo",
    "free",
    "laposte",
    "sfr",
    "bbox",
    "gmx",
    "web",
    "mail",
    "aol",
    "yandex",
    "posteo",
    "tutanota",
    "ik",
    "hey",
    "zoho",
    "libero",
    "fastmail",
    "mailo",
];

/// Local parts of role mailboxes: a company's published contact points.
const ROLE_MAILBOXES: &[&str] = &[
    "security",
    "securite",
    "psirt",
    "cert",
    "csirt",
    "abuse",
    "press",
    "presse",
    "media",
    "contact",
    "support",
    "helpdesk",
    "noreply",
    "no-reply",
    "ne-pas-repondre",
    "privacy",
    "dpo",
    "rgpd",
    "gdpr",
    "legal",
    "juridique",
    "communication",
    "service-client",
    "serviceclient",
    "customer-service",
    "customerservice",
    "accueil",
    "standard",
    "accounts",
    "accounting",
    "billing",
    "invoices",
    "invoicing",
    "facturation",
    "comptabilite",
    "sales",
    "ventes",
    "jobs",
    "recrutement",
    "careers",
    "compliance",
    "vulnerability",
    "disclosure",
    "bugbounty",
    "bug-bounty",
];

/// A role mailbox whatever separates its words: `service.client@`, `service_client@`,
/// `Service-Client@`.
pub(super) fn is_role_mailbox(local: &str) -> bool {
    ROLE_MAILBOXES.contains(&local) || {
        let folded: String = local.chars().filter(|c| !matches!(c, '.' | '_' | '-')).collect();
        ROLE_MAILBOXES.iter().any(|r| r.chars().filter(|&c| c != '-').eq(folded.chars()))
    }
}

/// Local parts that stand for whoever reads the form or the docs.
pub(super) const READER_MAILBOXES: &[&str] = &[
    "you",
    "your.name",
    "yourname",
    "your-name",
    "your_name",
    "name",
    "firstname.lastname",
    "first.last",
    "prenom.nom",
    "votre.nom",
    "vous",
];

/// A team's or a machine's mailbox, as published in package metadata and commit authors:
/// `maintainers@`, `dev-team@`, `release-bot@`, `ci_bot@`, `dependabot[bot]@`.
pub(super) fn is_machine_or_team_mailbox(local: &str) -> bool {
    let words: Vec<&str> = local.split(['.', '_', '-', '+', '[', ']']).filter(|w| !w.is_empty()).collect();
    let team = [
        "maintainers",
        "maintainer",
        "developers",
        "devs",
        "team",
        "equipe",
        "bot",
        "robot",
        "ci",
        "dependabot",
        "renovate",
        "release",
        "releases",
        "build",
        "builds",
        "publish",
        "publisher",
        "deploy",
        "deployer",
    ];
    // A service's or a function's mailbox by its first word (`notifications@`, `rh.paie@`),
    // not a person's that ends with one (`priya.rh@`).
    let service = [
        "notifications",
        "notification",
        "notify",
        "liste",
        "noc",
        "soc",
        "csirt",
        "backup",
        "backups",
        "sauvegarde",
        "status",
        "billing",
        "facturation",
        "compta",
        "comptabilite",
        "payroll",
        "paie",
        "recrutement",
        "careers",
        "jobs",
        "sales",
        "ventes",
        "reports",
        "reporting",
        "mailer",
        "daemon",
        "automation",
        "monitoring",
        "ops",
        "devops",
        "sre",
        "oncall",
        "servicedesk",
        "noreply",
        "donotreply",
        "webmaster",
        "hostmaster",
        "newsletter",
        "marketing",
        "hr",
        "rh",
        "info",
        "infos",
        "hello",
        "bonjour",
        "office",
        "feedback",
        "orders",
        "commandes",
        "devis",
        "sav",
        "assistance",
        "admin",
        "administration",
        "secretariat",
        "events",
        "partners",
        "partenaires",
        "announce",
        "announcements",
        "list",
        "lists",
        "discuss",
        "bounce",
        "bounces",
    ];
    words.len() <= 3 && words.iter().any(|w| team.contains(w))
        || words.len() <= 2 && words.first().is_some_and(|w| service.contains(w))
}

/// Words that, just before a phone number or an address on its line or the line above, make it
/// the reporter's own contact detail (not in a quoted message: `> Mon numéro …` is the quoted
/// writer's).
const OWN_CUES: &[&str] = &[
    "my number",
    "my phone",
    "my mobile",
    "my cell",
    "my direct line",
    "reach me on",
    "reach me at",
    "mon num\u{e9}ro",
    "mon numero",
    "mon portable",
    "mon t\u{e9}l",
    "mon tel",
    "mon mobile",
    "me joindre",
    "m'appeler",
    "m\u{2019}appeler",
    "me contacter",
    "joignable au",
    "joignable sur",
    "reachable at",
    "reachable on",
    "reachable by phone",
    "call me",
    "appelez-moi",
    "contact me",
    "contactez-moi",
    "text me",
    "my address",
    "my postal address",
    "my home address",
    "my mailing address",
    "mon adresse",
    "mon adresse postale",
    "for this report",
    "pour ce signalement",
    "pour ce rapport",
];

/// Words just after a phone number or an address, on its line, that make it the reporter's own:
/// `+358 40 712 3388 (reporter's own phone)`, `… (le mien)`.
const OWN_AFTER_CUES: &[&str] =
    &["(reporter's own", "(my own", "(mine", "(mon propre", "(ma propre", "(le mien", "(la mienne", "(moi)"];

/// Words that make a phone number, an address or a mailbox a company's published contact point.
const PUBLISHED_CUES: &[&str] = &[
    "switchboard",
    "legal department",
    "service juridique",
    "direction juridique",
    "d\u{e9}partement juridique",
    "standard",
    "hotline",
    "helpline",
    "help desk",
    "helpdesk",
    "service client",
    "customer service",
    "customer care",
    "press office",
    "press contact",
    "presse",
    "media relations",
    "security.txt",
    "head office",
    "headquarters",
    // A head office, not a seat on a train or a plane (`siège 14C`).
    "si\u{e8}ge social",
    "si\u{e8}ge :",
    "si\u{e8}ge\u{a0}:",
    "au si\u{e8}ge",
    "si\u{e8}ge de ",
    "registered office",
    "accueil",
    "published",
    "publi\u{e9}",
    "public number",
    "num\u{e9}ro public",
    "num\u{e9}ro vert",
    "toll-free",
    "toll free",
    "reception",
    "r\u{e9}ception",
    "centre des imp\u{f4}ts",
    "tax office",
    "company no",
    "siret",
    // A company's legal mentions (the line above a head-office address on an invoice or a letterhead).
    "au capital de",
    "capital social",
    "share capital",
    "urgent matters",
    "en cas d'urgence",
    "en cas d\u{2019}urgence",
    "contact us",
    "nous contacter",
    "contactez-nous",
    "\"support\"",
    "support:",
    "support :",
    "support line",
    "support team",
    "support@",
    "contact@",
    "press@",
    "presse@",
    "security@",
    "info@",
    "hello@",
];

/// A table row that says it is a company's published contact point (`Standard,Accueil,+33 1 …`,
/// `Presse,Relations médias,…`): its phone numbers and addresses are no one's private data.
pub(crate) fn published_row(row: &str) -> bool {
    contains_any(&lower_latin1(row), PUBLISHED_CUES)
}

/// The reporter's own contact details (introduced as theirs, or in the same short block as the
/// reporter's own address: a signature) and published contact points are not third parties' data.
pub(crate) fn own_or_published(c: &Ctx) -> bool {
    // The line of the match and the one before it.
    let left = c.left(200);
    let line_start = left.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let from =
        if line_start == 0 { 0 } else { left[..line_start - 1].iter().rposition(|&b| b == b'\n').map_or(0, |j| j + 1) };
    // In a `.env` or properties file each line is its own setting: `SUPPORT_EMAIL=support@…`
    // says nothing of the next line's `DEMO_PATIENT_EMAIL=…`.
    let prev = left[from..line_start].trim_ascii_start();
    let key_len = prev.iter().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')).count();
    // So is a message's header (`From: Helpdesk <helpdesk@…>` above `To: Sandra <sandra@…>`).
    let header = |l: &[u8]| {
        let n = l.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-').count();
        let name = l[..n].to_ascii_lowercase();
        matches!(name.as_slice(), b"from" | b"to" | b"cc" | b"bcc" | b"reply-to" | b"sender" | b"de")
            && l.get(n) == Some(&b':')
    };
    let setting = key_len > 0 && prev.get(key_len) == Some(&b'=')
        || header(prev) && header(left[line_start..].trim_ascii_start());
    let from = if setting { line_start } else { from };
    // In a paragraph on one long line, only the sentence of the match: `… le poste d'accueil. Je
    // n'ai ouvert que la fiche de Mme X, domiciliée 12 impasse …` is no reception desk's address.
    let sentence_start = left[line_start..]
        .windows(2)
        .rposition(|w| matches!(w[0], b'.' | b'!' | b'?') && w[1] == b' ')
        .map(|i| line_start + i + 2);
    let from = sentence_start.unwrap_or(from);
    // In JSON on one line, only the match's own object (see `json_object_at`).
    let base = c.m.start - left.len();
    let (ls, le) = line_at(c.hay, c.m.start);
    let object = json_object_at(c.hay, ls, le, c.m.start);
    let from = object.map_or(from, |(os, _)| os.saturating_sub(base).max(from));
    let near = lower_latin1(&String::from_utf8_lossy(&left[from..]));
    // The rest of the line counts too: `Auditexa, 8 place Bellecour, 69002 Lyon — standard 04 …`.
    // Only this sentence of it: `… 85 87. Le standard de l'éditeur (01 …)` is another's.
    let right = c.right(100);
    let end = right
        .windows(2)
        .position(|w| w[0] == b'\n' || matches!(w[0], b'.' | b'!' | b'?' | b';') && w[1] == b' ')
        .unwrap_or(right.len());
    let end = object.map_or(end, |(_, oe)| end.min(oe.saturating_sub(c.m.end)));
    let rest = &right[..end];
    if contains_any(&near, PUBLISHED_CUES)
        || contains_any(&lower_latin1(&String::from_utf8_lossy(rest)), PUBLISHED_CUES)
    {
        return true;
    }
    // A quoted message (`> call me at …`, indented or not) or a ticket comment's body
    // (`"body":"… my mobile …"`) is someone else's words.
    let this_line = left[line_start..].trim_ascii_start();
    let quoted = this_line.first() == Some(&b'>')
        || [&b"\"body\""[..], b"\"comment\"", b"\"text\"", b"\"message\""]
            .iter()
            .any(|k| this_line.windows(k.len()).any(|w| w == *k));
    // So is a forwarded message (`---------- Message transféré ---------`, `Forwarded message`
    // above): "mon adresse" there is its writer's. Looked for only when a cue says "mine".
    let forwarded = || {
        let above = c.left(1200);
        [&b"message transf"[..], b"forwarded message", b"original message", b"message d'origine"]
            .iter()
            .any(|k| above.windows(k.len()).any(|w| w.eq_ignore_ascii_case(k)))
    };
    if !quoted
        && (contains_any(&near, OWN_CUES)
            || contains_any(&lower_latin1(&String::from_utf8_lossy(rest)), OWN_AFTER_CUES))
        && !forwarded()
    {
        return true;
    }
    if from_profile_mailbox(c) || about_organisation(c) {
        return true;
    }
    // A signature block: the reporter's own address (or name, as their address spells it) on a
    // short line at most three lines from the match, itself on a short line.
    if c.env.reporter_emails.is_empty() {
        return false;
    }
    // Signed on the same line, the name just before the number (`Merci — Noémie Ferrand, 07 …`).
    let just_before =
        String::from_utf8_lossy(&left[line_start.max(left.len().saturating_sub(60))..]).to_ascii_lowercase();
    if !quoted && c.env.reporter_emails.iter().any(|e| names_owner(&just_before, e)) {
        return true;
    }
    // A row of a table or an SQL tuple (`('Gagnon-Roy Mathis','mathis.…@…',…)`) is a record, even
    // under the reporter's signature.
    if this_line.starts_with(b"(") || this_line.windows(3).any(|w| w == b"','") {
        return false;
    }
    let line_of_match_end = c.right(200).iter().position(|&b| b == b'\n').map_or(c.right(200).len(), |i| i);
    if left.len() - line_start + c.m.len() + line_of_match_end > 80 {
        return false;
    }
    let before = c.left(400);
    let after = c.right(400);
    // Contiguous lines only: a blank line ends a signature block.
    // The match's own line counts too (`jane@x.io | Tel +33 6 …`).
    let mut above: Vec<&[u8]> =
        before.split(|&b| b == b'\n').rev().skip(1).take(3).take_while(|l| !l.trim_ascii().is_empty()).collect();
    above.extend(before.split(|&b| b == b'\n').next_back());
    let mut below: Vec<&[u8]> =
        after.split(|&b| b == b'\n').skip(1).take(3).take_while(|l| !l.trim_ascii().is_empty()).collect();
    below.extend(after.split(|&b| b == b'\n').next());
    above.iter().chain(below.iter()).any(|l| {
        let l = String::from_utf8_lossy(l).to_ascii_lowercase();
        l.len() <= 80 && c.env.reporter_emails.iter().any(|e| l.contains(e.as_str()) || names_owner(&l, e))
    })
}

/// A company's legal form, as a whole word of the line (`ELEC'INDUS SAS — 14 rue …`,
/// `Acme Ltd`, `Müller GmbH`), spelt as companies spell it (`SAS`, not the `sas` of an Azure
/// token or the `corp` of an LDAP `dc=corp`).
const LEGAL_FORMS: &[&str] = &[
    "SARL", "SAS", "SASU", "EURL", "SNC", "GmbH", "GMBH", "LLC", "Ltd", "LTD", "PLC", "plc", "Inc", "INC", "Corp",
    "Pty", "S.A.", "S.A.S.", "S.A.R.L.", "S.p.A.", "S.r.l.", "B.V.", "N.V.", "Ltd.", "Inc.", "Corp.",
];

/// A company's registration and tax identifiers, and the names of an organisation's fields:
/// seen on the line of a match, the lines next to it, or the header of the table it is a row of.
const ORGANISATION_CUES: &[&str] = &[
    "siret",
    "siren",
    " rcs ",
    "r.c.s.",
    "tva intra",
    "tva_intra",
    "n\u{b0} tva",
    " tva fr",
    "tva : fr",
    " vat no",
    " vat number",
    " vat reg",
    " vat id",
    " vat: ",
    "code naf",
    "code_naf",
    " code ape",
    "company no",
    "company number",
    "company reg",
    "registered in",
    "raison sociale",
    "raison_sociale",
    "si\u{e8}ge social",
    "siege_social",
    "adresse_siege",
    "au capital",
    "capital social",
    "share capital",
];

/// Words that make a block a person's, whatever company it also names.
const PERSON_CUES: &[&str] = &[
    "n\u{e9} le",
    "n\u{e9}e le",
    "n\u{e9}(e)",
    "born",
    "naissance",
    "birth",
    "dob",
    "patient",
    "salari\u{e9}",
    "employee",
    "domicile",
    "home address",
    "adresse personnelle",
    "monsieur",
    "madame",
    "mme ",
    "mr ",
    "mrs ",
    "m. ",
    "prenom",
    "pr\u{e9}nom",
    "first_name",
    "firstname",
    "last_name",
    "lastname",
];

/// The owner of an address or number named on its line: a vendor's, a supplier's, a
/// company's (`Adresse de l'éditeur pour la facturation : …`, `Supplier's switchboard: …`).
const ORGANISATION_OWNERS: &[&str] = &[
    "de l'\u{e9}diteur",
    "de l\u{2019}\u{e9}diteur",
    "du fournisseur",
    "de la soci\u{e9}t\u{e9}",
    "de l'entreprise",
    "de l\u{2019}entreprise",
    "du fabricant",
    "du constructeur",
    "vendor's",
    "vendor\u{2019}s",
    "supplier's",
    "supplier\u{2019}s",
    "company's",
    "company\u{2019}s",
    "manufacturer's",
    "switchboard",
    "standard :",
    "standard:",
];

/// Whether `text` holds any organisation cue at all, ASCII-case-insensitively: the cues'
/// ASCII stems (`ge social` for `siège social`) and the legal forms — a superset of what
/// [`about_organisation`] looks for, so that a `false` here settles it.
fn organisation_gate(text: &[u8]) -> bool {
    use aho_corasick::automaton::Automaton;
    // The concrete DFA type: searched without a call through a trait object.
    use aho_corasick::dfa::DFA as AhoCorasick;
    static GATE: std::sync::OnceLock<Option<AhoCorasick>> = std::sync::OnceLock::new();
    let gate = GATE.get_or_init(|| {
        let stems: Vec<String> = ORGANISATION_CUES
            .iter()
            .chain(ORGANISATION_OWNERS)
            .filter_map(|cue| {
                cue.split(|ch: char| !ch.is_ascii()).max_by_key(|p| p.len()).map(|p| p.trim().to_string())
            })
            .filter(|p| p.len() >= 3)
            .chain(LEGAL_FORMS.iter().map(|f| f.to_string()))
            .collect();
        AhoCorasick::builder().ascii_case_insensitive(true).build(stems).ok()
    });
    gate.as_ref().is_none_or(|g| g.try_find(&aho_corasick::Input::new(text)).ok().flatten().is_some())
}

/// The line that holds byte `at`: its start and end, at most 1 KiB either side of `at` (a
/// longer line is cut there, so that no match costs a pass over a megabyte line).
fn line_at(hay: &[u8], at: usize) -> (usize, usize) {
    let lo = at.saturating_sub(1024);
    let hi = (at + 1024).min(hay.len());
    let start = hay[lo..at].iter().rposition(|&b| b == b'\n').map_or(lo, |i| lo + i + 1);
    let end = hay[at..hi].iter().position(|&b| b == b'\n').map_or(hi, |i| at + i);
    (start, end)
}

fn has_legal_form(line: &str) -> bool {
    line.split_whitespace()
        .map(|w| w.trim_matches(|ch: char| matches!(ch, ',' | ';' | ':' | '(' | ')' | '"' | '\'' | '\u{2014}' | '-')))
        .any(|w| LEGAL_FORMS.contains(&w) || LEGAL_FORMS.contains(&w.trim_end_matches('.')))
}

/// The sentence of the line that holds `at..end` (a long line of prose holds several): from
/// the last `. `, `! `, `? ` before it to the first after it, at most 160 bytes either side.
fn sentence_at(hay: &[u8], ls: usize, le: usize, at: usize, end: usize) -> (usize, usize) {
    let from = at.saturating_sub(160).max(ls);
    let to = (end + 160).min(le).max(end);
    let ends = |w: &[u8]| matches!(w[0], b'.' | b'!' | b'?') && w[1] == b' ';
    let s = hay[from..at].windows(2).rposition(ends).map_or(from, |i| from + i + 2);
    let e = hay[end..to].windows(2).position(ends).map_or(to, |i| end + i + 1);
    (s, e)
}

/// The match sits in a block about an organisation, not a person: a letterhead or an invoice
/// (a legal form or a registration id — SIRET, RCS, VAT — on its line or the two lines either
/// side, with no blank line between), a row of a table whose header names an organisation's
/// fields (`raison_sociale;siret;…`), or a line that says whose it is (`l'adresse de l'éditeur`).
/// A block that also speaks of a person (`né le`, `Mme`, `patient`, a first-name column) is
/// not quieted.
fn about_organisation(c: &Ctx) -> bool {
    let hay = c.hay;
    let (ls, le) = line_at(hay, c.m.start);
    // Most contact points stand in no such block: one automaton pass over the lines around
    // (and the table header, if any) says whether any cue is there before the line-by-line
    // reading below.
    let (ws, we) = (line_at(hay, ls.saturating_sub(1)).0, line_at(hay, (le + 1).min(hay.len())).1);
    let (ws, we) = (line_at(hay, ws.saturating_sub(1)).0, line_at(hay, (we + 1).min(hay.len())).1);
    if !organisation_gate(&hay[ws..we]) && !table_header(hay, ls, le).is_some_and(|h| organisation_gate(h.as_bytes())) {
        return false;
    }
    let (ss, se) = sentence_at(hay, ls, le, c.m.start, c.m.end);
    // In JSON on one line, the object the value belongs to: `"livraison":{"nom":"Yvon …",
    // "adresse":"…"}` is a person's, whatever `"siret_vendeur"` says beside it.
    let (ss, se) = json_object_at(hay, ls, le, c.m.start).unwrap_or((ss, se));
    let raw = String::from_utf8_lossy(&hay[ss..se]);
    // A space ahead, so that a cue of a whole word (` vat: `) matches at the start too.
    let own = format!(" {}", lower_latin1(&raw));
    let header = table_header(hay, ls, le);
    if contains_any(&own, PERSON_CUES) || header.as_deref().is_some_and(|h| contains_any(h, PERSON_CUES)) {
        return false;
    }
    if contains_any(&own, ORGANISATION_OWNERS) || contains_any(&own, ORGANISATION_CUES) || has_legal_form(&raw) {
        return true;
    }
    if let Some(h) = header {
        return contains_any(&h, ORGANISATION_CUES);
    }
    // The lines around, up to a blank line.
    let mut near: Vec<String> = Vec::new();
    let (mut s, mut e) = (ls, le);
    for _ in 0..2 {
        if s == 0 {
            break;
        }
        let (ps, pe) = line_at(hay, s - 1);
        if hay[ps..pe].trim_ascii().is_empty() {
            break;
        }
        near.push(String::from_utf8_lossy(&hay[ps..pe]).into_owned());
        s = ps;
    }
    for _ in 0..2 {
        if e + 1 >= hay.len() {
            break;
        }
        let (ns, ne) = line_at(hay, e + 1);
        if hay[ns..ne].trim_ascii().is_empty() {
            break;
        }
        near.push(String::from_utf8_lossy(&hay[ns..ne]).into_owned());
        e = ne;
    }
    let lower: Vec<String> = near.iter().map(|l| format!(" {}", lower_latin1(l))).collect();
    near.iter()
        .zip(&lower)
        .any(|(l, low)| l.len() <= 200 && (contains_any(low, ORGANISATION_CUES) || has_legal_form(l)))
        && !lower.iter().any(|l| contains_any(l, PERSON_CUES))
}

/// The innermost JSON object around `at` on the line `ls..le` (its `{` to its `}`), if the line
/// holds one that closes there.
fn json_object_at(hay: &[u8], ls: usize, le: usize, at: usize) -> Option<(usize, usize)> {
    let mut depth = 0i32;
    let open = (ls..at).rev().find(|&i| {
        match hay[i] {
            b'}' => depth += 1,
            b'{' if depth == 0 => return true,
            b'{' => depth -= 1,
            _ => {}
        }
        false
    })?;
    let mut depth = 0i32;
    let close = (at..le).find(|&i| {
        match hay[i] {
            b'{' => depth += 1,
            b'}' if depth == 0 => return true,
            b'}' => depth -= 1,
            _ => {}
        }
        false
    })?;
    Some((open, close + 1))
}

/// When the line `ls..le` is a row of a delimited table (two or more `;`, tabs, `|` or `,`),
/// its header: the first of the contiguous lines above with as many separators, lowercased.
fn table_header(hay: &[u8], ls: usize, le: usize) -> Option<String> {
    let sep =
        [b';', b'\t', b'|', b','].into_iter().find(|&sep| hay[ls..le].iter().filter(|&&b| b == sep).count() >= 2)?;
    let n = hay[ls..le].iter().filter(|&&b| b == sep).count();
    // A line cut by `line_at` (over 1 KiB on a side) is no table row; the header is looked for
    // at most 50 rows up.
    if (ls > 0 && hay[ls - 1] != b'\n') || (le < hay.len() && hay[le] != b'\n') {
        return None;
    }
    let mut hs = ls;
    let mut rows = 0;
    while hs > 0 && rows < 50 {
        rows += 1;
        let (ps, pe) = line_at(hay, hs - 1);
        if hay[ps..pe].iter().filter(|&&b| b == sep).count() != n {
            break;
        }
        hs = ps;
    }
    if hs == ls {
        return None;
    }
    let (_, he) = line_at(hay, hs);
    Some(lower_latin1(&String::from_utf8_lossy(&hay[hs..he])))
}

/// Letters folded for comparing a person's name with their address: lowercase, French accents
/// dropped, anything else a space.
fn fold_letters(s: &str) -> String {
    s.chars()
        .map(|ch| match ch {
            'à' | 'â' | 'ä' | 'À' | 'Â' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' => 'e',
            'î' | 'ï' | 'Î' => 'i',
            'ô' | 'ö' | 'Ô' => 'o',
            'ù' | 'û' | 'ü' | 'Û' => 'u',
            'ç' | 'Ç' => 'c',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => ' ',
        })
        .collect()
}

/// The line names the owner of `email` when the address is `first.last@…` (or `first_last`,
/// `first-last`) and the line holds each of those names as a word (`Hélène Delacroix`).
fn names_owner(line: &str, email: &str) -> bool {
    let local = email.split('@').next().unwrap_or("");
    // `callum.ashworth30@…`: the digits a provider made them add are no part of the name.
    let parts: Vec<&str> =
        local.split(['.', '_', '-']).map(|p| p.trim_end_matches(|c: char| c.is_ascii_digit())).collect();
    let folded = fold_letters(line);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    // The organisation the reporter's domain names (`j.roussel@cert-exemple.fr` beside
    // `CERT Exemple — 01 …`, `@redline-sec.com` beside `Redline Security`): every part of the
    // domain's name starts a word of the line, one of them a word of four letters or more.
    let domain = email.split('@').nth(1).unwrap_or("");
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() >= 2 {
        let org: Vec<&str> = labels[labels.len() - 2].split('-').filter(|p| !p.is_empty()).collect();
        if !org.is_empty()
            && !FREE_MAIL.contains(&org[0])
            && org.iter().any(|p| p.len() >= 4 && words.contains(p))
            && org.iter().all(|p| p.len() >= 3 && words.iter().any(|w| w.starts_with(p)))
        {
            return true;
        }
    }
    if parts.len() < 2 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_alphabetic())) {
        return false;
    }
    // `j.roussel@`: an initial stands for a word it starts; at least one part is a whole name.
    parts.iter().any(|p| p.len() >= 3 && words.contains(p))
        && parts.iter().all(|p| if p.len() == 1 { words.iter().any(|w| w.starts_with(p)) } else { words.contains(p) })
}

/// The text is a message sent from the profile's own mailbox (the PSIRT's auto-reply quoted by
/// the reporter): the numbers and addresses in it are the PSIRT's published contact points.
fn from_profile_mailbox(c: &Ctx) -> bool {
    let head = &c.hay[..c.hay.len().min(4096)];
    let own: Vec<&String> = c.env.own_emails.iter().filter(|e| !c.env.reporter_emails.contains(e)).collect();
    if own.is_empty() {
        return false;
    }
    for line in head.split(|&b| b == b'\n') {
        let line = line.trim_ascii();
        if line.is_empty() {
            break;
        }
        if line.len() > 5 && line[..5].eq_ignore_ascii_case(b"from:") {
            let l = String::from_utf8_lossy(line).to_ascii_lowercase();
            return own.iter().any(|e| l.contains(e.as_str()));
        }
    }
    false
}
