// `createClient` against the real proxy and sandbox: create, read, pay, refund, list,
// errors, payouts, and a retry after a lost answer that makes no second payment.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { env, server, PAYER, orderId, payByPix, settle, flakyHop } from './stack.mjs';

const { createClient, OrkestraApiError } = server;
const client = createClient({ baseUrl: env.proxy, secret: env.secret });
const brazilian = (merchantOrderId) => ({ merchantOrderId, country: 'BR', currency: 'BRL', amount: '150.00' });

test('a session is created, read, and created again as the same', async () => {
  const body = brazilian(orderId());
  const created = await client.sessions.create(body);
  assert.match(created.id, /^cs_/);
  assert.equal(created.status, 'open');
  assert.equal(created.amount, '150.00');
  assert.equal((await client.sessions.retrieve(created.id)).merchantOrderId, body.merchantOrderId);
  assert.equal((await client.sessions.create(body)).id, created.id, 'idempotent on merchantOrderId');
});

test('a bad request is an OrkestraApiError with each field', async () => {
  await assert.rejects(client.sessions.create({ ...brazilian(orderId()), amount: '150.001' }), (error) => {
    assert.ok(error instanceof OrkestraApiError);
    assert.equal(error.status, 422);
    assert.equal(error.code, 'amount_too_many_decimals');
    assert.equal(error.field, 'amount');
    assert.deepEqual(error.fields, [{ field: 'amount', code: 'amount_too_many_decimals' }]);
    return true;
  });
  await assert.rejects(client.sessions.retrieve('cs_doesnotexist'), { status: 404, code: 'not_found' });
});

test('a wrong secret is refused, and the error does not show it', async () => {
  const wrong = createClient({ baseUrl: env.proxy, secret: 'sk_wrong_secret' });
  await assert.rejects(wrong.sessions.retrieve('cs_x'), (error) => {
    assert.equal(error.status, 401);
    assert.equal(error.code, 'unauthorized');
    assert.doesNotMatch(`${error.message} ${error.stack}`, /sk_wrong_secret/);
    return true;
  });
});

test('a paid transaction is listed, and refunded once per idempotency key', async () => {
  const session = await settle(client, await payByPix(client));
  const [transaction] = session.transactions;
  assert.equal(transaction.method, 'PIX');
  assert.equal(transaction.status, 'paid');
  assert.notEqual(transaction.payer.document, PAYER.document, 'documents come back masked');

  const listed = await client.transactions.list({ sessionId: session.id });
  assert.deepEqual(listed.data.map((t) => t.id), [transaction.id]);
  assert.equal(listed.data[0].merchantOrderId, session.merchantOrderId);

  const idempotencyKey = `refund-${session.merchantOrderId}-1`;
  const refund = await client.refunds.create(transaction.id, { amount: '30.00', reason: 'one item returned' }, { idempotencyKey });
  assert.equal(refund.amount, '30.00');
  assert.equal(refund.transactionId, transaction.id);
  assert.ok(['pending', 'refunded'].includes(refund.status), refund.status);
  const again = await client.refunds.create(transaction.id, { amount: '30.00', reason: 'one item returned' }, { idempotencyKey });
  assert.equal(again.id, refund.id, 'the same key is the same refund');
  assert.deepEqual((await client.refunds.list(transaction.id)).map((r) => r.id), [refund.id]);

  await assert.rejects(client.refunds.create(transaction.id, { amount: '130.00' }), {
    status: 422, code: 'amount_above_maximum', field: 'amount',
  });
});

test('a lost answer is retried with the same key and pays once', async (t) => {
  const hop = await flakyHop(1);
  t.after(hop.close);
  const session = await client.sessions.create(brazilian(orderId()));
  const flaky = createClient({ baseUrl: hop.url, secret: env.secret, maxRetries: 2 });
  const paid = await flaky.sessions.pay(session.id, { method: 'PIX', payer: PAYER });
  assert.equal(hop.seen.length, 2, JSON.stringify(hop.seen));
  assert.ok(hop.seen[0].key, 'an idempotency key was sent');
  assert.equal(hop.seen[1].key, hop.seen[0].key, 'one key for both attempts');
  assert.equal(paid.transactions.length, 1);
  assert.equal((await client.sessions.retrieve(session.id)).transactions.length, 1, 'one payment, not two');
});

test('without retries, the lost answer is the caller\'s error', async (t) => {
  const hop = await flakyHop(1);
  t.after(hop.close);
  const session = await client.sessions.create(brazilian(orderId()));
  const once = createClient({ baseUrl: hop.url, secret: env.secret, maxRetries: 0 });
  await assert.rejects(once.sessions.retrieve(session.id), { status: 503, code: 'upstream_unavailable' });
});

test('nothing listening is an OrkestraConnectionError after the retries', async () => {
  const nowhere = createClient({ baseUrl: 'http://127.0.0.1:9', secret: env.secret, maxRetries: 1 });
  await assert.rejects(nowhere.sessions.retrieve('cs_x'), (error) => {
    assert.equal(error.name, 'OrkestraConnectionError');
    assert.match(error.message, /2 attempt/);
    return true;
  });
});

test('a payout is created once per reference and read', async () => {
  const referenceId = orderId();
  const body = {
    referenceId, method: 'PIX', currency: 'BRL', amount: '25.00',
    bankAccount: { key: '+5511987654321', document: '529.982.247-25', documentType: 'CPF' },
    beneficiary: { firstName: 'Maria', lastName: 'da Silva', type: 'INDIVIDUAL', document: '529.982.247-25', documentType: 'CPF' },
  };
  const payout = await client.payouts.create(body);
  assert.ok(['pending', 'paid'].includes(payout.status), payout.status);
  assert.match(payout.account, /^\*\*\*/, 'the account comes back masked');
  assert.equal((await client.payouts.create(body)).id, payout.id);
  assert.equal((await client.payouts.retrieve(payout.id)).referenceId, referenceId);
});

