// `mountIframe`: the hosted page in an iframe on the merchant's page, sized to its content,
// its messages checked and handed to the merchant's callbacks. Self-contained (type
// imports only): the proxy serves this file as /checkout.js for pages without a bundler.

import type {
  CheckoutCallbacks,
  CheckoutEvent,
  CheckoutEventType,
  CheckoutHandle,
} from './protocol.js';

/** The tag of every message between the page and the merchant's window. */
export const PROTOCOL = 'orkestra-checkout';
/** The protocol version this package speaks; messages of any other are ignored. */
export const VERSION = 1;

const HANDLERS: { [T in CheckoutEventType]: keyof CheckoutCallbacks } = {
  ready: 'onReady',
  resize: 'onResize',
  change: 'onChange',
  submitted: 'onSubmitted',
  pending: 'onPending',
  partially_paid: 'onPartiallyPaid',
  paid: 'onPaid',
  failed: 'onFailed',
  expired: 'onExpired',
  cancelled: 'onCancelled',
  error: 'onError',
};

export interface IframeOptions extends CheckoutCallbacks {
  /** The session's `url`, as `POST /v1/checkout-sessions` returned it. */
  url: string;
  /** The iframe's accessible name. */
  title?: string;
  /** A language for the page (`es`, `pt-BR`, `fr`, `ar`, `en`) instead of the session's. */
  locale?: string;
  /** The height, in CSS pixels, before the page reports its own. */
  initialHeight?: number;
}

export interface IframeHandle extends CheckoutHandle {
  readonly iframe: HTMLIFrameElement;
  /** Asks the page to cancel the payment (as its own cancel button does). */
  cancel(): void;
}

/** Calls `onEvent` and the event's own callback. A throwing callback stops neither. */
export function dispatch(callbacks: CheckoutCallbacks, event: CheckoutEvent): void {
  const own = callbacks[HANDLERS[event.type]] as ((e: CheckoutEvent) => void) | undefined;
  for (const callback of [callbacks.onEvent, own]) {
    try {
      callback?.(event);
    } catch (error) {
      console.error(error);
    }
  }
}

const text = (v: unknown): boolean => typeof v === 'string';
const textOrNull = (v: unknown): boolean => v === null || typeof v === 'string';

/** The shape of each message type; anything else is not one of ours. */
const SHAPES: { [T in CheckoutEventType]: (m: Record<string, unknown>) => boolean } = {
  ready: (m) => text(m.status),
  resize: (m) => typeof m.height === 'number' && Number.isFinite(m.height) && m.height >= 0,
  change: (m) => text(m.method) && typeof m.complete === 'boolean',
  submitted: (m) => text(m.method),
  pending: (m) => textOrNull(m.transactionId) && textOrNull(m.method),
  partially_paid: (m) => textOrNull(m.transactionId) && text(m.paidAmount) && text(m.remainingAmount),
  paid: (m) => textOrNull(m.transactionId),
  failed: (m) => textOrNull(m.transactionId) && text(m.status) && textOrNull(m.failureCode),
  expired: () => true,
  cancelled: () => true,
  error: (m) => text(m.code),
};

/** Whether `data` is a message of this protocol and version, with its type's fields. */
export function isCheckoutEvent(data: unknown): data is CheckoutEvent {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  if (m.protocol !== PROTOCOL || m.version !== VERSION || typeof m.sessionId !== 'string') {
    return false;
  }
  const shape = Object.prototype.hasOwnProperty.call(SHAPES, m.type as string)
    ? SHAPES[m.type as CheckoutEventType]
    : undefined;
  return shape !== undefined && shape(m);
}

/**
 * Puts the checkout in an iframe inside `element`.
 *
 * Only messages from that iframe's window, at the checkout's origin, of this protocol and
 * version, and of the session it first reported, reach the callbacks.
 */
export function mountIframe(element: HTMLElement, options: IframeOptions): IframeHandle {
  const src = new URL(options.url);
  // The page posts to this origin only, and only if the session lists it in embedOrigins.
  src.searchParams.set('embed', window.location.origin);
  if (options.locale) src.searchParams.set('locale', options.locale);
  const checkoutOrigin = src.origin;

  const iframe = document.createElement('iframe');
  iframe.src = src.href;
  iframe.title = options.title ?? 'Checkout';
  iframe.allow = 'clipboard-write';
  // The CSSOM, not a style attribute: merchants' CSPs rarely allow inline styles.
  iframe.style.display = 'block';
  iframe.style.width = '100%';
  iframe.style.border = '0';
  iframe.style.height = `${options.initialHeight ?? 600}px`;

  let sessionId: string | null = null;
  const onMessage = (message: MessageEvent): void => {
    if (message.origin !== checkoutOrigin || message.source !== iframe.contentWindow) return;
    const event: unknown = message.data;
    if (!isCheckoutEvent(event)) return;
    sessionId ??= event.sessionId;
    if (event.sessionId !== sessionId) return;
    if (event.type === 'resize') iframe.style.height = `${Math.ceil(event.height)}px`;
    dispatch(options, event);
  };
  window.addEventListener('message', onMessage);
  element.append(iframe);

  return {
    iframe,
    cancel() {
      iframe.contentWindow?.postMessage(
        { protocol: PROTOCOL, version: VERSION, type: 'cancel' },
        checkoutOrigin,
      );
    },
    destroy() {
      window.removeEventListener('message', onMessage);
      iframe.remove();
    },
  };
}
