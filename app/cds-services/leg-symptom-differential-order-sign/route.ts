import { productionOrderDeps } from '@/lib/cds/order-pipeline';
import { handleOrderSign } from '@/lib/cds/order-service';
import { corsPreflight } from '@/lib/cds/service-handler';

// The order-sign CDS Service (hook order-sign 1.0). Logic lives in lib/cds; the body is read once
// and not stored.
export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return handleOrderSign(request, productionOrderDeps());
}

export function OPTIONS(request: Request): Response {
  return corsPreflight(request, { env: process.env });
}
