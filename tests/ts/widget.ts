// A host page of the form, type-checked: the element is known by its tag, and its events
// carry typed details (make test-types).
import 'psirt-report/widget';
import type { PsirtSealedDetail } from 'psirt-report/widget';

const form = document.createElement('psirt-report-form');
form.setAttribute('profile', 'demo');
form.addEventListener('psirt-sealed', (event) => {
  const detail: PsirtSealedDetail = event.detail;
  const armored: string = detail.armored;
  // @ts-expect-error the detail carries no plaintext
  void detail.report;
  void armored;
});
form.addEventListener('psirt-route', (event) => {
  const decision: 'accept' | 'redirect' | 'refuse' = event.detail.route.decision;
  void decision;
});
document.body.append(form);
