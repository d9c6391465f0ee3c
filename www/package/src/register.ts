// `import '@orkestra/checkout/element'` defines `<orkestra-checkout>` as it loads. During
// server-side rendering (no `customElements`) it does nothing.

import { defineCheckoutElement } from './element.js';

if (typeof customElements !== 'undefined') defineCheckoutElement();
