'use client';
// `@orkestra/checkout/react`: `<OrkestraCheckout>` and `useOrkestraCheckout`, which run the
// package's own `startCheckout` (the same iframe and inline mounts as everywhere else) in
// an element React renders. Safe to import during server-side rendering: nothing starts
// before an effect runs in the browser. Also types `<orkestra-checkout>` in JSX.

import { createElement, useCallback, useEffect, useRef, useState } from 'react';
import type { CSSProperties, HTMLAttributes, ReactElement, Ref } from 'react';
import { dispatch } from './iframe.js';
import { sessionUrl, startCheckout } from './start.js';
import type { CheckoutElementMode, StartedCheckout } from './start.js';
import type { CheckoutElementEventMap, OrkestraCheckoutElement } from './element.js';
import type { CheckoutCallbacks, CheckoutEvent, ErrorEvent, SessionStatus } from './protocol.js';

export interface UseOrkestraCheckoutOptions extends CheckoutCallbacks {
  /** The session's `url`, or the session your server created (`{ url, … }`). Nothing is
   * shown while it is empty (e.g. still being created). */
  session: string | { url: string } | null | undefined;
  /** `iframe` (the default) or `inline`. */
  mode?: CheckoutElementMode;
  /** iframe only: a language instead of the session's (`es`, `pt-BR`, `fr`, `ar`, `en`). */
  locale?: string;
  /** iframe only: the iframe's accessible name. */
  title?: string;
  /** iframe only: its height in CSS pixels before the page reports its own. */
  initialHeight?: number;
}

/** Where the checkout is, from its events: `loading` until it reports `ready`. A failed
 * attempt is `failed` until the payer tries again; `paid`, `expired` and `cancelled` are
 * final. Ship on your server's confirmation (the signed webhook), not on this. */
export type CheckoutStatus = 'loading' | SessionStatus;

export interface OrkestraCheckoutState {
  /** Put this on the element the checkout goes in (`<div ref={ref} />`). */
  ref: (element: HTMLElement | null) => void;
  status: CheckoutStatus;
  /** The last event (`resize` aside), or null before the first. */
  lastEvent: CheckoutEvent | null;
  /** The last `error` event (a request that failed with no field to show it on,
   * `load_failed`…), or null. */
  error: ErrorEvent | null;
  /** iframe only: asks the page to cancel the payment, as its own cancel button does. */
  cancel: () => void;
}

function next(status: CheckoutStatus, event: CheckoutEvent): CheckoutStatus {
  switch (event.type) {
    case 'ready':
      return event.status;
    case 'pending':
      return 'pending';
    case 'partially_paid':
      return 'open';
    case 'paid':
      return 'paid';
    case 'failed':
      return 'failed';
    case 'expired':
      return 'expired';
    case 'cancelled':
      return 'cancelled';
    case 'change':
    case 'submitted':
    case 'resize':
    case 'error':
      return status;
  }
}

/** Runs a checkout in the element given to `ref`; restarts it when the session, mode,
 * locale or title changes. Callbacks may change on every render without a restart. */
export function useOrkestraCheckout(options: UseOrkestraCheckoutOptions): OrkestraCheckoutState {
  const [element, setElement] = useState<HTMLElement | null>(null);
  const [status, setStatus] = useState<CheckoutStatus>('loading');
  const [lastEvent, setLastEvent] = useState<CheckoutEvent | null>(null);
  const [error, setError] = useState<ErrorEvent | null>(null);
  const callbacks = useRef<CheckoutCallbacks>(options);
  const started = useRef<StartedCheckout | null>(null);
  useEffect(() => {
    callbacks.current = options;
  });

  const url = sessionUrl(options.session);
  const { mode, locale, title, initialHeight } = options;
  useEffect(() => {
    if (!element || !url) return undefined;
    setStatus('loading');
    setLastEvent(null);
    setError(null);
    // Each event to the latest callbacks: a re-render with new functions restarts nothing.
    const onEvent = (event: CheckoutEvent): void => {
      if (event.type !== 'resize') {
        setLastEvent(event);
        setStatus((status) => next(status, event));
        if (event.type === 'error') setError(event);
      }
      dispatch(callbacks.current, event);
    };
    const checkout = startCheckout(element, { url, mode, locale, title, initialHeight, onEvent });
    started.current = checkout;
    return () => {
      checkout.stop();
      if (started.current === checkout) started.current = null;
    };
  }, [element, url, mode, locale, title, initialHeight]);

  const cancel = useCallback(() => started.current?.cancel(), []);
  return { ref: setElement, status, lastEvent, error, cancel };
}

export interface OrkestraCheckoutProps extends UseOrkestraCheckoutOptions {
  id?: string;
  className?: string;
  style?: CSSProperties;
}

/**
 * The checkout in a `<div>`:
 *
 * ```tsx
 * <OrkestraCheckout session={session.url} mode="inline" onPaid={(e) => confirm(e.sessionId)} />
 * ```
 */
export function OrkestraCheckout(props: OrkestraCheckoutProps): ReactElement {
  const { ref } = useOrkestraCheckout(props);
  return createElement('div', { ref, id: props.id, className: props.className, style: props.style });
}

/** `on<event name>` props of `<orkestra-checkout>` in React 19, which adds a listener for
 * each `on…` function prop of a custom element (`onorkestra-paid`). */
export type OrkestraCheckoutEventProps = {
  [K in keyof CheckoutElementEventMap as `on${K}`]?: (event: CheckoutElementEventMap[K]) => void;
};

/** The attributes of `<orkestra-checkout>` in JSX (define it first: `defineCheckoutElement()`
 * or `import '@orkestra/checkout/element'`). */
export interface OrkestraCheckoutAttributes
  extends HTMLAttributes<OrkestraCheckoutElement>,
    OrkestraCheckoutEventProps {
  'session-url': string;
  mode?: CheckoutElementMode;
  ref?: Ref<OrkestraCheckoutElement>;
  /** React 19 passes `class` to custom elements as is. */
  class?: string;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'orkestra-checkout': OrkestraCheckoutAttributes;
    }
  }
}
