// Embedding, end to end on the real stack: the demo shop (its own origin, under the CSP
// recipe of docs/embedding.md) embeds the checkout from the proxy's origin in an iframe
// and inline, and sends payers to the hosted page and back with a signed result.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { launch, env, eventually, watchForProblems, getSession } from './helpers.mjs';
import { fill, chooseMethod, pay, settle } from './checkout.mjs';

assert.notEqual(new URL(env.shop).origin, new URL(env.proxy).origin, 'the shop and the checkout are cross-origin');

// The merchant's check of the signed return, as docs/embedding.md gives it.
function verifyReturn(secret, query, now = Math.floor(Date.now() / 1000)) {
  const p = new URLSearchParams(query);
  const t = Number(p.get('orkestra_t'));
  if (!Number.isInteger(t) || Math.abs(now - t) > 300) return false;
  const expected = createHmac('sha256', secret)
    .update(`${t}.return.${p.get('orkestra_session_id')}.${p.get('orkestra_outcome')}`)
    .digest();
  const given = Buffer.from(p.get('orkestra_signature') ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const events = (page, list) => page.locator(`#${list} li`).evaluateAll((items) => items.map((i) => i.dataset.type));

test('embedding', async (t) => {
  const browser = await launch();
  t.after(() => browser.close());

  await t.test('an iframe payment across origins resizes to its content and relays its events', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchForProblems(page);
    await page.goto(env.shop);
    await page.locator('#pay-iframe').click();
    const iframe = page.locator('#iframe-checkout iframe');
    await iframe.waitFor();
    const frame = await (await iframe.elementHandle()).contentFrame();
    await frame.getByTestId('amount').waitFor();
    assert.equal(new URL(frame.url()).origin, new URL(env.proxy).origin);
    const heightNow = () => iframe.evaluate((f) => f.getBoundingClientRect().height);
    const contentHeight = () => frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    // The loader's 600 px until the page reports its own height, then exactly that.
    await eventually(async () => Math.abs((await heightNow()) - (await contentHeight())) <= 1);
    const first = await heightNow();
    await eventually(async () => (await events(page, 'iframe-events')).includes('ready'));

    // Part by card first (a split), then the rest by card: the merchant hears of both.
    await chooseMethod(frame, 'CARD');
    await frame.locator('#split-toggle').check();
    const total = Number(await frame.locator('#split-amount').inputValue());
    await frame.locator('#split-amount').fill(String(total / 2));
    await fill(frame, 'BR');
    await pay(frame);
    await eventually(async () => (await events(page, 'iframe-events')).includes('partially_paid'));
    await chooseMethod(frame, 'CARD');
    await fill(frame, 'BR');
    await pay(frame);
    await eventually(async () => (await events(page, 'iframe-events')).includes('paid'));
    const seen = await events(page, 'iframe-events');
    for (const type of ['ready', 'change', 'submitted', 'partially_paid', 'paid']) assert.ok(seen.includes(type), `${type} in ${seen}`);
    assert.ok(seen.indexOf('ready') < seen.indexOf('submitted') && seen.indexOf('submitted') < seen.indexOf('partially_paid')
      && seen.indexOf('partially_paid') < seen.indexOf('paid'), seen.join());
    // The paid screen is another height; the iframe followed it.
    await eventually(async () => Math.abs((await heightNow()) - (await contentHeight())) <= 1 && (await heightNow()) !== first);
    assert.deepEqual(problems, []);
    await context.close();
  });

  await t.test('a message from a wrong origin or window is ignored by both sides', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(env.shop);
    // Every message the shop's window receives, to show the forged ones did arrive.
    await page.evaluate(() => {
      window.received = [];
      window.addEventListener('message', (m) => window.received.push({ origin: m.origin, type: m.data?.type }));
    });
    await page.locator('#pay-iframe').click();
    const iframe = page.locator('#iframe-checkout iframe');
    await iframe.waitFor();
    const frame = await (await iframe.elementHandle()).contentFrame();
    await frame.getByTestId('amount').waitFor();
    await eventually(async () => (await events(page, 'iframe-events')).includes('ready'));

    // Another window at another origin (the shop as http://localhost:<port>) that holds a
    // reference to the shop's window and to the checkout's iframe.
    const foreign = env.shop.replace('127.0.0.1', 'localhost');
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.evaluate((url) => { window.open(url); }, `${foreign}/favicon.svg`),
    ]);
    await popup.waitForLoadState();
    await popup.evaluate(() => {
      const base = { protocol: 'orkestra-checkout', version: 1 };
      // To the merchant: a perfectly shaped "paid"; to the checkout: "cancel".
      window.opener.postMessage({ ...base, type: 'paid', sessionId: 'forged', transactionId: null }, '*');
      window.opener.frames[0].postMessage({ ...base, type: 'cancel' }, '*');
    });
    await eventually(async () => (await page.evaluate(() => window.received)).some((r) => r.type === 'paid'));
    const forged = (await page.evaluate(() => window.received)).find((r) => r.type === 'paid');
    assert.equal(forged.origin, new URL(foreign).origin, 'the forged message reached the shop window');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.ok(!(await events(page, 'iframe-events')).includes('paid'), 'the merchant callback never saw it');
    assert.ok(!(await events(page, 'iframe-events')).includes('cancelled'), 'the checkout did not cancel');
    assert.equal(await frame.getByTestId('cancel').count(), 1, 'the checkout still offers its cancel button');
    await context.close();
  });

  await t.test('the hosted redirect comes back with a result the merchant verifies; a tampered one fails', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(env.shop);
    await page.locator('#pay-hosted').click();
    await page.waitForURL((url) => url.origin === new URL(env.proxy).origin);
    await page.getByTestId('amount').waitFor();
    await chooseMethod(page, 'CARD');
    await fill(page, 'BR');
    await pay(page);
    await page.getByTestId('back-to-store').click();
    await page.waitForURL((url) => url.origin === new URL(env.shop).origin && url.pathname === '/return.html');
    const result = page.locator('#return-result');
    await eventually(async () => (await result.getAttribute('data-verified')) !== null);
    assert.equal(await result.getAttribute('data-verified'), 'true');
    assert.equal(await result.getAttribute('data-outcome'), 'paid');
    const query = new URL(page.url()).search;
    assert.ok(verifyReturn(env.webhookSecret, query), 'the docs snippet verifies it');
    const session = await getSession(new URLSearchParams(query).get('orkestra_session_id'));
    assert.equal(session.status, 'paid');

    const tampered = new URLSearchParams(query);
    tampered.set('orkestra_session_id', 'cs_someone_else');
    assert.ok(!verifyReturn(env.webhookSecret, `?${tampered}`), 'the docs snippet refuses a changed session id');
    await page.goto(`${env.shop}/return.html?${tampered}`);
    await eventually(async () => (await result.getAttribute('data-verified')) !== null);
    assert.equal(await result.getAttribute('data-verified'), 'false');
    await context.close();
  });

  await t.test('the inline mount pays a pix on the shop page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchForProblems(page);
    await page.goto(env.shop);
    await page.locator('#pay-inline').click();
    const slot = page.locator('#inline-checkout');
    await slot.getByTestId('amount').waitFor();
    await chooseMethod(slot, 'PIX');
    await fill(slot, 'BR');
    await pay(slot);
    await eventually(async () => (await events(page, 'inline-events')).includes('pending'));
    const id = await page.locator('#inline-events li[data-type="pending"]').getAttribute('data-session-id');
    await settle({ id }, 'paid');
    await eventually(async () => (await events(page, 'inline-events')).includes('paid'));
    const seen = await events(page, 'inline-events');
    for (const type of ['ready', 'change', 'submitted', 'pending', 'paid']) assert.ok(seen.includes(type), `${type} in ${seen}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
