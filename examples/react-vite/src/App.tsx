import { useState } from 'react';
import { OrkestraCheckout, useOrkestraCheckout } from '@orkestra/checkout/react';
import type { CheckoutElementMode, CheckoutEvent, PaidEvent } from '@orkestra/checkout';

interface Props {
  session: string;
  mode: CheckoutElementMode;
  via: 'component' | 'hook';
}

export function App({ session, mode, via }: Props) {
  const [events, setEvents] = useState<CheckoutEvent['type'][]>([]);
  const [paid, setPaid] = useState<PaidEvent | null>(null);
  const record = (event: CheckoutEvent) => setEvents((seen) => [...seen, event.type]);

  return (
    <>
      <h1>Your order</h1>
      {via === 'hook' ? (
        <WithHook session={session} mode={mode} onEvent={record} onPaid={setPaid} />
      ) : (
        <OrkestraCheckout session={session} mode={mode} onEvent={record} onPaid={setPaid} />
      )}
      {paid && (
        // Thank the payer; ship only once your server has the signed webhook.
        <p role="status" data-testid="thanks">
          Thank you! Payment {paid.transactionId} received.
        </p>
      )}
      <ol data-testid="events">
        {events.map((type, i) => (
          <li key={i} data-type={type}>
            {type}
          </li>
        ))}
      </ol>
    </>
  );
}

interface WithHookProps extends Omit<Props, 'via'> {
  onEvent: (event: CheckoutEvent) => void;
  onPaid: (event: PaidEvent) => void;
}

/** The hook: the same checkout in your own element, with its status for your layout. */
function WithHook({ session, mode, onEvent, onPaid }: WithHookProps) {
  const { ref, status, error } = useOrkestraCheckout({ session, mode, onEvent, onPaid });
  return (
    <section aria-label="Payment">
      <p data-testid="status" data-status={status}>
        {status === 'loading' ? 'Loading the checkout…' : `Checkout: ${status}`}
      </p>
      {error && <p role="alert">The checkout could not finish a request ({error.code}).</p>}
      <div ref={ref} />
    </section>
  );
}
