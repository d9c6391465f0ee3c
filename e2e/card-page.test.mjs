// Cards typed on Orkestra's payment page (`cardCapture: orkestra`), end to end: the
// checkout frames the sandbox's emulation of that page, the payer types the card there,
// and the checkout learns the outcome from the proxy's live status. In the hosted page, the
// merchant's iframe and the inline mount; approved, declined, 3-D Secure and split with
// PIX; by keyboard only; under axe. Each test proves that no request the proxy received
// (every request of the browser to the proxy's origin, as sent) and nothing in the proxy's
// log (trace level for its own crates in this stack) holds the card number or the CVV.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, env, eventually, watchForProblems, createSession, getSession, axeViolations, artifact } from './helpers.mjs';
import { fill, chooseMethod, pay, status, settle } from './checkout.mjs';

const proxyOrigin = new URL(env.proxy).origin;
const sandboxOrigin = new URL(env.sandbox).origin;
const APPROVED = '4111111111111111';
const DECLINED = '4000000000000002';
const CHALLENGE = '4000000000003220';
const CVV = '737';

// Every request the browser sends to the proxy, and to Orkestra's (the sandbox's) origin.
function record(context) {
  const seen = { proxy: [], orkestra: [] };
  context.on('request', (request) => {
    const origin = new URL(request.url()).origin;
    const line = `${request.method()} ${request.url()}\n${request.postData() ?? ''}`;
    if (origin === proxyOrigin) seen.proxy.push(line);
    if (origin === sandboxOrigin) seen.orkestra.push(line);
  });
  return seen;
}

// The card went to Orkestra's origin (so the check below could have seen it) and never to
// the proxy: not in a request, not in its log.
function assertCardNeverReachedTheProxy(seen, number) {
  assert.ok(seen.orkestra.some((r) => r.startsWith('POST') && r.includes(number)), 'the card was posted to Orkestra\'s page');
  assert.ok(seen.proxy.length > 0, 'the proxy was asked');
  const token = new RegExp(`(^|[^0-9])${CVV}([^0-9]|$)`);
  for (const request of seen.proxy) {
    assert.ok(!request.includes(number), `no card number in ${request.split('\n')[0]}`);
    assert.ok(!request.split('\n')[1].match(token), `no CVV in ${request.split('\n')[0]}`);
    assert.ok(!/"card"\s*:\s*\{/.test(request), `no card object in ${request.split('\n')[0]}`);
  }
  const log = readFileSync(artifact('proxy.log'), 'utf8');
  assert.ok(log.includes('TRACE') || log.includes('DEBUG') || log.length > 0, 'the proxy log is there');
  const spaced = number.replace(/(\d{4})(?=\d)/g, '$1 ');
  assert.ok(!log.includes(number) && !log.includes(spaced), 'no card number in the proxy log');
  assert.ok(!/(cvv|securityCode|security_code)[^\n]{0,60}737/i.test(log), 'no CVV in the proxy log');
}

// Our page's frame of Orkestra's card page, once shown.
async function cardFrame(scope) {
  const frame = scope.locator('[data-testid="card-page-frame"]');
  await frame.waitFor();
  const src = await frame.getAttribute('src');
  assert.equal(new URL(src).origin, sandboxOrigin, 'the frame is on Orkestra\'s origin');
  assert.equal(new URL(src).searchParams.get('frame'), '1');
  return scope.frameLocator('[data-testid="card-page-frame"]');
}

async function typeCard(frame, number) {
  await frame.getByTestId('pp-number').fill(number);
  await frame.getByTestId('pp-expiry').fill('12/30');
  await frame.getByTestId('pp-cvv').fill(CVV);
  await frame.getByTestId('pp-name').fill('MARIA DA SILVA');
  await frame.getByTestId('pp-submit').click();
}

// A hosted page of a session whose cards are typed on Orkestra's page, the card chosen
// and the payer's fields filled (no card field among them).
async function hostedCard(browser, overrides = {}) {
  const session = await createSession({ cardCapture: 'orkestra', ...overrides });
  const context = await browser.newContext({ locale: 'en' });
  const seen = record(context);
  const page = await context.newPage();
  const problems = watchForProblems(page);
  await page.goto(session.url);
  await chooseMethod(page, 'CARD');
  assert.equal(await page.locator('#card-number').count(), 0, 'no card field in our page');
  await fill(page, 'BR');
  return { session, context, page, seen, problems };
}

test('card capture on Orkestra\'s page', async (t) => {
  const browser = await launch();
  t.after(() => browser.close());

  await t.test('the hosted page frames Orkestra\'s page and shows the card paid', async () => {
    const { session, context, page, seen, problems } = await hostedCard(browser, { locale: 'pt-BR' });
    await pay(page);
    const frame = await cardFrame(page);
    assert.equal(await frame.locator('html').getAttribute('lang'), 'pt-BR', 'the frame speaks the page\'s language');
    const csp = (await (await fetch(session.url)).headers.get('content-security-policy')) ?? '';
    assert.match(csp, new RegExp(`frame-src ${sandboxOrigin}`));
    assert.deepEqual(await axeViolations(page), [], 'the page with Orkestra\'s frame passes axe');
    await typeCard(frame, APPROVED);
    await eventually(async () => (await status(page)) === 'paid');
    const merchant = await getSession(session.id);
    assert.equal(merchant.status, 'paid');
    assert.equal(merchant.cardCapture, 'orkestra');
    assertCardNeverReachedTheProxy(seen, APPROVED);
    assert.deepEqual(problems, []);
    await context.close();
  });

  await t.test('a declined card is told, and the payer may try again', async () => {
    const { session, context, page, seen } = await hostedCard(browser);
    await pay(page);
    const frame = await cardFrame(page);
    await typeCard(frame, DECLINED);
    await eventually(async () => (await getSession(session.id)).transactions?.at(-1)?.status === 'failed');
    const merchant = await getSession(session.id);
    assert.equal(merchant.transactions.at(-1).failureCode, 'card_declined');
    // The failure is said, and the payer may pay again.
    await page.getByTestId('try-again').waitFor({ timeout: 20000 });
    assert.equal(await status(page), 'failed');
    assert.deepEqual(await axeViolations(page), [], 'the failed view passes axe');
    await page.getByTestId('try-again').click();
    await page.getByTestId('pay-form').waitFor();
    assertCardNeverReachedTheProxy(seen, DECLINED);
    await context.close();
  });

  await t.test('a 3-D Secure card is authenticated inside the frame', async () => {
    // In English: the challenge speaks the page's language, which is Brazil's by default.
    const { context, page, seen } = await hostedCard(browser, { locale: 'en' });
    await pay(page);
    const frame = await cardFrame(page);
    await typeCard(frame, CHALLENGE);
    await frame.getByRole('button', { name: /complete/i }).click();
    await eventually(async () => (await status(page)) === 'paid');
    assertCardNeverReachedTheProxy(seen, CHALLENGE);
    await context.close();
  });

  await t.test('a split pays part by card on Orkestra\'s page, then the rest by PIX', async () => {
    const { session, context, page, seen } = await hostedCard(browser);
    await page.locator('#split-toggle').check();
    const total = Number(await page.locator('#split-amount').inputValue());
    await page.locator('#split-amount').fill(String(total / 2));
    await pay(page);
    await typeCard(await cardFrame(page), APPROVED);
    await eventually(async () => (await getSession(session.id)).status === 'partially_paid');
    await chooseMethod(page, 'PIX');
    await fill(page, 'BR');
    await pay(page);
    await page.getByTestId('pix-code').waitFor();
    await settle(session, 'paid');
    await eventually(async () => (await status(page)) === 'paid');
    const legs = (await getSession(session.id)).transactions;
    assert.deepEqual(legs.map((l) => [l.method, l.status]), [['CARD', 'paid'], ['PIX', 'paid']]);
    assertCardNeverReachedTheProxy(seen, APPROVED);
    await context.close();
  });

  await t.test('a payer pays by keyboard alone, into the frame and back out', async () => {
    const { context, page, seen } = await hostedCard(browser);
    // Tab to the last field of our form, Enter submits it; focus lands on the new screen's
    // heading, and Tab goes on into Orkestra's frame.
    const last = await page.getByTestId('pay-form').locator('input:not([type=radio]):not([type=checkbox])').last().getAttribute('id');
    for (let i = 0; i < 40 && (await page.evaluate(() => document.activeElement?.id)) !== last; i++) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), last, 'Tab reaches our form');
    await page.keyboard.press('Enter');
    const frame = await cardFrame(page);
    await frame.getByTestId('pp-number').waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
    await eventually(async () => (await page.evaluate(() => document.activeElement?.id)) === 'stage-heading')
      .catch(async () => assert.fail(`focus is on ${await focused()}, not the screen's heading`));
    // Which field of the frame has the focus (none: the focus is outside it).
    const inFrame = async (id) => (await frame.locator(':focus').count()) > 0
      && frame.locator(':focus').evaluate((e, want) => e.dataset.testid === want, id);
    for (let i = 0; i < 8 && !(await inFrame('pp-number')); i++) await page.keyboard.press('Tab');
    assert.ok(await inFrame('pp-number'), 'Tab reaches the card number inside the frame');
    await page.keyboard.type(APPROVED);
    await page.keyboard.press('Tab');
    await page.keyboard.type('1230');
    await page.keyboard.press('Tab');
    await page.keyboard.type(CVV);
    await page.keyboard.press('Tab');
    await page.keyboard.type('MARIA DA SILVA');
    await page.keyboard.press('Enter');
    await eventually(async () => (await status(page)) === 'paid');
    // Focus is back in our page, on its result.
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.activeElement !== document.body), 'focus is in the checkout again');
    assertCardNeverReachedTheProxy(seen, APPROVED);
    await context.close();
  });

  for (const mode of ['iframe', 'inline']) {
    await t.test(`the shop's ${mode} checkout frames Orkestra's page and is paid`, async () => {
      const context = await browser.newContext({ locale: 'en' });
      const seen = record(context);
      const page = await context.newPage();
      const problems = watchForProblems(page);
      await page.goto(env.shop);
      await page.locator('#card-capture').selectOption('orkestra');
      await page.locator(`#pay-${mode}`).click();
      let scope = page;
      if (mode === 'iframe') {
        const iframe = page.locator('#iframe-checkout iframe');
        await iframe.waitFor();
        scope = page.frameLocator('#iframe-checkout iframe');
      }
      await chooseMethod(scope, 'CARD');
      assert.equal(await scope.locator('#card-number').count(), 0, 'no card field in the checkout');
      await fill(scope, 'BR');
      await pay(scope);
      await typeCard(await cardFrame(scope), APPROVED);
      await eventually(async () => (await page.locator(`#${mode}-events li[data-type="paid"]`).count()) > 0);
      assertCardNeverReachedTheProxy(seen, APPROVED);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
