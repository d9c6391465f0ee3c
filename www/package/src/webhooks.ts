// `verifyWebhook`: the body the proxy posted to your `webhookUrl`, checked against its
// `Orkestra-Signature` header (`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`)
// and returned as a typed event. Server-side only.

import { SignatureError, check, parseTimestamp } from './signature.js';
import type { VerifyOptions } from './signature.js';
import type { ChargeEvent, CheckoutSession, Payout, Refund } from './api.js';
import type { OrderStatus } from './codes.js';

interface Envelope<T extends string, D> {
  /** Unique per event; a redelivery carries the same id: de-duplicate on it. */
  id: string;
  type: T;
  /** RFC 3339 UTC timestamp. */
  createdAt: string;
  data: D;
}

/** The order's status changed (to the session's `webhookUrl`). */
export type CheckoutSessionWebhook = Envelope<`checkout_session.${OrderStatus}`, CheckoutSession>;
/** A charge of an order with several payers changed, or its automatic refund settled. */
export type ChargeWebhook = Envelope<
  `charge.${OrderStatus}` | 'charge.refunded' | 'charge.refund_failed',
  ChargeEvent
>;
/** A refund's status changed (to the refunded session's `webhookUrl`). */
export type RefundWebhook = Envelope<`refund.${Refund['status']}`, Refund>;
/** A payout's status changed (to `PROXY_PAYOUT_WEBHOOK_URL`). */
export type PayoutWebhook = Envelope<`payout.${Payout['status']}`, Payout>;

/** Every signed event the proxy sends; narrow on `type`. */
export type WebhookEvent = CheckoutSessionWebhook | ChargeWebhook | RefundWebhook | PayoutWebhook;

/** The header the proxy signs its webhooks with. */
export const SIGNATURE_HEADER = 'Orkestra-Signature';

/**
 * Verifies a webhook and returns its event, or throws a `SignatureError`.
 *
 * - `payload`: the raw body as received (`await request.text()`), not parsed JSON: the
 *   signature covers its exact bytes.
 * - `signatureHeader`: the `Orkestra-Signature` header's value. Several `v1=` values are
 *   accepted (any one matching is enough).
 * - `secret`: the webhook signing secret (the proxy's `PROXY_WEBHOOK_SIGNING_SECRET`, or
 *   the one it made: `GET /v1/webhook-signing-secret`), or several during a rotation.
 * - `toleranceSeconds` (default 300): how old (or early) `t` may be.
 */
export function verifyWebhook(
  payload: string | Uint8Array,
  signatureHeader: string | null | undefined,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): WebhookEvent {
  if (typeof payload !== 'string' && !(payload instanceof Uint8Array)) {
    throw new TypeError('payload must be the raw body (a string or bytes), not parsed JSON');
  }
  if (!signatureHeader) {
    throw new SignatureError('missing_signature', `no ${SIGNATURE_HEADER} header`);
  }
  const timestamps: string[] = [];
  const signatures: string[] = [];
  for (const part of signatureHeader.split(',')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === 't') timestamps.push(value);
    else if (key === 'v1') signatures.push(value);
  }
  const t = timestamps.length === 1 ? parseTimestamp(timestamps[0]) : null;
  if (t === null) {
    throw new SignatureError('malformed_signature', `${SIGNATURE_HEADER} has no single t=<unix seconds>`);
  }
  check(secret, t, payload, signatures, options);
  const text = typeof payload === 'string' ? payload : new TextDecoder().decode(payload);
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    throw new SignatureError('invalid_payload', 'the signed body is not JSON');
  }
  if (
    typeof event !== 'object' ||
    event === null ||
    typeof (event as { id?: unknown }).id !== 'string' ||
    typeof (event as { type?: unknown }).type !== 'string'
  ) {
    throw new SignatureError('invalid_payload', 'the signed body is not an event');
  }
  return event as WebhookEvent;
}
