// Shared pieces of the end-to-end tests: the running stack's addresses (started by
// `cargo xtask test`), a Chromium launcher, and small HTTP helpers.

import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const env = {
  proxy: process.env.E2E_PROXY_URL,
  sandbox: process.env.E2E_SANDBOX_URL,
  shop: process.env.E2E_SHOP_URL,
  secret: process.env.E2E_MERCHANT_SECRET,
  // Signs webhooks and the signed return: the proxy's PROXY_WEBHOOK_SIGNING_SECRET.
  webhookSecret: process.env.E2E_WEBHOOK_SECRET,
  chromium: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
  artifacts: process.env.E2E_ARTIFACTS_DIR ?? 'e2e/artifacts',
  orkestraPassword: process.env.E2E_ORKESTRA_PASSWORD,
};

for (const [name, value] of Object.entries({ E2E_PROXY_URL: env.proxy, E2E_SANDBOX_URL: env.sandbox, E2E_SHOP_URL: env.shop, E2E_MERCHANT_SECRET: env.secret, E2E_WEBHOOK_SECRET: env.webhookSecret })) {
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests through \`cargo xtask test\``);
}
mkdirSync(env.artifacts, { recursive: true });

export function launch() {
  return chromium.launch({
    executablePath: env.chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

export function artifact(name) {
  return join(env.artifacts, name);
}

let counter = 0;
export async function createSession(overrides = {}) {
  const body = {
    merchantOrderId: `e2e-${process.pid}-${Date.now()}-${counter++}`,
    country: 'BR', currency: 'BRL', amount: '150.00',
    returnUrl: `${env.shop}/return.html`,
    embedOrigins: [env.shop],
    webhookUrl: `${env.shop}/webhooks/orkestra-checkout`,
    metadata: { suite: 'e2e' },
    ...overrides,
  };
  const response = await fetch(`${env.proxy}/v1/checkout-sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${env.secret}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`session not created: ${response.status} ${await response.text()}`);
  return response.json();
}

export async function getSession(id) {
  const response = await fetch(`${env.proxy}/v1/checkout-sessions/${id}`, { headers: { authorization: `Bearer ${env.secret}` } });
  return response.json();
}

export async function simulate(orkestraId, outcome) {
  const response = await fetch(`${env.sandbox}/_sandbox/transactions/${orkestraId}/simulate`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome }),
  });
  if (!response.ok) throw new Error(`simulate ${outcome}: ${response.status} ${await response.text()}`);
}

// The page has run and drawn itself in `scope` (a page, a frame or a locator). The amount
// alone does not say so: the proxy draws it, and in a top-level tab or an allowed frame the first screen's form,
// into the hosted page's HTML before the wasm runs (crates/orkestra-proxy/src/routes/hosted/
// summary.rs, form.rs), in a `<main data-drawn="server">` the page replaces with its own
// (the inline page shows a loading notice while it loads).
export async function pageShown(scope, { timeout } = {}) {
  await scope.getByTestId('amount').waitFor({ timeout });
  await scope.locator('main[data-drawn="server"]').waitFor({ state: 'detached', timeout });
  await scope.locator('.notice--loading').waitFor({ state: 'detached', timeout });
}

/**
 * Holds back every wasm request of `page` (its frames' too) until `release()` is called;
 * `wasAsked()` says whether one was made.
 */
export async function holdTheWasm(page) {
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  let asked = false;
  await page.route('**/*_bg.wasm', async (route) => {
    asked = true;
    await released;
    await route.continue();
  });
  return { release, wasAsked: () => asked };
}

/**
 * Opens `url` in a new page of `context` with the wasm held back until `release()` is
 * called, as on a slow network; layout shifts from the start are in `window.__shifts`.
 */
export async function openHoldingTheWasm(context, url) {
  const page = await context.newPage();
  const { release, wasAsked } = await holdTheWasm(page);
  // Every layout shift from the start, for the take-over check.
  await page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__shifts.push(entry.value);
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return { page, release, wasAsked };
}

export async function eventually(check, { timeout = 15000, interval = 200 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

// CRC-16/CCITT-FALSE, written here independently of the Rust code it checks.
export function crc16(text) {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

// Collects what would show a broken page: script errors, CSP violations, failed loads.
export function watchForProblems(page) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) => {
    // The page closes its status stream once a session is final, and a reload cancels
    // what was in flight: those aborts are the page working, not failing.
    const error = request.failure()?.errorText ?? '';
    if (error !== 'net::ERR_ABORTED') problems.push(`requestfailed: ${request.url()} ${error}`);
  });
  return problems;
}

// WCAG 2.2 A/AA rules of axe-core on what the page shows now; returns "rule: target" lines.
export async function axeViolations(page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}
