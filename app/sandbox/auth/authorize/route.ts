import { notFoundResponse, sandboxEnabled } from '@/lib/sandbox/enabled';
import { handleAuthorize, handleAuthorizePost } from '@/lib/sandbox/oauth';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  if (!sandboxEnabled()) return notFoundResponse();
  return handleAuthorize(request);
}

export async function POST(request: Request): Promise<Response> {
  if (!sandboxEnabled()) return notFoundResponse();
  return handleAuthorizePost(request);
}
