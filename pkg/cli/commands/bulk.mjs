/**
 * `bulk SOURCE --out DIR`: validate, scan, seal and deliver every report of a folder, a JSON Lines
 * or a CSV file (pkg/bulk/), with progress on stderr and a table or JSON lines on stdout.
 */

import { join } from 'node:path';
import { CliError, EXIT_OK, EXIT_INVALID, EXIT_USAGE, apiFailure, usage } from '../errors.mjs';
import { clean, err, out, terminalJson } from '../output.mjs';
import { loadApi } from '../io.mjs';
import { intOption } from '../options.mjs';

/** One line of the final table: name, status, what happened, key, ciphertext hash. */
function bulkRow(r) {
  let detail = '';
  if (r.status === 'sent') detail = `${r.receipt ? `receipt ${r.receipt.id}` : (r.message_id ?? '')} ${r.reply ?? ''}${r.in_doubt ? ` (in doubt ×${r.in_doubt}: same Message-ID)` : ''}${r.resumed ? ' (earlier run)' : ''}`;
  else if (r.status === 'invalid') detail = r.errors.map((e) => `${e.path || '/'} ${e.code}`).join(', ');
  else if (r.status === 'blocked') detail = r.findings.map((f) => `${f.path || '/'} ${f.rule}`).join(', ');
  else if (r.status === 'failed') detail = `${r.reason.code}: ${r.reason.message}`;
  else if (r.status === 'duplicate') detail = `same content as ${r.duplicate_of}`;
  else if (r.status === 'sealed') detail = r.message_id ?? '';
  // Every key the message is encrypted to: the PSIRT's, and the reporter's own when it carries one.
  const keys = Array.isArray(r.recipients) && r.recipients.length
    ? r.recipients.map((x) => `${x.role === 'psirt' ? '' : `${x.role}:`}${String(x.fingerprint).slice(-16)}`).join(' + ')
    : r.fingerprint ? r.fingerprint.slice(-16) : '-';
  return [r.name, r.status, detail.trim(), keys, r.sha256 ? r.sha256.slice(0, 16) : '-'].map(clean);
}

function printTable(rows) {
  const header = ['NAME', 'STATUS', 'DETAIL', 'KEYS', 'SHA-256 (.asc)'];
  const all = [header, ...rows];
  const width = header.map((_, i) => Math.min(60, Math.max(...all.map((r) => r[i].length))));
  for (const r of all) {
    out(r.map((c, i) => (i === r.length - 1 ? c : (c.length > width[i] ? `${c.slice(0, width[i] - 1)}…` : c.padEnd(width[i])))).join('  '));
  }
}

/** Progress on stderr: a bar (cli-progress) on a terminal, one plain line per report otherwise. */
async function progressReporter(json) {
  if (json) return { start() {}, tick() {}, stop() {} };
  if (process.stderr.isTTY) {
    const { default: cliProgress } = await import('cli-progress');
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: 'bulk |{bar}| {value}/{total} {last}', hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    return {
      start: (total) => bar.start(total, 0, { last: '' }),
      tick: (r) => bar.increment(1, { last: `${clean(r.name)}: ${r.status}` }),
      stop: () => bar.stop(),
    };
  }
  let n = 0;
  let total = '?';
  return {
    start: (t) => {
      total = t;
    },
    tick: (r) => err(`[${++n}/${total}] ${clean(r.name)}: ${r.status}${r.status === 'failed' ? ` (${clean(r.reason.code)})` : ''}`),
    stop() {},
  };
}

export async function cmdBulk(args, values, common) {
  if (args.length !== 1) throw usage('bulk takes exactly one source: a folder, a .jsonl file or a .csv file');
  if (values.out === undefined) throw usage('bulk needs --out DIR');
  if (values.key === undefined) throw usage('bulk needs --key KEY.asc, the PSIRT public key');
  const modes = ['smtp', 'post', 'dry-run'].filter((m) => values[m] !== undefined);
  if (modes.length !== 1) throw usage('bulk needs exactly one of --smtp URL, --post URL or --dry-run');
  if (values.smtp !== undefined && values.from === undefined) throw usage('--smtp needs --from ADDRESS');
  if (values.from !== undefined && values.smtp === undefined) throw usage('--from goes with --smtp');
  const options = {
    out: values.out,
    key: values.key,
    pin: values.pin,
    profile: common.profile,
    today: common.today,
    smtp: values.smtp,
    from: values.from,
    post: values.post,
    dryRun: values['dry-run'] === true,
    concurrency: intOption(values, 'concurrency', 1, 64),
    allowFindings: values['allow-findings'] === true,
    insecurePlaintextLoopback: values['insecure-plaintext-smtp-loopback'] === true,
    map: values.map,
    retries: intOption(values, 'retries', 0, 20),
    retryDelayMs: intOption(values, 'retry-delay', 0, 600_000),
    stampBits: intOption(values, 'stamp-bits', 0, 32),
  };
  await loadApi();
  let bulkModule;
  try {
    bulkModule = await import('../../bulk/index.mjs');
  } catch (e) {
    if (e?.code === 'ERR_MODULE_NOT_FOUND') {
      throw new CliError(`a dependency of bulk is missing (${clean(e.message)}): reinstall psirt-report`, EXIT_USAGE, 'dependency-missing');
    }
    throw e;
  }
  const progress = await progressReporter(values.json);
  const run = bulkModule.bulk(args[0], options);
  const rows = [];
  try {
    run.total.then((t) => progress.start(t), () => undefined);
    for await (const r of run) {
      progress.tick(r);
      if (values.json) out(terminalJson(r));
      else rows.push(r);
    }
  } catch (e) {
    progress.stop();
    const f = apiFailure(e);
    if (f.kind === 'internal') throw e;
    throw new CliError(`${clean(f.code)}: ${clean(f.message)}`, f.exit, f.code);
  }
  progress.stop();
  const summary = await run.summary;
  if (values.json) {
    out(terminalJson({ summary: { ...summary, reports: undefined } }));
  } else {
    printTable(summary.reports.map(bulkRow));
    const counts = Object.entries(summary.counts).map(([k, v]) => `${v} ${k}`).join(', ');
    err(`bulk: ${summary.total} report(s): ${counts || 'none'}; ${clean(join(values.out, 'summary.json'))}`);
  }
  return summary.ok ? EXIT_OK : EXIT_INVALID;
}
