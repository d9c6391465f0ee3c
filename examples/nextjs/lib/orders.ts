// What the shop learned from verified webhooks, by session id. A real shop keeps this in
// its database (and de-duplicates on the event id); the example keeps it in memory, on
// globalThis so every route of the one server process sees the same map.

import 'server-only';
import type { CheckoutSessionWebhook, WebhookEvent } from '@orkestra/checkout/server';

export interface OrderState {
  status: string;
  events: { id: string; type: WebhookEvent['type'] }[];
}

const store = globalThis as typeof globalThis & { orkestraOrders?: Map<string, OrderState> };
const orders = (store.orkestraOrders ??= new Map<string, OrderState>());

export function record(event: WebhookEvent): void {
  if (!event.type.startsWith('checkout_session.')) return;
  const session = (event as CheckoutSessionWebhook).data;
  const order = orders.get(session.id) ?? { status: 'open', events: [] };
  if (order.events.some((e) => e.id === event.id)) return; // a redelivery
  order.events.push({ id: event.id, type: event.type });
  order.status = session.status;
  orders.set(session.id, order);
}

export function order(sessionId: string): OrderState | undefined {
  return orders.get(sessionId);
}
