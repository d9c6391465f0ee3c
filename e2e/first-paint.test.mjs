// The hosted page's first paint: the proxy draws the merchant and the amount into the HTML
// (crates/orkestra-proxy/src/routes/hosted/summary.rs), so the payer sees what they pay
// before the wasm has even arrived (in a top-level tab or an allowed frame, the first screen's form as well:
// e2e/server-form.test.mjs); the page then takes them over with the same text, without a
// layout shift.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, createSession, pageShown, openHoldingTheWasm, axeViolations, env } from './helpers.mjs';
import { fixtures } from './checkout.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function summaryOf(page) {
  return page.evaluate(() => {
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return [r.x, r.y, r.width, r.height].map(Math.round);
    };
    const merchant = document.querySelector('.summary__merchant');
    const amount = document.querySelector('[data-testid="amount"]');
    return {
      merchant: merchant?.textContent, amount: amount?.textContent, label: document.querySelector('.summary__label')?.textContent,
      boxes: [merchant, amount].map((el) => el && box(el)),
      lang: document.documentElement.lang, dir: document.documentElement.dir,
    };
  });
}

test("the hosted page's first paint shows the merchant and the amount before the wasm starts", async () => {
  // Cards on Orkestra's page, the product's default: the form the server draws (form.rs).
  const session = await createSession({ locale: 'pt-BR', cardCapture: 'orkestra' });
  const api = await (await fetch(`${env.proxy}/api/pay/${session.url.split('/').pop()}`)).json();
  const context = await browser.newContext({ locale: 'pt-BR' });
  try {
    const { page, release, wasAsked } = await openHoldingTheWasm(context, session.url);
    await page.getByTestId('amount').waitFor();
    // Painted: the browser reports a contentful paint while the wasm is still held back.
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
    const painted = await summaryOf(page);
    assert.equal(painted.merchant, api.merchantName);
    assert.equal(painted.amount, 'R$\u00a0150,00');
    assert.equal(painted.label, 'Total');
    // In a top-level tab the server draws the first screen's form too (form.rs), its Pay
    // button disabled, saying the payment is loading, until the page runs.
    assert.equal(await page.locator('main[data-drawn="server"]').count(), 1, 'the page has not run yet');
    assert.ok(await page.getByRole('button', { name: 'Carregando seu pagamento…' }).isDisabled());
    assert.ok(wasAsked(), 'the wasm was requested (and is held back)');
    assert.ok(await page.locator('#load-failed').isHidden(), 'on its way, not failed: no failure notice');
    const wasmRan = await page.evaluate(() => Boolean(window.wasmBindings));
    assert.equal(wasmRan, false);

    release();
    await pageShown(page);
    assert.ok(await page.getByRole('button', { name: 'Pagar', exact: true }).isEnabled());
    const taken = await summaryOf(page);
    assert.deepEqual(taken, painted, 'the page draws the same summary in the same place');
    const shifts = await page.evaluate(() => window.__shifts);
    assert.deepEqual(shifts, [], 'no layout shift');
  } finally {
    await context.close();
  }
});

// The server writes amounts from Chromium's rules (intl/formats.json); the page, with Intl.
const CASES = [
  // [market, locale]
  ['MX', 'es'], ['SN', 'fr'], ['EG', 'ar'], ['GH', 'en'], ['CO', 'es'], ['NG', 'fr'], ['WORLD', 'ar'],
];

for (const [market, locale] of CASES) {
  test(`the summary drawn by the server for ${market} in ${locale} is the page's own`, async () => {
    const { currency, amount } = fixtures.sessions[market];
    const country = market === 'EU' || market === 'WORLD' ? undefined : market;
    const session = await createSession({ country, currency, amount, locale });
    const context = await browser.newContext({ locale });
    try {
      const { page, release } = await openHoldingTheWasm(context, session.url);
      await page.getByTestId('amount').waitFor();
      const painted = await summaryOf(page);
      assert.equal(painted.lang, locale);
      release();
      await pageShown(page);
      assert.deepEqual(await summaryOf(page), painted);
    } finally {
      await context.close();
    }
  });
}

// The page's code never comes (its wasm or its JS refused, as on a network that drops it):
// the payer is told so in their language, with a link that loads the page again, instead
// of looking at "Loading" for good; the second time it comes, and the page runs.
for (const [what, pattern] of [['wasm', /_bg\.wasm$/], ['JS', /orkestra-checkout-[0-9a-f]+\.js$/]]) {
  test(`a page whose ${what} cannot be fetched says so and offers to load it again`, async () => {
    const session = await createSession({ locale: 'pt-BR', cardCapture: 'orkestra' });
    const context = await browser.newContext({ locale: 'pt-BR' });
    try {
      const page = await context.newPage();
      let refuse = true;
      await page.route(pattern, (route) => (refuse ? route.abort('connectionreset') : route.continue()));
      await page.goto(session.url);
      const notice = page.locator('#load-failed');
      await notice.waitFor({ state: 'visible' });
      assert.equal(await notice.getAttribute('role'), 'alert');
      assert.match(await notice.innerText(), /Não foi possível carregar este pagamento/);
      assert.deepEqual(await axeViolations(page), []);
      refuse = false;
      await page.getByRole('link', { name: 'Tentar novamente' }).click();
      await pageShown(page);
      assert.equal(await page.locator('#load-failed').count(), 0, 'gone once the page runs');
      assert.ok(await page.getByTestId('pay-form').locator('button[type="submit"]').isEnabled());
    } finally {
      await context.close();
    }
  });
}
