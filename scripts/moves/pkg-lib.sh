#!/bin/sh
# After merging: point every import of pkg/{internal,own,discover,stamp,cve,errors,webcrypto-seal,
# node-cipher}.js at pkg/lib/ (internal.js is now lib/registry.js). Idempotent; see pkg-lib.mjs.
# With --docs, also the pkg/NAME.js mentions in *.md and src/**/*.rs.
set -eu
cd "$(dirname "$0")/../.."
exec node scripts/moves/pkg-lib.mjs "$@" .
