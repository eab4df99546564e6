//! Rules for personal and financial data recognised by their shape: card numbers, IBANs,
//! national ids with their check digits, dates of birth. Judged by `validators/personal.rs`.

use super::Trigger::{Digits, Prefixes, Words};
use super::{Rule, NONE};
use crate::scan::validators as v;
use crate::scan::Category::*;

/// This family's rules, in the order `RULES` numbers them.
pub(super) const RULES: &[Rule] = &[
    // --- personal and financial data ------------------------------------------------------------
    Rule {
        id: "payment-card",
        category: PaymentCard,
        rank: 2,
        trigger: Digits,
        before: 0,
        after: 0,
        pattern: r"(?-u)\b(?:\d[ -]?){11,18}\d\b",
        check: v::check_card,
        examples: NONE,
        #[cfg(test)]
        should_match: &["PAN=6241253277247269", "date,ref,pan,amount\n2025-03-02,88213,5524331117428701,738.31,EUR"],
        #[cfg(test)]
        should_not_match: &["order 4539 1488 0343 6468", "ISBN 978-3-16-148410-0"],
    },
    Rule {
        id: "iban",
        category: Iban,
        rank: 2,
        trigger: Digits,
        before: 0,
        after: 0,
        pattern: r"(?-u)\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?)\b",
        check: v::check_iban,
        examples: NONE,
        #[cfg(test)]
        should_match: &["IBAN=LU06795374162040974C"],
        #[cfg(test)]
        should_not_match: &["FR76 3000 6000 0112 3456 7890 188", "GB00 WEST 1234 5698 7654 32"],
    },
    Rule {
        // An IBAN whose account part is mostly letters (`LU44 934F UL0F 3SJ8 0QIH`) has too few
        // digits in a row to open a digit window: after the word IBAN (or RIB) it is looked for
        // anyway, with the same check digits.
        id: "iban-keyword",
        category: Iban,
        rank: 2,
        trigger: Words(&["iban", "rib"]),
        before: 0,
        after: 120,
        pattern: r"(?-u)\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?)\b",
        check: v::check_iban,
        examples: NONE,
        #[cfg(test)]
        should_match: &["IBAN communiqué par le client : LU44 934F UL0F 3SJ8 0QIH"],
        #[cfg(test)]
        should_not_match: &["IBAN : LU45 934F UL0F 3SJ8 0QIH", "IBAN: GB00 WEST 1234 5698 7654 32"],
    },
    Rule {
        id: "us-ssn",
        category: NationalId,
        rank: 2,
        trigger: Digits,
        before: 0,
        after: 0,
        pattern: r"(?-u)\b(\d{3}[- ]\d{2}[- ]\d{4})\b",
        check: v::check_ssn,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#"    "ssn": "008-48-9760","#],
        #[cfg(test)]
        should_not_match: &["SSN 000-12-3456", "SSN 666-12-3456", "version 123-45-6789-beta.1"],
    },
    Rule {
        id: "us-ssn-keyword",
        category: NationalId,
        rank: 2,
        trigger: Words(&["ssn", "social security"]),
        before: 0,
        after: 80,
        pattern: r"(?i-u)\b(?:ssn|social security(?: number| no\.?)?)[ \t:#=]*(?:is[ \t]+)?(\d{9}|\d{3}[- ]\d{2}[- ]\d{4})\b",
        check: v::check_ssn,
        examples: NONE,
        #[cfg(test)]
        should_match: &["SSN=636-17-3618"],
        #[cfg(test)]
        should_not_match: &["SSN: 900-12-3456"],
    },
    Rule {
        id: "fr-nir",
        category: NationalId,
        rank: 2,
        trigger: Digits,
        before: 0,
        after: 0,
        pattern: r"(?i-u)\b([12378] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2})\b",
        check: v::check_nir,
        examples: NONE,
        #[cfg(test)]
        should_match: &["nir = 1 67 07 13 049 444 43"],
        #[cfg(test)]
        should_not_match: &["NIR 1 85 05 78 006 084 99"],
    },
    Rule {
        id: "uk-nino",
        category: NationalId,
        rank: 2,
        trigger: Digits,
        before: 0,
        after: 0,
        pattern: r"(?-u)\b([A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D])\b",
        check: v::check_nino,
        examples: NONE,
        #[cfg(test)]
        should_match: &["  nino: AS398668B"],
        #[cfg(test)]
        should_not_match: &["NINO: DQ 12 34 56 C"],
    },
    Rule {
        id: "es-dni-nie",
        category: NationalId,
        rank: 2,
        trigger: Digits,
        before: 0,
        after: 0,
        pattern: r"(?-u)\b(\d{8}-?[A-Z]|[XYZ]-?\d{7}-?[A-Z])\b",
        check: v::check_dni,
        examples: NONE,
        #[cfg(test)]
        should_match: &["DNI=25160345-R", "E-1002,ES,25160345R,12/05/1973"],
        #[cfg(test)]
        should_not_match: &["DNI 12345678A"],
    },
    Rule {
        id: "it-codice-fiscale",
        category: NationalId,
        rank: 2,
        trigger: Digits,
        before: 0,
        after: 0,
        pattern: r"(?-u)\b([A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z])\b",
        check: v::check_cf,
        examples: NONE,
        #[cfg(test)]
        should_match: &["codice_fiscale = FVSTMA58A67G455F"],
        #[cfg(test)]
        should_not_match: &["codice fiscale RSSMRA85T10A562X"],
    },
    Rule {
        id: "de-steuer-id",
        category: NationalId,
        rank: 2,
        trigger: Digits,
        before: 0,
        after: 0,
        pattern: r"(?-u)\b([1-9]\d(?: ?\d{3}){3})\b",
        check: v::check_steuer,
        examples: NONE,
        #[cfg(test)]
        should_match: &["STEUER_ID=96185434705", "E-1001,DE,86 095 742 719,01.12.1994"],
        #[cfg(test)]
        should_not_match: &["Steuer-IdNr. 12345678901"],
    },
    Rule {
        id: "date-of-birth",
        category: DateOfBirth,
        rank: 2,
        trigger: Words(&[
            "birth",
            "dob",
            "d.o.b",
            "born",
            "naissance",
            "date de naiss",
            "n\u{e9} le",
            "n\u{e9}e le",
            "n\u{e9}(e) le",
            "n\u{e9} en",
            "geburt",
            "geboren",
            "nacimiento",
            "nascita",
            "ne_le",
            "nee_le",
            "\"ne\"",
            "\"n\u{e9}\"",
            "\"nee\"",
            "\"n\u{e9}e\"",
            "n\u{e9}(e)",
        ]),
        before: 12,
        after: 100,
        pattern: r#"(?i-u)(?:\b|_)(?:date[ _-]?of[ _-]?birth|birth[ _-]?date|birthday|born(?: on)?|dob|d\.o\.b\.?|date de naissance|date de naiss\.?|n\xC3\xA9(?:e|\(e\))? le|n\xC3\xA9\(e\)|n(?:e|\xC3\xA9)e?"|n\xC3\xA9e? en|nee?_le|date_?naissance|naissance|geburtsdatum|geboren(?: am)?|fecha de nacimiento|data di nascita|nascita|nacimiento)(?:/date of birth)?(?:[ \t]+(?:for|pour)[ \t]+[a-z\x80-\xFF]{3,16})?(?:[ \t]*\r?\n)?[ \t]*["']?[ \t]*(?:=>|[:=\-])?[ \t]*(?:(?:is|was|est|est le|le|du|the|on)[ \t]+)?(?:ISODate\(|new Date\(|date\(|\()?\\?["']?[ \t]*(\d{4}-\d{2}-\d{2}|time\.Date\((?:19|20)\d{2},[ \t]*time\.[A-Z][a-z]+,[ \t]*\d{1,2}|[0-9O]\d?[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{1,2}-[A-Za-z]{3}-(?:19|20)\d{2}|\d{2} \d{2} (?:19|20)\d{2}|\d{1,2}(?:st|nd|rd|th|er)? [A-Za-z\x80-\xFF]{3,12}\.? \d{4}|[A-Za-z]{3,9}\.? \d{1,2},? \d{4})"#,
        check: v::check_dob,
        examples: NONE,
        #[cfg(test)]
        should_match: &["FullName:\"D. O.\", DOB:time.Date(1984, time.August, 4, 0, 0, 0, 0, time.UTC)", "the patient is Brigitte Halvorsen, born\n14 March 1962, referred for", r#"{"patient":{"nom":"Y. M.","ne":"1950-04-13"}}"#, "BIRTHDATE=25.12.1946", "My date of birth is 7 July 1956 if you need it.", r#"{"nom": "Lefèvre", "dateNaissance": "1944-10-03"}"#, "['nom' => 'J. Roy', 'naissance' => '1961-02-19']", "Date de naiss. : 19 02 1961", "ma date de naissance le 14 juillet 1983.", "My DOB for verification is 2 March 1992.", r#"mutation { updateBeneficiaire(id: 7781, naissance: \"1962-12-06\") { ok } }"#, r#"{ nom: "Test", ne_le: "1969-04-24" }"#, "App1icant: Fergus McAllister  D.O.B. O4/11/1984", "DOB 09-Jan-1958", "rdv cr\u{e9}\u{e9} patient=\"S. M.\" n\u{e9}(e)=1958-11-04 motif=\"suivi\""],
        #[cfg(test)]
        should_not_match: &["published on 1999-08-25", "date of birth: unknown"],
    },
    Rule {
        // HL7 v2: the 7th field of a PID segment is the patient's date of birth (YYYYMMDD[HHMM]).
        id: "hl7-pid-birth-date",
        category: DateOfBirth,
        rank: 2,
        trigger: Prefixes(&["PID|"]),
        before: 0,
        after: 1024,
        pattern: r#"(?-u)\bPID\|(?:[^|\r\n]*\|){6}((?:19|20)\d{6})(?:\d{2,6})?[|^\r\n]"#,
        check: v::check_compact_date,
        examples: NONE,
        #[cfg(test)]
        should_match: &["PID|1||6336308^^^HOSP^MR||TANAKA^GRACE||19791228|F|||12 rue des Lilas^^Lyon^^69003^FR||06 17 02 72 65|||||297076716992664"],
        #[cfg(test)]
        should_not_match: &["PID|1||12345^^^HOSP||DOE^JANE||||F"],
    },
    Rule {
        // A date in the column named like a birth date of a table dump or CSV: the keyword is
        // only in the header (`INSERT INTO users (name, date_of_birth) VALUES ('Ann', '1985-03-02')`).
        id: "date-of-birth-column",
        category: DateOfBirth,
        rank: 2,
        // Header names: see `validators::BIRTH_COLUMNS`. Fields end at `,` `;` tab or `|` (Markdown).
        trigger: Words(&[
            "date_of_birth",
            "birth_date",
            "birthdate",
            "dateofbirth",
            "date of birth",
            "dob",
            "naissance",
            "geburtsdatum",
            "nacimiento",
            "nascita",
        ]),
        before: 0,
        after: 8192,
        pattern: r#"(?m-u)(?:^|[,(\t;|])[ \t]*['"]?(\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{4}|\d{1,2} [A-Za-z\x80-\xFF]{3,12}\.? \d{4}|[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})['"]?[ \t]*(?:$|[,);\t\r\n|])"#,
        check: v::check_dob_column,
        examples: NONE,
        #[cfg(test)]
        should_match: &["id,name,date_of_birth\n1,Ann Lee,1985-03-02"],
        #[cfg(test)]
        should_not_match: &["id,created_at\n1,2024-05-03"],
    },
];
