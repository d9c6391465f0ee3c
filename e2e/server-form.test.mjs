// The form the proxy draws into the hosted page's HTML (crates/orkestra-proxy/src/routes/
// hosted/form.rs): a payer on a slow network can start typing before the page's wasm has
// arrived, and loses nothing when the page takes over (src/boot.rs, src/state/typed.rs).
// Checked with the wasm held back, as on a slow network: what the payer typed and chose
// there, and where the caret was, are the page's once it runs; the drawn form is the page's
// own markup in every market where the server draws one; the payment then completes once.
// Sessions take cards on Orkestra's page, the product's default, unless a test says
// otherwise: with cards typed in the page (`direct`, the e2e stack's own), the server draws
// the card's inputs too.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, createSession, getSession, pageShown, openHoldingTheWasm, holdTheWasm, axeViolations, watchForProblems, eventually, env } from './helpers.mjs';
import { fixtures, pay } from './checkout.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * The screen under the summary as markup to compare: comments, empty `style`s (the page's
 * way of setting properties) and the states that differ by design (the radio checked by a
 * property in the page, by an attribute here; Pay disabled, saying the payment is loading,
 * until the page runs) left out, attributes in name order.
 */
async function screenMarkup(scope) {
  return scope.evaluate(() => {
    const main = document.querySelector('main').cloneNode(true);
    main.querySelector('header')?.remove();
    // The server's notice for code that never comes (hidden; the page has its own).
    main.querySelector('#load-failed')?.remove();
    const walk = (node) => {
      for (const child of [...node.childNodes]) {
        if (child.nodeType === Node.COMMENT_NODE) child.remove();
        else if (child.nodeType === Node.ELEMENT_NODE) walk(child);
      }
    };
    walk(main);
    main.querySelector('.pay-form__submit')?.replaceChildren();
    const write = (el) => {
      const attrs = [...el.attributes]
        .filter((a) => !(a.name === 'style' && a.value === '') && a.name !== 'checked' && a.name !== 'disabled')
        .map((a) => `${a.name}="${a.value}"`).sort().join(' ');
      const inner = [...el.childNodes].map((c) => (c.nodeType === Node.TEXT_NODE ? c.textContent : write(c))).join('');
      return `<${el.localName}${attrs ? ' ' + attrs : ''}>${inner}</${el.localName}>`;
    };
    return [...main.children].map(write).join('\n');
  });
}

/** A Brazilian session's page (`overrides` to its session) with the wasm held back, its drawn form there. */
async function openDrawn(overrides) {
  const session = await createSession({ locale: 'pt-BR', ...overrides });
  const context = await browser.newContext({ locale: 'pt-BR' });
  const { page, release } = await openHoldingTheWasm(context, session.url);
  const problems = watchForProblems(page);
  await page.getByTestId('pay-form').waitFor();
  return { session, context, page, release, problems };
}

/** The page has not run yet, and what the server drew passes axe. */
async function expectDrawn(page, cardCapture) {
  assert.equal(await page.locator('main[data-drawn="server"]').count(), 1, 'the page has not run yet');
  assert.deepEqual(await axeViolations(page), [], `the drawn form (${cardCapture}) passes axe`);
}

test('a payer who types before the page has run loses nothing, and pays once', async () => {
  const { session, context, page, release, problems } = await openDrawn({ cardCapture: 'orkestra' });
  try {
    await expectDrawn(page, 'orkestra');
    // The payer chooses Pix, fills in the name and starts on the CPF, all from the keyboard.
    await page.getByRole('radio', { name: 'Pix' }).check();
    await page.getByLabel('Nome impresso no cartão').fill('Maria da Silva');
    const cpf = page.getByLabel('CPF ou CNPJ');
    await cpf.pressSequentially('529.982.247-');
    await page.keyboard.press('ArrowLeft');
    // Enter in a field sends nothing: Pay is disabled until the page runs.
    await page.keyboard.press('Enter');
    assert.ok(await page.getByRole('button', { name: 'Carregando seu pagamento…' }).isDisabled());

    release();
    await pageShown(page);
    assert.ok(await page.getByRole('radio', { name: 'Pix' }).isChecked(), 'the method chosen');
    assert.equal(await page.getByLabel('Nome completo').inputValue(), 'Maria da Silva');
    assert.equal(await page.getByLabel('CPF ou CNPJ').inputValue(), '529.982.247-');
    const focus = await page.evaluate(() => [document.activeElement.id, document.activeElement.selectionStart]);
    assert.deepEqual(focus, ['payer-document', 11], 'the caret where the payer left it');
    // Typing goes on where it was: the last two digits at the caret's place, then the end.
    await page.keyboard.press('End');
    await page.keyboard.type('25');
    assert.equal(await page.getByLabel('CPF ou CNPJ').inputValue(), '529.982.247-25');
    await page.getByLabel('E-mail').fill('maria@example.com');
    await page.getByRole('button', { name: 'Gerar código Pix' }).click();
    await page.getByTestId('pix-code').waitFor();
    const api = await getSession(session.id);
    assert.equal(api.transactions.length, 1, 'one payment');
    assert.equal(api.transactions[0].method, 'PIX');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a card typed before the page has run is kept, Enter sends it nowhere, and it pays once', async () => {
  const { session, context, page, release, problems } = await openDrawn({ cardCapture: 'direct' });
  try {
    await expectDrawn(page, 'direct');
    // Nothing the page asks for from here on may carry the card.
    const sent = [];
    page.on('request', (r) => sent.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`));
    const shown = page.url();
    await page.getByLabel('Nome impresso no cartão').fill('Maria da Silva');
    await page.getByLabel('CPF ou CNPJ').fill('529.982.247-25');
    await page.getByLabel('Validade (MM/AA)').fill('12/34');
    await page.getByLabel('Código de segurança (CVV)').fill('123');
    await page.getByText('Débito', { exact: true }).click();
    // The number last, digits only, and Enter in it.
    await page.getByLabel('Número do cartão').pressSequentially('4111111111111111');
    await page.keyboard.press('Enter');
    assert.ok(await page.getByRole('button', { name: 'Carregando seu pagamento…' }).isDisabled());
    assert.equal(page.url(), shown, 'Enter sent the drawn form nowhere');
    assert.deepEqual(sent.filter((r) => r.includes('4111')), [], 'no request carries the card');

    release();
    await pageShown(page);
    assert.equal(await page.getByLabel('Número do cartão').inputValue(), '4111 1111 1111 1111', 'grouped as the page writes it');
    assert.equal(await page.getByLabel('Validade (MM/AA)').inputValue(), '12/34');
    assert.equal(await page.getByLabel('Código de segurança (CVV)').inputValue(), '123');
    assert.ok(await page.getByRole('radio', { name: 'Débito', exact: true }).isChecked(), 'debit, as chosen');
    assert.equal(await page.locator('#card-installments').count(), 0, 'no parcelas for debit');
    const focus = await page.evaluate(() => [document.activeElement.id, document.activeElement.selectionStart]);
    assert.deepEqual(focus, ['card-number', 19], 'the caret at the end of the grouped number');
    assert.deepEqual(await page.evaluate(() => window.__shifts), [], 'no layout shift');
    await pay(page);
    // A debit card in Brazil goes on to 3-D Secure in the sandbox: the payment is made.
    await page.getByText('Continuar para a verificação').waitFor({ timeout: 20000 });
    const api = await eventually(async () => {
      const s = await getSession(session.id);
      return s.transactions.length ? s : null;
    });
    assert.equal(api.transactions.length, 1, 'one payment');
    assert.equal(api.transactions[0].method, 'CARD');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a document type and an operator chosen, and a phone typed, before the page has run are kept', async () => {
  for (const [market, pick] of [['AR', async (page) => {
    await page.getByLabel('Tipo de documento').selectOption('DNI');
    await page.getByLabel('Nombre completo').fill('Juan Pérez');
  }], ['NG', async (page) => {
    await page.getByLabel('Mobile number').fill('0803 123 4567');
  }], ['BJ', async (page) => {
    await page.locator('input[name="operator"]').last().check();
    await page.getByLabel('Mobile number').fill('97 12 34 56');
  }]]) {
    const { currency, amount } = fixtures.sessions[market];
    const locale = market === 'AR' ? 'es' : 'en';
    const session = await createSession({ country: market, currency, amount, locale, cardCapture: 'orkestra' });
    const context = await browser.newContext({ locale });
    try {
      const { page, release } = await openHoldingTheWasm(context, session.url);
      await page.getByTestId('pay-form').waitFor();
      assert.equal(await page.locator('main[data-drawn="server"]').count(), 1, `${market}: the page has not run yet`);
      await pick(page);
      const values = () => page.evaluate(() => [...document.querySelectorAll('main input, main select')]
        .map((el) => [el.id, el.type === 'radio' || el.type === 'checkbox' ? el.checked : el.value]));
      const drawn = await values();
      release();
      await pageShown(page);
      const taken = await values();
      assert.deepEqual(taken, drawn, `${market}: every value kept`);
    } finally {
      await context.close();
    }
  }
});

test('framed by its loader for an allowed origin, the page comes drawn too, its cancel staying in the frame', async () => {
  const session = await createSession({ locale: 'pt-BR', cardCapture: 'orkestra' });
  const context = await browser.newContext({ locale: 'pt-BR' });
  try {
    const page = await context.newPage();
    const { release } = await holdTheWasm(page);
    // The store's page frames the checkout as its loader does: `?embed=<the store's origin>`.
    await page.goto(env.shop);
    const src = `${session.url}?embed=${encodeURIComponent(env.shop)}`;
    await page.evaluate((src) => {
      const iframe = Object.assign(document.createElement('iframe'), { id: 'drawn-frame', src, title: 'checkout' });
      iframe.style.height = '900px';
      document.body.append(iframe);
    }, src);
    const frame = await (await page.locator('#drawn-frame').elementHandle()).contentFrame();
    await frame.getByTestId('pay-form').waitFor();
    assert.equal(await frame.locator('main[data-drawn="server"]').count(), 1, 'the page has not run yet');
    const drawn = await screenMarkup(frame);
    assert.match(drawn, /cancel\?stay/, 'cancelling keeps the page in its frame');
    await frame.getByLabel('Nome impresso no cartão').fill('Maria da Silva');
    release();
    await pageShown(frame);
    assert.equal(await screenMarkup(frame), drawn, "the drawn form is the embedded page's own");
    assert.equal(await frame.getByLabel('Nome impresso no cartão').inputValue(), 'Maria da Silva');
  } finally {
    await context.close();
  }
});

test("the merchant's prefill is in the drawn form, and what the payer changes there wins", async () => {
  const customer = { name: 'Maria da Silva', document: '529.982.247-25', email: 'maria@example.com' };
  const { context, page, release } = await openDrawn({ cardCapture: 'orkestra', customer });
  try {
    const name = () => page.getByLabel('Nome impresso no cartão');
    const cpf = () => page.getByLabel('CPF ou CNPJ');
    assert.equal(await name().inputValue(), customer.name, 'drawn with the prefill');
    assert.equal(await cpf().inputValue(), customer.document);
    await name().fill('Maria S. da Silva');
    release();
    await pageShown(page);
    assert.equal(await name().inputValue(), 'Maria S. da Silva', 'the payer\'s change');
    assert.equal(await cpf().inputValue(), customer.document, 'the prefill');
    assert.equal(await page.locator('main [aria-invalid="true"]').count(), 0, 'no message');
  } finally {
    await context.close();
  }
});

test('the page takes over the drawn form without a layout shift', async () => {
  const { context, page, release } = await openDrawn({ cardCapture: 'orkestra' });
  try {
    await page.getByLabel('Nome impresso no cartão').fill('Maria da Silva');
    release();
    await pageShown(page);
    assert.equal(await page.getByLabel('Nome impresso no cartão').inputValue(), 'Maria da Silva');
    assert.deepEqual(await page.evaluate(() => window.__shifts), [], 'no layout shift');
  } finally {
    await context.close();
  }
});

test('the form the server draws is the page\'s own markup, in every market it draws one', async () => {
  const drawn = [];
  const cardFirst = [];
  const compare = async (market, cardCapture) => {
    const { currency, amount } = fixtures.sessions[market];
    const country = market === 'EU' || market === 'WORLD' ? undefined : market;
    const session = await createSession({ country, currency, amount, cardCapture });
    const context = await browser.newContext();
    try {
      const { page, release } = await openHoldingTheWasm(context, session.url);
      await page.getByTestId('amount').waitFor();
      const server = (await page.getByTestId('pay-form').count()) ? await screenMarkup(page) : null;
      const card = await page.locator('main input[name="method"][value="CARD"]:checked').count();
      release();
      await pageShown(page);
      if (server === null) return;
      drawn.push(`${market} (${cardCapture})`);
      if (card) cardFirst.push(market);
      assert.equal(server, await screenMarkup(page), `${market}, ${cardCapture}: the drawn form differs from the page's`);
    } finally {
      await context.close();
    }
  };
  for (const market of Object.keys(fixtures.sessions)) await compare(market, 'orkestra');
  // Where a card comes first, again with the card typed in the page: its number, expiry,
  // CVV and plans (Brazil's credit or debit, Mexico's meses, elsewhere cuotas).
  for (const market of [...cardFirst]) await compare(market, 'direct');
  // Brazil (name and CPF for a card) at least: the benchmark's market.
  assert.ok(drawn.includes('BR (orkestra)') && drawn.includes('BR (direct)'), `drawn in ${drawn.join(', ')}`);
  assert.ok(cardFirst.includes('MX'), 'Mexico\'s card form (meses) compared too');
  console.log(`server-drawn form in ${drawn.length} sessions: ${drawn.join(', ')}`);
});
