// `startCheckout`: one checkout in one element, in either mode, for the element and the
// framework components (React, Vue), which all need the same things: the inline mount is
// asynchronous, so a checkout stopped while loading must be destroyed when it arrives; a
// mount that fails is reported as an `error` event (`load_failed`) rather than thrown into
// a framework's render.

import { dispatch, mountIframe } from './iframe.js';
import type { IframeHandle } from './iframe.js';
import { mount } from './inline.js';
import type { CheckoutCallbacks, CheckoutHandle, ErrorEvent } from './protocol.js';

export type CheckoutElementMode = 'iframe' | 'inline';

export interface StartOptions extends CheckoutCallbacks {
  /** The session's `url`, as `POST /v1/checkout-sessions` returned it. */
  url: string;
  /** `iframe` (the default): the hosted page in an iframe. `inline`: the checkout itself,
   * rendered in the element (the page's CSP then needs `'wasm-unsafe-eval'`). */
  mode?: CheckoutElementMode;
  /** iframe only: a language (`es`, `pt-BR`, `fr`, `ar`, `en`) instead of the session's. */
  locale?: string;
  /** iframe only: the iframe's accessible name. */
  title?: string;
  /** iframe only: its height in CSS pixels before the page reports its own. */
  initialHeight?: number;
}

export interface StartedCheckout {
  /** Removes the checkout (also one still loading) and stops listening. */
  stop(): void;
  /** iframe only: asks the page to cancel the payment, as its own cancel button does. */
  cancel(): void;
}

/** Starts a checkout in `element`; events go to the options' callbacks. */
export function startCheckout(element: HTMLElement, options: StartOptions): StartedCheckout {
  let handle: CheckoutHandle | IframeHandle | undefined;
  let stopped = false;
  const failed = (error: unknown): void => {
    console.error(error);
    const event: ErrorEvent = {
      protocol: 'orkestra-checkout',
      version: 1,
      type: 'error',
      sessionId: '',
      code: 'load_failed',
    };
    if (!stopped) dispatch(options, event);
  };
  if (options.mode === 'inline') {
    mount(element, options).then((mounted) => {
      if (stopped) mounted.destroy();
      else handle = mounted;
    }, failed);
  } else {
    try {
      handle = mountIframe(element, {
        ...options,
        title: options.title || undefined,
      });
    } catch (error) {
      failed(error);
    }
  }
  return {
    stop() {
      stopped = true;
      handle?.destroy();
      handle = undefined;
    },
    cancel() {
      if (handle && 'cancel' in handle) handle.cancel();
    },
  };
}

/** The `url` of a session given as its URL or as the session object the server returned. */
export function sessionUrl(session: string | { url: string } | null | undefined): string {
  if (!session) return '';
  return typeof session === 'string' ? session : session.url;
}
