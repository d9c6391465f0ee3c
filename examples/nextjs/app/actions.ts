'use server';
// The server action behind "Pay": creates the checkout session with the merchant secret
// (on the server only) and sends the payer to the checkout page.

import { randomUUID } from 'node:crypto';
import { redirect } from 'next/navigation';
import { orkestra, shopOrigin } from '@/lib/orkestra';

export async function startCheckout(): Promise<never> {
  const origin = shopOrigin();
  const session = await orkestra().sessions.create({
    // Your order's id: a retry of this call returns the same session.
    merchantOrderId: `next-${randomUUID()}`,
    country: 'BR',
    currency: 'BRL',
    amount: '150.00',
    // The page that mounts the checkout inline must be listed here.
    embedOrigins: [origin],
    webhookUrl: `${origin}/api/webhooks/orkestra`,
    returnUrl: `${origin}/return`,
    metadata: { cart: 'example' },
  });
  redirect(`/checkout/${session.id}`);
}
