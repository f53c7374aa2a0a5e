import { notFound } from 'next/navigation';
import { sandboxEnabled } from '@/lib/sandbox/enabled';
import { StackFloor } from './stack-floor';

// A page that loads the fixed client stack (fhirclient, zod/mini, SWR) and nothing of the app, so
// `npm run bench` can report what the stack alone costs next to the app route's shipped JS.
export const dynamic = 'force-dynamic';

export default function StackFloorPage() {
  if (!sandboxEnabled()) notFound();
  return (
    <main>
      <h1>Client stack floor</h1>
      <p>This page loads fhirclient, zod/mini and SWR the way the app does, and no app code.</p>
      <StackFloor />
    </main>
  );
}
