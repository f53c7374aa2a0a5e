import { handleFeedback, productionFeedbackDeps } from '@/lib/cds/feedback';
import { orderSelectService } from '@/lib/cds/order-service-definitions';
import { corsPreflight } from '@/lib/cds/service-handler';

// CDS Hooks feedback for the order-select service (https://cds-hooks.hl7.org/2.0/#feedback).
// Logic lives in lib/cds.
export const dynamic = 'force-dynamic';

export function POST(request: Request): Promise<Response> {
  return handleFeedback(request, productionFeedbackDeps(), orderSelectService.id);
}

export function OPTIONS(request: Request): Response {
  return corsPreflight(request, { env: process.env });
}
