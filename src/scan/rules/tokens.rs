//! Rules for private key blocks and for the tokens of cloud and vendor services (AWS, GitHub,
//! GitLab, Slack, Stripe, Google, Azure, npm, PyPI, Twilio, AI providers, JWTs): mostly
//! prefixed formats, judged by `validators/tokens.rs` (checksums, key ids) and the shared
//! token checks of `validators.rs`.

use super::Trigger::{Prefixes, Words};
use super::{Rule, NONE};
use crate::scan::validators as v;
use crate::scan::Category::*;

/// This family's rules, in the order `RULES` numbers them.
pub(super) const RULES: &[Rule] = &[
    // --- private keys ----------------------------------------------------------------------
    Rule {
        id: "private-key-block",
        category: PrivateKey,
        rank: 6,
        trigger: Prefixes(&["-----BEGIN"]),
        before: 0,
        after: 65536,
        pattern: super::PRIVATE_KEY_PATTERN,
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
        pattern: r#"(?i-u)(?:aws[._-]?secret(?:[._-]?access)?[._-]?key|secret[._-]?access[._-]?key)["'`]?(?:\s*(?:value\s*)?(?::|=>|=)\s*(?:\{\s*"value"\s*:\s*)?["']?|[ \t]+|[ \t]*\|[ \t]*`?)([A-Za-z0-9/+]{40}|[A-Za-z0-9/+]{54}==)(?:[^A-Za-z0-9/+=]|$)"#,
        check: v::check_aws_secret,
        examples: NONE,
        #[cfg(test)]
        should_match: &["  AWS_SECRET_ACCESS_KEY: R3R0OHFxUHdPRDlIcGdGRVdTSnVzWGp6RFljSytBQnZ1MmpJS3hqeg==", "  secretAccessKey: ohyp+2xrcaePb1ZcCrPuKVDQ9SFmzLc3BPev+lbM", "| AWS_SECRET_ACCESS_KEY | hm4Wzhu5iMVOZucth+dyaoLoehnoe68tPi8WfpxQ | valide |", r#""aws_secret_access_key": {"value": "6x3SQSvDsrT0f29NLBZeiKhEnQxFn9Al1sws1lSQ", "type": "string"}"#, "aws configure set aws_secret_access_key Zm5DJTPrO56bGaI+tBajzRb/Qwcvw6ktnK1gaEuW"],
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
        pattern: r#"(?-u)\b(?:AKIA|ASIA)[A-Z0-9]{16}\b["'`]?(?:[ \t]*[,:;/|=](?:[ \t]*\r?\n)?[ \t]*["'`]?(?:(?i:secret(?:[ _-]?(?:access[ _-]?)?key)?)["']?[ \t]*[:=]?[ \t]*["']?)?|[ \t]*\r?\n[ \t]*|[ \t]+(?i:and|with|et|avec|accompagn\xC3\xA9e? de|along with|together with|paired with|plus)[ \t]+(?i:(?:the|its|their|le|la|son|sa|leur)[ \t]+)?(?i:secret(?:[ _-]?(?:access[ _-]?)?key)?|cl\xC3\xA9 secr\xC3\xA8te)[ \t]*(?:(?i:is|est)[ \t]+|[:=][ \t]*)?["']?|[ \t]*[,;]?\r?\n[^\r\n"']{0,60}?["']?(?i:[a-z_.-]*secret[a-z_.-]*)["']?[ \t]*(?:=|:)[ \t]*["']?)([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
        check: v::check_aws_secret,
        examples: NONE,
        #[cfg(test)]
        should_match: &["$ access key ASIAZHCY3QHYNC3THPS4 / secret 7oBB9mK3V5TBw/H56qkVw96SVNYeijvJagGnshEj", "NewStaticCredentials(\n\t\"AKIABLCIUYT43YWMVHYM\",\n\t\"hsSiD6swGjTzOlMjyYy/WD1OVjft3p3zkqo+0mym\",\n\t\"\")", "La clé AKIA2IOQU4PU3LLI56PV et son secret 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 apparaissent", "la cl\u{e9} AKIA5VKOU75ANE7P7GN3 accompagn\u{e9}e de son secret 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.", "KEY = \"AKIAUMIVQWZDFWBI6B3C\";\n    private static final String SECRET = \"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\";"],
        #[cfg(test)]
        should_not_match: &["AKIAXXXXXXXXXXXXXXXX / ${AWS_SECRET_ACCESS_KEY}"],
    },
    Rule {
        // The secret announced as such within a few lines after its access key id, however far
        // the sentence wanders: `… => AKIA…\nand the secret, stored base64 in res/raw but
        // trivially decoded:\n  "…"`.
        id: "aws-secret-near-key-id",
        category: AwsSecretKey,
        rank: 4,
        trigger: Prefixes(&["AKIA", "ASIA"]),
        before: 0,
        after: 400,
        pattern: r#"(?s-u)\b(?:AKIA|ASIA)[A-Z0-9]{16}\b(?:.{0,200}?(?i:secret|secr\xC3\xA8te)[^\r\n]{0,80}(?:\r?\n[^\r\n]{0,80}?)??|.{0,120}?)(?:^|[^A-Za-z0-9/+=])([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
        check: v::check_aws_secret,
        examples: NONE,
        #[cfg(test)]
        should_match: &["> > try these for the upload bucket:\n> > AKIATSSED75TPTIGJVSJ\n> > qUwSSUj30CLe4EW8fu5d7E0sQqD4ZBgkSjG/IpVP\n> thanks", "part A + part B => AKIAAPL33GPDJFYLXWB7\nand the secret, stored base64 in res/raw but trivially decoded:\n  \"xcE98o4hG6rKe07sEEIBN1XkvBA7ixTm1htXVeFE\""],
        #[cfg(test)]
        should_not_match: &["AKIAAPL33GPDJFYLXWB7 was revoked; the secret was rotated, commit 3f9a2b1c4d5e6f708192a3b4c5d6e7f801234567"],
    },
    Rule {
        // An Express (connect) signed session id, URL-encoded as its cookie carries it and as a
        // session store keeps it: `s%3A` + the id + `.` + the HMAC.
        id: "express-signed-session",
        category: SessionCookie,
        rank: 3,
        trigger: Prefixes(&["s%3A", "s%3a"]),
        before: 0,
        after: 160,
        pattern: r"(?-u)\b(s%3[Aa][A-Za-z0-9_-]{20,64}\.[A-Za-z0-9/+]{27,86}(?:%3D|=){0,2})",
        check: v::check_random_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["INSERT INTO sessions VALUES('s%3A0FI6v75lGi_ZiFbDUpFt8cZKbbu_KEl5.K2wXy8GhErboJZgP/IpliS7p58M/88B1MfHAzrexhPB',17"],
        #[cfg(test)]
        should_not_match: &["s%3Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],
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
        trigger: Words(&["getconnection", "pdo(", "pdo->__construct", "mysqli_connect", "mysql_connect", "new mysqli", "networkcredential", "usernamepasswordcredentials", "passwordauthentication", "ldap3.connection", "simple_bind_s", "bind_s(", "login(", "authenticate("]),
        before: 0,
        after: 400,
        pattern: r#"(?i-u)(?:(?:getConnection|PDO(?:->__construct)?|mysqli_connect|mysql_connect|mysqli|ldap3\.Connection)[ \t]*\([ \t]*(?:"[^"\r\n]*"|'[^'\r\n]*'|[A-Za-z_$][A-Za-z0-9_.$\[\]'"-]*)[ \t]*,[ \t]*|(?:NetworkCredential|UsernamePasswordCredentials|PasswordAuthentication|simple_bind_s|bind_s|login|authenticate)[ \t]*\()[ \t]*(?:"[^"\r\n]*"|'[^'\r\n]*'|[A-Za-z_$][A-Za-z0-9_.$]*)[ \t]*,[ \t]*(?:"([^"\r\n]{4,128})"|'([^'\r\n]{4,128})')"#,
        check: v::check_code_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &[
            r#"Connection c = DriverManager.getConnection("jdbc:postgresql://10.0.4.12:5432/crm", "crm_app", "W1nter#Crm2024");"#,
            "#0 /var/www/db.php(12): PDO->__construct('mysql:host=192.168.239.73;dbname=crm', 'crm', '2r%4NrE*2@@-0a')",
            r#"var cred = new NetworkCredential("svc_backup", "P@ssw0rd!Backup77", "CORP");"#,
            "$link = mysqli_connect('localhost', 'root', 'Qz7!rootDb');",
            r#"conn = ldap3.Connection(serveur, "cn=svc-migr,ou=services,dc=tessane,dc=local", "Tessane2023*", auto_bind=True)"#,
            r#"l.simple_bind_s("cn=admin,dc=corp,dc=lan", "Bind!Pw-2291")"#,
            r#"    login("gestion", "Pivoine_Orage_18")"#,
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
];
