// Consumer check, TypeScript over `require` (module nodenext): types come from index.d.cts.
import psirt = require('psirt-report');

const d: psirt.Diagnostics = psirt.validate('{}');
const code: string | undefined = d.errors[0]?.code;
// @ts-expect-error: validate returns Diagnostics, not a string
const wrong: string = psirt.validate('{}');
export = { code, wrong };
