// `cargo xtask bench page`: how long a payer on a slow phone and a slow network waits
// before the hosted page can be used, beside the network's floor and beside Adyen Web's
// Drop-in for the same Brazilian payment. A benchmark, not a test: it prints figures and
// fails only when it cannot measure.
//
// Conditions, as Chrome DevTools' "Slow 4G" preset and Lighthouse's mobile throttling:
// - CPU slowed 4x (Emulation.setCPUThrottlingRate);
// - 562.5 ms of latency per request (150 ms RTT × 3.75, DevTools' request-level factor),
//   1.44 Mbit/s down, 675 kbit/s up (Network.emulateNetworkConditions);
// - a new browser context per run: nothing cached, as for a payer opening the link once.
//
// Time to interactive here is the time from the start of navigation until the payment
// form is in the page AND the page's main thread answers an input: the benchmark types one
// character into the first text field and waits for the page to show it. Each moment is
// caught in the page on the first animation frame it holds (`waitForFunction`), not by
// Playwright's element waits, which poll from outside at growing intervals, up to 500 ms
// apart, and so counted up to half a second of waiting as the page's (until 2026-12-07). Reported with First
// Contentful Paint and the bytes the page transferred until then (ours fetches the
// instructions' wasm chunk only once the payer acts on the form, so it is in flight, not counted, when
// the typed character shows: 18.6 KB brotli more for a payer who pays; README, "Page size").
// Our hosted page comes with its first form drawn by the proxy, so the character shows before
// the wasm has arrived; the benchmark then also waits until the page has run and taken the
// form over (Pay enabled), and reports that moment, its bytes and its floor too: what a payer
// waits for before sending. For Adyen's page the two moments are one.
//
// The floor of a run is what the network alone costs: the serial round trips (a request
// started only after another one's answer began, as the HTML's subresources do) times the
// latency, plus every byte at the profile's bandwidth. It leaves out what no page can avoid:
// the browser parsing, laying out and painting anything at 4x CPU, and the benchmark's own
// steps (finding the field, typing, reading it back). So the same run also measures a blank
// page (`BLANK`: merchant, amount, one text field, no script) the same way, a floor that
// counts those.
//
// Playwright's element lookups run a script of its own in the page, which at 4x CPU can land
// before the first paint (on every page alike). The first paint is measured again in runs
// where nothing touches the page until it has loaded ("untouched").
//
// Adyen's page (e2e/bench/adyen): its Drop-in for Brazil (cards, Pix, boleto) built by Vite
// from the npm package @adyen/adyen-web, served from 127.0.0.1 like ours: brotli (quality 11)
// to a browser that takes it, else gzip -9, each compressed once beforehand. At run time
// it asks Adyen's hosts for more (the pt-BR translations, the card fields' iframes, logos):
// unreachable here, those requests are refused at once (the browser blocks them) and listed; refused,
// they cost no latency, so Adyen's figures are, if anything, better than on a real network.
// Its card number, expiry and CVV are Adyen-hosted iframes, so its first text field of the
// page's own is the card holder's name.

import { build } from 'vite';
import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { join, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, createSession, env } from '../helpers.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const LATENCY = 562.5;
const SLOW_4G = {
  offline: false,
  latency: LATENCY,
  downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8,
  uploadThroughput: (750 * 1024 * 0.9) / 8,
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// The least a page can do here: the merchant, the amount and one labelled text field, no
// script, no style sheet, one request. What the browser and the benchmark's own steps cost
// on this machine under these conditions, measured in the same run as both pages; the
// network floor leaves those out.
const BLANK = '<!doctype html><html lang="pt-BR"><meta charset="utf-8">' +
  '<meta name="viewport" content="width=device-width,initial-scale=1"><title>Pagamento</title>' +
  '<main><h1>Orkestra Demo Shop</h1><p>Total R$ 150,00</p>' +
  '<form data-testid="pay-form"><label for="name">Nome</label> <input id="name"></form></main>';

/**
 * Adyen's page, built once into `out` and served like our /assets: brotli, else gzip -9;
 * the blank page (`BLANK`) from the same server.
 */
async function adyenPage(out) {
  const root = join(dirname(fileURLToPath(import.meta.url)), 'adyen');
  await build({ root, logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
  const compressed = (bytes) => ({
    gzip: gzipSync(bytes, { level: 9 }),
    br: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  });
  const files = new Map([['/blank', compressed(Buffer.from(BLANK))]]);
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set('/' + path.slice(out.length + 1), compressed(readFileSync(path)));
    }
  };
  walk(out);
  const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    const copies = files.get(path === '/' ? '/index.html' : path);
    if (!copies) return response.writeHead(404).end();
    const coding = /\bbr\b/.test(request.headers['accept-encoding'] ?? '') ? 'br' : 'gzip';
    const body = copies[coding];
    // The pages themselves (Adyen's and the blank one) are never cached; their assets are.
    const page = path === '/' || path === '/blank';
    response.writeHead(200, {
      'content-type': MIME[extname(path)] ?? (page ? 'text/html' : 'application/octet-stream'),
      'content-encoding': coding,
      vary: 'accept-encoding',
      'cache-control': page ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    response.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const at = `http://127.0.0.1:${server.address().port}`;
  return { server, url: `${at}/`, blank: `${at}/blank` };
}

/**
 * Serial round trips of a run: a request sent after another's answer began depends on it.
 * Only requests that finished count: the live status stream (ours) never does, and the
 * form does not wait for it.
 */
function roundTrips(requests) {
  const done = requests.filter((r) => r.responded !== undefined && r.finished).sort((a, b) => a.sent - b.sent);
  for (const r of done) {
    r.depth = 1 + Math.max(0, ...done.filter((q) => q !== r && q.responded <= r.sent).map((q) => q.depth ?? 0));
  }
  return Math.max(0, ...done.map((r) => r.depth));
}

/** One cold load of `url`; `field` (a CSS selector) finds the payment form's text fields. */
async function once(browser, label, url, field, { refuse, untouched, runs = true } = {}) {
  const context = await browser.newContext({ locale: 'pt-BR' });
  const page = await context.newPage();
  const refused = new Set();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  // Refused by the browser itself (not intercepted: an intercepted request would bypass
  // the throttling), at once, as if their hosts did not resolve.
  if (refuse) await cdp.send('Network.setBlockedURLs', { urls: REFUSED });
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let bytes = 0;
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!e.request.url.startsWith('data:')) requests.set(e.requestId, { url: e.request.url, sent: e.timestamp });
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = requests.get(e.requestId);
    if (r && e.blockedReason) refused.add(new URL(r.url).host);
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.responded = e.timestamp;
  });
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    const r = requests.get(e.requestId);
    if (r) r.finished = true;
  });

  // BENCH_TRACE=<name>: a Chrome trace of each run in the artifacts (where the time goes).
  const trace = process.env.BENCH_TRACE && join(env.artifacts, `trace-${process.env.BENCH_TRACE}-${label}-${Date.now()}.json`);
  if (trace) await browser.startTracing(page, { path: trace, screenshots: false });
  if (untouched) {
    // Nothing asks the page anything until it has loaded: Playwright's element lookups run
    // a script of its own in the page, which at 4x CPU can land before the first paint.
    await page.goto(url, { waitUntil: 'load', timeout: 120000 });
    // A small page can load before its first paint.
    let fcp = null;
    for (let i = 0; i < 100 && fcp === null; i++) {
      fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
      if (fcp === null) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (trace) await browser.stopTracing();
    await context.close();
    return { fcp };
  }
  await page.goto(url, { waitUntil: 'commit' });
  // Each moment is caught in the page, on the first animation frame it holds, and its time
  // taken there: Playwright's own element waits poll from outside at growing intervals (up
  // to 500 ms apart), which would count part of that wait as the page's.
  const input = await page.waitForFunction((selector) => {
    const found = [...document.querySelectorAll(selector)]
      .find((el) => el.checkVisibility({ visibilityProperty: true }) && el.getClientRects().length);
    if (found) window.__benchFormAt = performance.now();
    return found;
  }, field, { timeout: 120000 });
  const formReady = await page.evaluate(() => window.__benchFormAt);
  // The page is interactive when what the payer types shows up.
  await input.asElement().focus();
  await page.keyboard.type('M');
  const interactive = await (await page.waitForFunction(
    (el) => el.value.includes('M') && performance.now(), input, { timeout: 120000 },
  )).jsonValue();
  // What the network had delivered by then: the floor counts these requests alone.
  const upTo = (at) => ({ bytes, requests: [...requests.values()].map((r) => ({ ...r })), at });
  const atInteractive = upTo(interactive);
  // Ours draws its first form in the HTML (crates/orkestra-proxy/src/routes/hosted/form.rs):
  // typing works before the wasm has come, sending once the page has run and taken the form
  // over. Both are reported; for Adyen they are the same moment.
  // (The blank page runs nothing: for it the two moments are one.)
  const ran = runs ? await (await page.waitForFunction(() => !document.querySelector('main[data-drawn="server"]') &&
    document.querySelector('[data-testid="pay-form"] button[type="submit"]:not([disabled]), #dropin') &&
    performance.now(), null, { timeout: 120000 })).jsonValue() : interactive;
  const atRan = upTo(Math.max(ran, interactive));
  const fcp = await page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  );
  if (trace) await browser.stopTracing();
  await context.close();
  const floorOf = (snapshot) => {
    const rounds = roundTrips(snapshot.requests);
    return { rounds, floor: rounds * LATENCY + (snapshot.bytes / SLOW_4G.downloadThroughput) * 1000 };
  };
  const { rounds, floor } = floorOf(atInteractive);
  const whenRan = floorOf(atRan);
  if (process.env.BENCH_VERBOSE) {
    for (const r of atRan.requests) console.log(`  ${r.depth ?? '-'} ${r.url.slice(0, 100)}`);
  }
  return {
    fcp, formReady, interactive, bytes: atInteractive.bytes, rounds, floor,
    ran: atRan.at, ranBytes: atRan.bytes, ranRounds: whenRan.rounds, ranFloor: whenRan.floor,
    refused: [...refused],
  };
}

// Every request out of this machine (Adyen's CDN, its card fields, its analytics: all
// HTTPS; the pages are served over plain HTTP from 127.0.0.1).
const REFUSED = ['https://*', '*adyen.com*'];

// The text inputs of the form; the first one the payer sees is typed into (the split
// amount is in the page, hidden, until asked for).
const ours = '[data-testid="pay-form"] input:not([type="radio"]):not([type="checkbox"])';
const adyens = '#dropin input:not([type="radio"]):not([type="checkbox"])';

const artifacts = env.artifacts;
const adyen = await adyenPage(join(artifacts, 'adyen-dropin'));
const browser = await launch();
try {
  // One run of each unthrottled first, so first-request costs of the servers are not counted.
  for (const [url, field, refuse] of [[(await createSession({ cardCapture: 'orkestra' })).url, ours], [adyen.url, adyens, true], [adyen.blank, ours]]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (refuse) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setBlockedURLs', { urls: REFUSED });
    }
    await page.goto(url);
    await page.locator(`${field}:visible`).first().waitFor();
    await context.close();
  }
  // Each run's three loads, in turn: ours for `session`, Adyen's (its hosts refused) and the
  // blank page (which runs nothing after the typed character).
  const contenders = (session, options = {}) => [
    ['ours', () => once(browser, 'ours', session.url, ours, options)],
    ['adyen', () => once(browser, 'adyen', adyen.url, adyens, { refuse: true, ...options })],
    ['blank', () => once(browser, 'blank', adyen.blank, ours, { runs: false, ...options })],
  ];
  const runs = { ours: [], adyen: [], blank: [] };
  const refused = new Set();
  // Alternating, so a slow moment of the machine weighs on both alike.
  for (let i = 0; i < RUNS; i++) {
    // Cards typed on Orkestra's page, the product's default (as Adyen's are in its own
    // hosted fields): the card form asks here for the holder's name and CPF.
    const session = await createSession({ locale: 'pt-BR', cardCapture: 'orkestra' });
    for (const [name, run] of contenders(session)) {
      const r = await run();
      runs[name].push(r);
      r.refused.forEach((h) => refused.add(h));
      console.log(`run ${i + 1} ${name.padEnd(5)}: fcp ${r.fcp?.toFixed(0)} ms, form ${r.formReady.toFixed(0)} ms, ` +
        `interactive ${r.interactive.toFixed(0)} ms, ${r.bytes} bytes, ${r.rounds} round trips, floor ${r.floor.toFixed(0)} ms; ` +
        `page ran ${r.ran.toFixed(0)} ms, ${r.ranBytes} bytes, floor ${r.ranFloor.toFixed(0)} ms`);
    }
  }
  // The first paint again, in runs where the benchmark leaves the page alone until it has
  // loaded (see `once`): the paint as a payer's browser makes it.
  for (let i = 0; i < RUNS; i++) {
    const session = await createSession({ locale: 'pt-BR', cardCapture: 'orkestra' });
    for (const [name, run] of contenders(session, { untouched: true })) {
      const r = await run();
      runs[name][i].quietFcp = r.fcp;
      console.log(`run ${i + 1} ${name.padEnd(5)}, untouched: fcp ${r.fcp?.toFixed(0)} ms`);
    }
  }
  const med = (name, key) => median(runs[name].map((r) => r[key]).filter((v) => v !== null && v !== undefined));
  // `blank`: whether the blank page has this moment (it has no script to run).
  const row = (label, key, unit = ' ms', floorKey = 'floor', blank = true) => {
    const [o, a, b, f] = [med('ours', key), med('adyen', key), med('blank', key), med('ours', floorKey)];
    const ratio = (x, y) => (x / y).toFixed(2);
    const floorRatio = unit === ' ms' ? ratio(o, f) : '';
    console.log(`| ${label} | ${o.toFixed(0)}${unit} | ${a.toFixed(0)}${unit} | ${blank ? b.toFixed(0) + unit : '–'} | ` +
      `${floorRatio} | ${ratio(o, a)} | ${blank ? ratio(o, b) : '–'} |`);
  };
  console.log(`\nhosted page vs Adyen Drop-in (BR), 4x CPU slowdown, Slow 4G (${LATENCY} ms, 1.44 Mbit/s), ` +
    `cold cache, ${RUNS} runs each, alternating, medians:`);
  console.log(`network floor: ours ${med('ours', 'floor').toFixed(0)} ms (${med('ours', 'rounds')} round trips), ` +
    `Adyen ${med('adyen', 'floor').toFixed(0)} ms (${med('adyen', 'rounds')} round trips)`);
  console.log(`blank page (merchant, amount, one text field; no script): floor ${med('blank', 'floor').toFixed(0)} ms, ` +
    `${med('blank', 'bytes')} bytes`);
  console.log('| median | ours | Adyen | blank page | ours/floor | ours/Adyen | ours/blank |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  row('first contentful paint', 'fcp');
  row('first contentful paint, page untouched until loaded', 'quietFcp');
  row('form shown', 'formReady');
  row('time to interactive (a typed character appears)', 'interactive');
  row('bytes transferred until then', 'bytes', '');
  console.log(`page ran (ours: the wasm took the drawn form over, Pay enabled; Adyen: as above), ` +
    `floor then: ours ${med('ours', 'ranFloor').toFixed(0)} ms (${med('ours', 'ranRounds')} round trips)`);
  row('page ran, ready to send', 'ran', ' ms', 'ranFloor', false);
  row('bytes transferred until then', 'ranBytes', '', 'ranFloor', false);
  console.log(`Adyen's requests refused (unreachable hosts): ${[...refused].sort().join(', ') || 'none'}`);
} finally {
  await browser.close();
  adyen.server.close();
}
