// `verifyReturn` on a real signed return from the real proxy (`GET /pay/{token}/return`,
// a 303 to the session's `returnUrl`), from a URL, a query string, URLSearchParams and an
// object of parameters; tampered, old or repeated ones refused.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { env, server, orderId, payByPix, settle } from './stack.mjs';

const { createClient, verifyReturn, SignatureError } = server;
const client = createClient({ baseUrl: env.proxy, secret: env.secret });
const RETURN_URL = 'https://shop.example/thanks?cart=42';

const refusal = (reason) => (error) => {
  assert.ok(error instanceof SignatureError, String(error));
  assert.equal(error.reason, reason);
  return true;
};

async function signedReturn(sessionUrl) {
  const token = new URL(sessionUrl).pathname.split('/').pop();
  const response = await fetch(`${env.proxy}/pay/${token}/return`, { redirect: 'manual' });
  assert.equal(response.status, 303);
  return response.headers.get('location');
}

test("the proxy's return verifies in every form", async () => {
  const session = await settle(client, await payByPix(client, { returnUrl: RETURN_URL }));
  const location = await signedReturn(session.url);
  assert.ok(location.startsWith('https://shop.example/thanks?cart=42&orkestra_session_id='), location);
  const result = verifyReturn(location, env.webhookSecret);
  assert.equal(result.sessionId, session.id);
  assert.equal(result.outcome, 'paid');
  assert.ok(Math.abs(result.signedAt - Date.now() / 1000) < 60);
  const url = new URL(location);
  assert.deepEqual(verifyReturn(url, env.webhookSecret), result);
  assert.deepEqual(verifyReturn(url.search, env.webhookSecret), result);
  assert.deepEqual(verifyReturn(url.search.slice(1), env.webhookSecret), result);
  assert.deepEqual(verifyReturn(url.searchParams, env.webhookSecret), result);
  assert.deepEqual(verifyReturn(Object.fromEntries(url.searchParams), env.webhookSecret), result);
  assert.deepEqual(verifyReturn(location, ['old-secret', env.webhookSecret]), result);

  // Old: the same link six minutes later.
  assert.throws(() => verifyReturn(location, env.webhookSecret, { now: result.signedAt + 301 }), refusal('timestamp_out_of_tolerance'));
  assert.equal(verifyReturn(location, env.webhookSecret, { now: result.signedAt + 301, toleranceSeconds: 600 }).outcome, 'paid');
});

test('a tampered return is refused', async () => {
  const session = await client.sessions.create({
    merchantOrderId: orderId(), country: 'BR', currency: 'BRL', amount: '9.90', returnUrl: RETURN_URL,
  });
  const location = await signedReturn(session.url);
  assert.equal(verifyReturn(location, env.webhookSecret).outcome, 'open');
  const forged = location.replace('orkestra_outcome=open', 'orkestra_outcome=paid');
  assert.notEqual(forged, location);
  assert.throws(() => verifyReturn(forged, env.webhookSecret), refusal('no_matching_signature'));
  assert.throws(() => verifyReturn(location.replace(session.id, 'cs_someone_else'), env.webhookSecret), refusal('no_matching_signature'));
  assert.throws(() => verifyReturn(`${location}&orkestra_outcome=paid`, env.webhookSecret), refusal('malformed_signature'));
  assert.throws(() => verifyReturn(location, 'not-the-secret'), refusal('no_matching_signature'));
  assert.throws(() => verifyReturn('https://shop.example/thanks?cart=42', env.webhookSecret), refusal('missing_signature'));
});
