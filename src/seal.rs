//! Sealing: a valid report, encrypted to the pinned PSIRT key, as an OpenPGP message.
//!
//! `key` judges the recipient (pin, encryption key); `encrypt` produces the message. The plaintext
//! is the report's canonical JSON (`report::canonical_json`). PGP/MIME, attachments as parts,
//! length padding and `open` come with the full sealing work (issue #4) and slot in here.

mod encrypt;
pub mod key;

use crate::date::CalendarDate;
use crate::diag::Diagnostics;
use crate::i18n::{Code, Lang, Params};
use crate::profile::Profile;
use crate::report;
use crate::validate::{self, Options};
pub use key::{load_recipient, normalize_fingerprint, KeyError, Recipient, RecipientInfo};
use serde::Serialize;

/// What sealing needs besides the report and the key.
#[derive(Debug, Clone)]
pub struct SealOptions<'p> {
    pub profile: &'p Profile,
    /// A fingerprint to pin instead of the profile's.
    pub pin: Option<String>,
    pub today: Option<CalendarDate>,
}

/// An encrypted report (JSON: `{armored, fingerprint, to, subject, recipient}`).
#[derive(Debug, Clone, Serialize)]
pub struct Sealed {
    /// The ASCII-armored OpenPGP message.
    pub armored: String,
    /// Fingerprint of the PSIRT primary key it was encrypted to.
    pub fingerprint: String,
    /// Where to send it: the profile's PSIRT address.
    pub to: String,
    /// A neutral subject for the outer e-mail: never the report's title.
    pub subject: String,
    pub recipient: RecipientInfo,
}

/// Why a report was not sealed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum SealError {
    /// The report does not validate; nothing was encrypted.
    Report(Box<Diagnostics>),
    /// The key was refused.
    Key(KeyError),
    /// The OpenPGP library failed to encrypt.
    Encrypt { reason: String },
}

impl SealError {
    pub fn code(&self) -> Code {
        match self {
            SealError::Report(_) => Code::ReportInvalid,
            SealError::Key(k) => k.code(),
            SealError::Encrypt { .. } => Code::SealFailed,
        }
    }
    pub fn params(&self) -> Params {
        match self {
            SealError::Report(d) => {
                let mut p = Params::new();
                p.insert("count", d.errors.len().to_string());
                p
            }
            SealError::Key(k) => k.params(),
            SealError::Encrypt { reason } => {
                let mut p = Params::new();
                p.insert("reason", reason.clone());
                p
            }
        }
    }
}

crate::i18n::localized_error!(SealError);

impl From<KeyError> for SealError {
    fn from(e: KeyError) -> Self {
        SealError::Key(e)
    }
}

/// Validates `report_text`, checks `key` against the pin and encrypts the canonical report.
pub fn seal(report_text: &str, key: &[u8], opts: &SealOptions<'_>) -> Result<Sealed, SealError> {
    seal_with_rng(report_text, key, opts, rand::rngs::OsRng)
}

/// [`seal`] with a caller-chosen random number generator (deterministic tests).
pub fn seal_with_rng<R: rand::CryptoRng + rand::Rng>(
    report_text: &str,
    key: &[u8],
    opts: &SealOptions<'_>,
    rng: R,
) -> Result<Sealed, SealError> {
    let vopts = Options { profile: opts.profile, today: opts.today };
    let value = report::parse(report_text)
        .map_err(|d| SealError::Report(Box::new(Diagnostics::build(vec![d], vec![], Default::default(), Lang::En))))?;
    let diagnostics = validate::validate_value(&value, &vopts);
    if !diagnostics.valid {
        return Err(SealError::Report(Box::new(diagnostics)));
    }
    let pin = opts.pin.clone().unwrap_or_else(|| opts.profile.pin());
    let recipient = load_recipient(key, &pin, &opts.profile.name)?;
    let plaintext = report::canonical_json(&value);
    let armored = encrypt::to_armored(plaintext.into_bytes(), &recipient, rng)?;
    let subject = match report::language_of(&value) {
        Lang::En => "Encrypted report",
        Lang::Fr => "Rapport chiffré",
    };
    Ok(Sealed {
        armored,
        fingerprint: recipient.info.fingerprint.clone(),
        to: opts.profile.psirt_email.clone(),
        subject: subject.to_owned(),
        recipient: recipient.info,
    })
}
