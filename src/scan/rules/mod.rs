//! The detectors, as data: one rule = id, category, rank, trigger (keywords for the prefilter),
//! window, pattern, validator, known documentation values.
//!
//! Patterns are `regex` syntax with Unicode off (`(?-u)`: ASCII `\b`, `\s`, `\d`), matched on
//! bytes; the secret is the first capture group that takes part in the match (several
//! alternatives may each capture), else the whole match. `rank` settles overlaps: the most
//! specific rule wins (a checksum-verified GitHub token over the URL credential it sits in).
//!
//! Triggers: `Words` are matched ASCII-case-insensitively, `Prefixes` exactly; the regex then
//! runs from `before` bytes ahead of each hit to `after` bytes past it (windows of one rule are
//! merged). `Digits` rules run wherever six digits fall within 24 bytes.
//!
//! Category choices worth knowing: a URL with a password whose scheme is a database or broker
//! (`postgres://`, `mongodb+srv://`, `redis://`, `amqp://`, `jdbc:…`) is a `connection_string`;
//! any other scheme (`https://user:pw@…`, `ftp://`) is `url_credentials`. A GCP service-account
//! file is flagged by its `private_key_id` (its `private_key` is a `private_key` finding).

use super::ctx::{Ctx, Verdict};
use super::validators as v;
use super::Category::{self, *};

pub(crate) enum Trigger {
    /// ASCII case-insensitive keywords.
    Words(&'static [&'static str]),
    /// Case-sensitive prefixes.
    Prefixes(&'static [&'static str]),
    /// ASCII case-insensitive header names: the window is the rest of the header's line (at most
    /// `after` bytes), so a pattern can match each item of the header without naming it again.
    HeaderLine(&'static [&'static str]),
    /// Digit-dense stretches.
    Digits,
}

pub(crate) struct Rule {
    pub id: &'static str,
    pub category: Category,
    /// Higher wins when findings overlap.
    pub rank: u8,
    pub trigger: Trigger,
    pub before: usize,
    pub after: usize,
    pub pattern: &'static str,
    pub check: fn(&Ctx) -> Verdict,
    /// Exact values published as documentation or test values: kept, severity `info`.
    pub examples: &'static [&'static str],
    /// Texts in which this rule alone must find a real value, and texts in which it must not:
    /// `engine::tests::every_rule_keeps_its_examples` runs them all, and fails for a rule
    /// that has none of either. Read by that test only, and compiled only for it: in the shipped
    /// module they were dead data (the strings of every rule's examples).
    #[cfg(test)]
    pub should_match: &'static [&'static str],
    #[cfg(test)]
    pub should_not_match: &'static [&'static str],
}

/// Pattern fragments shared by the prose rules (`concat!` needs literals, hence macros).
///
/// A value written in a sentence: quoted (`"…"`, `'…'`, `« … »`, `“…”`) or bare; it must hold a
/// digit or a symbol, so that `the password is stored` or `le mot de passe est trop court` do
/// not match at all and the regex goes on to the parse that does (`… for the 'etl' user is X`).
/// A bare value ends before sentence punctuation (`… is Kest857har.`). A passphrase of four
/// or more plain words joined by hyphens counts when bracketed (`(saddle-correct-pepper-bamboo)`).
macro_rules! prose_value {
    () => {
        concat!(
            r#"(?:"([^"\r\n]*[0-9!#$%&*+=?@^~_|][^"\r\n]*)""#,
            r#"|'([^'\r\n]*[0-9!#$%&*+=?@^~_|][^'\r\n]*)'"#,
            r#"|\xC2\xAB(?:[ \t]|\xC2\xA0|\xE2\x80\xAF)*([^\s\xC2\xE2]*[0-9!#$%&*+=?@^~_|][^\s\xC2\xE2]*)(?:[ \t]|\xC2\xA0|\xE2\x80\xAF)*\xC2\xBB"#,
            r#"|\xE2\x80[\x9C\x98]([^\s\xC2\xE2]*[0-9!#$%&*+=?@^~_|][^\s\xC2\xE2]*)\xE2\x80[\x9D\x99]"#,
            r#"|\(([a-z]{3,12}(?:-[a-z]{3,12}){3,7})\)"#,
            r#"|([^\s"'<>\xC2\xE2]*(?:[0-9!#$%&*+=?@^~_|][^\s"'<>\xC2\xE2]*[^\s"'<>\xC2\xE2.,;:)!?]|[0-9#$%&*+=@^~_|])))"#
        )
    };
}

/// From a credential word to its value: the value right after the word and a `:`, `=` or `(`,
/// or right after the word (`with password X`, `PIN 4821`, `mot de passe X`), tried first;
/// else a few words (`for the
/// 'reporting' database user`, `du Wi-Fi invité`), then `is` / `was set to` / `est` / `c'est` /
/// `:` / `=` / `(`.
macro_rules! prose_link {
    () => {
        concat!(
            r#"(?:[ \t]*[(:=][ \t]*|[ \t]+|(?:[ \t]+[^\s.!?:;=,()]{1,30}){0,8}?(?:[ \t]*[:=(][ \t]*|[ \t]+(?:is|was|are|were|reads|is set to|was set to|set to|was changed to|changed to|is now|est|sont|c'est|c\xE2\x80\x99est|vaut|est d\xC3\xA9fini \xC3\xA0|d\xC3\xA9fini \xC3\xA0)(?:[ \t]+(?:still|now|always|just|simply|literally|toujours|encore|bien|simplement|actuellement))?[ \t]+))"#
        )
    };
}

/// `name: value`, `name = value`, `"name": "value"`, `Name : value` (a French label with a
/// no-break space): the name (a few words at most, no line break) is left uncaptured for the
/// validator to read from the whole match; the value is quoted or runs to the end of its line.
macro_rules! named_value {
    () => {
        concat!(
            r#"(?-u)[A-Za-z\x80-\xFF][A-Za-z0-9_.\x80-\xFF'\- ]{0,48}?["']?(?:[ \t]|\xC2\xA0)*(?:=>|[:=]|\.{3,}|\xE2\x80\xA6+)(?:[ \t]|\xC2\xA0)*"#,
            r#"(?:"([^"\r\n]{1,160})"|'([^'\r\n]{1,160})'|([^\s"'{\[<,][^\r\n"]{0,159}))"#
        )
    };
}

use Trigger::{Digits, HeaderLine, Prefixes, Words};

const NONE: &[&str] = &[];

/// Every token of password-like bytes (ASCII letters, digits, `!#$%&*+=?@^~_.-`, Latin-1 letters
/// in UTF-8) not ending in `.` or `?`. The engine runs it by hand (`engine::token_at`, the same
/// matches, checked against this regex) since it matches every word of its windows.
pub(crate) const TOKEN_PATTERN: &str =
    r"(?-u)((?:[A-Za-z0-9!#$%&*+=?@^~_.\-]|\xC3[\x80-\xBF])*(?:[A-Za-z0-9!#$%&*+=@^~_\-]|\xC3[\x80-\xBF]))";

pub(crate) static RULES: &[Rule] = &[
    // --- private keys ----------------------------------------------------------------------
    Rule {
        id: "private-key-block",
        category: PrivateKey,
        rank: 6,
        trigger: Prefixes(&["-----BEGIN"]),
        before: 0,
        after: 65536,
        pattern: r"(?-u)-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:(?s:.)*?-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\r\n\\]*)",
        check: v::check_private_key,
        examples: NONE,
        #[cfg(test)]
        should_match: &["-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIEa3xSUWHoJfC1utq8+xRCJhgGWYm0Q8DI+CyoG3flAuoAoGCCqGSM49\nAwEHo97+kmtI9TmCa9pez6i0uC56qd29F3mzpC5slWP3YN0tZ1tFmSm4/cbHacsD\n0Y4BMjIfntoI1lCxgnhsp9EyWFDPSem3vA==\n-----END EC PRIVATE KEY-----"],
        #[cfg(test)]
        should_not_match: &["-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----", "the header -----BEGIN RSA PRIVATE KEY----- alone, quoted in prose"],
    },
    Rule {
        id: "putty-private-key",
        category: PrivateKey,
        rank: 6,
        trigger: Prefixes(&["PuTTY-User-Key-File-"]),
        before: 0,
        after: 16384,
        pattern: r"(?-u)PuTTY-User-Key-File-[23]: [^\r\n]+(?s:.)*?Private-Lines: \d+\r?\n(?:[A-Za-z0-9+/=]+\r?\n?)+",
        check: v::check_shape,
        examples: NONE,
        #[cfg(test)]
        should_match: &["PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: luc@laptop\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAINrWlpJBEzckiqm1cd5GnAfdMAeifdpI1ftO0koR\n8Nnc\nPrivate-Lines: 1\nAAAAIJzIFL9DUG3nLC7n9HI1rRtFHf6r3OlHb8GFc6jSMgmS\nPrivate-MAC: 97d9b6d2f45e28a23c38c6826049a19704c0379a197fc0854a81bce7408b23f2"],
        #[cfg(test)]
        should_not_match: &["PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\nxxxx"],
    },
    // --- cloud and vendor tokens ---------------------------------------------------------------
    Rule {
        id: "aws-access-key-id",
        category: AwsAccessKeyId,
        rank: 4,
        trigger: Prefixes(&[
            "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "AROA", "APKA", "ASCA",
        ]),
        before: 0,
        after: 24,
        pattern: r"(?-u)\b((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16})\b",
        check: v::check_aws_key_id,
        examples: NONE,
        #[cfg(test)]
        should_match: &["AWS_KEY=AKIA3SNUEZL4ZY35G276", "AKIA3SNUEZLLLLZY35G2"],
        #[cfg(test)]
        should_not_match: &["AKIAXXXXXXXXXXXXXXXX", "AKIA1234"],
    },
    Rule {
        id: "aws-secret-access-key",
        category: AwsSecretKey,
        rank: 4,
        // `aws_secret_access_key`, `AWS-SECRET-ACCESS-KEY`, `aws.secretKey`, `SecretAccessKey`…
        trigger: Words(&[
            "secret_access_key",
            "secretaccesskey",
            "secret-access-key",
            "secret.access.key",
            "aws_secret",
            "awssecret",
            "aws-secret",
            "aws.secret",
        ]),
        before: 0,
        after: 120,
        // Separators: `=`, `:`, `=>`, columns of spaces, a Markdown table cell (`| KEY | value |`),
        // a Terraform state output (`"key": {"value": "…"`).
        pattern: r#"(?i-u)(?:aws[._-]?secret(?:[._-]?access)?[._-]?key|secret[._-]?access[._-]?key)["'`]?(?:\s*(?:value\s*)?(?::|=>|=)\s*(?:\{\s*"value"\s*:\s*)?["']?|[ \t]+|[ \t]*\|[ \t]*`?)([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
        check: v::check_aws_secret,
        examples: NONE,
        #[cfg(test)]
        should_match: &["  secretAccessKey: ohyp+2xrcaePb1ZcCrPuKVDQ9SFmzLc3BPev+lbM", "| AWS_SECRET_ACCESS_KEY | hm4Wzhu5iMVOZucth+dyaoLoehnoe68tPi8WfpxQ | valide |", r#""aws_secret_access_key": {"value": "6x3SQSvDsrT0f29NLBZeiKhEnQxFn9Al1sws1lSQ", "type": "string"}"#, "aws configure set aws_secret_access_key Zm5DJTPrO56bGaI+tBajzRb/Qwcvw6ktnK1gaEuW"],
        #[cfg(test)]
        should_not_match: &["aws_secret_access_key = <your-secret-access-key>", "aws_secret_access_key = 0123456789abcdef0123456789abcdef01234567"],
    },
    Rule {
        // `access key AKIA… / secret …`, `AKIA…:…`, `('AKIA…', '…')`, or on the next line as
        // `secret_key = …` (Terraform, ~/.aws/credentials): a secret written right after its access
        // key id, whatever names them.
        id: "aws-secret-after-key-id",
        category: AwsSecretKey,
        rank: 4,
        trigger: Prefixes(&["AKIA", "ASIA"]),
        before: 0,
        after: 120,
        pattern: r#"(?-u)\b(?:AKIA|ASIA)[A-Z0-9]{16}\b["']?(?:[ \t]*[,:;/|=](?:[ \t]*\r?\n)?[ \t]*["']?(?:(?i:secret(?:[ _-]?(?:access[ _-]?)?key)?)["']?[ \t]*[:=]?[ \t]*["']?)?|[ \t]*\r?\n[ \t]*|[ \t]+(?i:and|with|et|avec)[ \t]+(?i:(?:the|its|their|le|la|son|sa|leur)[ \t]+)?(?i:secret(?:[ _-]?(?:access[ _-]?)?key)?|cl\xC3\xA9 secr\xC3\xA8te)[ \t]*(?:(?i:is|est)[ \t]+|[:=][ \t]*)?["']?|[ \t]*,?\r?\n[ \t]*["']?(?i:[a-z_.-]*secret[a-z_.-]*)["']?[ \t]*(?:=|:)[ \t]*["']?)([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
        check: v::check_aws_secret,
        examples: NONE,
        #[cfg(test)]
        should_match: &["$ access key ASIAZHCY3QHYNC3THPS4 / secret 7oBB9mK3V5TBw/H56qkVw96SVNYeijvJagGnshEj", "NewStaticCredentials(\n\t\"AKIABLCIUYT43YWMVHYM\",\n\t\"hsSiD6swGjTzOlMjyYy/WD1OVjft3p3zkqo+0mym\",\n\t\"\")", "La clé AKIA2IOQU4PU3LLI56PV et son secret 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 apparaissent"],
        #[cfg(test)]
        should_not_match: &["AKIAXXXXXXXXXXXXXXXX / ${AWS_SECRET_ACCESS_KEY}"],
    },
    Rule {
        id: "github-token",
        category: GithubToken,
        rank: 4,
        trigger: Prefixes(&["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]),
        before: 0,
        after: 300,
        pattern: r"(?-u)\b(gh[pousr]_[A-Za-z0-9]{36,251})\b",
        check: v::check_github,
        examples: &[
            "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
            "gho_16C7e42F292c6912E7710c838347Ae178B4a",
            "ghu_16C7e42F292c6912E7710c838347Ae178B4a",
            "ghs_16C7e42F292c6912E7710c838347Ae178B4a",
            "ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498",
        ],
        #[cfg(test)]
        should_match: &["  password 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"],
        #[cfg(test)]
        should_not_match: &["ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ghp_16C7e42F292c6912E7710c838347Ae178B4b"],
    },
    Rule {
        id: "github-pat-fine-grained",
        category: GithubToken,
        rank: 4,
        trigger: Prefixes(&["github_pat_"]),
        before: 0,
        after: 100,
        pattern: r"(?-u)\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b",
        check: v::check_github_pat,
        examples: NONE,
        #[cfg(test)]
        should_match: &["$ token 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"],
        #[cfg(test)]
        should_not_match: &["github_pat_XXXXXXXXXXXXXXXXXXXXXX_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"],
    },
    Rule {
        id: "gitlab-token",
        category: GitlabToken,
        rank: 4,
        trigger: Prefixes(&[
            "glpat-",
            "gldt-",
            "glrt-",
            "glptt-",
            "glcbt-",
            "glft-",
            "glimt-",
            "glsoat-",
            "gloas-",
            "glagent-",
            "GR1348941",
        ]),
        before: 0,
        after: 400,
        pattern: r"(?-u)\b((?:glpat|gldt|glrt|glptt|glcbt|glft|glimt|glsoat|gloas|glagent)-[A-Za-z0-9_-]{20,}(?:\.[0-9a-z]{2}\.[0-9a-z]{7,9})?|GR1348941[A-Za-z0-9_-]{20,})",
        check: v::check_random_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["token = glpat-6LyHWUErXIFNdXtoyNZI"],
        #[cfg(test)]
        should_not_match: &["glpat-xxxxxxxxxxxxxxxxxxxx", "PRIVATE-TOKEN: <your_access_token>"],
    },
    Rule {
        id: "slack-token",
        category: SlackToken,
        rank: 4,
        trigger: Prefixes(&["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxo-", "xoxe-", "xoxe."]),
        before: 0,
        after: 300,
        pattern: r"(?-u)\b(xox(?:[abposr]|e\.xox[bp]|e)-[0-9A-Za-z-]{10,250})",
        check: v::check_slack_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["SLACK_TOKEN=xoxb-61521579729-976907758679-HgY5NJeJW5RNimXisuUIelbL"],
        #[cfg(test)]
        should_not_match: &["xoxb-your-token-here", "xoxb-123-abc"],
    },
    Rule {
        // App-level tokens (Socket Mode): `xapp-1-<app id>-<numeric id>-<64 hex>`.
        id: "slack-app-token",
        category: SlackToken,
        rank: 4,
        trigger: Prefixes(&["xapp-"]),
        before: 0,
        after: 200,
        pattern: r"(?-u)\b(xapp-\d-[A-Z0-9]{8,14}-\d{8,16}-[a-f0-9]{64})\b",
        check: v::check_shape,
        examples: NONE,
        #[cfg(test)]
        should_match: &["SLACK_TOKEN=xapp-1-AW6W8IVEEY0-6941260394962-a351bc224058dfa3853abebef5d44e022af6ed9aa4cab0315ba8e5f142c3f20d"],
        #[cfg(test)]
        should_not_match: &["xapp-your-app-token"],
    },
    Rule {
        id: "slack-webhook",
        category: SlackWebhook,
        rank: 4,
        trigger: Words(&["hooks.slack.com"]),
        before: 8,
        after: 200,
        pattern: r"(?-u)(https?://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{20,})",
        check: v::check_slack_webhook,
        examples: NONE,
        #[cfg(test)]
        should_match: &["$ webhook https://hooks.slack.com/services/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"],
        #[cfg(test)]
        should_not_match: &["https://hooks.slack.com/services/XXXXXXXXX/XXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX"],
    },
    Rule {
        id: "stripe-secret-key",
        category: StripeKey,
        rank: 4,
        trigger: Prefixes(&["sk_live_", "rk_live_", "sk_test_", "rk_test_", "whsec_"]),
        before: 0,
        after: 260,
        // `whsec_`: a webhook signing secret (it forges events to the account's endpoint).
        pattern: r"(?-u)\b((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{20,247}|whsec_[0-9A-Za-z]{24,})\b",
        check: v::check_stripe,
        examples: NONE,
        #[cfg(test)]
        should_match: &["STRIPE_KEY = sk_live_8w3S2DHghDprdyvhgKmfPUDh", "| STRIPE_WEBHOOK_SECRET | `whsec_m3fQxHNmlTahfIDpsgYDmBU8jdNfUxmQ` |"],
        #[cfg(test)]
        should_not_match: &["sk_live_XXXXXXXXXXXXXXXXXXXXXXXX", "sk_live_your_key_here", "whsec_your_signing_secret"],
    },
    Rule {
        id: "google-api-key",
        category: GoogleApiKey,
        rank: 4,
        trigger: Prefixes(&["AIza"]),
        before: 0,
        after: 60,
        pattern: r"(?-u)\b(AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)",
        check: v::check_random_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["apiKey = AIzaw2yZfAJiyIzZHxouwOG4FsZ5dx0LV0zjG0i"],
        #[cfg(test)]
        should_not_match: &["AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "key=AIza_your_api_key"],
    },
    Rule {
        id: "gcp-service-account-key-id",
        category: GcpServiceAccount,
        rank: 4,
        trigger: Words(&["private_key_id"]),
        before: 1,
        after: 120,
        pattern: r#"(?-u)"private_key_id"\s*:\s*"([0-9a-f]{40})""#,
        check: v::check_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#"  "private_key_id": "a1ba5cee2db578877ed87b0941be5d8ba16bb58e","#],
        #[cfg(test)]
        should_not_match: &[r#""private_key_id": "<KEY_ID>""#],
    },
    Rule {
        id: "azure-storage-key",
        category: AzureConnectionString,
        rank: 4,
        trigger: Words(&["accountkey", "sharedaccesskey"]),
        before: 0,
        after: 200,
        pattern: r"(?i-u)\b(?:AccountKey|SharedAccessKey)\s*=\s*([A-Za-z0-9+/]{20,}={0,2})",
        check: v::check_azure_key,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#"  "ServiceBus": "Endpoint=sb://stvp1tt5tixy.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=2SYzUj5wEMQ34e/ZFc3VWEuWN1X8rW/ype0vggBLnYI=","#],
        #[cfg(test)]
        should_not_match: &["AccountKey=<your-account-key>;EndpointSuffix=core.windows.net"],
    },
    Rule {
        id: "azure-sas-token",
        category: AzureSasToken,
        rank: 4,
        trigger: Words(&["sig="]),
        before: 1,
        after: 200,
        pattern: r"(?i-u)[?&;]sig=([A-Za-z0-9%+/]{30,}(?:%3D|=){0,2})",
        check: v::check_sas,
        examples: NONE,
        #[cfg(test)]
        should_match: &["sv=2022-11-02&ss=b&srt=co&sp=rl&se=2025-09-28T18:00:00Z&st=2024-11-01T09:00:00Z&spr=https&sig=w3qPsbOpsh%2FbtlbuYYgJ2K9swD3l3qJSrPx4hn5yXxX%3D"],
        #[cfg(test)]
        should_not_match: &["https://acct.blob.core.windows.net/c/b.txt?sv=2022-11-02&sig=<signature>"],
    },
    Rule {
        id: "npm-token",
        category: NpmToken,
        rank: 4,
        trigger: Prefixes(&["npm_"]),
        before: 0,
        after: 50,
        pattern: r"(?-u)\b(npm_[A-Za-z0-9]{36})\b",
        check: v::check_npm,
        examples: NONE,
        #[cfg(test)]
        should_match: &["NPM_TOKEN=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"],
        #[cfg(test)]
        should_not_match: &["npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "npm_abcdefghijklmnopqrstuvwxyz0123456789"],
    },
    Rule {
        id: "npmrc-auth-token",
        category: NpmToken,
        rank: 3,
        trigger: Words(&["_authtoken"]),
        before: 0,
        after: 200,
        pattern: r#"(?i-u)_authToken\s*=\s*["']?([A-Za-z0-9_./+=-]{16,})"#,
        check: v::check_keyed_secret,
        examples: NONE,
        #[cfg(test)]
        should_match: &["//registry.npmjs.org/:_authToken=YGCMTBAlgSh7zWQHC9JxMAOQ3gQLPNmr6VSu"],
        #[cfg(test)]
        should_not_match: &["//registry.npmjs.org/:_authToken=${NPM_TOKEN}"],
    },
    Rule {
        // `.npmrc`'s `_auth=` is base64 of `user:password` (HTTP Basic credentials); its
        // `_password=` (the password alone) is a password assignment, found by that rule.
        id: "npmrc-basic-auth",
        category: AuthorizationHeader,
        rank: 3,
        trigger: Words(&[":_auth", "\n_auth"]),
        before: 1,
        after: 200,
        pattern: r#"(?i-u)_auth[ \t]*=[ \t]*["']?([A-Za-z0-9+/]{8,}={0,2})(?:["'\s]|$)"#,
        check: v::check_basic_blob,
        examples: NONE,
        #[cfg(test)]
        should_match: &["//srv-22.infra.lan/npm/:_auth=YnVpbGQ6VG91cm5lc29sLjkyMS56"],
        #[cfg(test)]
        should_not_match: &["//registry.npmjs.org/:_auth=${NPM_AUTH}", "//registry.npmjs.org/:_auth=dXNlcm5hbWU="],
    },
    Rule {
        // Credentials passed to the call that uses them, in source code or a stack trace's
        // frame: `DriverManager.getConnection(url, user, "…")`, `new PDO($dsn, 'u', '…')`,
        // `PDO->__construct('mysql:…', 'crm', '…')`, `mysqli_connect(h, u, '…')`,
        // `new NetworkCredential("u", "…")`, `UsernamePasswordCredentials("u", "…")`.
        id: "credential-call-argument",
        category: PasswordAssignment,
        rank: 2,
        trigger: Words(&["getconnection", "pdo(", "pdo->__construct", "mysqli_connect", "mysql_connect", "new mysqli", "networkcredential", "usernamepasswordcredentials", "passwordauthentication"]),
        before: 0,
        after: 400,
        pattern: r#"(?i-u)(?:(?:getConnection|PDO(?:->__construct)?|mysqli_connect|mysql_connect|mysqli)[ \t]*\([ \t]*(?:"[^"\r\n]*"|'[^'\r\n]*'|[A-Za-z_$][A-Za-z0-9_.$\[\]'"-]*)[ \t]*,[ \t]*|(?:NetworkCredential|UsernamePasswordCredentials|PasswordAuthentication)[ \t]*\()[ \t]*(?:"[^"\r\n]*"|'[^'\r\n]*'|[A-Za-z_$][A-Za-z0-9_.$]*)[ \t]*,[ \t]*(?:"([^"\r\n]{4,128})"|'([^'\r\n]{4,128})')"#,
        check: v::check_code_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &[
            r#"Connection c = DriverManager.getConnection("jdbc:postgresql://10.0.4.12:5432/crm", "crm_app", "W1nter#Crm2024");"#,
            "#0 /var/www/db.php(12): PDO->__construct('mysql:host=192.168.239.73;dbname=crm', 'crm', '2r%4NrE*2@@-0a')",
            r#"var cred = new NetworkCredential("svc_backup", "P@ssw0rd!Backup77", "CORP");"#,
            "$link = mysqli_connect('localhost', 'root', 'Qz7!rootDb');",
        ],
        #[cfg(test)]
        should_not_match: &[
            r#"DriverManager.getConnection(url, user, "")"#,
            "new PDO($dsn, $user, $password)",
            r#"new NetworkCredential("svc_backup", "<password>")"#,
            r#"DriverManager.getConnection(url, "app", System.getenv("DB_PASSWORD"))"#,
        ],
    },
    Rule {
        // PHP's named constants: `define('DB_PASSWORD', '…')`, `define('API_SECRET', '…')`,
        // WordPress's `define('AUTH_KEY', '…')` salts.
        id: "php-define-secret",
        category: PasswordAssignment,
        rank: 2,
        trigger: Words(&["define("]),
        before: 0,
        after: 300,
        pattern: r#"(?-u)\bdefine[ \t]*\([ \t]*['"][A-Za-z0-9_]*(?i:pass|pwd|secret|token|_key|salt|auth)[A-Za-z0-9_]*['"][ \t]*,[ \t]*(?:'([^'\r\n]{4,128})'|"([^"\r\n]{4,128})")"#,
        check: v::check_code_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["define('API_SECRET', 'ffe5a2c45d73870fa29a47a8f5d39cd9');", "define( 'DB_PASSWORD', 'xK8#mN2$pQ' );"],
        #[cfg(test)]
        should_not_match: &["define('DB_PASSWORD', 'password_here');", "define('DB_PASSWORD', getenv('DB_PASSWORD'));", "define('AUTH_KEY', 'put your unique phrase here');"],
    },
    Rule {
        id: "pypi-token",
        category: PypiToken,
        rank: 4,
        trigger: Prefixes(&["pypi-AgE"]),
        before: 0,
        after: 400,
        pattern: r"(?-u)\b(pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,})",
        check: v::check_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["password = pypi-AgEIcHlwaS5vcmcdkrI0MW2UF2W-WDNdWwLu9szgHAkS3fYxulny3uCoVQvskHaeS9gdJj24X7xdarL4onqmSn6I1RbhzH5ESe-EKC2tU59ULM_7-2P3qsW6hg84pC-q0TDMXBWBgk-4KoULw"],
        #[cfg(test)]
        should_not_match: &["password = pypi-<your-token>", "pypi-AgEI"],
    },
    Rule {
        id: "sendgrid-api-key",
        category: SendgridKey,
        rank: 4,
        trigger: Prefixes(&["SG."]),
        before: 0,
        after: 80,
        pattern: r"(?-u)\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$)",
        check: v::check_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["$ sendgrid key 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"],
        #[cfg(test)]
        should_not_match: &["SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"],
    },
    Rule {
        id: "twilio-api-key",
        category: TwilioKey,
        rank: 4,
        trigger: Prefixes(&["SK"]),
        before: 0,
        after: 40,
        pattern: r"(?-u)\b(SK[0-9a-f]{32})\b",
        check: v::check_random_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["TWILIO_API_KEY=SK40ff5850ffd400aed50bb6db058f10c0"],
        #[cfg(test)]
        should_not_match: &["SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "SKU 12345"],
    },
    Rule {
        // An API key and its secret as `curl -u SK…:secret` takes them.
        id: "twilio-key-and-secret",
        category: TwilioKey,
        rank: 4,
        trigger: Prefixes(&["SK"]),
        before: 0,
        after: 80,
        pattern: r"(?-u)\bSK[0-9a-f]{32}:([A-Za-z0-9]{32})\b",
        check: v::check_keyed_secret,
        examples: NONE,
        #[cfg(test)]
        should_match: &["curl -u SKfddfe213acc2290d9e245b28a9bc6009:viuCFJWaia6U9UFAsszXXDApN3suVl9I https://api.twilio.com"],
        #[cfg(test)]
        should_not_match: &["-u SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx:${TWILIO_SECRET}"],
    },
    Rule {
        id: "twilio-auth-token",
        category: TwilioKey,
        rank: 4,
        trigger: Words(&["twilio"]),
        before: 0,
        after: 120,
        // Separators: `=`, `:`, columns, a Markdown table cell, a Kubernetes `env` entry
        // (`- name: TWILIO_AUTH_TOKEN` then `value: "…"` on the next line).
        pattern: r#"(?i-u)twilio[A-Za-z_ -]{0,20}(?:auth[_-]?token|api[_-]?secret|secret|token)["'`]?(?:\s*[:=]\s*["']?|[ \t]{2,}|\t|[ \t]*\|[ \t]*`?|[ \t]*\r?\n[ \t]*value[ \t]*:[ \t]*["']?)([A-Za-z0-9]{32})\b"#,
        check: v::check_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["TWILIO_AUTH_TOKEN=d10ab922fc141d4002dc2900e76eb4b0", "| TWILIO_API_SECRET | `0EMXhpKPGT0mvFcWsX6zQR1vuKHLbeUQ` |", "- name: TWILIO_AUTH_TOKEN\n  value: \"23a35e0e6c93945412fe7469533915c1\""],
        #[cfg(test)]
        should_not_match: &["TWILIO_AUTH_TOKEN=your_auth_token", "twilio auth token: <token>"],
    },
    Rule {
        // `Client('AC…', '…')`, `AC…:…`: an auth token written next to its account SID.
        id: "twilio-sid-and-token",
        category: TwilioKey,
        rank: 4,
        trigger: Prefixes(&["AC"]),
        before: 0,
        after: 90,
        pattern: r#"(?-u)\bAC[0-9a-f]{32}\b["']?(?:[ \t]*[,:;/|][ \t]*["']?|[^\r\n]{0,30}?(?i:auth[ _-]?token|secret)[ \t:=]*["']?)([0-9a-f]{32})\b"#,
        check: v::check_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#"client = Client("ACe37838a773d2d7c579a673a999df3bbb", "a0cac770818143943a312729e4b5bd20")"#],
        #[cfg(test)]
        should_not_match: &["ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx:${TWILIO_AUTH_TOKEN}"],
    },
    Rule {
        id: "openai-api-key",
        category: AiApiKey,
        rank: 4,
        trigger: Prefixes(&["sk-proj-", "sk-svcacct-", "sk-admin-", "sk-"]),
        before: 0,
        after: 300,
        pattern: r"(?-u)\b(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|sk-[A-Za-z0-9]{48})\b",
        check: v::check_random_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#"    "HF_TOKEN": "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","#],
        #[cfg(test)]
        should_not_match: &["OPENAI_API_KEY=sk-...", "sk-your-key-here"],
    },
    Rule {
        id: "anthropic-api-key",
        category: AiApiKey,
        rank: 5,
        trigger: Prefixes(&["sk-ant-"]),
        before: 0,
        after: 200,
        pattern: r"(?-u)\b(sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{80,})",
        check: v::check_random_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["x-api-key: sk-ant-api03-v_TQfjPeOad9HkhhMSOAF9Ninr7rgV9_Hqx7KxiDkqxINhFV2m3DtIElu5iz9iNe0sDEoNh3KWq73LolNhVqVkERl7GVKAA\r"],
        #[cfg(test)]
        should_not_match: &["sk-ant-xxxxxxxxxxxxxxxxxxxxxxxx"],
    },
    Rule {
        id: "huggingface-token",
        category: AiApiKey,
        rank: 4,
        trigger: Prefixes(&["hf_"]),
        before: 0,
        after: 40,
        pattern: r"(?-u)\b(hf_[A-Za-z]{34})\b",
        check: v::check_random_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["$ key 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"],
        #[cfg(test)]
        should_not_match: &["hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "the hf_hub_download() helper"],
    },
    Rule {
        id: "groq-api-key",
        category: AiApiKey,
        rank: 4,
        trigger: Prefixes(&["gsk_"]),
        before: 0,
        after: 60,
        pattern: r"(?-u)\b(gsk_[A-Za-z0-9]{52})\b",
        check: v::check_random_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["  OPENAI_API_KEY: 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"],
        #[cfg(test)]
        should_not_match: &["gsk_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"],
    },
    Rule {
        id: "replicate-api-token",
        category: AiApiKey,
        rank: 4,
        trigger: Prefixes(&["r8_"]),
        before: 0,
        after: 45,
        pattern: r"(?-u)\b(r8_[A-Za-z0-9]{37})\b",
        check: v::check_random_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["export REPLICATE_API_TOKEN=r8_HmVBFRN2YZl7c5mG3pr4HllooXL3Gv3fgrMRc"],
        #[cfg(test)]
        should_not_match: &["r8_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"],
    },
    Rule {
        id: "perplexity-api-key",
        category: AiApiKey,
        rank: 4,
        trigger: Prefixes(&["pplx-"]),
        before: 0,
        after: 60,
        pattern: r"(?-u)\b(pplx-[A-Za-z0-9]{48})\b",
        check: v::check_random_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["PERPLEXITY_API_KEY=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"],
        #[cfg(test)]
        should_not_match: &["pplx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"],
    },
    Rule {
        id: "xai-api-key",
        category: AiApiKey,
        rank: 4,
        trigger: Prefixes(&["xai-"]),
        before: 0,
        after: 90,
        pattern: r"(?-u)\b(xai-[A-Za-z0-9]{80})\b",
        check: v::check_random_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["XAI_API_KEY=xai-nNfzSgQGH0FRRHBKvaHrhlFberKiYdTfdbam0GQeZPc3n8fEkJftRkcB0tZ8bBWtkX8eQWThMCojezQG"],
        #[cfg(test)]
        should_not_match: &["xai-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"],
    },
    Rule {
        id: "jwt",
        category: Jwt,
        rank: 4,
        trigger: Prefixes(&["eyJ"]),
        before: 0,
        after: 16384,
        pattern: r"(?-u)\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*)",
        check: v::check_jwt,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#"  "id_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1aWQiOjYyNDQ4LCJ0ZW5hbnQiOiJpbml0ZWNoIiwiaWF0IjoxNzAwNTA0MjUzfQ.E9f8TGnM2p4Y-Dp7m0cSlujIf8OLo6Hj5XNz9kUZDn0","#],
        #[cfg(test)]
        should_not_match: &["eyJhbGciOiJIUzI1NiJ9.notjson.sig", "Bearer <token>"],
    },
    // --- credentials in context ----------------------------------------------------------------
    Rule {
        id: "database-url-credentials",
        category: ConnectionString,
        rank: 3,
        trigger: Prefixes(&["://"]),
        before: 40,
        after: 400,
        pattern: r#"(?i-u)\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver|oracle|jdbc:[a-z]+|cockroachdb|clickhouse|neo4j(?:\+s)?|couchbase|cassandra)://[^\s:/?#@"'<>\[\]]*:([^\s/@"'<>]+)@[A-Za-z0-9\[._-]"#,
        check: v::check_url_credentials,
        examples: NONE,
        #[cfg(test)]
        should_match: &["REDIS_URL=redis://:Kraken181_@172.17.2.75:6379/0"],
        #[cfg(test)]
        should_not_match: &["postgres://user:${DB_PASSWORD}@db.example.com:5432/app", "postgres://db.example.com:5432/app", "mqtt://capteurs:Xk29vLq0@broker.lan:1883"],
    },
    Rule {
        id: "url-credentials",
        category: UrlCredentials,
        rank: 2,
        trigger: Prefixes(&["://"]),
        before: 40,
        after: 400,
        pattern: r#"(?i-u)\b[a-z][a-z0-9+.-]*://[^\s:/?#@"'<>\[\]]+:([^\s/@"'<>]+)@[A-Za-z0-9\[._-]"#,
        check: v::check_url_credentials,
        examples: NONE,
        #[cfg(test)]
        should_match: &["$ URL http://ftpuser:wty!CbldIHn6ZQ@api-gw.internal:3128", "MQTT_URL=mqtt://capteurs:Xk29vLq0@broker.lan:1883"],
        #[cfg(test)]
        should_not_match: &["https://user:<password>@host.example.com/", "https://user@bitbucket.org/team/repo.git"],
    },
    Rule {
        // SQL that sets a password: MySQL's `CREATE USER … IDENTIFIED BY '…'` (also `IDENTIFIED
        // WITH plugin BY`), PostgreSQL's `… WITH PASSWORD '…'`.
        id: "sql-identified-by",
        category: PasswordAssignment,
        rank: 2,
        trigger: Words(&["identified by", "identified with", "with password", "with encrypted password"]),
        before: 0,
        after: 200,
        pattern: r"(?i-u)\b(?:identified[ \t]+(?:with[ \t]+[A-Za-z0-9_]+[ \t]+)?by|with[ \t]+(?:encrypted[ \t]+)?password)[ \t]+'([^'\r\n]{4,})'",
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["CREATE USER 'export_bi'@'%' IDENTIFIED BY 'Vortex$39';", "ALTER ROLE etl WITH PASSWORD 'Kest!857har';"],
        #[cfg(test)]
        should_not_match: &["CREATE USER 'x'@'%' IDENTIFIED BY '${DB_PASSWORD}';", "IDENTIFIED BY PASSWORD '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19'"],
    },
    Rule {
        // A password handed to a command on its standard input or its line: `echo 'X' | sudo -S`,
        // `openssl enc … -k X`, `openssl … -pass pass:X`.
        id: "command-password-argument",
        category: PasswordAssignment,
        rank: 2,
        trigger: Words(&["sudo -s", "openssl"]),
        before: 80,
        after: 200,
        pattern: r#"(?-u)(?:\becho[ \t]+(?:'([^'\r\n]{4,})'|"([^"\r\n]{4,})"|([^\s|'"]{4,}))[ \t]*\|[ \t]*sudo[ \t]+-S\b|\bopenssl[ \t][^\r\n|;]*?[ \t]-(?:k[ \t]+|pass[ \t]+pass:|passin[ \t]+pass:|passout[ \t]+pass:)([^\s'"]{4,}))"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["echo 'Nimbus#804' | sudo -S apt-get update", "openssl enc -aes-256-cbc -pbkdf2 -in a.tar -out a.enc -k sauvegarde-nuit-2024"],
        #[cfg(test)]
        should_not_match: &["echo \"$SUDO_PASSWORD\" | sudo -S true", "openssl enc -aes-256-cbc -in a -out b -kfile key.txt"],
    },
    Rule {
        // SMTP/IMAP `AUTH PLAIN` carries base64 of `authzid NUL user NUL password`.
        id: "sasl-plain-credentials",
        category: PasswordAssignment,
        rank: 2,
        trigger: Words(&["auth plain"]),
        before: 0,
        after: 200,
        pattern: r"(?i-u)\bAUTH[ \t]+PLAIN[ \t]+([A-Za-z0-9+/]{8,}={0,2})",
        check: v::check_sasl_plain,
        examples: NONE,
        #[cfg(test)]
        should_match: &["< AUTH PLAIN AGNvbXB0YUBjYWJpbmV0LXZhdXRyaW4uZnIATWlzdHJhbCM1NTIx"],
        #[cfg(test)]
        should_not_match: &["< AUTH PLAIN", "AUTH PLAIN dGVzdHRlc3R0ZXN0"],
    },
    Rule {
        // Oracle's thin and OCI URLs carry `user/password@` after the driver
        // (`jdbc:oracle:thin:app/S3cret@//db:1521/SVC`).
        id: "jdbc-oracle-password",
        category: ConnectionString,
        rank: 3,
        trigger: Prefixes(&["jdbc:oracle:"]),
        before: 0,
        after: 300,
        pattern: r#"(?i-u)\bjdbc:oracle:(?:thin|oci8?):[A-Za-z0-9_$#.-]+/([^\s"'<>@/]+)@"#,
        check: v::check_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["url=jdbc:oracle:thin:compta_app/C0mpta!Ora@//ora.siege.local:1521/COMPTA"],
        #[cfg(test)]
        should_not_match: &["jdbc:oracle:thin:@//ora.siege.local:1521/COMPTA", "jdbc:oracle:thin:app/${DB_PASSWORD}@//db:1521/X"],
    },
    Rule {
        // Django's `startproject` writes `SECRET_KEY = 'django-insecure-…'`: a real signing key
        // whatever its prefix says, and often left in production.
        id: "django-insecure-key",
        category: PasswordAssignment,
        rank: 3,
        trigger: Prefixes(&["django-insecure-"]),
        before: 0,
        after: 120,
        pattern: r#"(?-u)(django-insecure-[^\s"']{30,})"#,
        check: v::check_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["SECRET_KEY = \"django-insecure-x!_g-pa+6^zj!%jw20dsg6x0i&8l#qyoo7(_+0o^dog#__^ly(\""],
        #[cfg(test)]
        should_not_match: &["SECRET_KEY = \"django-insecure-<generated>\""],
    },
    Rule {
        // An Azure storage account key (64 bytes: 88 base64 characters ending `==`) under a
        // name that says key (`primary_access_key`, `access_key`, `storage_account_key`).
        id: "azure-named-account-key",
        category: AzureConnectionString,
        rank: 3,
        trigger: Words(&["access_key", "accesskey", "account_key", "accountkey", "storage_key", "storagekey"]),
        before: 0,
        after: 140,
        pattern: r#"(?i-u)(?:access|account|storage)_?key["']?[ \t]*[:=][ \t]*["']?([A-Za-z0-9+/]{86}==)"#,
        check: v::check_random_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["    access_key           = \"9SwDkNhiJ2MOWCRZCPUGPjmk927Jf9gUP5/0+pc/SQyKXsATkdqpoA0a1CEbz6uXPTV8Jf2vd7ppnVx44fyz+A==\""],
        #[cfg(test)]
        should_not_match: &["access_key = \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\""],
    },
    Rule {
        // `jdbc:postgresql://host/db?user=etl&password=…`: the password as a query parameter.
        id: "jdbc-url-password",
        category: ConnectionString,
        rank: 3,
        trigger: Prefixes(&["jdbc:"]),
        before: 0,
        after: 400,
        pattern: r#"(?i-u)\bjdbc:[a-z0-9]+:[^\s"'<>]*?[?&;]password=([^\s"'<>;]+)"#,
        check: v::check_url_credentials,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#"DB_URL="jdbc:postgresql://pg.helix-biotech.com:5432/app?user=etl&password=kQR&i42IXrALpq~q""#],
        #[cfg(test)]
        should_not_match: &["jdbc:postgresql://db:5432/app?user=etl&password=${DB_PASSWORD}"],
    },
    Rule {
        id: "connection-string-password",
        category: ConnectionString,
        rank: 3,
        trigger: Words(&["password", "pwd"]),
        before: 600,
        after: 200,
        pattern: r#"(?im-u)\b(?:server|data source|host|hostname|addr|address|uid|user id|username|user|database|initial catalog|dbname|port)[ \t]*=[^\r\n]*?(?:^|[; \t])(?:password|pwd)[ \t]*=[ \t]*(?:"([^"\r\n]+)"|'([^'\r\n]+)'|([^;\s"']+))"#,
        check: v::check_connection_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#""ConnectionString"="Server=db01.internal;Database=Historian;User Id=sa;Password=9IxkFb4UW9mSJkqJWjHC;""#, "psql 'host=pg01.lan user=etl password=Kq8mZ2xLp91 dbname=dw'"],
        #[cfg(test)]
        should_not_match: &["Server=db;Database=app;User Id=sa;Password=<password>;", "http POST :8080/api/login username=admin password=Kq8mZ2xLp91", r#"<user username="tcadmin" password="Kq8*mZ2xLp91" roles="manager-gui"/>"#],
    },
    Rule {
        id: "authorization-header",
        category: AuthorizationHeader,
        rank: 1,
        trigger: Words(&["authorization"]),
        before: 0,
        after: 8192,
        pattern: r#"(?i-u)\b(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?(?:(?:bearer|basic|token|digest|apikey|api-key|sso-key|negotiate|ntlm|dpop|jwt|hmac)[ \t]+)?([^\s"']+)"#,
        check: v::check_auth_header,
        examples: NONE,
        #[cfg(test)]
        should_match: &["Authorization: Basic YWRtaW46UXVva2thXzIwMTkh"],
        #[cfg(test)]
        should_not_match: &["Authorization: Bearer <token>", "Authorization: Basic ${AUTH}"],
    },
    Rule {
        id: "api-key-header",
        category: AuthorizationHeader,
        rank: 1,
        trigger: Words(&[
            "x-api-key",
            "x-auth-token",
            "x-access-token",
            "private-token",
            "x-goog-api-key",
            "ocp-apim-subscription-key",
            "x-functions-key",
            "api-key:",
        ]),
        before: 0,
        after: 300,
        pattern: r#"(?i-u)\b(?:x-api-key|x-auth-token|x-access-token|private-token|x-goog-api-key|ocp-apim-subscription-key|x-functions-key|api-key)["']?[ \t]*:[ \t]*["']?([A-Za-z0-9._~+/=-]{12,})"#,
        check: v::check_auth_header,
        examples: NONE,
        #[cfg(test)]
        should_match: &["X-Api-Key: 9f8e7d6c5b4a3928Qw7Lm2"],
        #[cfg(test)]
        should_not_match: &["X-Api-Key: <your-api-key-here>"],
    },
    Rule {
        id: "session-cookie-header",
        category: SessionCookie,
        rank: 1,
        trigger: HeaderLine(&["cookie:", "cookie :"]),
        before: 0,
        after: 8192,
        // Each pair of the header line is a match of its own, so a session cookie after a short
        // or a CSRF one is not missed.
        pattern: r#"(?i-u)[:;][ \t]*[A-Za-z0-9_.-]*(?:sess|sid|auth|token|jwt|remember|login)[A-Za-z0-9_.-]*=([^;\s"']+)"#,
        check: v::check_cookie_pair,
        examples: NONE,
        #[cfg(test)]
        should_match: &["Set-Cookie: PHPSESSID=xf9zw2c3efcmxcksw8xt8wc9kk; Path=/; HttpOnly\r"],
        #[cfg(test)]
        should_not_match: &["Cookie: _ga=GA1.2.1234567890.1700000000; lang=en; theme=dark"],
    },
    Rule {
        id: "session-id",
        category: SessionCookie,
        rank: 1,
        trigger: Words(&[
            "jsessionid",
            "phpsessid",
            "asp.net_sessionid",
            "aspsessionid",
            "connect.sid",
            "laravel_session",
            "sessionid",
            "_session_id",
            "ci_session",
            "_session",
        ]),
        before: 32,
        after: 300,
        // Rails names its cookie `_<app>_session` (`_gitlab_session`). Besides `name=value`: a
        // Netscape `cookies.txt` line (`…\tsessionid\t<value>`) and a HAR cookie
        // (`{"name": "laravel_session", "value": "…"}`).
        pattern: r#"(?i-u)\b(?:JSESSIONID|PHPSESSID|ASP\.NET_SessionId|ASPSESSIONID[A-Z]*|connect\.sid|laravel_session|sessionid|_session_id|ci_session|_[a-z0-9]+_session)(?:["']?[ \t]*[=:][ \t]*["']?|\t|"[ \t]*,[ \t]*"value"[ \t]*:[ \t]*")([^;\s"'&,]+)"#,
        check: v::check_cookie,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#"      "sessionid": "dg9t9x4v2o0xgdv19bx2jq1f69oci0ut""#, ".shop.fr\tTRUE\t/\tTRUE\t1767225600\t_gitlab_session\t98a39aac54a1a6884b881670b6f6cab1", r#"{"name": "laravel_session", "value": "eyJpdiI6InJBMUR6RkJyOXVOcHJ2Q1FaRjIxWGc9PSIsInZhbHVlIjoiMVVFSW1xN3I3NGNFN3UzNm8xbERwRmtzNF0ifQ%3D%3D"}"#],
        #[cfg(test)]
        should_not_match: &["JSESSIONID=<session>", "PHPSESSID=deleted", ".shop.fr\tTRUE\t/\tFALSE\t1767225600\t_ga\tGA1.1.157334222.3544442878", "the _session middleware"],
    },
    Rule {
        // Cookies by their usual names outside a `Cookie:` header: `curl -b 'sid=…'`,
        // `SESSION=…`, `__Secure-next-auth.session-token=…`. Ranked above the password rule,
        // whose `token=` would otherwise claim them under the wrong category. The name stands
        // alone: `TWILIO-ACCOUNT-SID: AC…` is an account id, not a cookie.
        id: "session-named-value",
        category: SessionCookie,
        rank: 2,
        trigger: Words(&["sid=", "sid:", "session=", "session:", "session-token", "session_token", "sessiontoken", "sessionid", "session_id", "sessid"]),
        before: 64,
        after: 300,
        pattern: r#"(?i-u)(?:^|[\s;'"(,`])(?:sid|session|session_?id|[A-Za-z]*sessid|[A-Za-z0-9_.-]*session[_.-]?token)(?:[ \t]*[=:][ \t]*|[ \t]{2,}|\t)["']?([A-Za-z0-9_.~+/%-]{16,}={0,2})"#,
        check: v::check_session_value,
        examples: NONE,
        #[cfg(test)]
        should_match: &[
            "$ Set-Cookie: sid=QfqgIKHXDjGW4oDqsmqk7Kia0V7skgUk; Path=/; HttpOnly",
            "COOKIES\nsessionid           'k6njri3qaurun3im88ueogqyh56gh5vh'",
        ],
        #[cfg(test)]
        should_not_match: &["session: true", "session_token=${SESSION_TOKEN}", "'user:412', 'session:87bb2f6eac90a4df'"],
    },
    Rule {
        id: "password-assignment",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&[
            "pass",
            "pwd",
            "secret",
            "api_key",
            "apikey",
            "api-key",
            "token",
            "mot de passe",
            "mot_de_passe",
            "motdepasse",
            "private_key",
            "session_key",
        ]),
        before: 40,
        after: 400,
        pattern: r#"(?i-u)\b[A-Za-z0-9_.-]*(?:password|passwd|pwd|pass|passphrase|secret|api_?key|api-key|access_?token|auth_?token|refresh_?token|token|mot_de_passe|mot de passe|motdepasse|private_?key|session_?key)(?:_?v?[0-9]{1,2}|_?key|_?value|_?str|[ \t]+(?:provisoire|temporaire|initial|temporary|initial|actuel|current))?\\?["']?\]?[ \t]*(?::=|=>|=|:)[ \t]*(?:\{[ \t]*"value"[ \t]*:[ \t]*)?(?:\\"([^"\\\r\n]+)\\"|"([^"\r\n]+)"|'([^'\r\n]+)'|(&?[^\s"',;&}<>]+))"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["password = Soleil1394*", r#""sftp.motdepasse":{"value":"Brioche-tilleul-58"}"#, r#"$_SERVER['APP_SECRET'] = "e6fe82db5a7b565e16e425dfe17ba806c8cc4fa3""#],
        #[cfg(test)]
        should_not_match: &["password: ${DB_PASSWORD}", "password_min_length = 12", r#"password: "********""#, "PWD=/home/deploy", "password: &default_pw", "curl -X POST \"https://ci.lan/job/nightly/build?token=nightly\"", "Password: (see the 1Password item \"Prod DB\")", "password = random_password.db.result", "password: vault:secret/data/prod/db#password", "password: arn:aws:secretsmanager:eu-west-3:123456789012:secret:prod/smtp-Ab12Cd", "secret: \"@Microsoft.KeyVault(SecretUri=https://kv1.vault.azure.net/secrets/stripe/)\""],
    },
    Rule {
        // Passwords, passphrases and PINs written as sentences, in English and French:
        // `log in as operator with password X`, `the password for the 'etl' user is X`,
        // `le mot de passe de la base est défini à X`, `PIN 4821`, `la clé WPA2 … est X`.
        id: "password-prose",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&[
            "password",
            "passphrase",
            "passcode",
            "passwd",
            "pass ",
            "pwd",
            "pw ",
            "pw:",
            "mot de passe",
            "mots de passe",
            "mdp",
            "phrase de passe",
            "wi-fi",
            "wifi",
            "wpa",
            "wireless",
            "pin",
            "recovery code",
            "unlock code",
            "code de d\u{e9}verrouillage",
            "code de r\u{e9}cup\u{e9}ration",
        ]),
        before: 24,
        after: 240,
        pattern: concat!(
            r#"(?i-u)\b(?:pass(?:word|phrase|code|wd)|pwd|pw|(?:with|using|avec) pass|mots? de passe|mdp|phrase de passe"#,
            r#"|(?:wi-?fi|wpa[23]?|wireless)(?: network)? (?:key|password|passphrase)|cl\xC3\xA9 (?:wpa[23]?|wi-?fi)|(?:wi-?fi|wpa[23]?)[^\r\n]{0,80}?\b(?:la|sa) cl\xC3\xA9"#,
            r#"|pin(?:[ -]code)?|code pin|(?:unlock|recovery) code|code de (?:d\xC3\xA9verrouillage|r\xC3\xA9cup\xC3\xA9ration))"#,
            prose_link!(),
            prose_value!()
        ),
        check: v::check_prose_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["I could log in as operator with password Yq8=87Nhxxp on the HMI.", "The password for the 'reporting' database user is #cq1idRWA7E#z.", "Le mot de passe de la base est défini à %3%&ZI3?yDO dans le script.", "Mot de passe du Wi-Fi invité : Kestrel&48t", "mdp : $4oBo%4$8Xg8jHSS pour le compte", "Default credentials: user admin, password Sapphire-Cobalt-64.", "To open the menu, enter PIN 1418 on the keypad.", "Le code PIN du badge visiteur c'est toujours 959511 ?", "La clé WPA2 affichée sur l'écran est H38@E0GnhMJeEnww.", "utilise le mot de passe « c*NV88jdogD$?4#e », visible", "The admin password (DaLoX^_ovt1kfD) is the same everywhere."],
        #[cfg(test)]
        should_not_match: &["password = random_password.db.result", "output \"pw\" { value = var.db_password }", "The password reset link expires after 24h.", "The password field accepts up to 128 characters.", "The password is then hashed with unsalted MD5.", "The password policy allows 'Password1' (CWE-521).", "Le mot de passe est ensuite haché en SHA-1 sans sel.", "Mot de passe oublié ? Le lien reste valable.", "mot de passe : ********", "The PIN length (6 digits) leaks through the beeps.", "Use a password such as Summer2024! in your tests."],
    },
    Rule {
        // A made-up value near a word that names a password, wherever the sentence puts it:
        // apposition (`identifiant smarchand, mot de passe provisoire &!YrIK…`), the value
        // before the word (`X — that is the root password`, `avec X comme mot de passe`), a chat
        // answer on the next line (`t'as le mdp du NAS ?`), a value alone under `Its password:`,
        // arrows and dashes (`pass → X`), HTML (`est&nbsp;: <strong>X</strong>`), typos and
        // shorthand (`passwrod`, `pw`, `mdp`, `sésame`). The pattern takes every token of the
        // window; the validator keeps those shaped like a password with the word close by.
        id: "password-near",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&[
            "pass",
            "pwd",
            "pw ",
            "pw:",
            "pw=",
            "_pw",
            " pw",
            "mdp",
            "mot de pass",
            "mot-de-passe",
            "s\u{e9}same",
            "phrase secr",
            "phrase ma\u{ee}tresse",
        ]),
        before: 80,
        after: 280,
        pattern: TOKEN_PATTERN,
        check: v::check_password_near,
        examples: NONE,
        #[cfg(test)]
        should_match: &[
            "Voici vos accès au VPN : identifiant smarchand, mot de passe provisoire &!QrIK58r5.",
            "[12/03/2025, 09:14:22] Karim: t'as le mdp du NAS ?\n[12/03/2025, 09:15:03] Julie: Orchard&7410Falai",
            "Its password, still valid this morning:\n\n    !9!Z7tu&@WYEm2Q\n",
            "Falaise*2342Goé — that is the root password baked into the image",
            "En se connectant avec 1nyH?n5$A+9@mQ comme mot de passe, on voit tout.",
            "Backup agent → backup_svc, pass → Goéland!1587Saff. Same value everywhere.",
            "Votre mot de passe temporaire est&nbsp;: <strong>@72K*zCq-t</strong>",
            "fyi the passwrod for the kiosk is !27!7Y*59a (on a post-it)",
            "binds as cn=svc-sync using Xe2zNfXh-91Bjq as its bind password",
            "phrase maîtresse : corsaire-Cerisier-lavande-47",
        ],
        #[cfg(test)]
        should_not_match: &[
            "The password policy requires 12 characters. Build: Xy7#kLm2qR9",
            "password: \"${DB_PASSWORD}\"\napi_token: \"Ab3#xY9kLmQ2\"",
            "The password hash is $2b$12$KIXQJHqR5VYd1oOv9mJ8eO7t8Qp3WZ9k0Xc1Yh2Lm3Nn4Pp5Qq6Rr for admin",
            "reset the password with user@10.0.0.12 and CVE-2024-3094",
            "mot de passe : ******** (voir ticket INC-20250314)",
            "the password is stored as dGhpcyBpcyBub3QgYSBwYXNzd29yZA== in the table",
        ],
    },
    Rule {
        // The cells of a Markdown or Jira table under a `Password` / `Mot de passe` column
        // (default accounts found in an assessment, a cracking report).
        id: "password-table-column",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["password", "mot de passe", "passwd", "mdp"]),
        before: 0,
        after: 4096,
        pattern: r"(?-u)\|[ \t]*`?([^|\s`](?:[^|\r\n`]*[^|\s`])?)",
        check: v::check_password_column,
        examples: NONE,
        #[cfg(test)]
        should_match: &[
            "| Device | Account | Password |\n|---|---|---|\n| PLC | admin | ~hd$3C84_Q%jJxQ |\n| NVR | supervisor | !38hS77%WQ |",
            "||Serveur||Compte||Mot de passe||\n|mq02.prod.intra|root|S#doZ^9Pkq4JQ|",
        ],
        #[cfg(test)]
        should_not_match: &[
            "| Device | Password | Notes |\n|---|---|---|\n| PLC | ******** | rotated 2024-11-02 |",
            "| Account | Hash | Password |\n|---|---|---|\n| svc | 3f9a0c1d2e4b5a6978c0d1e2f3a4b5c6 | (not cracked) |",
        ],
    },
    Rule {
        // `sshpass -p 'PASSWORD' ssh …`.
        id: "sshpass-password",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["sshpass"]),
        before: 0,
        after: 200,
        pattern: r#"(?-u)\bsshpass\b[^\r\n|;&]{0,60}?[ \t]-p[ \t]*(?:'([^'\r\n]+)'|"([^"\r\n]+)"|([^\s"']+))"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["sshpass -p '%P$H9u6k=Q' ssh admin@10.212.247.17"],
        #[cfg(test)]
        should_not_match: &["sshpass -p \"$SSH_PASS\" ssh admin@host", "sshpass -f ~/.pw ssh host"],
    },
    Rule {
        // `htpasswd -b [-c] FILE USER PASSWORD`: the password on the command line.
        id: "htpasswd-batch-password",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["htpasswd"]),
        before: 0,
        after: 200,
        pattern: r#"(?-u)\bhtpasswd(?:[ \t]+-[A-Za-z]+)*[ \t]+-[A-Za-z]*b[A-Za-z]*(?:[ \t]+-[A-Za-z]+)*[ \t]+[^\s-]\S*[ \t]+[^\s-]\S*[ \t]+(?:'([^'\r\n]+)'|"([^"\r\n]+)"|([^\s"']+))"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["htpasswd -b -c /etc/nginx/.htpasswd monitor T6p-UCvU3GDQxs0Q"],
        #[cfg(test)]
        should_not_match: &["htpasswd -c /etc/nginx/.htpasswd monitor", "htpasswd -b /etc/nginx/.htpasswd monitor $MONITOR_PW"],
    },
    Rule {
        // `curl -u user:PASSWORD`, `curl --user user:PASSWORD`, HTTPie `http -a user:PASSWORD`.
        id: "curl-user-password",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["curl", "http "]),
        before: 0,
        after: 300,
        pattern: r#"(?-u)\b(?:curl|https?)\b[^\r\n|;&]{0,200}?[ \t](?:-u|--user|-a|--auth)[ \t]*["']?[^\s:"'$]+:([^\s"']+)"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["curl -u deploy:sdec7Dpfv3KtQ -X POST https://ci.lan/job/release/build"],
        #[cfg(test)]
        should_not_match: &["curl -u \"$USER:$PASS\" https://ci.lan/", "curl -u deploy: https://ci.lan/ (prompts for the password)"],
    },
    Rule {
        // Windows `net use Z: \\server\share /user:DOMAIN\user PASSWORD`.
        id: "net-use-password",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["net use"]),
        before: 0,
        after: 300,
        pattern: r#"(?i-u)\bnet[ \t]+use\b[^\r\n]{0,200}?[ \t]/user:[^\s]+[ \t]+(?:"([^"\r\n]+)"|([^\s/"*][^\s"]*))"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["C:\\> net use Z: \\\\srv-fic01\\compta /user:CORP\\svc_scan LsHP_Z3DNrzcQ"],
        #[cfg(test)]
        should_not_match: &["net use Z: \\\\srv-fic01\\compta /user:CORP\\svc_scan *", "net use Z: \\\\srv\\share /user:CORP\\x /persistent:yes"],
    },
    Rule {
        // The second of two passwords in one sentence: `the password for 'reporting' is X and for
        // 'etl' it is Y`, `… est X et celui de « etl » est Y`.
        id: "password-prose-second",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["password", "passphrase", "mot de passe", "mdp"]),
        before: 0,
        after: 300,
        pattern: concat!(
            r#"(?i-u)\b(?:pass(?:word|phrase)|mots? de passe|mdp)"#,
            prose_link!(),
            r#"[^\s]+[ \t]+(?:and|et)[ \t]+(?:for|celui de|celle de|pour)\b"#,
            prose_link!(),
            prose_value!()
        ),
        check: v::check_prose_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["the password for 'reporting' is #cq1idRWA7E#z and for 'etl' it is HB8UnUz!XEYVrlJn.", "Le mot de passe de « reporting » est #clJf=4x3jt1 et celui de « etl » est J3~UoWxkgOpRmUJ."],
        #[cfg(test)]
        should_not_match: &["The password for 'reporting' is Xq7#kL2m and for 'etl' it is ********."],
    },
    Rule {
        // A user and its password as a pair in text: `creds admin / X`, `identifiants : admin / X`,
        // `the dashboard login is billing-admin / X`, `oui : admin / X`.
        id: "user-slash-password",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["creds", "credential", "identifiant", "login", "admin /", "root /", "user ", "username", "utilisateur ", "compte ", "account "]),
        before: 16,
        after: 200,
        pattern: concat!(
            r#"(?i-u)(?:\b(?:creds|credentials?|identifiants?|logins?|user(?:name)?|utilisateur|compte|account)\b[^\r\n/]{0,48}?[ \t:(]"#,
            r#"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}|\b(?:admin|root|administrator|operator))[ \t]+/[ \t]+"#,
            // A value that ends its line is taken whole, its last `?` or `!` included.
            r#"(?:(?m:([^\s"'<>]{6,64})[ \t]*\r?$)|"#,
            prose_value!(),
            ")"
        ),
        check: v::check_pair_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["creds admin / l55%v56V6bSsSwt still work", "Identifiants : admin / Tramway-Quartz-27", "The dashboard login is billing-admin / Brioche$50b", "oui : admin / KUEC3+UDJGeTzZC", "[09:15] Tobias: user ci-bot / tgh9ZWKKQxPCk", "[09:15] Ana: user ci-bot / sapin2020?\n[09:16] Bo: thx"],
        #[cfg(test)]
        should_not_match: &["credentials: TCP / UDP", "GET /admin/users?page=1 HTTP/2", "identifiants : voir / la fiche", "See the user guide / FAQ-2024 page."],
    },
    Rule {
        // `user:password` in a sentence after a credential word (`the combo viewer:X`, `the
        // bootstrap credentials deploy:X`, `connecter … avec operateur:X`), or after a usual
        // administrator name (`admin:X on vault.acme.local`). Not after `login` or `account`:
        // those words are everywhere in reports, and the windows they opened found no label in
        // the four corpora.
        id: "user-colon-password",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&[
            "combo",
            "credential",
            "creds",
            "identifiant",
            "connecter",
            "connect\u{e9}",
            "admin:",
            "root:",
            "operator:",
        ]),
        before: 16,
        after: 160,
        pattern: concat!(
            r#"(?i-u)(?:\b(?:combo|credentials?|creds|identifiants?|connecter|connect\xC3\xA9e?)\b"#,
            r#"[^\r\n]{0,60}?[ \t(][a-z][a-z0-9._-]{0,31}|(?:^|[ \t(>])(?:admin|root|operator)):"#,
            r#"([^\s"'<>:/\xC2\xE2]*[0-9][^\s"'<>:/\xC2\xE2]*[^\s"'<>:/\xC2\xE2.,;)!?]|[^\s"'<>:/\xC2\xE2]*[0-9])"#
        ),
        check: v::check_pair_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["The combo viewer:d%dRD~G8Xr works on the RTSP stream", "the bootstrap credentials deploy:a%fs4mTMNxhEoRg that the role sets", "<jdoe> admin:Quar929mar on vault.acme.local"],
        #[cfg(test)]
        should_not_match: &["after login, docker pull nginx:1.25-alpine", "login at 10:30 with account admin:read"],
    },
    Rule {
        // A secret or API key in a sentence: `the webhook signing secret is whsec_…`, `le
        // principal de service a le secret X`, `the API key for the test tenant is <hex>`.
        id: "secret-prose",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["secret", "api key", "apikey", "cl\u{e9} api", "cl\u{e9} d'api", "token is", "jeton"]),
        before: 8,
        after: 240,
        pattern: concat!(
            r#"(?i-u)\b(?:secret|api ?key|cl\xC3\xA9 (?:d')?api|token|jeton)"#,
            prose_link!(),
            r#"["']?([A-Za-z0-9][A-Za-z0-9_~+/=.!#$%&*@^-]{6,}[A-Za-z0-9=!#$%&*])"#
        ),
        check: v::check_prose_secret,
        examples: NONE,
        #[cfg(test)]
        should_match: &["the webhook signing secret is whsec_xtQqFW2DbNXlHNQREoeHEEWT71RTvwh9.", "le principal de service a le secret YR48Q~ROmErGCo6oj7KHHQivyPiROyYHegQazVBA", "The API key for the test tenant is b3b94f314759a38c571474689ad9768d."],
        #[cfg(test)]
        should_not_match: &["password: arn:aws:secretsmanager:eu-west-3:123456789012:secret:prod/smtp-Ab12Cd", "the secret is stored in Vault under kv/data/app", "the token is ghp_16C7e42F292c6912E7710c838347Ae178B4b"],
    },
    Rule {
        // `ADMIN_PIN=4905`, `pin_code: "482913"`.
        id: "pin-assignment",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["pin"]),
        before: 40,
        after: 40,
        pattern: r#"(?i-u)\b(?:[A-Za-z0-9_.-]*[_.-])?pin(?:[_-]?code)?["']?[ \t]*(?:=|:)[ \t]*["']?(\d{4,8})\b"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["ADMIN_PIN=4905", r#"pin_code: "482913""#],
        #[cfg(test)]
        should_not_match: &["mapping: 1234", "pin_count = 40"],
    },
    Rule {
        // PowerShell: `ConvertTo-SecureString 'P@ss…' -AsPlainText -Force`.
        id: "powershell-securestring",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["convertto-securestring"]),
        before: 0,
        after: 200,
        pattern: r#"(?i-u)\bConvertTo-SecureString[ \t]+(?:-String[ \t]+)?(?:"([^"\r\n]+)"|'([^'\r\n]+)')"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["$p = ConvertTo-SecureString 'Kq8#mZ2xLp91' -AsPlainText -Force"],
        #[cfg(test)]
        should_not_match: &["ConvertTo-SecureString $env:ADMIN_PASSWORD -AsPlainText -Force"],
    },
    Rule {
        // Docker's `config.json`: `"auth": "<base64 of user:password>"`.
        id: "docker-config-auth",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["\"auth\""]),
        before: 0,
        after: 200,
        pattern: r#"(?i-u)"auth"[ \t]*:[ \t]*"([A-Za-z0-9+/]{8,}={0,2})""#,
        check: v::check_basic_pair,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#"{"auths": {"ghcr.io": {"auth": "Y2ktYm90Oktlc3RyZWw2NyV3aW50ZXI="}}}"#],
        #[cfg(test)]
        should_not_match: &[r#""auth": """#, r#""auth": "bm90LWEtcGFpcg==""#],
    },
    Rule {
        // `docker login -u deploy -p PASSWORD registry`, and podman, helm, skopeo, oras alike.
        id: "registry-login-password",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&[" login "]),
        before: 16,
        after: 200,
        pattern: r#"(?-u)\b(?:docker|podman|helm registry|skopeo|oras|buildah)[ \t]+login\b[^\r\n|;&]{0,120}?[ \t](?:-p|--password)[ \t=]+["']?([^\s"']{4,})"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["$ docker login -u deploy -p Winter_2022. registry.db01.lan"],
        #[cfg(test)]
        should_not_match: &["docker login -u deploy --password-stdin registry.example.com"],
    },
    Rule {
        // IMAP `a001 LOGIN user "password"` in a mail-server transcript.
        id: "imap-login",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&[" login "]),
        before: 8,
        after: 200,
        pattern: r#"(?m-u)^[A-Za-z0-9.]{1,8} (?i:LOGIN) (?:"[^"\r\n]+"|[^\s"]+) (?:"([^"\r\n]+)"|([^\s"]+))[ \t]*\r?$"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#"a001 LOGIN sven.garnier@clinique-saint-roch.fr "0po3qNwbjjMgMw1jYGH8IaL""#],
        #[cfg(test)]
        should_not_match: &["a001 LOGIN user ${IMAP_PASSWORD}"],
    },
    Rule {
        id: "password-flag",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["--pass"]),
        before: 0,
        after: 300,
        pattern: r#"(?-u)--pass(?:word|wd)?[= ]["']?([^\s"']+)"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["psql --password=Kq8mZ2xLp91 -h db"],
        #[cfg(test)]
        should_not_match: &["--password ${DB_PASSWORD}", "--password-stdin"],
    },
    Rule {
        // `redis-cli -h host -a PASSWORD`.
        id: "redis-cli-password",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["redis-cli"]),
        before: 0,
        after: 200,
        pattern: r#"(?-u)\bredis-cli\b[^\r\n|;&]{0,120}?[ \t]-a[ \t]+["']?([^\s"']{4,})"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &[" 815  redis-cli -h mysql-01.lan -a HdzGWhy5jxWScd_ad3 KEYS '*'"],
        #[cfg(test)]
        should_not_match: &["redis-cli -h cache.example.com -a $REDIS_PASSWORD"],
    },
    Rule {
        // MySQL/MariaDB clients take the password glued to `-p`: `mysql -u root -pS3cret db`.
        id: "mysql-password-flag",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["mysql", "mariadb"]),
        before: 0,
        after: 200,
        pattern: r#"(?i-u)\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\r\n|;&]{0,120}?[ \t]-p["']?([^\s"']{4,})"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &[" 163  mysql -h 10.192.254.177 -u dba -p'FP4urbLMCqaU' shop"],
        #[cfg(test)]
        should_not_match: &["mysql -u root -p app_db", "mysql -u root -p${MYSQL_PWD}"],
    },
    Rule {
        id: "netrc-password",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["machine"]),
        before: 0,
        after: 600,
        pattern: r"(?-u)\bmachine[ \t]+\S+[ \t\r\n]+login[ \t]+\S+[ \t\r\n]+password[ \t]+(\S+)",
        check: v::check_url_credentials,
        examples: NONE,
        #[cfg(test)]
        should_match: &["machine api.heroku.com\n  login deploy@acme.io\n  password 7f3k9Qm2Lx8pZ"],
        #[cfg(test)]
        should_not_match: &["machine api.example.com login deploy password ${NETRC_PASSWORD}"],
    },
    Rule {
        id: "password-hash",
        category: PasswordHash,
        rank: 4,
        trigger: Prefixes(&[
            "$2a$",
            "$2b$",
            "$2y$",
            "$2x$",
            "$argon2",
            "$6$",
            "$5$",
            "$1$",
            "$apr1$",
            "$y$",
            "$P$",
            "$H$",
            "pbkdf2_sha",
            "{SSHA",
            "{SHA}",
            "{SMD5}",
            "{CRYPT}",
        ]),
        before: 0,
        after: 300,
        pattern: r"(?-u)(\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}|\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+|\$apr1\$[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{22}|\$[156]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{22,86}|\$y\$[./A-Za-z0-9]+\$[./A-Za-z0-9]+\$[./A-Za-z0-9]{43}|pbkdf2_sha(?:1|256|512)\$\d+\$[A-Za-z0-9./+]+\$[A-Za-z0-9./+=]{20,}|\{(?:SSHA|SSHA256|SSHA512|SHA|SMD5|CRYPT)\}[A-Za-z0-9+/=.$]{20,}|\$[PH]\$[./A-Za-z0-9]{31}\b)",
        check: v::check_shape,
        examples: NONE,
        #[cfg(test)]
        should_match: &["admin:$apr1$pCd3KKsx$MvmEqHZPMv8IjQNF7nlG4d"],
        #[cfg(test)]
        should_not_match: &["$2b$12$xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "costs $2 per request"],
    },
    Rule {
        // MySQL 4.1+ `mysql_native_password`: `*` and 40 upper-case hex digits (user tables, dumps).
        id: "mysql-native-hash",
        category: PasswordHash,
        rank: 4,
        trigger: Prefixes(&["*"]),
        before: 1,
        after: 42,
        pattern: r#"(?-u)(?:^|[\s'":=(,])(\*[0-9A-F]{40})\b"#,
        check: v::check_shape,
        examples: NONE,
        #[cfg(test)]
        should_match: &["admin:*EF76762A535D7E640F25C42C5E7EBEBC1AB1EF57"],
        #[cfg(test)]
        should_not_match: &["*XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"],
    },
    Rule {
        id: "ntlm-pwdump",
        category: PasswordHash,
        rank: 4,
        trigger: Prefixes(&[":::"]),
        before: 200,
        after: 3,
        pattern: r"(?i-u)[^\s:]+:\d+:([0-9a-f]{32}:[0-9a-f]{32}):::",
        check: v::check_shape,
        examples: NONE,
        #[cfg(test)]
        should_match: &["pierre:1086:aad3b435b51404eeaad3b435b51404ee:716eb4c43de256cde3244e8c1e161d1e:::"],
        #[cfg(test)]
        should_not_match: &["Administrator:500:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:::"],
    },
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
        ]),
        before: 12,
        after: 100,
        pattern: r#"(?i-u)(?:\b|_)(?:date[ _-]?of[ _-]?birth|birth[ _-]?date|birthday|born(?: on)?|dob|d\.o\.b\.?|date de naissance|date de naiss\.?|n\xC3\xA9(?:e|\(e\))? le|n\xC3\xA9e? en|date_?naissance|naissance|geburtsdatum|geboren(?: am)?|fecha de nacimiento|data di nascita|nascita|nacimiento)(?:/date of birth)?[ \t]*["']?[ \t]*(?:=>|[:=\-])?[ \t]*(?:(?:is|was|est)[ \t]+)?(?:ISODate\(|new Date\(|date\(|\()?["']?[ \t]*(\d{4}-\d{2}-\d{2}|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{2} \d{2} (?:19|20)\d{2}|\d{1,2}(?:st|nd|rd|th|er)? [A-Za-z\x80-\xFF]{3,12}\.? \d{4}|[A-Za-z]{3,9}\.? \d{1,2},? \d{4})"#,
        check: v::check_dob,
        examples: NONE,
        #[cfg(test)]
        should_match: &["BIRTHDATE=25.12.1946", "My date of birth is 7 July 1956 if you need it.", r#"{"nom": "Lefèvre", "dateNaissance": "1944-10-03"}"#, "['nom' => 'J. Roy', 'naissance' => '1961-02-19']", "Date de naiss. : 19 02 1961"],
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
    // --- credentials in daemon files, command lines and sentences (validators/named.rs) --------
    Rule {
        id: "daemon-secret-key",
        category: PasswordAssignment,
        rank: 1,
        // Redis `requirepass`/`masterauth`, SSSD `ldap_default_authtok`, wpa_supplicant and
        // NetworkManager `psk=`, strongSwan `: PSK "…"` / `: EAP "…"`, slapd/nslcd `bindpw`,
        // application keys (`APP_KEY=`, `AUTH_KEY=`).
        trigger: Words(&[
            "requirepass", "masterauth", "authtok", "psk", "preshared", "pre-shared", "pre_shared", "bindpw", "bind_pw",
            "auth_key", "authkey", "app_key", "master_key", "encryption_key", "signing_key", "secret_key_base", ": eap", " eap \"",
            "xauth",
        ]),
        before: 40,
        after: 300,
        pattern: r#"(?i-u)\b[A-Za-z0-9_.-]*(?:requirepass|masterauth|authtok|psk|wpa_passphrase|pre_?shared_?key|pre-shared-key|bindpw|bind_?pw|auth_?key|app_?key|master_?key|encryption_?key|signing_?key|secret_?key_?base|eap|xauth)["']?(?:[ \t]*[:=][ \t]*|[ \t]+)(?:"([^"\r\n]+)"|'([^'\r\n]+)'|([^\s"',;]+))"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["requirepass XAZBd0y5GFieUx4%0pTN", "network={\n  psk=\"Orchid.1226\"\n}", ": PSK \"2n2xUzo8No_G9M+Eo\""],
        #[cfg(test)]
        should_not_match: &["key-mgmt=wpa-psk\n", "requirepass ${REDIS_PASSWORD}", "EAP method is used"],
    },
    Rule {
        id: "pgpass-line",
        category: PasswordAssignment,
        rank: 2,
        trigger: Words(&[":5432:", ":5433:", ":*:"]),
        before: 120,
        after: 200,
        // libpq's `.pgpass`: hostname:port:database:username:password, one a line.
        pattern: r"(?m-u)^[A-Za-z0-9_.*\[\]:-]+:(?:\d{1,5}|\*):[^:\s]+:[^:\s]+:(\S+)\r?$",
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["db.corp:5432:*:postgres:river-correct-saddle-meadow"],
        #[cfg(test)]
        should_not_match: &["db.corp:5432:*:postgres:*"],
    },
    Rule {
        id: "sasl-passwd-line",
        category: PasswordAssignment,
        rank: 2,
        trigger: Words(&["]:"]),
        before: 100,
        after: 200,
        // Postfix `sasl_passwd`: `[relay]:port user:password`, one a line.
        pattern: r"(?m-u)^\[[^\]\s]+\](?::\d{1,5})?[ \t]+[^\s:]+:(\S+)\r?$",
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["[smtp-relay.gmail.com]:587    noreply@pyxismedical.de:x9ksBTPwF0Ltc1bz9tW"],
        #[cfg(test)]
        should_not_match: &["[smtp-relay.gmail.com]:587    noreply@pyxismedical.de:${SMTP_PASS}"],
    },
    Rule {
        id: "bind-password-flag",
        category: PasswordAssignment,
        rank: 2,
        // OpenLDAP clients' `-w PASSWORD`, Samba's `-U 'DOMAIN\user%PASSWORD'`.
        trigger: Words(&["ldapsearch", "ldapmodify", "ldapadd", "ldapdelete", "ldapwhoami", "ldappasswd", "smbclient", "rpcclient", "smbmap", "smbpasswd"]),
        before: 0,
        after: 400,
        pattern: r#"(?-u)(?:[ \t]-w[ \t]+(?:'([^'\r\n]+)'|"([^"\r\n]+)"|([^\s'"]+))|[ \t]-U[ \t]+['"]?[^'"\s%]+%([^'"\s]+))"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["ldapsearch -x -H ldap://dc1 -D 'cn=admin' -w 'Tamarin$44' -b 'dc=c'", "smbclient //10.0.0.4/IPC$ -U 'CORP\\admin%lantern-cactus' -c ls"],
        #[cfg(test)]
        should_not_match: &["ldapsearch -x -W -D 'cn=admin'", "ldapsearch -w \"$LDAP_PW\""],
    },
    Rule {
        id: "secret-given-in-prose",
        category: PasswordAssignment,
        rank: 1,
        // A credential handed over in a sentence with no password word: `logged in as app_rw
        // with X`, `connecté … avec le compte svc et X`, `the account kiosk accepted X`, `I typed
        // X`, `se déverrouille avec la phrase X`, `s'ouvre avec « X »`; and a password typed into
        // a login prompt's user field (`sshd: Invalid user X from`).
        trigger: Words(&[
            "logged in as", "log in as", "logged on as", "signed in as", "connect\u{e9}", "avec le compte", "with the account",
            "connected", "authenticated", "authentifi\u{e9}",
            "accepted", "typed", "entering", "entered", "tap\u{e9}", "saisi", "unlocks", "unlocked", "opens with", "d\u{e9}verrouille",
            "s'ouvre", "s\u{2019}ouvre", "invalid user", "failed password for invalid user", "connexion", "en tant que",
            "the other bit", "the other part", "the other half", "the second half", "the second part", "the rest is", "le reste", "l'autre partie",
            "l\u{2019}autre partie", "l'autre moiti", "la seconde partie", "la deuxi\u{e8}me partie",
        ]),
        before: 40,
        after: 160,
        pattern: r#"(?i-u)(?:(?:logged in|log in|logged on|signed in|connected|authenticated|connect\xC3\xA9e?|authentifi\xC3\xA9e?|connexion)[^\r\n]{0,80}?\b(?:as|avec le compte|with the account|en tant que)[ \t]+(?:[`'"]|\xC2\xAB(?:[ \t]|\xC2\xA0)*|\xE2\x80\x9C)?[A-Za-z0-9_.\\-]+(?:[`'"]|(?:[ \t]|\xC2\xA0)*\xC2\xBB|\xE2\x80\x9D)?(?:[ \t]+(?:with|and|et|avec|using)|[ \t]*/)|account[ \t]+[`'"]?[A-Za-z0-9_.\\-]+[`'"]?[ \t]+accepted|typed|entering|entered|tap\xC3\xA9|saisi|(?:d\xC3\xA9verrouille|s'ouvre|s\xE2\x80\x99ouvre|unlocks?|unlocked|opens)[ \t]+(?:avec|with)(?:[ \t]+(?:la phrase|le mot de passe|la passphrase|the passphrase|the phrase|the password))?|invalid user|\b(?:user(?:name)?|login|identifiant|utilisateur|compte)(?:[ \t]+is|[ \t]*:)?[ \t]+[`'"]?[A-Za-z0-9_.\\-]+[`'"]?,?[ \t]+(?:(?:and|et)[ \t]+)?(?:the (?:other|second) (?:bit|part|half)|the rest|le reste|l(?:'|\xE2\x80\x99)autre (?:partie|moiti\xC3\xA9)|la (?:seconde|deuxi\xC3\xA8me) partie)(?:[ \t]+(?:is|c'est|c\xE2\x80\x99est|est)|[ \t]*[:=]))[ \t]+(?:the password[ \t]+|le mot de passe[ \t]+)?(?:`([^`\r\n]+)`|"([^"\r\n]+)"|\xC2\xAB(?:[ \t]|\xC2\xA0)*([^\r\n\xC2]{1,80}?)(?:[ \t]|\xC2\xA0)*\xC2\xBB|([^\s`'",;)]+))"#,
        check: v::check_secret_in_prose,
        examples: NONE,
        #[cfg(test)]
        should_match: &["I logged in as app_rw with SvcFrQG9&70 and could", "I connected to the console as svc_ops / Tern-Quay-47 and saw", "connect\u{e9} en tant que \u{ab} lect_ro \u{bb} avec Houle&Cap_31 (compte", "authenticated as \u{201c}ops\u{201d} with Kite#Lamp9 from", "sshd[26460]: Invalid user Supy4Cwm!37 from 172.16.0.4", "elle se d\u{e9}verrouille avec la phrase tundra-pepper-glacier-walnut not\u{e9}e", "Connexion r\u{e9}ussie en tant que audit_ro avec pinson_k2vd sur la console", "user is qa-ops, the other bit is Harbor!52", "user qa-ops, et le reste c'est Lagune.417.T", "le coffre s'ouvre avec la phrase \u{ab} m\u{e9}sange grise sous la pluie \u{bb} not\u{e9}e"],
        #[cfg(test)]
        should_not_match: &["logged in as admin with the default account", "Invalid user admin from 10.0.0.1", "I typed the command again", "user is bob, the rest is history", "le coffre s'ouvre avec la phrase \u{ab} voir la doc \u{bb}", "connected as admin / read-only mode", "connect\u{e9} en tant que \u{ab} lecteur \u{bb} avec le compte de test"],
    },
    Rule {
        // A key given quoted after `signed/encrypted with the key` (`signé en HS256 avec la clé
        // « X »`, `with the secret "X"`): quoted only, since a bare `with the key 0x8448AE39`
        // names a public key; the value must look made to be secret.
        id: "quoted-key-in-prose",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["avec la cl\u{e9}", "with the key", "with the secret", "with key", "avec le secret"]),
        before: 0,
        after: 120,
        pattern: r#"(?i-u)(?:avec (?:la cl\xC3\xA9|le secret)|with (?:the )?(?:key|secret))(?:[ \t]+(?:secr\xC3\xA8te|HMAC|de signature|signing))?[ \t]*:?[ \t]*(?:"([^"\r\n]{6,64})"|'([^'\r\n]{6,64})'|\xC2\xAB(?:[ \t]|\xC2\xA0|\xE2\x80\xAF)*([^\r\n\xC2\xE2]{6,64}?)(?:[ \t]|\xC2\xA0|\xE2\x80\xAF)*\xC2\xBB|\xE2\x80\x9C([^\r\n]{6,64}?)\xE2\x80\x9D)"#,
        check: v::check_secret_shaped,
        examples: NONE,
        #[cfg(test)]
        should_match: &["un JWT sign\u{e9} en HS256 avec la cl\u{e9} \u{ab} Merisier!4410Tilia \u{bb}, retrouv\u{e9}e", "tokens are signed with the secret \"Harbor7#Quill\" in every build"],
        #[cfg(test)]
        should_not_match: &["encrypted with the key 0x8448AE39", "sign\u{e9} avec la cl\u{e9} \u{ab} voir la doc \u{bb}"],
    },
    Rule {
        // A Wi-Fi network's key written on a board, a sticker or in a chat: `wifi invités :
        // Soleil2024!`, `Wi-Fi guest = …`, `WLAN: …` (the network's name may stand between).
        id: "wifi-key-in-prose",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["wifi", "wi-fi", "wlan"]),
        before: 0,
        after: 100,
        pattern: r#"(?i-u)\b(?:wi-?fi|wlan)\b[^\r\n:=.]{0,30}?(?:[ \t]|\xC2\xA0)*[:=](?:[ \t]|\xC2\xA0)*([^\s`'",;\xC2]{6,64})"#,
        check: v::check_wifi_key,
        examples: NONE,
        #[cfg(test)]
        should_match: &["post-it : \u{ab} wifi invit\u{e9}s : Soleil2024! \u{bb}", "Wi-Fi guest = Marmot-Lake-22"],
        #[cfg(test)]
        should_not_match: &["Wi-Fi: WPA2-PSK", "wifi : enabled", "WLAN: 802.11ac", "wifi invit\u{e9}s : voir l'accueil"],
    },
    Rule {
        id: "code-given-in-prose",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["digicode", "door code", "access code", "code d'acc", "code d\u{2019}acc", "code pin", "pin code", "code secret", "le code est", "the code is", "code du portail", "code de la porte"]),
        before: 0,
        after: 120,
        pattern: r#"(?i-u)(?:digicode|door code|access code|code d(?:'|\xE2\x80\x99)acc\xC3\xA8s|code pin|pin code|code secret|le code|the code|code du portail|code de la porte)[^\r\n.]{0,60}?(?:[ \t]+(?:est|is|was|reste|remains|c'est|c\xE2\x80\x99est)|[ \t]*:|(?:\xC2\xA0)+:)[ \t\xC2\xA0]*(\d{4,8}|\d{3,6}[A-Z]|[A-Z]\d{3,6})\b"#,
        check: v::check_numeric_code,
        examples: NONE,
        #[cfg(test)]
        should_match: &["pour information le code est 1815 pour le local", "Le digicode du portail n'a jamais \u{e9}t\u{e9} chang\u{e9} : 5273.", "le digicode du b\u{e2}timent B c'est 719C, et"],
        #[cfg(test)]
        should_not_match: &["the code is 2024 vintage", "the code is vulnerable since 1.2"],
    },
    // --- personal data judged by the name it is given (validators/named.rs) -------------------
    Rule {
        id: "named-identity-document",
        category: IdentityDocument,
        rank: 1,
        trigger: Words(&["passport", "passeport", "pasaporte", "id_card", "idcard", "carte d'identit", "carte_identit", "document_n", "document n", "documentn", "doc_number", "titre de s", "titre_de_s", "residence permit", "residence_permit", "permis de conduire", "permis_de_conduire", "driving licen", "driving_licen", "driver licen", "drivers_licen", "licence_number", "license_number", "licensenumber", "cni"]),
        before: 48,
        after: 200,
        pattern: named_value!(),
        check: v::check_named_identity,
        examples: NONE,
        #[cfg(test)]
        should_match: &["passport_no: 44KR57242", "{\"passportNumber\": \"178386040\"}"],
        #[cfg(test)]
        should_not_match: &["passport_no: [REDACTED]", "passport: valid"],
    },
    Rule {
        id: "named-postal-address",
        category: PostalAddress,
        rank: 1,
        trigger: Words(&["address", "adresse", "street", "domicile", "livraison", "indirizzo", "direccion", "direcci\u{f3}n", "anschrift"]),
        before: 48,
        after: 200,
        pattern: named_value!(),
        check: v::check_named_address,
        examples: NONE,
        #[cfg(test)]
        should_match: &["home_address: 12 rue des Lilas, 75011 Paris", "\"adresse\": \"3 allée des Pins 33000 Bordeaux\"", "\"indirizzo\":\"Via Roma 12, 00184 Roma\""],
        #[cfg(test)]
        should_not_match: &["ip_address: 10.0.0.1", "bind_address = 0.0.0.0:8080"],
    },
    Rule {
        id: "named-health-data",
        category: HealthData,
        rank: 1,
        trigger: Words(&["diagnos", "patholog", "maladie", "illness", "disease", "medical", "m\u{e9}dical", "icd", "cim-10", "cim10", "allerg", "traitement", "treatment", "medication", "m\u{e9}dicament", "sant\u{e9}", "hiv", "vih", "s\u{e9}rolog", "grossesse", "pregnan", "handicap", "disabilit", "sick leave", "sick_leave", "arr\u{ea}t de travail", "arret_de_travail", "arr\u{ea}t maladie", "arret_maladie", "symptom", "ant\u{e9}c\u{e9}dent", "consultation"]),
        before: 48,
        after: 200,
        pattern: named_value!(),
        check: v::check_named_health,
        examples: NONE,
        #[cfg(test)]
        should_match: &["diagnosis: Type 1 diabetes", "\"diagnostic\": \"trouble bipolaire\""],
        #[cfg(test)]
        should_not_match: &["diagnosis: null", "health_check_interval: 30s"],
    },
    Rule {
        id: "named-employment-data",
        category: EmploymentData,
        rank: 1,
        trigger: Words(&["salary", "salaire", "r\u{e9}mun\u{e9}ration", "remuneration", "brut:", "brut :", "_brut", "brut_", "brut annuel", "salaire brut", "gross", "net_pay", "net pay", "net \u{e0} payer", "base_pay", "wage", "bonus", "disciplin", "avertissement", "sanction", "performance_r", "performance r", "appraisal", "\u{e9}valuation", "entretien annuel", "entretien_annuel", "pip:", "\"pip\"", "improvement plan", "improvement_plan", "am\u{e9}lioration", "licenciement", "dismissal", "termination_reason", "termination reason"]),
        before: 48,
        after: 200,
        pattern: named_value!(),
        check: v::check_named_employment,
        examples: NONE,
        #[cfg(test)]
        should_match: &["base_salary: 74757", "\"avertissement\": \"retards répétés\""],
        #[cfg(test)]
        should_not_match: &["performance_mode: fast", "salary: null"],
    },
    Rule {
        id: "named-tax-record",
        category: TaxRecord,
        rank: 1,
        trigger: Words(&["tax_id", "tax_n", "tax id", "tax number", "tax no", "tax_due", "tax due", "income tax", "income_tax", "taxable", "taxpayer", "tin:", "tin=", "\"tin\"", "utr", "nif:", "nif ", "nif=", "fiscal", "spi:", "spi ", "rfr", "imp\u{f4}t", "impot", "imposition", "reference_avis"]),
        before: 48,
        after: 200,
        pattern: named_value!(),
        check: v::check_named_tax,
        examples: NONE,
        #[cfg(test)]
        should_match: &["tax_id: 4740884341", "numéro fiscal : 3486316069658"],
        #[cfg(test)]
        should_not_match: &["tax_rate_table: [REDACTED]", "syntax: strict"],
    },
    Rule {
        id: "named-travel-record",
        category: TravelRecord,
        rank: 1,
        trigger: Words(&["pnr", "booking", "record locator", "record_locator", "confirmation code", "confirmation_code", "r\u{e9}servation", "reservation", "ticket", "billet", "flight", "vol:", "vol :", "\"vol\"", "vol=", "seat", "si\u{e8}ge", "siege", "boarding", "itinerary", "itin\u{e9}raire", "frequent", "ffn"]),
        before: 48,
        after: 200,
        pattern: named_value!(),
        check: v::check_named_travel,
        examples: NONE,
        #[cfg(test)]
        should_match: &["PNR: EJNTDA", "\"seat\": \"21D\""],
        #[cfg(test)]
        should_not_match: &["seat: null", "flight_mode: true"],
    },
    Rule {
        id: "street-address-fr",
        category: PostalAddress,
        rank: 2,
        // `12 bis rue des Lilas, 75011 Paris`, `131 ALLÉE DES PEUPLIERS 21000 DIJON`, over a
        // line break on a payslip or a label: number, street type, name, five-digit postcode, town.
        trigger: Words(&[
            "rue ", "avenue ", "boulevard ", "bd ", "all\u{e9}e ", "impasse ", "place ", "quai ", "route ", "chemin ", "cours ",
            "square ", "r\u{e9}sidence ", "R\u{c9}SIDENCE ", "ALL\u{c9}E ", "lotissement ", "esplanade ", "passage ", "villa ", "hameau ", "faubourg ",
        ]),
        before: 16,
        after: 120,
        pattern: r"(?i-u)\b(\d{1,4}(?:[ \t]?(?:bis|ter|quater|[a-d]))?,?[ \t]+(?:rue|avenue|av\.|boulevard|bd|all\xC3[\xA9\x89]e|allee|impasse|place|quai|route|chemin|cours|square|r\xC3[\xA9\x89]sidence|residence|lotissement|esplanade|passage|villa|hameau|faubourg)[ \t][^\r\n]{2,70}?(?:,[ \t]*|[ \t]*\r?\n[ \t]*|[ \t]+|\\n)(?:[^\r\n]{0,40}?(?:,[ \t]*|\r?\n|\\n))?(?:F-)?\d{5}[ \t]+[A-Za-z\x80-\xFF][A-Za-z\x80-\xFF'-]+)",
        check: v::check_street_address,
        examples: NONE,
        #[cfg(test)]
        should_match: &["livraison : 12 bis rue des Lilas, 75011 Paris", "131 ALL\u{c9}E DES PEUPLIERS 21000 DIJON"],
        #[cfg(test)]
        should_not_match: &["la rue principale est en travaux", "version 2 route 66"],
    },
    Rule {
        id: "street-address-en",
        category: PostalAddress,
        rank: 2,
        // `1680 Briarwood Ln, Raleigh, NC 27609`, `38 Hawthorn Crescent, Cardiff CF14 2LX`: number,
        // street name and type, town, then a US state and ZIP code or a UK postcode.
        trigger: Words(&[" road", " street", " st,", " st.", " avenue", " ave", " lane", " ln,", " ln ", " crescent", " grove", " drive", " dr,", " rd,", " court,", " ct,", " close,", " way,", " terrace", " boulevard", " blvd", " hollow", " gardens", " parkway", " pkwy", " mews", " ln\n", " rd\n", " st\n", " ave\n", " dr\n", " road\n", " lane\n", " street\n", " drive\n", " way\n", " ct\n"]),
        before: 60,
        after: 120,
        pattern: r"(?i-u)\b(\d{1,5}[ \t]+(?:[NSEW]\.?[ \t]+)?[A-Za-z][A-Za-z'-]+(?:[ \t][A-Za-z][A-Za-z'-]+){0,2}[ \t]+(?:road|rd|street|st|avenue|ave|lane|ln|crescent|grove|drive|dr|court|ct|close|way|place|pl|terrace|boulevard|blvd|hollow|row|gardens|square|parkway|pkwy|circle|mews|hill)\.?(?:,?[ \t]+(?:apt|apartment|unit|suite|flat|ste)\.?[ \t]*#?[A-Za-z0-9-]+)?(?:,[ \t]*|[ \t]+|[ \t]*\r?\n[ \t]*|\\n)[A-Za-z][A-Za-z'-]+(?:[ \t][A-Za-z][A-Za-z'-]+)?,?[ \t]+(?:[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}))\b",
        check: v::check_street_address,
        examples: NONE,
        #[cfg(test)]
        should_match: &["ship to 1680 Briarwood Ln, Raleigh, NC 27609", "38 Hawthorn Crescent, Cardiff CF14 2LX"],
        #[cfg(test)]
        should_not_match: &["see line 12 of the road map", "3 Main Street"],
    },
    Rule {
        // A birth date printed under or after its label on a scanned document (OCR): the date
        // may sit on the next line, among the other columns (`Date de naiss. / Date of birth`
        // then `F     FRA           21 05 1996`), or after a field number (`(4) 30 AUG /AOUT 75`).
        id: "date-of-birth-ocr",
        category: DateOfBirth,
        rank: 1,
        trigger: Words(&["naissance", "naiss.", "date of birth", "nacimiento", "geburtsdatum"]),
        before: 0,
        after: 160,
        pattern: r"(?i-u)(?:naissance|naiss\.|date of birth|nacimiento|geburtsdatum)[^\r\n\d]{0,40}(?:\(\d\)[ \t]*)?(?:\r?\n[^\r\n\d]{0,60})?(?-i:(\b\d{2}[ ./]\d{2}[ ./](?:19|20)\d{2}\b|\b\d{2}[ \t]+[A-Z]{3}[ \t]*(?:/[ \t]*[A-Z]{3,4}[ \t]+)?\d{2}\b))",
        check: v::check_ocr_dob,
        examples: NONE,
        #[cfg(test)]
        should_match: &["Date de naiss. / Date of birth\nF     FRA           21 05 1996", "Date of birth/Date de naissance (4) 30 AUG /AOUT 75"],
        #[cfg(test)]
        should_not_match: &["Lieu de naissance / Place of birth\nMONTREUIL (93)", "Date de naissance : 99 99 1996"],
    },
    Rule {
        // A JSON object named for an identity document holds its number under a plain name:
        // `"document": {"type": "P", "number": "538017226"}`, `"passport": {"no": "…"}`.
        id: "document-object-number",
        category: IdentityDocument,
        rank: 2,
        trigger: Words(&["\"document\"", "\"passport\"", "\"passeport\"", "\"idcard\"", "\"id_card\"", "\"identitydocument\"", "\"identity_document\""]),
        before: 0,
        after: 160,
        pattern: r#"(?i-u)"(?:document|passport|passeport|id_?card|identity_?document)"[ \t]*:[ \t]*\{[^{}]{0,100}?"(?:number|numero|num|no)"[ \t]*:[ \t]*"(?-i:([A-Z0-9]{6,20}))""#,
        check: v::check_document_number,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#""document": {"type": "P", "number": "538017226", "expiry": "2032-06-19"}"#],
        #[cfg(test)]
        should_not_match: &[r#""document": {"type": "invoice", "number": "2024"}"#],
    },
    Rule {
        // A French address with no street number: a place name (`LIEU-DIT LA GRANGE NEUVE`,
        // `Hameau des Combes`) then the postcode and town on the same or the next line.
        id: "locality-address-fr",
        category: PostalAddress,
        rank: 1,
        trigger: Words(&["lieu-dit", "lieudit", "hameau"]),
        before: 0,
        after: 100,
        pattern: r"(?i-u)\b((?:lieu-dit|lieudit|hameau)[ \t][^\r\n,]{2,50}?(?:,[ \t]*|[ \t]*\r?\n[ \t]*)\d{5}[ \t]+[A-Za-z\x80-\xFF][A-Za-z\x80-\xFF'-]+)",
        check: v::check_street_address,
        examples: NONE,
        #[cfg(test)]
        should_match: &["LIEU-DIT LA GRANGE NEUVE\n24250 DOMME"],
        #[cfg(test)]
        should_not_match: &["le lieu-dit est inconnu"],
    },
    Rule {
        // Spanish, Catalan and Italian addresses put the street's name before its number:
        // `Calle de Toledo 88, 3º B, 28005 Madrid`, `C/ Sant Pere Més Baix 57, 08003 Barcelona`,
        // `Via Po 14, 10123 Torino`.
        id: "street-address-es-it",
        category: PostalAddress,
        rank: 1,
        trigger: Words(&["calle ", "c/ ", "avenida ", "avda", "paseo ", "plaza ", "carrer ", "camino ", "ronda ", "via ", "viale ", "piazza ", "corso "]),
        before: 0,
        after: 120,
        pattern: r"(?-u)\b((?:Calle|C/|Avenida|Avda\.?|Paseo|Plaza|Carrer|Camino|Ronda|Via|Viale|Piazza|Corso)[ \t][^\r\n,;:]{2,50}?[ \t]\d{1,4}[A-Za-z]?(?:,[ \t]*[^\r\n,]{1,15}){0,2},[ \t]*\d{5}[ \t]+[A-Z][A-Za-z\x80-\xFF'-]+(?:[ \t][A-Z][A-Za-z\x80-\xFF'-]+)?)",
        check: v::check_street_address,
        examples: NONE,
        #[cfg(test)]
        should_match: &["DOMICILIO C/ Sant Pere M\u{e9}s Baix 57, 3\u{ba} 2\u{aa}, 08003 Barcelona", "vive en Calle de Toledo 88, 3\u{ba} B, 28005 Madrid."],
        #[cfg(test)]
        should_not_match: &["via the API 2, see 10123 Torino", "Via Po 14"],
    },
    Rule {
        // An identity document's number after its printed label and column spaces (OCR of the
        // card): `N° du document / Document No   X75V3XDDZ`, `NÚM. SOPORTE  E63597415`.
        id: "document-number-label-spaced",
        category: IdentityDocument,
        rank: 2,
        trigger: Words(&["document no", "soporte", "document number"]),
        before: 12,
        after: 40,
        pattern: r"(?i-u)\b(?:document[ \t]+(?:no\.?|number)|n(?:\xC3\xBA|\xC3\x9A|u)m\.?[ \t]+soporte)[ \t]+(?-i:([A-Z0-9]{8,12}))\b",
        check: v::check_document_number,
        examples: NONE,
        #[cfg(test)]
        should_match: &["N\u{b0} du document / Document No   X75V3XDDZ", "N\u{da}M. SOPORTE  E63597415"],
        #[cfg(test)]
        should_not_match: &["Document No   PENDING", "document number 2024"],
    },
    Rule {
        id: "document-number-after-word",
        category: IdentityDocument,
        rank: 2,
        // `passport no. 178386040`, `son passeport c'est 51ZV62865`, `Passport No. 44KR57242`.
        trigger: Words(&["passport", "passeport", "pasaporte", "carte d'identit", "titre de s\u{e9}jour", "identity card", "id card", "licence no", "license no", "licence number", "license number", "driving licen", "driver's licen", "driver licen", "drivers licen"]),
        before: 0,
        after: 110,
        pattern: r"(?i-u)\b(?:(?:carte d'identit\xC3\xA9|titre de s\xC3\xA9jour|passport|passeport|identity card|id card)[^\r\n()]{0,40}?\((?:n\xC2\xB0|no\.?|nr\.?|number)[ \t]*(?-i:([A-Z0-9]{8,18}))\)|(?:passport|passeport|pasaporte|licen[cs]e)(?:,?[ \t]*(?:no\.?|n\xC2\xB0|nr\.?|number|num\xC3\xA9ro|#))?(?:[ \t]*[:=]|[ \t]+(?:c'est|is|est))?[ \t]*(?-i:([A-Z0-9]{8,18}))\b|(?:passport|passeport|pasaporte|carte d'identit\xC3\xA9|identity card|id card)[^\r\n.;()]{0,50}?(?:\bn\xC2\xB0|\bno\.|\bnumber|\bnum\xC3\xA9ro|\bit's|\bit is|\bc'est)[ \t]*:?[ \t]*(?-i:([A-Z0-9]{8,18}))\b)",
        check: v::check_document_number,
        examples: NONE,
        #[cfg(test)]
        should_match: &["passport no. 178386040, DOB", "son passeport c'est 51ZV62865, n\u{e9}", "a scan of her passport, number 731904256, and", "la carte d'identit\u{e9} de J. Roy (n\u{b0} X4T81KQZ2), n\u{e9}e", "a driving licence MORGA657054SM9IJ in the bucket", "keep her passport copy, it's CK1Y9F20Y (Germany)", "des scans de passeports, dont celui n\u{b0} 21FR83406"],
        #[cfg(test)]
        should_not_match: &["passport no. pending", "passport renewal 2025", "her passport copy, it is in the safe"],
    },
    Rule {
        id: "travel-reference-after-word",
        category: TravelRecord,
        rank: 2,
        // `dossier EJNTDA`, `Booking ref: QCLA4R`, `billet n° 0742680473715`, `Flight LH377  Seat 10B`,
        // `vol LH1735 siège 2D`.
        trigger: Words(&["dossier", "pnr", "booking", "record locator", "r\u{e9}servation", "R\u{c9}SERVATION", "reservation", "billet", "ticket", "etkt", "flight", "vol ", "seat", "si\u{e8}ge"]),
        before: 0,
        after: 60,
        pattern: r"(?i-u)\b(?:dossier|pnr|r\xC3\xA9servation|R\xC3\x89SERVATION|reservation|booking(?:[ \t]+ref(?:erence)?)?|record locator|e-?ticket|etkt|billet|ticket|flight|vol|seat|si\xC3\xA8ge)(?:[ \t]*\([A-Za-z]{2,6}\))?(?:[ \t]*(?:no\.?|n\xC2\xB0|nr\.?|number|num\xC3\xA9ro|#))?(?:[ \t]*[:=]|[ \t]+(?:c'est|is|est))?[ \t]*(?-i:(\d{3}[- ]\d{10}|[A-Z0-9]{2,14}))\b",
        check: v::check_travel_reference,
        examples: NONE,
        #[cfg(test)]
        should_match: &["R\u{e9}f\u{e9}rence de r\u{e9}servation (PNR) : R4TW9P", "E-ticket 125 2320680134", "pour Thibault Duval, dossier EJNTDA, IB274", "Flight LH377  Seat 10B  Gate A53", "billet n\u{b0} 0742680473715", "e-ticket 125-2481632640.", "PNR QXWRTA  ETKT 0812345678901"],
        #[cfg(test)]
        should_not_match: &["the ticket INC-4021 was closed", "flight mode", "dossier 2024"],
    },
    Rule {
        id: "coded-diagnosis",
        category: HealthData,
        rank: 2,
        // A FHIR/HL7 coding whose system is ICD-10 (or CIM-10, SNOMED): its code and display.
        trigger: Words(&["icd-10", "icd10", "cim-10", "cim10", "snomed"]),
        before: 0,
        after: 240,
        pattern: r#"(?-u)"(?:code|display|text)"[ \t]*:[ \t]*"([^"\r\n]{2,120})""#,
        check: v::check_coded_diagnosis,
        examples: NONE,
        #[cfg(test)]
        should_match: &["\"system\": \"http://hl7.org/fhir/sid/icd-10\", \"code\": \"C50.9\", \"display\": \"Malignant neoplasm of breast\""],
        #[cfg(test)]
        should_not_match: &["\"system\": \"http://hl7.org/fhir/sid/icd-10\", \"code\": \"[REDACTED]\""],
    },
    Rule {
        id: "health-in-prose",
        category: HealthData,
        rank: 1,
        // A condition said of someone: `diagnosed with X`, `atteinte de X`, `en arrêt de travail
        // … pour X`, `enceinte de 7 mois`, `séropositivité VIH`, `recovering from X`.
        trigger: Words(&[
            "diagnosed", "diagnosis of", "suffers from", "suffering from", "atteint de", "atteinte de", "atteint d'",
            "souffre de", "souffre d'", "diagnostiqu", "recovering from", "arr\u{ea}t de travail", "arr\u{ea}t maladie",
            "sick leave", "cong\u{e9} maladie", "enceinte", "pregnant", "s\u{e9}ropositi", "hiv-positive", "hiv positive",
            "grossesse",
        ]),
        before: 0,
        after: 140,
        pattern: r"(?i-u)(?:diagnosed with|diagnosis of|suffers from|suffering from|atteinte? d(?:e |')|souffre d(?:e |')|diagnostiqu\xC3\xA9e?s? (?:avec|d'une?|de)|recovering from|arr\xC3\xAAt (?:de travail|maladie)[^\r\n.]{0,60}?(?:pour|motif[ \t]*:)|(?:sick leave|cong\xC3\xA9 maladie)[^\r\n.]{0,40}?(?:for|due to|pour|:))[ \t]*([^\r\n.;,()]{3,80})|(enceinte de \d+ mois[^\r\n.;]{0,40}|(?:is|is now|she is) pregnant[^\r\n.;]{0,40}|s\xC3\xA9ropositivit\xC3\xA9 VIH|s\xC3\xA9ropositif|s\xC3\xA9ropositive|HIV[- ]positive|grossesse \xC3\xA0 risque)",
        check: v::check_prose_health,
        examples: NONE,
        #[cfg(test)]
        should_match: &["Mme Roux, diagnosed with multiple sclerosis (relapsing-remitting), asked", "elle est enceinte de 7 mois, pas de port de charges"],
        #[cfg(test)]
        should_not_match: &["the bug was diagnosed with gdb.", "diagnosed with the help of strace"],
    },
    Rule {
        id: "salary-in-prose",
        category: EmploymentData,
        rank: 1,
        // An amount near a pay word: `salary of $87,400`, `61 734 € bruts annuels`.
        trigger: Words(&["salary", "salaire", "earns", "r\u{e9}mun\u{e9}r", "bruts", "brut annuel", "brut mensuel", "gross pay", "gross annual", "pay rise", "payslip", "bulletin de paie", "pay goes", "pay rises", "pay raise", "pay increase", "pay cut", "new pay", "pay band"]),
        before: 60,
        after: 80,
        pattern: r"(?i-u)((?:\$|\xC2\xA3|\xE2\x82\xAC)[ \t]?\d{1,3}(?:(?:[,. ]|\xC2\xA0|\xE2\x80\xAF)\d{3})+(?:[.,]\d{2})?|\b\d{1,3}(?:(?:[ ,.]|\xC2\xA0|\xE2\x80\xAF)\d{3})+(?:[.,]\d{2})?(?:[ \t]|\xC2\xA0|\xE2\x80\xAF)?(?:\xE2\x82\xAC|EUR|GBP|USD|k\xE2\x82\xAC)(?:[ \t]+(?:bruts?|nets?)(?:[ \t]+(?:annuels?|mensuels?|par an))?)?)",
        check: v::check_shape,
        examples: NONE,
        #[cfg(test)]
        should_match: &["his salary is $87,400 a year", "pay\u{e9} 61 734 \u{20ac} bruts annuels", "after the review her pay goes to \u{a3}52,500 from May"],
        #[cfg(test)]
        should_not_match: &["salary band not disclosed"],
    },
    Rule {
        id: "hr-action-in-prose",
        category: EmploymentData,
        rank: 1,
        trigger: Words(&[
            "disciplin", "avertissement", "performance improvement", "plan d'am\u{e9}lioration", "written warning",
            "mise \u{e0} pied", "does not meet expectations", "licenciement pour", "entretien pr\u{e9}alable", "final warning",
            "final written warning", "gross misconduct", "faute grave", "faute lourde", "insuffisance professionnelle",
            "rupture conventionnelle",
        ]),
        before: 0,
        after: 120,
        // The steps and grounds of an HR procedure, in English and French: a final warning, a
        // pre-dismissal interview, gross misconduct, professional inadequacy.
        pattern: r"(?i-u)((?:avertissement(?: disciplinaire| \xC3\xA9crit)?|disciplinary (?:warning|action|hearing|sanction)|written warning|final (?:written )?warning\b|gross misconduct|entretien pr\xC3\xA9alable(?: \xC3\xA0 (?:un |une )?(?:licenciement|sanction))?|faute (?:grave|lourde)|insuffisance professionnelle|rupture conventionnelle|(?:placed on a )?(?:\d+-day )?performance improvement plan|plan d'am\xC3\xA9lioration|mise \xC3\xA0 pied|does not meet expectations|licenciement pour)[^\r\n.]{0,80})",
        check: v::check_shape,
        examples: NONE,
        #[cfg(test)]
        should_match: &["avertissement disciplinaire notifi\u{e9} le 06/01/2025 pour retards r\u{e9}p\u{e9}t\u{e9}s", "\"note\": \"Final warning given for absence\"", "convoqu\u{e9}e \u{e0} un entretien pr\u{e9}alable \u{e0} licenciement le 3 mars", "motif : insuffisance professionnelle"],
        #[cfg(test)]
        should_not_match: &["no warning was shown", "the final warnings of the compiler"],
    },
    Rule {
        id: "condition-in-prose",
        category: HealthData,
        rank: 1,
        // A condition said of someone with a care word before it (`suivi(e) pour une épilepsie`,
        // `treated for X`, `bénéficie d'une chimiothérapie`, `undergoing dialysis`) or a sick-leave
        // line after it (`Name : hernie discale L4-L5, arrêt de travail de 3 semaines`); kept only
        // when the words name a condition or a treatment (validators/named.rs `medical_words`).
        trigger: Words(&[
            "suivi pour", "suivie pour", "suivi(e) pour", "trait\u{e9} pour", "trait\u{e9}e pour", "trait\u{e9}(e) pour", "treated for",
            "treatment for", "hospitalis", "hospitaliz", "admitted for", "b\u{e9}n\u{e9}ficie d", "undergoing", "receiving",
            "arr\u{ea}t de travail", "arr\u{ea}t maladie", "sick leave", "off sick", "follow-up after", "follow-up for",
            "follow up after", "follow up for", "suivi apr\u{e8}s", "suivie apr\u{e8}s", "shows", "showed", "reveals",
            "revealed",
        ]),
        before: 90,
        after: 140,
        pattern: r"(?i-u)(?:(?:suivie?|trait\xC3\xA9e?|hospitalis\xC3\xA9e?)(?:\(e\))?[ \t]+pour|(?:treated|hospitali[sz]ed|admitted)[ \t]+for|(?:under[ \t]+)?treatment[ \t]+for|b\xC3\xA9n\xC3\xA9ficie[ \t]+d(?:'|\xE2\x80\x99)|undergoing|receiving|follow[- ]up[ \t]+(?:after|for)|suivie?[ \t]+apr\xC3\xA8s|(?:shows|showed|reveals|revealed)(?:[ \t]+(?:a|an|her|his|their))?)[ \t]*([^\r\n.;,()\x22]{3,80})|:[ \t]*([^\r\n:;,.\x22]{3,60}),[ \t]*(?:arr\xC3\xAAt (?:de travail|maladie)|sick leave|off sick)",
        check: v::check_condition,
        examples: NONE,
        #[cfg(test)]
        should_match: &["le patient est suivi pour une sclérose en plaques depuis 2019", "Mr Hale was treated for acute leukaemia in 2023", "Agent 4471 : lombalgie chronique, arr\u{ea}t de travail de 10 jours", "her file shows a follow-up after a mastectomy in March", "the record belongs to A. Lee, and shows type 1 diabetes with insulin pump therapy, plus"],
        #[cfg(test)]
        should_not_match: &["the ticket is suivi pour la release 4.2", "treated for the purposes of this report", "undergoing maintenance until 6 pm", "the response shows the session token in clear"],
    },
    Rule {
        id: "pay-line-amount",
        category: EmploymentData,
        rank: 1,
        // A payslip's lines as OCR gives them: the label, then the amount (`Salaire de base
        // 2607,73`, `Net à payer 3602,42`, `Gross pay 4,120.50`).
        trigger: Words(&["salaire de base", "salaire brut", "salaire net", "net \u{e0} payer", "net a payer", "net imposable", "gross pay", "net pay", "base salary", "basic pay"]),
        before: 0,
        after: 120,
        pattern: r"(?i-u)(?:salaire (?:de base|brut|net)(?: mensuel| annuel)?|net (?:\xC3\xA0|a) payer|net imposable|gross pay|net pay|base salary|basic pay)(?:[^\r\n]{0,60}?[ \t]\.{3,}[ \t]*|[ \t]*(?::[ \t]*)?)((?:\$|\xC2\xA3|\xE2\x82\xAC)?[ \t]?\d{1,3}(?:(?:[ ,.]|\xC2\xA0|\xE2\x80\xAF)?\d{3})*(?:[.,]\d{2})?(?:[ \t]?(?:\xE2\x82\xAC|EUR))?)",
        check: v::check_amount,
        examples: NONE,
        #[cfg(test)]
        should_match: &["Salaire de base 2607,73", "Net \u{e0} payer avant imp\u{f4}t ........ 4579,59", "Net \u{e0} payer : 3 602,42 \u{20ac}", "Gross pay \u{a3}4,120.50"],
        #[cfg(test)]
        should_not_match: &["salaire de base 0", "net pay 12"],
    },
    Rule {
        id: "tax-notice-line",
        category: TaxRecord,
        rank: 1,
        // A tax notice's lines: its reference, the reference income, the tax due (`Référence de
        // l'avis : 52 96 5892836 85`, `Revenu fiscal de référence 75 870 €`, `Montant de votre
        // impôt 12 445 €`, `Taxable income $84,200`).
        trigger: Words(&["r\u{e9}f\u{e9}rence de l'avis", "reference de l'avis", "revenu fiscal de r", "montant de votre imp", "imp\u{f4}t sur le revenu", "imp\u{f4}t net", "taxable income", "tax due", "income tax due", "total tax"]),
        before: 0,
        after: 120,
        pattern: r"(?i-u)(?:r\xC3\xA9f\xC3\xA9rence de l(?:'|\xE2\x80\x99)avis|reference de l'avis|revenu fiscal de r\xC3\xA9f\xC3\xA9rence|montant de (?:votre )?imp\xC3\xB4t|imp\xC3\xB4t (?:sur le revenu|net)(?: \xC3\xA0 payer)?|taxable income|(?:income )?tax due|total tax)(?:[^\r\n]{0,60}?[ \t]\.{3,}[ \t]*|[ \t]*(?::[ \t]*)?)((?:\$|\xC2\xA3|\xE2\x82\xAC)?[ \t]?\d[\d ,.\xC2\xA0]{1,20}\d(?:[ \t]?(?:\xE2\x82\xAC|EUR))?)",
        check: v::check_amount,
        examples: NONE,
        #[cfg(test)]
        should_match: &["R\u{e9}f\u{e9}rence de l'avis : 24 13 7702145 61", "Imp\u{f4}t sur le revenu pr\u{e9}lev\u{e9} \u{e0} la source (taux 9,1 %) ........ 402,18", "Revenu fiscal de r\u{e9}f\u{e9}rence 41 206 \u{20ac}", "Taxable income $84,200"],
        #[cfg(test)]
        should_not_match: &["taxable income 0", "montant de votre imp\u{f4}t : voir page 2"],
    },
    Rule {
        id: "document-fields",
        category: IdentityDocument,
        rank: 2,
        // An identity document as OCR gives it, under its heading: the number on its `N°` line
        // (ID card, passport), or field 5 of the EU driving licence (1 surname, 2 names, 3 date
        // and place of birth, 4a-4c issue, 5 number).
        trigger: Words(&["carte nationale d'identit", "carte nationale d\u{2019}identit", "identity card", "titre de s\u{e9}jour", "TITRE DE S\u{c9}JOUR", "residence permit", "permis de conduire", "driving licence", "driver's license", "driving license", "passport", "passeport"]),
        before: 0,
        after: 400,
        pattern: r"(?m-u)^[ \t]*(?:(?:N\xC2\xB0|No\.?|Num(?:\xC3\xA9|e)ro)(?:[ \t]+(?:du|de la|de|of the|of))?[ \t]+(?i:document|carte|passeport|passport|titre)|(?i:document)[ \t]+(?:No\.?|number|N\xC2\xB0)|N\xC2\xB0|No\.?|5\.)[ \t]*(?:\xC2\xA0)?:?[ \t]*([A-Z0-9]{8,16})[ \t]*\r?$",
        check: v::check_document_number,
        examples: NONE,
        #[cfg(test)]
        should_match: &["PERMIS DE CONDUIRE\n1. MARTIN\n5. 431207918824\n9. B", "CARTE NATIONALE D'IDENTIT\u{c9}\nN\u{b0} 7XK2PLM45\n", "CARTE NATIONALE D'IDENTIT\u{c9}\nN\u{b0} du document : RGQRQMXME\n"],
        #[cfg(test)]
        should_not_match: &["PERMIS DE CONDUIRE\n5. B\n", "passport\nNo. 12\n"],
    },
    Rule {
        id: "licence-birth-field",
        category: DateOfBirth,
        rank: 2,
        // Field 3 of the EU driving licence: the date (and place) of birth.
        trigger: Words(&["permis de conduire", "driving licence", "driving license", "f\u{fc}hrerschein"]),
        before: 0,
        after: 300,
        pattern: r"(?m-u)^[ \t]*3\.[ \t]*(\d{2}[./]\d{2}[./](?:19|20)\d{2})\b",
        check: v::check_shape,
        examples: NONE,
        #[cfg(test)]
        should_match: &["PERMIS DE CONDUIRE\n1. MARTIN\n2. Anne\n3. 14.02.1977 LYON"],
        #[cfg(test)]
        should_not_match: &["PERMIS DE CONDUIRE\n3. B"],
    },
    Rule {
        id: "fhir-address-line",
        category: PostalAddress,
        rank: 1,
        // A FHIR (or similar) address object: its `line` array holds the street, judged by the
        // parent key `address` (`"address": [{"line": ["39 Cavendish Road"], "city": …}]`).
        trigger: Words(&["\"line\""]),
        before: 80,
        after: 120,
        pattern: r#"(?i-u)"(?:address|adresse|addr)"[ \t]*:[ \t]*\[?[ \t\r\n]*\{[^{}\]]{0,80}?"line"[ \t]*:[ \t]*\[[ \t\r\n]*"([^"\r\n]{4,100})""#,
        check: v::check_named_line,
        examples: NONE,
        #[cfg(test)]
        should_match: &["\"address\": [{\"line\": [\"14 Orchard Street\"], \"city\": \"Leeds\"}]"],
        #[cfg(test)]
        should_not_match: &["\"address\": [{\"line\": [\"[REDACTED]\"]}]"],
    },
    Rule {
        id: "identifier-by-system",
        category: NationalId,
        rank: 1,
        // An identifier judged by its system (FHIR `identifier`): a national health or social
        // security number whatever its checksum (`{"system": ".../nhs-number", "value": "…"}`).
        trigger: Words(&["nhs-number", "nhs_number", "nhsnumber", "social-security", "/ssn", "-ssn", "/nir", "/insee", "/sin", "/bsn"]),
        before: 60,
        after: 120,
        pattern: r#"(?i-u)"system"[ \t]*:[ \t]*"[^"\r\n]{0,80}?(?:nhs-?_?number|social-security|[/-]ssn|/nir|/insee|/sin|/bsn)[^"\r\n]{0,20}"[ \t]*,[ \t]*"value"[ \t]*:[ \t]*"([0-9][0-9 .-]{6,22}[0-9A-Z])""#,
        check: v::check_shape,
        examples: NONE,
        #[cfg(test)]
        should_match: &["{\"system\": \"https://fhir.nhs.uk/Id/nhs-number\", \"value\": \"485 777 3456\"}"],
        #[cfg(test)]
        should_not_match: &["{\"system\": \"https://fhir.nhs.uk/Id/nhs-number\", \"value\": \"[REDACTED]\"}"],
    },
    Rule {
        id: "chat-answer-secret",
        category: PasswordAssignment,
        rank: 1,
        // A chat line asking for a credential (`what's root on X again?`, `c'est quoi le wifi du
        // dépôt déjà ?`) answered on the next line by a message that is only a made-up value,
        // or `SSID / value`.
        trigger: Words(&["again", "d\u{e9}j\u{e0}", "c'est quoi", "what's the", "what is the", "quel est le"]),
        before: 120,
        after: 300,
        pattern: r#"(?im-u)(?:wi-?fi|\broot\b|password|passwd|mot de passe|\bmdp\b|\bcreds\b|identifiants|passphrase|le code)[^\r\n]{0,80}?(?:\?|\bagain\b|d\xC3\xA9j\xC3\xA0)[^\r\n]*\r?\n[^\r\n]*?(?:>|:)[ \t]+(?:[A-Za-z0-9_.-]{2,40}[ \t]*/[ \t]*)?([^\s]{8,64})[ \t]*(?:\xF0[\x80-\xBF]{3}[ \t]*)?\r?$"#,
        check: v::check_chat_answer,
        examples: NONE,
        #[cfg(test)]
        should_match: &["<ana> what's the db password again?\n<bob> Qx7!mRt2pL\n", "[01/02/2025, 09:12] A: c'est quoi le wifi du labo ?\n[01/02/2025, 09:13] B: Labo_5G / Tilleul42# \u{1f609}\n"],
        #[cfg(test)]
        should_not_match: &["<ana> what's the db password again?\n<bob> ask-the-ops-channel\n", "<ana> root password?\n<bob> no idea, sorry\n"],
    },
    Rule {
        id: "html-cell-secret",
        category: PasswordAssignment,
        rank: 1,
        // A two-cell HTML row whose first cell names a credential (`phpinfo()`'s
        // `<td class="e">$_SERVER['DB_PASS']</td><td class="v">X</td>`).
        trigger: Words(&["</td>"]),
        before: 120,
        after: 200,
        pattern: r#"(?i-u)<t[dh][^>]{0,40}>[^<\r\n]{0,60}?(?:pass(?:word|wd)?\b|_pw\b|pwd|secret|token|mot_de_passe|api_?key)[^<\r\n]{0,30}</t[dh]>[ \t]*<td[^>]{0,40}>[ \t]*([^<\s][^<\r\n]{3,100}?)[ \t]*</td>"#,
        check: v::check_cell_secret,
        examples: NONE,
        #[cfg(test)]
        should_match: &["<tr><td class=\"e\">$_SERVER['DB_PASS']</td><td class=\"v\">Ruisseau42!</td></tr>"],
        #[cfg(test)]
        should_not_match: &["<tr><td class=\"e\">DB_PASSWORD</td><td class=\"v\">no value</td></tr>", "<td>password</td><td>********</td>"],
    },
    Rule {
        id: "credentials-file-lines",
        category: PasswordAssignment,
        rank: 1,
        // A credentials file quoted by name (`# creds.txt`, OpenVPN's `auth-user-pass` file, or
        // its inline `<auth-user-pass>` block): a user line, then the password line.
        trigger: Words(&["creds", "credentials", "auth-user-pass", "passwords.txt", "login.txt", "auth.txt"]),
        before: 10,
        after: 200,
        pattern: r#"(?i-u)(?:#[ \t]*[A-Za-z0-9_.-]*(?:creds?|credentials|auth|pass(?:words?)?|login)[A-Za-z0-9_.-]*\.(?:txt|conf|cfg)|<auth-user-pass>)[ \t]*\r?\n[ \t]*[A-Za-z0-9_.@\\-]{2,64}[ \t]*\r?\n[ \t]*([^\s<]{6,128})[ \t]*(?:\r?\n|$)"#,
        check: v::check_secret_shaped,
        examples: NONE,
        #[cfg(test)]
        should_match: &["# creds.txt\nvpnuser01\nKq#82mTz!pL\n", "<auth-user-pass>\nalice\nR0ck&Roll99\n</auth-user-pass>"],
        #[cfg(test)]
        should_not_match: &["# creds.txt\nuser\n(empty)\n", "# credentials.txt\nalice\npassword\n"],
    },
    Rule {
        id: "ci-variable-value",
        category: PasswordAssignment,
        rank: 1,
        // A CI/CD variable set through an API whose name says secret (GitLab's
        // `PUT …/variables/DEPLOY_KEY` with `{"value": "X"}`, or `{"key": "API_TOKEN", "value": "X"}`).
        trigger: Words(&["/variables/", "\"key\""]),
        before: 0,
        after: 500,
        pattern: r#"(?-u)(?:/variables/[A-Za-z0-9_]*|"key"[ \t]*:[ \t]*"[A-Za-z0-9_]*)(?i:key|token|secret|pass|password|passwd|pwd|credential)[A-Za-z0-9_]*(?:"|\b)(?s:.){0,400}?"value"[ \t]*:[ \t]*"([^"\r\n]{6,200})""#,
        check: v::check_secret_shaped,
        examples: NONE,
        #[cfg(test)]
        should_match: &["PUT /api/v4/projects/9/variables/API_TOKEN HTTP/1.1\n\n{\"value\": \"Zx_9fk#QeL2mP\"}", "{\"key\": \"DB_PASSWORD\", \"value\": \"Wq8!tR4zLm\"}"],
        #[cfg(test)]
        should_not_match: &["{\"key\": \"DB_PASSWORD\", \"value\": \"${DB_PASSWORD}\"}", "{\"key\": \"LOG_LEVEL\", \"value\": \"Debug-42!x\"}"],
    },
    Rule {
        id: "quoted-note-condition",
        category: HealthData,
        rank: 1,
        // A note quoted from a record (`with the note "generalised anxiety disorder"`, `remarque :
        // « diabète de type 1 »`) that names a condition or a treatment.
        trigger: Words(&["note", "remarque", "commentaire", "comment", "observation", "motif"]),
        before: 0,
        after: 160,
        pattern: r#"(?i-u)\b(?:note|notes|remarque|commentaire|comment|observations?|motif)[ \t]*(?::[ \t]*)?(?:"|\xE2\x80\x9C|\xC2\xAB(?:[ \t]|\xC2\xA0)*)([^"\r\n\xC2\xE2]{4,120}?)(?:"|\xE2\x80\x9D|(?:[ \t]|\xC2\xA0)*\xC2\xBB)"#,
        check: v::check_condition,
        examples: NONE,
        #[cfg(test)]
        should_match: &["returned a patient with the note \"type 1 diabetes, insulin pump\" and", "remarque : \u{ab} lombalgie chronique \u{bb}"],
        #[cfg(test)]
        should_not_match: &["with the note \"see ticket 4411\"", "comment \"fixed in 2.3\""],
    },
    Rule {
        id: "spaced-passphrase-in-prose",
        category: PasswordAssignment,
        rank: 1,
        // A passphrase of plain words given in a sentence with no quotes (`the recovery
        // passphrase for the HSM was the kettle is never cold and …`): four to nine words after
        // `was`/`is`/`est`, up to `and`, a comma or the end of the sentence.
        trigger: Words(&["passphrase", "pass phrase", "phrase secr\u{e8}te", "phrase de passe", "shared secret", "secret partag"]),
        before: 0,
        after: 160,
        pattern: r"(?i-u)\b(?:passphrase|pass phrase|phrase secr\xC3\xA8te|phrase de passe|shared secret|secret partag\xC3\xA9)[^\r\n.:=`\x22]{0,60}?[ \t](?:was|is|est|\xC3\xA9tait|c'est)[ \t]+((?:[a-z\x80-\xFF'-]+[ \t]+){3,8}?[a-z\x80-\xFF'-]+|[a-z]{3,12}(?:-[a-z]{3,12}){3,7})(?:[ \t]+(?:and|et|but|mais)\b|[ \t]*[,.;!?)]|[ \t]*\r?$)",
        check: v::check_spaced_passphrase,
        examples: NONE,
        #[cfg(test)]
        should_match: &["the backup passphrase was the river knows my name and the PIN", "la phrase secr\u{e8}te est le chat dort sur le piano.", "the shared secret we agreed on is lantern-otter-over-hull, please"],
        #[cfg(test)]
        should_not_match: &["the passphrase is used to derive the key, and", "the passphrase is not stored anywhere on disk.", "the passphrase was changed after the incident and"],
    },
    Rule {
        id: "iata-bcbp",
        category: TravelRecord,
        rank: 3,
        // The IATA bar-coded boarding pass string (Resolution 792): `M1`, the passenger's name
        // on 20 characters, `E` and the booking reference, from/to/carrier, flight, date, seat.
        trigger: Prefixes(&["M1", "M2", "M3", "M4"]),
        before: 0,
        after: 160,
        pattern: r"(?-u)\b(M[1-4][A-Z\x80-\xFF/ .'-]{6,26}[E ][A-Z0-9]{6,7} ?[A-Z]{6}[A-Z0-9]{2,3} ?\d{4}[A-Z ]? ?\d{3}[A-Z][0-9A-Z]{3,4}\d{1,5}[^\r\n\x22]{0,12})",
        check: v::check_shape,
        examples: NONE,
        #[cfg(test)]
        should_match: &["M1VANCE/AISHA         EQCLA4R CDGJFKLH 0377 220Y010B12512 100", "[barcode] M1ORTIZ/NOOR  EK3T9QZ LISORYTP 0432 201Y012C044 100"],
        #[cfg(test)]
        should_not_match: &["M1 chip, 16 GB"],
    },
    Rule {
        id: "mrz-line",
        category: IdentityDocument,
        rank: 3,
        trigger: Words(&["<<"]),
        before: 44,
        after: 44,
        // No closing delimiter in the pattern (the validator looks at the byte after): the one
        // between two MRZ cells of a CSV or TSV row (`…<<<,19AK…`) opens the second match.
        pattern: r"(?m-u)(?:^|[^A-Za-z0-9<])([A-Z0-9<]{30,44})",
        check: v::check_mrz,
        examples: NONE,
        #[cfg(test)]
        should_match: &[
            "P<FRARIVIERE<<HELOISE<<<<<<<<<<<<<<<<<<<<<<<\n44KR572429FRA9409042F2701013<<<<<<<<<<<<<<02",
            "P<FRAESCANDE<<MAXENCE<<<<<<<<<<<<<<<<<<<<<<<\t17FT620394FRA8811042M2708230<<<<<<<<<<<<<<<0\tLLFQY4",
        ],
        #[cfg(test)]
        should_not_match: &["template <<EOF"],
    },
    // --- contact data and internal infrastructure ------------------------------------------------
    Rule {
        id: "email-address",
        category: EmailAddress,
        rank: 1,
        trigger: Prefixes(&["@"]),
        before: 64,
        after: 256,
        pattern: r"(?i-u)\b([a-z0-9][a-z0-9._%+-]{0,63}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})\b",
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
        pattern: r"(?i-u)\b(?:phone|tel|telephone|t\xC3\xA9l\xC3\xA9phone|t\xC3\xA9l|mobile|cell|fax|portable|gsm|telefon|whatsapp)(?:[ \t]*(?:number|no\.?|num\.?|#))?[\x22']?[ \t]*[:=]?[ \t]*[\x22']?(\+?[0-9(][0-9 ().-]{6,20}[0-9])",
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
