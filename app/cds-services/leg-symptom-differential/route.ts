import { productionDeps } from '@/lib/cds/pipeline';
import { corsPreflight, handleServiceCall } from '@/lib/cds/service-handler';

// The patient-view CDS Service (https://cds-hooks.hl7.org/2.0/#calling-a-cds-service).
// Logic lives in lib/cds; the body is read once and not stored.
export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return handleServiceCall(request, productionDeps());
}

export function OPTIONS(request: Request): Response {
  return corsPreflight(request, { env: process.env });
}
