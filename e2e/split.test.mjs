// Split payments in a real Chromium against the real proxy and sandbox: one payer paying
// one charge with several methods (card first, then PIX), a failed leg replaced, a split
// abandoned and refunded, a waiting leg withdrawn, and an order shared by three payers, each
// in their own browser.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, watchForProblems, eventually, artifact, createSession, getSession, simulate, env } from './helpers.mjs';
import { open, chooseMethod, fill, pay, expectNoAxe } from './checkout.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// "Pay only part with this method", then this leg's amount.
async function splitOff(page, amount) {
  await page.getByLabel('Pay only part with this method').check();
  const field = page.getByLabel('Amount to pay with this method');
  await field.fill(amount);
  return field;
}

// The charge's balance in the summary, as the payer reads it. Read in one step in the page:
// a row may go between a check that it is there and the read of its text (pending → paid).
async function balance(page) {
  return page.evaluate(() => {
    const read = (id) => document.querySelector(`[data-testid="${id}"]`)?.innerText ?? null;
    return { paid: read('paid-amount'), pending: read('pending-amount'), left: read('left-amount') };
  });
}

// Waits for the page to show `left` to pay and nothing pending. `left` alone is not
// enough: a card leg still being created already holds its amount (it shows as pending),
// and the submit's answer (or a double click's second one) can be that snapshot.
async function settled(page, left) {
  await eventually(async () => {
    const shown = await balance(page);
    return shown.left?.includes(left) && shown.pending === null;
  });
}

// Pays `amount` of the charge by card and waits for the page to show `left` to pay.
async function payCardPart(page, amount, left, { click = pay } = {}) {
  await chooseMethod(page, 'CARD');
  await splitOff(page, amount);
  await fill(page, 'BR');
  await click(page);
  await settled(page, left);
}

const doubleClick = (page) => page.getByTestId('pay-form').locator('button[type="submit"]').dblclick();

async function legs(session) {
  const s = await getSession(session.id);
  return s.transactions.map((t) => `${t.method} ${t.amount} ${t.status}`);
}

// The signed webhooks the demo shop received for this session, oldest first.
async function webhooks(session) {
  const events = await (await fetch(`${env.shop}/api/events`)).json();
  return events.filter((e) => e.data?.id === session.id || e.data?.session?.id === session.id);
}

async function pendingLeg(session, method) {
  return eventually(async () => {
    const s = await getSession(session.id);
    const leg = s.transactions.find((t) => t.method === method && t.status === 'pending' && t.orkestraId);
    return leg?.orkestraId;
  });
}

test('a card and a PIX leg pay one charge in full', async () => {
  const { session, context, page } = await open(browser, 'BR');
  const problems = watchForProblems(page);
  try {
    await chooseMethod(page, 'CARD');
    const amount = await splitOff(page, '');
    // The amount starts empty here (filled above with ''): the rule says so under the field.
    await pay(page);
    await eventually(async () => (await amount.getAttribute('aria-invalid')) === 'true');
    assert.ok(await amount.evaluate((e) => e === document.activeElement), 'focus on the amount');
    await amount.fill('150.01');
    await amount.blur();
    const message = page.locator('#split-amount-error');
    await eventually(async () => /more than is left/.test(await message.innerText()));
    // Unchecking and checking again starts at all that is left.
    await page.getByLabel('Pay only part with this method').uncheck();
    await page.getByLabel('Pay only part with this method').check();
    assert.equal(await amount.inputValue(), '150.00');
    await amount.fill('50,00');
    await expectNoAxe(page, assert, 'the split card form');
    await fill(page, 'BR');
    await pay(page);

    // The card leg is paid; the page asks for the rest and shows the balance.
    await settled(page, '100.00');
    assert.match((await balance(page)).paid, /50\.00/);
    assert.match(await page.getByTestId('status').innerText(), /Choose how to pay the rest/);
    assert.equal(await page.locator('#card-number').inputValue(), '', 'no card data stays in the page');
    await expectNoAxe(page, assert, 'the balance and the next leg');

    await chooseMethod(page, 'PIX');
    assert.equal(await page.getByLabel('Pay only part with this method').isChecked(), false);
    await fill(page, 'BR');
    await pay(page);
    await page.getByTestId('pix-code').waitFor();
    assert.match((await balance(page)).pending, /100\.00/);
    await simulate(await pendingLeg(session, 'PIX'), 'paid');
    await page.getByTestId('paid').waitFor({ timeout: 20000 });
    await page.screenshot({ path: artifact('split-card-pix-paid.png'), fullPage: true });

    const paid = await getSession(session.id);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.paidAmount, '150.00');
    assert.deepEqual(await legs(session), ['CARD 50.00 paid', 'PIX 100.00 paid']);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a PIX leg that expires is replaced by a second card for the same amount', async () => {
  const { session, context, page } = await open(browser, 'BR');
  try {
    await payCardPart(page, '90', '60.00');

    await chooseMethod(page, 'PIX');
    await fill(page, 'BR');
    await pay(page);
    await page.getByTestId('pix-code').waitFor();
    await simulate(await pendingLeg(session, 'PIX'), 'expired');
    await page.getByTestId('try-again').waitFor({ timeout: 20000 });
    assert.match((await balance(page)).left, /60\.00/, 'the expired leg frees its amount');
    await expectNoAxe(page, assert, 'an expired leg');

    await page.getByTestId('try-again').click();
    await chooseMethod(page, 'CARD');
    // What is left is exactly the expired leg: no split needed.
    assert.equal(await page.getByLabel('Pay only part with this method').isChecked(), false);
    await fill(page, 'BR');
    await pay(page);
    await page.getByTestId('paid').waitFor({ timeout: 20000 });
    assert.deepEqual(await legs(session), ['CARD 90.00 paid', 'PIX 60.00 expired', 'CARD 60.00 paid']);
    assert.equal((await getSession(session.id)).status, 'paid');
  } finally {
    await context.close();
  }
});

test('a split the payer abandons is refunded by itself, and the merchant hears of it', async () => {
  const { session, context, page } = await open(browser, 'BR');
  try {
    await payCardPart(page, '40', '110.00');
    await page.getByTestId('cancel').click();
    await page.waitForURL(/return\.html/);

    const cancelled = await eventually(async () =>
      (await webhooks(session)).find((e) => e.type === 'checkout_session.cancelled'));
    assert.equal(cancelled.data.charges[0].refund.amount, '40.00');
    // Orkestra refunds the card leg; the merchant hears that the charge is refunded.
    const refunded = await eventually(async () =>
      (await webhooks(session)).find((e) => e.type === 'charge.refunded'), { timeout: 30000 });
    assert.equal(refunded.data.charge.refund.status, 'refunded');
    const after = await getSession(session.id);
    assert.equal(after.status, 'cancelled');
    assert.equal(after.charges[0].refund.amount, '40.00');
  } finally {
    await context.close();
  }
});

test('an order of three payers is paid from three browsers, each seeing only their share', async () => {
  const session = await createSession({
    amount: '150.00', locale: 'en',
    charges: [{ amount: '50.00' }, { amount: '60.00' }, { amount: '40.00' }],
  });
  assert.equal(session.charges.length, 3);
  const contexts = [];
  try {
    for (const [i, charge] of session.charges.entries()) {
      const context = await browser.newContext({ locale: 'en' });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(charge.url);
      await page.getByTestId('amount').waitFor();
      assert.match(await page.getByTestId('amount').innerText(), new RegExp(charge.amount.replace('.', '\\.')));
      assert.match(await page.locator('.summary__total').innerText(), new RegExp(`Your share \\(${i + 1}/3\\)`));
      await chooseMethod(page, 'CARD');
      await fill(page, 'BR');
      await pay(page);
      await page.getByTestId('paid').waitFor({ timeout: 20000 });
      const order = await getSession(session.id);
      assert.equal(order.status, i < 2 ? 'partially_paid' : 'paid', `after payer ${i + 1}`);
    }
    const paid = await getSession(session.id);
    assert.deepEqual(paid.charges.map((c) => c.status), ['paid', 'paid', 'paid']);
    await eventually(async () => (await webhooks(session)).some((e) => e.type === 'checkout_session.paid'));
  } finally {
    for (const context of contexts) await context.close();
  }
});

test('a double click and a reload during a split make no extra leg', async () => {
  const { session, context, page } = await open(browser, 'BR');
  try {
    await payCardPart(page, '30', '120.00', { click: doubleClick });
    assert.deepEqual(await legs(session), ['CARD 30.00 paid']);

    await chooseMethod(page, 'PIX');
    await fill(page, 'BR');
    await doubleClick(page);
    const code = await page.getByTestId('pix-code').inputValue();
    await page.reload();
    await page.getByTestId('pix-code').waitFor();
    assert.equal(await page.getByTestId('pix-code').inputValue(), code, 'the same code after a reload');
    assert.match((await balance(page)).paid, /30\.00/);
    assert.deepEqual(await legs(session), ['CARD 30.00 paid', 'PIX 120.00 pending']);
    await simulate(await pendingLeg(session, 'PIX'), 'paid');
    await page.getByTestId('paid').waitFor({ timeout: 20000 });
    assert.deepEqual(await legs(session), ['CARD 30.00 paid', 'PIX 120.00 paid']);
  } finally {
    await context.close();
  }
});

test('a boleto for the rest shows its own amount, and the payer can withdraw it to pay by PIX', async () => {
  const { session, context, page } = await open(browser, 'BR');
  try {
    await payCardPart(page, '50', '100.00');
    await chooseMethod(page, 'BOLETO');
    await fill(page, 'BR');
    await pay(page);
    await page.getByTestId('boleto').waitFor();
    // The boleto is for this leg, not for the whole charge.
    const facts = await page.getByTestId('boleto').locator('.facts').innerText();
    assert.match(facts, /100\.00/);
    assert.doesNotMatch(facts, /150\.00/);
    await expectNoAxe(page, assert, 'a boleto leg with its way out');

    // The payer would rather pay this part by Pix.
    await page.getByTestId('pay-another-way').click();
    await page.getByTestId('pay-form').waitFor();
    await settled(page, '100.00'); // the withdrawn leg frees its amount
    await eventually(async () => (await legs(session)).includes('BOLETO 100.00 cancelled'));
    await chooseMethod(page, 'PIX');
    await fill(page, 'BR');
    await pay(page);
    await page.getByTestId('pix-code').waitFor();
    await simulate(await pendingLeg(session, 'PIX'), 'paid');
    await page.getByTestId('paid').waitFor({ timeout: 20000 });
    assert.deepEqual(await legs(session), ['CARD 50.00 paid', 'BOLETO 100.00 cancelled', 'PIX 100.00 paid']);
  } finally {
    await context.close();
  }
});
