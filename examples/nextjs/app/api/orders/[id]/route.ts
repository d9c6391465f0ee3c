// What the verified webhooks said about one order (the checkout page polls it).

import { order } from '@/lib/orders';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const state = order(id);
  return state
    ? Response.json(state, { headers: { 'cache-control': 'no-store' } })
    : Response.json({ status: 'unknown' }, { status: 404, headers: { 'cache-control': 'no-store' } });
}
