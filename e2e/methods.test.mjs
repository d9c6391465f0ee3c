// Every (market, method) of the catalog in a real Chromium against the real proxy and
// sandbox: fill the form with valid data, pay, settle as the payer's bank or wallet would,
// and see the paid state live. Then each method's main failure and a retry with the method
// picker, one invalid input per kind of field, and axe on every view.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, watchForProblems, eventually, artifact } from './helpers.mjs';
import { ROWS, SHOWS, open, chooseMethod, fill, pay, settle, expectNoAxe, fixtures } from './checkout.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A failed test leaves a screenshot and the address it was on.
async function keep(page, name) {
  try {
    await page.screenshot({ path: artifact(`${name}.png`), fullPage: true });
    console.log(`${name}: ${page.url()}`);
  } catch { /* the page may be gone */ }
}

// Follows the page to the bank's (or the card issuer's) page.
async function toBank(page) {
  const link = page.getByTestId('redirect-link');
  await Promise.race([link.waitFor(), page.waitForURL(/_sandbox/)]).catch(() => {});
  if (!page.url().includes('/_sandbox/') && await link.count()) await link.click();
  await page.waitForURL(/_sandbox/);
}

// What the payer does after the request so that the payment goes through.
async function complete(page, session, method) {
  switch (method) {
    case 'CARD':
      return;
    case 'PSE':
      // The page goes to the bank (by itself, or by its button); the bank sends the payer back.
      await toBank(page);
      await page.getByRole('button', { name: 'Approve payment' }).click();
      return;
    case 'DAVIPLATA':
      await page.locator('#otp').fill(fixtures.otp);
      await page.getByTestId('otp-form').locator('button[type="submit"]').click();
      return;
    default:
      await settle(session, 'paid');
  }
}

describe('every market and method pays', { concurrency: 3 }, () => {
  for (const [market, method] of ROWS) {
    test(`${market} ${method}: fill, pay, settle, paid`, async () => {
      const { session, context, page } = await open(browser, market);
      const problems = watchForProblems(page);
      try {
        await chooseMethod(page, method);
        await expectNoAxe(page, assert, `${market} ${method} form`);
        await fill(page, market);
        await pay(page);
        const shows = SHOWS[method];
        if (method !== 'PSE') {
          await page.getByTestId(shows).waitFor({ timeout: 15000 });
          if (shows !== 'paid') await expectNoAxe(page, assert, `${market} ${method} instructions`);
        }
        await complete(page, session, method);
        await page.getByTestId('paid').waitFor({ timeout: 20000 });
        await expectNoAxe(page, assert, `${market} ${method} paid view`);
        assert.deepEqual(problems.filter((p) => !p.includes('/_sandbox/')), []);
      } catch (error) {
        await keep(page, `fail-${market}-${method}`);
        throw error;
      } finally {
        await context.close();
      }
    });
  }
});

// The way each method fails most often, and the retry that follows with the picker.
const FAILURES = [
  ['BR', 'CARD', 'declined card'], ['BR', 'PIX', 'simulate'], ['BR', 'BOLETO', 'simulate'],
  ['MX', 'SPEI', 'simulate'], ['CO', 'PSE', 'reject'], ['MX', 'CASH', 'simulate'],
  ['AR', 'BANK_TRANSFER', 'simulate'], ['CO', 'NEQUI', 'simulate'], ['CO', 'DAVIPLATA', 'wrong code'],
  ['GH', 'MOBILE_MONEY', 'simulate'], ['EU', 'SEPA', 'simulate'], ['WORLD', 'CRYPTO', 'simulate'],
  ['BR', 'CARD', '3-D Secure failed'],
];

describe('each method fails and the payer retries', { concurrency: 3 }, () => {
  for (const [market, method, how] of FAILURES) {
    test(`${market} ${method}: ${how}`, async () => {
      const { session, context, page } = await open(browser, market);
      try {
        await chooseMethod(page, method);
        const card = how === 'declined card' ? { ...fixtures.card, number: '4000 0000 0000 0002' }
          : how === '3-D Secure failed' ? { ...fixtures.card, number: '4000 0000 0000 3220' } : fixtures.card;
        await fill(page, market, { card });
        await pay(page);
        if (how === 'reject') {
          await toBank(page);
          await page.getByRole('button', { name: 'Reject payment' }).click();
        } else if (how === '3-D Secure failed') {
          await toBank(page);
          await page.getByRole('button', { name: 'Fail authentication' }).click();
        } else if (how === 'wrong code') {
          await page.getByTestId('otp-form').waitFor();
          await page.locator('#otp').fill('000000');
          await page.getByTestId('otp-form').locator('button[type="submit"]').click();
          const otp = page.locator('#otp');
          await eventually(async () => (await otp.getAttribute('aria-invalid')) === 'true');
          assert.match(await page.locator('#otp-error').innerText(), /code/i);
          await settle(session, 'failed');
        } else if (how === 'simulate') {
          await page.getByTestId(SHOWS[method]).waitFor({ timeout: 15000 });
          await settle(session, 'failed');
        }
        await page.getByTestId('try-again').waitFor({ timeout: 20000 });
        assert.equal(await page.getByTestId('status').getAttribute('data-status'), 'failed');
        await expectNoAxe(page, assert, `${market} ${method} failed view`);
        await page.getByTestId('try-again').click();
        await page.getByTestId('pay-form').waitFor();
        // The picker comes back where the session offers several methods.
        const methods = await page.locator('input[name="method"]').count();
        assert.ok(['AR', 'EU', 'WORLD'].includes(market) || methods > 1, 'the method picker is back');
      } catch (error) {
        await keep(page, `fail-${market}-${method}-${how.replaceAll(' ', '-')}`);
        throw error;
      } finally {
        await context.close();
      }
    });
  }
});

describe('invalid input is caught under its field', { concurrency: 3 }, () => {
  // [market, method, input id, bad value, message pattern]
  const CASES = [
    ['BR', 'PIX', 'payer-name', 'M', /full name/i],
    ['BR', 'PIX', 'payer-document', '529.982.247-26', /not valid/i],
    ['BR', 'PIX', 'payer-email', 'maria@', /email/i],
    ['CO', 'NEQUI', 'payer-phone', '12345', /mobile/i],
    ['BR', 'CARD', 'card-number', '4111 1111 1111 1112', /card number/i],
    ['BR', 'CARD', 'card-expiry', '01/20', /expired/i],
    ['MX', 'CARD', 'card-cvv', '1', /security code/i],
    ['BR', 'BOLETO', 'address-postal-code', '0131', /CEP/],
    ['BR', 'BOLETO', 'address-state', 'S1', /state/i],
  ];
  for (const [market, method, id, bad, message] of CASES) {
    test(`${market} ${method}: ${id} "${bad}"`, async () => {
      const { context, page } = await open(browser, market);
      try {
        await chooseMethod(page, method);
        const input = page.locator(`#${id}`);
        await input.fill(bad);
        await input.blur();
        await eventually(async () => (await input.getAttribute('aria-invalid')) === 'true');
        const describedBy = (await input.getAttribute('aria-describedby')).split(' ');
        const error = page.locator(`[id="${describedBy.at(-1)}"]`);
        assert.match(await error.innerText(), message);
        assert.equal(await error.getAttribute('aria-live'), 'polite');
        await expectNoAxe(page, assert, `${id} with a message`);
      } finally {
        await context.close();
      }
    });
  }

  test('a submit with choices left open asks to choose, and focuses the first', async () => {
    const { context, page } = await open(browser, 'WORLD');
    try {
      await pay(page);
      const group = page.locator('fieldset[aria-invalid="true"]');
      await group.waitFor();
      assert.match(await page.locator('#network-error').innerText(), /choose/i);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'network');
    } finally {
      await context.close();
    }
  });

  test('card numbers are grouped and their brand shows as the payer types', async () => {
    const { context, page } = await open(browser, 'BR');
    try {
      await chooseMethod(page, 'CARD');
      await page.locator('#card-number').pressSequentially('378282246310005');
      assert.equal(await page.locator('#card-number').inputValue(), '3782 822463 10005');
      assert.equal(await page.getByTestId('card-brand').innerText(), 'American Express');
      await page.locator('#card-number').fill('');
      await page.locator('#card-number').pressSequentially('4111');
      assert.equal(await page.getByTestId('card-brand').innerText(), 'Visa');
      await page.screenshot({ path: artifact('card-form-en.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
