// The shop's side of Orkestra Checkout: the merchant API's client and the secrets, read
// from the environment on the server only ('server-only' keeps them out of client bundles).

import 'server-only';
import { createClient } from '@orkestra/checkout/server';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (see README.md)`);
  return value;
}

/** The proxy's merchant API, with the merchant secret. */
export function orkestra() {
  return createClient({
    baseUrl: required('ORKESTRA_PROXY_URL'),
    secret: required('ORKESTRA_MERCHANT_SECRET'),
  });
}

/** The webhook signing secret: the proxy's `PROXY_WEBHOOK_SIGNING_SECRET` (or the one it
 * made, shown by `GET /v1/webhook-signing-secret`). During a rotation list both,
 * comma-separated. */
export function webhookSecrets(): string[] {
  const value = required('ORKESTRA_WEBHOOK_SECRET');
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** This shop's origin as payers reach it (`https://shop.example`). */
export function shopOrigin(): string {
  return required('SHOP_ORIGIN').replace(/\/+$/, '');
}
