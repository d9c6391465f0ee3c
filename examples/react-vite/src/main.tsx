// The page a React shop shows at checkout. Your server creates the checkout session (with
// the merchant secret, which never reaches the browser) and hands its `url` to this page;
// here it arrives as `?session=<url>`. `?via=hook` shows the hook, `?mode=iframe` the
// iframe mode.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

const params = new URLSearchParams(window.location.search);
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App
        session={params.get('session') ?? ''}
        mode={params.get('mode') === 'iframe' ? 'iframe' : 'inline'}
        via={params.get('via') === 'hook' ? 'hook' : 'component'}
      />
    </StrictMode>,
  );
}
