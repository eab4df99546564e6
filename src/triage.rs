//! Where a kind of contact goes under a PSIRT's policy.
//!
//! Vulnerabilities and data leaks in products or services go to the PSIRT, encrypted; an
//! incident on the vendor's own infrastructure goes to its CERT instead (not accepted here);
//! sales prospection is refused; an appeal about a CNA goes to the Root CNA coordinator, who
//! acknowledges within a number of working days (3 for Thales), computed here.

use crate::date::{self, CalendarDate};
use crate::i18n::{Code, Lang, Params};
use crate::profile::Profile;
use serde::Serialize;

/// A kind of contact someone wants to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Vulnerability,
    DataLeak,
    InfrastructureIncident,
    Sales,
    CnaAppeal,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "vulnerability" => Kind::Vulnerability,
            "data_leak" => Kind::DataLeak,
            "infrastructure_incident" => Kind::InfrastructureIncident,
            "sales" => Kind::Sales,
            "cna_appeal" => Kind::CnaAppeal,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Accepted here: file the report with this tool.
    Accept,
    /// Not for this channel: go to `to` / `url` instead.
    Redirect,
    /// Not accepted at all.
    Refuse,
}

/// The answer, as returned to callers (JSON: `{kind, decision, channel?, to?, url?, code, message, acknowledgement_due?}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Route {
    pub kind: Kind,
    pub decision: Decision,
    /// The report channel to use when accepted (`vulnerability`, `data_leak`, `cna_appeal`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<&'static str>,
    /// An e-mail address, or the name of the place to go.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub code: Code,
    pub message: String,
    /// For appeals: the date by which an acknowledgement is due (YYYY-MM-DD).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acknowledgement_due: Option<String>,
}

/// Routes a kind of contact under `profile`; `received` is the day the message is sent.
pub fn triage(kind: Kind, profile: &Profile, lang: Lang, received: CalendarDate) -> Route {
    let mut p = Params::new();
    p.insert("psirt", profile.name.clone());
    let (decision, channel, to, url, code, due) = match kind {
        Kind::Vulnerability | Kind::DataLeak => {
            p.insert("to", profile.psirt_email.clone());
            let ch = if kind == Kind::Vulnerability { "vulnerability" } else { "data_leak" };
            (Decision::Accept, Some(ch), Some(profile.psirt_email.clone()), None, Code::TriagePsirt, None)
        }
        Kind::InfrastructureIncident => {
            let (name, url) = match &profile.cert {
                Some(c) => (c.name.get(lang).to_owned(), c.url.clone()),
                None => (String::from("CERT"), None),
            };
            p.insert("cert", name.clone());
            (Decision::Redirect, None, Some(name), url, Code::TriageCert, None)
        }
        Kind::Sales => (Decision::Refuse, None, None, None, Code::TriageSales, None),
        Kind::CnaAppeal => {
            let to = profile.appeal_email.clone().unwrap_or_else(|| profile.psirt_email.clone());
            let days = profile.appeal_ack_working_days.unwrap_or(3);
            let due = date::format(date::add_working_days(received, days, &profile.holiday_dates()));
            p.insert("to", to.clone());
            p.insert("days", days.to_string());
            p.insert("due", due.clone());
            (Decision::Accept, Some("cna_appeal"), Some(to), None, Code::TriageAppeal, Some(due))
        }
    };
    Route { kind, decision, channel, to, url, code, message: code.render(lang, &p), acknowledgement_due: due }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> CalendarDate {
        date::parse(s).unwrap()
    }

    #[test]
    fn thales_routes() {
        let t = Profile::thales();
        let r = triage(Kind::Vulnerability, t, Lang::En, d("2026-11-20"));
        assert_eq!((r.decision, r.to.as_deref()), (Decision::Accept, Some("psirt@thalesgroup.com")));
        let r = triage(Kind::DataLeak, t, Lang::Fr, d("2026-11-20"));
        assert_eq!((r.decision, r.channel), (Decision::Accept, Some("data_leak")));
        assert!(r.message.contains("Signalez"));
        let r = triage(Kind::InfrastructureIncident, t, Lang::En, d("2026-11-20"));
        assert_eq!(r.decision, Decision::Redirect);
        assert!(r.message.contains("Thales CERT"), "{}", r.message);
        assert_eq!(triage(Kind::Sales, t, Lang::En, d("2026-11-20")).decision, Decision::Refuse);
        // Friday 20 November 2026 + 3 working days = Wednesday 25.
        let r = triage(Kind::CnaAppeal, t, Lang::En, d("2026-11-20"));
        assert_eq!(r.to.as_deref(), Some("cna-coordinator@thalesgroup.com"));
        assert_eq!(r.acknowledgement_due.as_deref(), Some("2026-11-25"));
        assert!(r.message.contains("3 working days"));
    }
}
