// The same API cases, run in Node (api/shared-cases-node.test.mjs, node:test) and in headless Chromium
// (api/shared-cases.browser.test.mjs, Playwright): the package must behave the same in both.
// Browser-safe: no Node imports; fixtures (examples, keys) are passed in.
//
// cases({api, fixtures}) returns [{name, run, skip?}]; `run` throws on failure.
// Every function of the contract ships: a case never skips because a function is absent
// (calling an absent one fails the case).

const DEMO_FPR = '396FA1D1E0E2C121462B0DF79B5573C2D06F7269';
const MiB = 1024 * 1024;

class Failure extends Error {}

function ok(value, message = 'expected a truthy value') {
  if (!value) throw new Failure(message);
}
function eq(actual, expected, message = '') {
  if (actual !== expected) {
    throw new Failure(`${message} expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`.trim());
  }
}
function match(text, re, message = '') {
  if (typeof text !== 'string' || !re.test(text)) throw new Failure(`${message} ${JSON.stringify(text)} !~ ${re}`.trim());
}

/** `fn` throws an instance of `cls` (a PsirtError) with this code; returns the error. */
function throwsCode(api, fn, cls, code) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  ok(caught !== undefined, `expected ${cls.name} ${code}, nothing thrown`);
  ok(caught instanceof cls, `expected ${cls.name}, got ${caught?.name}: ${caught?.message}`);
  ok(caught instanceof api.PsirtError, 'a PsirtError');
  ok(caught instanceof Error, 'an Error');
  if (code instanceof RegExp) match(caught.code, code, 'code');
  else eq(caught.code, code, 'code');
  return caught;
}

/**
 * `fn` throws, or returns a promise that rejects with, an instance of `cls` with this code:
 * for `seal()`, synchronous in Node and asynchronous in browsers. Returns the error.
 */
async function rejectsCode(api, fn, cls, code) {
  let caught;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  return throwsCode(api, () => {
    if (caught !== undefined) throw caught;
  }, cls, code);
}

/** The API still answers normally (after an error). */
function stillWorks(api, fixtures) {
  eq(api.validate(fixtures.valid).valid, true, 'a later validate');
  eq(api.profile('demo').demo, true, 'a later profile');
}

export function cases({ api, fixtures }) {
  const valid = () => JSON.parse(fixtures.valid);
  const list = [];
  const test = (name, run, skip = false) => list.push({ name, run, skip });

  test('validate: a valid report, as an object, as text and as bytes', () => {
    eq(api.validate(valid()).valid, true, 'object');
    eq(api.validate(fixtures.valid).valid, true, 'text');
    eq(api.validate(new TextEncoder().encode(fixtures.valid)).valid, true, 'bytes');
    const d = api.validate(valid());
    ok(Array.isArray(d.errors) && Array.isArray(d.warnings), 'errors and warnings are arrays');
  });

  test('validate: missing required fields are reported at their own path', () => {
    const d = api.validate(fixtures.missingFields);
    eq(d.valid, false);
    const got = d.errors.map((e) => `${e.path} ${e.code}`);
    for (const want of fixtures.missingFieldsExpected) {
      ok(got.includes(`${want.path} ${want.code}`), `${want.path} ${want.code} in ${got.join(', ')}`);
    }
    for (const e of d.errors) ok(typeof e.message === 'string' && e.message.length > 0, 'each error has a message');
  });

  test('validate: messages in the report language (fr)', () => {
    const r = valid();
    r.language = 'fr';
    delete r.title;
    const d = api.validate(r);
    const title = d.errors.find((e) => e.path === '/title');
    ok(title, '/title error');
    match(title.message, /obligatoire|champ/i, 'French message');
  });

  test('validate: CVSS scores are computed', () => {
    const r = valid();
    r.severity = { cvss_v3: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' };
    const d = api.validate(r);
    eq(d.cvss?.v3?.score, 9.8, 'v3 base score');
    eq(d.cvss?.v3?.severity, 'critical');
  });

  test('bad input: text that is not JSON, or not an object, gives valid:false with a code', () => {
    for (const [text, code] of [
      ['{ not json', 'json-syntax'],
      ['[1, 2]', 'not-an-object'],
      ['"a string"', 'not-an-object'],
      ['['.repeat(100_000), 'json-too-deep'],
    ]) {
      const d = api.validate(text);
      eq(d.valid, false, text.slice(0, 10));
      eq(d.errors[0]?.path, '', 'path');
      eq(d.errors[0]?.code, code, text.slice(0, 10));
    }
    stillWorks(api, fixtures);
  });

  test('bad input: undefined, null, numbers, functions → InputError input-type', async () => {
    for (const bad of [undefined, null, 42, true, () => 1, Symbol('s')]) {
      throwsCode(api, () => api.validate(bad), api.InputError, 'input-type');
      await rejectsCode(api, () => api.seal(bad, { key: fixtures.demoKey }), api.InputError, 'input-type');
    }
    throwsCode(api, () => api.profile(undefined), api.InputError, 'input-type');
    throwsCode(api, () => api.triage(undefined), api.InputError, 'input-type');
    stillWorks(api, fixtures);
  });

  test('bad input: a string where an object is expected → InputError input-type', async () => {
    throwsCode(api, () => api.validate(valid(), 'thales'), api.InputError, 'input-type');
    await rejectsCode(api, () => api.seal(valid(), fixtures.demoKey), api.InputError, 'input-type');
    await rejectsCode(api, () => api.seal(valid(), { key: 42 }), api.InputError, 'input-type');
    throwsCode(api, () => api.validate(valid(), { profile: 7 }), api.InputError, 'input-type');
    throwsCode(api, () => api.triage('sales', { today: 20260101 }), api.InputError, 'input-type');
    throwsCode(api, () => api.profile('no-such-profile'), api.ProfileError, /.+/);
    stillWorks(api, fixtures);
  });

  test('bad input: a huge array is a typed answer, never a trap', async () => {
    const huge = Array.from({ length: 1_000_000 }, (_, i) => i);
    const d = api.validate(huge);
    eq(d.valid, false);
    eq(d.errors[0].code, 'not-an-object');
    const e = await rejectsCode(api, () => api.seal(huge, { key: fixtures.demoKey, profile: 'demo' }), api.ReportInvalidError, 'report-invalid');
    eq(e.diagnostics?.errors?.[0]?.code, 'not-an-object', 'diagnostics travel with the error');
    const big = new Uint8Array(40 * MiB + 1).fill(0x20);
    eq(api.validate(big).errors[0].code, 'input-too-large', '> 40 MiB');
    stillWorks(api, fixtures);
  });

  test('bad input: cycles and invalid UTF-8 → InputError', () => {
    const cyclic = valid();
    cyclic.self = cyclic;
    throwsCode(api, () => api.validate(cyclic), api.InputError, 'input-unserializable');
    throwsCode(api, () => api.validate(new Uint8Array([0x7b, 0xff, 0x7d])), api.InputError, 'invalid-utf8');
    stillWorks(api, fixtures);
  });

  test('a trap inside the module is an internal error, and the next calls work', async () => {
    ok(typeof api.__trapForTests === 'function', 'the test hook is exported');
    for (let i = 0; i < 3; i++) {
      const e = throwsCode(api, () => api.__trapForTests(), api.PsirtError, 'internal');
      match(e.message, /trapped/);
      stillWorks(api, fixtures);
      const sealed = await api.seal(valid(), { key: fixtures.demoKey, profile: 'demo' });
      match(sealed.armored, /^-----BEGIN PGP MESSAGE-----/);
    }
  });

  test('seal: to the demo key under the demo profile', async () => {
    const sealed = await api.seal(valid(), { key: fixtures.demoKey, profile: 'demo' });
    match(sealed.armored, /^-----BEGIN PGP MESSAGE-----\r?\n/);
    eq(sealed.fingerprint, DEMO_FPR);
    ok(!sealed.armored.includes(valid().title), 'no plaintext title in the message');
    ok(!sealed.subject.includes(valid().title), 'neutral subject');
    eq(typeof sealed.to, 'string');
    const bytesKey = new TextEncoder().encode(fixtures.demoKey);
    eq((await api.seal(fixtures.valid, { key: bytesKey, profile: 'demo' })).fingerprint, DEMO_FPR, 'key as bytes');
  });

  test('seal: refusals are typed (KeyError, ReportInvalidError) and leave the module working', async () => {
    await rejectsCode(api, () => api.seal(valid(), { key: fixtures.impostorKey, profile: 'demo' }), api.KeyError, 'key-fingerprint-mismatch');
    await rejectsCode(api, () => api.seal(valid(), { key: fixtures.demoKey }), api.KeyError, 'key-fingerprint-mismatch');
    await rejectsCode(api, () => api.seal(valid(), { key: 'garbage', profile: 'demo' }), api.KeyError, /^key-/);
    const r = valid();
    delete r.reporter.email;
    const e = await rejectsCode(api, () => api.seal(r, { key: fixtures.demoKey, profile: 'demo' }), api.ReportInvalidError, 'report-invalid');
    eq(e.diagnostics.valid, false);
    ok(e.diagnostics.errors.some((d) => d.path === '/reporter/email'), '/reporter/email');
    stillWorks(api, fixtures);
  });

  test('schema, profile, triage', () => {
    const s = api.schema();
    match(s.$schema, /2020-12/);
    ok(s.properties.reporter, 'reporter property');
    eq(api.profile('thales').psirt_email, 'psirt@thalesgroup.com');
    eq(api.profile('demo').demo, true);
    eq(api.triage('sales').decision, 'refuse');
    eq(api.triage('vulnerability').decision, 'accept');
    const appeal = api.triage('cna_appeal', { today: '2026-01-05' });
    match(appeal.acknowledgement_due, /^\d{4}-\d{2}-\d{2}$/);
  });

  // --- the contract's functions from the scanner and sealing branches ---

  test(
    'scanText: a GitHub token is found, sliced by UTF-16 offsets, never echoed',
    () => {
      const token = `ghp_${'a1B2c3D4e5'.repeat(3)}abcDEF1234`;
      const text = `é 😀 token ${token} end`;
      const findings = api.scanText(text);
      const f = findings.find((x) => x.category === 'github_token');
      ok(f, `github_token in ${JSON.stringify(findings.map((x) => x.category))}`);
      eq(f.path, '');
      eq(text.slice(f.start, f.end), token, 'slice');
      eq(f.severity, 'critical');
      ok(!JSON.stringify(findings).includes(token), 'never echoed');
    }
  );

  test(
    'scan + redact: nothing at or above medium is left',
    () => {
      const r = valid();
      r.description = `key AKIA${'ABCDEFGHIJKLMNOP'} in the config`;
      const findings = api.scan(r);
      ok(findings.length > 0, 'findings');
      ok(findings.every((f) => f.path.startsWith('/')), 'paths are pointers');
      const redacted = api.redact(r);
      ok(redacted !== r, 'a new object');
      const left = api.scan(redacted).filter((f) => f.severity !== 'info');
      eq(left.length, 0, 'left after redact');
    }
  );

  test(
    'loadRecipient: the demo key under the demo profile; the impostor refused',
    () => {
      const info = api.loadRecipient(fixtures.demoKey, { profile: 'demo' });
      eq(info.fingerprint, DEMO_FPR);
      ok(Array.isArray(info.userIds), 'userIds');
      throwsCode(api, () => api.loadRecipient(fixtures.impostorKey, { profile: 'demo' }), api.KeyError, 'key-fingerprint-mismatch');
    }
  );

  test(
    'seal + open: the report and attachment bytes come back exactly',
    async () => {
      const data = new Uint8Array([0, 1, 2, 250, 255]);
      const sealed = await api.seal(valid(), {
        key: fixtures.demoKey,
        profile: 'demo',
        attachments: [{ name: 'poc.bin', mediaType: 'application/octet-stream', data }],
      });
      match(sealed.eml, /multipart\/encrypted/);
      const opened = api.open(sealed.armored, { secretKey: fixtures.demoSecretKey, profile: 'demo' });
      eq(opened.report.title, valid().title);
      eq(opened.diagnostics.valid, true);
      const back = opened.attachments.find((a) => a.name === 'poc.bin');
      ok(back && back.data instanceof Uint8Array, 'attachment bytes');
      eq(Array.from(back.data).join(','), Array.from(data).join(','));
    }
  );

  // --- what the reporter form needs: renderText, cvss, the policy version ---

  test('renderText: exactly the text/plain part seal() writes (open() reads it back), with the same options', async () => {
    const r = valid();
    r.language = 'fr';
    r.commitments.policy_version = api.profile('demo').policy_version;
    const options = {
      key: fixtures.demoKey,
      profile: 'demo',
      language: 'en',
      attachments: [{ name: 'poc.bin', mediaType: 'application/octet-stream', data: new Uint8Array([1, 2, 3]) }],
    };
    const text = api.renderText(r, options);
    eq(typeof text, 'string');
    ok(text.includes(r.title), 'the title');
    ok(text.includes('Engagements :'), 'in the report language (fr), not the option (en: error messages)');
    ok(text.includes(`Version de la politique : ${r.commitments.policy_version}`), "the policy version");
    ok(text.includes('poc.bin (3 octets)'), 'the attachments passed as bytes');
    const opened = api.open((await api.seal(r, options)).armored, { secretKey: fixtures.demoSecretKey, profile: 'demo' });
    eq(opened.text, text, 'the sealed text');
    eq(api.renderText(JSON.stringify(r), { attachments: [{ name: 'poc.bin', size: 3 }] }), text, '{name, size}');
  });

  test('renderText: a report that is not valid yet renders what it holds; unreadable text is an InputError', () => {
    const partial = { title: 'Draft', channel: 'vulnerability', reporter: 'not an object', affected: 'x', cwe: [7] };
    eq(api.validate(partial).valid, false);
    const text = api.renderText(partial);
    ok(text.includes('Draft'), 'the title');
    ok(api.renderText({}).length > 0, 'an empty report');
    throwsCode(api, () => api.renderText('{ not json'), api.InputError, 'json-syntax');
    throwsCode(api, () => api.renderText('[1]'), api.InputError, 'not-an-object');
    throwsCode(api, () => api.renderText(undefined), api.InputError, 'input-type');
    throwsCode(api, () => api.renderText(valid(), { attachments: [{ name: 'a' }] }), api.InputError, 'input-type');
    throwsCode(api, () => api.renderText(valid(), { profile: 'nope' }), api.ProfileError, /.+/);
    stillWorks(api, fixtures);
  });

  test('cvss: the score validate() computes, for 3.0, 3.1 and 4.0', () => {
    const v3 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
    const v4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:H/VI:H/VA:N/SC:H/SI:H/SA:N';
    const s3 = api.cvss(v3);
    eq(JSON.stringify(s3), JSON.stringify({ vector: v3, version: '3.1', score: 9.8, severity: 'critical' }));
    const r = valid();
    r.severity = { cvss_v3: v3, cvss_v4: v4 };
    const d = api.validate(r);
    eq(JSON.stringify(api.cvss(v4)), JSON.stringify(d.cvss.v4), 'v4 as validate');
    eq(JSON.stringify(s3), JSON.stringify(d.cvss.v3), 'v3 as validate');
    eq(api.cvss('CVSS:3.0/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:N').version, '3.0');
  });

  test('cvss: an invalid vector is an InputError with the code and words validate() uses', () => {
    const bad = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H';
    const en = throwsCode(api, () => api.cvss(bad), api.InputError, 'cvss-invalid');
    const fr = throwsCode(api, () => api.cvss(bad, { language: 'fr' }), api.InputError, 'cvss-invalid');
    ok(en.message !== fr.message, 'localized');
    const r = valid();
    r.language = 'fr';
    r.severity = { cvss_v3: bad };
    const inValidate = api.validate(r).errors.find((e) => e.path === '/severity/cvss_v3');
    eq(inValidate?.code, 'cvss-invalid');
    eq(fr.message, inValidate.message, 'the same message');
    for (const v of ['', 'garbage', 'CVSS:2.0/AV:N', 'CVSS:4.0/AV:N', `CVSS:3.1/${'AV:N/'.repeat(200)}`]) {
      throwsCode(api, () => api.cvss(v), api.InputError, 'cvss-invalid');
    }
    throwsCode(api, () => api.cvss(undefined), api.InputError, 'input-type');
    throwsCode(api, () => api.cvss(v => v), api.InputError, 'input-type');
    stillWorks(api, fixtures);
  });

  test('profile().policy_version, and commitments accepted under another version warn', () => {
    const thales = api.profile('thales');
    match(thales.policy_version, /^sha256:[0-9a-f]{16}$/, 'a digest when the profile names none');
    const r = valid();
    r.commitments.policy_version = thales.policy_version;
    ok(!api.validate(r).warnings.some((w) => w.code === 'policy-version-differs'), 'the current version');
    r.commitments.policy_version = 'sha256:0000000000000000';
    const d = api.validate(r);
    eq(d.valid, true, 'a warning, not an error');
    const w = d.warnings.find((x) => x.code === 'policy-version-differs');
    eq(w?.path, '/commitments/policy_version');
    ok(w.message.includes(thales.policy_version), 'names the current version');
    const own = api.profile({ ...thales, id: 'acme', policy_version: '2025-06' });
    eq(own.policy_version, '2025-06', 'an explicit version');
  });

  return list;
}

/** Runs every case; returns [{name, ok, skip?, error?}] (used in the browser). */
export async function runAll(options) {
  const results = [];
  for (const c of cases(options)) {
    if (c.skip) {
      results.push({ name: c.name, ok: true, skip: c.skip });
      continue;
    }
    try {
      await c.run();
      results.push({ name: c.name, ok: true });
    } catch (e) {
      results.push({ name: c.name, ok: false, error: `${e?.name}: ${e?.message}\n${e?.stack ?? ''}` });
    }
  }
  return results;
}
