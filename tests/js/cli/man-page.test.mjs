// The man page (docs/man/psirt-report.1) is the --help text as roff: the checked-in page must be
// what scripts/gen-man.mjs makes of the current help (so a changed help without `make man`
// fails here), the help must describe every command and option the parser accepts, and the page
// must render without a warning.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HELP } from '../../../pkg/cli/help.mjs';
import { COMMAND_OPTIONS, PARSE_OPTIONS } from '../../../pkg/cli/options.mjs';
import { MAN_PAGE, renderMan } from '../../../scripts/gen-man.mjs';
import { skipUnless } from '../lib/require.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const VERSION = JSON.parse(readFileSync(join(ROOT, 'pkg/package.json'), 'utf8')).version;
const section = (text, from, to) => text.slice(text.indexOf(from), to ? text.indexOf(to) : undefined);

test('the checked-in man page is the one generated from the --help text (else: make man)', () => {
  assert.equal(readFileSync(MAN_PAGE, 'utf8'), renderMan(HELP, VERSION));
});

test('a changed help text gives a changed page: the generator reads the help, not a copy', () => {
  const changed = HELP.replace('  schema    Print the report JSON Schema', '  schema    Print the JSON Schema of a report');
  assert.notEqual(changed, HELP);
  assert.notEqual(renderMan(changed, VERSION), renderMan(HELP, VERSION));
  assert.throws(() => renderMan(`${HELP}\nEnvironment:\n  X  y\n`, VERSION), /section the man page does not render/);
});

test('the help (so the page) names every command and every option the parser accepts', () => {
  const usage = section(HELP, '\nUsage:', '\nCommands:');
  const commands = section(HELP, '\nCommands:', '\nOptions:');
  const options = section(HELP, '\nOptions:', '\nJSON output');
  for (const command of Object.keys(COMMAND_OPTIONS)) {
    assert.match(usage, new RegExp(`psirt-report ${command}\\b`), `${command} in Usage`);
    assert.match(commands, new RegExp(`^  ${command}\\b`, 'm'), `${command} in Commands`);
  }
  for (const name of Object.keys(PARSE_OPTIONS)) assert.ok(options.includes(`--${name}`), `--${name} in Options`);
  const page = readFileSync(MAN_PAGE, 'utf8');
  assert.match(page, /^\\fBkey\\fR \\fBdiscover\\fR$/m);
  assert.match(page, /^\\fB\\-\\-pin\\fR \\fIFINGERPRINT\\fR$/m);
});

const hasMan = !spawnSync('man', ['--version']).error;
test('man renders the page without a warning', { skip: skipUnless(hasMan, 'man is not installed (apt-get install man-db): the page is not rendered') }, () => {
  const r = spawnSync('man', ['--warnings', '-l', '-P', 'cat', MAN_PAGE], { encoding: 'utf8', env: { ...process.env, MANWIDTH: '100', LANG: 'C.UTF-8' } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^NAME\n\s+psirt-report - validate a vulnerability report/m);
  assert.match(r.stdout, /^\s+key discover\n\s+Find +the +public key of the PSIRT at ADDRESS/m);
  assert.match(r.stdout, /^EXIT STATUS$/m);
});
