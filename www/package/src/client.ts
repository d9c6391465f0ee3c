// `createClient`: the merchant API (`/v1/…`) from your server, typed with the types
// generated from the proxy's openapi.json. Every call of this API is idempotent (a session
// by its `merchantOrderId`, a payout by its `referenceId`, a payment and a refund by their
// `Idempotency-Key`, a cancel by the session's state), so each is retried on a network
// failure, a timeout, 429 (after `Retry-After`), 500, 503 and 504 with the same body and
// key. Server-side only: the merchant secret must never reach a browser.

import { randomUUID } from 'node:crypto';
import type {
  CheckoutSession,
  CreateCheckoutSession,
  CreatePayout,
  CreatePayoutBatch,
  CreateRefund,
  ErrorBody,
  Payout,
  PayoutBatch,
  Refund,
  SubmitTransaction,
  TransactionList,
  TransactionStatus,
} from './api.js';
import type { ErrorCode } from './codes.js';

export interface ClientOptions {
  /** The proxy's origin (`https://pay.example`), as `PROXY_PUBLIC_URL`. */
  baseUrl: string;
  /** The merchant secret (`ORKESTRA_MERCHANT_SECRET`). */
  secret: string;
  /** Extra attempts after a retryable failure. Default 2. */
  maxRetries?: number;
  /** Per attempt, in milliseconds. Default 30,000. */
  timeoutMs?: number;
  /** Another `fetch` (a proxy-aware one, a test double). Default the global one. */
  fetch?: typeof fetch;
}

export interface IdempotentOptions {
  /** The same key for the same intent (`refund-<order>-1`), so a retry after a crash is
   * the same refund or payment. Default: a random key, reused by this call's retries. */
  idempotencyKey?: string;
}

export interface ListTransactions {
  sessionId?: string;
  status?: TransactionStatus;
  /** The previous page's `nextBefore`. */
  before?: string;
  /** 1 to 100; default 50. */
  limit?: number;
}

/** The proxy answered with an error (`{"error": {code, message, field?, fields?}}`). */
export class OrkestraApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | (string & {});
  readonly field: string | undefined;
  readonly fields: NonNullable<ErrorBody['fields']>;

  constructor(status: number, body: ErrorBody | undefined) {
    super(`${status} ${body?.code ?? 'error'}${body?.message ? `: ${body.message}` : ''}`);
    this.name = 'OrkestraApiError';
    this.status = status;
    this.code = body?.code ?? 'internal_error';
    this.field = body?.field;
    this.fields = body?.fields ?? [];
  }
}

/** No answer after every attempt (network failures or timeouts). */
export class OrkestraConnectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OrkestraConnectionError';
  }
}

const RETRYABLE = new Set([429, 500, 503, 504]);
const MAX_DELAY_MS = 30_000;

const path = (template: TemplateStringsArray, ...ids: string[]): string =>
  template.reduce((out, part, i) => out + part + (i < ids.length ? encodeURIComponent(ids[i] ?? '') : ''), '');

export class OrkestraClient {
  readonly #baseUrl: string;
  readonly #secret: string;
  readonly #maxRetries: number;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: ClientOptions) {
    if (!options.baseUrl || !options.secret) {
      throw new TypeError('createClient needs the proxy baseUrl and the merchant secret');
    }
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#secret = options.secret;
    this.#maxRetries = options.maxRetries ?? 2;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  readonly sessions = {
    /** `POST /v1/checkout-sessions`: a new session (201), or the same one again for the same
     * `merchantOrderId` and body (200). */
    create: (body: CreateCheckoutSession): Promise<CheckoutSession> =>
      this.request('POST', '/v1/checkout-sessions', { body }),
    retrieve: (id: string): Promise<CheckoutSession> =>
      this.request('GET', path`/v1/checkout-sessions/${id}`),
    /** Withdraws an open, failed or partly paid session with no payment in flight. */
    cancel: (id: string): Promise<CheckoutSession> =>
      this.request('POST', path`/v1/checkout-sessions/${id}/cancel`),
    /** Host-to-host payment (your own form): card data then passes through your servers. */
    pay: (id: string, body: SubmitTransaction, options: IdempotentOptions = {}): Promise<CheckoutSession> =>
      this.request('POST', path`/v1/checkout-sessions/${id}/transactions`, { body, key: options.idempotencyKey ?? randomUUID() }),
  };

  readonly transactions = {
    /** Newest first; follow `nextBefore` for the next page. */
    list: (query: ListTransactions = {}): Promise<TransactionList> => {
      const search = new URLSearchParams();
      for (const [name, value] of Object.entries(query)) {
        if (value !== undefined) search.set(name, String(value));
      }
      const text = search.toString();
      const suffix = text ? `?${text}` : '';
      return this.request('GET', `/v1/transactions${suffix}`);
    },
  };

  readonly refunds = {
    /** Refunds a paid transaction (all that is left when `amount` is absent). */
    create: (transactionId: string, body: CreateRefund = {}, options: IdempotentOptions = {}): Promise<Refund> =>
      this.request('POST', path`/v1/transactions/${transactionId}/refunds`, { body, key: options.idempotencyKey ?? randomUUID() }),
    list: (transactionId: string): Promise<Refund[]> =>
      this.request('GET', path`/v1/transactions/${transactionId}/refunds`),
  };

  readonly payouts = {
    /** Idempotent on `referenceId`. */
    create: (body: CreatePayout): Promise<Payout> => this.request('POST', '/v1/payouts', { body }),
    createBatch: (body: CreatePayoutBatch): Promise<PayoutBatch> =>
      this.request('POST', '/v1/payouts/batch', { body }),
    retrieve: (id: string): Promise<Payout> => this.request('GET', path`/v1/payouts/${id}`),
  };

  /** One call, retried as the class comment says. */
  async request<T>(method: 'GET' | 'POST', route: string, options: { body?: unknown; key?: string } = {}): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.#secret}`,
      accept: 'application/json',
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.key !== undefined) headers['idempotency-key'] = options.key;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.#maxRetries;
      let response: Response;
      try {
        response = await this.#fetch(`${this.#baseUrl}${route}`, {
          method,
          headers,
          body,
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
      } catch (error) {
        if (last) {
          throw new OrkestraConnectionError(`${method} ${route}: no answer after ${attempt + 1} attempt(s)`, { cause: error });
        }
        await sleep(backoff(attempt));
        continue;
      }
      if (response.ok) return (await response.json()) as T;
      const parsed = (await response.json().catch(() => undefined)) as { error?: ErrorBody } | undefined;
      if (last || !RETRYABLE.has(response.status)) throw new OrkestraApiError(response.status, parsed?.error);
      await sleep(retryAfter(response) ?? backoff(attempt));
    }
  }
}

/** 250 ms, 500 ms, 1 s… with jitter, at most 4 s. */
function backoff(attempt: number): number {
  return Math.min(4000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
}

function retryAfter(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_DELAY_MS) : undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A client of the merchant API. */
export function createClient(options: ClientOptions): OrkestraClient {
  return new OrkestraClient(options);
}
