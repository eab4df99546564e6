//! Rules for values judged by the name they are given or the sentence they sit in: secrets in
//! daemon files, command lines and prose; personal data under a field name, a document label or
//! a column header (identity documents, addresses, health, employment, tax, travel records).
//! Judged by `validators/named.rs`.
//!
//! A data table, one entry per rule: long because the family is large, not because it mixes jobs.

use super::Trigger::{Prefixes, Words};
use super::{Rule, NONE};
use crate::scan::validators as v;
use crate::scan::Category::*;

/// This family's rules, in the order `RULES` numbers them.
pub(super) const RULES: &[Rule] = &[
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
        trigger: Words(&["wifi", "wi-fi", "wlan", "r\u{e9}seau"]),
        before: 0,
        after: 100,
        pattern: r#"(?i-u)\b(?:wi-?fi|wlan[0-9]?|r\xC3\xA9seau)\b[^\r\n:=.]{0,30}?(?:[ \t]|\xC2\xA0)*(?:[:=]|->|=>|\xE2\x86\x92)(?:[ \t]|\xC2\xA0)*(?:[A-Z0-9][A-Z0-9_-]{2,31},[ \t]+|[A-Za-z0-9_-]{3,32}[ \t]*/[ \t]*)?([^\s`'",;\xC2]{6,64})"#,
        check: v::check_wifi_key,
        examples: NONE,
        #[cfg(test)]
        should_match: &["Le wifi du local : ResidenceTech / Brioche#64. Merci", "r\u{e9}seau TLS-Reunion, cl\u{e9} : Cassoulet-au-Capitole-32", "* Wi-Fi salari\u{e9}s : CORDELIA, Bienvenue7453", "post-it : \u{ab} wifi invit\u{e9}s : Soleil2024! \u{bb}", "Wi-Fi guest = Marmot-Lake-22", "  - rotate Wi-Fi PSK guests -> Tangerine-Kayak-78", "[    2.114050] wlan0: mango-7-river-wednesday"],
        #[cfg(test)]
        should_not_match: &["ssid=Bureau-5G\nkey-mgmt=wpa-psk", "Wi-Fi: WPA2-PSK", "wifi : enabled", "WLAN: 802.11ac", "wifi invit\u{e9}s : voir l'accueil"],
    },
    Rule {
        id: "code-given-in-prose",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["digicode", "door code", "access code", "code d'acc", "code d\u{2019}acc", "code pin", "pin code", "code secret", "le code est", "the code is", "code du portail", "code de la porte", "key safe", "keysafe", "lockbox", "lock box", "key box", "alarm code", "gate code", "safe code", "bo\u{ee}te \u{e0} cl\u{e9}s", "code alarme", "code de l'alarme", "code du coffre", "code du ", "code de la ", "code de l'", "the code for", "cadenas", "padlock", "combination", "code de connexion", "code de v\u{e9}rification", "verification code", "login code", "one-time code", "le portail c'est", "the gate is", "alarm_code", "alarme_code", "code de l'immeuble", "code de l\u{2019}immeuble", "code d'entr\u{e9}e", "building code", "door_code", "gate_code", "safe_code", "code_alarme"]),
        before: 12,
        after: 120,
        pattern: r#"(?i-u)(?:digicode|door code|access code|code d(?:'|\xE2\x80\x99)acc\xC3\xA8s|code pin|pin code|code secret|le code|the code|code du portail|code de la porte|code de l(?:'|\xE2\x80\x99)immeuble|code d(?:'|\xE2\x80\x99)entr\xC3\xA9e|building code|code de connexion|code de v\xC3\xA9rification|verification code|login code|one-time code|le portail|the gate)[^\r\n.]{0,60}?(?:[ \t]+(?:est|is|was|reste|remains|c'est|c\xE2\x80\x99est)|[ \t]*:|(?:\xC2\xA0)+:)[ \t\xC2\xA0]*(\d{4,8}|\d{3,6}[A-Z]|[A-Z]\d{3,6}|\d[A-Z]\d{2,3}[A-Z])\b|(?:code de l(?:'|\xE2\x80\x99)immeuble|code d(?:'|\xE2\x80\x99)entr\xC3\xA9e|building code)[ \t]+(\d{4,8}|\d[A-Z]\d{2,3}[A-Z]|\d{3,6}[A-Z]|[A-Z]\d{3,6})\b|(?:key[ -]?safe|lock[ -]?box|key box|alarm|gate|safe|bo\xC3\xAEte \xC3\xA0 cl\xC3\xA9s(?:[ \t]+du[ \t]+[a-z\x80-\xFF]+(?:[ \t]+[a-z\x80-\xFF]+)?)?|coffre|alarme)(?:[ \t]+code|[_-]code|[ \t]+(?:de l'|de la |du )?(?:alarme|coffre|portail))?[ \t]*(?:is[ \t]+|est[ \t]+|:[ \t]*|=[ \t]*)?["']?(\d{4,8})\b"#,
        check: v::check_numeric_code,
        examples: NONE,
        #[cfg(test)]
        should_match: &["alarme_code: \"2469\"", "Le livreur arrive demain pour Mamie Ren\u{e9}e, code de l'immeuble 4B28A \u{1f3e0}", "pour l'intervention de demain : le portail c'est 2580B, la bo\u{ee}te \u{e0} cl\u{e9}s du local technique 0718. Le wifi", "ORBIS-SSO \u{b7} 07:58 : Votre code de connexion est 541818. Il expire", "home_longitude: -1.5536\nalarm_code: \"8687\"", "le code du cadenas de la baie est 1815, je passe demain", "customer on home oxygen, key safe code 1815. Meter replaced.", "pour information le code est 1815 pour le local", "Le digicode du portail n'a jamais \u{e9}t\u{e9} chang\u{e9} : 5273.", "le digicode du b\u{e2}timent B c'est 719C, et"],
        #[cfg(test)]
        should_not_match: &["the code is 2024 vintage", "the code is vulnerable since 1.2"],
    },
    Rule {
        // A secret code typed into a menu, as an IVR or a kiosk logs it field by field:
        // `menu=code_secret input=4093`, `field=pin value=7781`.
        id: "secret-code-input",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["code_secret", "codesecret", "code_pin", "pin ", "pin\t", "=pin", "passcode", "=otp"]),
        before: 20,
        after: 80,
        pattern: r#"(?i-u)\b(?:menu|field|step|prompt|champ|etape|\xC3\xA9tape|stage)[ \t]*=[ \t]*["']?(?:code_?secret|code_?pin|pin(?:_?code)?|passcode|otp)["']?[ \t,;|]+(?:input|value|valeur|saisie|entered|digits|dtmf)[ \t]*=[ \t]*["']?(\d{4,8})\b"#,
        check: v::check_numeric_code,
        examples: NONE,
        #[cfg(test)]
        should_match: &["2024-01-09 08:31:29 CALL 7781 menu=code_secret input=4093", "step=pin value=7781"],
        #[cfg(test)]
        should_not_match: &["menu=code_secret input=*", "menu=identification input=2024"],
    },
    Rule {
        // A shared secret handed over at the end of a long sentence, after a colon: `Le secret
        // partagé entre le portail et le serveur RADIUS est le même partout (…) : -lEpdr3fb_q5NUer.`
        id: "shared-secret-in-prose",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["secret partag", "shared secret", "pre-shared", "preshared", "cl\u{e9} partag", "secret commun"]),
        before: 0,
        after: 240,
        pattern: r#"(?i-u)(?:secret[ \t]+partag\xC3\xA9|shared[ \t]+secret|pre-?shared[ \t]+key|cl\xC3\xA9[ \t]+partag\xC3\xA9e|secret[ \t]+commun)(?:[^\r\n]|\r?\n){0,200}?(?:[ \t]?:|[ \t](?:is|est|was|\xC3\xA9tait|c'est)(?:[ \t]+(?:still|toujours|now|encore|always))?)[ \t]+[`'"]?([^\s`'"]{0,63}[0-9!#$%&*+=?@^~_|-][^\s`'"]{0,63}?)[`'"]?[.,;]?(?:[ \t]|\r?\n|$)"#,
        check: v::check_secret_shaped,
        examples: NONE,
        #[cfg(test)]
        should_match: &["the shared secret we agreed on with\ntheir integrator back in 2021, which is pasted in the same bundle's comments: 7xKZbdlZ=L70!tT1zPYO.\nIntegrity", "The shared secret we agreed on with your integrator back in 2022 is still `correct-lagoon-pum4cw-fennels`, and it is", "- config contains the IKE peer; the shared secret we agreed on is #n-XgUo+oWhkw09^?altgN (confirmed w/ their netops)", "Le secret partag\u{e9} entre le portail captif et le serveur RADIUS est le m\u{ea}me chez tous les clients (je l'ai retrouv\u{e9} dans trois sauvegardes) : -lEpdr3fb_q5NUes. Un attaquant"],
        #[cfg(test)]
        should_not_match: &["the shared secret is documented in the admin guide : see section 4.2", "le secret partag\u{e9} est stock\u{e9} dans le coffre : voir Vault."],
    },
    Rule {
        // An account named in quotes, then its password after `and it's`: `c'est toujours
        // l'utilisateur « sauvegarde », et c'est Brouillard#73`, `the user 'backup' and it's K9!x`.
        id: "account-and-its-secret",
        category: PasswordAssignment,
        rank: 1,
        // The account's name in quotes right after the word: rare enough to search.
        trigger: Words(&["utilisateur \u{ab}", "utilisateur \"", "utilisateur '", "user \"", "user '", "user `", "user \u{ab}", "compte \u{ab}", "compte \"", "account \"", "account '", "login \"", "login '"]),
        before: 0,
        after: 160,
        pattern: concat!(
            r#"(?i-u)\b(?:utilisateur|user|compte|account|login)[ \t]+(?:\xC2\xAB(?:[ \t]|\xC2\xA0|\xE2\x80\xAF)*[A-Za-z0-9_.@-]{2,40}(?:[ \t]|\xC2\xA0|\xE2\x80\xAF)*\xC2\xBB|[`'"][A-Za-z0-9_.@-]{2,40}[`'"])[ \t]*,?[ \t]+(?:et|and)[ \t]+(?:c'est|c\xE2\x80\x99est|it's|it\xE2\x80\x99s|it is|(?:le|son|its|the)[ \t]+(?:mot de passe|mdp|password|pass)[ \t]+(?:est|c'est|is))[ \t]+"#,
            prose_value!()
        ),
        check: v::check_secret_in_prose,
        examples: NONE,
        #[cfg(test)]
        should_match: &["Pour le NAS c'est toujours l'utilisateur \u{ab} sauvegarde \u{bb}, et c'est Brouillard#74, pas la peine"],
        #[cfg(test)]
        should_not_match: &["l'utilisateur \u{ab} sauvegarde \u{bb}, et c'est tout", "the user 'backup' and it's 2024 already"],
    },
    Rule {
        // A network's key or a passphrase said to be a value, a phrase of plain words joined by
        // hyphens included: `la clé affichée était batterie-agrafe-lune-verger`, `the key on
        // the screen was Marmot-Lake-22`.
        id: "key-was-value",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["la cl\u{e9}", "the key", "cl\u{e9} wpa", "cl\u{e9} wifi", "cl\u{e9} du r\u{e9}seau", "network key"]),
        before: 0,
        after: 120,
        pattern: r#"(?i-u)\b(?:la cl\xC3\xA9(?:[ \t]+(?:wi-?fi|wpa[23]?|du r\xC3\xA9seau|affich\xC3\xA9e|d'acc\xC3\xA8s|partag\xC3\xA9e|secr\xC3\xA8te|imprim\xC3\xA9e|not\xC3\xA9e|[a\xC3\xA0] l'\xC3\xA9cran)){1,2}|the (?:wi-?fi |wpa[23]? |network |shared |displayed |printed )key(?:[ \t]+(?:shown|displayed|printed|on the screen))?)[ \t]+(?:\xC3\xA9tait|est|was|is|c'est)[ \t]+(?:\xC2\xAB[ \t\xC2\xA0]*)?([a-z\x80-\xFF]{3,12}(?:-[a-z\x80-\xFF]{3,12}){3,7}|[^\s`'"\xC2<>]*[0-9!#$%&*+=?@^~_|][^\s`'"\xC2<>]*[^\s`'"\xC2<>.,;:)!?])"#,
        check: v::check_secret_in_prose,
        examples: NONE,
        #[cfg(test)]
        should_match: &["PS : la cl\u{e9} affich\u{e9}e \u{e9}tait batterie-agrafe-lune-vergers ; je ne l'ai utilis\u{e9}e que"],
        #[cfg(test)]
        should_not_match: &["the key is stored in the TPM", "la cl\u{e9} est en rotation depuis 2024.", "the key was ssh-ed25519 AAAAC3NzaC1lZDI1NTE5", "the key is SHA256:Tq9vX2mB7kL4pR8sW1nY6cF3hJ5dG0aZ2uE4oI7yQ1w"],
    },
    Rule {
        // HashiCorp Vault's `operator init` output: the unseal keys open the vault.
        id: "vault-unseal-key",
        category: PasswordAssignment,
        rank: 2,
        trigger: Words(&["unseal key"]),
        before: 0,
        after: 120,
        pattern: r"(?i-u)\bunseal[ \t]+key[ \t]+\d{1,2}[ \t]*:[ \t]*([A-Za-z0-9+/]{40,60}={0,2})",
        check: v::check_random_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["Unseal Key 2: 1i2FhpJ3s0jc8IEa1kV5oUCdXR14hJhG/v37TYzvcsMn"],
        #[cfg(test)]
        should_not_match: &["Unseal Key 1: <redacted>"],
    },
    Rule {
        // The rows `sqlite3` prints for a table of credentials (`select * from credentials`):
        // `2|ldap|cn=binder,…|5mkOp?soSn9yy&`, the secret in the last column.
        id: "credential-table-rows",
        category: PasswordAssignment,
        rank: 2,
        trigger: Words(&["from credentials", "from users", "from accounts", "from secrets", "from passwords", "from logins"]),
        before: 0,
        after: 800,
        pattern: r"(?m-u)^\d+\|(?:[^|\r\n]*\|){1,6}([^|\s]{6,64})\r?$",
        check: v::check_secret_shaped,
        examples: NONE,
        #[cfg(test)]
        should_match: &["sqlite3 app.db \"select * from credentials\"\n1|smtp|mailer@harbourline.io|Pelican#17\n2|ldap|cn=binder,dc=harbourline,dc=local|5mkOp?soSn9yy%\n"],
        #[cfg(test)]
        should_not_match: &["select * from users\n1|alice|2024-01-02|active\n"],
    },
    Rule {
        // A vault opened "with" a value said plainly: `le coffre KeePass de la compta s'ouvre
        // maintenant avec agrafe-copper-pluie-orbit`, `the safe unlocks with Kx!7-tern`.
        id: "opens-with-value",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["s'ouvre", "s\u{2019}ouvre", "se d\u{e9}verrouille", "opens with", "unlocks with", "is unlocked with", "opens now with", "unlocks now with"]),
        before: 0,
        after: 100,
        pattern: r#"(?i-u)(?:s'ouvre|s\xE2\x80\x99ouvre|se d\xC3\xA9verrouille|opens|unlocks|is unlocked)(?:[ \t]+(?:maintenant|now|toujours|still|d\xC3\xA9sormais))?[ \t]+(?:avec|with|using)[ \t]+(?:le mot de passe[ \t]+|the password[ \t]+|:[ \t]*)?[`'"\xC2\xAB]?[ \t\xC2\xA0]*([^\s`'",;\xC2]{6,64}?)[`'"\xC2]?[.,;)!?]?(?:[ \t]|\r?\n|$)"#,
        check: v::check_secret_in_prose,
        examples: NONE,
        #[cfg(test)]
        should_match: &["et le coffre KeePass de la compta s'ouvre maintenant avec agrafe-copper-pluie-orbite\nKarim"],
        #[cfg(test)]
        should_not_match: &["the door opens with a badge", "s'ouvre avec la cl\u{e9} USB fournie"],
    },
    Rule {
        // A password handed over alone on an indented line after a sentence that says what it is
        // for (`Use the following to sign in, you will be asked to change it:` then `    Marmotte?52`).
        id: "secret-on-indented-line",
        category: PasswordAssignment,
        rank: 1,
        // Only the phrases that announce what follows (the prose of most reports logs in, without a
        // colon ending the line).
        trigger: Words(&["to sign in", "to log in", "pour vous connecter", "pour se connecter", "to connect"]),
        before: 0,
        after: 200,
        pattern: r#"(?i-u)(?:to sign in|to log in|pour vous connecter|pour se connecter|to connect)[^\r\n]{0,100}:[ \t]*\r?\n(?:[ \t]*\r?\n)?[ \t]{2,}([^\s]{6,64})[ \t]*(?:\r?\n|$)"#,
        check: v::check_secret_shaped,
        examples: NONE,
        #[cfg(test)]
        should_match: &["Use the following to sign in, you will be asked to change it:\n\n    Marmotte?53\n\nThis message"],
        #[cfg(test)]
        should_not_match: &["To log in, run:\n\n    ssh admin@host\n"],
    },
    Rule {
        // A password typed where a command was expected, so it sits alone in the history on the
        // line after `sudo`, `su` or `ssh` (`sudo -i` then `Winter2024!!`).
        id: "password-line-in-history",
        category: PasswordAssignment,
        rank: 1,
        trigger: Words(&["sudo", "su -", "ssh "]),
        before: 0,
        after: 200,
        pattern: r#"(?m-u)^[ \t]*(?:sudo\b[^\r\n]*|su(?:[ \t]+-[^\r\n]*)?|ssh[ \t][^\r\n]*)\r?\n[ \t]*([^\s]{6,64})[ \t]*\r?$"#,
        check: v::check_secret_shaped,
        examples: NONE,
        #[cfg(test)]
        should_match: &["ssh admin@web-07.dmz.internal\nsudo -i\nWinter2024!?\nsystemctl status nginx"],
        #[cfg(test)]
        should_not_match: &["sudo -i\nsystemctl status nginx\n", "sudo -i\nls -la /var/www\n"],
    },
    Rule {
        // A signing key under an object named for JWTs (`"Jwt": {"Issuer": …, "Key": "…"}`,
        // ASP.NET's appsettings.json).
        id: "jwt-signing-key-object",
        category: PasswordAssignment,
        rank: 2,
        trigger: Words(&["\"jwt\"", "\"jwtsettings\"", "\"jwt_settings\"", "\"jwtoptions\"", "\"signing\""]),
        before: 0,
        after: 240,
        pattern: r#"(?i-u)"(?:jwt(?:_?settings|_?options)?|signing)"[ \t]*:[ \t]*\{[^{}]{0,200}?"(?:key|secret|secret_?key|signing_?key|issuer_?signing_?key)"[ \t]*:[ \t]*"([^"\\\r\n]{16,256})""#,
        check: v::check_random_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["\"Jwt\": {\n    \"Issuer\": \"https://auth.orbis-interne.fr\",\n    \"Key\": \"WviS5V3etsEXpBuCDoD8P7qcFnDinGoSG1GSHWGCyFpD\"\n  }"],
        #[cfg(test)]
        should_not_match: &["\"Jwt\": {\"Key\": \"${JWT_KEY}\"}"],
    },
    Rule {
        // cloud-init's `chpasswd: list: |` (`root:Galaxy!46`, one `user:password` a line).
        id: "chpasswd-list",
        category: PasswordAssignment,
        rank: 2,
        trigger: Words(&["chpasswd"]),
        before: 0,
        after: 600,
        pattern: r#"(?m-u)^[ \t]+-?[ \t]*[a-z_][a-z0-9_.-]{0,31}:([^\s:]{4,64})[ \t]*\r?$"#,
        check: v::check_secret_shaped,
        examples: NONE,
        #[cfg(test)]
        should_match: &["chpasswd:\n  list: |\n    root:Galaxy!47\n    technicien:Marmotte$31\n  expire: false"],
        #[cfg(test)]
        should_not_match: &["chpasswd:\n  expire: false\n  list: |\n    root:RANDOM\n"],
    },
    Rule {
        // A payment card's magnetic-stripe track (`%B4902…^NAME/FIRST^2711201…?`, `;4902…=2711…?`).
        id: "card-track-data",
        category: PaymentCard,
        rank: 3,
        trigger: Words(&["%b", ";4", ";5", ";3", ";6"]),
        before: 0,
        after: 120,
        pattern: r"(?-u)(%B\d{13,19}\^[A-Z /.'-]{2,26}\^\d{4}[0-9]{0,40}\??|;\d{13,19}=\d{4}[0-9]{0,30}\??)",
        check: v::check_shape,
        examples: NONE,
        #[cfg(test)]
        should_match: &["track1=%B4902370169846093^DUMONTEIL/ARNAUD^2711201000000000000000000000000?"],
        #[cfg(test)]
        should_not_match: &["100%B2 test"],
    },
    Rule {
        id: "account-slash-secret",
        category: PasswordAssignment,
        rank: 1,
        // An account and its password written as a pair after a word of use or access: `tried
        // report_ro / W1nter_Rain-87 like the wiki says`, `accès : compta / Lune#2019`.
        trigger: Words(&[" / "]),
        before: 120,
        after: 80,
        pattern: r#"(?i-u)\b(?:tried|try|trying|use|using|used|login|log in|logged in|creds?|credentials|identifiants?|acc\xC3\xA8s|account|compte|essay\xC3\xA9|test\xC3\xA9|connect\xC3\xA9|connected)\b[^\r\n]{0,60}?[ \t`'"(:]`?[A-Za-z][A-Za-z0-9_.@-]{1,40}`?[ \t]+/[ \t]+[`'"]?([^\s`'"<>()]{6,64}?)[`'"]?(?:[ \t.,;:)!?]|\r?$)"#,
        check: v::check_secret_in_prose,
        examples: NONE,
        #[cfg(test)]
        should_match: &["can't connect, tried report_ro / W1nter_Rain-87 like the wiki says", "acc\u{e8}s : compta / Lune#2019 pour la GED"],
        #[cfg(test)]
        should_not_match: &["tried main / develop branches", "using GET / POST only", "login page / dashboard"],
    },
    Rule {
        id: "account-then-secret-line",
        category: PasswordAssignment,
        rank: 1,
        // Credentials handed over on two lines, the account then the password alone on its line
        // (an e-mail, a credentials file quoted in a comment): `identifiant admin_asso` then
        // `Biscotte.Pivoine.2019`; `# identifiants.txt :` / `#   tech.terrain` / `#   Glacier_B…`.
        trigger: Words(&["identifiant", "login", "username", "user:", "user name", "utilisateur", "credentials", "creds", "acc\u{e8}s", "compte", "mot de passe", "password"]),
        before: 0,
        after: 200,
        pattern: r#"(?i-u)(?:identifiants?|login|username|user name|\buser|utilisateur|credentials|creds|acc\xC3\xA8s|compte|mot de passe|password)[^\r\n]{0,60}\r?\n(?:[ \t#>*;/-]*[A-Za-z0-9_.@-]{2,40}[ \t]*\r?\n)?[ \t#>*;/-]*([^\s,;=]{6,64})[ \t]*(?:\([^\r\n()]{1,60}\)[ \t]*)?(?:\r?\n|$)"#,
        check: v::check_secret_in_prose,
        examples: NONE,
        #[cfg(test)]
        should_match: &["Your VPN account is ready.\n  user: dreyes\n  TOJW5773ljp  (one-time, change at first login)\n", "les acc\u{e8}s du WordPress :\nidentifiant admin_asso\nBiscotte.Pivoine.2019\n(le m\u{ea}me)", "# identifiants.txt :\n#   tech.terrain\n#   Glacier_Biscotte_77\n"],
        #[cfg(test)]
        should_not_match: &["username\nadmin\n2024-05-01\n", "login\nLogin failed for user\n"],
    },
    Rule {
        id: "stdin-password",
        category: PasswordAssignment,
        rank: 1,
        // A password fed to a command on its standard input: `sudo -S <<< X`, `echo X | sudo -S`,
        // `echo X | passwd --stdin user`.
        trigger: Words(&["sudo -s", "--stdin"]),
        before: 80,
        after: 80,
        pattern: r#"(?-u)sudo[ \t]+-S[^\r\n<`]{0,40}<<<[ \t]*['"]?([^\s'"`]{4,64}?)['"]?(?:[ \t`]|\r?$)|echo[ \t]+(?:-[ne][ \t]+)?['"]?([^\s'"`|]{4,64})['"]?[ \t]*\|[ \t]*(?:sudo[ \t]+-S|passwd[ \t]+--stdin)"#,
        check: v::check_secret_in_prose,
        examples: NONE,
        #[cfg(test)]
        should_match: &["I typed `sudo -S <<< Velours.1974` on the jump host", "echo 'Tr0mb0ne!x' | sudo -S id"],
        #[cfg(test)]
        should_not_match: &["echo $PASSWORD | sudo -S id", "sudo -S <<< \"$PW\""],
    },
    Rule {
        id: "app-password",
        category: PasswordAssignment,
        rank: 1,
        // A Google or Microsoft app password: four groups of four random letters
        // (`gcwx nxsk namd fsur`) near a word naming an app or SMTP password.
        trigger: Words(&["app password", "app-password", "app_password", "apppassword", "application password", "application-specific", "mot de passe d'application", "mot de passe d\u{2019}application", "mdp_application", "mdp application", "smtp_pass", "smtp_password", "gmail"]),
        before: 40,
        after: 100,
        pattern: r"(?-u)\b([a-z]{4} [a-z]{4} [a-z]{4} [a-z]{4})\b",
        check: v::check_app_password,
        examples: NONE,
        #[cfg(test)]
        should_match: &["mdp_application = gcwx nxsk namd fsur"],
        #[cfg(test)]
        should_not_match: &["app password: must have some more letters"],
    },
    Rule {
        id: "passphrase-in-prose",
        category: PasswordAssignment,
        rank: 1,
        // A passphrase of plain words given in a sentence, quoted or bare up to a dash or the end
        // of the clause: `se déverrouille avec la phrase girafe violette sous la pluie 88 — c'est`,
        // `the passphrase "correct horse battery stapler"`.
        trigger: Words(&["phrase", "passphrase"]),
        before: 40,
        after: 120,
        pattern: r#"(?i-u)(?:(?:avec|with|using|par)[ \t]+(?:la|the|sa|its|une|a)[ \t]+phrase(?:[ \t]+(?:de passe|secr\xC3\xA8te))?|(?:the|la|sa|its|my|ma|une|a)[ \t]+(?:passphrase|phrase de passe|phrase secr\xC3\xA8te))(?:[ \t]+(?:is|est|was))?[ \t\r\n]*(?::[ \t]*)?(?:"([^"\r\n]{8,80})"|\xE2\x80\x9C([^\r\n]{8,80}?)\xE2\x80\x9D|\xC2\xAB(?:[ \t]|\xC2\xA0)*([^\r\n\xC2]{8,80}?)(?:[ \t]|\xC2\xA0)*\xC2\xBB)|(?:avec|with|using|par)[ \t]+(?:la|the|sa|its|une|a)[ \t]+phrase(?:[ \t]+(?:de passe|secr\xC3\xA8te))?[ \t]+([a-z\x80-\xFF'][^\r\n,;:.!?"`()\xE2]{7,80}?)(?:[ \t]+\xE2\x80\x94|[ \t]*[,.;(!?]|\r?\n|$)"#,
        check: v::check_secret_in_prose,
        examples: NONE,
        #[cfg(test)]
        should_match: &["se d\u{e9}verrouille avec la phrase\n\u{ab} les hiboux dorment \u{e0} minuit \u{bb} \u{2014} elle est \u{e9}crite", "le coffre se d\u{e9}verrouille avec la phrase girafe violette sous la pluie 88 \u{2014} c'est la valeur", "I used the deploy user and the passphrase \"correct horse battery stapler\" which is printed"],
        #[cfg(test)]
        should_not_match: &["the passphrase is not stored anywhere, it is derived", "avec la phrase de passe du coffre, voir le ticket", "the passphrase is stored in the TPM and never leaves it", "la phrase de passe du coffre n'est pas concern\u{e9}e"],
    },
    Rule {
        id: "credential-pair-in-prose",
        category: PasswordAssignment,
        rank: 1,
        // A tool or a person authenticating with a user and a second value: `authenticates to the
        // backend with user "maint" and the string K!ngfisher-Update-77`, `typed `su - root` then
        // `Zephyr#4419``.
        trigger: Words(&["authenticat", "logs in", "log in", "signs in", "sign in", "connects", "typed", "tap\u{e9}", "entered", "saisi", "connect\u{e9}", "connecter", "acc\u{e9}d", "acc\u{e8}s"]),
        before: 0,
        after: 160,
        pattern: r#"(?i-u)(?:authenticat[a-z]*|logs? in|signs? in|connects?|connect\xC3\xA9e?|connecter|acc\xC3\xA9d[a-z]*|acc\xC3\xA8s)[^\r\n]{0,60}?\b(?:with|avec)(?:[ \t]+|[ \t]*\r?\n[ \t>]*)(?:the[ \t]+|l'|l\xE2\x80\x99|le[ \t]+|un[ \t]+)?(?:(?:user|account|login|username|utilisateur|compte|identifiant)[ \t]+)?[`'"]?[A-Za-z0-9_.@-]+[`'"]?[ \t]+(?:and|et)[ \t]+(?:the[ \t]+|le[ \t]+)?(?:string|password|key|secret|passphrase|token|value|mot de passe|cha\xC3\xAEne)?[ \t]*[`'"]?([^\s`'",;)]{6,64})|(?:typed|tap\xC3\xA9|entered|saisi)[ \t]+`[^`\r\n]{1,40}`[ \t]+(?:puis|then|and then|et|and|followed by|/)[ \t]+`([^`\r\n]{4,64})`"#,
        check: v::check_secret_in_prose,
        examples: NONE,
        #[cfg(test)]
        should_match: &["I typed `admin` / `Zr!8vQ2#mLq` at the console prompt", "> > Log in at https://10.9.0.2/ with admin and Juniper&81? and change it at first login.", "> > Log in at https://10.9.0.2/ with\n> > admin and Juniper&81? and change it",  "J'ai pu me connecter \u{e0} la base de recette avec l'utilisateur recette_ro et Tournesol#42, qui figurent", "The tool authenticates to the update backend with user \"maint\" and the string K!ngfisher-Update-77 hard-coded", "j'ai tap\u{e9} `su - root` puis `Zephyr#4419` (la cha\u{ee}ne"],
        #[cfg(test)]
        should_not_match: &["it authenticates with user certificates and the string comparison is constant-time", "typed `ls` then `cd /tmp`"],
    },
    Rule {
        id: "wifi-value-in-prose",
        category: PasswordAssignment,
        rank: 1,
        // A Wi-Fi network's key given in a sentence or a chat: `le wifi invité de la boutique
        // c'est toujours « BoulangerieDuPort2024 »`, `the guest wifi is still Kiosk!2024`.
        trigger: Words(&["wifi", "wi-fi", "ssid"]),
        before: 0,
        after: 120,
        pattern: concat!(
            r#"(?i-u)(?:wi-?fi|\bssid)[^\r\n.?!]{0,50}?,?[ \t](?:c'est|c\xE2\x80\x99est|is|est)(?:[ \t]+(?:toujours|still|now|encore|bien|just))?[ \t]+"#,
            prose_value!()
        ),
        check: v::check_wifi_value,
        examples: NONE,
        #[cfg(test)]
        should_match: &["le wifi invit\u{e9} de la boutique c'est toujours \u{ab} BoulangerieDuPort2024 \u{bb}", "[10:03] Hugo Pasquier : SSID VISITEURS-SIEGE, c'est granit7454"],
        #[cfg(test)]
        should_not_match: &["the wifi is down since 2024", "le wifi est en 802.11ax"],
    },
    Rule {
        id: "terraform-random-password",
        category: PasswordAssignment,
        rank: 2,
        // A password Terraform generated, in clear in its state: the `result` of a
        // `random_password` resource.
        trigger: Words(&["random_password"]),
        before: 0,
        after: 600,
        pattern: r#"(?s-u)random_password.{0,400}?"result"[ \t]*:[ \t]*"((?:[^"\\\r\n]|\\.){6,128})""#,
        check: v::check_secret_shaped,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#"{"type":"random_password","name":"db","instances":[{"attributes":{"length":24,"special":true,"result":"q8}Tz4_LmJRKdQ0Uef4ZlkbD","id":"none"}}]}"#, "\"type\": \"random_password\", \"name\": \"admin\",\n\"attributes\": {\"length\": 16,\n  \"result\": \"kU5&t!xjVU8O63Xt\","],
        #[cfg(test)]
        should_not_match: &[r#"{"type":"random_password","instances":[{"attributes":{"result":"(sensitive value)"}}]}"#],
    },
    // --- personal data judged by the name it is given (validators/named.rs) -------------------
    Rule {
        id: "named-identity-document",
        category: IdentityDocument,
        rank: 1,
        trigger: Words(&["passport", "passeport", "pasaporte", "id_card", "idcard", "carte d'identit", "carte_identit", "document_n", "document n", "documentn", "doc_number", "titre de s", "titre_de_s", "residence permit", "residence_permit", "permis de conduire", "permis_de_conduire", "driving licen", "driving_licen", "driver licen", "drivers_licen", "licence_number", "license_number", "licensenumber", "cni", "id card", "identity card"]),
        before: 48,
        after: 200,
        pattern: named_value!(),
        check: v::check_named_identity,
        examples: NONE,
        #[cfg(test)]
        should_match: &["Visitor: Aleksander W\nID card: ABC008032\nHost: Dr. Ellen Marsh", "passport_no: 44KR57242", "{\"passportNumber\": \"178386040\"}"],
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
        should_not_match: &["   Portail.Dal.Adresses.Rechercher(String ville) in D:\\build\\Portail\\Dal\\Adresses.cs:ligne 77", "ip_address: 10.0.0.1", "bind_address = 0.0.0.0:8080"],
    },
    Rule {
        id: "named-health-data",
        category: HealthData,
        rank: 1,
        trigger: Words(&["diagnos", "patholog", "maladie", "illness", "disease", "medical", "m\u{e9}dical", "icd", "cim-10", "cim10", "allerg", "traitement", "treatment", "medication", "m\u{e9}dicament", "sant\u{e9}", "hiv", "vih", "s\u{e9}rolog", "grossesse", "pregnan", "handicap", "disabilit", "sick leave", "sick_leave", "arr\u{ea}t de travail", "arret_de_travail", "arr\u{ea}t maladie", "arret_maladie", "symptom", "ant\u{e9}c\u{e9}dent", "consultation", "meds", "injur", "blessure"]),
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
            "rue ", "avenue ", "av ", "av. ", "boulevard ", "bd ", "all\u{e9}e ", "impasse ", "place ", "quai ", "route ", "chemin ", "cours ",
            "square ", "r\u{e9}sidence ", "R\u{c9}SIDENCE ", "ALL\u{c9}E ", "lotissement ", "esplanade ", "passage ", "villa ", "hameau ", "faubourg ",
            "traverse ", "mont\u{e9}e ", "sentier ", "ruelle ", "promenade ",
        ]),
        before: 16,
        after: 120,
        pattern: r"(?i-u)\b(\d{1,4}(?:[ \t]?(?:bis|ter|quater|[a-d]))?,?[ \t]+(?:rue|avenue|av\.?|boulevard|bd|all\xC3[\xA9\x89]e|allee|impasse|place|quai|route|chemin|cours|square|r\xC3[\xA9\x89]sidence|residence|lotissement|esplanade|passage|villa|hameau|faubourg|traverse|mont\xC3\xA9e|sentier|ruelle|promenade)[ \t][^\r\n]{2,70}?(?:,[ \t]*|[ \t]*\r?\n[ \t]*|[ \t]+|\\n)(?:[^\r\n]{0,40}?(?:,[ \t]*|\r?\n|\\n))?(?:(?:F-)?\d{5}|(?:L|B|CH)-\d{4})[ \t]+[A-Za-z\x80-\xFF](?:[A-Za-z\x80-\xFF'-]*[A-Za-z\x80-\xFF])?)",
        check: v::check_street_address,
        examples: NONE,
        #[cfg(test)]
        should_match: &["livraison : 12 bis rue des Lilas, 75011 Paris", "131 ALL\u{c9}E DES PEUPLIERS 21000 DIJON", "'2 route d'Arlon, L-8009 Strassen'", "RES LES TAMARIS BAT C\n18 AV DU GENERAL LECLERC\n06400 CANNES"],
        #[cfg(test)]
        should_not_match: &["la rue principale est en travaux", "version 2 route 66"],
    },
    Rule {
        id: "street-address-en",
        category: PostalAddress,
        rank: 2,
        // `1680 Briarwood Ln, Raleigh, NC 27609`, `38 Hawthorn Crescent, Cardiff CF14 2LX`: number,
        // street name and type, town, then a US state and ZIP code or a UK postcode.
        trigger: Words(&[" road", " street", " st,", " st.", " avenue", " ave", " lane", " ln,", " ln ", " crescent", " grove", " drive", " dr,", " rd,", " court,", " ct,", " close,", " way,", " terrace", " boulevard", " blvd", " hollow", " gardens", " parkway", " pkwy", " mews", " ln\n", " rd\n", " st\n", " ave\n", " dr\n", " road\n", " lane\n", " street\n", " drive\n", " way\n", " ct\n", " row,", " hill,", " close ", " walk,", " rise,", " view,", " park,", " green,", " brow,", " upper,", " lower,", "heol ", "ffordd ", "stryd ", "rhodfa ", "cilgant "]),
        before: 60,
        after: 120,
        pattern: r"(?i-u)\b(\d{1,5}[ \t]+(?:(?:[NSEW]\.?[ \t]+)?[A-Za-z][A-Za-z'-]+(?:[ \t][A-Za-z][A-Za-z'-]+){0,2}[ \t]+(?:road|rd|street|st|avenue|ave|lane|ln|crescent|grove|drive|dr|court|ct|close|way|place|pl|terrace|boulevard|blvd|hollow|row|gardens|square|parkway|pkwy|circle|mews|hill|walk|rise|view|park|green|brow|yard)\.?(?:[ \t]+(?:upper|lower))?|(?:heol|ffordd|stryd|l\xC3\xB4n|rhodfa|cilgant)(?:[ \t]+[A-Za-z][A-Za-z'-]*){1,3})(?:,?[ \t]+(?:apt|apartment|unit|suite|flat|ste)\.?[ \t]*#?[A-Za-z0-9-]+)?(?:,[ \t]*|[ \t]+|[ \t]*\r?\n[ \t]*|\\n)[A-Za-z][A-Za-z'-]+(?:[ \t][A-Za-z][A-Za-z'-]+)?,?[ \t]+(?:[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|(?:\d{1,2},?[ \t]+)?[AC-FHKNPRTV-Y]\d[0-9W][ \t]?[0-9AC-FHKNPRTV-Y]{4}))\b",
        check: v::check_street_address,
        examples: NONE,
        #[cfg(test)]
        should_match: &["ship to 1680 Briarwood Ln, Raleigh, NC 27609", "38 Hawthorn Crescent, Cardiff CF14 2LX", "mobile 07700 900156, home 11 Heol y Nant, Cardiff CF14 6HG\".", "SHIP TO:\nMARGARET O'SULLIVAN-REYES\nFlat 2, 19 Wexford Terrace\nDUNDALK  A91 X2K8\nIRELAND"],
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
        trigger: Words(&["\"document\"", "\"passport\"", "\"passeport\"", "\"idcard\"", "\"id_card\"", "\"identitydocument\"", "\"identity_document\"", "\"permis\"", "\"permis_conduire\"", "\"driving_licence\"", "\"driving_license\"", "\"drivers_license\"", "\"cni\""]),
        before: 0,
        after: 160,
        pattern: r#"(?i-u)"(?:document|passport|passeport|id_?card|identity_?document|permis(?:_conduire)?|drivers?_licen[cs]e|driving_licen[cs]e|cni)"[ \t]*:[ \t]*\{[^{}]{0,100}?"(?:number|numero|num|no)"[ \t]*:[ \t]*"(?-i:([A-Z0-9]{6,20}))""#,
        check: v::check_document_number,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#""document": {"type": "P", "number": "538017226", "expiry": "2032-06-19"}"#, r#""permis":{"numero":"190475300215","categorie":"B"}"#],
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
        id: "street-address-continental",
        category: PostalAddress,
        rank: 1,
        // The street first, then its number, then the postcode and the town, as German, Dutch,
        // Nordic, Portuguese, Belgian and Swiss addresses are written: `Lindenstraße 42, 10969
        // Berlin`, `Keizersgracht 221, 1016 DV Amsterdam`, `Drottninggatan 7, 111 51 Stockholm`,
        // `Rua Augusta 210, 1100-053 Lisboa`, `Rue de la Loi 16, 1000 Bruxelles`.
        trigger: Words(&[
            "stra\u{df}e ", "strasse ", "str. ", "weg ", "gasse ", "platz ", "allee ", "damm ", "ufer ", "gatan ", "v\u{e4}gen ",
            "gade ", "vej ", "gracht ", "straat ", "laan ", "plein ", "kade ", "singel ", "rua ", "travessa ", "largo ",
            "rue ", "chauss\u{e9}e ", "avenue ", "boulevard ", "place ",
        ]),
        before: 48,
        after: 96,
        pattern: r"(?-u)\b((?:[A-Z\xC3][A-Za-z\x80-\xFF'-]*(?:stra\xC3\x9Fe|strasse|str\.|weg|gasse|platz|allee|damm|ufer|gatan|v\xC3\xA4gen|gade|vej|gracht|straat|laan|plein|kade|singel)|(?:Rua|Travessa|Largo|Rue|Chauss\xC3\xA9e|Avenue|Boulevard|Place)(?:[ \t](?:de|da|do|dos|das|du|des|de la|de l'|d'|la|le|van|von|der|den)?[ \t]?[A-Z\xC3][A-Za-z\x80-\xFF'-]*){1,3})[ \t]+\d{1,4}[a-zA-Z]?(?:[ \t]*[-/][ \t]*\d{1,4}[a-zA-Z]?)?,?[ \t]+(?:[A-Z]{1,2}-)?(?:\d{4}[ \t][A-Z]{2}|\d{3}[ \t]\d{2}|\d{4}-\d{3}|\d{4,5})[ \t]+[A-Z\xC3][A-Za-z\x80-\xFF'-]+)",
        check: v::check_street_address,
        examples: NONE,
        #[cfg(test)]
        should_match: &["Kunde: Jonas Weber, Lindenstra\u{df}e 42, 10969 Berlin", "Klant: Daan de Vries, Keizersgracht 221, 1016 DV Amsterdam", "Sven Olsen | Drottninggatan 7, 111 51 Stockholm |", "\"shipping\": \"Rua Augusta 210, 1100-053 Lisboa\"", "domicili\u{e9} Rue de la Loi 16, 1000 Bruxelles"],
        #[cfg(test)]
        should_not_match: &["the Weg 2 release, 1000 Users", "see Place 3, 2024 Report", "Hauptstrasse 12"],
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
        trigger: Words(&["passport", "passeport", "pasaporte", "carte d'identit", "carte nationale d'identit", "titre de s\u{e9}jour", "identity card", "id card", "cni n", "permis n", "permis de conduire n", "\"permis\"", "licence no", "license no", "licence number", "license number", "driving licen", "driver's licen", "driver licen", "drivers licen"]),
        before: 32,
        after: 110,
        pattern: r#"(?i-u)(?:\b(?:(?:carte d'identit\xC3\xA9|titre de s\xC3\xA9jour|passport|passeport|identity card|id card)[^\r\n()]{0,40}?\((?:n\xC2\xB0|no\.?|nr\.?|number)[ \t]*(?-i:([A-Z0-9]{8,18}))\)|(?:passport|passeport|pasaporte|licen[cs]e)(?:,?[ \t]*(?:no\.?|n\xC2\xB0|nr\.?|number|num\xC3\xA9ro|#))?(?:[ \t]*[:=]|[ \t]+(?:c'est|is|est))?[ \t]*(?-i:([A-Z0-9]{8,18}))\b|permis(?:[ \t]+de[ \t]+conduire)?[ \t]+(?:n\xC2\xB0|no\.?|num\xC3\xA9ro)[ \t]*:?[ \t]*(?-i:([A-Z0-9]{8,18}))\b|(?:passport|passeport|pasaporte|carte d'identit\xC3\xA9|carte nationale d'identit\xC3\xA9|identity card|id card|\bcni)[^\r\n.;()]{0,50}?(?:\bn\xC2\xB0|\bno\.|\bnumber|\bnum\xC3\xA9ro|\bit's|\bit is|\bc'est)[ \t]*:?[ \t]*(?-i:([A-Z0-9]{8,18}))\b|(?:passport|passeport|pasaporte|licen[cs]e)[ \t]+(?:enregistr\xC3\xA9|registered|on file|saisi|d\xC3\xA9clar\xC3\xA9|scann\xC3\xA9|scanned|fourni|provided)[ \t]*:?[ \t]*(?-i:([A-Z0-9]{8,18}))\b|(?:num\xC3\xA9ro|n\xC2\xB0|number)[ \t]+(?:de[ \t]+(?:la[ \t]+|sa[ \t]+|son[ \t]+)?|of[ \t]+(?:the[ \t]+|her[ \t]+|his[ \t]+)?)?(?:carte d'identit\xC3\xA9|passeport|passport|id card|identity card|permis de conduire|driving licen[cs]e|titre de s\xC3\xA9jour)[ \t]*:?[ \t]*(?-i:([A-Z0-9]{8,18}))\b)|"(?:type|kind|doc_?type)"[ \t]*:[ \t]*"(?:passe?port|pasaporte|cni|id_?card|carte_?identite|permis|driving_?licen[cs]e|titre_?sejour)"[ \t]*,[ \t]*"(?:numero|num|number|no|id)"[ \t]*:[ \t]*"(?-i:([A-Z0-9]{8,18}))"|"(?:permis|passeport|passport|pasaporte|cni|carte_?identite|id_?card|driving_?licen[cs]e|titre_?sejour)"[ \t]*:[ \t]*\{[ \t]*"(?:numero|num|number|no|id)"[ \t]*:[ \t]*"(?-i:([A-Z0-9]{8,18}))")"#,
        check: v::check_document_number,
        examples: NONE,
        #[cfg(test)]
        should_match: &["passport no. 178386040, DOB", "son passeport c'est 51ZV62865, n\u{e9}", "a scan of her passport, number 731904256, and", "la carte d'identit\u{e9} de J. Roy (n\u{b0} X4T81KQZ2), n\u{e9}e", "a driving licence MORGA657054SM9IJ in the bucket", "keep her passport copy, it's CK1Y9F20Y (Germany)", "des scans de passeports, dont celui n\u{b0} 21FR83406", r#"{"type":"PASSEPORT","numero":"06FK72838","pays":"FRA"},{"type":"PERMIS","numero":"40ZS46061761"}"#, "| pi\u{e8}ce d'identit\u{e9} | CNI n\u{b0} 470323727726 |"],
        #[cfg(test)]
        should_not_match: &["passport no. pending", "passport renewal 2025", "her passport copy, it is in the safe"],
    },
    Rule {
        id: "travel-reference-after-word",
        category: TravelRecord,
        rank: 2,
        // `dossier EJNTDA`, `Booking ref: QCLA4R`, `billet n° 0742680473715`, `Flight LH377  Seat 10B`,
        // `vol LH1735 siège 2D`.
        trigger: Words(&["dossier", "pnr", "booking", "record locator", "r\u{e9}servation", "R\u{c9}SERVATION", "reservation", "billet", "ticket", "etkt", "e-tkt", "flight", "vol ", "seat", "si\u{e8}ge"]),
        before: 0,
        after: 60,
        pattern: r"(?i-u)\b(?:dossier|pnr|r\xC3\xA9servation|R\xC3\x89SERVATION|reservation|booking(?:[ \t]+ref(?:erence)?)?|record locator|e-?ticket|e-?tkt|billet|ticket|flight|vol|seat|si\xC3\xA8ge)(?:[ \t]+(?:\xC3\xA9lectronique|electronique|electronic))?(?:[ \t]*\([A-Za-z]{2,6}\))?(?:[ \t]*(?:no\.?|n\xC2\xB0|nr\.?|number|num\xC3\xA9ro|#))?(?:[ \t]*[:=]|[ \t]+(?:c'est|is|est))?[ \t]*(?-i:(\d{3}[- ]\d{10}|\d{3} \d{4} \d{3} \d{3}|[A-Z0-9]{2} \d{1,4}|[A-Z0-9]{2,14}))\b",
        check: v::check_travel_reference,
        examples: NONE,
        #[cfg(test)]
        should_match: &["R\u{e9}f\u{e9}rence de r\u{e9}servation (PNR) : R4TW9P", "E-ticket 125 2320680134", "pour Thibault Duval, dossier EJNTDA, IB274", "Flight LH377  Seat 10B  Gate A53", "billet n\u{b0} 0742680473715", "e-ticket 125-2481632640.", "PNR QXWRTA  ETKT 0812345678901", "FLIGHT TP 667  DATE 14JUN  BOARDING 06:35  GATE D7  SEAT 23C", "E-TKT 057-4297281470   SEQ 118", "si\u{e8}ge 14C, billet \u{e9}lectronique 0577050874671, contact", "r\u{e9}f\u{e9}rence de dossier XK4P7Q, num\u{e9}ro de billet 057 2391 884 513."],
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
        id: "medical-term-about-person",
        category: HealthData,
        rank: 1,
        // A condition, a treatment or a work-fitness finding named outright, in a record or a
        // sentence about a person (a patient, an employee, a customer, `Mme …`, a birth date
        // near): `motif = 'suivi chimiothérapie — cancer colorectal'`, `Notes:"wheelchair user"`,
        // `inapte temporaire au poste de nuit (syndrome anxio-dépressif)`. The words are ones a
        // vulnerability report has no other use for; the person is checked by the validator.
        trigger: Words(&[
            "diab\u{e8}te", "diabetes", "diabetic", "diab\u{e9}tique", "\u{e9}pilep", "epilep", "hernie", "hernia", "scl\u{e9}rose", "sclerosis",
            "asthm", "cancer", "tumeur", "tumour", "tumor", "leuc\u{e9}mie", "leukaemia", "leukemia", "lymphom", "alzheimer", "parkinson",
            "schizophr", "bipolaire", "bipolar disorder", "anorexi", "boulimi", "bulimi", "chimioth\u{e9}rap", "chemotherap", "dialys",
            "h\u{e9}patite", "hepatitis", "sciatique", "sciatica", "insulin", "autism", "autisme", "ptsd", "tspt", "burn-out", "burnout",
            "copd", "bpco", "d\u{e9}pressi", "depressive", "anxio", "invalidit", "wheelchair", "fauteuil roulant", "mi-temps th\u{e9}rapeutique",
            "inapte", "unfit for", "kin\u{e9}sith\u{e9}rap", "physiotherap", "sertralin", "antid\u{e9}press", "antidepress", "oxygen therap",
            "home oxygen", "oxyg\u{e8}ne \u{e0} domicile", "dementia", "d\u{e9}mence", "stroke", "avc", "cardiopath", "handicap", "disability",
            "pregnan", "enceinte", "grossesse", "hiv", "vih", "s\u{e9}ropositi", "cirrhos", "mastectom", "carcinom", "m\u{e9}lanom", "melanom",
            "lombalgie", "sick leave", "arr\u{ea}t maladie", "arr\u{ea}t de travail", "cong\u{e9} maternit\u{e9}", "maternity leave", "cardiaque",
            "cardiac", "heart failure", "d\u{e9}fibrillat", "pacemaker", "op\u{e9}r\u{e9} d", "surgery", "chirurgi", "hospitalis", "hospitaliz",
            "post-op", "postop", "hip replacement", "knee replacement", "proth\u{e8}se",
            "accident du travail", "workplace injury", "fracture", "entorse", "sprain", "asthme", "sepsis", "psychiatr", "ventoline",
        ]),
        before: 80,
        after: 100,
        pattern: r#"(?i-u)(?:\A|[^A-Za-z0-9_\x80-\xFF])((?:diab\xC3\xA8te|diabet|diab\xC3\xA9tique|\xC3\xA9pilep|epilep|hernie|hernia|scl\xC3\xA9rose|sclerosis|asthm|cancer|tumeur|tumou?r|leuc\xC3\xA9mie|leuka?emia|lymphom|alzheimer|parkinson|schizophr|bipolaire|bipolar|anorexi|boulimi|bulimi|chimioth\xC3\xA9rap|chemotherap|dialys|h\xC3\xA9patite|hepatitis|lombosciatique|sciatique|sciatica|insulin|autis|ptsd|tspt|burn-?out|copd|bpco|d\xC3\xA9pressi|depressive|anxio|invalidit|wheelchair|fauteuil roulant|mi-temps th\xC3\xA9rapeutique|inapte|unfit for|kin\xC3\xA9sith\xC3\xA9rap|physiotherap|sertralin|antid\xC3\xA9press|antidepress|oxygen|oxyg\xC3\xA8ne|dementia|d\xC3\xA9mence|stroke|avc|cardiopath|handicap|disability|pregnan|enceinte|grossesse|hiv|vih|s\xC3\xA9ropositi|cirrhos|mastectom|carcinom|m\xC3\xA9lanom|melanom|lombalgie|sick leave|arr\xC3\xAAt maladie|arr\xC3\xAAt de travail|cong\xC3\xA9 maternit\xC3\xA9|maternity leave|cardiaque|cardiac|heart failure|d\xC3\xA9fibrillat|pacemaker|op\xC3\xA9r\xC3\xA9 d|surgery|chirurgi|hospitalis|hospitaliz|post-?op|hip replacement|knee replacement|proth\xC3\xA8se|accident du travail|workplace injury|fracture|entorse|sprain|asthme|asthma|sepsis|psychiatr|ventoline|grossesse)[^\r\n"<>|;,.)]{0,60})"#,
        check: v::check_medical_about_person,
        examples: NONE,
        #[cfg(test)]
        should_match: &["Patient : M. Jordan Pineaux\nConclusion : \u{e9}pilepsie g\u{e9}n\u{e9}ralis\u{e9}e idio-\npathique", "  patient = <Patient: G\u{e9}rard Mounier, n\u{e9} le 11/08/1952>\n  motif = 'suivi chimioth\u{e9}rapie \u{2014} cancer colorectal'", "&Customer{ID:77120 Name:\"Priya Holt\" Notes:\"wheelchair user, needs step-free delivery\"}", "> Mme Sylvie Fabre, infirmi\u{e8}re de nuit,\n> inapte temporaire au poste de nuit (syndrome anxio-d\u{e9}pressif), reclassement de jour recommand\u{e9}."],
        #[cfg(test)]
        should_not_match: &["The stroke width of the SVG icon is 2 px.", "The patients table has a diagnosis column (diabetes, asthma, ...) but no values leaked.", "a handicap parameter in the matchmaking API"],
    },
    Rule {
        id: "salary-in-prose",
        category: EmploymentData,
        rank: 1,
        // An amount near a pay word: `salary of $87,400`, `61 734 € bruts annuels`.
        trigger: Words(&["salary", "salaire", "earns", "annual base", "base annual", "annual pay", "r\u{e9}mun\u{e9}r", "bruts", "brut annuel", "brut mensuel", "gross pay", "gross annual", "pay rise", "payslip", "bulletin de paie", "pay goes", "pay rises", "pay raise", "pay increase", "pay cut", "new pay", "pay band"]),
        before: 60,
        after: 80,
        pattern: r"(?i-u)((?:\$|\xC2\xA3|\xE2\x82\xAC|EUR[ \t]|USD[ \t]|GBP[ \t]|CHF[ \t])[ \t]?\d{1,3}(?:(?:[,. ]|\xC2\xA0|\xE2\x80\xAF)\d{3})+(?:[.,]\d{2})?|\b\d{1,3}(?:(?:[ ,.]|\xC2\xA0|\xE2\x80\xAF)\d{3})+(?:[.,]\d{2})?(?:[ \t]|\xC2\xA0|\xE2\x80\xAF)?(?:\xE2\x82\xAC|EUR|GBP|USD|k\xE2\x82\xAC)(?:[ \t]+(?:bruts?|nets?)(?:[ \t]+(?:annuels?|mensuels?|par an))?)?)",
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
        id: "tax-number-in-prose",
        category: TaxRecord,
        rank: 1,
        // A person's tax number given in a sentence (`contribuable M. X, numéro fiscal
        // 3083975310624`, `taxpayer ID 123-45-6789`). Not the German Steuer-ID: eleven digits with a
        // check digit this rule does not verify, and debug headers carry look-alikes.
        trigger: Words(&["num\u{e9}ro fiscal", "numero fiscal", "n\u{b0} fiscal", "identifiant fiscal", "taxpayer id", "tax id"]),
        before: 0,
        after: 80,
        pattern: r"(?i-u)(?:num\xC3\xA9ro fiscal|numero fiscal|n\xC2\xB0 fiscal|identifiant fiscal|taxpayer id|tax id)(?:[ \t]+(?:de r\xC3\xA9f\xC3\xA9rence|du d\xC3\xA9clarant|number|no\.?))?(?:[ \t]*[:=]|[ \t]+(?:is|est))?[ \t]*(\d(?:[ -]?\d){8,15})\b",
        check: v::check_shape,
        examples: NONE,
        #[cfg(test)]
        should_match: &["contribuable M. Herv\u{e9} Castagnier, num\u{e9}ro fiscal 3083975310624, imp\u{f4}t"],
        #[cfg(test)]
        should_not_match: &["le num\u{e9}ro fiscal n'appara\u{ee}t pas", "tax id 12"],
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
        pattern: r"(?i-u)(?:r\xC3\xA9f\xC3\xA9rence de l(?:'|\xE2\x80\x99)avis|reference de l'avis|revenu fiscal de r\xC3\xA9f\xC3\xA9rence|montant de (?:votre )?imp\xC3\xB4t|imp\xC3\xB4t (?:sur le revenu|net)(?: net)?(?: \xC3\xA0 payer)?|taxable income|(?:income )?tax due|total tax)(?:[^\r\n]{0,60}?[ \t]\.{3,}[ \t]*|[ \t]*(?::[ \t]*)?)((?:\$|\xC2\xA3|\xE2\x82\xAC)?[ \t]?\d[\d ,.\xC2\xA0]{1,20}\d(?:[ \t]?(?:\xE2\x82\xAC|EUR))?)",
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
        pattern: r"(?m-u)(?:^[ \t]*|[ \t]{2,})(?:(?:N\xC2\xB0|No\.?|Num(?:\xC3\xA9|e)ro)(?:[ \t]+(?:du|de la|de|of the|of))?[ \t]+(?i:document|carte|passeport|passport|titre)|(?i:document)[ \t]+(?:No\.?|number|N\xC2\xB0)|N\xC2\xB0|No\.?|5\.)[ \t]*(?:\xC2\xA0)?:?[ \t]*([A-Z0-9]{8,16})(?:[ \t]{2,}[^\r\n]*)?[ \t]*\r?$",
        check: v::check_document_number,
        examples: NONE,
        #[cfg(test)]
        should_match: &["R\u{c9}PUBLIQUE FRAN\u{c7}AISE  PASSEPORT / PASSPORT\nType P  Code FRA  N\u{b0} 20FH61838\nNom/Surname LAGARDERE", "PERMIS DE CONDUIRE\n1. MARTIN\n5. 431207918824\n9. B", "CARTE NATIONALE D'IDENTIT\u{c9}\nN\u{b0} 7XK2PLM45\n", "CARTE NATIONALE D'IDENTIT\u{c9}\nN\u{b0} du document : RGQRQMXME\n"],
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
        // A national identity number named by its system's own word (Swedish `personnummer`,
        // Norwegian `fødselsnummer`, Finnish `henkilötunnus`, Dutch `BSN`): the name decides, the
        // shape is checked.
        id: "national-id-by-name",
        category: NationalId,
        rank: 1,
        trigger: Words(&["personnummer", "personnr", "fodselsnummer", "f\u{f8}dselsnummer", "henkilotunnus", "henkil\u{f6}tunnus", "burgerservicenummer", "\"bsn\"", "bsn:", "bsn="]),
        before: 0,
        after: 80,
        pattern: r#"(?i-u)(?:personnummer|personnr|f(?:o|\xC3\xB8)dselsnummer|henkil(?:o|\xC3\xB6)tunnus|burgerservicenummer|bsn)["']?[ \t]*[:=][ \t]*["']?((?:19|20)?\d{6}[-+A]?\d{3}[0-9A-Z]|\d{9}|\d{11})\b"#,
        check: v::check_shape,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#"{"name":"Sven \u{c5}kesson","personnummer":"19850314-4833"}"#],
        #[cfg(test)]
        should_not_match: &["personnummer: XXXXXXXX-XXXX"],
    },
    Rule {
        // An address object's street line, under a plain name: `"address": {"line": "2217 Bexley
        // Park Rd", "city": …}`, `"billing": {"line1": "Flat 3, 41 Cotham Brow, Bristol"}`.
        id: "address-object-line",
        category: PostalAddress,
        rank: 2,
        trigger: Words(&["\"address\"", "\"adresse\"", "\"billing\"", "\"shipping\"", "\"delivery\"", "\"livraison\"", "\"home\"", "\"domicile\""]),
        before: 0,
        after: 200,
        pattern: r#"(?i-u)"(?:address|adresse|billing|shipping|delivery|livraison|home|domicile)(?:_?address)?"[ \t]*:[ \t]*\{[ \t\r\n]*((?:"[A-Za-z_0-9]{1,24}"[ \t]*:[ \t]*(?:"[^"\r\n]{0,100}"|null|\d+)[ \t\r\n]*,?[ \t\r\n]*){1,8})\}"#,
        check: v::check_address_line,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#""address":{"line":"2217 Bexley Park Rd","city":"Columbus","state":"OH","postalCode":"43215"}"#, r#""billing":{"line1":"Flat 3, 41 Cotham Brow, Bristol","postcode":"BS6 5QG"}"#, r#""adresse": {"ligne1": "14 all\u{e9}e des Cormorans", "cp": "44300", "ville": "Nantes"},"#],
        #[cfg(test)]
        should_not_match: &[r#""address":{"line":"REDACTED","city":"Paris"}"#, r#""billing":{"line1":"see account","city":"x"}"#],
    },
    Rule {
        // A document's number in the name of its scan (`passport_I95975875_front.jpg`,
        // `licence_LR866687B72.png`, `cni-090843323212.pdf`).
        id: "document-number-in-file-name",
        category: IdentityDocument,
        rank: 1,
        trigger: Words(&["passport_", "passport-", "passeport_", "passeport-", "licence_", "license_", "licence-", "license-", "permis_", "permis-", "cni_", "cni-", "idcard_", "id_card_", "carte_identite_"]),
        before: 0,
        after: 40,
        pattern: r"(?i-u)\b(?:passe?port|licen[cs]e|permis|cni|id_?card|carte_identite)[_-](?-i:([A-Z0-9]{8,14}))(?:[_-][A-Za-z0-9]{1,12})*\.(?:jpe?g|png|pdf|heic|tiff?|webp|gif)\b",
        check: v::check_document_number,
        examples: NONE,
        #[cfg(test)]
        should_match: &["-rw-r--r--  1 www  www  482113 Mar 11 09:14 passport_I95975876_front.jpg", "licence_LR866687B73.png"],
        #[cfg(test)]
        should_not_match: &["passport_template_v2.png", "licence_MIT.txt"],
    },
    Rule {
        // A payslip's amounts with no separator before them (`Net à payer avant impôt 1 842,60`).
        id: "payslip-amount",
        category: EmploymentData,
        rank: 1,
        trigger: Words(&["net \u{e0} payer", "net a payer", "salaire net", "net imposable", "salaire de base", "net pay", "take-home pay"]),
        before: 0,
        after: 80,
        pattern: r"(?i-u)\b(?:net (?:\xC3\xA0|a) payer(?:[ \t]+avant[ \t]+imp\xC3\xB4t(?:[ \t]+sur[ \t]+le[ \t]+revenu)?)?|salaire net|net imposable|salaire de base|net pay|take-home pay)[ \t.:\xE2\x80\xA6]*(?:\xE2\x82\xAC|EUR|\xC2\xA3|\$)?[ \t]*(\d{1,3}(?:[ \xC2\xA0.,]\d{3})*[.,]\d{2})\b",
        check: v::check_shape,
        examples: NONE,
        #[cfg(test)]
        should_match: &["Net \u{e0} payer avant imp\u{f4}t 1 842,61", "Salaire de base ........ 2 347,16"],
        #[cfg(test)]
        should_not_match: &["le net \u{e0} payer est calcul\u{e9} apr\u{e8}s cotisations"],
    },
    Rule {
        // A card's security code next to the card, by its name (`"cvv":"152"`, `cryptogramme :
        // 481`): card data the payment standards forbid keeping at all.
        id: "card-security-code",
        category: PaymentCard,
        rank: 1,
        trigger: Words(&["cvv", "cvc", "cvv2", "cvc2", "cryptogramme", "security_code", "card_code"]),
        before: 4,
        after: 40,
        pattern: r#"(?i-u)\b(?:cvv2?|cvc2?|cryptogramme(?:[ \t]+visuel)?|security_code|card_code)["']?[ \t]*[:=][ \t]*["']?(\d{3,4})\b"#,
        check: v::check_shape,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#"payload={"pan":"2252525791040956","cvv":"153","exp":"11/26"}"#],
        #[cfg(test)]
        should_not_match: &["cvv: ***", "cvv_length: 3"],
    },
    Rule {
        // A FHIR resource's clinical text: a medication, the reason for it, a condition
        // (`"medicationCodeableConcept":{"text":"Lévothyrox 75 µg"}`, `"reasonCode":[{"text":…}]`).
        id: "fhir-clinical-text",
        category: HealthData,
        rank: 2,
        trigger: Words(&["medicationcodeableconcept", "reasoncode", "\"bodysite\"", "\"clinicalstatus\""]),
        before: 0,
        after: 160,
        pattern: r#"(?i-u)"(?:medicationCodeableConcept|reasonCode|bodySite)"[ \t]*:[ \t]*\[?[ \t]*\{[^{}]{0,80}?"text"[ \t]*:[ \t]*"([^"\r\n]{3,160})""#,
        check: v::check_shape,
        examples: NONE,
        #[cfg(test)]
        should_match: &[r#""medicationCodeableConcept":{"text":"L\u{e9}vothyrox 75 \u{b5}g, 1 cp le matin"},"reasonCode":[{"text":"Hypothyro\u{ef}die"}]"#],
        #[cfg(test)]
        should_not_match: &[r#""reasonCode":[{"text":"xxxx"}]"#],
    },
    Rule {
        // Birth dates compared in a verification log (`dob_check provided=1979-03-02
        // expected=1979-02-03`): each value is one.
        id: "dob-check-values",
        category: DateOfBirth,
        rank: 1,
        trigger: Words(&["dob_", "dob ", "birth_", "naissance_"]),
        before: 0,
        after: 160,
        pattern: r#"(?i-u)\b(?:provided|expected|given|entered|actual|stored|saisie?|attendue?|value)=["']?((?:19|20)\d{2}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/(?:19|20)\d{2})"#,
        check: v::check_dob_on_its_line,
        examples: NONE,
        #[cfg(test)]
        should_match: &["11:03:10 kyc.verify applicant=88120 dob_check provided=1979-03-03 expected=1979-02-04 result=MISMATCH"],
        #[cfg(test)]
        should_not_match: &["dob_check skipped\ninvoice provided=2024-03-02"],
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
        id: "chat-answer-code",
        category: PasswordAssignment,
        rank: 1,
        // A chat line asking for a code (`t'as le code du cadenas du local vélo ?`) answered on
        // the next line by digits, spaced or dashed (`4-7-1-9 je crois`).
        trigger: Words(&["code"]),
        before: 0,
        after: 200,
        pattern: r#"(?im-u)\bcode\b[^\r\n]{0,60}\?[^\r\n]*\r?\n[^\r\n]*?(?:>|:)[ \t]+(\d(?:[- .]?\d){3,7})\b"#,
        check: v::check_spaced_code,
        examples: NONE,
        #[cfg(test)]
        should_match: &["[14/05/2025 18:03] Hugo: t'as le code du cadenas du local v\u{e9}lo ?\n[14/05/2025 18:04] Agathe: 4-7-1-9 je crois, sinon"],
        #[cfg(test)]
        should_not_match: &["[10:01] a: which error code ?\n[10:02] b: 2024 maybe", "[10:01] a: le code retour ?\n[10:02] b: 404"],
    },
    Rule {
        id: "passphrase-setting",
        category: PasswordAssignment,
        rank: 1,
        // A passphrase of plain words as a setting's value, unquoted (`Phrase=le chat de l'accueil
        // s'appelle Gaston` in an INI file): the value runs to the end of its line.
        trigger: Words(&["phrase"]),
        before: 40,
        after: 120,
        pattern: r#"(?im-u)^[ \t]*(?:[A-Za-z_.-]*pass)?phrase(?:[_.-]?(?:de[_.-]?passe|secr[e\xC3\xA8]te?))?[ \t]*[=:][ \t]*([^\s"'][^\r\n"]{7,99}?)[ \t]*\r?$"#,
        check: v::check_phrase_setting,
        examples: NONE,
        #[cfg(test)]
        should_match: &["[Chiffrement]\nPhrase=le chat de l'accueil s'appelle Gaston\n"],
        #[cfg(test)]
        should_not_match: &["phrase_min_words = 4\n", "welcome_phrase: Hello and welcome to our shop\n"],
    },
    Rule {
        id: "chat-answer-secret",
        category: PasswordAssignment,
        rank: 1,
        // A chat line asking for a credential (`what's root on X again?`, `c'est quoi le wifi du
        // dépôt déjà ?`) answered on the next line by a message that is only a made-up value,
        // or `SSID / value`.
        trigger: Words(&["again", "d\u{e9}j\u{e0}", "c'est quoi", "what's the", "what is the", "quel est le", "creds?", "creds ?", "password?", "mdp ?", "mdp?", "quelqu'un a", "quelqu\u{2019}un a", "someone have", "anyone have", "anyone got", "who has the", "qui a le"]),
        before: 120,
        after: 300,
        pattern: r#"(?im-u)(?:wi-?fi|\broot\b|password|passwd|mot de passe|\bmdp\b|\bcreds\b|identifiants|passphrase|le code)[^\r\n]{0,80}?(?:\?|\bagain\b|d\xC3\xA9j\xC3\xA0)[^\r\n]*\r?\n[^\r\n]*?(?:>|:)[ \t]+(?:[A-Za-z0-9_.-]{2,40}[ \t]*/[ \t]*)?([^\s]{8,64})[ \t]*(?:\xF0[\x80-\xBF]{3}[ \t]*|[ \t]{2,}[^\r\n]*)?\r?$"#,
        check: v::check_chat_answer,
        examples: NONE,
        #[cfg(test)]
        should_match: &["[22:42] <vhs_> creds?\n[22:42] <lorne> root / c0ld-brew-43  don't tell Mags", "[12/03/2024 21:14] Karim B.: quelqu'un a le wifi du labo ? \u{1f4f6}\n[12/03/2024 21:15] L\u{e9}a: LABO-5G / Choucroute918!", "<ana> what's the db password again?\n<bob> Qx7!mRt2pL\n", "[01/02/2025, 09:12] A: c'est quoi le wifi du labo ?\n[01/02/2025, 09:13] B: Labo_5G / Tilleul42# \u{1f609}\n"],
        #[cfg(test)]
        should_not_match: &["<ana> what's the db password again?\n<bob> ask-the-ops-channel\n", "<ana> root password?\n<bob> no idea, sorry\n"],
    },
    Rule {
        // A session id in a two-cell HTML row (`phpinfo()`'s `$_COOKIE['PHPSESSID']`, a debug
        // page's `sessionid` row).
        id: "html-cell-session",
        category: SessionCookie,
        rank: 1,
        trigger: Words(&["</td>"]),
        before: 120,
        after: 200,
        pattern: r#"(?i-u)<t[dh][^>]{0,40}>[^<\r\n]{0,40}?(?:phpsessid|jsessionid|aspsessionid[a-z]*|sessionid|session_id|sessid|connect\.sid|laravel_session)[^<\r\n]{0,10}</t[dh]>[ \t]*<td[^>]{0,40}>[ \t]*([A-Za-z0-9_.%=+/-]{16,256})[ \t]*</td>"#,
        check: v::check_random_token,
        examples: NONE,
        #[cfg(test)]
        should_match: &["<tr><td class=\"e\">$_COOKIE['PHPSESSID']</td><td class=\"v\">ioqjdusamjvit42lckcbdpbd6i</td></tr>"],
        #[cfg(test)]
        should_not_match: &["<tr><td class=\"e\">session.name</td><td class=\"v\">PHPSESSID</td></tr>", "<tr><td>PHPSESSID</td><td>xxxxxxxxxxxxxxxxxxxxxxxx</td></tr>"],
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
];
