// One run per language: the page speaks it, lays itself out right to left in Arabic,
// formats amounts with the browser's Intl, and keeps a screenshot of the form.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, artifact, axeViolations, pageShown } from './helpers.mjs';
import { open, chooseMethod } from './checkout.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const LOCALES = [
  // [locale, market, method, the pay button, amount pattern, dir]
  ['en', 'GH', 'MOBILE_MONEY', 'Send the request to my phone', /GH₵\s?150\.00|GHS\s?150\.00/, 'ltr'],
  ['es', 'MX', 'CARD', 'Pagar', /\$\s?500\.00/, 'ltr'], // es-MX: Mexico's own format
  ['pt-BR', 'BR', 'BOLETO', 'Gerar boleto', /R\$\s?150,00/, 'ltr'],
  ['fr', 'SN', 'MOBILE_MONEY', 'Envoyer la demande sur mon téléphone', /15\s?000\s?F\s?CFA/, 'ltr'],
  ['ar', 'EG', 'CASH', 'الحصول على رمز الدفع', /٧٥٠|750/, 'rtl'],
];

for (const [locale, market, method, button, amount, dir] of LOCALES) {
  test(`the page speaks ${locale}`, async () => {
    const { context, page } = await open(browser, market, { locale });
    try {
      await chooseMethod(page, method);
      assert.equal(await page.locator('html').getAttribute('lang'), locale);
      assert.equal(await page.locator('html').getAttribute('dir'), dir);
      assert.match(await page.getByTestId('amount').innerText(), amount);
      assert.ok(await page.getByRole('button', { name: button }).isVisible());
      assert.deepEqual(await axeViolations(page), []);
      await page.screenshot({ path: artifact(`locale-${locale}.png`), fullPage: true });
    } finally {
      await context.close();
    }
  });
}

test('?locale= on the address overrides the session language', async () => {
  const { session, context, page } = await open(browser, 'BR', { locale: 'pt-BR' });
  try {
    await page.goto(`${session.url}?locale=fr`);
    await pageShown(page);
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    assert.ok(await page.getByRole('radiogroup', { name: 'Moyen de paiement' }).isVisible());
  } finally {
    await context.close();
  }
});

test('the page fits a 320 px wide screen and the dark scheme', async () => {
  const { context, page } = await open(browser, 'CO', {
    locale: 'es', contextOptions: { viewport: { width: 320, height: 640 }, colorScheme: 'dark' },
  });
  try {
    await chooseMethod(page, 'PSE');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scroll (${overflow}px)`);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: artifact('pse-320-dark-es.png'), fullPage: true });
  } finally {
    await context.close();
  }
});
