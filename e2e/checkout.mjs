// Page objects of the payment page for the method tests: open a session of any market,
// fill a method's form from fixtures.json, read what the page shows, settle in the sandbox.

import { readFileSync } from 'node:fs';
import { createSession, getSession, simulate, eventually, axeViolations, pageShown, env } from './helpers.mjs';

export const fixtures = JSON.parse(readFileSync(new URL('./fixtures.json', import.meta.url)));

// Every (market, method) row of the catalog, as orkestra-core's Market::ALL × methods().
export const ROWS = [
  ['AR', 'BANK_TRANSFER'], ['BR', 'CARD'], ['BR', 'PIX'], ['BR', 'BOLETO'],
  ['CL', 'CARD'], ['CL', 'CASH'], ['CL', 'BANK_TRANSFER'],
  ['CO', 'CARD'], ['CO', 'PSE'], ['CO', 'CASH'], ['CO', 'BANK_TRANSFER'], ['CO', 'DAVIPLATA'], ['CO', 'NEQUI'],
  ['EC', 'CASH'], ['MX', 'CARD'], ['MX', 'SPEI'], ['MX', 'CASH'], ['MX', 'BANK_TRANSFER'],
  ['PE', 'CARD'], ['PE', 'CASH'], ['PE', 'BANK_TRANSFER'], ['BJ', 'MOBILE_MONEY'], ['BF', 'BANK_TRANSFER'],
  ['CM', 'BANK_TRANSFER'], ['CM', 'MOBILE_MONEY'], ['EG', 'CASH'], ['EG', 'BANK_TRANSFER'],
  ['ET', 'BANK_TRANSFER'], ['ET', 'MOBILE_MONEY'], ['GH', 'BANK_TRANSFER'], ['GH', 'MOBILE_MONEY'],
  ['CI', 'BANK_TRANSFER'], ['CI', 'MOBILE_MONEY'], ['KE', 'BANK_TRANSFER'], ['KE', 'MOBILE_MONEY'],
  ['MW', 'BANK_TRANSFER'], ['NG', 'BANK_TRANSFER'], ['NG', 'MOBILE_MONEY'], ['RW', 'BANK_TRANSFER'],
  ['RW', 'MOBILE_MONEY'], ['SN', 'BANK_TRANSFER'], ['SN', 'MOBILE_MONEY'], ['SL', 'BANK_TRANSFER'],
  ['ZA', 'CASH'], ['TZ', 'BANK_TRANSFER'], ['TZ', 'MOBILE_MONEY'], ['UG', 'BANK_TRANSFER'],
  ['UG', 'MOBILE_MONEY'], ['ZM', 'MOBILE_MONEY'], ['EU', 'SEPA'], ['WORLD', 'CRYPTO'],
];

// What the page shows once the request is made, per method (the NextAction's view).
export const SHOWS = {
  CARD: 'paid', PIX: 'pix-code', BOLETO: 'boleto', SPEI: 'transfer', PSE: 'redirect', CASH: 'voucher',
  BANK_TRANSFER: 'transfer', NEQUI: 'approve-on-phone', DAVIPLATA: 'otp-form',
  MOBILE_MONEY: 'approve-on-phone', SEPA: 'transfer', CRYPTO: 'crypto',
};

// The inputs of the page, by id, and the fixture key that fills them.
const INPUTS = {
  'payer-name': 'name', 'payer-document': 'document', 'payer-email': 'email', 'payer-phone': 'phone',
  'address-postal-code': 'postalCode', 'address-street': 'street', 'address-number': 'number',
  'address-district': 'district', 'address-city': 'city', 'address-state': 'state',
};

export async function open(browser, market, { locale = 'en', overrides = {}, contextOptions = {} } = {}) {
  const { currency, amount } = fixtures.sessions[market];
  const country = market === 'EU' || market === 'WORLD' ? undefined : market;
  const session = await createSession({ country, currency, amount, locale, ...overrides });
  const context = await browser.newContext({ locale, ...contextOptions });
  const page = await context.newPage();
  await page.goto(session.url);
  await pageShown(page);
  return { session, context, page };
}

export async function chooseMethod(page, method) {
  // The form first: the proxy draws the amount into the hosted page's HTML before the page
  // runs, so a caller that waited for it alone could find no radio yet and choose nothing.
  await page.getByTestId('pay-form').waitFor();
  const radio = page.locator(`input[name="method"][value="${method}"]`);
  if (await radio.count()) await radio.check();
  await page.getByTestId('pay-form').waitFor();
}

export async function fill(page, market, { card = fixtures.card } = {}) {
  const payer = fixtures.payers[market];
  for (const [id, key] of Object.entries(INPUTS)) {
    const input = page.locator(`#${id}`);
    if (payer[key] !== undefined && await input.count()) await input.fill(payer[key]);
  }
  if (await page.locator('#card-number').count()) {
    await page.locator('#card-number').fill(card.number);
    await page.locator('#card-expiry').fill(card.expiry);
    await page.locator('#card-cvv').fill(card.cvv);
  }
  if (await page.locator('#pse-bank').count()) {
    await eventually(async () => (await page.locator('#pse-bank option').count()) > 1);
    const value = await page.locator('#pse-bank option').nth(1).getAttribute('value');
    await page.locator('#pse-bank').selectOption(value);
  }
  if (payer.network && await page.locator(`input[name="network"]`).count()) {
    await page.locator(`input[name="network"][value="${payer.network}"]`).check();
  }
}

export async function pay(page) {
  await page.getByTestId('pay-form').locator('button[type="submit"]').click();
}

export async function status(page) {
  return page.getByTestId('status').getAttribute('data-status');
}

// The Orkestra id of the session's latest transaction, once the proxy has it.
export async function orkestraId(session) {
  return eventually(async () => {
    const s = await getSession(session.id);
    return s.transactions?.at(-1)?.orkestraId;
  });
}

export async function settle(session, outcome) {
  await simulate(await orkestraId(session), outcome);
}

export async function expectNoAxe(page, assert, what) {
  assert.deepEqual(await axeViolations(page), [], `${what} passes axe`);
}

export { env };
