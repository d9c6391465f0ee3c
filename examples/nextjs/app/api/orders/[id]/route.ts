// What the verified webhooks said about one order (the checkout page polls it): `unknown`
// until the first one arrives.

import { order } from '@/lib/orders';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const state = order(id) ?? { status: 'unknown', events: [] };
  return Response.json(state, { headers: { 'cache-control': 'no-store' } });
}
