// The npm package as a merchant gets it: the tarball `cargo xtask build` packed, installed
// into a fresh Vite + TypeScript app in a temp dir (from the npm cache: the same vite and
// typescript versions as this repository's), type-checked with `tsc --noEmit`, built with
// `vite build`, and paid through `mount` and through `<orkestra-checkout>`; then the same from
// a plain `<script type="module">` page with no bundler; and imported by Node as an SSR
// server would, touching no browser global.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, createSession, eventually, watchForProblems } from './helpers.mjs';
import { fill, chooseMethod, pay } from './checkout.mjs';
import { serve } from './serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const tarball = readdirSync(join(root, 'pkg')).filter((n) => n.endsWith('.tgz')).map((n) => join(root, 'pkg', n))[0];
const devDependencies = JSON.parse(readFileSync(join(root, 'package.json'))).devDependencies;

// The app's one page logic: `?session=<url>&via=mount|element`, each event logged as an
// `<li data-type>` in #events.
const APP_TS = `import { mount, defineCheckoutElement } from '@orkestra/checkout';
import type { CheckoutEvent, CheckoutHandle, CheckoutEventType } from '@orkestra/checkout';

const params = new URLSearchParams(window.location.search);
const url = params.get('session') ?? '';
const log = document.getElementById('events') as HTMLOListElement;
const record = (event: CheckoutEvent): void => {
  const item = document.createElement('li');
  item.dataset.type = event.type;
  item.textContent = event.type;
  log.append(item);
};
const slot = document.getElementById('slot') as HTMLDivElement;
if (params.get('via') === 'element') {
  defineCheckoutElement();
  const element = document.createElement('orkestra-checkout');
  const types: CheckoutEventType[] = ['ready', 'change', 'submitted', 'pending', 'paid', 'failed', 'error'];
  for (const type of types) {
    element.addEventListener('orkestra-' + type, (e) => record((e as CustomEvent<CheckoutEvent>).detail));
  }
  element.setAttribute('mode', 'inline');
  element.setAttribute('session-url', url);
  slot.append(element);
} else {
  const handle: CheckoutHandle = await mount(slot, { url, onEvent: record, onPaid: (e) => { document.body.dataset.paidTransaction = e.transactionId ?? ''; } });
  (window as unknown as { checkout: CheckoutHandle }).checkout = handle;
}
`;
const PAGE = (script) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test shop</title><link rel="icon" href="data:,">
<script type="module" src="${script}"></script></head>
<body><main><div id="slot"></div><ol id="events"></ol></main></body></html>`;

async function payIn(browser, origin, path, via) {
  const session = await createSession({ embedOrigins: [origin] });
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchForProblems(page);
  await page.goto(`${origin}${path}?via=${via}&session=${encodeURIComponent(session.url)}`);
  const slot = page.locator('#slot');
  await slot.getByTestId('amount').waitFor({ timeout: 20000 });
  await chooseMethod(slot, 'CARD');
  await fill(slot, 'BR');
  await pay(slot);
  const types = () => page.locator('#events li').evaluateAll((items) => items.map((i) => i.dataset.type));
  await eventually(async () => (await types()).includes('paid'));
  const seen = await types();
  for (const type of ['ready', 'change', 'submitted', 'paid']) assert.ok(seen.includes(type), `${via}: ${type} in ${seen}`);
  assert.deepEqual(problems, [], `${via} on ${path}`);
  await context.close();
}

test('the packed npm package in a merchant app', async (t) => {
  assert.ok(tarball, 'cargo xtask build packed pkg/*.tgz');
  const dir = mkdtempSync(join(tmpdir(), 'orkestra-vite-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'merchant-app', private: true, type: 'module',
    dependencies: { '@orkestra/checkout': `file:${tarball}` },
    devDependencies: { vite: devDependencies.vite, typescript: devDependencies.typescript },
  }, null, 2));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', strict: true, noEmit: true, lib: ['ES2022', 'DOM', 'DOM.Iterable'], skipLibCheck: false },
    include: ['src'],
  }));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/main.ts'), APP_TS);
  writeFileSync(join(dir, 'index.html'), PAGE('/src/main.ts'));
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: dir, stdio: 'pipe', timeout: 180000 }).toString();
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund']);

  await t.test('its types check with tsc --noEmit, and a wrong use does not', () => {
    run(join(dir, 'node_modules/.bin/tsc'), ['--noEmit', '-p', '.']);
    writeFileSync(join(dir, 'src/wrong.ts'), "import { mount } from '@orkestra/checkout';\nmount(document.body, { url: 1 });\n");
    assert.throws(() => run(join(dir, 'node_modules/.bin/tsc'), ['--noEmit', '-p', '.']), (e) => /TS2322/.test(String(e.stdout)));
    rmSync(join(dir, 'src/wrong.ts'));
  });

  await t.test('importing it in Node (server-side rendering) touches no browser global', () => {
    const script = `
      const touched = [];
      for (const name of ['window', 'document', 'customElements', 'HTMLElement', 'location', 'self']) {
        Object.defineProperty(globalThis, name, { configurable: true, get() { touched.push(name); return undefined; } });
      }
      const pkg = await import('@orkestra/checkout');
      await import('@orkestra/checkout/iframe');
      const main = [...touched];
      // The element entry looks whether customElements exists (and, here, finds none).
      await import('@orkestra/checkout/element');
      console.log(JSON.stringify({ main, element: touched.slice(main.length), exports: Object.keys(pkg).sort() }));`;
    const out = JSON.parse(run('node', ['--input-type=module', '-e', script]).trim().split('\n').pop());
    assert.deepEqual(out.main, [], 'the main and iframe entries read no browser global');
    assert.deepEqual(out.element, ['customElements'], 'the element entry only checks for customElements');
    for (const name of ['mount', 'mountIframe', 'defineCheckoutElement', 'isCheckoutEvent']) assert.ok(out.exports.includes(name), name);
  });

  const browser = await launch();
  t.after(() => browser.close());

  await t.test('a Vite build pays through mount and through <orkestra-checkout>', async () => {
    run(join(dir, 'node_modules/.bin/vite'), ['build']);
    const { server, origin } = await serve(join(dir, 'dist'));
    try {
      await payIn(browser, origin, '/', 'mount');
      await payIn(browser, origin, '/', 'element');
    } finally {
      server.close();
    }
  });

  await t.test('a plain <script type="module"> page pays the same ways', async () => {
    const plain = APP_TS
      .replace("import type { CheckoutEvent, CheckoutHandle, CheckoutEventType } from '@orkestra/checkout';\n", '')
      .replace("'@orkestra/checkout'", "'/node_modules/@orkestra/checkout/index.js'")
      .replace(/ as HTML\w+Element/g, '').replace(/: CheckoutEventType\[\]/, '').replace(/: CheckoutHandle/, '')
      .replace('(e as CustomEvent<CheckoutEvent>).detail', 'e.detail').replace('(window as unknown as { checkout: CheckoutHandle })', 'window')
      .replace('(event: CheckoutEvent): void =>', '(event) =>');
    writeFileSync(join(dir, 'plain.js'), plain);
    writeFileSync(join(dir, 'plain.html'), PAGE('/plain.js'));
    execFileSync('node', ['--check', join(dir, 'plain.js')]);
    const { server, origin } = await serve(dir);
    try {
      await payIn(browser, origin, '/plain.html', 'mount');
      await payIn(browser, origin, '/plain.html', 'element');
    } finally {
      server.close();
    }
  });
});
