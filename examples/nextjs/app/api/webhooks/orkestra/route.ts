// The webhook endpoint (the session's `webhookUrl`): the raw body and its
// `Orkestra-Signature` checked with the signing secret before anything is believed.

import { SIGNATURE_HEADER, SignatureError, verifyWebhook } from '@orkestra/checkout/server';
import { webhookSecrets } from '@/lib/orkestra';
import { record } from '@/lib/orders';

export async function POST(request: Request): Promise<Response> {
  const payload = await request.text();
  try {
    const event = verifyWebhook(payload, request.headers.get(SIGNATURE_HEADER), webhookSecrets());
    record(event);
    return Response.json({ received: event.id });
  } catch (error) {
    if (error instanceof SignatureError) {
      return Response.json({ error: error.reason }, { status: 400 });
    }
    throw error;
  }
}
