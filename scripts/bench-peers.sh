#!/usr/bin/env bash
# Installs the peer secret scanners that `make bench-scan` compares psirt-report's scanner with,
# into git-ignored folders under .bench/peers/, only where missing. Not run by `make test`.
#   detect-secrets  (PyPI)      .bench/peers/venv/bin/detect-secrets
#   kingfisher-bin  (PyPI)      .bench/peers/venv/bin/kingfisher
#   secretlint      (npm)       .bench/peers/npm/node_modules/.bin/secretlint (+ preset-recommend)
#   ripsecrets      (crates.io) .bench/peers/cargo/bin/ripsecrets
# A peer that fails to install is reported and skipped: the benchmark runs the ones present.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

PEERS=.bench/peers
DETECT_SECRETS_VERSION=1.5.0
SECRETLINT_VERSION=9.3.4
STDNUM_VERSION=2.2
KINGFISHER_VERSION=${KINGFISHER_VERSION:-2.14.0}
RIPSECRETS_VERSION=${RIPSECRETS_VERSION:-0.1.11}
mkdir -p "$PEERS"
say() { printf 'bench-peers: %s\n' "$*"; }
failed=0

if [[ ! -x $PEERS/venv/bin/python ]]; then
  say "create venv $PEERS/venv"
  python3 -m venv "$PEERS/venv" || { say "FAILED venv"; failed=1; }
fi
if [[ -x $PEERS/venv/bin/detect-secrets ]]; then
  say "ok   detect-secrets $($PEERS/venv/bin/detect-secrets --version 2>/dev/null)"
else
  say "install detect-secrets $DETECT_SECRETS_VERSION (PyPI)"
  "$PEERS/venv/bin/pip" install -q "detect-secrets==$DETECT_SECRETS_VERSION" || { say "FAILED detect-secrets"; failed=1; }
fi
if "$PEERS/venv/bin/python" -c "import stdnum" 2>/dev/null; then
  say "ok   python-stdnum (cross-checks the corpus)"
else
  say "install python-stdnum $STDNUM_VERSION (PyPI; cross-checks the corpus's check digits)"
  "$PEERS/venv/bin/pip" install -q "python-stdnum==$STDNUM_VERSION" || { say "FAILED python-stdnum"; failed=1; }
fi
if [[ -x $PEERS/venv/bin/kingfisher ]]; then
  say "ok   kingfisher $($PEERS/venv/bin/kingfisher --version 2>/dev/null | head -1)"
else
  say "install kingfisher-bin $KINGFISHER_VERSION (PyPI)"
  "$PEERS/venv/bin/pip" install -q "kingfisher-bin${KINGFISHER_VERSION:+==$KINGFISHER_VERSION}" || { say "FAILED kingfisher-bin"; failed=1; }
fi

if [[ -x $PEERS/npm/node_modules/.bin/secretlint && -d $PEERS/npm/node_modules/@secretlint/secretlint-rule-preset-recommend ]]; then
  say "ok   secretlint $($PEERS/npm/node_modules/.bin/secretlint --version 2>/dev/null)"
else
  say "install secretlint $SECRETLINT_VERSION + @secretlint/secretlint-rule-preset-recommend (npm)"
  mkdir -p "$PEERS/npm"
  [[ -f $PEERS/npm/package.json ]] || echo '{"name":"bench-peers","private":true}' > "$PEERS/npm/package.json"
  npm install --prefix "$PEERS/npm" --no-audit --no-fund --silent \
    "secretlint@$SECRETLINT_VERSION" "@secretlint/secretlint-rule-preset-recommend@$SECRETLINT_VERSION" \
    || { say "FAILED secretlint"; failed=1; }
fi

if [[ -x $PEERS/cargo/bin/ripsecrets ]]; then
  say "ok   ripsecrets $($PEERS/cargo/bin/ripsecrets --version 2>/dev/null)"
else
  say "install ripsecrets $RIPSECRETS_VERSION (crates.io, about 2 minutes)"
  cargo install --quiet --root "$PEERS/cargo" ${RIPSECRETS_VERSION:+--version "$RIPSECRETS_VERSION"} --locked ripsecrets \
    || cargo install --quiet --root "$PEERS/cargo" ${RIPSECRETS_VERSION:+--version "$RIPSECRETS_VERSION"} ripsecrets \
    || { say "FAILED ripsecrets"; failed=1; }
fi
((failed)) && say "some peers are missing: bench/scan-peers.py skips them and says so"
exit 0
