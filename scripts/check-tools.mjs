#!/usr/bin/env node
// Each peer tool the tests lean on does one small real thing here, or setup fails naming the
// Debian package that brings it. A tool can be on the PATH and still not do what a test asks:
// ExifTool reads Office files only with Archive::Zip (`libarchive-zip-perl`, a Recommends that
// `--no-install-recommends` skips), and a test that found the command would then fail on CI with
// an `undefined` far from the cause. Run by scripts/setup.sh after its installs; alone:
//   node scripts/check-tools.mjs          every tool; exit 1 and one line per fault
//   node scripts/check-tools.mjs --list   the Debian packages the checks need, one a line
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOC, infoPdf, PDF_INFO, propsDocx } from '../tests/js/lib/metadata-fixtures.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PUB = join(ROOT, 'keys/demo-psirt.pub.asc');
const SEC = join(ROOT, 'keys/demo-psirt.sec.asc');
const SECRET_TEXT = 'psirt-report tool check 42';

const work = mkdtempSync(join(tmpdir(), 'psirt-tools-'));
const file = (name, bytes) => {
  const path = join(work, name);
  writeFileSync(path, bytes);
  return path;
};
/** Runs a command; returns stdout as text, or throws with what it said. */
function run(cmd, args, { input, env } = {}) {
  const r = spawnSync(cmd, args, { input, env: { ...process.env, ...env }, maxBuffer: 16 << 20, timeout: 60_000 });
  if (r.error) throw new Error(r.error.code === 'ENOENT' ? `${cmd} not found` : r.error.message);
  if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}: ${String(r.stderr).trim().split('\n').slice(-2).join(' / ')}`);
  return String(r.stdout);
}
const expect = (out, wanted, what) => {
  if (!out.includes(wanted)) throw new Error(`${what}: expected ${JSON.stringify(wanted)}, got ${JSON.stringify(out.slice(0, 200))}`);
};

let gpgMessage = null;
// [what the tests ask of it, Debian package, check]
const CHECKS = [
  ['gpg encrypts to the demo key and decrypts with its secret key', 'gnupg', () => {
    const home = join(work, 'gnupg');
    run('mkdir', ['-m', '700', home]);
    const gpg = (args, input) => run('gpg', ['--homedir', home, '--batch', '--quiet', '--no-tty', ...args], { input });
    gpg(['--import', PUB]);
    gpgMessage = gpg(['--armor', '--trust-model', 'always', '--encrypt', '-r', 'demo', '--output', '-'], SECRET_TEXT);
    gpg(['--import', SEC]);
    expect(gpg(['--decrypt'], gpgMessage), SECRET_TEXT, 'gpg --decrypt');
  }],
  ['rnp decrypts a message from gpg with the demo secret key', 'rnp', () => {
    if (!gpgMessage) throw new Error('no message to decrypt (the gpg check failed)');
    const home = join(work, 'rnp');
    run('mkdir', ['-m', '700', home]);
    run('rnpkeys', ['--homedir', home, '--import', SEC]);
    const msg = file('gpg.asc', gpgMessage);
    expect(run('rnp', ['--homedir', home, '--decrypt', msg, '--output', '-']), SECRET_TEXT, 'rnp --decrypt');
  }],
  ['sqop encrypts to the demo key and decrypts with its secret key', 'sqop', () => {
    const sealed = run('sqop', ['encrypt', PUB], { input: SECRET_TEXT });
    expect(run('sqop', ['decrypt', SEC], { input: sealed }), SECRET_TEXT, 'sqop decrypt');
  }],
  ['sq reads the demo certificate', 'sq', () => {
    expect(run('sq', ['inspect', PUB]).toUpperCase(), 'DEMO', 'sq inspect');
  }],
  ['ExifTool reads the author of a docx (needs Archive::Zip)', 'libimage-exiftool-perl libarchive-zip-perl', () => {
    const out = run('exiftool', ['-j', '-a', '-G1', file('props.docx', propsDocx())]);
    expect(out, DOC.creator, 'exiftool on a docx (XMP-dc:Creator)');
  }],
  ['pdfinfo reads the author of a PDF', 'poppler-utils', () => {
    expect(run('pdfinfo', [file('info.pdf', infoPdf())]), PDF_INFO.author, 'pdfinfo Author');
  }],
  ['man renders a man page (tests/js/cli/man-page.test.mjs)', 'man-db', () => {
    const page = file('t.1', '.TH T 1\n.SH NAME\nt \\- tool check\n');
    expect(run('man', ['--warnings', '-l', '-P', 'cat', page], { env: { MANWIDTH: '80' } }), 'tool check', 'man -l');
  }],
  ['Chromium runs a script in a headless page', 'chromium', () => {
    const page = file('page.html', '<!doctype html><p id=o></p><script>document.getElementById("o").textContent = "ran-" + 6 * 7</script>');
    const out = run('/usr/bin/chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${join(work, 'chromium')}`, '--dump-dom', `file://${page}`]);
    expect(out, 'ran-42', 'chromium --dump-dom');
  }],
  // The other engines are checked through the drivers the tests use (tests/js/lib/engines.mjs):
  // the browser starts, loads a page and runs its script, and the driver reads the result back.
  ['Firefox ESR runs a script in a headless page (puppeteer-core over WebDriver BiDi)', 'firefox-esr', () => engineRuns('firefox')],
  ['WebKitGTK runs a script in a page (WebKitWebDriver session under Xvfb)', 'webkit2gtk-driver xvfb', () => engineRuns('webkit')],
];

/** Launches an engine as the tests do, loads a file page whose script writes 6 × 7, reads it back. */
async function engineRuns(name) {
  const { engineAvailable, launchEngine } = await import('../tests/js/lib/engines.mjs');
  if (!engineAvailable(name)) throw new Error(`${name} is not installed`);
  const page = file(`${name}.html`, '<!doctype html><p id=o></p><script>document.getElementById("o").textContent = "ran-" + 6 * 7</script>');
  let browser;
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`${name}: no answer within 90 s`)), 90_000).unref());
  try {
    const out = await Promise.race([
      (async () => {
        browser = await launchEngine(name);
        const tab = await browser.newPage({ width: 800, height: 600 });
        await tab.goto(`file://${page}`);
        return tab.waitFor(() => document.getElementById('o')?.textContent, [], { timeout: 20_000, what: 'the page script' });
      })(),
      timeout,
    ]);
    expect(String(out), 'ran-42', `${name}: the page's script`);
  } finally {
    await browser?.close();
  }
}

if (process.argv.includes('--list')) {
  console.log([...new Set(CHECKS.flatMap(([, pkg]) => pkg.split(' ')))].join('\n'));
  process.exit(0);
}

const faults = [];
for (const [what, pkg, check] of CHECKS) {
  try {
    await check();
    console.log(`setup: ok   ${what}`);
  } catch (e) {
    faults.push(`setup: FAIL ${what} — ${e.message} (Debian package: ${pkg})`);
  }
}
rmSync(work, { recursive: true, force: true });
if (faults.length) {
  console.error(faults.join('\n'));
  process.exit(1);
}
