// `@orkestra/checkout/vue`: `<OrkestraCheckout>` for Vue 3, which runs the package's own
// `startCheckout` (the same iframe and inline mounts as everywhere else) in the `<div>` it
// renders, and emits each checkout event as a component event (`@paid`, `@partially-paid`,
// …, and `@event` for all). Safe to import during server-side rendering: nothing starts
// before the component is mounted in the browser.

import { defineComponent, h, onBeforeUnmount, onMounted, ref, watch } from 'vue';
import type { PropType } from 'vue';
import { sessionUrl, startCheckout } from './start.js';
import type { CheckoutElementMode, StartedCheckout } from './start.js';
import type {
  CancelledEvent,
  ChangeEvent,
  CheckoutEvent,
  ErrorEvent,
  ExpiredEvent,
  FailedEvent,
  PaidEvent,
  PartiallyPaidEvent,
  PendingEvent,
  ReadyEvent,
  ResizeEvent,
  SubmittedEvent,
} from './protocol.js';

/** The component's event for each message type (Vue listens to `partiallyPaid` as
 * `@partially-paid`). */
const EMITTED = {
  ready: 'ready',
  resize: 'resize',
  change: 'change',
  submitted: 'submitted',
  pending: 'pending',
  partially_paid: 'partiallyPaid',
  paid: 'paid',
  failed: 'failed',
  expired: 'expired',
  cancelled: 'cancelled',
  error: 'error',
} as const;

export const OrkestraCheckout = defineComponent({
  name: 'OrkestraCheckout',
  props: {
    /** The session's `url`, or the session your server created (`{ url, … }`). Nothing is
     * shown while it is empty. */
    session: {
      type: [String, Object] as PropType<string | { url: string } | null>,
      required: true,
    },
    /** `iframe` (the default) or `inline`. */
    mode: { type: String as PropType<CheckoutElementMode>, default: 'iframe' },
    /** iframe only: a language instead of the session's. */
    locale: { type: String, default: undefined },
    /** iframe only: the iframe's accessible name. */
    title: { type: String, default: undefined },
    /** iframe only: its height in CSS pixels before the page reports its own. */
    initialHeight: { type: Number, default: undefined },
  },
  emits: {
    event: (_event: CheckoutEvent) => true,
    ready: (_event: ReadyEvent) => true,
    resize: (_event: ResizeEvent) => true,
    change: (_event: ChangeEvent) => true,
    submitted: (_event: SubmittedEvent) => true,
    pending: (_event: PendingEvent) => true,
    partiallyPaid: (_event: PartiallyPaidEvent) => true,
    paid: (_event: PaidEvent) => true,
    failed: (_event: FailedEvent) => true,
    expired: (_event: ExpiredEvent) => true,
    cancelled: (_event: CancelledEvent) => true,
    error: (_event: ErrorEvent) => true,
  },
  setup(props, { emit, expose }) {
    const element = ref<HTMLElement | null>(null);
    let started: StartedCheckout | undefined;
    const stop = (): void => {
      started?.stop();
      started = undefined;
    };
    const start = (): void => {
      stop();
      const url = sessionUrl(props.session);
      if (!element.value || !url) return;
      started = startCheckout(element.value, {
        url,
        mode: props.mode,
        locale: props.locale,
        title: props.title,
        initialHeight: props.initialHeight,
        onEvent: (event) => {
          emit('event', event);
          // One emit per type, each with its own message type.
          (emit as (name: string, event: CheckoutEvent) => void)(EMITTED[event.type], event);
        },
      });
    };
    onMounted(start);
    watch(
      () => [sessionUrl(props.session), props.mode, props.locale, props.title, props.initialHeight],
      start,
    );
    onBeforeUnmount(stop);
    expose({
      /** iframe only: asks the page to cancel the payment, as its own cancel button does. */
      cancel: (): void => started?.cancel(),
    });
    return () => h('div', { ref: element });
  },
});

export default OrkestraCheckout;
