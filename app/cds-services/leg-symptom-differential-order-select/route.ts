import { productionOrderDeps } from '@/lib/cds/order-pipeline';
import { handleOrderSelect } from '@/lib/cds/order-service';
import { corsPreflight } from '@/lib/cds/service-handler';

// The order-select CDS Service (hook order-select 1.0). Logic lives in lib/cds; the body is read
// once and not stored.
export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return handleOrderSelect(request, productionOrderDeps());
}

export function OPTIONS(request: Request): Response {
  return corsPreflight(request, { env: process.env });
}
