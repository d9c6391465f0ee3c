// examples/vue-vite, built from the packed tarball: its templates type-check with vue-tsc
// (strict templates: a wrong prop or event name fails), `vite build` passes, and a payer
// pays a PIX session in Chromium against the real stack through <OrkestraCheckout> inline.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch } from './helpers.mjs';
import { PROBE_GLOBALS, installExample, payPixInExample, typecheck } from './examples.mjs';
import { serve } from './serve.mjs';

const component = (attributes) => `<script setup lang="ts">
import { OrkestraCheckout } from '@orkestra/checkout/vue';
</script>
<template><OrkestraCheckout ${attributes} /></template>
`;

const WRONG = [
  { file: 'src/WrongEvent.vue', text: component('session="x" @payed="() => {}"'), expect: /error TS\d+[\s\S]*payed/i },
  { file: 'src/WrongProp.vue', text: component('sesion="x"'), expect: /error TS\d+[\s\S]*sesion/ },
  { file: 'src/WrongMode.vue', text: component('session="x" mode="modal"'), expect: /error TS\d+[\s\S]*"modal"/ },
];

test('the Vue example, from the packed tarball', async (t) => {
  const example = installExample('vue-vite');
  t.after(example.remove);

  await t.test('its templates type-check, and a wrong prop, event name or mode fails vue-tsc', () => {
    typecheck(example, 'vue-tsc', WRONG);
  });

  await t.test('the Vue entry renders on a server, touching no browser global', () => {
    // Vue's own runtime looks for `window` and `document` as it loads and when an app is
    // created: only what the package's files touch counts.
    const script = `${PROBE_GLOBALS}
      const { OrkestraCheckout } = await import('@orkestra/checkout/vue');
      const { createSSRApp, h } = await import('vue');
      const { renderToString } = await import('vue/server-renderer');
      const html = await renderToString(createSSRApp({ render: () => h(OrkestraCheckout, { session: 'https://pay.example/pay/pt_1' }) }));
      console.log(JSON.stringify({ html, seen: touched.length, ours: touched.filter((t) => t.ours).map((t) => t.name) }));`;
    const out = JSON.parse(example.run('node', ['--input-type=module', '-e', script]).trim().split('\n').pop());
    assert.equal(out.html, '<div></div>');
    assert.ok(out.seen > 0, 'the probe sees what Vue touches');
    assert.deepEqual(out.ours, [], 'the package touches nothing');
  });

  await t.test('vite build passes', () => {
    example.run(join(example.dir, 'node_modules/.bin/vite'), ['build']);
  });

  const browser = await launch();
  t.after(() => browser.close());
  const { server, origin } = await serve(join(example.dir, 'dist'));
  t.after(() => server.close());

  await t.test('a payer pays by PIX through <OrkestraCheckout mode="inline">', () =>
    payPixInExample(browser, origin, { query: 'mode=inline', root: '#app' }));
});
