import type { ReactNode } from 'react';

export const metadata = { title: 'Orkestra Checkout: Next.js example' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <main>{children}</main>
      </body>
    </html>
  );
}
