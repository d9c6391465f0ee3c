// examples/react-vite, built from the packed tarball: its types check (and a wrong prop,
// event name or mode does not), `vite build` passes, and a payer pays a PIX session in
// Chromium against the real stack through <OrkestraCheckout> inline and through
// useOrkestraCheckout in an iframe. The package's React entry also renders on a server.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch } from './helpers.mjs';
import { PROBE_GLOBALS, installExample, payPixInExample, typecheck } from './examples.mjs';
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

test('the React example, from the packed tarball', async (t) => {
  const example = installExample('react-vite');
  t.after(example.remove);

  await t.test('its types check, and a wrong prop, event name or mode fails tsc', () => {
    typecheck(example, 'tsc', WRONG);
  });

  await t.test('the React entry renders on a server, touching no browser global', () => {
    const script = `${PROBE_GLOBALS}
      const { createElement } = await import('react');
      const { renderToString } = await import('react-dom/server');
      const { OrkestraCheckout } = await import('@orkestra/checkout/react');
      const html = renderToString(createElement(OrkestraCheckout, { session: 'https://pay.example/pay/pt_1', className: 'pay' }));
      console.log(JSON.stringify({ html, touched }));`;
    const out = JSON.parse(example.run('node', ['--input-type=module', '-e', script]).trim().split('\n').pop());
    assert.equal(out.html, '<div class="pay"></div>');
    assert.deepEqual(out.touched, [], 'neither React nor the package reads a browser global');
  });

  await t.test('vite build passes', () => {
    example.run(join(example.dir, 'node_modules/.bin/vite'), ['build']);
  });

  const browser = await launch();
  t.after(() => browser.close());
  const { server, origin } = await serve(join(example.dir, 'dist'));
  t.after(() => server.close());

  await t.test('a payer pays by PIX through <OrkestraCheckout mode="inline">', () =>
    payPixInExample(browser, origin, { query: 'mode=inline&via=component', root: '#root' }));
  await t.test('a payer pays by PIX through useOrkestraCheckout in an iframe', () =>
    payPixInExample(browser, origin, {
      query: 'mode=iframe&via=hook',
      iframe: true,
      check: async (page) => assert.equal(await page.getByTestId('status').getAttribute('data-status'), 'paid'),
    }));
});
