//! Rules for credentials in context: URLs with a password, connection strings, headers and
//! cookies, password assignments, flags and command lines, passwords in sentences, user/password
//! pairs and password hashes. Judged by `validators/credentials.rs`.
//!
//! A data table, one entry per rule: long because the family is large, not because it mixes jobs.

use super::Trigger::{HeaderLine, Prefixes, Words};
use super::{Rule, NONE, TOKEN_PATTERN};
use crate::scan::validators as v;
use crate::scan::Category::*;

/// This family's rules, in the order `RULES` numbers them.
pub(super) const RULES: &[Rule] = &[
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
        trigger: Words(&["identified by", "identified with", "with password", "with encrypted password", "identified\\040by"]),
        before: 0,
        after: 200,
        pattern: r"(?i-u)(?:identified(?:[ \t]|\\040)+(?:with(?:[ \t]|\\040)+[A-Za-z0-9_]+(?:[ \t]|\\040)+)?by|with(?:[ \t]|\\040)+(?:encrypted(?:[ \t]|\\040)+)?password)(?:[ \t]|\\040)+'([^'\r\n]{4,})'",
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r"CREATE\040USER\040'lecture'@'%'\040IDENTIFIED\040BY\040'L3cture_Seule!';", "CREATE USER 'export_bi'@'%' IDENTIFIED BY 'Vortex$39';", "ALTER ROLE etl WITH PASSWORD 'Kest!857har';"],
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
        pattern: r#"(?-u)(?:\becho[ \t]+(?:'([^'\r\n]{4,})'|"([^"\r\n]{4,})"|([^\s|'"]{4,}))[ \t]*\|[ \t]*sudo[ \t]+-S\b|\bopenssl[ \t][^\r\n|;]*?[ \t]-(?:k[ \t]+|pass[ \t]+pass:|passin[ \t]+pass:|passout[ \t]+pass:)(?:'([^'\r\n]{4,})'|"([^"\r\n]{4,})"|([^\s'"]{4,})))"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["openssl enc -aes-256-cbc -pbkdf2 -in c.tgz -out c.tgz.enc -k 'la mouette rit sous la pluie 1908'", "echo 'Nimbus#804' | sudo -S apt-get update", "openssl enc -aes-256-cbc -pbkdf2 -in a.tar -out a.enc -k sauvegarde-nuit-2024"],
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
        // A match is on one line (`[^\r\n]*?`, a value without line breaks): the keyword's line.
        trigger: HeaderLine(&["password", "pwd"]),
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
        trigger: Words(&["authorization", "http_authorization"]),
        before: 0,
        after: 8192,
        pattern: r#"(?i-u)(?:\b|_)(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?(?:(?:bearer|basic|token|digest|apikey|api-key|sso-key|negotiate|ntlm|dpop|jwt|hmac)[ \t]+)?([^\s"']+)"#,
        check: v::check_auth_header,
        examples: NONE,
        #[cfg(test)]
        should_match: &["  HTTP_AUTHORIZATION = 'Token 36e624fe2bd65d9ddba44edb47d89a8b8d8f1bec'", "Authorization: Basic YWRtaW46UXVva2thXzIwMTkh"],
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
        pattern: r#"(?i-u)[:;][ \t]*[A-Za-z0-9_.-]*(?:sess|sid|auth|token|jwt|remember|login|aspnetcore)[A-Za-z0-9_.-]*=([^;\s"']+)"#,
        check: v::check_cookie_pair,
        examples: NONE,
        #[cfg(test)]
        should_match: &["Set-Cookie: PHPSESSID=xf9zw2c3efcmxcksw8xt8wc9kk; Path=/; HttpOnly\r", "Cookie: ASP.NET_SessionId=ak1rpoqor05cj40vkvuy2drv; .AspNetCore.Identity.Application=CfDJ8DXYiGCNOE4-xt1Tz8rRVObkl5h9uAi28zsoRcinq2u6BR4Op1WV5ee"],
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
        pattern: r#"(?i-u)(?:^|[\s;'"(,`>])(?:sid|session|session_?id|[A-Za-z]*sessid|[A-Za-z0-9_.-]*session[_.-]?token|[A-Za-z0-9]+[_.-]session)(?:[ \t]*[=:][ \t]*|[ \t]{2,}|\t)["']?([A-Za-z0-9_.~+/%-]{16,}={0,2})"#,
        check: v::check_session_value,
        examples: NONE,
        #[cfg(test)]
        should_match: &["<td class=\"v\">laravel_session=P32v6-H_Mj4Pjxg0itkc9t32cdMMTfRRlUWjQUtJ</td>", 
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
            "mdp",
            "psk",
            "private_key",
            "session_key",
            "community",
            "totp",
            "otp_secret",
            "mfa_secret",
            "consumer_key",
            "consumerkey",
        ]),
        before: 40,
        after: 400,
        pattern: r#"(?i-u)\b[A-Za-z0-9_.-]*(?:password|passwd|pwd|pass|passphrase|secret|api_?key|api-key|access_?token|auth_?token|refresh_?token|token|mot_de_passe|mot de passe|motdepasse|mdp|psk|secret_access|private_?key|session_?key|community|totp_?seed|totp_?secret|otp_?secret|mfa_?secret|consumer_?key)(?:_?v?[0-9]{1,2}|_?key|_?value|_?str|[ \t]+(?:provisoire|temporaire|initial|temporary|initial|actuel|current)|[_-](?:provisoire|temporaire|initiale?|temporary|temp|tmp|actuel|current|old|new|nouveau|ancien|default|admin|root|user|app|db|smtp|saisie?|typed|entered|input|attempt|tent\xC3\xA9))?\\?["']?\]?[ \t]*(?::=|=>|=|:)[ \t]*(?:\{[ \t]*"value"[ \t]*:[ \t]*)?(?:\\"([^"\\\r\n]+)\\"|"([^"\r\n]+)"|'([^'\r\n]+)'|(&?[^\s"',;&}<>`]+&[^\s"',;&}<>=`]+)(?:[\s"',;}<>`]|$)|(&?[^\s"',;&}<>`]+))"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#""vpn_psk": {"value": "PSK-6LuucYoHNpw2BTF9SyQLlflw", "type": "string", "sensitive": true}"#, "ADMIN_MDP=Harbor&45", "    mot_de_passe_initial: Bienvenue-Juin-11", "password = Soleil1394*", r#""sftp.motdepasse":{"value":"Brioche-tilleul-58"}"#, r#"$_SERVER['APP_SECRET'] = "e6fe82db5a7b565e16e425dfe17ba806c8cc4fa3""#],
        #[cfg(test)]
        should_not_match: &["password: ${DB_PASSWORD}", "password_min_length = 12", r#"password: "********""#, "PWD=/home/deploy", "password: &default_pw", "curl -X POST \"https://ci.lan/job/nightly/build?token=nightly\"", "Password: (see the 1Password item \"Prod DB\")", "password = random_password.db.result", "password: vault:secret/data/prod/db#password", "password: arn:aws:secretsmanager:eu-west-3:123456789012:secret:prod/smtp-Ab12Cd", "secret: \"@Microsoft.KeyVault(SecretUri=https://kv1.vault.azure.net/secrets/stripe/)\""],
    },
    Rule {
        // A value logged or configured as `credentials=` (an LDAP bind's debug line, a client's
        // options): the secret itself, when it is shaped like one — `credentials=/root/.smbcred`
        // (a file), `credentials: include` (fetch) are not.
        id: "credentials-assignment",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["credentials=", "credentials:", "credential="]),
        before: 0,
        after: 100,
        pattern: r#"(?i-u)\bcredentials?(?:=|:[ \t]*)["']?([^\s"',;&/]{6,64})(?:["',;&]|\s|$)"#,
        check: v::check_secret_shaped,
        examples: NONE,
        #[cfg(test)]
        should_match: &["c.v.auth.LdapBinder - bind dn=uid=gmaddox,ou=people,dc=veltra,dc=local credentials=Ch3rryBl0ss0m!"],
        #[cfg(test)]
        should_not_match: &["//srv/share /mnt/share cifs credentials=/root/.smbcred 0 0", "fetch(url, {credentials: 'include'})", "credentials=REDACTED"],
    },
    Rule {
        // A credential object that says its type (`"credentials": [{"type": "password", "value":
        // "…"}]`, Keycloak's realm export; `{"kind": "pin", "value": "…"}`).
        id: "typed-credential-value",
        category: PasswordAssignment,
        rank: 2,
        trigger: Words(&["\"password\"", "\"pin\"", "\"passphrase\""]),
        before: 40,
        after: 120,
        pattern: r#"(?i-u)"(?:type|kind)"[ \t]*:[ \t]*"(?:password|pin|passphrase|secret)"[ \t]*,[ \t]*"value"[ \t]*:[ \t]*"([^"\\\r\n]{4,128})""#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#""credentials": [{"type": "password", "value": "CRIS5ExYwEvtdKC!zKH8"}]"#],
        #[cfg(test)]
        should_not_match: &[r#"{"type": "password", "value": "********"}"#],
    },
    Rule {
        // A stored password hash under the name its store gives it (Keycloak's
        // `hashedSaltedValue`, `password_hash`, `passwordHash`).
        id: "named-password-hash",
        category: PasswordHash,
        rank: 2,
        trigger: Words(&["hashedsaltedvalue", "password_hash", "passwordhash", "hashed_password", "hashedpassword", "pwd_hash", "passwd_hash"]),
        before: 4,
        after: 240,
        pattern: r#"(?i-u)(?:hashedSaltedValue|password_?hash|hashed_?password|pwd_?hash|passwd_?hash)["']?[ \t]*[:=][ \t]*["']([A-Za-z0-9+/=$.:_-]{20,200})["']"#,
        check: v::check_random_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#""hashedSaltedValue": "Jqdj5MZ8ZtwHN/QgZ1Rg4Kqaf+XMm4i2uSyKD8+BsaGtiTammIqNCdrtML7pXY/B3t2Tn0JApfN5XgHfoforxh==""#],
        #[cfg(test)]
        should_not_match: &[r#""password_hash": "<hash>""#],
    },
    Rule {
        // A HAR file's cookie (or an HTTP capture's name/value pair) named for a session:
        // `{"name": "fl_session", "value": "wnBJ…"}`.
        id: "named-session-pair",
        category: SessionCookie,
        rank: 1,
        trigger: Words(&["\"name\""]),
        before: 0,
        after: 200,
        pattern: r#"(?i-u)"name"[ \t]*:[ \t]*"[A-Za-z0-9_.-]*(?:sess|sid|auth_?token|remember)[A-Za-z0-9_.-]*"[ \t]*,[ \t]*"value"[ \t]*:[ \t]*"([A-Za-z0-9_.~+/%-]{16,512}={0,2})""#,
        check: v::check_random_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#""cookies": [{"name": "fl_session", "value": "wnBJppxFkLcL73x15NeefPeUaFgfHCfiffMYTfzoN8J", "httpOnly": true}]"#],
        #[cfg(test)]
        should_not_match: &[r#"{"name": "session_timeout", "value": "3600"}"#],
    },
    Rule {
        // What a user typed, logged beside a failed password check (`motif=mot_de_passe_invalide
        // saisi='Bretagne#56!'`, `reason=bad_password typed=…`).
        id: "typed-value-in-log",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["saisi=", "saisie=", "typed=", "entered=", "input="]),
        before: 120,
        after: 80,
        pattern: r#"(?i-u)(?:mot_de_passe|mot de passe|password|passwd|mdp|pwd)[^\r\n]{0,80}?\b(?:saisie?|typed|entered|input)=["']?([^\s"']{4,64})"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["WARN [auth] \u{e9}chec de connexion utilisateur=s.andrieux motif=mot_de_passe_invalide saisi='Bretagne#57!'"],
        #[cfg(test)]
        should_not_match: &["motif=mot_de_passe_invalide saisi='********'"],
    },
    Rule {
        // A password change's arguments (`changerMotDePasse(ancien: "…", nouveau: "…")`,
        // `changePassword(old: …, new: …)`).
        id: "password-change-arguments",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["motdepasse(", "password(", "passwd("]),
        before: 0,
        after: 200,
        pattern: r#"(?i-u)\b(?:ancien|nouveau|old|new|current|actuel)(?:_?(?:password|mdp|pwd|motdepasse))?[ \t]*:[ \t]*\\?"([^"\\\r\n]{4,64})\\?""#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#"{"query":"mutation { changerMotDePasse(ancien: \"Soleil2022\", nouveau: \"Soleil2025!\") { ok } }"}"#],
        #[cfg(test)]
        should_not_match: &[r#"changePassword(old: \"<old>\", new: \"<new>\")"#],
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
        pattern: r#"(?i-u)\bnet[ \t]+use\b[^\r\n]{0,200}?[ \t]/user:[^\s]+[ \t]+(?:"([^"\r\n]+)"|([^\s/"*][^\s"]*))|\bnet[ \t]+use[ \t]+(?:[A-Z]:[ \t]+)?\\\\[^\s]+[ \t]+(?:"([^"\r\n]{4,64})"|([^\s/"*][^\s"]{3,63}))[ \t]+/user:"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r"C:\> net use Z: \\nas-compta.siege.lan\archives Compta_2024? /user:SIEGE\m.lefevre /persistent:no", "C:\\> net use Z: \\\\srv-fic01\\compta /user:CORP\\svc_scan LsHP_Z3DNrzcQ"],
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
        id: "aspnet-machine-key",
        category: PasswordAssignment,
        rank: 2,
        // ASP.NET's `<machineKey validationKey="…" decryptionKey="…">` in a web.config: whoever
        // holds them forges view state and authentication cookies.
        trigger: Words(&["validationkey", "decryptionkey"]),
        before: 0,
        after: 160,
        pattern: r#"(?i-u)\b(?:validationKey|decryptionKey)[ \t]*=[ \t]*"([0-9A-Fa-f]{32,256})""#,
        check: v::check_shape,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#"<machineKey validationKey="51D04D3E1D03A02C2EAD06E96AC0648B92FF59B07C6C4675B39ECE7DEB1EA126427B364B96DBA44E" decryptionKey="37EAC10452D77CA1E5F052C5EB9F1CD26575E013326E4DE6" />"#],
        #[cfg(test)]
        should_not_match: &[r#"<machineKey validationKey="AutoGenerate,IsolateApps" decryptionKey="AutoGenerate,IsolateApps" />"#],
    },
    Rule {
        id: "secret-in-aligned-columns",
        category: PasswordAssignment,
        rank: 1,
        // A variable and its value in aligned columns, as debug pages and `env`-like listings
        // print them (`APP_SECRET        023e76b7…`, Symfony's "Server Parameters").
        trigger: Words(&["secret ", "secret\t", "password ", "password\t", "token ", "token\t", "_key ", "_key\t"]),
        before: 60,
        after: 140,
        pattern: r#"(?m-u)^[ \t]*[A-Z][A-Z0-9_]*(?:SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE_KEY|SECRET_KEY)[A-Z0-9_]*(?:[ \t]{2,}|\t)[ \t]*([^\s]{8,200})[ \t]*\r?$"#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["APP_SECRET        023e76b79b0c7a8152d95710b3ca8e38\nDATABASE_URL      mysql://x"],
        #[cfg(test)]
        should_not_match: &["APP_SECRET        %env(APP_SECRET)%\n", "PASSWORD_MIN_LENGTH    12\n"],
    },
    Rule {
        id: "sensitive-output-value",
        category: PasswordAssignment,
        rank: 2,
        // Terraform's outputs and state: a value marked sensitive, or named for a secret, in its
        // `{"sensitive": true, "type": "string", "value": "…"}` object.
        trigger: Words(&["\"sensitive\""]),
        before: 120,
        after: 200,
        pattern: r#"(?i-u)"[a-z0-9_.-]*"[ \t]*:[ \t]*\{[^{}\r\n]{0,80}?"sensitive"[ \t]*:[ \t]*true[^{}\r\n]{0,80}?"value"[ \t]*:[ \t]*"([^"\\\r\n]{6,200})""#,
        check: v::check_sensitive_output,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#""gh_runner_token": {"sensitive": true, "type": "string", "value": "ghs_7ftZ6nehMnJGzJl2dRWH6aXC0cIeoDJJsDjc"}"#, r#""vpn_psk": {"sensitive": true, "type": "string", "value": "ihRUTG4rM4GjHSEhpnFLxwtmDdIRtNkCfhgjBBaZ"},"#],
        #[cfg(test)]
        should_not_match: &[r#""grafana_url": {"sensitive": false, "type": "string", "value": "https://grafana.example.org"}"#, r#""db_password": {"sensitive": true, "type": "string", "value": "(sensitive value)"}"#],
    },
    Rule {
        id: "cli-password-flag",
        category: PasswordAssignment,
        rank: 1,
        // A password on a command line, by each tool's own flag: `sqlcmd … -U sa -P "…"`, `lftp
        // -u user,pass`, `ldapsearch … -w pass`, `redis-cli -a pass`, `xfreerdp /p:pass`,
        // `gpg --passphrase pass`, PowerShell's `ConvertTo-SecureString -AsPlainText "…"`.
        trigger: Words(&["sqlcmd", "bcp ", "lftp", "ldapsearch", "ldapmodify", "ldapadd", "ldapwhoami", "redis-cli", "xfreerdp", "--passphrase", "asplaintext", "-password ", "newpassword", "accountpassword"]),
        before: 16,
        after: 200,
        pattern: r#"(?i-u)(?:(?:sqlcmd|bcp)\b[^\r\n]{0,120}?\s-P[ \t]*|lftp\b[^\r\n]{0,60}?\s-u[ \t]+[^\s,]+,|ldap(?:search|modify|add|whoami|delete|passwd)\b[^\r\n]{0,160}?\s-w[ \t]+|redis-cli\b[^\r\n]{0,80}?\s-a[ \t]+|xfreerdp\b[^\r\n]{0,120}?\s/p:|--passphrase[= \t]+|-AsPlainText[ \t]+(?:-Force[ \t]+)?|-(?:New|Account)?Password[ \t]+)(?:"([^"\r\n]{4,80})"|'([^'\r\n]{4,80})'|([^\s"'`;|&()]{4,80}))|ConvertTo-SecureString[ \t]+(?:-String[ \t]+)?"([^"\r\n]{4,80})""#,
        check: v::check_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#"sqlcmd -S tcp:192.168.56.20,1433 -U sa -P "Adm1n@Med-Box" -Q "SELECT 1""#, "lftp -u sauvegarde,Sauv3-Nuit! -e \"mirror\" ftp.example", "gpg --batch --passphrase la-mer-est-calme-ce-soir -d x.gpg", r#"(ConvertTo-SecureString -AsPlainText "Sq1Svc!6CiKuB" -Force)"#],
        #[cfg(test)]
        should_not_match: &["sqlcmd -S host -U sa -P $env:SA_PW", "gpg --passphrase-fd 0 -d x.gpg"],
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
        pattern: r"(?-u)(\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}|\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/_-]+\$[A-Za-z0-9+/_-]+|\$apr1\$[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{22}|\$[156]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{22,86}|\$y\$[./A-Za-z0-9]+\$[./A-Za-z0-9]+\$[./A-Za-z0-9]{43}|pbkdf2_sha(?:1|256|512)\$\d+\$[A-Za-z0-9./+]+\$[A-Za-z0-9./+=]{20,}|\{(?:SSHA|SSHA256|SSHA512|SHA|SMD5|CRYPT)\}[A-Za-z0-9+/=.$]{20,}|\$[PH]\$[./A-Za-z0-9]{30,32}\b)",
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
];
