// The page a Vue shop shows at checkout. Your server creates the checkout session (with the
// merchant secret, which never reaches the browser) and hands its `url` to this page; here
// it arrives as `?session=<url>`, and `?mode=iframe` picks the iframe mode.

import { createApp } from 'vue';
import App from './App.vue';

const params = new URLSearchParams(window.location.search);
createApp(App, {
  session: params.get('session') ?? '',
  mode: params.get('mode') === 'iframe' ? 'iframe' : 'inline',
}).mount('#app');
