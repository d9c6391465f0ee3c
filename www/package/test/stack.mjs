// The real stack for the server library's tests: the proxy and sandbox `cargo xtask test
// --layer clients` started (their addresses and the merchant secret in the environment),
// the compiled `@orkestra/checkout/server` (ORKESTRA_SERVER_MODULE), a local endpoint that
// receives the proxy's webhooks, and a flaky hop in front of the proxy that loses answers.

import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';

export const env = {
  proxy: process.env.ORKESTRA_PROXY_URL,
  sandbox: process.env.ORKESTRA_SANDBOX_URL,
  secret: process.env.ORKESTRA_MERCHANT_SECRET,
  // What webhooks and the signed return are signed with (the proxy's PROXY_WEBHOOK_SIGNING_SECRET).
  webhookSecret: process.env.ORKESTRA_WEBHOOK_SECRET,
  module: process.env.ORKESTRA_SERVER_MODULE,
};
for (const [name, value] of Object.entries(env)) {
  if (!value) throw new Error(`${name} is not set: run these tests through \`cargo xtask test --layer clients\``);
}

export const server = await import(env.module);

export const PAYER = { name: 'Maria da Silva', document: '529.982.247-25', email: 'maria@example.com' };

export const orderId = () => `node-${randomUUID().slice(0, 18)}`;

export async function eventually(check, { timeout = 20000, interval = 200 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** A session paid by PIX through the merchant API (host to host). */
export async function payByPix(client, extra = {}) {
  const session = await client.sessions.create({
    merchantOrderId: orderId(), country: 'BR', currency: 'BRL', amount: '150.00', ...extra,
  });
  return client.sessions.pay(session.id, { method: 'PIX', payer: PAYER });
}

/** Settles the session's last attempt in the sandbox and waits for the proxy to know. */
export async function settle(client, session, outcome = 'paid') {
  const orkestraId = session.transactions.at(-1).orkestraId;
  const response = await fetch(`${env.sandbox}/_sandbox/transactions/${orkestraId}/simulate`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome }),
  });
  if (!response.ok) throw new Error(`simulate: ${response.status} ${await response.text()}`);
  return eventually(async () => {
    const now = await client.sessions.retrieve(session.id);
    return now.status === outcome && now;
  });
}

function listen(handler) {
  const http = createServer(handler);
  return new Promise((resolve) => {
    http.listen(0, '127.0.0.1', () => resolve({ http, origin: `http://127.0.0.1:${http.address().port}` }));
  });
}

/** An endpoint on 127.0.0.1 that keeps each webhook's raw body and signature header. */
export async function webhookEndpoint() {
  const received = [];
  const { http, origin } = await listen((request, response) => {
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', () => {
      received.push({ body: Buffer.concat(chunks), signature: request.headers['orkestra-signature'] });
      response.writeHead(204).end();
    });
  });
  return {
    url: `${origin}/webhooks`,
    next: (wanted) => eventually(() => received.find(wanted), { timeout: 30000 }),
    close: () => http.close(),
  };
}

/** A hop in front of the real proxy that forwards every request and answers the first
 * `lose` of them with a 503 instead of the proxy's answer (the answer was lost). */
export async function flakyHop(lose = 1) {
  const seen = [];
  const { http, origin } = await listen((request, response) => {
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', async () => {
      seen.push({ path: request.url, key: request.headers['idempotency-key'] });
      const headers = { ...request.headers };
      for (const name of ['host', 'content-length', 'connection']) delete headers[name];
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const answer = await fetch(`${env.proxy}${request.url}`, { method: request.method, headers, body });
      const text = await answer.text();
      if (seen.length <= lose) {
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end('{"error":{"code":"upstream_unavailable","message":"lost on the way back"}}');
      } else {
        response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        response.end(text);
      }
    });
  });
  return { url: origin, seen, close: () => http.close() };
}
