// The demo shop's front end. It never sees the merchant secret: it asks its own server
// for a checkout session and then embeds it with the npm package (served at /pkg/, as a
// merchant who installed @orkestra/checkout would serve it).

import { mount, mountIframe } from '/pkg/index.js';

const status = document.getElementById('shop-status');

async function createSession() {
  status.textContent = 'Creating checkout…';
  const cardCapture = document.getElementById('card-capture').value;
  const response = await fetch('/api/checkout', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(cardCapture ? { cardCapture } : {}),
  });
  const session = await response.json();
  if (!response.ok) {
    status.textContent = `Could not start checkout (${session?.error?.code ?? response.status}).`;
    return null;
  }
  status.textContent = '';
  return session;
}

// Every event the package hands the merchant's callback, shown in that mode's log.
function logTo(list) {
  return (event) => {
    if (event.type === 'resize') return;
    const item = document.createElement('li');
    item.dataset.type = event.type;
    item.dataset.sessionId = event.sessionId;
    item.textContent = event.type + ('method' in event && event.method ? ` (${event.method})` : '');
    list.append(item);
    if (event.type === 'paid') status.textContent = 'Paid — the shop ships once its server has the signed webhook.';
  };
}

let framed;
document.getElementById('pay-iframe').addEventListener('click', async () => {
  const session = await createSession();
  if (!session) return;
  framed?.destroy();
  document.getElementById('iframe-events').replaceChildren();
  framed = mountIframe(document.getElementById('iframe-checkout'), {
    url: session.url,
    title: 'Orkestra Checkout',
    onEvent: logTo(document.getElementById('iframe-events')),
  });
});

let inline;
document.getElementById('pay-inline').addEventListener('click', async () => {
  const session = await createSession();
  if (!session) return;
  inline?.destroy();
  document.getElementById('inline-events').replaceChildren();
  inline = await mount(document.getElementById('inline-checkout'), {
    url: session.url,
    onEvent: logTo(document.getElementById('inline-events')),
  });
});

async function refreshWebhooks() {
  try {
    const events = await (await fetch('/api/events')).json();
    if (!events.length) return;
    const list = document.getElementById('webhooks');
    list.replaceChildren(...events.map((event) => {
      const item = document.createElement('li');
      item.textContent = `${event.type} — ${event.data?.merchantOrderId ?? ''}`;
      return item;
    }));
  } catch {
    // The demo keeps polling; a missed refresh is harmless.
  }
}
setInterval(refreshWebhooks, 2000);
