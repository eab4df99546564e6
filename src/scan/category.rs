//! The 38 categories of sensitive data: one enum for the Rust core, the wasm boundary (serialised
//! as its snake_case name) and the TypeScript declarations (`FindingCategory` in
//! `pkg/index.d.ts`, checked against [`Category::ALL`] by a test).

use super::Severity;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One list of the categories, their wire names and their order: the enum, [`Category::ALL`] and
/// [`Category::as_str`] are generated from it, so they cannot disagree.
macro_rules! categories {
    ($($variant:ident = $name:literal,)+) => {
        /// What a finding is. Serialised as the snake_case name (`aws_access_key_id`), which is
        /// also the redaction marker's name (`[REDACTED:aws_access_key_id]`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Category {
            $(#[serde(rename = $name)] $variant,)+
        }

        impl Category {
            /// Every category, in the contract's order.
            pub const ALL: [Category; [$($name,)+].len()] = [$(Category::$variant,)+];

            /// The wire name, e.g. `aws_access_key_id`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Category::$variant => $name,)+
                }
            }
        }
    };
}

categories! {
    // critical: credentials
    PrivateKey = "private_key",
    AwsAccessKeyId = "aws_access_key_id",
    AwsSecretKey = "aws_secret_key",
    GithubToken = "github_token",
    GitlabToken = "gitlab_token",
    SlackToken = "slack_token",
    SlackWebhook = "slack_webhook",
    StripeKey = "stripe_key",
    GoogleApiKey = "google_api_key",
    GcpServiceAccount = "gcp_service_account",
    AzureConnectionString = "azure_connection_string",
    AzureSasToken = "azure_sas_token",
    NpmToken = "npm_token",
    PypiToken = "pypi_token",
    SendgridKey = "sendgrid_key",
    TwilioKey = "twilio_key",
    AiApiKey = "ai_api_key",
    Jwt = "jwt",
    UrlCredentials = "url_credentials",
    ConnectionString = "connection_string",
    AuthorizationHeader = "authorization_header",
    SessionCookie = "session_cookie",
    PasswordAssignment = "password_assignment",
    PasswordHash = "password_hash",
    // high: personal data
    PaymentCard = "payment_card",
    Iban = "iban",
    NationalId = "national_id",
    DateOfBirth = "date_of_birth",
    IdentityDocument = "identity_document",
    PostalAddress = "postal_address",
    HealthData = "health_data",
    EmploymentData = "employment_data",
    TaxRecord = "tax_record",
    TravelRecord = "travel_record",
    // medium: third parties' contact data; info: internal infrastructure
    EmailAddress = "email_address",
    PhoneNumber = "phone_number",
    PrivateIp = "private_ip",
    InternalHostname = "internal_hostname",
}

use Category::*;

impl Category {
    /// The category named `s` (its wire name), if any.
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Credentials are critical, personal data high, third parties' contact data medium, and
    /// internal host names and private addresses `info`: they are normal in a vulnerability
    /// report, worth a look, not a warning (documentation values are lowered to `info` by the
    /// finding, not the category).
    pub fn severity(self) -> Severity {
        match self {
            PaymentCard | Iban | NationalId | DateOfBirth | IdentityDocument | PostalAddress | HealthData
            | EmploymentData | TaxRecord | TravelRecord => Severity::High,
            EmailAddress | PhoneNumber => Severity::Medium,
            PrivateIp | InternalHostname => Severity::Info,
            _ => Severity::Critical,
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Category {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde_and_parse() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
            assert_eq!(serde_json::to_value(c).ok(), Some(serde_json::Value::String(c.as_str().into())));
        }
        assert_eq!(Category::parse("password"), None);
    }

    /// `FindingCategory` in the npm package's TypeScript declarations lists the same names in
    /// the same order: a category added on one side only fails here.
    #[test]
    fn typescript_declarations_list_the_same_categories() {
        let dts = include_str!("../../pkg/index.d.ts");
        let start = dts.find("export type FindingCategory =").expect("FindingCategory in pkg/index.d.ts");
        let body = &dts[start..];
        let body = &body[..body.find(';').expect("end of FindingCategory")];
        let names: Vec<&str> =
            body.lines().filter_map(|l| l.trim().strip_prefix("| '")).filter_map(|l| l.strip_suffix('\'')).collect();
        let ours: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names, ours);
    }
}
