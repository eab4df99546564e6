// `psirt-report/widget`: the `<psirt-report-form>` custom element (docs/form.md).
// Importing the module defines the element; it never sends anything by itself.

import type { Route, TriageKind } from '../index.js';

/** `psirt-sealed`: the encrypted report, ready to send. Nothing else leaves the element. */
export interface PsirtSealedDetail {
  /** The bare ASCII-armored OpenPGP message. */
  armored: string;
  /** An RFC 3156 PGP/MIME e-mail (CRLF line ends), ready to send. */
  eml: string;
  /** Fingerprint of the PSIRT primary key it was encrypted to (upper-case hex). */
  fingerprint: string;
  /** The PSIRT's address. */
  to: string;
  /** The neutral outer subject (never the report's title). */
  subject: string;
  /**
   * The anti-spam stamp bound to `armored`, when the profile asks for one
   * (`stamp.bits`); the intake endpoint checks it with `verifyStamp` from `psirt-report`.
   */
  stamp?: string;
}

/** `psirt-route`: the reporter was sent elsewhere (CERT, sales refusal). */
export interface PsirtRouteDetail {
  /** What the reporter said the contact is about. */
  kind: TriageKind;
  /** Where it goes instead, under the profile's policy. */
  route: Route;
}

/**
 * The `<psirt-report-form>` element: the report form, which validates, scans and seals in the
 * reporter's browser and dispatches `psirt-sealed` with the encrypted result
 * (docs/reference/element.md lists its attributes, events, states and parts).
 */
export declare class PsirtReportForm extends HTMLElement {
  /** The attributes whose changes the element reacts to. */
  static readonly observedAttributes: string[];
  /**
   * Read: `en` or `fr`, the `lang` attribute, else the page's language. Set: writes the `lang`
   * attribute (empty, null or undefined removes it), as frameworks do with a `lang` prop.
   */
  get lang(): string;
  set lang(value: string | null | undefined);
}

declare global {
  interface HTMLElementTagNameMap {
    'psirt-report-form': PsirtReportForm;
  }
  interface HTMLElementEventMap {
    'psirt-sealed': CustomEvent<PsirtSealedDetail>;
    'psirt-route': CustomEvent<PsirtRouteDetail>;
  }
}
