// The examples in examples/ as a merchant would run them: copied to a temp dir, with
// `@orkestra/checkout` pointed at the tarball `cargo xtask build` packed (the rest from
// the example's committed lockfile, through the npm cache), type-checked, built, served.

import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { createSession, getSession, simulate, watchForProblems } from './helpers.mjs';
import { chooseMethod, fill, pay } from './checkout.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

export function tarball() {
  const name = readdirSync(join(root, 'pkg')).find((n) => n.endsWith('.tgz'));
  assert.ok(name, 'cargo xtask build packed pkg/*.tgz');
  return join(root, 'pkg', name);
}

/** `examples/<name>` installed in a temp dir; `run(cmd, args)` runs there. */
export function installExample(name) {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), `orkestra-${name}-`));
  const skip = new Set(['node_modules', 'dist', '.next']);
  cpSync(join(root, 'examples', name), dir, {
    recursive: true,
    filter: (source) => !skip.has(source.split('/').pop()),
  });
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json')));
  manifest.dependencies['@orkestra/checkout'] = `file:${tarball()}`;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  // The committed lockfile pins everything else; this one package is the fresh tarball.
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json')));
  delete lock.packages['node_modules/@orkestra/checkout'];
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock, null, 2));
  const run = (cmd, args, options = {}) =>
    execFileSync(cmd, args, {
      cwd: dir,
      stdio: 'pipe',
      timeout: 300000,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...options.env },
    }).toString();
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund']);
  const installed = join(dir, 'node_modules/@orkestra/checkout');
  assert.ok(existsSync(join(installed, 'react.js')) && existsSync(join(installed, 'server.js')), 'the tarball is installed');
  console.log(`# ${name}: installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { dir, run, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Type-checks with `checker` (tsc or vue-tsc): the example as it is passes; with the
 * `wrong` files (`{ file, text, expect }`) added it fails, each file's own errors matching
 * its `expect`. Two runs in all: a checker run costs seconds.
 */
export function typecheck(example, checker, wrong) {
  const bin = join(example.dir, 'node_modules/.bin', checker);
  example.run(bin, ['--noEmit', '-p', '.']);
  for (const { file, text } of wrong) writeFileSync(join(example.dir, file), text);
  try {
    assert.throws(
      () => example.run(bin, ['--noEmit', '-p', '.']),
      (error) => {
        // One entry per error: a `file(line,col): error …` line and its indented lines.
        const entries = `${error.stdout}${error.stderr}`.split(/\n(?=\S)/);
        for (const { file, expect } of wrong) {
          const own = entries.filter((entry) => entry.startsWith(file)).join('\n');
          assert.match(own, expect, `${file} must fail ${checker}; its errors: ${own || 'none'}`);
        }
        return true;
      },
      `the wrong files must fail ${checker}`,
    );
  } finally {
    for (const { file } of wrong) rmSync(join(example.dir, file));
  }
}

/** The start of a `node -e` script that records each read of a browser global in
 * `touched` (`{ name, ours }`, `ours` when one of the package's files read it), for the
 * server-side rendering checks. */
export const PROBE_GLOBALS = `
  const touched = [];
  for (const name of ['window', 'document', 'customElements', 'HTMLElement', 'location', 'self']) {
    Object.defineProperty(globalThis, name, { configurable: true, get() {
      touched.push({ name, ours: new Error().stack.includes('/@orkestra/checkout/') });
      return undefined;
    } });
  }`;

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts a long-running command (its own process group); `stop()` ends the group. */
export function start(example, cmd, args, env) {
  const child = spawn(cmd, args, {
    cwd: example.dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  return {
    output: () => output,
    stop: () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    },
  };
}

/**
 * Pays a PIX session on a built example's page (`/?session=<url>&<query>`), the checkout
 * inline in `root` or in the page's iframe: the payer fills the form, the sandbox settles
 * the payment, the page thanks the payer and lists the checkout's events. `check(page)`
 * looks at more before the page closes.
 */
export async function payPixInExample(browser, origin, { query, root, iframe = false, check }) {
  const session = await createSession({ embedOrigins: [origin] });
  const context = await browser.newContext({ locale: 'en' });
  const page = await context.newPage();
  const problems = watchForProblems(page);
  await page.goto(`${origin}/?${query}&session=${encodeURIComponent(session.url)}`);
  const checkout = iframe ? page.frameLocator('iframe') : page.locator(root);
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
  await check?.(page);
  assert.deepEqual(problems, [], query);
  await context.close();
}
