// What the proxy signs for the merchant, and how it is checked: hex HMAC-SHA256, keyed with
// the webhook signing secret, of `<t>.<message>` (a webhook's raw body, or a return's
// `return.<session id>.<outcome>`), accepted within a tolerance of `t`. Several secrets
// (the old and the new during a rotation) and several `v1` signatures are accepted: one
// pair that matches is enough. Server-side only (node:crypto).

import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a signature was refused. */
export type SignatureFailure =
  | 'missing_signature'
  | 'malformed_signature'
  | 'no_matching_signature'
  | 'timestamp_out_of_tolerance'
  | 'invalid_payload';

/** A webhook or a return that is not (or no longer) Orkestra's: do not trust it. */
export class SignatureError extends Error {
  readonly reason: SignatureFailure;

  constructor(reason: SignatureFailure, message: string) {
    super(message);
    this.name = 'SignatureError';
    this.reason = reason;
  }
}

export interface VerifyOptions {
  /** How far `t` may be from now, in seconds (replays older than this are refused).
   * Default 300. */
  toleranceSeconds?: number;
  /** Now, in Unix seconds (tests); default the clock's. */
  now?: number;
}

export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Unix seconds from a string of digits only, else null. */
export function parseTimestamp(text: string | null | undefined): number | null {
  if (!text || !/^\d{1,15}$/.test(text)) return null;
  return Number(text);
}

/**
 * Checks `signatures` (hex) of `<t>.<message>` against every secret, in constant time per
 * comparison, then `t` against the tolerance. Throws a `SignatureError`, or returns.
 */
export function check(
  secrets: string | readonly string[],
  t: number,
  message: string | Uint8Array,
  signatures: readonly string[],
  options: VerifyOptions = {},
): void {
  const keys = typeof secrets === 'string' ? [secrets] : secrets;
  if (keys.length === 0 || keys.some((k) => typeof k !== 'string' || k === '')) {
    throw new TypeError('a signing secret (a non-empty string, or a list of them) is required');
  }
  const given = signatures
    .filter((s) => /^[0-9a-fA-F]{64}$/.test(s))
    .map((s) => Buffer.from(s, 'hex'));
  if (given.length === 0) {
    throw new SignatureError('malformed_signature', 'no hex HMAC-SHA256 signature given');
  }
  let matched = false;
  for (const key of keys) {
    const mac = createHmac('sha256', key).update(`${t}.`);
    const expected = mac.update(message).digest();
    // Every pair is compared (no early exit), each in constant time.
    for (const candidate of given) {
      if (timingSafeEqual(candidate, expected)) matched = true;
    }
  }
  if (!matched) {
    throw new SignatureError('no_matching_signature', 'no signature matches the signing secret');
  }
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(now - t) > tolerance) {
    throw new SignatureError(
      'timestamp_out_of_tolerance',
      `signed at ${t}, more than ${tolerance} s from now (${now})`,
    );
  }
}
