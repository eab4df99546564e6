/**
 * Parsing the command line: which options each command takes, the profile option, and whole
 * number options within bounds. Anything else is a usage error (exit 2).
 */

import { CliError, EXIT_USAGE, usage } from './errors.mjs';
import { clean } from './output.mjs';
import { readText } from './io.mjs';

const MAX_PROFILE_BYTES = 8 * 1024 * 1024;

/** Every option of every command, for node:util parseArgs (strict: an unknown option is a usage error). */
export const PARSE_OPTIONS = {
  json: { type: 'boolean' },
  key: { type: 'string' },
  attach: { type: 'string', multiple: true },
  'secret-key': { type: 'string' },
  'passphrase-file': { type: 'string' },
  'cve-draft': { type: 'boolean' },
  pin: { type: 'string' },
  out: { type: 'string' },
  profile: { type: 'string' },
  demo: { type: 'boolean' },
  lang: { type: 'string' },
  today: { type: 'string' },
  'min-severity': { type: 'string' },
  smtp: { type: 'string' },
  from: { type: 'string' },
  post: { type: 'string' },
  'dry-run': { type: 'boolean' },
  concurrency: { type: 'string' },
  'allow-findings': { type: 'boolean' },
  'insecure-plaintext-smtp-loopback': { type: 'boolean' },
  map: { type: 'string' },
  retries: { type: 'string' },
  'retry-delay': { type: 'string' },
  maildir: { type: 'string' },
  listen: { type: 'string' },
  'allow-origin': { type: 'string', multiple: true },
  'public-url': { type: 'string' },
  'stamp-bits': { type: 'string' },
  'max-bytes': { type: 'string' },
  'max-recipients': { type: 'string' },
  'max-connections': { type: 'string' },
  rate: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
};

export const GLOBAL_OPTIONS = ['profile', 'demo', 'lang', 'today', 'help', 'version'];
export const COMMAND_OPTIONS = {
  validate: ['json'],
  seal: ['key', 'pin', 'out', 'json', 'attach'],
  open: ['secret-key', 'passphrase-file', 'out', 'json', 'cve-draft', 'maildir'],
  triage: ['json'],
  schema: [],
  key: ['pin', 'out', 'json'],
  scan: ['json'],
  redact: ['out', 'min-severity'],
  bulk: ['out', 'key', 'pin', 'smtp', 'from', 'post', 'dry-run', 'concurrency', 'allow-findings', 'map', 'retries', 'retry-delay', 'json', 'stamp-bits', 'insecure-plaintext-smtp-loopback'],
  intake: ['listen', 'maildir', 'key', 'pin', 'smtp', 'from', 'allow-origin', 'public-url', 'stamp-bits', 'max-bytes', 'max-recipients', 'max-connections', 'rate', 'retry-delay', 'insecure-plaintext-smtp-loopback'],
};

/** The profile option for the API: a name, a profile object, or undefined (core default). */
export function profileOption(values) {
  if (values.demo && values.profile !== undefined && values.profile !== 'demo') {
    throw usage(`--demo conflicts with --profile ${clean(values.profile)}`);
  }
  const spec = values.demo ? 'demo' : (values.profile ?? process.env.PSIRT_REPORT_PROFILE);
  if (spec === undefined || spec === '') return undefined;
  if (spec === 'thales' || spec === 'demo') return spec;
  let text;
  try {
    text = readText(spec, MAX_PROFILE_BYTES, 'profile');
  } catch (e) {
    throw new CliError(`profile ${clean(spec)}: ${e.message}`, EXIT_USAGE, 'profile-unreadable');
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(`profile ${clean(spec)}: not valid JSON`, EXIT_USAGE, 'profile-invalid');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CliError(`profile ${clean(spec)}: not a JSON object`, EXIT_USAGE, 'profile-invalid');
  }
  return value;
}

/** A whole number option within bounds, else a usage error. */
export function intOption(values, name, min, max) {
  const v = values[name];
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw usage(`--${name} must be a whole number from ${min} to ${max}`);
  return Number(v);
}
