import { describe, expect, it } from 'vitest';
import { deriveFeatures } from '@/lib/features/derive-features';
import { buildChartSnapshot } from '@/lib/fhir/parse-chart';
import { allOk, now } from './chart-fixtures';

// Brand-only texts as EHR medication lists carry them (clinical spec §2, revision 2: "brand-only
// texts"), each a text-only MedicationStatement: which ingredient and classes each one is read as.

const read: [text: string, found: string][] = [
  ['Zoloft 50 mg tablet', 'sertraline(ssri)'],
  ['Prozac', 'fluoxetine(ssri)'],
  ['Paxil CR', 'paroxetine(ssri)'],
  ['Lexapro 10mg', 'escitalopram(ssri)'],
  ['Effexor XR 75 MG', 'venlafaxine(snri)'],
  ['Cymbalta 60 mg capsule', 'duloxetine(snri)'],
  ['Savella', 'milnacipran(snri)'],
  ['Remeron SolTab', 'mirtazapine(mirtazapine)'],
  ['Lithobid', 'lithium(lithium)'],
  ['Seroquel XR 300 mg', 'quetiapine(dopamine-antagonist)'],
  ['Zyprexa Zydis', 'olanzapine(dopamine-antagonist)'],
  ['Haldol Decanoate', 'haloperidol(dopamine-antagonist)'],
  ['Inapsine', 'droperidol(dopamine-antagonist)'],
  ['Vraylar', 'cariprazine(dopamine-antagonist)'],
  ['Orap', 'pimozide(dopamine-antagonist)'],
  ['Compazine', 'prochlorperazine(dopamine-antagonist)'],
  ['Reglan 10 mg', 'metoclopramide(dopamine-antagonist)'],
  ['Phenergan 25mg', 'promethazine(dopamine-antagonist+sedating-antihistamine)'],
  ['Asendin', 'amoxapine(tca+dopamine-antagonist)'],
  ['Ludiomil', 'maprotiline(tca)'],
  ['Sinequan', 'doxepin(tca)'],
  ['Pamelor', 'nortriptyline(tca)'],
  ['Atarax', 'hydroxyzine(sedating-antihistamine)'],
  ['Antivert', 'meclizine(sedating-antihistamine)'],
  ['Periactin', 'cyproheptadine(sedating-antihistamine)'],
  ['Tavist', 'clemastine(sedating-antihistamine)'],
  ['Dimetane', 'brompheniramine(sedating-antihistamine)'],
  ['Ryvent', 'carbinoxamine(sedating-antihistamine)'],
  ['Simply Sleep', 'diphenhydramine(sedating-antihistamine)'],
  ['Motrin PM', 'diphenhydramine(sedating-antihistamine)'],
  ['Excedrin PM', 'diphenhydramine(sedating-antihistamine)'],
  ['Benadryl Allergy', 'diphenhydramine(sedating-antihistamine)'],
  ['NyQuil', 'doxylamine(sedating-antihistamine)'],
  ['Mirapex', 'pramipexole(dopamine-agonist)'],
  ['Horizant', 'gabapentin enacarbil(alpha-2-delta-ligand)'],
  ['Sinemet', 'levodopa(levodopa)'],
];

// Kept off (spec §2: neutral, or debatable without a source).
const keptOff = ['Zofran', 'Wellbutrin', 'Ultram', 'Desyrel', 'Trintellix', 'Viibryd', 'Clozaril', 'Austedo'];

function itemsFor(texts: readonly string[]) {
  const resources: Record<string, unknown>[] = [
    { resourceType: 'Patient', id: 'b1', gender: 'female', birthDate: '1970-01-01' },
    ...texts.map((text, i) => ({
      resourceType: 'MedicationStatement',
      id: `s${i}`,
      status: 'active',
      subject: { reference: 'Patient/b1' },
      effectiveDateTime: '2026-11-01',
      medicationCodeableConcept: { text },
    })),
  ];
  const chart = buildChartSnapshot({ patientReference: 'Patient/b1', resources, queries: allOk });
  return deriveFeatures(chart, { now }).medications.items;
}

describe('brand-only medication texts', () => {
  it.each(read)('"%s" is read as %s', (text, found) => {
    const items = itemsFor([text]);
    expect(items.map((m) => `${m.ingredient}(${m.classes.join('+')})`)).toEqual([found]);
    expect(items[0]?.matchedBy).toBe('name');
  });

  it.each(keptOff)('"%s" is no drug of interest', (text) => {
    expect(itemsFor([text])).toEqual([]);
  });
});
