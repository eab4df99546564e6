//! What a field name says its value is: the lexicons (identity documents, addresses, health,
//! employment, tax, travel, credentials, phones, births, and an organisation's own fields), the
//! folding of a name for them, and whether a value is plausible for the kind its name gives.
//! Used by the named rules' validators (`validators/named.rs`) and by the structure pass
//! (`scan/structure.rs`: CSV/TSV columns, JSON and YAML keys, two-column tables).
//!
//! Mostly data: the lexicons are word lists, one entry a line.

use super::*;

/// One entry of a lexicon: a stem found anywhere in the folded name (`diagnos` in
/// `diagnosis_code`), or, with a leading `=`, a whole token of it (`=tin` in `tin`, `tax_tin`,
/// never in `setting`).
type Lexicon = &'static [&'static str];

const IDENTITY: Lexicon = &[
    "passport",
    "passeport",
    "pasaporte",
    "reisepass",
    "id_card",
    "idcard",
    "carte_d_identite",
    "carte_identite",
    "=cni",
    "document_number",
    "document_no",
    "doc_number",
    "num_document",
    "numero_de_document",
    "titre_de_sejour",
    "titre_sejour",
    "residence_permit",
    "permis_de_conduire",
    "driving_licen",
    "driver_licen",
    "drivers_licen",
    "licence_number",
    "license_number",
    "=mrz",
    // A Spanish DNI's support number (`num_soporte`), printed on the card.
    "soporte",
];
const ADDRESS: Lexicon = &[
    "address",
    "adresse",
    "=addr",
    "street",
    "=rue",
    "domicile",
    "home_addr",
    "postal_addr",
    "adresse_postale",
    "shipping_addr",
    "delivery_addr",
    "billing_addr",
    "livraison",
    "=line1",
    "address_line",
    // The same name in the other languages a report quotes (Italian, Spanish, German).
    "indirizzo",
    "direccion",
    "domicilio",
    "anschrift",
];
/// Names with an address word that are not a person's address (`ip_address`, `adresse IP`).
const NOT_ADDRESS: Lexicon = &[
    "=ip",
    "ipv4",
    "ipv6",
    "=mac",
    "mail",
    "=bind",
    "listen",
    "remote",
    "server",
    "=host",
    "url",
    "=web",
    "wallet",
    "=proxy",
    "=smtp",
    "=dns",
    "gateway",
    "=peer",
    "=local",
    "=public",
    "=private",
    "=network",
    "=subnet",
    "=vip",
    "=endpoint",
    "=contract",
];
const HEALTH: Lexicon = &[
    "=consultation",
    "=meds",
    "=injuries",
    "=injury",
    "=blessures",
    "=blessure",
    "discharge_diagnosis",
    "motif_de_consultation",
    "diagnos",
    "pathologi",
    "maladie",
    "illness",
    "disease",
    "medical",
    "medicale",
    "=icd",
    "icd10",
    "icd_10",
    "cim10",
    "cim_10",
    "allerg",
    "traitement",
    "treatment",
    "prescription",
    "ordonnance",
    "medication",
    "medicament",
    "posologie",
    "medication",
    "medicament",
    "=sante",
    "health",
    "=hiv",
    "=vih",
    "serolog",
    "grossesse",
    "pregnan",
    "handicap",
    "disabilit",
    "sick_leave",
    "arret_de_travail",
    "arret_maladie",
    "motif_arret",
    "motif_medical",
    "symptom",
    "antecedent",
    "molecule",
    "posologie",
    "dosage",
];
const EMPLOYMENT: Lexicon = &[
    "=gross",
    "annual_salary",
    "salary",
    "salaire",
    "remuneration",
    "=brut",
    "gross_pay",
    "gross_salary",
    "=net_pay",
    "net_a_payer",
    "salaire_de_base",
    "base_pay",
    "=wage",
    "=wages",
    "=bonus",
    "=prime",
    "prime_annuelle",
    "income",
    "=rating",
    "performance",
    "disciplin",
    "avertissement",
    "=sanction",
    "performance_rating",
    "performance_review",
    "appraisal",
    "evaluation_annuelle",
    "entretien_annuel",
    "=pip",
    "improvement_plan",
    "plan_d_amelioration",
    "licenciement",
    "dismissal",
    "termination_reason",
];
const TAX: Lexicon = &[
    "tax_id",
    "tax_number",
    "tax_no",
    "taxpayer",
    "=tin",
    "=utr",
    "=nif",
    "numero_fiscal",
    "num_fiscal",
    "identifiant_fiscal",
    "=spi",
    "revenu_fiscal",
    "=rfr",
    "impot",
    "income_tax",
    "tax_due",
    "taxable",
    "imposition",
    "reference_avis",
];
const TRAVEL: Lexicon = &[
    "=pnr",
    "booking_ref",
    "booking_reference",
    "booking_code",
    "record_locator",
    "confirmation_code",
    "reference_de_reservation",
    "ref_reservation",
    "dossier_voyage",
    "ticket_number",
    "ticket_no",
    "e_ticket",
    "eticket",
    "=billet",
    "numero_de_billet",
    "flight",
    "=vol",
    "=seat",
    "=siege",
    "boarding",
    "itinerary",
    "itineraire",
    "frequent_flyer",
    "=ffn",
];
const CREDENTIAL: Lexicon = &[
    "code_acces",
    "code_d_acces",
    "access_code",
    "password",
    "passwd",
    "mot_de_passe",
    "motdepasse",
    "=mdp",
    "=pwd",
    "=pass",
    "passphrase",
    "=psk",
    "=secret",
    "=pin",
    "=token",
    "app_key",
    // A passphrase's section key (`[Chiffrement]` / `Phrase=…`), ASP.NET's machine keys.
    "=phrase",
    "validation_key",
    "decryption_key",
];
const PHONE: Lexicon = &["=phone", "=tel", "telephone", "=mobile", "=portable", "=gsm", "phone_number", "=cell"];
const BIRTH: Lexicon = &[
    "=dob",
    "birth",
    "naissance",
    "=ddn",
    "date_naiss",
    "=nacimiento",
    "geburt",
    "=nascita",
    "ne_le",
    "ne_e_le",
    "nee_le",
    "=born",
    "=bday",
    "fecha_nac",
];

/// A name folded for the lexicons: lowercase ASCII, French accents dropped, every other
/// character an underscore (`Date de naissance` → `date_de_naissance`, `passportNo` →
/// `passport_no`).
pub(crate) fn fold_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut prev_lower = false;
    for ch in name.chars() {
        let c = match ch {
            'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' => 'e',
            'î' | 'ï' | 'Î' => 'i',
            'ô' | 'ö' | 'ó' | 'Ô' => 'o',
            'ù' | 'û' | 'ü' | 'Û' => 'u',
            'ç' | 'Ç' => 'c',
            c => c,
        };
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        let folded = if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' };
        // One `_` for a run of separators: `Né(e) le` → `ne_e_le`.
        if !(folded == '_' && out.ends_with('_')) {
            out.push(folded);
        }
    }
    out
}

/// The definition [`lexicon_mask`] computes all at once, one list at a time.
#[cfg(test)]
fn in_lexicon(folded: &str, lex: Lexicon) -> bool {
    contains_any(folded, lex)
        || lex.iter().filter_map(|w| w.strip_prefix('=')).any(|tok| {
            // `tok.contains('_')` first: the same answer without formatting a string for most words.
            folded.split('_').any(|t| t == tok) || tok.contains('_') && folded.contains(&format!("{tok}_"))
        })
}

/// The lexicons [`named_category`] reads, each one bit of [`lexicon_mask`]'s answer.
const LEXICONS: [Lexicon; 11] =
    [ORGANISATION, CREDENTIAL, BIRTH, IDENTITY, HEALTH, TAX, EMPLOYMENT, TRAVEL, ADDRESS, NOT_ADDRESS, PHONE];
const L_ORGANISATION: usize = 0;
const L_CREDENTIAL: usize = 1;
const L_BIRTH: usize = 2;
const L_IDENTITY: usize = 3;
const L_HEALTH: usize = 4;
const L_TAX: usize = 5;
const L_EMPLOYMENT: usize = 6;
const L_TRAVEL: usize = 7;
const L_ADDRESS: usize = 8;
const L_NOT_ADDRESS: usize = 9;
const L_PHONE: usize = 10;
const fn bit(lex: usize) -> u16 {
    1 << lex
}

/// Which of [`LEXICONS`] `folded` is in (bit `k` for `LEXICONS[k]`), as `in_lexicon` answers for
/// each list, from one pass of one automaton over the name and one look-up per token, instead of
/// a pass and a token split per list (a named value's name is checked against up to eleven lists
/// for up to six of its last words). A stem is found anywhere; `=tok` is a whole token (looked
/// up by token), or, holding an `_`, the text `tok_` (a substring, like a stem).
fn lexicon_mask(folded: &str) -> u16 {
    use aho_corasick::automaton::Automaton;
    use aho_corasick::dfa::DFA;
    struct Table {
        stems: Option<DFA>,
        stem_bits: Vec<u16>,
        /// Whole tokens, sorted, with their lists.
        tokens: Vec<(&'static str, u16)>,
    }
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    let t = TABLE.get_or_init(|| {
        let mut stems: Vec<(String, u16)> = Vec::new();
        let mut tokens: Vec<(&'static str, u16)> = Vec::new();
        for (k, lex) in LEXICONS.iter().enumerate() {
            for w in lex.iter() {
                match w.strip_prefix('=') {
                    Some(tok) if tok.contains('_') => stems.push((format!("{tok}_"), bit(k))),
                    Some(tok) => tokens.push((tok, bit(k))),
                    None => stems.push((w.to_string(), bit(k))),
                }
            }
        }
        // One pattern per distinct string, carrying every list it is in.
        stems.sort();
        stems.dedup_by(|b, a| {
            a.0 == b.0 && {
                a.1 |= b.1;
                true
            }
        });
        tokens.sort();
        tokens.dedup_by(|b, a| {
            a.0 == b.0 && {
                a.1 |= b.1;
                true
            }
        });
        Table {
            stems: DFA::new(stems.iter().map(|s| s.0.as_str())).ok(),
            stem_bits: stems.iter().map(|s| s.1).collect(),
            tokens,
        }
    });
    let mut mask = 0u16;
    match t.stems.as_ref().and_then(|d| d.try_find_overlapping_iter(aho_corasick::Input::new(folded)).ok()) {
        Some(hits) => {
            for m in hits {
                mask |= t.stem_bits[m.pattern().as_usize()];
            }
        }
        // Never reached with the word lists in this crate (small, plain strings).
        None => {
            for (k, lex) in LEXICONS.iter().enumerate() {
                if lex.iter().filter(|w| !w.starts_with('=')).any(|w| folded.contains(w))
                    || lex
                        .iter()
                        .filter_map(|w| w.strip_prefix('='))
                        .any(|tok| tok.contains('_') && folded.contains(&format!("{tok}_")))
                {
                    mask |= bit(k);
                }
            }
        }
    }
    for tok in folded.split('_') {
        if let Ok(i) = t.tokens.binary_search_by(|(w, _)| (*w).cmp(tok)) {
            mask |= t.tokens[i].1;
        }
    }
    mask
}

/// Names of an organisation's fields (a supplier directory, an invoice's letterhead): the
/// values under them are a company's, never a person's (`adresse_siege`, `raison_sociale`,
/// `company_address`, `vendor_phone`, `adresse_fournisseur`).
const ORGANISATION: Lexicon = &[
    "raison_sociale",
    "siege_social",
    "adresse_siege",
    "siege_adresse",
    "company",
    "societe",
    "entreprise",
    "fournisseur",
    "supplier",
    "vendor",
    "editeur",
    "employer",
    "employeur",
    "manufacturer",
    "fabricant",
    "=siret",
    "=siren",
];

/// What a value named `name` is, by its name alone.
pub(crate) fn named_category(name: &str) -> Option<Category> {
    let f = fold_name(name);
    if f.len() > 48 {
        return None;
    }
    let mask = lexicon_mask(&f);
    let has = |k: usize| mask & bit(k) != 0;
    if has(L_ORGANISATION) {
        return None;
    }
    // Most specific first: `date_of_birth` before anything, a tax or travel name before the
    // address words some of them contain.
    if has(L_CREDENTIAL) {
        Some(PasswordAssignment)
    } else if has(L_BIRTH) {
        Some(DateOfBirth)
    } else if has(L_IDENTITY) {
        Some(IdentityDocument)
    } else if has(L_HEALTH) {
        Some(HealthData)
    } else if has(L_TAX) {
        Some(TaxRecord)
    } else if has(L_EMPLOYMENT) {
        Some(EmploymentData)
    } else if has(L_TRAVEL) {
        Some(TravelRecord)
    } else if has(L_ADDRESS) && !has(L_NOT_ADDRESS) {
        Some(PostalAddress)
    } else if has(L_PHONE) {
        Some(PhoneNumber)
    } else {
        None
    }
}

/// Whether `value` is plausible as a value of `category` (the name already said what it is).
pub(crate) fn value_fits(category: Category, value: &[u8]) -> bool {
    let v = String::from_utf8_lossy(value);
    let v = v.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    if v.is_empty() || v.len() > 160 || is_placeholder(v.as_bytes()) || is_reference(v.as_bytes()) {
        return false;
    }
    let lower = lower_latin1(v);
    if matches!(
        lower.as_str(),
        "true" | "false" | "null" | "none" | "nil" | "n/a" | "na" | "-" | "yes" | "no" | "oui" | "non"
    ) || lower.contains("://")
        || lower.contains("redact")
        || lower.contains("masqu")
        || lower.contains("****")
        || lower.starts_with("${")
        || lower.starts_with("{{")
        || lower.starts_with('<') && lower.ends_with('>')
    {
        return false;
    }
    // A pointer elsewhere (`voir grille`, `see attached`, `cf. annexe`), not the value itself.
    if ["voir ", "see ", "cf. ", "cf ", "refer to ", "se reporter"].iter().any(|p| lower.starts_with(p)) {
        return false;
    }
    let has_digit = v.bytes().any(|b| b.is_ascii_digit());
    let letters = v.chars().filter(|c| c.is_alphabetic()).count();
    match category {
        IdentityDocument => {
            let compact: Vec<u8> = v.bytes().filter(|b| !matches!(b, b' ' | b'-')).collect();
            has_digit
                && (6..=20).contains(&compact.len())
                && compact.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'<')
        }
        PostalAddress => {
            let first = v.split_whitespace().next().unwrap_or("");
            let ip_like = first.matches('.').count() >= 2 && first.bytes().all(|b| b.is_ascii_digit() || b == b'.');
            // A server's signature in an HTML `<address>` (`Apache/2.4.62 (Debian) Server at …`):
            // a product and its version are no one's home.
            let b = v.as_bytes();
            let product_version =
                b.windows(3).any(|w| w[0].is_ascii_alphabetic() && w[1] == b'/' && w[2].is_ascii_digit());
            // A building or a locality with no number (`Résidence Les Acacias, bât. C`, `Lieu-dit
            // Kerhuel`) is an address too, in a column named for one.
            let numberless = letters >= 8
                && [
                    "r\u{e9}sidence",
                    "residence",
                    "lieu-dit",
                    "lieudit",
                    "hameau",
                    "b\u{e2}t",
                    "b\u{e2}timent",
                    "immeuble",
                    "domaine",
                ]
                .iter()
                .any(|w| lower.contains(w));
            (has_digit || numberless)
                && letters >= 4
                && v.len() >= 8
                && !v.contains('@')
                && !ip_like
                && !product_version
        }
        HealthData => {
            // Words, or an ICD-10 code (`C50.9`, `F32.2`, `G35`).
            let b = v.as_bytes();
            let icd = b.len() >= 3 && b[0].is_ascii_uppercase() && b[1..3].iter().all(u8::is_ascii_digit);
            // A regimen or a dose (`FEC 100`, `Eliquis 5 mg`) is a treatment too.
            letters >= 3 || icd
        }
        // A rating is a word or two (`Meets`, `Below expectations`).
        EmploymentData | TaxRecord => has_digit || letters >= 5,
        TravelRecord => v.len() >= 2 && v.bytes().any(|b| b.is_ascii_alphanumeric()),
        DateOfBirth => has_digit && v.len() >= 6,
        PasswordAssignment => v.len() >= 4 && !v.contains(' '),
        // A session id: long and random (`i7kos5ypfue7oy9ly2m3sahxen`, a UUID).
        SessionCookie => {
            v.len() >= 16
                && !v.contains(' ')
                && !["expired", "deleted", "invalid", "revoked", "logout"].iter().any(|w| lower.contains(w))
                && crate::scan::validators::looks_random(v.as_bytes(), 3.0)
        }
        PhoneNumber => {
            let d = v.bytes().filter(u8::is_ascii_digit).count();
            (8..=15).contains(&d) && v.bytes().all(|b| b.is_ascii_digit() || b" +-.()/".contains(&b))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every list's answer from the mask is `in_lexicon`'s, one list at a time.
    fn agrees(name: &str) -> Result<(), String> {
        let f = fold_name(name);
        let mask = lexicon_mask(&f);
        for (k, lex) in LEXICONS.iter().enumerate() {
            if (mask & bit(k) != 0) != in_lexicon(&f, lex) {
                return Err(format!("{name:?} ({f}): list {k}"));
            }
        }
        Ok(())
    }

    #[test]
    fn lexicon_mask_matches_each_list() {
        let words: Vec<&str> = LEXICONS.iter().flat_map(|l| l.iter()).map(|w| w.trim_start_matches('=')).collect();
        let mut names = vec![String::new(), "_".into(), "x".into(), "Date de naissance".into(), "passportNo".into()];
        for w in &words {
            for n in [
                w.to_string(),
                format!("{w}_x"),
                format!("x_{w}"),
                format!("x{w}"),
                format!("{w}x"),
                w.replace('_', " "),
            ] {
                names.push(n);
            }
            for v in words.iter().step_by(7) {
                names.push(format!("{w}_{v}"));
                names.push(format!("{w}{v}"));
            }
        }
        let bad: Vec<String> = names.iter().filter_map(|n| agrees(n).err()).collect();
        assert!(bad.is_empty(), "{} differ: {:?}", bad.len(), &bad[..bad.len().min(10)]);
    }

    proptest::proptest! {
        #[test]
        fn lexicon_mask_matches_each_list_on_pieces(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(
                        ["tin", "net_pay", "pay", "ip", "address", "pass", "word", "_", " ", "é", "Tel", "siege", "birth", "a", "x", "no"]
                            .map(String::from)
                            .to_vec()
                    ),
                    "[a-zA-Z_ ]{0,4}",
                ],
                0..8,
            )
        ) {
            let name = parts.concat();
            proptest::prop_assert_eq!(agrees(&name), Ok(()));
        }
    }
}
