import { notFoundResponse, sandboxEnabled } from '@/lib/sandbox/enabled';

// FHIR R4 base of the sandbox EHR, including /metadata and /.well-known/smart-configuration.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Context = { params: Promise<{ path: string[] }> };

export async function GET(request: Request, context: Context): Promise<Response> {
  if (!sandboxEnabled()) return notFoundResponse();
  const { path } = await context.params;
  // Medplum's server packages load only when the sandbox is on.
  const { handleFhirGet } = await import('@/lib/sandbox/fhir-endpoint');
  return handleFhirGet(request, path);
}

async function readOnly(): Promise<Response> {
  if (!sandboxEnabled()) return notFoundResponse();
  const { operationOutcome } = await import('@/lib/sandbox/fhir-endpoint');
  return operationOutcome(405, 'not-supported', 'The sandbox EHR is read-only');
}

export const POST = readOnly;
export const PUT = readOnly;
export const PATCH = readOnly;
export const DELETE = readOnly;
