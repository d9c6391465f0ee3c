import { startCheckout } from './actions';

export default function Home() {
  return (
    <>
      <h1>Your basket</h1>
      <p>One Orkestra T-shirt: R$ 150,00</p>
      <form action={startCheckout}>
        <button type="submit">Pay</button>
      </form>
    </>
  );
}
