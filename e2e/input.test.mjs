// What payers type (issue 19): Arabic-Indic digits in a phone, a document and a one-time
// code, a CPF pasted with an en dash; each is accepted by the page and the proxy and the
// payment completes. And every choice grid's tiles are equally tall at 320 and 1024 px.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, watchForProblems, artifact, env } from './helpers.mjs';
import { open, chooseMethod, fill, pay, settle, fixtures, SHOWS } from './checkout.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';
const EASTERN_ARABIC_INDIC = '۰۱۲۳۴۵۶۷۸۹';
const inDigits = (text, digits) => text.replace(/[0-9]/g, (d) => digits[Number(d)]);

// The check on blur has drawn its verdict by the next frame.
function nextFrame(page) {
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
}

// Fills the market's form, then types `value` into the input `id` as a payer would.
async function fillWith(page, market, id, value) {
  await fill(page, market);
  const input = page.locator(`#${id}`);
  assert.equal(await input.count(), 1, `the form has #${id}`);
  await input.fill('');
  await input.pressSequentially(value);
  await input.blur();
  await nextFrame(page);
  assert.equal(await input.getAttribute('aria-invalid'), null, `#${id} "${value}" is accepted`);
}

// Pays and settles as the payer's bank or wallet would; the page shows the paid state.
async function payAndSettle(page, session, method) {
  await pay(page);
  await page.getByTestId(SHOWS[method]).waitFor({ timeout: 15000 });
  await settle(session, 'paid');
  await page.getByTestId('paid').waitFor({ timeout: 20000 });
}

// Opens a session of `market`, runs the payer's `steps` on it, and keeps a screenshot
// named `name` if they fail.
async function asPayer(name, market, options, steps) {
  const opened = await open(browser, market, options);
  try {
    await steps(opened);
  } catch (error) {
    await opened.page.screenshot({ path: artifact(`fail-input-${name}.png`), fullPage: true })
      .catch(() => { /* the page may be gone */ });
    throw error;
  } finally {
    await opened.context.close();
  }
}

describe('Arabic-Indic digits and pasted separators are read', { concurrency: 2 }, () => {
  test('EG CASH in Arabic: a phone typed in Arabic-Indic digits pays', () =>
    asPayer('eg-phone', 'EG', { locale: 'ar' }, async ({ session, page }) => {
      const problems = watchForProblems(page);
      await chooseMethod(page, 'CASH');
      await fillWith(page, 'EG', 'payer-phone', inDigits('010 1234 5678', ARABIC_INDIC));
      await payAndSettle(page, session, 'CASH');
      assert.deepEqual(problems, []);
    }));

  test('BR PIX: a CPF typed in Eastern Arabic-Indic digits pays', () =>
    asPayer('br-document', 'BR', {}, async ({ session, page }) => {
      await chooseMethod(page, 'PIX');
      await fillWith(page, 'BR', 'payer-document', inDigits('529.982.247-25', EASTERN_ARABIC_INDIC));
      await payAndSettle(page, session, 'PIX');
    }));

  test('BR PIX: a CPF pasted with an en dash pays', () =>
    asPayer('br-pasted-cpf', 'BR', { contextOptions: { permissions: ['clipboard-read', 'clipboard-write'] } },
      async ({ session, page }) => {
        await chooseMethod(page, 'PIX');
        await fill(page, 'BR');
        const input = page.locator('#payer-document');
        await input.fill('');
        // A real paste: the CPF goes to the clipboard, then Ctrl+V into the field.
        await page.evaluate((text) => navigator.clipboard.writeText(text), '529.982.247\u201325');
        await input.focus();
        await page.keyboard.press('Control+V');
        assert.equal(await input.inputValue(), '529.982.247\u201325');
        await input.blur();
        await nextFrame(page);
        assert.equal(await input.getAttribute('aria-invalid'), null, 'the pasted CPF is accepted');
        await payAndSettle(page, session, 'PIX');
      }));

  test('CO DAVIPLATA: a phone and a one-time code in Arabic-Indic digits pay', () =>
    asPayer('co-otp', 'CO', {}, async ({ page }) => {
      await chooseMethod(page, 'DAVIPLATA');
      await fillWith(page, 'CO', 'payer-phone', inDigits('300 123 4567', ARABIC_INDIC));
      await pay(page);
      await page.getByTestId('otp-form').waitFor({ timeout: 15000 });
      const otp = page.locator('#otp');
      await otp.pressSequentially(inDigits(fixtures.otp, ARABIC_INDIC));
      // The code field keeps digits only, as the ASCII the wallet compares.
      assert.equal(await otp.inputValue(), fixtures.otp);
      await page.getByTestId('otp-form').locator('button[type="submit"]').click();
      await page.getByTestId('paid').waitFor({ timeout: 20000 });
    }));

  test('the proxy reads a one-time code sent in Eastern Arabic-Indic digits', () =>
    asPayer('proxy-otp', 'CO', {}, async ({ session, page }) => {
      await chooseMethod(page, 'DAVIPLATA');
      await fill(page, 'CO');
      await pay(page);
      await page.getByTestId('otp-form').waitFor({ timeout: 15000 });
      const token = new URL(session.url).pathname.split('/').at(-1);
      const state = await (await fetch(`${env.proxy}/api/pay/${token}`)).json();
      const tx = state.transactions.at(-1).id;
      const response = await fetch(`${env.proxy}/api/pay/${token}/transactions/${tx}/otp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `e2e-otp-${Date.now()}` },
        body: JSON.stringify({ otp: inDigits(fixtures.otp, EASTERN_ARABIC_INDIC) }),
      });
      assert.equal(response.status, 200, await response.clone().text());
      // The page hears of the payment on its own.
      await page.getByTestId('paid').waitFor({ timeout: 20000 });
    }));
});

// Every radio group the page draws, in the form that has it.
const GRIDS = [
  ['BR', 'PIX', 'method'],
  ['BR', 'CARD', 'card-type'],
  ['CO', 'PSE', 'pse-person-type'],
  ['GH', 'MOBILE_MONEY', 'operator'],
  ['NG', 'MOBILE_MONEY', 'operator'],
  ['BJ', 'MOBILE_MONEY', 'operator'],
  ['WORLD', 'CRYPTO', 'network'],
];

// The visible tile of each choice of the group whose radios are named `name`: its box.
async function tiles(page, name) {
  return page.locator(`fieldset.radios:has(input[name="${name}"]) .radio__label`)
    .evaluateAll((labels) => labels.map((label) => {
      const box = label.getBoundingClientRect();
      return { text: label.innerText.replace(/\s+/g, ' '), top: box.top, height: box.height };
    }));
}

function rowsOf(boxes) {
  const rows = new Map();
  for (const box of boxes) {
    const top = Math.round(box.top);
    rows.set(top, [...(rows.get(top) ?? []), box]);
  }
  return [...rows.values()];
}

describe('choice grids have tiles of one height', { concurrency: 2 }, () => {
  for (const width of [320, 1024]) {
    const viewport = { contextOptions: { viewport: { width, height: 900 } } };
    for (const [market, method, name] of GRIDS) {
      test(`${width} px, ${market} ${method}: ${name}`, () =>
        asPayer(`grid-${name}-${width}`, market, viewport, async ({ page }) => {
          await chooseMethod(page, method);
          const group = page.locator(`fieldset.radios:has(input[name="${name}"])`);
          await group.waitFor();
          const boxes = await tiles(page, name);
          assert.ok(boxes.length >= 2, `${name} has ${boxes.length} choices`);
          const isGrid = await group.evaluate((g) => g.classList.contains('radios--tiles'));
          assert.equal(isGrid, name !== 'method', `${name} is laid out as tiles`);
          // Tiles in a grid: all of one height. A list: the choices sharing a row (one each).
          for (const row of isGrid ? [boxes] : rowsOf(boxes)) {
            const heights = row.map((b) => b.height);
            const spread = Math.max(...heights) - Math.min(...heights);
            assert.ok(spread < 1, `${name} at ${width} px: ${JSON.stringify(row)}`);
          }
          await page.screenshot({ path: artifact(`grid-${name}-${market}-${width}.png`), fullPage: true });
        }));
    }
  }
});
