/**
 * `psirt-report intake` as a process: the intake listening until SIGINT or SIGTERM, the lines a
 * newcomer and a script read on stdout (`intake: URL`, `maildir: PATH`), a spool that cannot be
 * written refusing to start with the reason.
 */

import { resolve } from 'node:path';
import { createIntake } from './server.mjs';
import { createForwarder } from './forward.mjs';

export async function startIntake(o) {
  let intake;
  let forwarder = null;
  const options = {
    maildir: o.maildir,
    profile: o.profile,
    key: o.key,
    pin: o.pin,
    publicUrl: o.publicUrl,
    allowOrigins: o.allowOrigins,
    stampBits: o.stampBits,
    maxBytes: o.maxBytes,
    maxRecipients: o.maxRecipients,
    maxConnections: o.maxConnections,
    rate: o.rate,
  };
  try {
    intake = createIntake(options);
    if (o.smtp) {
      const prof = typeof o.profile === 'object' ? o.profile : (await import('../node.mjs')).profile(o.profile);
      forwarder = await createForwarder({ maildir: o.maildir, smtp: o.smtp, from: o.from, to: prof.psirt_email, retryDelayMs: o.retryDelayMs, insecurePlaintextLoopback: o.insecurePlaintextLoopback === true });
      options.forward = (eml, name) => {
        forwarder.add(name, eml).catch((e) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), outcome: 'forward-queue-failed', error: String(e?.code ?? 'error') })}\n`));
      };
      options.forwardDepth = () => forwarder.depth();
    }
  } catch (e) {
    if (e?.code === 'spool-unwritable') throw o.fail(`intake: ${e.message}: not started`, 'spool-unwritable');
    throw e;
  }
  let address;
  try {
    address = await intake.listen(o.port, o.host);
  } catch (e) {
    throw o.fail(`intake: cannot listen on ${o.host}:${o.port} (${e?.code ?? 'error'})`, 'listen-failed');
  }
  process.stdout.write(`intake: http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/reports (stamps: ${intake.bits} bits, audience ${intake.audience})\n`);
  process.stdout.write(`maildir: ${resolve(o.maildir)}\n`);
  if (intake.maildir.cleaned > 0) process.stderr.write(`intake: removed ${intake.maildir.cleaned} partial file(s) from tmp/\n`);
  await new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      intake.close().then(() => forwarder?.close()).then(done, done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
