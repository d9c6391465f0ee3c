// Writes formats.json and vectors.json beside this file: how Chromium's `Intl` writes an
// amount of money in each `Intl` tag the payment page can use (src/format.rs `intl_tag`)
// and each currency of the catalog, so the proxy can draw the hosted page's summary
// exactly as the page will once its wasm runs (no flash when the page takes over).
//
// Run from the repository (playwright-core from its node_modules, Debian's Chromium):
//   node crates/orkestra-proxy/src/routes/hosted/intl/gen.mjs
//
// formats.json: per tag, the separators, the zero digit and whether a 4-digit number is
// grouped; per currency, the text before and after the number and the fraction digits
// (read from `formatToParts`); `number`, the same for a stablecoin's plain number. vectors.json: amounts formatted by Chromium itself, which
// the proxy's tests compare with what it draws from formats.json.

import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The languages of the page alone, and every country variant `intl_tag` can pick
// (orkestra-core's `Country::locales` whose language the page speaks).
const TAGS = ['en', 'es', 'pt-BR', 'fr', 'ar',
  'es-AR', 'es-CL', 'es-CO', 'es-EC', 'es-MX', 'es-PE',
  'fr-BJ', 'fr-BF', 'fr-CM', 'fr-CI', 'fr-RW', 'fr-SN',
  'en-CM', 'en-EG', 'en-ET', 'en-GH', 'en-KE', 'en-MW', 'en-NG', 'en-RW', 'en-SL', 'en-ZA',
  'en-TZ', 'en-UG', 'en-ZM', 'ar-EG'];
// ISO 4217 codes go through `style: "currency"`; stablecoins (not ISO) are a number and
// their code, with 2 to 6 fraction digits (src/format.rs).
const ISO = ['ARS', 'BRL', 'CLP', 'COP', 'USD', 'MXN', 'PEN', 'XOF', 'XAF', 'EGP', 'ETB',
  'GHS', 'KES', 'MWK', 'NGN', 'RWF', 'SLE', 'ZAR', 'TZS', 'UGX', 'ZMW', 'EUR'];
const COINS = ['USDT', 'USDC'];
// The currency of each country variant (orkestra-core's `Country::currency`): a session
// in a country is in its currency, so a variant meets no other. The languages alone meet
// every currency (a French page for a Nigerian session is `fr`).
const REGION_CURRENCY = { AR: 'ARS', BR: 'BRL', CL: 'CLP', CO: 'COP', EC: 'USD', MX: 'MXN',
  PE: 'PEN', BJ: 'XOF', BF: 'XOF', CI: 'XOF', SN: 'XOF', CM: 'XAF', EG: 'EGP', ET: 'ETB',
  GH: 'GHS', KE: 'KES', MW: 'MWK', NG: 'NGN', RW: 'RWF', SL: 'SLE', ZA: 'ZAR', TZ: 'TZS',
  UG: 'UGX', ZM: 'ZMW' };
// Rounding (99.995 in a currency of 0 or 2 digits), grouping of 4, 5 and 7 digits.
const AMOUNTS = ['0.50', '150.00', '1234.56', '10000.00', '1234567.89', '99.995'];
const COIN_AMOUNTS = ['150.00', '0.123456', '1234.5', '1000000.000001'];

const browser = await chromium.launch({ executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  const result = await page.evaluate(({ TAGS, ISO, COINS, AMOUNTS, COIN_AMOUNTS, REGION_CURRENCY }) => {
    const formats = {};
    const vectors = [];
    const around = (parts) => {
      const first = parts.findIndex((p) => p.type === 'integer');
      let last = -1;
      parts.forEach((p, i) => { if (p.type === 'integer' || p.type === 'fraction') last = i; });
      const text = (list) => list.map((p) => p.value).join('');
      return [text(parts.slice(0, first)), text(parts.slice(last + 1))];
    };
    for (const tag of TAGS) {
      const plain = new Intl.NumberFormat([tag]);
      const parts = plain.formatToParts(1234567.5);
      const of = (type) => parts.find((p) => p.type === type)?.value ?? '';
      const entry = {
        group: of('group'),
        decimal: of('decimal'),
        zero: plain.format(0),
        group_four: plain.formatToParts(1234).some((p) => p.type === 'group'),
        currencies: {},
      };
      const region = tag.split('-')[1];
      const codes = region && region !== 'BR' ? [REGION_CURRENCY[region]] : ISO;
      for (const code of codes) {
        const format = new Intl.NumberFormat([tag], { style: 'currency', currency: code });
        const [before, after] = around(format.formatToParts(1234567.5));
        entry.currencies[code] = [before, after, format.resolvedOptions().maximumFractionDigits];
        for (const amount of AMOUNTS) vectors.push([tag, code, amount, format.format(amount)]);
      }
      const coin = new Intl.NumberFormat([tag], { minimumFractionDigits: 2, maximumFractionDigits: 6 });
      const [before, after] = around(coin.formatToParts(1234567.5));
      entry.number = [before, after];
      for (const code of COINS) {
        for (const amount of COIN_AMOUNTS) vectors.push([tag, code, amount, `${coin.format(amount)} ${code}`]);
      }
      formats[tag] = entry;
    }
    return { formats, vectors, agent: navigator.userAgent };
  }, { TAGS, ISO, COINS, AMOUNTS, COIN_AMOUNTS, REGION_CURRENCY });
  const here = dirname(fileURLToPath(import.meta.url));
  const chrome = result.agent.match(/Chrome\/[\d.]+/)?.[0] ?? result.agent;
  const lines = Object.entries(result.formats).map(([tag, f]) => `  ${JSON.stringify(tag)}: ${JSON.stringify(f)}`);
  writeFileSync(join(here, 'formats.json'), `{"source": ${JSON.stringify(chrome)}, "formats": {\n${lines.join(',\n')}\n}}\n`);
  writeFileSync(join(here, 'vectors.json'), `{"source": ${JSON.stringify(chrome)}, "vectors": [\n${result.vectors.map((v) => JSON.stringify(v)).join(',\n')}\n]}\n`);
  console.log(`${Object.keys(result.formats).length} tags, ${result.vectors.length} vectors, from ${chrome}`);
} finally {
  await browser.close();
}
