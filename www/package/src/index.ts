// @orkestra/checkout: Orkestra Checkout for merchants' pages (docs/embedding.md).
// Importing this module touches no browser global, so it is safe during server-side
// rendering; everything happens when `mount`, `mountIframe`, `startCheckout` or
// `defineCheckoutElement` is called. React, Vue and the merchant's server have their own
// entries: `@orkestra/checkout/react`, `/vue` and `/server`.

export { mountIframe, isCheckoutEvent, PROTOCOL, VERSION } from './iframe.js';
export type { IframeOptions, IframeHandle } from './iframe.js';
export { mount, parseSessionUrl } from './inline.js';
export type { MountOptions } from './inline.js';
export { startCheckout, sessionUrl } from './start.js';
export type { StartOptions, StartedCheckout } from './start.js';
export { defineCheckoutElement } from './element.js';
export type {
  CheckoutElementMode,
  CheckoutElementEventMap,
  OrkestraCheckoutElement,
} from './element.js';
export * from './codes.js';
export type * from './protocol.js';
