// examples/nextjs, built from the packed tarball: `tsc --noEmit` passes (and a wrong prop
// fails it), `next build` passes offline, and on `next start` a payer goes from the basket
// (a server action creates the session with @orkestra/checkout/server) to the checkout
// page (a client component mounts it inline) and pays by PIX in Chromium against the real
// stack; the proxy's signed webhook reaches the route handler, which verifies it with the
// Node library, and the page confirms the order only then. A forged webhook is refused.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { env, launch, getSession, simulate, eventually, watchForProblems } from './helpers.mjs';
import { chooseMethod, fill, pay } from './checkout.mjs';
import { freePort, installExample, start, typecheck } from './examples.mjs';

const WRONG = [
  {
    file: 'app/wrong.tsx',
    text: "'use client';\nimport { OrkestraCheckout } from '@orkestra/checkout/react';\nexport function W() { return <OrkestraCheckout session=\"x\" mode=\"inline\" onPayed={() => {}} />; }\n",
    expect: /error TS2322[\s\S]*onPayed/,
  },
];

const sign = (secret, t, body) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

test('the Next.js example, from the packed tarball', async (t) => {
  const example = installExample('nextjs');
  t.after(example.remove);
  const next = join(example.dir, 'node_modules/.bin/next');

  await t.test('next build passes offline (no telemetry, no fonts, nothing fetched)', () => {
    const started = Date.now();
    const out = example.run(next, ['build']);
    assert.match(out, /\/checkout\/\[id\]/, out);
    console.log(`# next build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  await t.test('its types check, and a wrong prop fails tsc', () => {
    typecheck(example, 'tsc', WRONG);
  });

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server = start(example, next, ['start', '-p', String(port), '-H', '127.0.0.1'], {
    ORKESTRA_PROXY_URL: env.proxy,
    ORKESTRA_MERCHANT_SECRET: env.secret,
    ORKESTRA_WEBHOOK_SECRET: env.webhookSecret,
    SHOP_ORIGIN: origin,
  });
  t.after(server.stop);
  const starting = Date.now();
  await eventually(async () => (await fetch(origin).catch(() => null))?.ok, { timeout: 60000 })
    .catch((error) => { throw new Error(`next start: ${error.message}\n${server.output()}`); });
  console.log(`# next start: answering in ${((Date.now() - starting) / 1000).toFixed(1)} s`);

  const browser = await launch();
  t.after(() => browser.close());

  await t.test('a payer pays by PIX; the verified webhook confirms the order', async () => {
    const context = await browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const problems = watchForProblems(page);
    const missing = [];
    page.on('response', (response) => { if (response.status() >= 400) missing.push(`${response.status()} ${response.url()}`); });
    await page.goto(origin);
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL(/\/checkout\/cs_/);
    const sessionId = new URL(page.url()).pathname.split('/').pop();
    await page.getByTestId('amount').waitFor({ timeout: 30000 });
    await chooseMethod(page, 'PIX');
    await fill(page, 'BR');
    await pay(page);
    await page.getByTestId('pix-code').waitFor({ timeout: 20000 });
    const pending = await getSession(sessionId);
    await simulate(pending.transactions[0].orkestraId, 'paid');
    await eventually(async () => (await page.getByTestId('order-status').innerText()) === 'Order confirmed.', { timeout: 40000 });
    const order = await (await fetch(`${origin}/api/orders/${sessionId}`)).json();
    assert.equal(order.status, 'paid');
    assert.ok(order.events.some((e) => e.type === 'checkout_session.paid' && e.id.startsWith('evt_')), JSON.stringify(order));
    assert.deepEqual(problems, [], missing.join(', '));
    await context.close();
  });

  await t.test('the webhook route refuses a forged or stale webhook and takes a signed one', async () => {
    const post = (body, signature) => fetch(`${origin}/api/webhooks/orkestra`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'orkestra-signature': signature }, body,
    });
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ id: 'evt_forged', type: 'checkout_session.paid', createdAt: new Date().toISOString(), data: { id: 'cs_forged', status: 'paid' } });
    const forged = await post(body, `t=${now},v1=${sign('not-the-secret', now, body)}`);
    assert.equal(forged.status, 400);
    assert.deepEqual(await forged.json(), { error: 'no_matching_signature' });
    const tampered = await post(body.replace('cs_forged', 'cs_other'), `t=${now},v1=${sign(env.webhookSecret, now, body)}`);
    assert.equal(tampered.status, 400);
    const stale = await post(body, `t=${now - 600},v1=${sign(env.webhookSecret, now - 600, body)}`);
    assert.deepEqual(await stale.json(), { error: 'timestamp_out_of_tolerance' });
    const signed = await post(body, `t=${now},v1=${sign(env.webhookSecret, now, body)}`);
    assert.equal(signed.status, 200);
    assert.equal((await (await fetch(`${origin}/api/orders/cs_forged`)).json()).status, 'paid');
  });
});
