// The PIX flow in a real Chromium against the real proxy, sandbox and demo shop:
// a merchant creates a session, the payer pays by PIX, the sandbox settles it and the page
// turns to "paid" by itself, without a reload; a reload, a dropped connection and a lost answer
// make no second payment.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, artifact, createSession, getSession, simulate, eventually, crc16, watchForProblems, axeViolations, env } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A Brazilian session offers cards, Pix and boleto: the payer picks Pix first.
async function choosePix(page) {
  await page.getByRole('radio', { name: 'Pix' }).check();
}

async function fillPix(page) {
  await page.getByLabel('Nome completo').fill('Maria da Silva');
  await page.getByLabel('CPF ou CNPJ').fill('529.982.247-25');
  await page.getByLabel('E-mail').fill('maria@example.com');
}

test('a payer pays by PIX and sees the paid state live, without a reload', async () => {
  const session = await createSession();
  const context = await browser.newContext({ locale: 'pt-BR' });
  const page = await context.newPage();
  const problems = watchForProblems(page);
  let navigations = 0;
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigations++; });
  const assets = [];
  const assetRequests = [];
  page.on('request', (request) => assetRequests.push(request.url()));
  page.on('response', async (response) => {
    try { assets.push(await response.text()); } catch { /* streams and redirects have no body */ }
  });

  await page.goto(session.url);
  await assert.doesNotReject(page.getByTestId('amount').waitFor());
  assert.match(await page.getByTestId('amount').innerText(), /R\$\s*150,00/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'pt-BR');
  await choosePix(page);
  assert.deepEqual(await axeViolations(page), [], 'the form passes axe');

  // Every input the payer meets has a visible label that names it. (A `hidden` one, such
  // as the split amount before "pay only part" is checked, is shown to no one.)
  for (const input of await page.locator('input:visible').all()) {
    const id = await input.getAttribute('id');
    assert.ok(id, 'input has an id');
    const label = page.locator(`label[for="${id}"]`);
    assert.ok(await label.isVisible(), `label for ${id} is visible`);
  }

  // A bad CPF is caught in the page, under its field, in Portuguese.
  const cpf = page.getByLabel('CPF ou CNPJ');
  await cpf.fill('529.982.247-26');
  await cpf.blur();
  await eventually(async () => (await cpf.getAttribute('aria-invalid')) === 'true');
  const describedBy = await cpf.getAttribute('aria-describedby');
  assert.match(await page.locator(`[id="${describedBy.split(' ')[0]}"]`).innerText(), /inválido/);

  // The instructions' wasm chunk (src/methods/later.rs) started coming when the payer typed,
  // before the form is sent.
  await eventually(async () => assetRequests.some((url) => /\/assets\/[^/_]+\.wasm$/.test(url)));
  await fillPix(page);
  // A double click must not start two payments.
  await page.getByRole('button', { name: 'Gerar código Pix' }).dblclick();

  const code = page.getByTestId('pix-code');
  await code.waitFor();
  const emv = await code.inputValue();
  assert.ok(emv.startsWith('000201'), emv);
  assert.equal(emv.slice(-4), crc16(emv.slice(0, -4)), 'the copy-and-paste code carries a valid CRC16');
  assert.ok(await page.getByTestId('pix-qr').isVisible());
  assert.ok(await page.locator('[data-testid="pix-qr"] path').count() > 0, 'the QR code is drawn');
  assert.match(await page.getByTestId('countdown').innerText(), /\d{1,2}:\d{2}/);
  await page.screenshot({ path: artifact('pix-pending-pt-BR.png'), fullPage: true });
  assert.deepEqual(await axeViolations(page), [], 'the QR view passes axe');

  const pending = await getSession(session.id);
  assert.equal(pending.transactions.length, 1, 'one transaction despite the double click');
  await simulate(pending.transactions[0].orkestraId, 'paid');

  await page.getByTestId('paid').waitFor({ timeout: 15000 });
  assert.match(await page.getByTestId('paid').innerText(), /Pagamento confirmado/);
  assert.equal(navigations, 1, 'the page never reloaded');
  await page.screenshot({ path: artifact('pix-paid-pt-BR.png'), fullPage: true });
  assert.deepEqual(await axeViolations(page), [], 'the paid view passes axe');

  // The merchant heard of it through a webhook whose signature the shop verified.
  const events = await eventually(async () => {
    const list = await (await fetch(`${env.shop}/api/events`)).json();
    return list.find((e) => e.type === 'checkout_session.paid' && e.data.id === session.id);
  });
  assert.equal(events.data.status, 'paid');

  if (env.orkestraPassword) {
    for (const body of assets) assert.ok(!body.includes(env.orkestraPassword), 'no asset carries the Orkestra password');
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a reload after submitting resumes on the same PIX code', async () => {
  const session = await createSession();
  const context = await browser.newContext({ locale: 'pt-BR' });
  const page = await context.newPage();
  const problems = watchForProblems(page);
  await page.goto(session.url);
  await choosePix(page);
  await fillPix(page);
  await page.getByRole('button', { name: 'Gerar código Pix' }).click();
  const first = await page.getByTestId('pix-code').inputValue();
  await page.reload();
  await page.getByTestId('pix-code').waitFor();
  assert.equal(await page.getByTestId('pix-code').inputValue(), first);
  assert.equal((await getSession(session.id)).transactions.length, 1);
  assert.deepEqual(problems, []);
  await context.close();
});

// A new Brazilian session's page in Portuguese, on the Pix form, filled in.
async function pixFormFilled() {
  const session = await createSession();
  const context = await browser.newContext({ locale: 'pt-BR' });
  const page = await context.newPage();
  await page.goto(session.url);
  await choosePix(page);
  await fillPix(page);
  return { session, context, page };
}

test('offline, the submit says so, and its safe retry is the same payment', async () => {
  const { session, context, page } = await pixFormFilled();
  const keys = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/transactions')) keys.push(request.headers()['idempotency-key']);
  });
  const submit = page.getByTestId('pay-form').locator('button[type="submit"]');
  const message = page.getByTestId('pay-form').locator('.form-message');
  await context.setOffline(true);
  await submit.click();
  await eventually(async () => /não será cobrado duas vezes/.test(await message.innerText()));
  assert.equal(await message.getAttribute('role'), 'alert', 'announced');
  assert.deepEqual(await axeViolations(page), [], 'the network message passes axe');
  assert.equal((await getSession(session.id)).transactions.length, 0, 'nothing arrived');

  await context.setOffline(false);
  await page.getByRole('button', { name: 'Tentar novamente' }).click();
  await page.getByTestId('pix-code').waitFor();
  assert.equal(keys.length, 2, 'the submit and its retry');
  assert.equal(keys[0], keys[1], 'the retry goes under the first Idempotency-Key');
  assert.equal((await getSession(session.id)).transactions.length, 1, 'one payment');
  await context.close();
});

test('a submit whose answer is lost still shows its code, as one payment', async () => {
  const { session, context, page } = await pixFormFilled();
  // The submit reaches the proxy, but its answer is lost on the way back: the live status
  // tells the page of the new payment anyway.
  await page.route('**/api/pay/*/transactions', async (route) => {
    await route.fetch();
    await route.abort('connectionreset');
  });
  await page.getByTestId('pay-form').locator('button[type="submit"]').click();
  await page.getByTestId('pix-code').waitFor();
  assert.equal((await getSession(session.id)).transactions.length, 1, 'one payment');
  await context.close();
});

// The instructions are a wasm chunk of their own, fetched when the form is sent
// (src/methods/later.rs): if it cannot be fetched, the page says so and tries again on a
// click, instead of stopping; the payment is made once.
test("instructions whose code cannot be fetched are announced, and a retry draws them", async () => {
  const session = await createSession();
  const context = await browser.newContext({ locale: 'pt-BR' });
  const page = await context.newPage();
  const crashes = [];
  page.on('pageerror', (error) => crashes.push(error.message));
  let reachable = false;
  let refused = 0;
  // The chunk: a wasm file under /assets/ other than the main module (`…_bg.wasm`),
  // refused from the start (the page asks for it as soon as the payer acts on the form).
  await page.route(/\/assets\/[^/_]+\.wasm$/, async (route) => {
    if (reachable) return route.continue();
    refused++;
    await route.abort('internetdisconnected');
  });
  await page.goto(session.url);
  await choosePix(page);
  await fillPix(page);
  await page.getByTestId('pay-form').locator('button[type="submit"]').click();
  const failed = page.getByTestId('instructions-failed');
  await failed.waitFor();
  assert.ok(refused >= 1, 'the chunk was asked for');
  assert.equal(await failed.getAttribute('role'), 'alert', 'announced');
  assert.match(await failed.innerText(), /Não foi possível carregar/);
  assert.deepEqual(await axeViolations(page), [], 'the notice passes axe');
  assert.equal((await getSession(session.id)).transactions.length, 1, 'the payment was made');

  reachable = true;
  await failed.getByRole('button', { name: 'Tentar novamente' }).click();
  await page.getByTestId('pix-code').waitFor();
  assert.equal(await failed.count(), 0, 'the notice is gone');
  assert.deepEqual(crashes, [], 'the page never stopped');
  assert.equal((await getSession(session.id)).transactions.length, 1, 'still one payment');
  await context.close();
});

test('the demo shop embeds the checkout in a cross-origin iframe', async () => {
  const context = await browser.newContext({ locale: 'pt-BR' });
  const page = await context.newPage();
  const problems = watchForProblems(page);
  await page.goto(env.shop);
  await page.getByRole('button', { name: 'Pay in an iframe' }).click();
  const frame = page.frameLocator('iframe[title="Orkestra Checkout"]');
  await frame.getByTestId('amount').waitFor();
  assert.match(await frame.getByTestId('amount').innerText(), /150,00/);
  await page.screenshot({ path: artifact('shop-embedded.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});
