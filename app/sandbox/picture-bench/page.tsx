import { notFound } from 'next/navigation';
import { sandboxEnabled } from '@/lib/sandbox/enabled';
import { PictureBench } from './picture-bench';

// A page on which `npm run bench` draws the pictures over time from a Report it passes in, and
// times the drawing in the page (the app route draws them from the chart it loads).
export const dynamic = 'force-dynamic';

export default function PictureBenchPage() {
  if (!sandboxEnabled()) notFound();
  return (
    <main>
      <h1>Pictures over time: render bench</h1>
      <PictureBench />
    </main>
  );
}
