// The two order services (hooks order-select 1.0 and order-sign 1.0). Their prefetch templates are
// the chart queries patient-view asks for (service-definition.ts): the hooks give `draftOrders` and
// `selections` no prefetch token (https://cds-hooks.hl7.org/hooks/order-select/, "Prefetch Token:
// No"), so the draft orders arrive in `context` and only the patient's chart is prefetched.

export type OrderHook = 'order-select' | 'order-sign';

export interface OrderServiceDefinition {
  id: string;
  hook: OrderHook;
  title: string;
  description: string;
}

export const orderSelectService: OrderServiceDefinition = {
  id: 'leg-symptom-differential-order-select',
  hook: 'order-select',
  title: 'Leg symptom differential: drugs that worsen restless legs (order-select)',
  description:
    'When a drug is selected for ordering, warns if it can cause or worsen restless legs or akathisia ' +
    'and the chart shows RLS, leg cramps, akathisia, a current RLS treatment or a current drug of the same ' +
    'class; names the chart resources, offers override reasons and a suggestion to remove the draft.',
};

export const orderSignService: OrderServiceDefinition = {
  id: 'leg-symptom-differential-order-sign',
  hook: 'order-sign',
  title: 'Leg symptom differential: drugs that worsen restless legs (order-sign)',
  description:
    'At signing, the same warning for orders the order-select service has not judged: revised orders ' +
    '(status other than draft), and new drafts too when CDS_ORDER_SIGN_NEW_DRAFTS=check (an EHR that does ' +
    'not call order-select).',
};

export const orderServices: readonly OrderServiceDefinition[] = [orderSelectService, orderSignService];
