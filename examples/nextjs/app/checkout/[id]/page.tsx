// The checkout page: the server reads the session (its `url` is what the browser needs;
// the merchant secret stays here) and renders the client component that mounts it.

import { notFound } from 'next/navigation';
import { OrkestraApiError } from '@orkestra/checkout/server';
import { orkestra } from '@/lib/orkestra';
import { Checkout } from './checkout';

export default async function CheckoutPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const session = await orkestra().sessions.retrieve(id);
    return (
      <>
        <h1>Checkout</h1>
        <p>
          Order {session.merchantOrderId}: {session.currency} {session.amount}
        </p>
        <Checkout sessionId={session.id} url={session.url} />
      </>
    );
  } catch (error) {
    if (error instanceof OrkestraApiError && error.status === 404) notFound();
    throw error;
  }
}
