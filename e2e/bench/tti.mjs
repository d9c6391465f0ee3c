// `cargo xtask bench page`: how long a payer on a slow phone and a slow network waits
// before the hosted page can be used. A benchmark, not a test: it prints figures and fails
// only when it cannot measure.
//
// Conditions, as Chrome DevTools' "Slow 4G" preset and Lighthouse's mobile throttling:
// - CPU slowed 4x (Emulation.setCPUThrottlingRate);
// - 562.5 ms of latency per request (150 ms RTT × 3.75, DevTools' request-level factor),
//   1.44 Mbit/s down, 675 kbit/s up (Network.emulateNetworkConditions);
// - a new browser context per run: nothing cached, as for a payer opening the link once.
//
// Time to interactive here is the time from the start of navigation until the payment
// form is in the page AND the page's main thread answers an input: the benchmark types one
// character into the first field and waits for the page to show it. Reported with First
// Contentful Paint (the "Loading…" notice) and the bytes the page transferred.

import { launch, createSession } from '../helpers.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8,
  uploadThroughput: (750 * 1024 * 0.9) / 8,
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function once(browser) {
  const session = await createSession({ locale: 'pt-BR' });
  const context = await browser.newContext({ locale: 'pt-BR' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event) => { bytes += event.encodedDataLength; });

  await page.goto(session.url, { waitUntil: 'commit' });
  // The first text input the payer sees (the split amount is in the page, hidden, until asked for).
  const field = page.locator('[data-testid="pay-form"] input:visible:not([type="radio"]):not([type="checkbox"])').first();
  await field.waitFor({ timeout: 120000 });
  const formReady = await page.evaluate(() => performance.now());
  // The page is interactive when what the payer types shows up.
  await field.pressSequentially('M');
  await page.waitForFunction((el) => el.value.includes('M'), await field.elementHandle());
  const interactive = await page.evaluate(() => performance.now());
  const fcp = await page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  );
  await context.close();
  return { fcp, formReady, interactive, bytes };
}

const browser = await launch();
try {
  // One run unthrottled first, so the servers' own first-request costs are not counted.
  await (async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto((await createSession()).url);
    await page.getByTestId('pay-form').waitFor();
    await context.close();
  })();
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await once(browser);
    runs.push(run);
    console.log(`run ${i + 1}: fcp ${run.fcp?.toFixed(0)} ms, form ${run.formReady.toFixed(0)} ms, ` +
      `interactive ${run.interactive.toFixed(0)} ms, ${run.bytes} bytes transferred`);
  }
  const pick = (key) => runs.map((r) => r[key]).filter((v) => v !== null);
  console.log('hosted page, 4x CPU slowdown, Slow 4G (562.5 ms, 1.44 Mbit/s), cold cache, ' +
    `${RUNS} runs, median:`);
  console.log(`  first contentful paint: ${median(pick('fcp')).toFixed(0)} ms`);
  console.log(`  payment form shown:     ${median(pick('formReady')).toFixed(0)} ms`);
  console.log(`  time to interactive:    ${median(pick('interactive')).toFixed(0)} ms`);
  console.log(`  bytes transferred:      ${median(pick('bytes')).toFixed(0)}`);
} finally {
  await browser.close();
}
