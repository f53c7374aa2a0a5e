import { notFoundResponse, sandboxEnabled } from '@/lib/sandbox/enabled';
import { handleFhirGet, operationOutcome } from '@/lib/sandbox/fhir-endpoint';

// FHIR R4 base of the sandbox EHR, including /metadata and /.well-known/smart-configuration.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Context = { params: Promise<{ path: string[] }> };

export async function GET(request: Request, context: Context): Promise<Response> {
  if (!sandboxEnabled()) return notFoundResponse();
  const { path } = await context.params;
  return handleFhirGet(request, path);
}

async function readOnly(): Promise<Response> {
  if (!sandboxEnabled()) return notFoundResponse();
  return operationOutcome(405, 'not-supported', 'The sandbox EHR is read-only');
}

export const POST = readOnly;
export const PUT = readOnly;
export const PATCH = readOnly;
export const DELETE = readOnly;
