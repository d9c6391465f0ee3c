// `verifyWebhook` on a real webhook from the real proxy; and what must be refused: a
// tampered body, an old timestamp, a wrong secret, a missing or malformed header.
// Rotation: several `v1` signatures and several secrets.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { env, server, payByPix, settle, webhookEndpoint } from './stack.mjs';

const { createClient, verifyWebhook, SignatureError } = server;
const client = createClient({ baseUrl: env.proxy, secret: env.secret });

// Written here from the README's rule, independently of the package.
const sign = (secret, t, body) => createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
const refusal = (reason) => (error) => {
  assert.ok(error instanceof SignatureError, String(error));
  assert.equal(error.reason, reason);
  return true;
};

let received;
let sessionId;
let endpoint;
before(async () => {
  endpoint = await webhookEndpoint();
  const session = await settle(client, await payByPix(client, { webhookUrl: endpoint.url }));
  sessionId = session.id;
  received = await endpoint.next((item) => {
    const event = JSON.parse(item.body);
    return event.type === 'checkout_session.paid' && event.data.id === sessionId;
  });
});
after(() => endpoint?.close());

test("the proxy's webhook verifies and comes back as the typed event", () => {
  assert.match(received.signature, /^t=\d+,v1=[0-9a-f]{64}$/);
  const event = verifyWebhook(received.body, received.signature, env.webhookSecret);
  assert.match(event.id, /^evt_/);
  assert.equal(event.type, 'checkout_session.paid');
  assert.equal(event.data.id, sessionId);
  assert.equal(event.data.status, 'paid');
  // The body as text (what `await request.text()` gives) verifies the same.
  assert.equal(verifyWebhook(received.body.toString('utf8'), received.signature, env.webhookSecret).id, event.id);
});

test('a tampered body is refused', () => {
  const tampered = received.body.toString().replace('"amount":"150.00"', '"amount":"1.00"');
  assert.notEqual(tampered, received.body.toString());
  assert.throws(() => verifyWebhook(tampered, received.signature, env.webhookSecret), refusal('no_matching_signature'));
});

test('an old timestamp is refused', () => {
  const t = Number(/^t=(\d+)/.exec(received.signature)[1]);
  // The real signature, read six minutes later: a replay.
  assert.throws(
    () => verifyWebhook(received.body, received.signature, env.webhookSecret, { now: t + 301 }),
    refusal('timestamp_out_of_tolerance'),
  );
  assert.ok(verifyWebhook(received.body, received.signature, env.webhookSecret, { now: t + 299 }));
  // A body signed (correctly) ten minutes ago; the tolerance is the caller's.
  const old = Math.floor(Date.now() / 1000) - 600;
  const header = `t=${old},v1=${sign(env.webhookSecret, old, received.body)}`;
  assert.throws(() => verifyWebhook(received.body, header, env.webhookSecret), refusal('timestamp_out_of_tolerance'));
  assert.ok(verifyWebhook(received.body, header, env.webhookSecret, { toleranceSeconds: 900 }));
});

test('a wrong secret is refused, and a rotation accepts either secret and either signature', () => {
  assert.throws(() => verifyWebhook(received.body, received.signature, 'whsec_not_this_one'), refusal('no_matching_signature'));
  assert.ok(verifyWebhook(received.body, received.signature, ['whsec_new', env.webhookSecret]));
  assert.ok(verifyWebhook(received.body, received.signature, [env.webhookSecret, 'whsec_new']));
  const now = Math.floor(Date.now() / 1000);
  const header = `t=${now},v1=${sign('whsec_old', now, received.body)},v1=${sign('whsec_new', now, received.body)}`;
  assert.ok(verifyWebhook(received.body, header, 'whsec_new'));
  assert.ok(verifyWebhook(received.body, header, 'whsec_old'));
  assert.throws(() => verifyWebhook(received.body, header, env.webhookSecret), refusal('no_matching_signature'));
});

test('a missing or malformed header is refused', () => {
  const body = '{"id":"evt_1","type":"checkout_session.paid"}';
  const zeros = '0'.repeat(64);
  for (const [header, reason] of [
    [undefined, 'missing_signature'],
    ['', 'missing_signature'],
    [`v1=${zeros}`, 'malformed_signature'],
    [`t=abc,v1=${zeros}`, 'malformed_signature'],
    [`t=1,t=2,v1=${zeros}`, 'malformed_signature'],
    ['t=1700000000', 'malformed_signature'],
    ['t=1700000000,v1=nothex', 'malformed_signature'],
    [`t=1700000000,v0=${zeros}`, 'malformed_signature'],
  ]) {
    assert.throws(() => verifyWebhook(body, header, env.webhookSecret), refusal(reason), String(header));
  }
});

test('a signed body that is not an event is refused, and parsed JSON is not a body', () => {
  const now = Math.floor(Date.now() / 1000);
  for (const body of ['not json', '[1, 2]', '{"type":"checkout_session.paid"}']) {
    assert.throws(() => verifyWebhook(body, `t=${now},v1=${sign('whsec', now, body)}`, 'whsec'), refusal('invalid_payload'));
  }
  assert.throws(() => verifyWebhook(JSON.parse(received.body), received.signature, env.webhookSecret), TypeError);
});
