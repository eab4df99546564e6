/**
 * `psirt-report/widget`: the `<psirt-report-form>` custom element (docs/reference/element.md).
 * Importing the module defines the element; it never sends anything by itself.
 * @packageDocumentation
 * @module psirt-report/widget
 */

import type { RecipientInfo, Route, SealReceipt, TriageKind } from '../index.js';

/**
 * `psirt-sealed`: the encrypted report, ready to send (docs/reference/element.md). Nothing else
 * leaves the element.
 */
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
  /**
   * What the reporter keeps (report id, date, PSIRT fingerprint, SHA-256 of `armored`). Always
   * there when the element sealed the report itself; with `isolated`, when the frame sent a
   * well-formed one.
   */
  receipt?: SealReceipt;
  /**
   * Every key the message is encrypted to, the PSIRT's first, then the reporter's own when
   * `reporter.pgp_key` holds one. Absent with `isolated`: it names the reporter's key, which
   * does not leave the frame.
   */
  recipients?: (RecipientInfo & { role: 'psirt' | 'reporter' })[];
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
