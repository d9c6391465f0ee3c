'use client';
// The checkout itself, inline in this page (`mode="iframe"` works the same). Browser events
// are for the payer's experience; the order ships on the verified webhook
// (app/api/webhooks/orkestra/route.ts), whose result /api/orders/<id> reports.

import { useState } from 'react';
import { OrkestraCheckout } from '@orkestra/checkout/react';
import type { PaidEvent } from '@orkestra/checkout';

export function Checkout({ sessionId, url }: { sessionId: string; url: string }) {
  const [paid, setPaid] = useState<PaidEvent | null>(null);
  const [confirmed, setConfirmed] = useState(false);

  async function onPaid(event: PaidEvent) {
    setPaid(event);
    // Wait for the server's word (the signed webhook) before saying the order is confirmed.
    for (let i = 0; i < 60; i++) {
      const response = await fetch(`/api/orders/${sessionId}`, { cache: 'no-store' });
      const order = response.ok ? ((await response.json()) as { status: string }) : null;
      if (order?.status === 'paid') {
        setConfirmed(true);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  return (
    <>
      <OrkestraCheckout session={url} mode="inline" onPaid={onPaid} />
      <p role="status" data-testid="order-status">
        {confirmed ? 'Order confirmed.' : paid ? 'Payment received, confirming…' : ''}
      </p>
    </>
  );
}
