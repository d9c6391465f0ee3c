// @orkestra/checkout: Orkestra Checkout for merchants' pages (docs/embedding.md).
// Importing this module touches no browser global, so it is safe during server-side
// rendering; everything happens when `mount`, `mountIframe` or `defineCheckoutElement` is
// called.

export { mountIframe, isCheckoutEvent, PROTOCOL, VERSION } from './iframe.js';
export type { IframeOptions, IframeHandle } from './iframe.js';
export { mount, parseSessionUrl } from './inline.js';
export type { MountOptions } from './inline.js';
export { defineCheckoutElement } from './element.js';
export type { CheckoutElementMode } from './element.js';
export type * from './protocol.js';
