import { fixtureResources, patientIdOf, prefetchFromResources } from './cds-request';

// Test helpers for the order hooks: draft MedicationRequests and order-select / order-sign
// requests in the shape of the hooks' R4 examples (CDS Hooks library, order-select 1.0 and
// order-sign 1.0: userId PractitionerRole/123, encounter 89284, a draftOrders Bundle with
// `selections` naming the chosen drafts).

type Json = Record<string, unknown>;

export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const SNOMED = 'http://snomed.info/sct';

/** A draft order as a CPOE sends it at selection: status draft, intent order, the drug coded. */
export function draftOrder(
  id: string,
  patientId: string,
  medication: { code?: string; display: string },
  extra: Json = {},
): Json {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'draft',
    intent: 'order',
    medicationCodeableConcept: {
      coding: medication.code ? [{ system: RXNORM, code: medication.code, display: medication.display }] : [],
      text: medication.display,
    },
    subject: { reference: `Patient/${patientId}` },
    dosageInstruction: [{ text: 'as directed' }],
    ...extra,
  };
}

export const sertralineDraft = (patientId: string, extra: Json = {}) =>
  // 312940: the RxNorm clinical drug "sertraline 50 MG Oral Tablet" (not in the app's tables: matched by name).
  draftOrder(
    'draft-sertraline',
    patientId,
    { code: '312940', display: 'sertraline 50 MG Oral Tablet' },
    extra,
  );
export const haloperidolDraft = (patientId: string) =>
  draftOrder('draft-haloperidol', patientId, { code: '5093', display: 'haloperidol 5 MG Oral Tablet' });
export const ibuprofenDraft = (patientId: string) =>
  draftOrder('draft-ibuprofen', patientId, { code: '197806', display: 'ibuprofen 600 MG Oral Tablet' });

export function draftBundle(resources: Json[]): Json {
  return { resourceType: 'Bundle', entry: resources.map((resource) => ({ resource })) };
}

export function orderSelectRequest(
  patientId: string,
  drafts: Json[],
  selections: string[],
  extra: Json = {},
): Json {
  return {
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    hook: 'order-select',
    context: {
      userId: 'PractitionerRole/123',
      patientId,
      encounterId: '89284',
      selections,
      draftOrders: draftBundle(drafts),
    },
    ...extra,
  };
}

export function orderSignRequest(patientId: string, drafts: Json[], extra: Json = {}): Json {
  return {
    hookInstance: '2e3e5a6b-0c9f-4f3b-8a1d-6f0e2d1c9b7a',
    hook: 'order-sign',
    context: {
      userId: 'PractitionerRole/123',
      patientId,
      encounterId: '89284',
      draftOrders: draftBundle(drafts),
    },
    ...extra,
  };
}

/** A fixture patient's resources plus extra ones (a coded RLS, a current drug), and its prefetch. */
export function chartWith(file: string, extra: (patientId: string) => Json[] = () => []) {
  const base = fixtureResources(file);
  const patientId = patientIdOf(base);
  const resources = [...base, ...extra(patientId)];
  return { patientId, resources, prefetch: prefetchFromResources(resources) };
}

export function rlsCondition(patientId: string, clinicalStatus = 'active'): Json {
  return {
    resourceType: 'Condition',
    id: `${patientId}-rls-extra`,
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: clinicalStatus }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' },
        ],
      },
    ],
    code: {
      coding: [{ system: SNOMED, code: '32914008', display: 'Restless legs' }],
      text: 'Restless legs syndrome',
    },
    subject: { reference: `Patient/${patientId}` },
    recordedDate: '2025-03-02',
  };
}

export function currentOrder(
  patientId: string,
  id: string,
  medication: { code: string; display: string },
): Json {
  return {
    ...draftOrder(id, patientId, medication),
    status: 'active',
    authoredOn: '2026-10-01',
  };
}
