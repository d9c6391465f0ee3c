// The demo shop's front end. It never sees the merchant secret: it asks its own server
// for a checkout session and then embeds or opens the URL it gets back.

const status = document.getElementById('shop-status');

async function createSession() {
  status.textContent = 'Creating checkout…';
  const response = await fetch('/api/checkout', { method: 'POST' });
  const session = await response.json();
  if (!response.ok) {
    status.textContent = `Could not start checkout (${session?.error?.code ?? response.status}).`;
    return null;
  }
  status.textContent = '';
  return session;
}

document.getElementById('pay-embedded').addEventListener('click', async () => {
  const session = await createSession();
  if (!session) return;
  const container = document.getElementById('checkout');
  const frame = document.createElement('iframe');
  frame.src = session.url;
  frame.title = 'Orkestra Checkout';
  frame.allow = 'clipboard-write';
  frame.className = 'checkout-frame';
  container.replaceChildren(frame);
  container.hidden = false;
});

document.getElementById('pay-hosted').addEventListener('click', async () => {
  const session = await createSession();
  if (session) window.location.assign(session.url);
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
