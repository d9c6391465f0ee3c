// `verifyReturn`: the result the proxy adds to your `returnUrl` (or `cancelUrl`) when the
// hosted page sends the payer back: `orkestra_session_id`, `orkestra_outcome`, `orkestra_t`
// and `orkestra_signature`, the hex HMAC-SHA256 of `<t>.return.<session id>.<outcome>`
// with the webhook signing secret. Server-side only.

import { SignatureError, check, parseTimestamp } from './signature.js';
import type { VerifyOptions } from './signature.js';
import { ORDER_STATUSES } from './codes.js';
import type { OrderStatus } from './codes.js';

/** A return the proxy signed. Still confirm with `GET /v1/checkout-sessions/{id}` or the
 * webhook before shipping: this says what the order was when the payer left. */
export interface VerifiedReturn {
  sessionId: string;
  outcome: OrderStatus;
  /** When the proxy signed it, in Unix seconds. */
  signedAt: number;
}

/** A query as frameworks hand it over: a URL, a query string, `URLSearchParams`, or an
 * object of parameters (Next.js's `searchParams`, Express's `req.query`). */
export type ReturnQuery =
  | string
  | URL
  | URLSearchParams
  | Readonly<Record<string, string | readonly string[] | undefined>>;

function params(query: ReturnQuery): URLSearchParams {
  if (query instanceof URLSearchParams) return query;
  if (query instanceof URL) return query.searchParams;
  if (typeof query === 'string') {
    if (/^[a-z][a-z0-9+.-]*:/i.test(query)) return new URL(query).searchParams;
    const at = query.indexOf('?');
    return new URLSearchParams(at >= 0 ? query.slice(at + 1) : query);
  }
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const one of typeof value === 'string' ? [value] : (value ?? [])) out.append(key, one);
  }
  return out;
}

/** The one value of `name`; a repeated parameter is a forged address. */
function single(query: URLSearchParams, name: string): string {
  const values = query.getAll(name);
  if (values.length !== 1 || !values[0]) {
    throw new SignatureError('malformed_signature', `the return has no single ${name}`);
  }
  return values[0];
}

/** Verifies a signed return and returns what it says, or throws a `SignatureError`. */
export function verifyReturn(
  query: ReturnQuery,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): VerifiedReturn {
  const p = params(query);
  if (!p.has('orkestra_signature')) {
    throw new SignatureError('missing_signature', 'no orkestra_signature parameter');
  }
  const sessionId = single(p, 'orkestra_session_id');
  const outcome = single(p, 'orkestra_outcome');
  const t = parseTimestamp(single(p, 'orkestra_t'));
  if (t === null) throw new SignatureError('malformed_signature', 'orkestra_t is not Unix seconds');
  check(secret, t, `return.${sessionId}.${outcome}`, [single(p, 'orkestra_signature')], options);
  if (!ORDER_STATUSES.includes(outcome as OrderStatus)) {
    throw new SignatureError('invalid_payload', `unknown outcome ${outcome}`);
  }
  return { sessionId, outcome: outcome as OrderStatus, signedAt: t };
}
