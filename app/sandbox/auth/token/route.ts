import { notFoundResponse, sandboxEnabled } from '@/lib/sandbox/enabled';
import { handleToken } from '@/lib/sandbox/oauth';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function POST(request: Request): Promise<Response> {
  if (!sandboxEnabled()) return notFoundResponse();
  return handleToken(request);
}
