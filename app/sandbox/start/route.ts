import { notFoundResponse, sandboxEnabled } from '@/lib/sandbox/enabled';

// The launcher form posts here: EHR launch -> the mock chart frame; standalone -> /launch.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  if (!sandboxEnabled()) return notFoundResponse();
  // Medplum's server packages load only when the sandbox is on.
  const { handleStart } = await import('@/lib/sandbox/launcher');
  return handleStart(request);
}

export const POST = GET;
