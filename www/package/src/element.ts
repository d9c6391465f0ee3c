// `<orkestra-checkout session-url="…" mode="iframe|inline">`: the checkout as a custom
// element, its events re-dispatched on it as DOM events (`orkestra-paid`, …, each with the
// message as `detail`). Defined only when asked (`defineCheckoutElement()`, or importing
// `@orkestra/checkout/element`), so importing the package touches no browser global.

import { startCheckout } from './start.js';
import type { CheckoutElementMode, StartedCheckout } from './start.js';
import type { CheckoutEvent } from './protocol.js';

export type { CheckoutElementMode };

/** The DOM events the element fires: `orkestra-<type>`, the message as `detail`. */
export type CheckoutElementEventMap = {
  [E in CheckoutEvent as `orkestra-${E['type']}`]: CustomEvent<E>;
};

type Listener<K extends keyof CheckoutElementEventMap> = (
  this: OrkestraCheckoutElement,
  event: CheckoutElementEventMap[K],
) => unknown;

/** `<orkestra-checkout>`, as `document.createElement('orkestra-checkout')` types it. */
export interface OrkestraCheckoutElement extends HTMLElement {
  addEventListener<K extends keyof CheckoutElementEventMap>(
    type: K,
    listener: Listener<K>,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: OrkestraCheckoutElement, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof CheckoutElementEventMap>(
    type: K,
    listener: Listener<K>,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: OrkestraCheckoutElement, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'orkestra-checkout': OrkestraCheckoutElement;
  }
}

/** Defines the element under `name` (once; later calls do nothing). */
export function defineCheckoutElement(name = 'orkestra-checkout'): void {
  if (customElements.get(name)) return;

  class CheckoutElement extends HTMLElement {
    static observedAttributes = ['session-url', 'mode'];
    #started: StartedCheckout | undefined;

    connectedCallback(): void {
      this.#start();
    }

    disconnectedCallback(): void {
      this.#stop();
    }

    attributeChangedCallback(): void {
      if (!this.isConnected) return;
      this.#stop();
      this.#start();
    }

    #emit = (event: CheckoutEvent): void => {
      this.dispatchEvent(
        new CustomEvent(`orkestra-${event.type}`, { detail: event, bubbles: true, composed: true }),
      );
    };

    #start(): void {
      const url = this.getAttribute('session-url');
      if (!url) return;
      const mode: CheckoutElementMode = this.getAttribute('mode') === 'inline' ? 'inline' : 'iframe';
      this.#started = startCheckout(this, { url, mode, title: this.title, onEvent: this.#emit });
    }

    #stop(): void {
      this.#started?.stop();
      this.#started = undefined;
    }
  }

  customElements.define(name, CheckoutElement);
}
