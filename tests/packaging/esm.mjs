// Consumer check, Node `import`: the installed tarball, nothing to initialise.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { validate, seal, ready, InputError, KeyError } from 'psirt-report';

const [reportFile, keyFile] = process.argv.slice(2);
await ready;
assert.equal(validate(readFileSync(reportFile, 'utf8')).valid, true);
const sealed = seal(readFileSync(reportFile), { key: readFileSync(keyFile, 'utf8'), profile: 'demo' });
assert.match(sealed.armored, /^-----BEGIN PGP MESSAGE-----/);
assert.throws(() => validate(undefined), (e) => e instanceof InputError && e.code === 'input-type');
assert.throws(() => seal(readFileSync(reportFile, 'utf8'), { key: readFileSync(keyFile, 'utf8') }), KeyError);
// import and require share one module: the same classes.
const required = createRequire(import.meta.url)('psirt-report');
assert.equal(required.InputError, InputError);
assert.equal(required.validate, validate);
console.log(`esm ok ${sealed.fingerprint}`);
