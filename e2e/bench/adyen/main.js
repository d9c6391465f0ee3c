// Adyen Web's Drop-in for Brazil (cards, Pix, boleto), from the npm package, as a merchant
// builds it with a bundler: the payment methods (what Adyen's /paymentMethods would answer)
// are in the page, so it needs no request of its own to the merchant's server, and the
// components are imported one by one (Adyen Web 6 is tree-shaken).
import { AdyenCheckout, Dropin, Card, Pix, Boleto } from '@adyen/adyen-web';
import '@adyen/adyen-web/styles/adyen.css';

// Pix first: Drop-in opens the first method, and its card fields are iframes from Adyen's
// hosts (unreachable here, so the card form never leaves its loading state). Pix asks for
// the payer's name and CPF (as ours does), three fields of the page's own: a lighter form
// than our card form, which our page opens first.
const paymentMethodsResponse = {
  paymentMethods: [
    { name: 'Pix', type: 'pix' },
    { name: 'Cartão de crédito', type: 'scheme', brands: ['visa', 'mc', 'amex', 'elo', 'hipercard'] },
    { name: 'Boleto Bancário', type: 'boletobancario' },
  ],
};

const checkout = await AdyenCheckout({
  environment: 'test',
  clientKey: 'test_BENCHMARKBENCHMARKBENCHMARK0000',
  locale: 'pt-BR',
  countryCode: 'BR',
  amount: { value: 15000, currency: 'BRL' },
  paymentMethodsResponse,
  analytics: { enabled: false },
  onSubmit: (_state, _component, actions) => actions.resolve({ resultCode: 'Authorised' }),
  onError: () => {},
});

new Dropin(checkout, {
  paymentMethodComponents: [Card, Pix, Boleto],
  paymentMethodsConfiguration: {
    pix: { personalDetailsRequired: true },
    card: { hasHolderName: true, holderNameRequired: true },
  },
}).mount('#dropin');
