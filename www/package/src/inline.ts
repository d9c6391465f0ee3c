// `mount`: the checkout itself (the same WebAssembly as the hosted page) rendered inside a
// merchant's element, for single-page apps. It calls the proxy's browser API across
// origins (the proxy allows the session's embedOrigins) and loads its stylesheet, scoped
// under the element's `orkestra-checkout` class, from this package.

import { dispatch } from './iframe.js';
import type { CheckoutCallbacks, CheckoutEvent, CheckoutHandle } from './protocol.js';

export interface MountOptions extends CheckoutCallbacks {
  /** The session's `url`, as `POST /v1/checkout-sessions` returned it: its origin is the
   * proxy's, its last path segment the payer's token. */
  url: string;
  /** The stylesheet's address, or `false` when the page bundles `@orkestra/checkout/checkout.css`
   * itself. Defaults to the package's own file. */
  stylesheet?: string | false;
}

type Wasm = typeof import('./wasm/orkestra_checkout.js');

let loading: Promise<Wasm> | undefined;
let current: object | undefined;

/** Loads the WebAssembly once, on the first mount (never at import: safe for SSR). */
function load(): Promise<Wasm> {
  loading ??= import('./wasm/orkestra_checkout.js').then(async (wasm) => {
    await wasm.default({
      module_or_path: new URL('./wasm/orkestra_checkout_bg.wasm', import.meta.url),
    });
    return wasm;
  });
  return loading;
}

/** The languages other than English (built in), each a file of this package. Written out
 * one by one so that bundlers see and copy every file. */
function localeUrl(tag: string): string | undefined {
  switch (tag) {
    case 'es':
      return new URL('./locales/es.txt', import.meta.url).href;
    case 'pt-BR':
      return new URL('./locales/pt-BR.txt', import.meta.url).href;
    case 'fr':
      return new URL('./locales/fr.txt', import.meta.url).href;
    case 'ar':
      return new URL('./locales/ar.txt', import.meta.url).href;
    default:
      return undefined;
  }
}

function stylesheet(href: string): Promise<void> {
  const existing = document.querySelector<HTMLLinkElement>('link[data-orkestra-checkout]');
  if (existing) return Promise.resolve();
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.dataset.orkestraCheckout = '';
  // Shown once styled; a failed load still shows the (unstyled, usable) checkout.
  const loaded = new Promise<void>((resolve) => {
    link.addEventListener('load', () => resolve(), { once: true });
    link.addEventListener('error', () => resolve(), { once: true });
  });
  document.head.append(link);
  return loaded;
}

/** `https://pay.example/pay/pt_1` → the proxy's origin and the token `pt_1`. */
export function parseSessionUrl(url: string): { origin: string; token: string } {
  const parsed = new URL(url);
  const token = parsed.pathname.replace(/\/+$/, '').split('/').pop() ?? '';
  if (!token || !/^[A-Za-z0-9_-]+$/.test(token)) {
    throw new TypeError(`not a checkout session URL: ${url}`);
  }
  return { origin: parsed.origin, token };
}

/**
 * Renders the checkout inside `element`. One inline checkout per page at a time: mounting
 * another replaces this one.
 */
export async function mount(element: HTMLElement, options: MountOptions): Promise<CheckoutHandle> {
  const { origin, token } = parseSessionUrl(options.url);
  const [wasm] = await Promise.all([
    load(),
    options.stylesheet === false
      ? Promise.resolve()
      : stylesheet(options.stylesheet ?? new URL('./checkout.css', import.meta.url).href),
  ]);
  const me = {};
  current = me;
  element.classList.add('orkestra-checkout');
  wasm.mount(
    element,
    token,
    origin,
    (event: CheckoutEvent) => dispatch(options, event),
    localeUrl,
  );
  return {
    destroy() {
      if (current !== me) return;
      current = undefined;
      wasm.unmount();
      element.classList.remove('orkestra-checkout');
    },
  };
}
