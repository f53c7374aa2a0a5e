import { notFoundResponse, sandboxEnabled } from '@/lib/sandbox/enabled';
import { handleStart } from '@/lib/sandbox/launcher';

// The launcher form posts here: EHR launch -> the mock chart frame; standalone -> /launch.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  if (!sandboxEnabled()) return notFoundResponse();
  return handleStart(request);
}

export const POST = GET;
