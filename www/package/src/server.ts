// `@orkestra/checkout/server`: for the merchant's server (Node 18+, or a runtime with
// `node:crypto`): the merchant API's client, and the checks of the proxy's signed webhooks
// and signed returns. Never import it in browser code: it handles the merchant secret.

export { createClient, OrkestraClient, OrkestraApiError, OrkestraConnectionError } from './client.js';
export type { ClientOptions, IdempotentOptions, ListTransactions } from './client.js';
export { verifyWebhook, SIGNATURE_HEADER } from './webhooks.js';
export type {
  WebhookEvent,
  CheckoutSessionWebhook,
  ChargeWebhook,
  RefundWebhook,
  PayoutWebhook,
} from './webhooks.js';
export { verifyReturn } from './returns.js';
export type { VerifiedReturn, ReturnQuery } from './returns.js';
export { SignatureError, DEFAULT_TOLERANCE_SECONDS } from './signature.js';
export type { SignatureFailure, VerifyOptions } from './signature.js';
export * from './codes.js';
export type * from './api.js';
