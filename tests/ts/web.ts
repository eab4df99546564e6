// The browser entry's declarations (web.d.ts): seal() is asynchronous there (it may load the
// seal module, and its AES runs on WebCrypto); the rest is index.d.ts's.
import { init, ready, validate, seal, loadRecipient, type Sealed, type Diagnostics } from 'psirt-report/web';

export async function sealInBrowser(report: Record<string, unknown>, key: string): Promise<string> {
  await init();
  const diagnostics: Diagnostics = validate(report);
  const sealed: Sealed = await seal(report, { key, profile: 'demo' });
  // @ts-expect-error: in the browser entry seal() returns a promise, not the Sealed object
  const notAwaited: Sealed = seal(report, { key });
  await ready;
  const fingerprint: string = loadRecipient(key, { profile: 'demo' }).fingerprint;
  return `${String(diagnostics.valid)} ${sealed.armored.length} ${fingerprint} ${String(notAwaited)}`;
}
