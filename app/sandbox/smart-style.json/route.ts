import { notFoundResponse, sandboxEnabled } from '@/lib/sandbox/enabled';
import { smartStyle } from '@/lib/sandbox/smart-configuration';

// The style document named by the token response's smart_style_url.
export const dynamic = 'force-dynamic';

export function GET(): Response {
  if (!sandboxEnabled()) return notFoundResponse();
  return Response.json(smartStyle, { headers: { 'cache-control': 'no-store' } });
}
