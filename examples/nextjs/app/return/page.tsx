// Where the hosted page sends the payer back (`returnUrl`): the signed result checked with
// the signing secret. It says what the order was when the payer left; shipping still waits
// for the webhook.

import { SignatureError, verifyReturn } from '@orkestra/checkout/server';
import { webhookSecrets } from '@/lib/orkestra';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ReturnPage({ searchParams }: { searchParams: SearchParams }) {
  try {
    const result = verifyReturn(await searchParams, webhookSecrets());
    return (
      <>
        <h1>{result.outcome === 'paid' ? 'Thank you!' : 'Your order'}</h1>
        <p data-testid="outcome">
          Order {result.sessionId}: {result.outcome}
        </p>
      </>
    );
  } catch (error) {
    if (!(error instanceof SignatureError)) throw error;
    return (
      <>
        <h1>We could not confirm this link</h1>
        <p>Please check your order in your account.</p>
      </>
    );
  }
}
