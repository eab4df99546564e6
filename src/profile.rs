//! A PSIRT's disclosure policy as data: addresses, pinned key, commitments, routing.
//!
//! The Thales profile (`profiles/thales.json`) is the default; the demo profile
//! (`profiles/demo.json`, "DEMO — not Thales") pins a demo key whose secret half is in the
//! repository, for the demo page and tests. A deployer can load another vendor's profile from
//! JSON: it is validated against `schema/profile.schema.json` before use.

use crate::i18n::{Code, Lang, Params};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::OnceLock;

/// The profile schema as shipped.
pub const PROFILE_SCHEMA: &str = include_str!("../schema/profile.schema.json");
const THALES: &str = include_str!("../profiles/thales.json");
const DEMO: &str = include_str!("../profiles/demo.json");

/// Text in English and French.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub en: String,
    pub fr: String,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitments {
    pub no_exploitation: Localized,
    pub no_disclosure_without_consent: Localized,
    pub no_prohibited_attacks: Localized,
}

/// Where incidents on the vendor's own infrastructure go instead.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cert {
    pub name: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A PSIRT's policy. Field meanings are documented in `schema/profile.schema.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub profile_version: String,
    pub id: String,
    pub name: String,
    pub demo: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub psirt_email: String,
    /// Fingerprint of the PSIRT's primary key, hex, as written in the profile.
    pub pin: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Localized>,
    pub commitments: Commitments,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidentiality_notice: Option<Localized>,
    /// Which wording of the policy a reporter accepts: the profile's own `policy_version`, else
    /// (filled in when the profile is loaded) the digest of its commitments and confidentiality
    /// notice, see [`Profile::policy_digest`]. Read it with [`Profile::policy_version`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_version: Option<String>,
    /// Lower attachment limits than the core's own ([`crate::report::MAX_ATTACHMENTS`],
    /// [`crate::report::MAX_ATTACHMENT_BYTES`]); read them with [`Profile::attachment_limits`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<AttachmentLimits>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert: Option<Cert>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appeal_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appeal_ack_working_days: Option<u32>,
    #[serde(default)]
    pub holidays: Vec<String>,
    #[serde(default)]
    pub ignore_sales: bool,
    /// The anti-spam stamp the form mints after sealing (absent: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamp: Option<StampPolicy>,
}

/// How much work the proof-of-work stamp of a sealed report costs: on
/// average 2^`bits` SHA-256 computations, minted by the JavaScript layer (`pkg/lib/stamp.js`) and
/// checked by the intake endpoint with `verifyStamp`. 0 means no stamp.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StampPolicy {
    pub bits: u8,
}

/// A profile's limits on attachments (each optional; the core's own limits always apply too).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentLimits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_files: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_total_bytes: Option<u64>,
}

/// Why a profile could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProfileError {
    /// No built-in profile has this name.
    Unknown { name: String },
    /// The document does not follow the profile schema (first problem, as `path: code`).
    Invalid { reason: String },
}

impl ProfileError {
    pub fn code(&self) -> Code {
        match self {
            ProfileError::Unknown { .. } => Code::ProfileUnknown,
            ProfileError::Invalid { .. } => Code::ProfileInvalid,
        }
    }
    pub fn params(&self) -> Params {
        let mut p = Params::new();
        match self {
            ProfileError::Unknown { name } => p.insert("name", name.chars().take(64).collect()),
            ProfileError::Invalid { reason } => p.insert("reason", reason.clone()),
        };
        p
    }
}

crate::i18n::localized_error!(ProfileError);

impl Profile {
    /// The Thales PSIRT profile (the default).
    pub fn thales() -> &'static Profile {
        static P: OnceLock<Profile> = OnceLock::new();
        P.get_or_init(|| builtin_or_panic_in_tests(THALES))
    }

    /// The demo profile: "DEMO — not Thales".
    pub fn demo() -> &'static Profile {
        static P: OnceLock<Profile> = OnceLock::new();
        P.get_or_init(|| builtin_or_panic_in_tests(DEMO))
    }

    /// A built-in profile by name: `thales` or `demo`.
    pub fn builtin(name: &str) -> Result<&'static Profile, ProfileError> {
        match name {
            "thales" => Ok(Profile::thales()),
            "demo" => Ok(Profile::demo()),
            _ => Err(ProfileError::Unknown { name: name.to_owned() }),
        }
    }

    /// Loads and validates a profile from JSON text.
    pub fn from_json(text: &str) -> Result<Profile, ProfileError> {
        let value: Value = serde_json::from_str(text).map_err(|e| ProfileError::Invalid {
            reason: format!("not JSON (line {}, column {})", e.line(), e.column()),
        })?;
        Profile::from_value(&value)
    }

    /// Validates a profile given as a JSON value.
    ///
    /// Without the `core` feature (the seal wasm module, which has no JSON Schema engine) the
    /// schema is not checked here: the JavaScript layer resolves profile objects with the core
    /// module first and hands the seal module the resolved profile.
    pub fn from_value(value: &Value) -> Result<Profile, ProfileError> {
        #[cfg(feature = "core")]
        Self::check_schema(value)?;
        let p: Profile =
            serde_json::from_value(value.clone()).map_err(|e| ProfileError::Invalid { reason: e.to_string() })?;
        for h in &p.holidays {
            if crate::date::parse(h).is_none() {
                return Err(ProfileError::Invalid { reason: format!("holiday {h} is not a real date") });
            }
        }
        Ok(p.with_policy_version())
    }

    /// The profile with `policy_version` filled in: its own, else [`Profile::policy_digest`].
    fn with_policy_version(mut self) -> Profile {
        if self.policy_version.is_none() {
            self.policy_version = Some(self.policy_digest());
        }
        self
    }

    /// The version of the policy's wording a reporter accepts, which a report carries in
    /// `commitments.policy_version`: the profile's explicit `policy_version`, else
    /// [`Profile::policy_digest`].
    pub fn policy_version(&self) -> String {
        self.policy_version.clone().unwrap_or_else(|| self.policy_digest())
    }

    /// Where a report of `channel` is sent: the CNA coordinator (`appeal_email`) for a
    /// `cna_appeal` when the profile names one, else the PSIRT.
    pub fn address_for(&self, channel: &str) -> &str {
        match (channel, &self.appeal_email) {
            ("cna_appeal", Some(appeal)) => appeal,
            _ => &self.psirt_email,
        }
    }

    /// How many files, and how many bytes in total, a report may carry under this profile: its
    /// own limits where it sets lower ones, else the core's.
    pub fn attachment_limits(&self) -> (usize, u64) {
        let own = self.attachments.as_ref();
        let files = own
            .and_then(|a| a.max_files)
            .map_or(crate::report::MAX_ATTACHMENTS, |n| n.min(crate::report::MAX_ATTACHMENTS));
        let bytes = own
            .and_then(|a| a.max_total_bytes)
            .map_or(crate::report::MAX_ATTACHMENT_BYTES, |n| n.min(crate::report::MAX_ATTACHMENT_BYTES));
        (files, bytes)
    }

    /// Identifies the exact words a reporter accepts: `sha256:` and the first 16 lower-case hex
    /// digits of the SHA-256 of the canonical JSON (sorted keys, no whitespace, UTF-8; RFC 8785
    /// for these documents) of `{"commitments": …, "confidentiality_notice": …}` as they are in
    /// the profile (`confidentiality_notice` left out when the profile has none). Any change to
    /// those texts, in either language, changes it.
    pub fn policy_digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut words = serde_json::Map::new();
        words.insert("commitments".into(), serde_json::to_value(&self.commitments).unwrap_or(Value::Null));
        if let Some(notice) = &self.confidentiality_notice {
            words.insert("confidentiality_notice".into(), serde_json::to_value(notice).unwrap_or(Value::Null));
        }
        let hash = Sha256::digest(crate::report::canonical_json(&Value::Object(words)).as_bytes());
        let hex: String = hash.iter().take(8).map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    }

    #[cfg(feature = "core")]
    fn check_schema(value: &Value) -> Result<(), ProfileError> {
        /// The profile schema, compiled into Rust at build time like the report schema
        /// (`validate::schema`), here so that profiles do not depend on validation.
        #[jsonschema::validator(path = "schema/profile.schema.json", draft = Draft202012, pattern_options = { engine = regex })]
        struct ProfileSchema;

        if let Some(err) = ProfileSchema::iter_errors(value).next() {
            let path = err.instance_path().as_str();
            let what = err.masked().to_string();
            return Err(ProfileError::Invalid {
                reason: format!("{} {}", if path.is_empty() { "/" } else { path }, what),
            });
        }
        Ok(())
    }

    /// The pin as 40 or 64 upper-case hex digits.
    pub fn pin(&self) -> String {
        self.pin.to_ascii_uppercase()
    }

    /// The text of one commitment (`no_exploitation`, …) in `lang`.
    pub fn commitment(&self, name: &str, lang: Lang) -> Option<&str> {
        let c = &self.commitments;
        let l = match name {
            "no_exploitation" => &c.no_exploitation,
            "no_disclosure_without_consent" => &c.no_disclosure_without_consent,
            "no_prohibited_attacks" => &c.no_prohibited_attacks,
            _ => return None,
        };
        Some(l.get(lang))
    }

    /// The stamp difficulty in leading zero bits; 0 when the profile asks for no stamp.
    pub fn stamp_bits(&self) -> u8 {
        self.stamp.as_ref().map_or(0, |s| s.bits)
    }

    /// Holidays as dates (validated at load time).
    pub fn holiday_dates(&self) -> Vec<crate::date::CalendarDate> {
        self.holidays.iter().filter_map(|h| crate::date::parse(h)).collect()
    }

    /// The profile as JSON text, `policy_version` always present.
    pub fn to_json(&self) -> String {
        let filled;
        let p = if self.policy_version.is_some() {
            self
        } else {
            filled = self.clone().with_policy_version();
            &filled
        };
        serde_json::to_string(p).unwrap_or_default()
    }
}

/// A built-in profile as release builds read it: without the schema check (see below).
fn load_unchecked(text: &str) -> Result<Profile, ProfileError> {
    // Through `Value`: the same deserializers `from_json` already uses (a direct
    // `from_str::<Profile>` adds 17 KB to the wasm).
    serde_json::from_str::<Value>(text)
        .and_then(serde_json::from_value::<Profile>)
        .map(Profile::with_policy_version)
        .map_err(|e| ProfileError::Invalid { reason: e.to_string() })
}

/// Built-in profiles are compiled in and tested (`builtin_profiles_load`); should one ever fail to
/// load, fall back to a profile that pins nothing real, so no key can ever match by accident.
fn builtin_or_panic_in_tests(text: &str) -> Profile {
    // Release builds read the embedded profiles without compiling the profile schema: they are
    // fixed at build time and `builtin_profiles_pass_the_schema` checks them against it. That
    // compile (and the meta-schema check it triggers) was most of the first call's cost in the
    // browser, ~200 ms of a ~250 ms first `validate` (measured with node --cpu-prof).
    let loaded = if cfg!(debug_assertions) { Profile::from_json(text) } else { load_unchecked(text) };
    match loaded {
        Ok(p) => p,
        Err(e) => {
            debug_assert!(false, "built-in profile invalid: {e}");
            Profile {
                id: "invalid".into(),
                name: "invalid built-in profile".into(),
                demo: true,
                psirt_email: "invalid@invalid.invalid".into(),
                pin: "0".repeat(40),
                ..Profile::default()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_profiles_load() {
        let t = Profile::from_json(THALES).unwrap();
        assert_eq!(t.pin(), "FC3C4520576EC756AE730030536949C48448AE39");
        assert_eq!(t.psirt_email, "psirt@thalesgroup.com");
        assert_eq!(t.appeal_email.as_deref(), Some("cna-coordinator@thalesgroup.com"));
        assert_eq!(t.appeal_ack_working_days, Some(3));
        assert!(!t.demo);
        let d = Profile::from_json(DEMO).unwrap();
        assert!(d.demo);
        assert!(d.name.contains("DEMO — not Thales"));
        assert!(d.label.as_deref().unwrap_or_default().contains("DEMO — not Thales"));
    }

    #[test]
    fn builtin_profiles_pass_the_schema() {
        // What release builds skip at run time (see builtin_or_panic_in_tests).
        for text in [THALES, DEMO] {
            let checked = Profile::from_json(text).unwrap();
            assert_eq!(checked, load_unchecked(text).unwrap());
        }
    }

    #[test]
    fn invalid_profiles_are_refused() {
        let mut v: Value = serde_json::from_str(THALES).unwrap();
        v["pin"] = Value::from("not hex");
        let e = Profile::from_value(&v).unwrap_err();
        assert_eq!(e.code(), Code::ProfileInvalid);
        assert!(e.to_string().contains("/pin"), "{e}");
        assert_eq!(Profile::from_json("{").unwrap_err().code(), Code::ProfileInvalid);
        assert_eq!(Profile::builtin("acme").unwrap_err().code(), Code::ProfileUnknown);
        let mut v: Value = serde_json::from_str(THALES).unwrap();
        v["holidays"] = serde_json::json!(["2026-02-30"]);
        assert_eq!(Profile::from_value(&v).unwrap_err().code(), Code::ProfileInvalid);
    }

    #[test]
    fn stamp_difficulty_is_optional_and_bounded() {
        // The demo asks for a stamp, Thales does not (yet).
        assert_eq!(Profile::demo().stamp_bits(), 19);
        assert_eq!(Profile::thales().stamp_bits(), 0);
        let json: Value = serde_json::from_str(&Profile::demo().to_json()).unwrap();
        assert_eq!(json["stamp"]["bits"], Value::from(19), "the profile JSON exposes it to JavaScript");
        let json: Value = serde_json::from_str(&Profile::thales().to_json()).unwrap();
        assert!(json.get("stamp").is_none());

        let mut v: Value = serde_json::from_str(THALES).unwrap();
        for (stamp, ok) in [
            (serde_json::json!({"bits": 0}), true),
            (serde_json::json!({"bits": 24}), true),
            (serde_json::json!({"bits": 33}), false),
            (serde_json::json!({"bits": -1}), false),
            (serde_json::json!({"bits": 1.5}), false),
            (serde_json::json!({}), false),
            (serde_json::json!({"bits": 20, "extra": 1}), false),
            (serde_json::json!(20), false),
        ] {
            v["stamp"] = stamp.clone();
            let got = Profile::from_value(&v);
            assert_eq!(got.is_ok(), ok, "{stamp}: {got:?}");
            if let Ok(p) = got {
                assert_eq!(Value::from(p.stamp_bits()), stamp["bits"]);
            } else {
                assert!(got.unwrap_err().to_string().contains("/stamp"), "{stamp}");
            }
        }
    }

    #[test]
    fn another_vendor_profile_loads() {
        let mut v: Value = serde_json::from_str(THALES).unwrap();
        v["id"] = "acme".into();
        v["name"] = "ACME PSIRT".into();
        v["psirt_email"] = "security@acme.example".into();
        v["pin"] = "0123456789abcdef0123456789abcdef01234567".into();
        let p = Profile::from_value(&v).unwrap();
        assert_eq!(p.pin(), "0123456789ABCDEF0123456789ABCDEF01234567");
    }

    #[test]
    fn policy_version_is_explicit_or_the_digest_of_the_words() {
        let t = Profile::thales();
        // Computed outside this crate, from profiles/thales.json, so the definition is pinned (a
        // change to the Thales words changes it, on purpose: update it then):
        // python3 -c 'import json,hashlib; p=json.load(open("profiles/thales.json"));
        //   c=json.dumps({k: p[k] for k in ("commitments","confidentiality_notice")},
        //   sort_keys=True, separators=(",",":"), ensure_ascii=False);
        //   print("sha256:"+hashlib.sha256(c.encode()).hexdigest()[:16])'
        assert_eq!(t.policy_digest(), "sha256:422ff3464341a412");
        assert_eq!(t.policy_version(), t.policy_digest());
        assert_eq!(t.policy_version.as_deref(), Some(t.policy_digest().as_str()), "filled in at load time");
        let json: Value = serde_json::from_str(&t.to_json()).unwrap();
        assert_eq!(json["policy_version"], Value::from(t.policy_digest()));

        // Thales and the demo accept the same words, so the same digest.
        assert_eq!(Profile::demo().policy_version(), t.policy_version());

        // Any change to the words, in either language, changes it; other fields do not.
        let mut v: Value = serde_json::from_str(THALES).unwrap();
        v["name"] = "Renamed PSIRT".into();
        assert_eq!(Profile::from_value(&v).unwrap().policy_version(), t.policy_version());
        v["commitments"]["no_exploitation"]["fr"] = "Autre formulation.".into();
        let changed = Profile::from_value(&v).unwrap();
        assert_ne!(changed.policy_version(), t.policy_version());
        v["confidentiality_notice"] = Value::Null;
        v.as_object_mut().unwrap().remove("confidentiality_notice");
        assert_ne!(Profile::from_value(&v).unwrap().policy_version(), changed.policy_version());

        // An explicit version wins, and must be a non-empty bounded string.
        v["policy_version"] = "thales-psirt-policy-2025-06".into();
        let p = Profile::from_value(&v).unwrap();
        assert_eq!(p.policy_version(), "thales-psirt-policy-2025-06");
        assert!(p.to_json().contains("\"policy_version\":\"thales-psirt-policy-2025-06\""));
        for bad in [Value::from(""), Value::from("   "), Value::from("x".repeat(129)), Value::from(3)] {
            v["policy_version"] = bad;
            assert_eq!(Profile::from_value(&v).unwrap_err().code(), Code::ProfileInvalid);
        }

        // A profile built in code (never loaded) still answers, and serialises it.
        let bare = Profile { commitments: t.commitments.clone(), ..Profile::default() };
        assert!(bare.policy_version().starts_with("sha256:"));
        assert!(bare.to_json().contains("\"policy_version\":\"sha256:"));
    }
}
