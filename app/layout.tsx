import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Leg symptom differential',
  description: 'Chart-derived differential for intractable leg spasms, with medication and iron flags',
  referrer: 'no-referrer',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

// Every page renders per request, so each gets its own CSP nonce (proxy.ts): a page prerendered
// at build would carry scripts without one, which the policy blocks.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
