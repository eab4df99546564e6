#!/usr/bin/env bash
# The JavaScript tests moved from tests/js/*.test.mjs into folders by behaviour (tests/README.md).
# For the lead, after merging the branch that made the move; idempotent.
#
#   scripts/moves/tests-layout.sh --resolve   during that merge: each test file in conflict (the
#       other side changed it at its old path, this side moved it one folder deeper) is rebuilt
#       from the other side's version (HEAD:tests/js/OLD) with the move's edits applied again:
#       one more '../' on paths above tests/js, ./lib/ -> ../lib/, the interop helpers in
#       lib/interop/, references to moved test files, no issue numbers in comments.
#   scripts/moves/tests-layout.sh --new       test files still at tests/js/ (added by another
#       branch) are moved the same way, when the table below names them.
#   scripts/moves/tests-layout.sh --fix-depth   lines the other side added to a moved file that
#       merged cleanly still have the old depth ('./lib/…', '../../pkg/…'): given one more '../'.
#   [FILES="a b"] scripts/moves/tests-layout.sh --refs   references to the old names in the given
#       files ($FILES), or in every tracked file outside tests/corpus, CHANGELOG.md and docs/history/.
#   scripts/moves/tests-layout.sh --after-merge   all four, in that order (then git commit).
set -euo pipefail
cd "$(dirname "$0")/../.."

# old name under tests/js/ <TAB> new path under tests/js/
MAP=$(cat <<'EOF'
api.test.mjs	api/node-api.test.mjs
api-shared.mjs	api/shared-cases.mjs
api-node.test.mjs	api/shared-cases-node.test.mjs
api-browser.test.mjs	api/shared-cases.browser.test.mjs
web.test.mjs	api/web-entry-in-node.test.mjs
web-init.test.mjs	api/web-init.test.mjs
web-default.test.mjs	api/web-defaults.test.mjs
modules.test.mjs	api/wasm-modules.test.mjs
browser-entry.test.mjs	api/browser-entry.browser.test.mjs
first-validate.test.mjs	api/first-validate-loads.browser.test.mjs
stamp.test.mjs	api/stamp.test.mjs
webcrypto-seal.test.mjs	seal/webcrypto-aes.test.mjs
node-rsa.test.mjs	seal/node-rsa.test.mjs
reporter-copy.test.mjs	seal/reporter-copy.test.mjs
reporter-copy-web.test.mjs	seal/reporter-copy-web-entry.test.mjs
open.test.mjs	open/attachments-round-trip.test.mjs
open-forms.test.mjs	open/mail-forms.test.mjs
inspect.test.mjs	open/inspect-message.test.mjs
cve.test.mjs	open/cve-draft.test.mjs
gpg.test.mjs	interop/gnupg-decrypts-cli.test.mjs
interop.test.mjs	interop/peers-read-seal.test.mjs
brainpool.test.mjs	interop/brainpool.test.mjs
discover.test.mjs	keys/discovery.test.mjs
key-policy-interop.test.mjs	keys/policy-real-keys.test.mjs
cli.test.mjs	cli/commands.test.mjs
cli-key-discover.test.mjs	cli/key-discover.test.mjs
man-page.test.mjs	cli/man-page.test.mjs
bulk-input.test.mjs	bulk/inputs-outputs.test.mjs
bulk-resume.test.mjs	bulk/resume-exactly-once.test.mjs
bulk-smtp.test.mjs	bulk/smtp.test.mjs
intake.test.mjs	intake/accept-refuse.test.mjs
intake-armor.test.mjs	intake/armor.test.mjs
intake-crash.test.mjs	intake/crash-restart.test.mjs
scan.test.mjs	scan/scan-redact.test.mjs
form.test.mjs	form/reporter-flows.browser.test.mjs
form-discover.test.mjs	form/key-discovery.browser.test.mjs
form-drafts.test.mjs	form/drafts.browser.test.mjs
form-integrity.test.mjs	form/wasm-integrity.browser.test.mjs
form-isolated.test.mjs	form/isolation.browser.test.mjs
form-redraw.test.mjs	form/redraw-press.browser.test.mjs
form-reporter.test.mjs	form/reporter-copy.browser.test.mjs
form-send.test.mjs	form/send.browser.test.mjs
form-send-i18n.test.mjs	form/send-refusal-messages.test.mjs
form-stamp.test.mjs	form/stamp.browser.test.mjs
widget-cvss.test.mjs	form/cvss.test.mjs
widget-cwe.test.mjs	form/cwe.test.mjs
widget-model.test.mjs	form/fields-and-catalogue.test.mjs
attachment-allowlist.test.mjs	attachments/allowlist.test.mjs
attachment-metadata.test.mjs	attachments/metadata-formats.test.mjs
form-metadata.test.mjs	attachments/form-cleaning.browser.test.mjs
engines.test.mjs	engines/firefox-webkit.browser.test.mjs
engines-flows.test.mjs	engines/firefox-webkit-flows.browser.test.mjs
form-jscore.test.mjs	engines/wasm-off.browser.test.mjs
consumer.test.mjs	packaging/packed-tarball.browser.test.mjs
package-files.test.mjs	packaging/package-files.test.mjs
hosts.test.mjs	packaging/host-frameworks.browser.test.mjs
browser.test.mjs	demo/json-page.browser.test.mjs
serve.test.mjs	demo/server.test.mjs
hardening.test.mjs	hardening/review-defects.test.mjs
hostile.test.mjs	hardening/hostile-input.test.mjs
require-all.test.mjs	hardening/require-all.test.mjs
EOF
)
export MAP

# References to old names, anywhere: tests/js/OLD -> tests/js/NEW, a bare OLD -> NEW (relative to
# tests/js/), tests/interop -> tests/js/lib/interop.
refs() {
  perl -pi -e '
    BEGIN { @M = sort { length($b->[0]) <=> length($a->[0]) } map { [split /\t/] } split /\n/, $ENV{MAP}; }
    s{tests/interop(?=[/\s`\x27".,)]|$)}{tests/js/lib/interop}g;
    for my $p (@M) { my ($o, $n) = @$p; s{tests/js/\Q$o\E}{tests/js/$n}g; s{(?<![\w./-])\Q$o\E}{$n}g; }
  ' "$@"
}

# What moving a file one folder deeper changes in it (apply once, to a file at its old depth).
deeper() {
  perl -pi -e '
    s#(["\x27`])\./lib/#$1../lib/#g;
    s#(["\x27`])\.\./interop/#$1../lib/interop/#g;
    s#(["\x27`])\.\./\.\./#$1../../../#g;
    s#(["\x27`])\.\./\.\.(["\x27`])#$1../../..$2#g;
    s#(["\x27])\./api-shared\.mjs#$1./shared-cases.mjs#g;
  ' "$1"
  tidy "$1"
}

# References to moved files, and no issue numbers in comments (test names keep them).
tidy() {
  refs "$1"
  perl -pi -e '
    next unless /^\s*(\/\/|#|\*|\/\*\*)/;
    s/^(\s*(?:\/\/[\/!]?|#|\*)\s*)Issue \d+(?:,? (?:items?|step) \d+(?: and \d+)?)?(?: \([A-Z]\d+(?:, [A-Z]\d+)*\))?(?:,| in Node,| in Chromium:| through| the browser entry)?:?\s*/$1/ and s/^(\s*(?:\/\/[\/!]?|#|\*)\s*)([a-z])/$1\u$2/;
    s/ \((?:issue #?\d+(?:,? items? \d+)?|item \d+)\)//g;
    s/ of issue \d+//g;
    s#^// Pkg/#// pkg/#; s#^// CveDraft\(\)#// cveDraft()#;
    s#^// \.$#// What a security review of bulk asked: --post, attachment paths, the output folder, the recipients.#;
  ' "$1"
}

# Paths at the old depth in a file already one folder deeper; leaves correct ones alone.
fix_depth() {
  perl -pi -e '
    s#(["\x27`])\./lib/#$1../lib/#g;
    s#(["\x27`])\.\./interop/#$1../lib/interop/#g;
    s#(["\x27`])\.\./\.\./(?!\.\.)#$1../../../#g;
    s#(["\x27`])\.\./\.\.(["\x27`])#$1../../..$2#g;
  ' "$@"
}

mode=${1:-}
[[ $mode == --after-merge ]] && set -- --resolve --new --fix-depth --refs || set -- "$mode" "${@:2}"
for mode in "$@"; do
case "$mode" in
  --fix-depth)
    find tests/js -mindepth 2 -name '*.mjs' -not -path 'tests/js/lib/*' | while read -r f; do
      before=$(md5sum < "$f"); fix_depth "$f"
      [[ $(md5sum < "$f") == "$before" ]] || { git add "$f"; echo "tests-layout: $f: paths at the old depth fixed"; }
    done ;;
  --resolve)
    for new in $(git diff --name-only --diff-filter=U -- tests/js); do
      rel=${new#tests/js/}
      old=$(printf '%s\n' "$MAP" | awk -F'\t' -v n="$rel" '$2 == n { print $1 }')
      if [[ -z $old ]]; then
        # A file that did not move (tests/js/lib/…): the other side's version, references updated.
        git show "HEAD:$new" > "$new"
        tidy "$new"
        git add "$new"
        echo "tests-layout: $new taken from HEAD, references to moved tests updated"
        continue
      fi
      git show "HEAD:tests/js/$old" > "$new"
      deeper "$new"
      git add "$new"
      echo "tests-layout: $new rebuilt from HEAD:tests/js/$old"
    done ;;
  --new)
    while IFS=$'\t' read -r old new; do
      [[ -f tests/js/$old && ! -e tests/js/$new ]] || continue
      mkdir -p "tests/js/$(dirname "$new")"
      git mv "tests/js/$old" "tests/js/$new"
      deeper "tests/js/$new"
      echo "tests-layout: tests/js/$old -> tests/js/$new"
    done <<< "$MAP" ;;
  --refs)
    if [[ ${FILES:-} ]]; then refs $FILES; else
      git grep -lE 'tests/interop|\.test\.mjs|api-shared\.mjs' -- . ':!tests/corpus' ':!CHANGELOG.md' ':!docs/history' ':!scripts/moves' \
        | while read -r f; do refs "$f"; done
    fi ;;
  *) sed -n 2,20p "$0" >&2; exit 2 ;;
esac
done
