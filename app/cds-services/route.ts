import { productionDeps } from '@/lib/cds/pipeline';
import { corsPreflight, handleDiscovery } from '@/lib/cds/service-handler';

// CDS Hooks discovery (https://cds-hooks.hl7.org/2.0/#discovery). Logic lives in lib/cds.
export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return handleDiscovery(request, productionDeps());
}

export function OPTIONS(request: Request): Response {
  return corsPreflight(request, { env: process.env });
}
