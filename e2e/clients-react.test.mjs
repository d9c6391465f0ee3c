// examples/react-vite, built from the packed tarball: its types check (and a wrong prop,
// event name or mode does not), `vite build` passes, and a payer pays a PIX session in
// Chromium against the real stack through <OrkestraCheckout> inline and through
// useOrkestraCheckout in an iframe. The package's React entry also renders on a server.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, createSession, getSession, simulate, eventually, watchForProblems } from './helpers.mjs';
import { chooseMethod, fill, pay } from './checkout.mjs';
import { installExample, typecheck } from './examples.mjs';
import { serve } from './serve.mjs';

const WRONG = [
  {
    file: 'src/wrong-prop.tsx',
    text: "import { OrkestraCheckout } from '@orkestra/checkout/react';\nexport const A = <OrkestraCheckout session=\"x\" onPayed={() => {}} />;\n",
    expect: /error TS2322[\s\S]*onPayed/,
  },
  {
    file: 'src/wrong-event.ts',
    text: "import '@orkestra/checkout';\nconst element = document.createElement('orkestra-checkout');\nelement.addEventListener('orkestra-payed', (event) => console.log(event.detail.transactionId));\n",
    expect: /error TS2339[\s\S]*'detail'/,
  },
  {
    file: 'src/wrong-mode.tsx',
    text: "import type {} from '@orkestra/checkout/react';\nexport const B = <orkestra-checkout session-url=\"x\" mode=\"modal\" />;\n",
    expect: /error TS2322[\s\S]*"modal"/,
  },
];

/** Pays a PIX session in the example page, the checkout inline or in its iframe. */
async function payPix(browser, origin, { mode, via }) {
  const session = await createSession({ embedOrigins: [origin] });
  const context = await browser.newContext({ locale: 'en' });
  const page = await context.newPage();
  const problems = watchForProblems(page);
  await page.goto(`${origin}/?mode=${mode}&via=${via}&session=${encodeURIComponent(session.url)}`);
  const checkout = mode === 'iframe' ? page.frameLocator('iframe') : page.locator('#root');
  await checkout.getByTestId('amount').waitFor({ timeout: 20000 });
  await chooseMethod(checkout, 'PIX');
  await fill(checkout, 'BR');
  await pay(checkout);
  await checkout.getByTestId('pix-code').waitFor({ timeout: 20000 });
  const pending = await getSession(session.id);
  await simulate(pending.transactions[0].orkestraId, 'paid');
  await page.getByTestId('thanks').waitFor({ timeout: 20000 });
  assert.match(await page.getByTestId('thanks').innerText(), new RegExp(pending.transactions[0].id));
  const types = await page.locator('[data-testid="events"] li').evaluateAll((items) => items.map((i) => i.dataset.type));
  for (const type of ['ready', 'change', 'submitted', 'pending', 'paid']) assert.ok(types.includes(type), `${type} in ${types}`);
  if (via === 'hook') assert.equal(await page.getByTestId('status').getAttribute('data-status'), 'paid');
  assert.deepEqual(problems, [], `${mode} via ${via}`);
  await context.close();
}

test('the React example, from the packed tarball', async (t) => {
  const example = installExample('react-vite');
  t.after(example.remove);

  await t.test('its types check, and a wrong prop, event name or mode fails tsc', () => {
    typecheck(example, 'tsc', WRONG);
  });

  await t.test('the React entry renders on a server, touching no browser global', () => {
    const script = `
      const touched = [];
      for (const name of ['window', 'document', 'customElements', 'HTMLElement', 'location', 'self']) {
        Object.defineProperty(globalThis, name, { configurable: true, get() { touched.push(name); return undefined; } });
      }
      const { createElement } = await import('react');
      const { renderToString } = await import('react-dom/server');
      const { OrkestraCheckout } = await import('@orkestra/checkout/react');
      const html = renderToString(createElement(OrkestraCheckout, { session: 'https://pay.example/pay/pt_1', className: 'pay' }));
      console.log(JSON.stringify({ html, touched }));`;
    const out = JSON.parse(example.run('node', ['--input-type=module', '-e', script]).trim().split('\n').pop());
    assert.equal(out.html, '<div class="pay"></div>');
    assert.deepEqual(out.touched, []);
  });

  await t.test('vite build passes', () => {
    example.run(join(example.dir, 'node_modules/.bin/vite'), ['build']);
  });

  const browser = await launch();
  t.after(() => browser.close());
  const { server, origin } = await serve(join(example.dir, 'dist'));
  t.after(() => server.close());

  await t.test('a payer pays by PIX through <OrkestraCheckout mode="inline">', () =>
    payPix(browser, origin, { mode: 'inline', via: 'component' }));
  await t.test('a payer pays by PIX through useOrkestraCheckout in an iframe', () =>
    payPix(browser, origin, { mode: 'iframe', via: 'hook' }));
});
