//! Values judged by the name they are given: a key in JSON, YAML, INI, `.env` or a form body, a
//! label on a document (`Date de naissance :`), or a CSV/TSV column header. The name says what
//! the value is (`passport_no`, `adresse`, `diagnostic`, `salaire_brut`, `numero_fiscal`, `pnr`),
//! in English and French with their usual abbreviations; the value's shape only has to be
//! plausible for that kind. Also the checks of the rules that find a secret or personal data
//! given in a sentence (`rules/named.rs`).
//!
//! What a name means (the lexicons) is in `named/lexicon.rs`; this file holds the checks.

use super::*;
use crate::scan::ctx::{contains_any, lower_latin1};
use crate::scan::Category::{self, *};

mod lexicon;
pub(crate) use lexicon::{fold_name, named_category, value_fits};

/// `key: value`, `key = value`, `"key": "value"`: the name is the text before the separator
/// (the match starts at most a few words before it).
fn named(c: &Ctx, category: Category) -> Verdict {
    let whole = c.whole();
    let key_end = c.s.start - c.m.start;
    let key = String::from_utf8_lossy(&whole[..key_end]);
    let key = key.trim_end_matches(|ch: char| ch.is_whitespace() || matches!(ch, ':' | '=' | '"' | '\'' | '\u{a0}'));
    // The last line of it, and at most its last four words.
    let key = key.rsplit('\n').next().unwrap_or("");
    let words: Vec<&str> = key.split_whitespace().collect();
    // The shortest run of last words that names something decides (`Numéro fiscal du déclarant
    // 1`: `fiscal`… no, `Numéro fiscal…` yes).
    let named_as = (1..=words.len().min(6)).find_map(|n| named_category(&words[words.len() - n..].join(" ")));
    // Every other way out below rejects too: a name that says something else is decided first,
    // before the costlier checks.
    if named_as != Some(category) {
        return Reject;
    }
    // `Adresses.cs:ligne 77` in a stack trace: a source file and its line, not a field.
    let source_file = key.rsplit_once('.').is_some_and(|(_, ext)| {
        ["cs", "java", "py", "php", "js", "ts", "go", "rb", "kt", "vb", "cpp", "aspx", "jsp", "scala"]
            .contains(&ext.to_ascii_lowercase().as_str())
    });
    if source_file {
        return Reject;
    }
    let value = c.secret();
    // A seat is `21D`, not a head office's street (`Siège : 12 rue de la Gare`).
    let folded = fold_name(key);
    if category == TravelRecord && (folded.ends_with("siege") || folded.ends_with("seat")) && value.len() > 4 {
        return Reject;
    }
    // `health_check_interval`, `healthcheck_url`: a service's health, not a person's.
    let service = ["check", "interval", "timeout", "endpoint", "status", "probe", "url", "port", "path", "diagnostics"];
    // As words of the name: `pathologie` holds `path` and is a person's health.
    if category == HealthData
        && folded.split('_').any(|t| service.iter().any(|w| t.starts_with(w) && (t == *w || !t.starts_with("patho"))))
    {
        return Reject;
    }
    if category == PostalAddress && own_or_published(c) {
        return Reject;
    }
    real_if(value_fits(category, value))
}

pub(crate) fn check_named_identity(c: &Ctx) -> Verdict {
    named(c, IdentityDocument)
}
pub(crate) fn check_named_address(c: &Ctx) -> Verdict {
    named(c, PostalAddress)
}
/// A street line under an address object's plain key (`line`, `line1`, `street`).
pub(crate) fn check_address_line(c: &Ctx) -> Verdict {
    // The object's fields: one of them must be its street line, its value fit an address.
    // Split on quotes: `"key"`, `:`, `"value"` come as pieces 1, 2, 3 of each field.
    let fields = String::from_utf8_lossy(c.secret());
    let parts: Vec<&str> = fields.split('"').collect();
    let street = (1..parts.len().saturating_sub(2)).step_by(2).any(|k| {
        let (key, v) = (lower_latin1(parts[k]), parts[k + 2]);
        parts[k + 1].trim() == ":"
            && ["line", "street", "rue", "voie", "address", "adresse", "ligne", "old", "new", "previous", "current"]
                .iter()
                .any(|w| key.starts_with(w))
            && !is_placeholder(v.as_bytes())
            && value_fits(PostalAddress, v.as_bytes())
    });
    real_if(street && !own_or_published(c))
}
pub(crate) fn check_named_health(c: &Ctx) -> Verdict {
    named(c, HealthData)
}
pub(crate) fn check_named_employment(c: &Ctx) -> Verdict {
    named(c, EmploymentData)
}
pub(crate) fn check_named_tax(c: &Ctx) -> Verdict {
    named(c, TaxRecord)
}
pub(crate) fn check_named_travel(c: &Ctx) -> Verdict {
    named(c, TravelRecord)
}

/// A machine-readable zone line of a passport (TD3, 44 characters), ID card (TD1, 30) or
/// visa/TD2 (36): capital letters, digits and `<` fillers only.
pub(crate) fn check_mrz(c: &Ctx) -> Verdict {
    let s = c.secret();
    // The zone ends the run (the pattern leaves the byte after it to here).
    if c.after().is_some_and(|b| b.is_ascii_alphanumeric() || b == b'<') {
        return Reject;
    }
    let fillers = s.iter().filter(|&&b| b == b'<').count();
    let sized = matches!(s.len(), 30 | 36 | 44);
    // The names line (`GAUTHIER<<NOEMIE<<<…`): letters and fillers, the fillers running to the end.
    let names_line = sized && fillers >= 6 && s.ends_with(b"<<<") && s.windows(2).any(|w| w == b"<<");
    real_if(
        sized && fillers >= 2 && s.iter().any(u8::is_ascii_digit)
            || s.starts_with(b"P<") && s.len() == 44
            || names_line,
    )
}

/// A value given in a sentence or a log with no keyword beside it (`logged in as app_rw with
/// Autumn!7`, `Invalid user Supy4Cwm!37`, `unlocks with meadow-ember-tundra-lantern`): kept only
/// when it looks made to be secret — three character classes out of four with a digit, or a
/// passphrase of three or more words joined by hyphens — so that names and words are not.
pub(crate) fn check_secret_shaped(c: &Ctx) -> Verdict {
    let v = c.secret();
    let v = v.strip_suffix(b".").unwrap_or(v);
    // An address or `user@host` is no secret; `qu0kk@677` is.
    let address = v.iter().position(|&b| b == b'@').is_some_and(|at| {
        let host = &v[at + 1..];
        host.iter().any(u8::is_ascii_alphabetic)
            && host.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
    });
    if v.len() < 6 || v.len() > 96 || is_placeholder(v) || v.windows(3).any(|w| w == b"://") || address {
        return Reject;
    }
    real_if(secret_shaped(v))
}

/// Four groups of four letters made at random (`gcwx nxsk namd fsur`), not four words: at least
/// two groups with one vowel or none.
pub(crate) fn check_app_password(c: &Ctx) -> Verdict {
    let groups = c.secret().split(|&b| b == b' ');
    let few_vowels = groups.filter(|g| g.iter().filter(|b| b"aeiouy".contains(b)).count() <= 1).count();
    real_if(few_vowels >= 2)
}

pub(crate) fn secret_shaped(v: &[u8]) -> bool {
    let lower = v.iter().any(u8::is_ascii_lowercase);
    let upper = v.iter().any(u8::is_ascii_uppercase);
    let digit = v.iter().any(u8::is_ascii_digit);
    let symbol = v.iter().any(|b| !b.is_ascii_alphanumeric());
    let classes = [lower, upper, digit, symbol].iter().filter(|&&x| x).count();
    // Words joined by hyphens, in any language: `tundra-pepper-glacier`, `les-hérons-dorment-à-Brest`
    // (short linking words allowed when three words of three letters or more carry it).
    let text = std::str::from_utf8(v).unwrap_or("");
    let words: Vec<&str> = text.split('-').collect();
    let passphrase = words.len() >= 3
        && words.iter().all(|w| !w.is_empty() && w.chars().all(char::is_alphabetic))
        && words.iter().filter(|w| w.chars().count() >= 3).count() >= 3
        && words.iter().filter(|w| w.chars().count() < 3).count() <= 1;
    // `2024-01-15`, `v1.2.3-rc1`: dates and versions are no secrets.
    let versionish = v.iter().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_' | b'v' | b':'));
    !versionish && (classes >= 3 && digit || passphrase)
}

/// A numeric code given in a sentence (`le code est 1815`, `door code: 0451`): four to eight
/// digits, not a year a sentence would name (1900 to 2039); or a keypad code of three to six digits
/// with one letter (`436A`, `B2741`).
/// A keypad code answered in a chat, its digits perhaps spaced or dashed (`4-7-1-9`): four to
/// eight digits once the separators are dropped, not a year.
pub(crate) fn check_spaced_code(c: &Ctx) -> Verdict {
    let digits: Vec<u8> = c.secret().iter().copied().filter(u8::is_ascii_digit).collect();
    let year = digits.len() == 4 && (digits.starts_with(b"19") || digits.starts_with(b"20") && digits[2] <= b'3');
    real_if((4..=8).contains(&digits.len()) && !year)
}

/// A passphrase setting: a `passphrase` key, or a bare `Phrase` key in a file about encryption
/// (`[Chiffrement]`, `[encryption]`, a vault, a backup), with a value of plain words.
pub(crate) fn check_phrase_setting(c: &Ctx) -> Verdict {
    let key = c.whole()[..c.s.start - c.m.start].to_ascii_lowercase();
    let crypto = ["chiffr", "encrypt", "crypt", "vault", "coffre", "keepass", "backup", "sauvegarde", "gpg", "luks"];
    let around = lower_latin1(&String::from_utf8_lossy(c.left(300)));
    let context = key.windows(4).any(|w| w == b"pass") || crypto.iter().any(|w| around.contains(w));
    if !context {
        return Reject;
    }
    check_secret_in_prose(c)
}

pub(crate) fn check_numeric_code(c: &Ctx) -> Verdict {
    let v = c.secret();
    let year = v.len() == 4 && (v.starts_with(b"19") || v.starts_with(b"20") && v[2] <= b'3');
    let digits = v.iter().filter(|b| b.is_ascii_digit()).count();
    let lettered = digits >= 3 && digits + 1 == v.len() && v.iter().any(u8::is_ascii_uppercase);
    // `4B27A`: a building's code of capitals and digits.
    let mixed = v.len() == 5 && digits == 3 && v.iter().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    real_if((4..=8).contains(&v.len()) && v.iter().all(u8::is_ascii_digit) && !year || lettered || mixed)
}

/// A value handed over in a sentence with no password word (see [`check_secret_shaped`]), or a
/// quoted phrase of four or more plain words after `la phrase` / `the passphrase`.
pub(crate) fn check_secret_in_prose(c: &Ctx) -> Verdict {
    let v = c.secret();
    if v.contains(&b' ') {
        let whole = lower_latin1(&String::from_utf8_lossy(c.whole()));
        let text = String::from_utf8_lossy(v);
        let words: Vec<&str> = text.split_whitespace().collect();
        // Plain words, a number among them allowed (`moulin rouge lune bleue 1974`).
        let word = |w: &&str| w.chars().all(|ch| ch.is_alphabetic() || matches!(ch, '\'' | '-' | '\u{2019}'));
        let plain = words.iter().all(|w| word(w) || w.chars().all(|ch| ch.is_ascii_digit()))
            && words.iter().filter(|w| word(w)).count() >= 3;
        return real_if(whole.contains("phrase") && (4..=12).contains(&words.len()) && plain && !is_placeholder(v));
    }
    check_secret_shaped(c)
}

/// Words that start a description of the passphrase rather than the passphrase itself
/// (`is used to derive`, `is not stored`, `était trop courte`).
const NOT_A_PHRASE: &[&str] = &[
    "not",
    "never",
    "used",
    "also",
    "still",
    "only",
    "required",
    "optional",
    "empty",
    "missing",
    "weak",
    "strong",
    "the same",
    "shared",
    "stored",
    "set",
    "too",
    "very",
    "now",
    "then",
    "written",
    "printed",
    "in",
    "on",
    "at",
    "of",
    "for",
    "by",
    "to",
    "from",
    "available",
    "unknown",
    "known",
    "blank",
    "correct",
    "wrong",
    "invalid",
    "valid",
    "different",
    "identical",
    "pas",
    "jamais",
    "toujours",
    "aussi",
    "vide",
    "trop",
    "la m\u{ea}me",
    "le m\u{ea}me",
    "dans",
    "sur",
    "stock\u{e9}e",
    "utilis\u{e9}e",
    "chang\u{e9}e",
    "inconnue",
    "correcte",
    "requise",
    "facultative",
    "a",
    "an",
    "une",
    "un",
];

/// A passphrase of plain words after `was`/`is`: not a description of it (see
/// [`NOT_A_PHRASE`]; no first word ending in `-ed`/`-ing`), not a placeholder.
pub(crate) fn check_spaced_passphrase(c: &Ctx) -> Verdict {
    let v = lower_latin1(&String::from_utf8_lossy(c.secret()));
    // Spaced words, or one token of words joined by hyphens (`seven-ravens-over-dover`).
    let words: Vec<&str> = if v.contains(char::is_whitespace) {
        v.split_whitespace().collect()
    } else {
        v.split('-').filter(|w| !w.is_empty()).collect()
    };
    let first = words.first().copied().unwrap_or("");
    let two = words.iter().take(2).copied().collect::<Vec<_>>().join(" ");
    let described = NOT_A_PHRASE.contains(&first)
        || NOT_A_PHRASE.contains(&two.as_str())
        || first.ends_with("ed")
        || first.ends_with("ing")
        || first.ends_with("ly");
    real_if(words.len() >= 4 && !described && !is_placeholder(c.secret()))
}

/// Stems that name a condition or its treatment, in English and French: a care word alone
/// (`suivi pour`, `treated for`) says nothing about health until what follows is one of these.
const MEDICAL: &[&str] = &[
    "therap",
    "th\u{e9}rap",
    "pathi",
    "pathy",
    "\u{e9}mie",
    "aemia",
    "cancer",
    "diab\u{e8}te",
    "diabet",
    "d\u{e9}pressi",
    "depressi",
    "\u{e9}pilep",
    "epilep",
    "hernie",
    "hernia",
    "scl\u{e9}rose",
    "sclerosis",
    "asthm",
    "tumeur",
    "tumor",
    "tumour",
    "infection",
    "fracture",
    "burn-out",
    "burnout",
    "leuc\u{e9}mie",
    "leukaemia",
    "leukemia",
    "lymphom",
    "carcinom",
    "sarcom",
    "m\u{e9}lanom",
    "melanom",
    "alzheimer",
    "parkinson",
    "schizo",
    "bipolai",
    "bipolar",
    "anorex",
    "boulimi",
    "bulimi",
    "addict",
    "alcoolis",
    "alcoholis",
    "chimio",
    "chemo",
    "radioth\u{e9}r",
    "radiother",
    "dialys",
    "grossesse",
    "pregnan",
    "h\u{e9}patite",
    "hepatitis",
    "arthrit",
    "arthros",
    "cardiaque",
    "cardiac",
    "syndrome",
    "disorder",
    "disease",
    "maladie",
    "lombalgie",
    "sciatique",
    "sciatica",
    "migraine",
    "pneumon",
    "bronchit",
    "insuline",
    "insulin",
    "autism",
    "autisme",
    "psychiatr",
    "psychos",
    "cirrho",
    "ulc\u{e8}re",
    "ulcer",
    "ostéo",
    "canc\u{e9}r",
    // Surgery: `-ectomy` / `-ectomie` (mastectomy, appendicectomie), `post-operative`.
    "ectom",
    "post-op",
    "postop",
    "chirurgi",
    "surgery",
    // Conditions, injuries and care a report quotes about a person, beyond the classics above.
    "allerg",
    "hypertens",
    "infarct",
    "heart attack",
    "crise cardiaque",
    "ob\u{e9}sit",
    "obesity",
    "dyslex",
    "handicap",
    "disabilit",
    "invalidit",
    "paralys",
    "surdit\u{e9}",
    "endom\u{e9}trio",
    "endometrio",
    "lupus",
    "crohn",
    "coeliac",
    "celiac",
    "c\u{e9}liaqu",
    "thyro",
    "glaucom",
    "cataract",
    "insuffisance r\u{e9}nale",
    "renal failure",
    "kidney failure",
    "h\u{e9}mophil",
    "haemophil",
    "hemophil",
    "dr\u{e9}panocyt",
    "sickle cell",
    "mucoviscidose",
    "cystic fibrosis",
    "tubercul",
    "m\u{e9}ning",
    "mening",
    "commotion c\u{e9}r\u{e9}brale",
    "concussion",
    "entorse",
    "sprain",
    "tendinit",
    "tendonit",
    "canal carpien",
    "carpal tunnel",
    "post-traumati",
    "post-traumatique",
    "d\u{e9}mence",
    "dementia",
    "suicid",
    "self-harm",
    "automutilation",
    "fausse couche",
    "miscarriage",
    "antid\u{e9}press",
    "antidepress",
    "anxiolyt",
    "anxiety",
    "anxi\u{e9}t\u{e9}",
    "opioid",
    "opio\u{ef}d",
    "m\u{e9}thadone",
    "methadone",
    "anticoagul",
    "antir\u{e9}trovir",
    "antiretrovir",
    "metformin",
    "levothyr",
    "cortico",
    "st\u{e9}rile",
    "infertil",
    "fertility treatment",
    "fivette",
    "accident du travail",
    "workplace injury",
    "long covid",
    "covid long",
    "hospitali",
    "psycholog",
    "mental health",
    "sant\u{e9} mentale",
    "chronic",
    "chronique",
    "s\u{e9}ropositi",
    "seropositi",
    "grossesse",
    "enceinte",
    "pregnant",
];

/// Short stems that are a condition only as a whole word (`hiv`, not `archive`; `stroke`, not
/// `keystroke`) or at a word's start (`anxi…`, `ostéo…`).
const MEDICAL_WORD_START: &[&str] = &[
    "aids",
    "ost\u{e9}o",
    "covid",
    "stroke",
    "avc ",
    "avc,",
    "hiv ",
    "hiv,",
    "vih ",
    "vih,",
    "ptsd",
    "tspt",
    "adhd",
    "tdah",
    "sida ",
    "sida,",
];

fn medical_words(v: &str) -> bool {
    let v = lower_latin1(v);
    let word_start =
        |m: &str| v.match_indices(m).any(|(i, _)| v[..i].chars().next_back().is_none_or(|ch| !ch.is_alphanumeric()));
    MEDICAL.iter().any(|m| v.contains(m)) || MEDICAL_WORD_START.iter().any(|m| word_start(m))
}

/// A chat message that is only a value, answering a question about a credential: made up
/// (three classes with a digit), so that `ask-the-ops-channel` or a host name is not.
pub(crate) fn check_chat_answer(c: &Ctx) -> Verdict {
    let v = c.secret();
    real_if(
        v.iter().any(u8::is_ascii_digit)
            && check_secret_shaped(c) == Real
            && (!v.contains(&b'.') || v.iter().any(u8::is_ascii_uppercase))
            || looks_random(v, 3.5),
    )
}

/// A value in the cell beside a cell naming a credential: plausible as a password, not a
/// placeholder nor a phrase (`no value`).
pub(crate) fn check_cell_secret(c: &Ctx) -> Verdict {
    let v = c.secret();
    real_if(value_fits(PasswordAssignment, v) && v.len() >= 6 && (secret_shaped(v) || looks_random(v, 3.0)))
}

/// A condition after a care word or before a sick-leave line: it must name a condition or a
/// treatment (`une épilepsie`, `hernie discale L4-L5`), not a release or a maintenance window.
pub(crate) fn check_condition(c: &Ctx) -> Verdict {
    let v = String::from_utf8_lossy(c.secret());
    real_if(v.chars().filter(|ch| ch.is_alphabetic()).count() >= 5 && medical_words(&v) && !is_placeholder(c.secret()))
}

/// An amount on a payslip or tax notice line: three digits or more, not a placeholder.
pub(crate) fn check_amount(c: &Ctx) -> Verdict {
    let v = c.secret();
    let digits = v.iter().filter(|b| b.is_ascii_digit()).count();
    real_if(digits >= 3 && v.iter().any(|b| (b'1'..=b'9').contains(b)) && check_shape(c) == Real)
}

/// A street in an address object's `line` array: plausible as an address line (a number and a
/// name), not the reporter's own nor a published one.
pub(crate) fn check_named_line(c: &Ctx) -> Verdict {
    let v = c.secret();
    let digit = v.iter().any(u8::is_ascii_digit);
    let letters = v.iter().filter(|b| b.is_ascii_alphabetic()).count();
    real_if(digit && letters >= 4 && !is_placeholder(v) && !v.contains(&b'@') && !own_or_published(c))
}

/// A document number after its word: eight or more capitals and digits with at least one digit,
/// not a year or a date.
pub(crate) fn check_document_number(c: &Ctx) -> Verdict {
    let v = c.secret();
    if specimen_nearby(c) {
        return Example;
    }
    // Labelled as the document's number (`N° du document :`), letters alone are a number too (the
    // French identity card's nine characters may hold no digit).
    let labelled =
        c.whole().to_ascii_lowercase().windows(8).any(|w| w == b"document" || w == b"passport" || w == b"passepor");
    real_if(
        v.iter().any(u8::is_ascii_digit) && !v.iter().all(u8::is_ascii_digit)
            || v.len() >= 9 && v.iter().all(u8::is_ascii_digit)
            || labelled && (8..=12).contains(&v.len()),
    )
}

/// A travel reference after its word, shaped for that word: a seat `21D`, a flight `LH377`, a
/// ticket of 13 digits, a booking reference (PNR) of six capitals and digits.
pub(crate) fn check_travel_reference(c: &Ctx) -> Verdict {
    let word = lower_latin1(&String::from_utf8_lossy(c.whole()));
    let v = c.secret();
    let digits = v.iter().filter(|b| b.is_ascii_digit()).count();
    let ok = if word.starts_with("seat") || word.starts_with("si\u{e8}ge") {
        (2..=3).contains(&v.len())
            && v[..v.len() - 1].iter().all(u8::is_ascii_digit)
            && v[v.len() - 1].is_ascii_uppercase()
    } else if word.starts_with("flight") || word.starts_with("vol") {
        // `TP667`, or `TP 667` as a boarding pass prints it.
        let f: Vec<u8> = v.iter().copied().filter(|&b| b != b' ').collect();
        (3..=7).contains(&f.len())
            && f[..2].iter().all(u8::is_ascii_alphanumeric)
            && f[2..].iter().all(u8::is_ascii_digit)
            && f[..2].iter().any(u8::is_ascii_uppercase)
    } else if word.contains("ticket")
        || word.contains("billet")
        || word.starts_with("etkt")
        || word.starts_with("e-tkt")
    {
        // 13 digits, or the airline's 3 digits, a hyphen and 10 digits (`220-6975141489`), or
        // grouped `057 2391 884 512`.
        v.len() == 13 && digits == 13
            || v.len() == 14 && digits == 13 && matches!(v[3], b'-' | b' ')
            || v.len() == 16 && digits == 13 && v.iter().all(|&b| b.is_ascii_digit() || b == b' ')
            || v.len() == 6 && digits < 6 && !v.contains(&b' ')
    } else {
        // dossier, pnr, booking ref, record locator: six characters, not all digits.
        v.len() == 6 && digits < 6 && v.iter().any(u8::is_ascii_uppercase)
    };
    // On a line written all in capitals (a till receipt, `TICKET CLIENT — A CONSERVER`), a value
    // of letters only is a word of it, not a code.
    let line_start = c.hay[..c.m.start].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line_end = c.hay[c.m.end..].iter().position(|&b| b == b'\n').map_or(c.hay.len(), |i| c.m.end + i);
    // A boarding pass is all capitals too: there, other travel words stand around the value.
    let shouting = !c.hay[line_start..line_end].iter().any(u8::is_ascii_lowercase);
    let around =
        lower_latin1(&String::from_utf8_lossy(&c.hay[c.m.start.saturating_sub(300)..(c.m.end + 300).min(c.hay.len())]));
    const TRAVEL_WORDS: &[&str] = &[
        "flight",
        "vol ",
        "seat",
        "boarding",
        "pnr",
        "etkt",
        "gate",
        "embarquement",
        "itinerary",
        "passenger",
        "passager",
    ];
    let word_of_line = shouting && v.iter().all(u8::is_ascii_alphabetic) && !contains_any(&around, TRAVEL_WORDS);
    real_if(ok && !word_of_line)
}

/// The code or the display text of an ICD-10 / SNOMED coding.
pub(crate) fn check_coded_diagnosis(c: &Ctx) -> Verdict {
    let v = c.secret();
    // A SNOMED CT concept id is 6 to 18 digits; the coding's system said SNOMED.
    let snomed = (6..=18).contains(&v.len()) && v.iter().all(u8::is_ascii_digit);
    real_if(value_fits(HealthData, v) || snomed)
}

/// A condition said of someone in a sentence: words (six letters or more), not a tool or an
/// article starting another clause (`the bug was diagnosed with gdb`, `… with the help of`).
pub(crate) fn check_prose_health(c: &Ctx) -> Verdict {
    let v = lower_latin1(&String::from_utf8_lossy(c.secret()));
    let first = v.split_whitespace().next().unwrap_or("");
    let letters = v.chars().filter(|c| c.is_alphabetic()).count();
    let not_a_condition =
        ["the", "a", "an", "our", "this", "that", "its", "le", "la", "les", "un", "une", "ce", "cette"];
    // After an article, what follows must name a condition (`pour une hernie discale`, `with a
    // stroke`): `diagnosed with the help of strace` is not one.
    let condition = !not_a_condition.contains(&first) || medical_words(&v);
    real_if(letters >= 6 && condition && value_fits(HealthData, c.secret()))
}

/// Words that make the lines around a medical term a person's record: an honorific, a role
/// that a person holds in a record, a name or birth field.
const PERSON_NEAR: &[&str] = &[
    "passager",
    "passenger",
    "voyageur",
    "m. ",
    "mme ",
    "mlle ",
    "mr ",
    "mr. ",
    "mrs ",
    "mrs. ",
    "ms ",
    "ms. ",
    "patient",
    "employee",
    "employ\u{e9}",
    "salari\u{e9}",
    "agent ",
    "customer",
    "client",
    "caller",
    "b\u{e9}n\u{e9}ficiaire",
    "beneficiaire",
    "name\"",
    "name:",
    "name =",
    "nom :",
    "nom\u{a0}:",
    "<nom",
    "pr\u{e9}nom",
    "prenom",
    "born",
    "n\u{e9} le",
    "n\u{e9}e le",
    "birth",
    "naissance",
    "dob",
    "person",
    "personne",
    "his ",
    "her ",
    "she ",
    " he ",
    " il ",
    " elle ",
    "son ",
    " sa ",
    "ses ",
    "salarie",
    "matricule",
    "employe",
    "utilisat",
    "user ",
    "collaborat",
    "agent",
    "assur\u{e9}",
    "s\u{e9}curit\u{e9} sociale",
    "securite sociale",
    "social security",
    "ssn",
    "mutuelle",
    "email\"",
    "courriel",
    "\"tel\"",
];

/// Terms that are about a person by themselves: a sick leave, a maternity leave, a work-fitness
/// finding.
const PERSONAL_BY_ITSELF: &[&str] = &[
    "sick leave",
    "arr\u{ea}t maladie",
    "arr\u{ea}t de travail",
    "cong\u{e9} maternit\u{e9}",
    "maternity leave",
    "cong\u{e9} maladie",
    "inapte",
    "mi-temps th\u{e9}rapeutique",
    "hospitalis",
];

/// Words of a description of a schema or a feature, not of a person.
const SCHEMA_WORDS: &[&str] =
    &["column", "colonne", "field", "champ", "e.g.", "par exemple", "such as", "tel que", "...", "\u{2026}", "etc"];

/// A medical term in a record or a sentence about a person, not in a description of a schema
/// or a feature (`a diagnosis column (diabetes, asthma, …)`).
pub(crate) fn check_medical_about_person(c: &Ctx) -> Verdict {
    let near =
        lower_latin1(&String::from_utf8_lossy(&c.hay[c.s.start.saturating_sub(300)..(c.s.end + 200).min(c.hay.len())]));
    let v = lower_latin1(&String::from_utf8_lossy(c.secret()));
    // The sentence of the match, within its line.
    let line = c.line();
    let at = c.m.start - (line.as_ptr() as usize - c.hay.as_ptr() as usize);
    let from =
        line[..at].windows(2).rposition(|w| matches!(w[0], b'.' | b'!' | b'?') && w[1] == b' ').map_or(0, |i| i + 2);
    let to = line[at..]
        .windows(2)
        .position(|w| matches!(w[0], b'.' | b'!' | b'?') && w[1] == b' ')
        .map_or(line.len(), |i| at + i);
    let sentence = lower_latin1(&String::from_utf8_lossy(&line[from..to]));
    real_if(
        (contains_any(&near, PERSON_NEAR) || contains_any(&near, PERSONAL_BY_ITSELF))
            && !contains_any(&sentence, SCHEMA_WORDS)
            && !is_placeholder(c.secret())
            && v.chars().filter(|ch| ch.is_alphabetic()).count() >= 5,
    )
}

/// A street address found by its shape: not the reporter's own (signature block, next to their
/// address) nor a company's published one (head office, registered office).
pub(crate) fn check_street_address(c: &Ctx) -> Verdict {
    real_if(!own_or_published(c) && check_shape(c) == Real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_what_values_are() {
        assert_eq!(named_category("date_naissance"), Some(DateOfBirth));
        assert_eq!(named_category("passportNo"), Some(IdentityDocument));
        assert_eq!(named_category("Adresse"), Some(PostalAddress));
        assert_eq!(named_category("ip_address"), None);
        assert_eq!(named_category("adresse IP"), None);
        assert_eq!(named_category("diagnostic"), Some(HealthData));
        assert_eq!(named_category("salaire_brut"), Some(EmploymentData));
        assert_eq!(named_category("numéro fiscal"), Some(TaxRecord));
        assert_eq!(named_category("PNR"), Some(TravelRecord));
        assert_eq!(named_category("setting"), None);
        assert_eq!(named_category("timeout"), None);
        // An organisation's fields: a company's address, switchboard or seat is no person's.
        assert_eq!(named_category("adresse_siege"), None);
        assert_eq!(named_category("company_address"), None);
        assert_eq!(named_category("téléphone fournisseur"), None);
        assert_eq!(named_category("siège"), Some(TravelRecord));
    }

    #[test]
    fn secret_shapes() {
        assert!(secret_shaped(b"Autumn!7x"));
        assert!(secret_shaped(b"meadow-ember-tundra-lantern"));
        assert!(!secret_shaped(b"app_rw"));
        assert!(!secret_shaped(b"2024-01-15"));
        assert!(!secret_shaped(b"jsmith"));
    }

    #[test]
    fn values_must_fit_the_name() {
        assert!(value_fits(IdentityDocument, b"44KR57242"));
        assert!(!value_fits(IdentityDocument, b"[REDACTED]"));
        assert!(value_fits(PostalAddress, b"12 rue des Lilas, 75011 Paris"));
        assert!(!value_fits(PostalAddress, b"0.0.0.0"));
        assert!(!value_fits(HealthData, b"null"));
        assert!(!value_fits(EmploymentData, b"voir grille."));
        assert!(!value_fits(HealthData, b"see attached"));
    }
}
