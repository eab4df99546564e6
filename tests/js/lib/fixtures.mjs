// Fixtures of the shared API cases, read from the repository (examples/, keys/).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function fixtures() {
  const read = (path) => readFileSync(join(ROOT, path), 'utf8');
  return {
    valid: read('examples/valid-vulnerability.json'),
    missingFields: read('examples/invalid-missing-fields.json'),
    missingFieldsExpected: JSON.parse(read('examples/invalid-missing-fields.expected.json')),
    demoKey: read('keys/demo-psirt.pub.asc'),
    demoSecretKey: read('keys/demo-psirt.sec.asc'),
    impostorKey: read('keys/impostor.pub.asc'),
  };
}
