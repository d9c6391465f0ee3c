// `<orkestra-checkout session-url="…" mode="iframe|inline">`: the checkout as a custom
// element, its events re-dispatched on it as DOM events (`orkestra-paid`, …, each with the
// message as `detail`). Defined only when asked (`defineCheckoutElement()`, or importing
// `@orkestra/checkout/element`), so importing the package touches no browser global.

import { mountIframe } from './iframe.js';
import { mount } from './inline.js';
import type { CheckoutEvent, CheckoutHandle, ErrorEvent } from './protocol.js';

export type CheckoutElementMode = 'iframe' | 'inline';

/** Defines the element under `name` (once; later calls do nothing). */
export function defineCheckoutElement(name = 'orkestra-checkout'): void {
  if (customElements.get(name)) return;

  class OrkestraCheckoutElement extends HTMLElement {
    static observedAttributes = ['session-url', 'mode'];
    #handle: CheckoutHandle | undefined;
    #generation = 0;

    connectedCallback(): void {
      void this.#start();
    }

    disconnectedCallback(): void {
      this.#stop();
    }

    attributeChangedCallback(): void {
      if (!this.isConnected) return;
      this.#stop();
      void this.#start();
    }

    #emit = (event: CheckoutEvent): void => {
      this.dispatchEvent(
        new CustomEvent(`orkestra-${event.type}`, { detail: event, bubbles: true, composed: true }),
      );
    };

    async #start(): Promise<void> {
      const url = this.getAttribute('session-url');
      if (!url) return;
      const generation = ++this.#generation;
      const mode: CheckoutElementMode = this.getAttribute('mode') === 'inline' ? 'inline' : 'iframe';
      try {
        const handle =
          mode === 'inline'
            ? await mount(this, { url, onEvent: this.#emit })
            : mountIframe(this, { url, onEvent: this.#emit, title: this.title || undefined });
        // Detached or changed while loading: that mount is already stale.
        if (generation === this.#generation) this.#handle = handle;
        else handle.destroy();
      } catch (error) {
        console.error(error);
        const failure: ErrorEvent = {
          protocol: 'orkestra-checkout',
          version: 1,
          type: 'error',
          sessionId: '',
          code: 'load_failed',
        };
        this.#emit(failure);
      }
    }

    #stop(): void {
      this.#generation++;
      this.#handle?.destroy();
      this.#handle = undefined;
    }
  }

  customElements.define(name, OrkestraCheckoutElement);
}
