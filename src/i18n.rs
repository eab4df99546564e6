//! Every stable code this crate reports, and its sentence in English and French.
//!
//! This is the only place that turns a code into words. Codes are part of the public interface
//! (tests, forms and scripts match on them); sentences may change. Templates take named
//! parameters written `{name}`, filled by [`Code::render`]. A template never contains a value from the
//! report itself, only field names, limits and computed facts, so a diagnostic can be logged
//! without leaking what the reporter wrote.
//!
//! Hand-written rather than Fluent: ~60 short sentences with no plural or gender selection do not
//! justify `fluent-bundle` and its ICU tables in the wasm build (size is a budget for the widget).

use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// Language of messages. Reports carry one (`language`); English is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    /// Parses `en` / `fr` (case-insensitive, region ignored: `fr-CA` is French).
    pub fn parse(s: &str) -> Option<Lang> {
        let base = s.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match base.as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal { en: $en:literal, fr: $fr:literal } )*) => {
        /// A stable, machine-readable diagnostic or error code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code { $( $(#[$doc])* $variant, )* }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable string form, e.g. `key-fingerprint-mismatch`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            /// Looks a code up by its string form.
            pub fn from_name(s: &str) -> Option<Code> {
                match s { $( $code => Some(Code::$variant), )* _ => None }
            }

            fn template(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $( (Code::$variant, Lang::En) => $en, (Code::$variant, Lang::Fr) => $fr, )*
                }
            }
        }
    };
}

codes! {
    // --- input that is not a report at all -----------------------------------------------
    /// The text is not JSON.
    JsonSyntax = "json-syntax" {
        en: "The report is not valid JSON (line {line}, column {column}).",
        fr: "Le rapport n'est pas du JSON valide (ligne {line}, colonne {column})." }
    /// JSON nested deeper than the parser accepts.
    JsonTooDeep = "json-too-deep" {
        en: "The report nests objects or arrays too deeply (more than {limit} levels).",
        fr: "Le rapport imbrique trop profondément objets ou tableaux (plus de {limit} niveaux)." }
    /// JSON, but not an object.
    NotAnObject = "not-an-object" {
        en: "A report must be a JSON object; this is {found}.",
        fr: "Un rapport doit être un objet JSON ; ceci est {found}." }
    /// The input is larger than any valid report can be.
    InputTooLarge = "input-too-large" {
        en: "The report is too large ({size} bytes; the limit is {limit}).",
        fr: "Le rapport est trop volumineux ({size} octets ; la limite est {limit})." }

    // --- structure (JSON Schema keywords) ----------------------------------------------------
    /// A required field is missing; reported at the missing field's own path.
    Required = "required" {
        en: "The field '{field}' is required.",
        fr: "Le champ « {field} » est obligatoire." }
    /// Wrong JSON type.
    Type = "type" {
        en: "Expected {expected} here.",
        fr: "Une valeur de type {expected} est attendue ici." }
    /// A field the schema does not define; reported at that field's path.
    UnknownField = "unknown-field" {
        en: "Unknown field '{field}'.",
        fr: "Champ inconnu « {field} »." }
    TooLong = "too-long" {
        en: "Too long: at most {limit} characters.",
        fr: "Trop long : {limit} caractères au plus." }
    TooShort = "too-short" {
        en: "Too short: at least {limit} characters.",
        fr: "Trop court : {limit} caractères au moins." }
    TooManyItems = "too-many-items" {
        en: "Too many items: at most {limit}.",
        fr: "Trop d'éléments : {limit} au plus." }
    TooFewItems = "too-few-items" {
        en: "At least {limit} item(s) required.",
        fr: "Au moins {limit} élément(s) requis." }
    NotUnique = "not-unique" {
        en: "Items must not repeat.",
        fr: "Les éléments ne doivent pas se répéter." }
    NotAllowed = "not-allowed" {
        en: "Not one of the allowed values: {allowed}.",
        fr: "Ne fait pas partie des valeurs permises : {allowed}." }
    OutOfRange = "out-of-range" {
        en: "Out of the allowed range.",
        fr: "Hors de l'intervalle permis." }
    Pattern = "pattern" {
        en: "Not in the expected form.",
        fr: "N'a pas la forme attendue." }
    Invalid = "invalid" {
        en: "Invalid value.",
        fr: "Valeur invalide." }

    // --- field-specific forms (named by `x-code` in the schema, or by semantic checks) -------
    SchemaVersionUnsupported = "schema-version-unsupported" {
        en: "Unsupported schema_version: this tool reads version 1.0.",
        fr: "schema_version non pris en charge : cet outil lit la version 1.0." }
    ChannelUnknown = "channel-unknown" {
        en: "Unknown channel: use vulnerability, data_leak or cna_appeal.",
        fr: "Canal inconnu : utilisez vulnerability, data_leak ou cna_appeal." }
    LanguageUnsupported = "language-unsupported" {
        en: "Unsupported language: use en or fr.",
        fr: "Langue non prise en charge : utilisez en ou fr." }
    TitleEmpty = "title-empty" {
        en: "The title must not be empty.",
        fr: "Le titre ne doit pas être vide." }
    Empty = "empty" {
        en: "This field must not be empty.",
        fr: "Ce champ ne doit pas être vide." }
    EmailInvalid = "email-invalid" {
        en: "Not an e-mail address.",
        fr: "Ce n'est pas une adresse électronique." }
    DateInvalid = "date-invalid" {
        en: "Not a real calendar date in the form YYYY-MM-DD.",
        fr: "Ce n'est pas une date réelle de la forme AAAA-MM-JJ." }
    DateInFuture = "date-in-future" {
        en: "This date is in the future (today is {today}).",
        fr: "Cette date est dans le futur (nous sommes le {today})." }
    DisclosureBeforeDiscovery = "disclosure-before-discovery" {
        en: "The proposed disclosure date is before the discovery date ({discovered_on}).",
        fr: "La date de divulgation proposée précède la date de découverte ({discovered_on})." }
    CvssVersionMismatch = "cvss-version-mismatch" {
        en: "Wrong CVSS version for this field: cvss_v3 takes 'CVSS:3.1/…' (or 3.0), cvss_v4 takes 'CVSS:4.0/…'.",
        fr: "Mauvaise version de CVSS pour ce champ : cvss_v3 attend « CVSS:3.1/… » (ou 3.0), cvss_v4 attend « CVSS:4.0/… »." }
    CvssInvalid = "cvss-invalid" {
        en: "Not a valid CVSS vector: {reason}.",
        fr: "Vecteur CVSS invalide : {reason}." }
    CweInvalid = "cwe-invalid" {
        en: "Not a CWE identifier such as CWE-79.",
        fr: "Ce n'est pas un identifiant CWE tel que CWE-79." }
    CveIdInvalid = "cve-id-invalid" {
        en: "Not a CVE identifier such as CVE-2024-12345 (year from 1999).",
        fr: "Ce n'est pas un identifiant CVE tel que CVE-2024-12345 (année à partir de 1999)." }
    DataCategoryUnknown = "data-category-unknown" {
        en: "Unknown data category.",
        fr: "Catégorie de données inconnue." }
    AppealGroundsUnknown = "appeal-grounds-unknown" {
        en: "Unknown grounds: use no_response, cve_refused, record_not_populated or other.",
        fr: "Motif inconnu : utilisez no_response, cve_refused, record_not_populated ou other." }
    CommitmentNotAccepted = "commitment-not-accepted" {
        en: "This commitment must be accepted to report to the PSIRT: {commitment}",
        fr: "Cet engagement doit être accepté pour écrire au PSIRT : {commitment}" }
    AttachmentNameInvalid = "attachment-name-invalid" {
        en: "An attachment name must be a plain file name (no path separators or control characters).",
        fr: "Le nom d'une pièce jointe doit être un simple nom de fichier (sans séparateur de chemin ni caractère de contrôle)." }
    MediaTypeInvalid = "media-type-invalid" {
        en: "Not a media type such as image/png.",
        fr: "Ce n'est pas un type de média tel que image/png." }
    AttachmentBase64Invalid = "attachment-base64-invalid" {
        en: "The attachment content is not valid base64.",
        fr: "Le contenu de la pièce jointe n'est pas du base64 valide." }

    // --- warnings: the report is valid, but a reader would want this -------------------------
    RecommendedMissing = "recommended-missing" {
        en: "The field '{field}' is recommended: it helps the PSIRT triage the report.",
        fr: "Le champ « {field} » est recommandé : il aide le PSIRT à trier le rapport." }
    CommitmentsMissing = "commitments-missing" {
        en: "The reporter commitments of the disclosure policy have not been stated.",
        fr: "Les engagements du rapporteur prévus par la politique de divulgation n'ont pas été indiqués." }
    DisclosureDatePast = "disclosure-date-past" {
        en: "The proposed disclosure date has already passed.",
        fr: "La date de divulgation proposée est déjà passée." }
    /// The commitments were accepted under a policy version other than the profile's.
    PolicyVersionDiffers = "policy-version-differs" {
        en: "The commitments were accepted under another version of the disclosure policy than the current one ({current}): read them again as they are now worded.",
        fr: "Les engagements ont été acceptés sous une autre version de la politique de divulgation que la version actuelle ({current}) : relisez-les dans leur formulation actuelle." }
    DemoProfile = "demo-profile" {
        en: "DEMO — not Thales: this profile encrypts to a demo key whose secret is public. Do not send a real report with it.",
        fr: "DÉMO — pas Thales : ce profil chiffre vers une clé de démonstration dont le secret est public. N'envoyez pas de vrai rapport avec." }

    // --- operation errors ---------------------------------------------------------------------
    /// `seal` was given a report that does not validate.
    ReportInvalid = "report-invalid" {
        en: "The report is not valid ({count} error(s)); nothing was encrypted.",
        fr: "Le rapport n'est pas valide ({count} erreur(s)) ; rien n'a été chiffré." }
    /// The key text could not be parsed as an OpenPGP public key.
    KeyUnreadable = "key-unreadable" {
        en: "The key could not be read as an OpenPGP public key: {reason}.",
        fr: "La clé n'a pas pu être lue comme une clé publique OpenPGP : {reason}." }
    /// A secret key was given where the PSIRT's public key is expected.
    KeySecretGiven = "key-secret-given" {
        en: "This is a secret key. Give the PSIRT's public key; never share a secret key.",
        fr: "Ceci est une clé secrète. Donnez la clé publique du PSIRT ; ne partagez jamais de clé secrète." }
    /// A well-formed key, but not the pinned one, whatever its user id says.
    KeyFingerprintMismatch = "key-fingerprint-mismatch" {
        en: "This key is not the pinned {psirt} key: its fingerprint is {found}, the pin is {pinned}.",
        fr: "Cette clé n'est pas la clé épinglée de {psirt} : son empreinte est {found}, l'épingle est {pinned}." }
    /// Neither the primary key nor any subkey may encrypt.
    KeyNoEncryptionKey = "key-no-encryption-key" {
        en: "The key has no key that may encrypt.",
        fr: "La clé ne comporte aucune clé autorisée à chiffrer." }
    /// The fingerprint given as a pin is not one.
    KeyPinInvalid = "key-pin-invalid" {
        en: "The pinned fingerprint is not 40 (v4) or 64 (v6) hexadecimal digits.",
        fr: "L'empreinte épinglée ne compte pas 40 (v4) ou 64 (v6) chiffres hexadécimaux." }
    /// Encryption failed inside the OpenPGP library.
    SealFailed = "seal-failed" {
        en: "Encryption failed: {reason}.",
        fr: "Le chiffrement a échoué : {reason}." }
    /// A profile document does not follow the profile schema.
    ProfileInvalid = "profile-invalid" {
        en: "The PSIRT profile is not valid: {reason}.",
        fr: "Le profil PSIRT n'est pas valide : {reason}." }
    /// No built-in profile has this name.
    ProfileUnknown = "profile-unknown" {
        en: "No built-in profile is named '{name}' (known: thales, demo).",
        fr: "Aucun profil intégré ne s'appelle « {name} » (connus : thales, demo)." }
    /// An API argument of the wrong type or form.
    InputType = "input-type" {
        en: "Invalid argument: {reason}.",
        fr: "Argument invalide : {reason}." }

    // --- triage ----------------------------------------------------------------------------------
    TriageUnknownKind = "triage-kind-unknown" {
        en: "Unknown kind of contact '{kind}' (known: vulnerability, data_leak, infrastructure_incident, sales, cna_appeal).",
        fr: "Type de contact inconnu « {kind} » (connus : vulnerability, data_leak, infrastructure_incident, sales, cna_appeal)." }
    TriagePsirt = "triage-psirt" {
        en: "Report it to {psirt} at {to}, encrypted to its pinned key.",
        fr: "Signalez-le à {psirt} à l'adresse {to}, chiffré avec sa clé épinglée." }
    TriageCert = "triage-cert" {
        en: "Not accepted here: an incident involving the vendor's own infrastructure goes to the {cert}.",
        fr: "Non accepté ici : un incident touchant l'infrastructure du fournisseur relève de la {cert}." }
    TriageSales = "triage-sales" {
        en: "Not accepted: the PSIRT ignores sales prospection.",
        fr: "Refusé : le PSIRT ignore la prospection commerciale." }
    TriageAppeal = "triage-appeal" {
        en: "Write to the Root CNA coordinator at {to}; an acknowledgement is due within {days} working days, by {due}.",
        fr: "Écrivez au coordinateur de la CNA racine à {to} ; un accusé de réception est dû sous {days} jours ouvrés, au plus tard le {due}." }

    // --- scanner -----------------------------------------------------------------------------
    /// A credential in the report (critical findings).
    ScanCredential = "scan-credential" {
        en: "{what}: whoever holds it can act as its owner, and a report needs no working credential. The policy asks you not to take or send more data than needed to show the flaw. Replace it with [REDACTED:{category}] or describe it in words; if it is yours or your client's, revoke or rotate it now, since it has been copied.",
        fr: "{what} : quiconque possède cette valeur peut agir comme son titulaire, et un rapport n'a besoin d'aucun identifiant valide. La politique vous demande de ne pas prendre ni envoyer plus de données que nécessaire pour montrer la faille. Remplacez cette valeur par [REDACTED:{category}] ou décrivez-la ; si elle vous appartient (à vous ou à votre client), révoquez-la ou renouvelez-la dès maintenant, puisqu'elle a été copiée." }
    /// Personal or financial data of a person (high findings).
    ScanPersonal = "scan-personal" {
        en: "{what}: personal data of a person who did not agree to be in this report. Sending it may break data-protection law, and the policy makes you responsible for sending nothing unlawful: in doubt, send nothing sensitive and agree with the PSIRT first. Redact it ([REDACTED:{category}]) and describe what you could see instead (for example \"the card numbers of customers are readable\").",
        fr: "{what} : une donnée personnelle d'une personne qui n'a pas accepté de figurer dans ce rapport. L'envoyer peut enfreindre le droit de la protection des données, et la politique vous rend responsable de ne rien envoyer d'illicite : dans le doute, n'envoyez rien de sensible et convenez d'abord avec le PSIRT. Masquez cette donnée ([REDACTED:{category}]) et décrivez plutôt ce que vous avez pu voir (par exemple « les numéros de carte des clients sont lisibles »)." }
    /// Contact data of a third party (medium findings).
    ScanThirdParty = "scan-third-party" {
        en: "{what} of someone other than you: contact data of a third party is personal data, and the policy asks for no more data than needed to show the flaw. Keep it only if the PSIRT needs it to understand the report; otherwise replace it with [REDACTED:{category}].",
        fr: "{what} d'une autre personne que vous : les coordonnées d'un tiers sont des données personnelles, et la politique demande de ne pas envoyer plus de données que nécessaire pour montrer la faille. Gardez cette donnée seulement si le PSIRT en a besoin pour comprendre le rapport ; sinon remplacez-la par [REDACTED:{category}]." }
    /// Internal infrastructure (medium findings).
    ScanInfrastructure = "scan-infrastructure" {
        en: "{what}: it maps an internal network that is not public. Keep it only if the PSIRT needs it to reproduce the flaw (an affected host, say); otherwise replace it with [REDACTED:{category}] or describe it (\"an internal build server\").",
        fr: "{what} : cette information décrit un réseau interne qui n'est pas public. Gardez-la seulement si le PSIRT en a besoin pour reproduire la faille (un hôte touché, par exemple) ; sinon remplacez-la par [REDACTED:{category}] ou décrivez-la (« un serveur de compilation interne »)." }
    /// A documented example or test value (info findings).
    ScanExample = "scan-example" {
        en: "{what}, but a value published as a documentation or test example: it opens nothing and needs no redaction. Check that it is really the example and not a real value that looks like it.",
        fr: "{what}, mais une valeur publiée comme exemple de documentation ou de test : elle n'ouvre rien et n'a pas besoin d'être masquée. Vérifiez que c'est bien l'exemple et non une vraie valeur qui lui ressemble." }
    /// Suffix: the value was found inside an encoded blob.
    ScanEncoded = "scan-encoded" {
        en: "It was found inside {encoding}-encoded text; the whole encoded block is marked.",
        fr: "La valeur a été trouvée dans un texte encodé en {encoding} ; tout le bloc encodé est signalé." }
    ScanWhatPrivateKey = "scan-what-private-key" { en: "A private key", fr: "Une clé privée" }
    ScanWhatAwsAccessKeyId = "scan-what-aws-access-key-id" { en: "An AWS access key id", fr: "Un identifiant de clé d'accès AWS" }
    ScanWhatAwsSecretKey = "scan-what-aws-secret-key" { en: "An AWS secret access key", fr: "Une clé d'accès secrète AWS" }
    ScanWhatGithubToken = "scan-what-github-token" { en: "A GitHub token", fr: "Un jeton GitHub" }
    ScanWhatGitlabToken = "scan-what-gitlab-token" { en: "A GitLab token", fr: "Un jeton GitLab" }
    ScanWhatSlackToken = "scan-what-slack-token" { en: "A Slack token", fr: "Un jeton Slack" }
    ScanWhatSlackWebhook = "scan-what-slack-webhook" { en: "A Slack webhook URL", fr: "Une URL de webhook Slack" }
    ScanWhatStripeKey = "scan-what-stripe-key" { en: "A Stripe secret key", fr: "Une clé secrète Stripe" }
    ScanWhatGoogleApiKey = "scan-what-google-api-key" { en: "A Google API key", fr: "Une clé d'API Google" }
    ScanWhatGcpServiceAccount = "scan-what-gcp-service-account" { en: "A Google Cloud service-account key", fr: "Une clé de compte de service Google Cloud" }
    ScanWhatAzureConnectionString = "scan-what-azure-connection-string" { en: "An Azure account key in a connection string", fr: "Une clé de compte Azure dans une chaîne de connexion" }
    ScanWhatAzureSasToken = "scan-what-azure-sas-token" { en: "An Azure shared access signature", fr: "Une signature d'accès partagé Azure" }
    ScanWhatNpmToken = "scan-what-npm-token" { en: "An npm access token", fr: "Un jeton d'accès npm" }
    ScanWhatPypiToken = "scan-what-pypi-token" { en: "A PyPI API token", fr: "Un jeton d'API PyPI" }
    ScanWhatSendgridKey = "scan-what-sendgrid-key" { en: "A SendGrid API key", fr: "Une clé d'API SendGrid" }
    ScanWhatTwilioKey = "scan-what-twilio-key" { en: "A Twilio key or auth token", fr: "Une clé ou un jeton d'authentification Twilio" }
    ScanWhatAiApiKey = "scan-what-ai-api-key" { en: "An AI provider API key", fr: "Une clé d'API de fournisseur d'IA" }
    ScanWhatJwt = "scan-what-jwt" { en: "A JSON Web Token (JWT)", fr: "Un jeton web JSON (JWT)" }
    ScanWhatUrlCredentials = "scan-what-url-credentials" { en: "A password inside a URL", fr: "Un mot de passe dans une URL" }
    ScanWhatConnectionString = "scan-what-connection-string" { en: "A password in a database or service connection string", fr: "Un mot de passe dans une chaîne de connexion à une base ou un service" }
    ScanWhatAuthorizationHeader = "scan-what-authorization-header" { en: "Credentials in an HTTP authorization header", fr: "Des identifiants dans un en-tête HTTP d'autorisation" }
    ScanWhatSessionCookie = "scan-what-session-cookie" { en: "A session cookie", fr: "Un cookie de session" }
    ScanWhatPasswordAssignment = "scan-what-password-assignment" { en: "A password or secret in a configuration", fr: "Un mot de passe ou un secret dans une configuration" }
    ScanWhatPasswordHash = "scan-what-password-hash" { en: "A password hash", fr: "Une empreinte de mot de passe" }
    ScanWhatPaymentCard = "scan-what-payment-card" { en: "A payment card number", fr: "Un numéro de carte de paiement" }
    ScanWhatIban = "scan-what-iban" { en: "A bank account number (IBAN)", fr: "Un numéro de compte bancaire (IBAN)" }
    ScanWhatNationalId = "scan-what-national-id" { en: "A national identity or tax number", fr: "Un numéro d'identité nationale ou fiscal" }
    ScanWhatDateOfBirth = "scan-what-date-of-birth" { en: "A date of birth", fr: "Une date de naissance" }
    ScanWhatIdentityDocument = "scan-what-identity-document" { en: "An identity document (passport, ID card, residence permit, driving licence)", fr: "Une pièce d'identité (passeport, carte d'identité, titre de séjour, permis de conduire)" }
    ScanWhatPostalAddress = "scan-what-postal-address" { en: "A person's postal address", fr: "L'adresse postale d'une personne" }
    ScanWhatHealthData = "scan-what-health-data" { en: "Health data about a person", fr: "Une donnée de santé sur une personne" }
    ScanWhatEmploymentData = "scan-what-employment-data" { en: "Employment data about a person (salary, appraisal, sanction)", fr: "Une donnée RH sur une personne (salaire, évaluation, sanction)" }
    ScanWhatTaxRecord = "scan-what-tax-record" { en: "A tax record (tax number, income, tax due)", fr: "Une donnée fiscale (numéro fiscal, revenu, impôt)" }
    ScanWhatTravelRecord = "scan-what-travel-record" { en: "A travel record (booking, ticket, flight, seat)", fr: "Un dossier de voyage (réservation, billet, vol, siège)" }
    ScanWhatEmailAddress = "scan-what-email-address" { en: "An e-mail address", fr: "Une adresse électronique" }
    ScanWhatPhoneNumber = "scan-what-phone-number" { en: "A phone number", fr: "Un numéro de téléphone" }
    ScanWhatPrivateIp = "scan-what-private-ip" { en: "A private IP address", fr: "Une adresse IP privée" }
    ScanWhatInternalHostname = "scan-what-internal-hostname" { en: "An internal host name", fr: "Un nom d'hôte interne" }
    // --- sealing and opening ---
    /// The certificate carries a valid revocation.
    KeyRevoked = "key-revoked" {
        en: "The key has been revoked by its owner: do not encrypt to it. Get the PSIRT's current key.",
        fr: "La clé a été révoquée par son propriétaire : ne chiffrez pas vers elle. Procurez-vous la clé actuelle du PSIRT." }
    /// The certificate's primary key has expired.
    KeyExpired = "key-expired" {
        en: "The key expired on {on}. Get the PSIRT's current key (or a refreshed copy of this one).",
        fr: "La clé a expiré le {on}. Procurez-vous la clé actuelle du PSIRT (ou une copie à jour de celle-ci)." }
    /// Keys that may encrypt exist, but every one is expired or revoked.
    KeyEncryptionSubkeyExpired = "key-encryption-subkey-expired" {
        en: "Every encryption subkey of this key has expired or been revoked. Get a refreshed copy of the PSIRT's key.",
        fr: "Toutes les sous-clés de chiffrement de cette clé ont expiré ou été révoquées. Procurez-vous une copie à jour de la clé du PSIRT." }
    /// No self-signature of the certificate verifies.
    KeyBadSelfSignature = "key-bad-self-signature" {
        en: "The key has no valid self-signature: it was damaged or tampered with.",
        fr: "La clé n'a aucune auto-signature valide : elle a été endommagée ou altérée." }
    /// The key was created after the reference time.
    KeyNotYetValid = "key-not-yet-valid" {
        en: "The key claims to be created in the future ({created}): check this computer's clock.",
        fr: "La clé prétend avoir été créée dans le futur ({created}) : vérifiez l'horloge de cet ordinateur." }
    /// The primary key's algorithm is no longer acceptable.
    KeyWeakAlgorithm = "key-weak-algorithm" {
        en: "The key uses an algorithm that is no longer safe ({algorithm}).",
        fr: "La clé utilise un algorithme qui n'est plus sûr ({algorithm})." }
    /// An algorithm or curve this tool's OpenPGP library cannot use (e.g. brainpool).
    KeyAlgorithmUnsupported = "key-algorithm-unsupported" {
        en: "The key uses an algorithm this tool cannot encrypt with ({algorithm}). Ask the PSIRT for a key on Curve25519, NIST P-256/384/521, brainpool P-256/384 or RSA.",
        fr: "La clé utilise un algorithme avec lequel cet outil ne sait pas chiffrer ({algorithm}). Demandez au PSIRT une clé Curve25519, NIST P-256/384/521, brainpool P-256/384 ou RSA." }
    /// A brainpoolP512r1 key: no maintained Rust crate provides that curve's arithmetic.
    KeyBrainpool512Unsupported = "key-brainpool512-unsupported" {
        en: "The key is on the brainpoolP512r1 curve, which this tool cannot compute with (brainpool P-256 and P-384 work). Ask the PSIRT for a brainpoolP384r1, NIST P-384, Curve25519 or RSA key.",
        fr: "La clé est sur la courbe brainpoolP512r1, avec laquelle cet outil ne sait pas calculer (brainpool P-256 et P-384 fonctionnent). Demandez au PSIRT une clé brainpoolP384r1, NIST P-384, Curve25519 ou RSA." }
    /// Too many user ids, subkeys, signatures, or bytes.
    KeyTooLarge = "key-too-large" {
        en: "The key is too large to be accepted: more than {limit} {what}.",
        fr: "La clé est trop volumineuse pour être acceptée : plus de {limit} {what}." }
    // --- the reporter's own key (`reporter.pgp_key`) ---
    /// The reporter's key is not an OpenPGP public key.
    ReporterKeyUnreadable = "reporter-key-unreadable" {
        en: "Your public key could not be read ({reason}). Paste the whole armored block, BEGIN and END lines included.",
        fr: "Votre clé publique n'a pas pu être lue ({reason}). Collez le bloc armuré en entier, lignes BEGIN et END comprises." }
    /// A secret key where the reporter's public key is expected.
    ReporterKeySecretGiven = "reporter-key-secret-given" {
        en: "This is a secret key: never paste it anywhere. Export and paste your public key instead.",
        fr: "Ceci est une clé secrète : ne la collez jamais nulle part. Exportez et collez plutôt votre clé publique." }
    /// Only a fingerprint: it cannot encrypt a copy.
    ReporterKeyFingerprintOnly = "reporter-key-fingerprint-only" {
        en: "A fingerprint alone cannot encrypt anything: paste your armored public key to receive a copy.",
        fr: "Une empreinte seule ne permet pas de chiffrer : collez votre clé publique armurée pour recevoir une copie." }
    /// The reporter's key is revoked.
    ReporterKeyRevoked = "reporter-key-revoked" {
        en: "Your public key has been revoked: use your current key.",
        fr: "Votre clé publique a été révoquée : utilisez votre clé actuelle." }
    /// The reporter's key, or every encryption subkey of it, has expired.
    ReporterKeyExpired = "reporter-key-expired" {
        en: "Your public key (or its encryption subkey) has expired: extend it or use another key.",
        fr: "Votre clé publique (ou sa sous-clé de chiffrement) a expiré : prolongez-la ou utilisez une autre clé." }
    /// The reporter's key cannot encrypt (sign-only).
    ReporterKeyNoEncryptionKey = "reporter-key-no-encryption-key" {
        en: "Your public key has no key that may encrypt (it is for signing only).",
        fr: "Votre clé publique n'a aucune clé autorisée à chiffrer (elle ne sert qu'à signer)." }
    /// The reporter's key uses an algorithm refused or not supported.
    ReporterKeyAlgorithm = "reporter-key-algorithm" {
        en: "Your public key uses an algorithm that is refused or not supported here ({algorithm}). Curve25519, NIST P-256/384/521 or RSA 2048+ work.",
        fr: "Votre clé publique utilise un algorithme refusé ou non pris en charge ici ({algorithm}). Curve25519, NIST P-256/384/521 ou RSA 2048+ conviennent." }
    /// The reporter's key is otherwise invalid (no valid self-signature, created in the future, too large).
    ReporterKeyInvalid = "reporter-key-invalid" {
        en: "Your public key is not valid ({cause}).",
        fr: "Votre clé publique n'est pas valide ({cause})." }
    /// A v4 key and a v6 key cannot share one message (SEIPD v1 or v2).
    ReporterKeyVersionMismatch = "reporter-key-version-mismatch" {
        en: "Your public key is a version {reporter} key and the PSIRT's a version {psirt} key: one message cannot be encrypted to both. Use a version {psirt} key.",
        fr: "Votre clé publique est une clé de version {reporter} et celle du PSIRT de version {psirt} : un même message ne peut pas être chiffré pour les deux. Utilisez une clé de version {psirt}." }
    /// Generating the reporter's key: the passphrase is too short.
    ReporterKeyPassphraseShort = "reporter-key-passphrase-short" {
        en: "Choose a passphrase of at least {min} characters: it protects your secret key file.",
        fr: "Choisissez une phrase de passe d'au moins {min} caractères : elle protège le fichier de votre clé secrète." }
    /// Generating the reporter's key failed.
    ReporterKeyGenerationFailed = "reporter-key-generation-failed" {
        en: "Your key could not be generated ({reason}).",
        fr: "Votre clé n'a pas pu être générée ({reason})." }
    /// An attachment passed as bytes is unusable (empty name, too many, too large in total).
    AttachmentRefused = "attachment-refused" {
        en: "Attachment refused: {reason}.",
        fr: "Pièce jointe refusée : {reason}." }
    /// What an intake received is not an OpenPGP message (nor a mail holding one).
    InspectNotOpenpgp = "inspect-not-openpgp" {
        en: "This is not an OpenPGP message: {reason}.",
        fr: "Ce n'est pas un message OpenPGP : {reason}." }
    /// The message to open is neither an armored OpenPGP message nor a PGP/MIME e-mail.
    OpenUnreadable = "open-unreadable" {
        en: "The message could not be read as an OpenPGP message or a PGP/MIME e-mail: {reason}.",
        fr: "Le message n'a pas pu être lu comme un message OpenPGP ou un courriel PGP/MIME : {reason}." }
    /// The decrypted (and decompressed) content is larger than any sealed report can be: a
    /// compression bomb, or not this product's message.
    OpenTooLarge = "open-too-large" {
        en: "The decrypted message is larger than {limit} bytes: it was refused unread.",
        fr: "Le message déchiffré dépasse {limit} octets : il a été refusé sans être lu." }
    /// The message is not encrypted to the secret key given.
    OpenNotForThisKey = "open-not-for-this-key" {
        en: "This message is not encrypted to this secret key (it is for {recipients}).",
        fr: "Ce message n'est pas chiffré pour cette clé secrète (il est destiné à {recipients})." }
    /// The secret key could not be read or unlocked.
    OpenSecretKeyUnreadable = "open-secret-key-unreadable" {
        en: "The secret key could not be read or unlocked: {reason}.",
        fr: "La clé secrète n'a pas pu être lue ou déverrouillée : {reason}." }
    /// The integrity check (MDC or AEAD tag) failed: the message was altered.
    OpenTampered = "open-tampered" {
        en: "The message failed its integrity check: it was altered in transit. Do not trust its content; ask the reporter to send it again.",
        fr: "Le message a échoué à son contrôle d'intégrité : il a été altéré en route. Ne vous fiez pas à son contenu ; demandez au rapporteur de le renvoyer." }
    /// Decrypted, but the plaintext is not this product's PGP/MIME payload.
    OpenPayloadInvalid = "open-payload-invalid" {
        en: "The decrypted message is not a report payload: {reason}.",
        fr: "Le message déchiffré n'est pas un rapport : {reason}." }
    /// Decrypted, but not this product's payload (no `report.json`): shown as text, not validated.
    OpenUnstructured = "open-unstructured" {
        en: "The message decrypted but holds no report.json: it is shown as sent, without validation.",
        fr: "Le message a été déchiffré mais ne contient pas de report.json : il est affiché tel quel, sans validation." }
    /// A mailbox holding several mails was given where one message is expected.
    OpenSeveralMessages = "open-several-messages" {
        en: "The file holds {count} mails: open each of them (CLI: psirt-report open opens them all; npm: openAll()).",
        fr: "Le fichier contient {count} courriels : ouvrez-les un par un (CLI : psirt-report open les ouvre tous ; npm : openAll())." }
}

// --- sealing and opening: labels of the readable text rendering of a report ---

/// The label of a report field in the readable rendering inside a sealed message (`text::render`).
/// Unknown names fall back to the name itself.
pub fn label(name: &str, lang: Lang) -> &str {
    let (en, fr) = match name {
        "heading" => ("Vulnerability report", "Rapport de vulnérabilité"),
        "heading.vulnerability" => ("Vulnerability report", "Rapport de vulnérabilité"),
        "heading.data_leak" => ("Data leak report", "Signalement de fuite de données"),
        "heading.cna_appeal" => ("Appeal to the CNA coordinator", "Recours auprès du coordinateur CNA"),
        "channel.vulnerability" => ("vulnerability", "vulnérabilité"),
        "channel.data_leak" => ("data leak", "fuite de données"),
        "channel.cna_appeal" => ("CNA appeal", "recours CNA"),
        "exploited.yes" => ("yes", "oui"),
        "exploited.no" => ("no", "non"),
        "exploited.unknown" => ("unknown", "inconnu"),
        "grounds.no_response" => ("the CNA did not respond in time", "la CNA n'a pas répondu dans les délais"),
        "grounds.cve_refused" => ("the CNA refused to assign a CVE ID", "la CNA a refusé d'attribuer un identifiant CVE"),
        "grounds.record_not_populated" => ("the CNA did not populate the CVE record", "la CNA n'a pas renseigné l'enregistrement CVE"),
        "grounds.other" => ("another breach of the CNA rules", "un autre manquement aux règles des CNA"),
        "data_category.credentials" => ("credentials", "identifiants"),
        "data_category.personal_data" => ("personal data", "données personnelles"),
        "data_category.financial" => ("financial data", "données financières"),
        "data_category.health" => ("health data", "données de santé"),
        "data_category.customer_data" => ("customer data", "données clients"),
        "data_category.source_code" => ("source code", "code source"),
        "data_category.configuration" => ("configuration", "configuration"),
        "data_category.internal_documents" => ("internal documents", "documents internes"),
        "data_category.cryptographic_keys" => ("cryptographic keys", "clés cryptographiques"),
        "data_category.other" => ("other", "autre"),
        "title" => ("Title", "Titre"),
        "channel" => ("Channel", "Canal"),
        "reporter" => ("Reporter", "Rapporteur"),
        "organization" => ("Organization", "Organisation"),
        "credit" => ("Credit", "Mention"),
        "anonymous" => ("Anonymous", "Anonyme"),
        "summary" => ("Summary", "Résumé"),
        "affected" => ("Affected", "Produits concernés"),
        "versions" => ("versions", "versions"),
        "component" => ("component", "composant"),
        "description" => ("Description", "Description"),
        "steps_to_reproduce" => ("Steps to reproduce", "Étapes de reproduction"),
        "impact" => ("Impact", "Impact"),
        "proof_of_concept" => ("Proof of concept", "Preuve de concept"),
        "severity" => ("Severity", "Sévérité"),
        "cwe" => ("CWE", "CWE"),
        "discovered_on" => ("Discovered on", "Découvert le"),
        "third_party_software" => ("Third-party software", "Logiciel tiers"),
        "exploited" => ("Exploited", "Exploité"),
        "proposed_date" => ("Proposed disclosure date", "Date de divulgation proposée"),
        "data_leak" => ("Data leak", "Fuite de données"),
        "data_categories" => ("Data categories", "Catégories de données"),
        "location" => ("Location", "Emplacement"),
        "still_accessible" => ("Still accessible", "Toujours accessible"),
        "records_estimate" => ("Records (estimate)", "Enregistrements (estimation)"),
        "appeal" => ("CNA appeal", "Recours CNA"),
        "cna" => ("CNA", "CNA"),
        "grounds" => ("Grounds", "Motif"),
        "cve_id" => ("CVE", "CVE"),
        "request_reference" => ("Request reference", "Référence de la demande"),
        "first_contact_on" => ("First contact on", "Premier contact le"),
        "details" => ("Details", "Détails"),
        "commitments" => ("Commitments", "Engagements"),
        "no_exploitation" => ("No exploitation", "Aucune exploitation"),
        "no_disclosure_without_consent" => ("No disclosure without consent", "Aucune divulgation sans accord"),
        "no_prohibited_attacks" => ("No prohibited attacks", "Aucune attaque interdite"),
        "policy_version" => ("Policy version", "Version de la politique"),
        "attachments" => ("Attachments", "Pièces jointes"),
        "bytes" => ("bytes", "octets"),
        "user ids" => ("user ids", "identités"),
        "subkeys" => ("subkeys", "sous-clés"),
        "signatures" => ("signatures", "signatures"),
        "yes" => ("yes", "oui"),
        "no" => ("no", "non"),
        "footer" => (
            "The report itself is attached as report.json (canonical JSON); this text is a rendering of it.",
            "Le rapport lui-même est joint sous le nom report.json (JSON canonique) ; ce texte en est une présentation.",
        ),
        _ => return_name(name),
    };
    match lang {
        Lang::En => en,
        Lang::Fr => fr,
    }
}

fn return_name(name: &str) -> (&str, &str) {
    (name, name)
}

impl Code {
    /// The sentence for this code, with `{name}` placeholders filled from `params`.
    /// A placeholder without a parameter is left visible rather than silently dropped.
    pub fn render(self, lang: Lang, params: &Params) -> String {
        render(self.template(lang), params)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// For an error type with inherent `code()` and `params()`: its `message(lang)`, and `Display`
/// (English) plus `std::error::Error`, so that every error's words come from this catalog.
macro_rules! localized_error {
    ($t:ty) => {
        impl $t {
            /// The error in words, in `lang`.
            pub fn message(&self, lang: $crate::i18n::Lang) -> String {
                self.code().render(lang, &self.params())
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.message($crate::i18n::Lang::En))
            }
        }
        impl std::error::Error for $t {}
    };
}
pub(crate) use localized_error;

/// Named parameters of a message, also returned to callers as data (`params`).
pub type Params = BTreeMap<&'static str, String>;

fn render(template: &str, params: &Params) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match params.get(name) {
                    Some(v) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(t: &str) -> Vec<&str> {
        let mut v: Vec<&str> = t.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(n, _)| n)).collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn every_code_has_both_languages_with_the_same_placeholders() {
        for &c in Code::ALL {
            let (en, fr) = (c.template(Lang::En), c.template(Lang::Fr));
            assert!(!en.is_empty() && !fr.is_empty(), "{c}");
            assert_ne!(en, fr, "{c} is not translated");
            assert_eq!(placeholders(en), placeholders(fr), "{c}");
            assert_eq!(Code::from_name(c.as_str()), Some(c));
        }
    }

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for &c in Code::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "duplicate {s}");
            assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        }
    }

    #[test]
    fn render_fills_and_keeps_unknown_placeholders() {
        let mut p = Params::new();
        p.insert("limit", "5".into());
        assert_eq!(render("at most {limit} ({nope})", &p), "at most 5 ({nope})");
        assert_eq!(render("no braces", &p), "no braces");
        assert_eq!(render("dangling {", &p), "dangling {");
    }

    #[test]
    fn lang_parse() {
        assert_eq!(Lang::parse("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
    }
}
