// Host integrations: the three example hosts in examples/hosts/ (a plain HTML
// page, a React 19 page, a Vue 3 page), each as a host builds it. For each: copy the example into
// a temporary project, install the `npm pack`ed package into it (offline first, as
// packaging/packed-tarball.browser.test.mjs does), provide the example's other dependencies (Vite, React, Vue and their
// plugins) from this workspace's node_modules (root devDependencies, `npm ci`) at the versions
// the example pins, `vite build`, serve dist/ with the Content-Security-Policy the example (and
// the README) gives as a response header on every file, and a POST /intake endpoint. In
// Chromium: fill the form by clicks and typing, seal; the host's own handler must have received
// `psirt-sealed`, POSTed the ciphertext and shown "sent" with the fingerprint; gpg and the demo
// secret key open what the intake received. No CSP violation, no page or console error, and the
// marker typed into the report is in no request, log or storage. The Vue build is also served
// without `vue` in `trusted-types`: the violation Vue's policy then causes is seen (the CSP line
// is needed, and the check can fail).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '../lib/static-server.mjs';
import {
  ROOT,
  DEMO_FPR,
  DEMO_FPR_GROUPED,
  skipUnless,
  launchChromium,
  openForm,
  findLeaks,
  problems,
  sel,
  byName,
  waitStep,
  typeInto,
  clickAction,
  formEvents,
  demoGpg,
  reportFromPlaintext,
} from '../lib/form-harness.mjs';

const skip = skipUnless({ chromium: true, gpg: true });
if (!existsSync(join(ROOT, 'pkg/wasm/psirt_report_bg.wasm'))) throw new Error('pkg/wasm/ is missing: run `make wasm` first');

/** The CSP of the README's "Host integrations", line by line; Vue adds its policy name. */
const CSP_LINES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types psirt-report',
];
const CSP = CSP_LINES.join('; ');
const CSP_VUE = `${CSP} vue`;

const HOSTS = [
  { name: 'plain', lang: 'en', csp: CSP },
  { name: 'react', lang: 'fr', csp: CSP },
  { name: 'vue', lang: 'fr', csp: CSP_VUE },
];

const SENT = { en: /^Sent: report (R-\d+), encrypted to ([0-9A-F ]+)\.$/, fr: /^Envoyé\u00a0: rapport (R-\d+), chiffré pour ([0-9A-F ]+)\.$/ };
const ROUTE_HEADING = { en: 'What are you reporting?', fr: 'Que signalez-vous ?' };

let dir;
let tarball;
let chromium;
let gpg;

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'psirt-hosts-'));
  tarball = join(dir, JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir, join(ROOT, 'pkg')], ROOT))[0].filename);
  // The package and its own dependencies, installed once (offline first, as packaging/packed-tarball.browser.test.mjs),
  // then copied into each host's project.
  const base = join(dir, 'base');
  mkdirSync(base);
  writeFileSync(join(base, 'package.json'), JSON.stringify({ name: 'base', private: true, type: 'module', dependencies: { 'psirt-report': `file:${tarball}` } }));
  const install = ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];
  const offline = spawnSync('npm', [...install, '--offline'], { cwd: base, encoding: 'utf8' });
  if (offline.status !== 0) run('npm', install, base);
  chromium = await launchChromium();
  gpg = demoGpg();
});

after(async () => {
  await chromium?.close();
  gpg?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * The example as a host's project: its files (the key's symlink followed), psirt-report from the
 * tarball, its other dependencies linked from the workspace at the versions it pins; built.
 */
function build(name) {
  const app = join(dir, name);
  const example = join(ROOT, 'examples/hosts', name);
  cpSync(example, app, { recursive: true, dereference: true, filter: (src) => !/[/\\](node_modules|dist)$/.test(src) });
  const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  assert.equal(pkg.dependencies['psirt-report'], 'file:../../../pkg', 'the example depends on the package');
  pkg.dependencies['psirt-report'] = `file:${tarball}`;
  writeFileSync(join(app, 'package.json'), JSON.stringify(pkg, null, 2));
  cpSync(join(dir, 'base/node_modules'), join(app, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  const workspace = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies;
  for (const [dep, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
    if (dep === 'psirt-report') continue;
    assert.equal(workspace[dep], version, `${name}: ${dep} ${version} is the workspace's devDependency (package.json)`);
    const installed = JSON.parse(readFileSync(join(ROOT, 'node_modules', dep, 'package.json'), 'utf8')).version;
    assert.equal(installed, version, `${name}: ${dep} installed at ${installed}, the example pins ${version} (npm ci)`);
    mkdirSync(dirname(join(app, 'node_modules', dep)), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dep), join(app, 'node_modules', dep));
  }
  const started = Date.now();
  run(process.execPath, [join(app, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], app);
  const ms = Date.now() - started;
  const assets = readdirSync(join(app, 'dist/assets'));
  assert.ok(assets.some((f) => /^worker-.*\.js$/.test(f)), `the worker is bundled: ${assets.join(' ')}`);
  for (const wasm of ['psirt_report_bg', 'psirt_report_seal_bg']) assert.ok(assets.some((f) => f.startsWith(`${wasm}-`) && f.endsWith('.wasm')), `${wasm}.wasm is emitted: ${assets.join(' ')}`);
  assert.ok(assets.some((f) => /^demo-.*\.json$/.test(f)), `the demo profile is emitted as a file (the manual route fetches it): ${assets.join(' ')}`);
  const js = assets.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(app, 'dist/assets', f), 'utf8')).join('\n');
  assert.ok(!js.includes('data:text/javascript'), 'no script inlined as a data: URL (a worker so inlined is the unbundled file, and worker-src refuses it)');
  return { app, ms };
}

/** Serves dist/ with the CSP on every response, and a POST /intake that keeps what it gets. */
async function serveBuild(app, csp) {
  const received = [];
  const server = await serve(
    { '/': join(app, 'dist') },
    {
      headers: { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' },
      handle: async (req, res) => {
        if (new URL(req.url, 'http://x').pathname !== '/intake') return false;
        if (req.method !== 'POST') {
          res.writeHead(405, { Allow: 'POST' }).end();
          return true;
        }
        const chunks = [];
        for await (const c of req) chunks.push(c);
        received.push({ type: req.headers['content-type'], stamp: req.headers['psirt-stamp'], body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: `R-${String(received.length).padStart(4, '0')}` }));
        return true;
      },
    },
  );
  return { server, received };
}

/** A vulnerability report by clicks and typing: route, fields, review, seal. */
async function fillAndSeal(page, mark) {
  await page.locator(sel('input[name="route"][value="vulnerability"]')).check();
  await clickAction(page, 'next');
  await waitStep(page, 'details');
  const text = {
    'reporter.name': 'Alex Martin',
    'reporter.email': 'alex.martin@researcher.example',
    title: `Stored XSS in the device console ${mark}`,
    summary: 'The device name is rendered without encoding.',
    description: `Renaming a device to a script tag runs it in every operator's console ${mark}.`,
    steps_to_reproduce: '1. Log in as an operator.\n2. Rename a device to <script>alert(1)</script>.\n3. Open the inventory page.',
    'affected.0.vendor': 'Thales',
    'affected.0.product': 'Example Device Manager',
    'affected.0.versions.0': '4.2.1',
  };
  for (const [name, value] of Object.entries(text)) await typeInto(page, name, value);
  for (const name of ['commitments.no_exploitation', 'commitments.no_disclosure_without_consent', 'commitments.no_prohibited_attacks']) await page.locator(byName(name)).check();
  await page.locator(`${byName('exploited')}[value="no"]`).check();
  await clickAction(page, 'review');
  try {
    await waitStep(page, 'review', 15_000);
  } catch (e) {
    const summary = await page.locator(sel('.error-summary')).textContent().catch(() => '(no summary)');
    throw new Error(`review step not reached: ${summary}`, { cause: e });
  }
  assert.equal((await page.locator(sel('[part~="fingerprint"]')).first().textContent()).trim(), DEMO_FPR_GROUPED);
  // The seal button by keyboard: focus it, Enter.
  await page.locator(sel('[data-action="seal"]')).focus();
  await page.keyboard.press('Enter');
  await waitStep(page, 'sealed', 30_000);
  return text;
}

for (const host of HOSTS) {
  test(`${host.name} host (${host.lang}): Vite build, served under the host CSP, sealed, the host's handler POSTs it, gpg opens it`, { skip, timeout: 120_000 }, async (t) => {
    const started = Date.now();
    const { app, ms } = build(host.name);
    const config = await import(pathToFileURL(join(app, 'vite.config.js')).href);
    assert.equal(config.CSP, host.csp, 'the example\'s CSP (vite preview) is the one the README gives');

    const { server, received } = await serveBuild(app, host.csp);
    const mark = `PSIRT-LEAK-MARKER-HOST-${host.name.toUpperCase()}-${Date.now().toString(36).toUpperCase()}`;
    let s;
    let ok = false;
    try {
      s = await openForm(chromium.browser, server.origin, { lang: host.lang, path: `/index.html?lang=${host.lang}`, waitReady: false });
      const { page } = s;
      await waitStep(page, 'route').catch((e) => {
        throw new Error(`the form did not start: ${JSON.stringify(problems(s).map((r) => `${r.kind}: ${r.text.slice(0, 300)}`))}`, { cause: e });
      });
      assert.equal((await page.locator(sel('[data-step="route"] h2')).textContent()).trim(), ROUTE_HEADING[host.lang], 'the form speaks the page\'s language');
      // The host's binding reached the element (React 19 and Vue set `lang` as a property).
      assert.equal(await page.getAttribute('psirt-report-form', 'lang'), host.lang, 'the host set the form\'s lang');
      await s.ready();
      const text = await fillAndSeal(page, mark);

      // The host's handler: it got psirt-sealed, POSTed the ciphertext, and says so.
      const status = page.locator('#intake-status[data-state="sent"]');
      await status.waitFor({ timeout: 10_000 });
      const shown = (await status.textContent()).trim();
      const m = SENT[host.lang].exec(shown);
      assert.ok(m, `the host's "sent" message, in ${host.lang}: ${shown}`);
      assert.equal(m[1], 'R-0001');
      assert.equal(m[2].replace(/\s/g, ''), DEMO_FPR, 'the host shows the fingerprint the report is encrypted to');
      const sealed = (await formEvents(page)).filter((e) => e.type === 'psirt-sealed');
      assert.equal(sealed.length, 1, 'one psirt-sealed event');
      assert.equal(received.length, 1, 'one POST to /intake');
      // The intake contract (docs/receiving/intake.md): the armored message and the stamp, forwarded.
      assert.equal(received[0].type, 'application/pgp-encrypted');
      const posted = { armored: received[0].body };
      assert.equal(posted.armored, sealed[0].detail.armored, 'the intake received the event\'s ciphertext');
      assert.ok(sealed[0].detail.stamp, 'the demo profile asks for a stamp');
      assert.equal(received[0].stamp, sealed[0].detail.stamp, 'the host forwarded the stamp');
      assert.ok(!received[0].body.includes(mark), 'the POST carries no report text');

      const { report } = reportFromPlaintext(gpg.decrypt(posted.armored).plaintext);
      assert.equal(report.channel, 'vulnerability');
      assert.equal(report.title, text.title);
      assert.equal(report.description, text.description);
      assert.deepEqual(report.reporter, { name: text['reporter.name'], email: text['reporter.email'] });
      assert.deepEqual(report.affected, [{ vendor: 'Thales', product: 'Example Device Manager', versions: ['4.2.1'] }]);
      ok = true;
    } finally {
      if (!ok) await s?.page.screenshot({ path: `/tmp/hosts-fail-${host.name}.png`, fullPage: true }).catch(() => {});
      await s?.finish();
      await s?.close();
      await server.close();
    }
    const leaks = findLeaks(s, mark);
    assert.deepEqual(leaks.map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), [], 'the marker typed into the report left the form');
    assert.deepEqual(problems(s).map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), [], 'CSP violations, page errors or console errors');
    assert.ok(s.records.some((r) => r.kind === 'request' && /\/assets\/worker-[^ ]*\.js /.test(r.text)), 'the bundled worker was loaded');
    assert.ok(s.records.some((r) => r.kind === 'request' && /\/assets\/psirt_report_seal_bg-[^ ]*\.wasm /.test(r.text)), 'the seal wasm was loaded from the build');

    if (host.name === 'plain') {
      await t.test('without WebAssembly (V8 --jitless), the built page runs the JavaScript core the build emitted', async () => {
        const { server: plain } = await serveBuild(app, host.csp);
        const noWasm = await launchChromium(['--js-flags=--jitless']);
        let m;
        try {
          m = await openForm(noWasm.browser, plain.origin, { path: '/index.html' });
          assert.equal(await m.page.evaluate(() => typeof WebAssembly), 'undefined');
          // The bundler emitted pkg/jscore/ as assets (web.js names them with literal
          // `new URL('…', import.meta.url)`), and the form gets ready through them.
          await m.page.waitForSelector('psirt-report-form[data-ready]', { timeout: 120_000 });
          assert.ok(m.records.some((r) => r.kind === 'request' && /\/assets\/psirt_report_js_core-[^ ]*\.js /.test(r.text)), 'the JavaScript core was loaded from the build');
          assert.ok(!m.records.some((r) => r.kind === 'request' && /\.wasm /.test(r.text)), 'no wasm fetched');
        } finally {
          await m?.finish();
          await m?.close();
          await noWasm.close();
          await plain.close();
        }
        assert.deepEqual(problems(m).map((r) => `${r.kind}: ${r.text.slice(0, 300)}`), [], 'CSP violations, page errors or console errors');
      });
    }
    if (host.name === 'vue') {
      await t.test('without `vue` in trusted-types, Vue\'s policy is a CSP violation', async () => {
        const { server: strict } = await serveBuild(app, CSP);
        const v = await openForm(chromium.browser, strict.origin, { path: '/index.html' });
        try {
          await v.ready();
        } finally {
          await v.finish();
          await v.close();
          await strict.close();
        }
        const csp = v.records.filter((r) => r.kind === 'csp');
        assert.ok(csp.some((r) => /^trusted-types\b/.test(r.text) && /vue/.test(r.text)), `a trusted-types violation for the policy "vue": ${JSON.stringify(csp)}`);
      });
    }
    t.diagnostic(`${host.name}: vite build ${ms} ms, whole test ${Date.now() - started} ms`);
  });
}
