// The compose stack from outside, as a merchant and a payer reach it (`cargo xtask test
// --layer image` starts it and sets the STACK_* variables):
// - STACK_LB_URL: the load balancer's public port (requests spread over both replicas);
// - STACK_REPLICA_A_URL / STACK_REPLICA_B_URL: its ports that reach one replica each;
// - STACK_SANDBOX_URL: the Orkestra sandbox (to settle a payment as the payer's bank);
// - STACK_MERCHANT_SECRET.
// Every request goes through the load balancer but the settle call. xtask then reads the
// load balancer's access log to show which replica served what.

import { test } from 'node:test';
import assert from 'node:assert/strict';

const env = (name) => {
  const value = process.env[name];
  assert.ok(value, `${name} must be set (cargo xtask test --layer image sets it)`);
  return value;
};
const LB = env('STACK_LB_URL');
const REPLICA_A = env('STACK_REPLICA_A_URL');
const REPLICA_B = env('STACK_REPLICA_B_URL');
const SANDBOX = env('STACK_SANDBOX_URL');
const SECRET = env('STACK_MERCHANT_SECRET');
const WAIT_MS = 20_000;

async function createSession(orderId) {
  const response = await fetch(`${LB}/v1/checkout-sessions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${SECRET}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      merchantOrderId: orderId,
      country: 'BR',
      currency: 'BRL',
      amount: '150.00',
      returnUrl: 'https://shop.example/return',
      embedOrigins: ['https://shop.example'],
      metadata: {},
    }),
  });
  const body = await response.json();
  assert.equal(response.status, 201, JSON.stringify(body));
  const token = new URL(body.url).pathname.split('/').pop();
  return { session: body, token };
}

async function merchantGet(id) {
  const response = await fetch(`${LB}/v1/checkout-sessions/${id}`, {
    headers: { Authorization: `Bearer ${SECRET}` },
  });
  assert.equal(response.status, 200);
  return response.json();
}

/** A page's live-status stream (text/event-stream) on one replica. */
class Stream {
  static async open(base, token) {
    const controller = new AbortController();
    const response = await fetch(`${base}/api/pay/${token}/events`, { signal: controller.signal });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/event-stream');
    const stream = new Stream(response, controller);
    await stream.waitFor(() => true, 'its first session event');
    return stream;
  }

  constructor(response, controller) {
    this.reader = response.body.getReader();
    this.controller = controller;
    this.decoder = new TextDecoder();
    this.buffer = '';
    this.seen = [];
  }

  /** The next `session` event's JSON, or null when the stream ends. */
  async next() {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const event = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const lines = event.split('\n');
        if (!lines.includes('event: session')) continue;
        const data = lines
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trimStart())
          .join('');
        return JSON.parse(data);
      }
      const { value, done } = await this.reader.read();
      if (done) return null;
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  async waitFor(matches, what) {
    const deadline = new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`no ${what} within ${WAIT_MS} ms; saw ${this.seen}`)), WAIT_MS).unref(),
    );
    const found = (async () => {
      for (;;) {
        const page = await this.next();
        if (page === null) throw new Error(`the stream ended before ${what}; saw ${this.seen}`);
        this.seen.push(page.status);
        if (matches(page)) return page;
      }
    })();
    return Promise.race([found, deadline]);
  }

  status(status) {
    return this.waitFor((page) => page.status === status, `status ${status}`);
  }

  close() {
    this.controller.abort();
  }
}

test('the load balancer serves the hosted page and its assets', async () => {
  const { token } = await createSession(`image-page-${Date.now()}`);
  const page = await fetch(`${LB}/pay/${token}`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  const html = await page.text();
  const asset = html.match(/\/assets\/[^"'?]+\.wasm/);
  assert.ok(asset, 'the page names its wasm');
  const wasm = await fetch(`${LB}${asset[0]}`);
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
});

test('a PIX payment through the load balancer, its status pushed across replicas', async () => {
  const { session, token } = await createSession(`image-pix-${Date.now()}`);
  // One page on each replica: whichever replica Orkestra's notification reaches, a page
  // on the other one must hear of it.
  const onA = await Stream.open(REPLICA_A, token);
  const onB = await Stream.open(REPLICA_B, token);
  try {
    // The payer's submit goes to replica B; the page on A sees the attempt.
    const submit = await fetch(`${REPLICA_B}/api/pay/${token}/transactions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `image-${token}` },
      body: JSON.stringify({
        method: 'PIX',
        payer: { name: 'Maria da Silva', document: '529.982.247-25', email: 'maria@example.com' },
      }),
    });
    assert.equal(submit.status, 201, await submit.text());
    await Promise.all([onA.status('pending'), onB.status('pending')]);

    const view = await merchantGet(session.id);
    const orkestraId = view.transactions[0].orkestraId;
    assert.ok(orkestraId, JSON.stringify(view));
    // The payer's bank settles it; the sandbox notifies the proxies through the load balancer.
    const settle = await fetch(`${SANDBOX}/_sandbox/transactions/${orkestraId}/simulate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ outcome: 'paid' }),
    });
    assert.equal(settle.status, 200, await settle.text());
    await Promise.all([onA.status('paid'), onB.status('paid')]);
    assert.equal((await merchantGet(session.id)).status, 'paid');
  } finally {
    onA.close();
    onB.close();
  }
});
