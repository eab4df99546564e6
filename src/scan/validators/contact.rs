//! Contact data and infrastructure: e-mail addresses (reserved and own addresses), phone
//! numbers, private IP ranges, internal host names. Whether a detail is a third party's or the
//! reporter's own, a published one or an organisation's is decided in `contact/owner.rs`.

use super::*;
use crate::scan::ctx::{contains_any, lower_latin1};
use std::net::{Ipv4Addr, Ipv6Addr};

mod owner;
use owner::{is_machine_or_team_mailbox, is_role_mailbox, FREE_MAIL, READER_MAILBOXES};
pub(crate) use owner::{own_or_published, published_row};

// --- contact data and infrastructure --------------------------------------------------------

/// RFC 2606 / 6761 names: example.com/.net/.org, *.example, *.test, *.invalid, *.localhost.
pub(crate) fn is_reserved_domain(domain: &str) -> bool {
    let d = domain.trim_end_matches('.').to_ascii_lowercase();
    let under = |base: &str| d == base || d.ends_with(&format!(".{base}"));
    under("example.com")
        || under("example.net")
        || under("example.org")
        || under("example")
        || under("test")
        || under("invalid")
        || under("localhost")
        || under("local.test")
}

const FILE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "js", "mjs", "ts", "css", "json", "html", "xml", "txt",
    "md", "py", "rb", "go", "rs", "java", "php", "zip", "gz", "tgz", "pdf", "yml", "yaml", "lock", "map",
];

/// Words that name a function, a service or a team rather than a person, as the whole local
/// part of a mailbox at an organisation's domain (`outillage@`, `updates@`, `opensource@`). A
/// vocabulary, not a rule per address: function mailboxes come from a small set of words.
const FUNCTION_WORDS: &[&str] = &[
    "updates",
    "web",
    "www",
    "site",
    "internet",
    "digital",
    "numerique",
    "update",
    "news",
    "actualites",
    "opensource",
    "oss",
    "outillage",
    "tools",
    "tooling",
    "dev",
    "devel",
    "engineering",
    "ingenierie",
    "infra",
    "infrastructure",
    "operations",
    "exploitation",
    "it",
    "informatique",
    "dsi",
    "finance",
    "achats",
    "purchasing",
    "procurement",
    "logistique",
    "logistics",
    "expedition",
    "shipping",
    "livraison",
    "shop",
    "boutique",
    "store",
    "commercial",
    "quotes",
    "rsvp",
    "evenements",
    "relations",
    "investors",
    "ir",
    "recruiting",
    "talent",
    "candidatures",
    "stages",
    "formation",
    "training",
    "qualite",
    "quality",
    "produit",
    "product",
    "projets",
    "projects",
    "research",
    "recherche",
    "lab",
    "labs",
    "data",
    "analytics",
    "bugs",
    "issues",
    "tickets",
    "community",
    "communaute",
    "forum",
    "webmestre",
    "mairie",
    "ecole",
    "scolarite",
    "administratif",
    "direction",
    "compta",
    "factures",
    "paie",
    "payroll",
    "rgpd",
    "cnil",
    "juridique",
    "licensing",
    "licences",
    "partenariats",
    "abonnements",
    "subscriptions",
    "membership",
    "adhesions",
    "inscriptions",
    "registration",
    "helpline",
    "hotline",
    "servicedesk",
    "itsupport",
    "assistance",
    "accueil",
    "reception",
    "standard",
    "team",
    "equipe",
    "staff",
];

/// A one-word mailbox at an organisation's domain named by a function word; at a free-mail
/// provider any local part is a person's.
fn function_mailbox(local: &str, provider: &str) -> bool {
    !FREE_MAIL.contains(&provider) && FUNCTION_WORDS.contains(&local)
}

pub(crate) fn check_email(c: &Ctx) -> Verdict {
    let mut s = String::from_utf8_lossy(c.secret()).to_ascii_lowercase();
    // `…Labs\nk.viljoen@…` in a JSON string: the `n` belongs to the escape before it.
    if c.left(1) == b"\\" && s.len() > 1 && matches!(s.as_bytes()[0], b'n' | b't' | b'r') {
        s.remove(0);
    }
    let Some((local, domain)) = s.rsplit_once('@') else { return Reject };
    if c.env.own_emails.contains(&s) {
        return Reject;
    }
    // A service's or team's published address (`security@`, `presse@`, `support@`): a contact
    // point, not a person's data.
    if is_role_mailbox(local) || is_machine_or_team_mailbox(local) || own_or_published(c) {
        return Reject;
    }
    // A role word first or last (`oss-security@`, `sso-support@`, `help@`), a UUID alias
    // (`0fe174a5-…@posteo.de`), or a commit's author and trailers (`Author: Lina <lina@…>`,
    // `Signed-off-by:`): a function's mailbox, an alias, a project's public history.
    let words: Vec<&str> = local.split(['.', '_', '-']).filter(|w| !w.is_empty()).collect();
    let role_word = words.len() <= 3
        && [words.first(), words.last()].iter().flatten().any(|w| is_role_mailbox(w) || ["help", "aide"].contains(w));
    let uuid = local.len() == 36
        && local.bytes().filter(|&b| b == b'-').count() == 4
        && local.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    let line_start = c.left(200).iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = c.left(200)[line_start..].trim_ascii_start().to_ascii_lowercase();
    let trailer = [
        &b"author:"[..],
        b"commit:",
        b"signed-off-by:",
        b"co-authored-by:",
        b"reviewed-by:",
        b"acked-by:",
        b"tested-by:",
        b"reported-by:",
        b"suggested-by:",
    ]
    .iter()
    .any(|t| line.starts_with(t));
    // A message's identifier (`Message-ID: <5862d0f727adcf24.5583061735@host>`, `References:`,
    // `In-Reply-To:`) has an address's shape and names no one.
    let message_id = [&b"message-id:"[..], b"references:", b"in-reply-to:", b"content-id:", b"x-message-id:"]
        .iter()
        .any(|t| line.starts_with(t));
    // A mailing list's addresses (`dev-digest@lists.…`, `…-leave@lists.…`): a list, no one's.
    let list_host = ["lists.", "list.", "listes.", "groups.", "googlegroups.com"]
        .iter()
        .any(|h| domain.starts_with(h) || domain == &h[..]);
    // `ssh -J hv@bastion.…`, `scp f deploy@host:`: a login on a host, not a mailbox.
    let remote_login = [&b"ssh "[..], b"scp ", b"sftp ", b"rsync ", b"ssh-copy-id ", b"mosh "]
        .iter()
        .any(|t| line.windows(t.len()).any(|w| w == *t));
    if message_id || list_host || remote_login {
        return Reject;
    }
    // A commit signed with a free-mail address is a person's own address, history or not.
    // The provider's name: `hotmail` in `hotmail.co.uk`, `gmail` in `gmail.com`.
    let labels: Vec<&str> = domain.split('.').collect();
    let second_level = labels.len() >= 3
        && labels[labels.len() - 1].len() == 2
        && ["co", "com", "org", "net", "ac", "gov", "ne", "or"].contains(&labels[labels.len() - 2]);
    let provider = labels.get(labels.len().saturating_sub(if second_level { 3 } else { 2 })).copied().unwrap_or("");
    let trailer = trailer && !FREE_MAIL.contains(&provider);
    if role_word || uuid || trailer || function_mailbox(local, provider) {
        return Reject;
    }
    // An address that addresses the reader (`you@company.com`, `prenom.nom@…`) or fills a form
    // field's `placeholder=` hint: a shape to follow, not anyone's address.
    let hint = c.left(16).to_ascii_lowercase();
    // `exemple.fr`, `exemple.com`: the French documentation domains (as `example.com`).
    let exemple = domain.strip_prefix("exemple.").is_some_and(|t| ["fr", "com", "org", "net"].contains(&t));
    if READER_MAILBOXES.contains(&local) || hint.windows(12).any(|w| w == b"placeholder=") || exemple {
        return Example;
    }
    let tld = domain.rsplit('.').next().unwrap_or("");
    if FILE_EXTENSIONS.contains(&tld) {
        return Reject; // logo@2x.png, module@1.2.js
    }
    // `scheme://user:password@host`: URL credentials, not an address.
    let left = c.left(300);
    let token_start = left
        .iter()
        .rposition(|b| b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b'<' | b'('))
        .map_or(0, |i| i + 1);
    if left[token_start..].windows(3).any(|w| w == b"://") {
        return Reject;
    }
    // git@github.com:org/repo is an SSH remote, not a person.
    if local == "git" && matches!(c.after(), Some(b':')) {
        return Reject;
    }
    // `ssh admin@grafana.internal`, `root@dc01.corp`: a login on an internal host; the host is
    // the finding (internal_hostname), not an address.
    let internal = ["internal", "corp", "local", "lan", "intranet", "intra", "localdomain", "priv", "consul"];
    let login = matches!(local, "root" | "admin" | "administrator" | "ubuntu" | "ec2-user" | "deploy" | "git" | "user")
        || [&b"ssh "[..], b"scp ", b"sftp ", b"rsync ", b"telnet "].iter().any(|cmd| c.left(8).ends_with(cmd));
    if internal.contains(&tld) && login {
        return Reject;
    }
    if is_reserved_domain(domain) || is_placeholder(local.as_bytes()) && local != "test" {
        return Example;
    }
    Real
}

/// RFC 1918, carrier-grade NAT (100.64/10). Loopback (127/8) and link-local 169.254/16 are left
/// out on purpose: they are the same on every machine (and 169.254.169.254 is a public, well-known
/// metadata address), so they say nothing about the vendor's network.
pub(crate) fn private_v4(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    o[0] == 10
        || (o[0] == 172 && (16..=31).contains(&o[1]))
        || (o[0] == 192 && o[1] == 168)
        || (o[0] == 100 && (64..=127).contains(&o[1]))
}

/// Unique local fc00::/7 and link-local fe80::/10 (which often embeds a MAC address).
pub(crate) fn private_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments()[0];
    (s & 0xfe00) == 0xfc00 || (s & 0xffc0) == 0xfe80
}

pub(crate) fn check_ipv4(c: &Ctx) -> Verdict {
    let s = String::from_utf8_lossy(c.secret());
    let Ok(ip) = s.parse::<Ipv4Addr>() else { return Reject };
    // `10.2.3.4.5` (a version or an OID) and `v10.1.2.3` are not addresses.
    if matches!(c.before(), Some(b'.'))
        || c.right(2).first() == Some(&b'.') && c.right(2).get(1).is_some_and(u8::is_ascii_digit)
    {
        return Reject;
    }
    // `10.40.0.0/16`: a network written as a CIDR block, not a host.
    let r = c.right(4);
    if c.secret().ends_with(b".0") && r.first() == Some(&b'/') && r.get(1).is_some_and(u8::is_ascii_digit) {
        return Reject;
    }
    let l = c.left(9).to_ascii_lowercase();
    if l.ends_with(b"v") || l.ends_with(b"version ") || l.ends_with(b"version:") {
        return Reject;
    }
    real_if(private_v4(ip))
}

pub(crate) fn check_ipv6(c: &Ctx) -> Verdict {
    let s = String::from_utf8_lossy(c.secret());
    let Ok(ip) = s.parse::<Ipv6Addr>() else { return Reject };
    real_if(private_v6(ip) && s.contains("::") || s.matches(':').count() >= 4 && private_v6(ip))
}

/// Host names that exist only inside an organisation; well-known platform names excluded.
pub(crate) fn check_hostname(c: &Ctx) -> Verdict {
    let s = String::from_utf8_lossy(c.secret()).to_ascii_lowercase();
    const WELL_KNOWN: &[&str] = &[
        "metadata.google.internal",
        "host.docker.internal",
        "gateway.docker.internal",
        "kubernetes.docker.internal",
        "kubernetes.default.svc.cluster.local",
    ];
    if WELL_KNOWN.contains(&s.as_str()) {
        return Reject;
    }
    // `settings.local.json`: a file name, not a host.
    if matches!(c.after(), Some(b'.')) && c.right(2).get(1).is_some_and(u8::is_ascii_alphanumeric) {
        return Reject;
    }
    // The first label must not be a file-ish word alone (`config.local`, `.env.local`).
    let first = s.split('.').next().unwrap_or("");
    if s.split('.').count() == 2
        && matches!(first, "config" | "settings" | "env" | "" | "app" | "appsettings" | "docker-compose")
    {
        return Reject;
    }
    real_if(!is_placeholder(first.as_bytes()))
}

pub(crate) fn check_phone(c: &Ctx) -> Verdict {
    let s = c.secret();
    if own_or_published(c) {
        return Reject;
    }
    if matches!(c.before(), Some(b'.' | b'/' | b'-' | b'_')) || c.left(1).first().is_some_and(u8::is_ascii_alphanumeric)
    {
        return Reject;
    }
    if matches!(c.after(), Some(b'.' | b'/' | b'-')) && c.right(2).get(1).is_some_and(u8::is_ascii_digit) {
        return Reject;
    }
    phone_digits(s)
}

/// A phone number judged by its digits alone (a table cell has no more to go on): a length a
/// number has, not a run of one digit, a date, a switchboard's round number, a toll-free or a
/// fiction range (`Example`).
pub(crate) fn phone_digits(s: &[u8]) -> Verdict {
    let d = digits(s);
    if d.len() < 8 || d.len() > 15 {
        return Reject;
    }
    if d.iter().all(|&x| x == d[0]) {
        return Reject;
    }
    // A switchboard's round number (`05 61 00 00 00`, `+33 1 57 77 80 00`): an organisation's line.
    if d.ends_with(&[0, 0, 0]) {
        return Reject;
    }
    // Date-like: 2024-01-15 or 15.01.2024 patterns have 8 digits in 3 groups of 4-2-2 / 2-2-4.
    let groups: Vec<usize> = s.split(|b| !b.is_ascii_digit()).filter(|g| !g.is_empty()).map(<[u8]>::len).collect();
    if d.len() == 8 && (groups == [4, 2, 2] || groups == [2, 2, 4]) {
        return Reject;
    }
    // Toll-free numbers are published by companies, never a person's: the North American
    // 800/888/877/866/855/844/833 ranges, French 0800/0805 (numéro vert), UK 0800/0808.
    let national: &[u8] = if d.first() == Some(&1) && d.len() == 11 { &d[1..] } else { &d };
    let toll_free_na = national.len() == 10
        && [[8, 0, 0], [8, 8, 8], [8, 7, 7], [8, 6, 6], [8, 5, 5], [8, 4, 4], [8, 3, 3]]
            .iter()
            .any(|p| national[..3] == *p);
    let toll_free_eu = d.starts_with(&[0, 8, 0, 0])
        || d.starts_with(&[0, 8, 0, 5])
        || d.starts_with(&[0, 8, 0, 8])
        || d.starts_with(&[3, 3, 8, 0, 0])
        || d.starts_with(&[3, 3, 8, 0, 5])
        || d.starts_with(&[4, 4, 8, 0, 0]);
    if toll_free_na
        && (s.first() == Some(&b'+')
            || s.first() == Some(&b'1')
            || s.first() == Some(&b'(')
            || s.first() == Some(&b'8'))
        || toll_free_eu
    {
        return Reject;
    }
    // US fictional range 555-0100 … 555-0199; Ofcom's drama range 07700 900000 … 900999.
    // (Not ARCEP's French fiction ranges, 06 39 98 …: writers use them for made-up people.)
    let n = d.len();
    if n >= 10 && d[n - 7..n - 4] == [5, 5, 5] && d[n - 4] == 0 && d[n - 3] == 1 {
        return Example;
    }
    if n >= 10 && d[n - 10..n - 3] == [7, 7, 0, 0, 9, 0, 0] {
        return Example;
    }
    Real
}
