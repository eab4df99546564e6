//! Rules for contact data and internal infrastructure: e-mail addresses, phone numbers,
//! private IP addresses, internal host names. Judged by `validators/contact.rs`.

use super::Trigger::{Digits, Prefixes, Words};
use super::{Rule, NONE};
use crate::scan::validators as v;
use crate::scan::Category::*;

/// This family's rules, in the order `RULES` numbers them.
pub(super) const RULES: &[Rule] = &[
    // --- contact data and internal infrastructure ------------------------------------------------
    Rule {
        id: "email-address",
        category: EmailAddress,
        rank: 1,
        trigger: Prefixes(&["@"]),
        before: 64,
        after: 256,
        pattern: r"(?i-u)\b([a-z0-9](?:[a-z0-9._%+-]|\xC3[\x80-\xBF]){0,63}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})\b",
        check: v::check_email,
        examples: NONE,
        #[cfg(test)]
        should_match: &["$ <carlos@yahoo.co.uk"],
        #[cfg(test)]
        should_not_match: &["contact psirt@thalesgroup.com", "jane.doe@example.com", "logo@2x.png"],
    },
    Rule {
        id: "phone-international",
        category: PhoneNumber,
        rank: 1,
        trigger: Prefixes(&["+"]),
        before: 0,
        after: 32,
        pattern: r"(?-u)(\+[1-9][0-9 ().-]{6,22}[0-9])",
        check: v::check_phone,
        examples: NONE,
        #[cfg(test)]
        should_match: &["PHONE=+33671849174"],
        #[cfg(test)]
        should_not_match: &["version +1.2.3", "score +12"],
    },
    Rule {
        id: "phone-national",
        category: PhoneNumber,
        rank: 1,
        trigger: Digits,
        before: 0,
        after: 0,
        // `\b` cannot stand before `(`: a boundary between `"` and `(` is no word boundary. UK
        // `020 3923 2432` and German mobiles `0151 5952 5863`; other 4-4-4 groups are card-like.
        pattern: r"(?-u)(?:\b(0[1-9](?:[ .]\d{2}){4})|(\(\d{3}\) ?\d{3}-\d{4})|\b(\d{3}[.-]\d{3}[.-]\d{4})|\b(0\d{2} \d{4} \d{4}|01[5-7]\d \d{3,4} \d{4}|07\d{3} \d{6}|07\d{3} \d{3} \d{3}))\b",
        check: v::check_phone,
        examples: NONE,
        #[cfg(test)]
        should_match: &["Tél. (415) 479-4266"],
        #[cfg(test)]
        should_not_match: &["order 123-456", "ISBN 978-2-07-036822-8"],
    },
    Rule {
        id: "phone-keyword",
        category: PhoneNumber,
        rank: 1,
        trigger: Words(&["phone", "tel", "mobile", "cell", "fax", "t\u{e9}l", "portable", "gsm", "whatsapp"]),
        before: 0,
        after: 70,
        pattern: r"(?i-u)(?:\b|_)(?:phone|tel|telephone|t\xC3\xA9l\xC3\xA9phone|t\xC3\xA9l|mobile|cell|fax|portable|gsm|telefon|whatsapp)(?:[ \t]*(?:number|no\.?|num\.?|#))?[\x22']?[ \t]*[:=]?[ \t]*[\x22']?(\+?[0-9(][0-9 ().-]{6,20}[0-9])",
        check: v::check_phone,
        examples: NONE,
        #[cfg(test)]
        should_match: &["telephone = 06 10 76 55 65", "Client{nom='A. B', telephone='0693208879', ville='Lyon'}"],
        #[cfg(test)]
        should_not_match: &["phone: <number>", "tel: 12"],
    },
    Rule {
        id: "private-ipv4",
        category: PrivateIp,
        rank: 1,
        trigger: Prefixes(&["10.", "172.", "192.168.", "100."]),
        before: 0,
        after: 20,
        pattern: r"(?-u)\b((?:10|172|192|100)\.\d{1,3}\.\d{1,3}\.\d{1,3})\b",
        check: v::check_ipv4,
        examples: &["10.0.0.0", "172.16.0.0", "192.168.0.0", "100.64.0.0"],
        #[cfg(test)]
        should_match: &["Host: 10.80.122.20"],
        #[cfg(test)]
        should_not_match: &["8.8.8.8", "10.0.0.256", "255.255.255.0", "cidr_block = \"10.40.0.0/16\""],
    },
    Rule {
        id: "private-ipv6",
        category: PrivateIp,
        rank: 1,
        trigger: Words(&["fc", "fd", "fe8", "fe9", "fea", "feb"]),
        before: 0,
        after: 45,
        pattern: r"(?i-u)\b((?:f[cd][0-9a-f]{2}|fe[89ab][0-9a-f]):[0-9a-f:]*[0-9a-f])",
        check: v::check_ipv6,
        examples: NONE,
        #[cfg(test)]
        should_match: &["Host: fd5e:51a7:b262::5f6"],
        #[cfg(test)]
        should_not_match: &["2001:db8::1", "fd"],
    },
    Rule {
        id: "internal-hostname",
        category: InternalHostname,
        rank: 0,
        trigger: Words(&[
            ".internal",
            ".corp",
            ".local",
            ".lan",
            ".intra",
            ".home.arpa",
            ".localdomain",
            ".priv",
            ".consul",
        ]),
        before: 255,
        after: 16,
        pattern: r"(?i-u)\b((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:internal|corp|local|lan|intranet|intra|home\.arpa|localdomain|priv|consul))\b",
        check: v::check_hostname,
        examples: NONE,
        #[cfg(test)]
        should_match: &["Host: erp.fra1.corp"],
        #[cfg(test)]
        should_not_match: &["www.thalesgroup.com", "the local network"],
    },
];
