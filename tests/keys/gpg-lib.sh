# Sourced by generate.sh and generate-policy.sh: a throw-away GnuPG home removed on exit, and the
# three helpers both scripts use. TEST keys only.
home=$(mktemp -d)
trap 'gpgconf --homedir "$home" --kill all >/dev/null 2>&1 || true; rm -rf "$home"' EXIT
g() { gpg --homedir "$home" --batch --quiet --no-tty --pinentry-mode loopback --passphrase '' "$@"; }
fpr() { g --with-colons --list-keys "$1" | awk -F: '/^fpr/ {print $10; exit}'; }
pub() { g --armor --export "$1" >"$2"; }
