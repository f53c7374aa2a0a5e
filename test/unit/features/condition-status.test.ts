import { describe, expect, it } from 'vitest';
import type { ConditionFeature } from '@/lib/contracts/feature-model';
import type { ConditionGroupId } from '@/lib/contracts/ids';
import { deriveFeatures } from '@/lib/features/derive-features';
import { chartOf, now } from './chart-fixtures';

// What makes a coded condition a current diagnosis, and what its name says (clinical spec §1 and
// §4, revision 2). now = the fixtures' analysis date.

const SCT = 'http://snomed.info/sct';
const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const LOCAL = 'http://hospital.example.org/problem-list';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';

interface Options {
  codes?: [string, string, string?][];
  text?: string;
  category?: 'problem-list-item' | 'encounter-diagnosis' | 'health-concern' | null;
  clinical?: string | null;
  verification?: string | null;
  recorded?: string | null;
  id?: string;
}

function condition(o: Options): Record<string, unknown> {
  const category = o.category === undefined ? 'problem-list-item' : o.category;
  const clinical = o.clinical === undefined ? 'active' : o.clinical;
  const verification = o.verification === undefined ? 'confirmed' : o.verification;
  return {
    resourceType: 'Condition',
    id: o.id ?? 'c1',
    subject: { reference: 'Patient/p1' },
    code: {
      ...(o.codes ? { coding: o.codes.map(([system, code, display]) => ({ system, code, display })) } : {}),
      ...(o.text ? { text: o.text } : {}),
    },
    ...(category ? { category: [{ coding: [{ system: CATEGORY, code: category }] }] } : {}),
    ...(clinical ? { clinicalStatus: { coding: [{ code: clinical }] } } : {}),
    ...(verification ? { verificationStatus: { coding: [{ code: verification }] } } : {}),
    ...(o.recorded !== null ? { recordedDate: o.recorded ?? '2026-10-01' } : {}),
  };
}

function items(...conditions: Options[]): ConditionFeature[] {
  return deriveFeatures(chartOf(conditions.map((c, i) => condition({ id: `c${i + 1}`, ...c }))), { now })
    .conditions.items;
}

const groupOf = (list: ConditionFeature[], group: ConditionGroupId) => list.find((i) => i.group === group);
const groups = (list: ConditionFeature[]) => list.map((i) => i.group).sort();
const statusIn = (o: Options, group: ConditionGroupId) => {
  const item = groupOf(items(o), group);
  return item ? [item.status, item.statusReason] : null;
};

describe('a current diagnosis: verification and clinical status (spec §1)', () => {
  const rls: [string, string, string?][] = [[ICD, 'G25.81', 'Restless legs syndrome']];

  it('counts a confirmed active problem, and an active problem without verification', () => {
    expect(statusIn({ codes: rls }, 'rls')).toEqual(['current', 'active']);
    expect(statusIn({ codes: rls, verification: null }, 'rls')).toEqual(['current', 'active']);
  });

  it('reads a condition with no category (Synthea, HAPI) by the problem-list rules', () => {
    expect(statusIn({ codes: rls, category: null, verification: null }, 'rls')).toEqual([
      'current',
      'active',
    ]);
    expect(statusIn({ codes: rls, category: null, clinical: null, verification: null }, 'rls')).toEqual([
      'current',
      'problem-without-clinical-status',
    ]);
  });

  it('counts an encounter diagnosis without clinical status recorded within 12 months, as history when older', () => {
    const encounter = { codes: rls, category: 'encounter-diagnosis', clinical: null } as const;
    expect(statusIn({ ...encounter, recorded: '2026-01-10' }, 'rls')).toEqual([
      'current',
      'recent-encounter-diagnosis',
    ]);
    expect(statusIn({ ...encounter, recorded: '2025-11-20' }, 'rls')).toEqual([
      'history',
      'old-encounter-diagnosis',
    ]);
    expect(statusIn({ ...encounter, recorded: '2012-03-14' }, 'rls')).toEqual([
      'history',
      'old-encounter-diagnosis',
    ]);
    expect(statusIn({ ...encounter, recorded: null }, 'rls')).toEqual(['history', 'old-encounter-diagnosis']);
  });

  it('keeps an active encounter diagnosis current whatever its age (the 12-month rule is for a missing status)', () => {
    expect(
      statusIn({ codes: rls, category: 'encounter-diagnosis', recorded: '2015-05-05' }, 'rls')?.[0],
    ).toBe('current');
  });

  it('does not take an encounter diagnosis without verification as confirmed', () => {
    expect(statusIn({ codes: rls, category: 'encounter-diagnosis', verification: null }, 'rls')).toEqual([
      'provisional',
      'encounter-diagnosis-unverified',
    ]);
  });

  it.each([
    ['provisional', 'verification-provisional'],
    ['differential', 'verification-differential'],
    ['unconfirmed', 'verification-unconfirmed'],
  ])('labels a %s diagnosis provisional', (verification, reason) => {
    expect(statusIn({ codes: rls, verification }, 'rls')).toEqual(['provisional', reason]);
  });

  it.each(['refuted', 'entered-in-error'])('never counts a %s diagnosis', (verification) => {
    expect(items({ codes: rls, verification })).toEqual([]);
  });

  it('reads inactive, remission and resolved as history, before the verification', () => {
    for (const clinical of ['inactive', 'remission', 'resolved'])
      expect(statusIn({ codes: rls, clinical, verification: 'provisional' }, 'rls')).toEqual([
        'history',
        'inactive',
      ]);
  });

  it('keeps the strongest status of a group: current over provisional over symptom over history', () => {
    const list = items(
      { codes: [[ICD, 'G47.62', 'Sleep related leg cramps']], clinical: 'resolved' },
      { codes: [[ICD, 'R25.2', 'Cramp and spasm']] },
      { codes: [[ICD, 'G47.62']], verification: 'provisional' },
    );
    expect(groupOf(list, 'leg-cramps')).toMatchObject({
      status: 'provisional',
      sources: ['Condition/c1', 'Condition/c2', 'Condition/c3'],
    });
  });
});

describe('symptom codes are not diagnoses (spec §1)', () => {
  it('reads R25.2 "Cramp and spasm" as a charted symptom of leg cramps, also when its name says leg cramps', () => {
    expect(statusIn({ codes: [[ICD, 'R25.2', 'Cramp and spasm']] }, 'leg-cramps')).toEqual([
      'symptom',
      'symptom-code',
    ]);
    expect(
      statusIn({ codes: [[ICD, 'R25.2', 'Cramp and spasm']], text: 'Leg cramps' }, 'leg-cramps'),
    ).toEqual(['symptom', 'symptom-code']);
  });

  it('keeps a diagnosis code next to the symptom code a diagnosis', () => {
    expect(
      statusIn(
        {
          codes: [
            [SCT, '449918009', 'Cramp in lower leg'],
            [ICD, 'R25.2', 'Cramp and spasm'],
          ],
        },
        'leg-cramps',
      ),
    ).toEqual(['current', 'active']);
  });

  it('reads spasm of the calf, paresthesia and SNOMED symptom findings as symptoms', () => {
    expect(statusIn({ codes: [[ICD, 'M62.831', 'Muscle spasm of calf']] }, 'leg-cramps')?.[0]).toBe(
      'symptom',
    );
    expect(statusIn({ codes: [[ICD, 'R20.2', 'Paresthesia of skin']] }, 'neuropathy')?.[0]).toBe('symptom');
    expect(statusIn({ codes: [[SCT, '91019004', 'Paresthesia']] }, 'neuropathy')?.[0]).toBe('symptom');
  });

  it('matches no group for a back spasm or limb pain, but reads their names as symptoms', () => {
    expect(items({ codes: [[ICD, 'M62.830', 'Muscle spasm of back']] })).toEqual([]);
    expect(
      statusIn({ codes: [[ICD, 'M79.661', 'Pain in right lower leg']], text: 'Restless legs?' }, 'rls'),
    ).toEqual(['symptom', 'symptom-code']);
  });

  it('labels a provisional symptom code provisional', () => {
    expect(
      statusIn({ codes: [[ICD, 'R25.2', 'Cramp and spasm']], verification: 'provisional' }, 'leg-cramps'),
    ).toEqual(['provisional', 'verification-provisional']);
  });
});

describe('corrected code groups (spec §4)', () => {
  it.each([
    ['M19.041', 'Primary osteoarthritis, right hand'],
    ['M18.11', 'Unilateral primary osteoarthritis of first carpometacarpal joint, right hand'],
    ['M19.011', 'Primary osteoarthritis, right shoulder'],
    ['M05.741', 'Rheumatoid arthritis with rheumatoid factor of right hand'],
    ['M10.031', 'Idiopathic gout, right wrist'],
    ['L40.51', 'Distal interphalangeal psoriatic arthropathy'],
  ])('does not read %s (%s) as leg arthritis, by code or by name', (code, display) => {
    expect(groupOf(items({ codes: [[ICD, code, display]] }), 'arthritis')).toBeUndefined();
  });

  it('does not read SNOMED 201834006 hand osteoarthritis, or a local "Osteoarthritis of hand", as leg arthritis', () => {
    expect(items({ codes: [[SCT, '201834006', 'Localized, primary osteoarthritis of the hand']] })).toEqual(
      [],
    );
    expect(items({ codes: [[LOCAL, 'OA7']], text: 'Osteoarthritis of both hands' })).toEqual([]);
  });

  it.each([
    ['M17.11', 'Unilateral primary osteoarthritis, right knee'],
    ['M16.0', 'Bilateral primary osteoarthritis of hip'],
    ['M15.0', 'Primary generalized (osteo)arthritis'],
    ['M19.071', 'Primary osteoarthritis, right ankle and foot'],
    ['M19.90', 'Unspecified osteoarthritis, unspecified site'],
    ['M05.761', 'Rheumatoid arthritis with rheumatoid factor of right knee'],
    ['M06.9', 'Rheumatoid arthritis, unspecified'],
    ['M10.071', 'Idiopathic gout, right ankle and foot'],
    ['M1A.0710', 'Idiopathic chronic gout, right ankle and foot, without tophus'],
    ['L40.50', 'Arthropathic psoriasis, unspecified'],
  ])('reads %s (%s) as arthritis of the legs, spine or many joints', (code, display) => {
    expect(groupOf(items({ codes: [[ICD, code, display]] }), 'arthritis')?.matchedBy).toBe('icd10');
  });

  it('leaves autonomic neuropathy (E11.43) out of neuropathy, by code and by name, but keeps it as diabetes', () => {
    const list = items({
      codes: [[ICD, 'E11.43', 'Type 2 diabetes mellitus with diabetic autonomic (poly)neuropathy']],
    });
    expect(groups(list)).toEqual(['diabetes']);
  });

  it.each([
    ['E11.40', 'neuropathy'],
    ['E13.42', 'neuropathy'],
    ['E10.44', 'neuropathy'],
    ['G57.31', 'neuropathy'],
    ['M54.16', 'neuropathy'],
    ['M51.16', 'neuropathy'],
    ['E10.51', 'pad'],
    ['E11.52', 'pad'],
    ['I70.213', 'pad'],
    ['I70.45', 'pad'],
    ['I70.92', 'pad'],
    ['I73.9', 'pad'],
    ['I87.2', 'venous-insufficiency'],
    ['I87.013', 'venous-insufficiency'],
    ['I87.313', 'venous-insufficiency'],
    ['I83.93', 'varicose-veins'],
    ['M48.062', 'lumbar-spinal-stenosis'],
    ['M48.07', 'lumbar-spinal-stenosis'],
    ['M48.00', 'lumbar-spinal-stenosis'],
    ['G31.09', 'dementia'],
    ['G31.83', 'dementia'],
    ['F06.70', 'dementia'],
    ['G20.A1', 'parkinsons'],
    ['G21.11', 'parkinsons'],
    ['N18.4', 'ckd'],
    ['N18.6', 'esrd'],
    ['Z99.2', 'esrd'],
    ['Z33.1', 'pregnancy'],
    ['O80', 'pregnancy'],
    ['E88.810', 'metabolic-syndrome'],
  ] as const)('matches %s to %s', (code, group) => {
    expect(groups(items({ codes: [[ICD, code]] }))).toContain(group);
  });

  it('keeps ESRD (N18.6) out of CKD stage 3–5 and CKD (N18.4) out of ESRD', () => {
    expect(groups(items({ codes: [[ICD, 'N18.6']] }))).toEqual(['esrd']);
    expect(groups(items({ codes: [[ICD, 'N18.4']] }))).toEqual(['ckd']);
  });

  it('matches the SNOMED codes the spec adds: 400047006 peripheral vascular disease, 72892002 normal pregnancy', () => {
    expect(groups(items({ codes: [[SCT, '400047006']] }))).toEqual(['pad']);
    expect(groups(items({ codes: [[SCT, '72892002']] }))).toEqual(['pregnancy']);
  });
});

describe('free-text names with a negation guard (spec §4)', () => {
  const named = (text: string) => items({ codes: [[LOCAL, 'X1']], text });

  it.each([
    ['Willis-Ekbom disease', 'rls'],
    ['RLS', 'rls'],
    ['Restless leg syndrome', 'rls'],
    ['Nocturnal leg cramps', 'leg-cramps'],
    ['Diabetic peripheral neuropathy', 'neuropathy'],
    ['PVD', 'pad'],
    ['Lumbar spinal stenosis', 'lumbar-spinal-stenosis'],
    ['Osteoarthritis of left knee', 'arthritis'],
    ['Chronic venous insufficiency', 'venous-insufficiency'],
    ["Parkinson's disease", 'parkinsons'],
    ['ESRD on hemodialysis', 'esrd'],
    ['Dialysis dependent', 'esrd'],
  ] as const)('finds "%s" as %s, case-insensitive on word boundaries', (text, group) => {
    expect(groupOf(named(text), group)).toMatchObject({ matchedBy: 'text', status: 'current' });
  });

  it.each([
    'No history of restless legs',
    'Denies leg cramps',
    'Negative for peripheral neuropathy',
    'Restless legs syndrome ruled out',
    'Ruled out: RLS',
    'Family history of restless legs syndrome',
    'Family hx of RLS',
    'RLS, ruled out',
  ])('does not count "%s"', (text) => {
    expect(named(text)).toEqual([]);
  });

  it('reads "r/o PAD" and "Rule out lumbar stenosis" as rule-outs (provisional)', () => {
    expect(groupOf(named('r/o PAD'), 'pad')).toMatchObject({
      status: 'provisional',
      statusReason: 'rule-out-in-name',
    });
    expect(groupOf(named('Rule out lumbar stenosis'), 'lumbar-spinal-stenosis')?.status).toBe('provisional');
  });

  it('lets a rule-out in the text qualify a confirmed code, and a bare "Rule out" qualify the code it names', () => {
    expect(
      statusIn(
        { codes: [[ICD, 'I73.9', 'Peripheral vascular disease, unspecified']], text: 'r/o PAD' },
        'pad',
      ),
    ).toEqual(['provisional', 'rule-out-in-name']);
    expect(statusIn({ codes: [[ICD, 'I73.9']], text: 'Rule out' }, 'pad')?.[0]).toBe('provisional');
  });

  it.each([
    'History of RLS',
    'RLS resolved',
    'Restless legs syndrome - resolved',
    'RLS, resolved',
    'RLS in remission',
  ])('reads "%s" as history', (text) => {
    expect(groupOf(named(text), 'rls')).toMatchObject({ status: 'history', statusReason: 'history-in-name' });
  });

  it('keeps "resolved" to the name it follows', () => {
    const list = named('RLS, neuropathy resolved');
    expect(groupOf(list, 'rls')?.status).toBe('current');
    expect(groupOf(list, 'neuropathy')?.status).toBe('history');
  });

  it('keeps each cue to its own clause', () => {
    const list = named('Restless legs, no iron deficiency; r/o PAD');
    expect(groups(list)).toEqual(['pad', 'rls']);
    expect(groupOf(list, 'rls')?.status).toBe('current');
    expect(groupOf(list, 'pad')?.status).toBe('provisional');
  });

  it('does not read another disease that shares a word', () => {
    expect(named('Wolff-Parkinson-White syndrome')).toEqual([]);
    expect(named('Esophageal varices')).toEqual([]);
    expect(named('Diabetes insipidus')).toEqual([]);
    expect(named('Cervical spinal stenosis')).toEqual([]);
    expect(named('Ulnar neuropathy')).toEqual([]);
  });

  it('takes a group out when the text denies what the code says', () => {
    expect(items({ codes: [[ICD, 'G25.81']], text: 'Restless legs syndrome ruled out' })).toEqual([]);
  });
});
