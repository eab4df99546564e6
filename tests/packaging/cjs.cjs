// Consumer check, Node `require` (run with --no-experimental-require-module: a real CommonJS entry).
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');
const { validate, seal, schema, InputError, ReportInvalidError } = require('psirt-report');
const { KeyError } = require('psirt-report/errors');

const [reportFile, keyFile] = process.argv.slice(2);
assert.equal(validate(readFileSync(reportFile, 'utf8')).valid, true);
assert.match(schema().$schema, /2020-12/);
const sealed = seal(readFileSync(reportFile, 'utf8'), { key: readFileSync(keyFile, 'utf8'), profile: 'demo' });
assert.match(sealed.armored, /^-----BEGIN PGP MESSAGE-----/);
assert.throws(() => seal('{}', { key: readFileSync(keyFile, 'utf8'), profile: 'demo' }), ReportInvalidError);
assert.throws(() => validate(42), InputError);
assert.throws(() => seal(readFileSync(reportFile, 'utf8'), { key: 'garbage', profile: 'demo' }), KeyError);
console.log(`cjs ok ${sealed.fingerprint}`);
