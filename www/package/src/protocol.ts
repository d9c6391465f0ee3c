// The messages Orkestra Checkout sends to the merchant's page (docs/embedding.md). The
// iframe posts them with `postMessage`; the inline checkout hands the same objects to the
// callbacks. Types only: nothing here runs.

import type { ErrorCode, PaymentMethod } from './codes.js';

/** The status of the payer's session when the page loaded. */
export type SessionStatus = 'open' | 'pending' | 'paid' | 'failed' | 'expired' | 'cancelled';

export type CheckoutEventType =
  | 'ready'
  | 'resize'
  | 'change'
  | 'submitted'
  | 'pending'
  | 'partially_paid'
  | 'paid'
  | 'failed'
  | 'expired'
  | 'cancelled'
  | 'error';

/** What every message carries. */
export interface Envelope<T extends CheckoutEventType> {
  protocol: 'orkestra-checkout';
  version: 1;
  type: T;
  /** The checkout session's id (`cs_…`), as the merchant API names it. */
  sessionId: string;
}

/** The checkout is on screen. */
export interface ReadyEvent extends Envelope<'ready'> {
  status: SessionStatus;
}

/** The page's content height in CSS pixels (iframe only: the loader applies it). */
export interface ResizeEvent extends Envelope<'resize'> {
  height: number;
}

/** The payer chose a method, or the form became complete or incomplete. No field values. */
export interface ChangeEvent extends Envelope<'change'> {
  method: PaymentMethod;
  complete: boolean;
}

/** The payer pressed pay; the proxy has not answered yet. */
export interface SubmittedEvent extends Envelope<'submitted'> {
  method: PaymentMethod;
}

/** The attempt waits on the payer or their bank (a Pix code, a boleto, 3-D Secure…). */
export interface PendingEvent extends Envelope<'pending'> {
  transactionId: string | null;
  method: PaymentMethod | null;
}

/** A leg paid part of the charge (the payer split it across methods); the page now asks
 * for the rest. Amounts are decimal strings in the session's currency. */
export interface PartiallyPaidEvent extends Envelope<'partially_paid'> {
  transactionId: string | null;
  paidAmount: string;
  remainingAmount: string;
}

/** Paid. Confirm on your server (webhook or `GET /v1/checkout-sessions/{id}`) before shipping. */
export interface PaidEvent extends Envelope<'paid'> {
  transactionId: string | null;
}

/** The attempt ended unpaid; the payer may try again on the same session. */
export interface FailedEvent extends Envelope<'failed'> {
  transactionId: string | null;
  status: 'failed' | 'expired' | 'cancelled';
  /** Why, in Orkestra's words (snake_case: `card_declined`, `insufficient_funds`,
   * `not_received`…): an open set that grows with Orkestra's, so a plain string. */
  failureCode: string | null;
}

/** The session expired: nothing more can be paid on it. */
export type ExpiredEvent = Envelope<'expired'>;

/** The session was cancelled (by the payer or the merchant). */
export type CancelledEvent = Envelope<'cancelled'>;

/** The codes of `error` events that come from the page or this package, not the API. */
export type BrowserErrorCode =
  | 'network_error'
  | 'server_error'
  | 'invalid_payment_code'
  | 'cancel_unavailable'
  | 'load_failed';

/** A request failed without a form field to show it on: the API's error code, or one of the
 * page's own (`network_error`, `server_error`, `invalid_payment_code`,
 * `cancel_unavailable`), or `load_failed` from this package. */
export interface ErrorEvent extends Envelope<'error'> {
  code: ErrorCode | BrowserErrorCode;
}

export type CheckoutEvent =
  | ReadyEvent
  | ResizeEvent
  | ChangeEvent
  | SubmittedEvent
  | PendingEvent
  | PartiallyPaidEvent
  | PaidEvent
  | FailedEvent
  | ExpiredEvent
  | CancelledEvent
  | ErrorEvent;

/** One callback per event type, and `onEvent` for all of them. */
export interface CheckoutCallbacks {
  onEvent?(event: CheckoutEvent): void;
  onReady?(event: ReadyEvent): void;
  onResize?(event: ResizeEvent): void;
  onChange?(event: ChangeEvent): void;
  onSubmitted?(event: SubmittedEvent): void;
  onPending?(event: PendingEvent): void;
  onPartiallyPaid?(event: PartiallyPaidEvent): void;
  onPaid?(event: PaidEvent): void;
  onFailed?(event: FailedEvent): void;
  onExpired?(event: ExpiredEvent): void;
  onCancelled?(event: CancelledEvent): void;
  onError?(event: ErrorEvent): void;
}

/** What `mount` and `mountIframe` return. */
export interface CheckoutHandle {
  /** Removes the checkout and stops listening. */
  destroy(): void;
}
