import { describe, expect, it } from 'vitest';
import type { BedsideFindingsInput, CandidateId, ConditionStatus, Tier } from '@/lib/contracts/ids';
import { type Report, reportSchema } from '@/lib/contracts/report-schema';
import { analyzeChart } from '@/lib/differential/analyze-chart';
import { fixtureNow, fixtureSnapshot } from '../../support/fixture-snapshot';

// Synthetic patients p40–p49 (fhir-fixtures/patients/README.md): what makes a coded condition a
// current diagnosis, symptom codes, names, and IRLSSG criterion 5 as "solely accounted for"
// (clinical spec §1 and §4, revision 2), with and without bedside findings.

const now = fixtureNow;
const snapshotOf = fixtureSnapshot;

function analyze(id: string, findings?: BedsideFindingsInput): Report {
  const report = analyzeChart(snapshotOf(id), { now, findings });
  expect(reportSchema.safeParse(report).success).toBe(true);
  return report;
}

const irlssg: BedsideFindingsInput = {
  'urge-to-move': 'yes',
  'rest-induced': 'yes',
  'relief-by-movement': 'yes',
  'evening-worsening': 'yes',
};

const candidate = (r: Report, id: CandidateId) => {
  const c = r.candidates.find((x) => x.id === id);
  if (!c) throw new Error(`no candidate ${id}`);
  return c;
};
/** The chart evidence of a candidate as "ruleId:conditionStatus" (status only on condition evidence). */
const chartEvidence = (r: Report, id: CandidateId) =>
  candidate(r, id)
    .supporting.filter((e) => !e.fromClinician)
    .map((e) => (e.conditionStatus ? `${e.ruleId}:${e.conditionStatus}` : e.ruleId));
const mimics = (r: Report) => r.pitfalls.find((p) => p.id === 'rls-mimic-misclassification')?.mimics;

interface Story {
  id: string;
  findings?: BedsideFindingsInput;
  tiers: Partial<Record<CandidateId, Tier>>;
  evidence?: Partial<Record<CandidateId, string[]>>;
  mimics?: { candidate: CandidateId; finding: string }[] | undefined;
  pitfalls?: string[];
}

const stories: [string, Story][] = [
  [
    'R25.2 "Cramp and spasm" at this visit is a symptom: cramps at most possible',
    {
      id: 'p40',
      tiers: { 'nocturnal-leg-cramps': 'possible', rls: 'possible' },
      evidence: { 'nocturnal-leg-cramps': ['cramps.coded:symptom'], rls: [] },
      pitfalls: ['electrolytes-and-cramps'],
    },
  ],
  [
    'R25.2 plus all four IRLSSG criteria: RLS likely, cramps at most possible, the pitfall names cramps and stretching',
    {
      id: 'p40',
      findings: irlssg,
      tiers: { rls: 'likely', 'nocturnal-leg-cramps': 'possible', plms: 'possible' },
      mimics: [{ candidate: 'nocturnal-leg-cramps', finding: 'relief-by-stretching' }],
    },
  ],
  [
    'R25.2 plus relief by stretching: cramps likely, RLS lowered by the finding',
    {
      id: 'p40',
      findings: { ...irlssg, 'relief-by-stretching': 'yes' },
      tiers: { 'nocturnal-leg-cramps': 'likely', rls: 'possible' },
    },
  ],
  [
    'hand osteoarthritis (M19.041, M18.12, SNOMED 201834006) is not a leg mimic',
    { id: 'p41', tiers: { arthritis: 'less-likely', rls: 'possible' }, evidence: { arthritis: [] } },
  ],
  [
    'hand osteoarthritis with all four criteria: RLS likely, no mimic to name',
    { id: 'p41', findings: irlssg, tiers: { rls: 'likely', arthritis: 'less-likely' }, mimics: undefined },
  ],
  [
    'diabetic neuropathy E11.40 is neuropathy (and a cause of secondary RLS); E11.43 autonomic is not',
    {
      id: 'p42',
      tiers: { 'peripheral-neuropathy': 'likely', rls: 'possible' },
      evidence: {
        'peripheral-neuropathy': ['neuropathy.coded:current', 'neuropathy.diabetes:current'],
        rls: ['rls.neuropathy:current'],
      },
    },
  ],
  [
    'diabetic neuropathy with all four criteria: both likely, the pitfall names neuropathy and the sensory exam',
    {
      id: 'p42',
      findings: irlssg,
      tiers: { rls: 'likely', 'peripheral-neuropathy': 'likely' },
      mimics: [{ candidate: 'peripheral-neuropathy', finding: 'sensory-deficit' }],
    },
  ],
  [
    'a provisional venous insufficiency supports at most possible and says it is provisional',
    {
      id: 'p43',
      tiers: { 'venous-disease': 'possible', 'nocturnal-leg-cramps': 'possible', rls: 'possible' },
      evidence: {
        'venous-disease': ['venous.coded:provisional'],
        'nocturnal-leg-cramps': ['cramps.female', 'cramps.venous:provisional'],
      },
      pitfalls: ['venous-stasis'],
    },
  ],
  [
    'a provisional venous insufficiency with all four criteria: RLS likely, the pitfall names it',
    {
      id: 'p43',
      findings: irlssg,
      tiers: { rls: 'likely', 'venous-disease': 'less-likely' },
      mimics: [{ candidate: 'venous-disease', finding: 'edema-varicosities' }],
    },
  ],
  [
    'a 2012 delivery coded without clinical status is history, not a current pregnancy',
    {
      id: 'p44',
      tiers: { rls: 'possible' },
      evidence: { rls: ['rls.iron', 'rls.pregnancy:history'] },
    },
  ],
  [
    '"Willis-Ekbom disease" with a local code only is coded RLS',
    {
      id: 'p45',
      tiers: { rls: 'likely', plms: 'possible' },
      evidence: { rls: ['rls.coded:current', 'rls.iron'] },
      pitfalls: ['plms-vs-rls'],
    },
  ],
  [
    '"r/o PAD" on an I73.9 encounter diagnosis is a rule-out: PAD at most possible',
    {
      id: 'p46',
      tiers: { 'peripheral-arterial-disease': 'possible', rls: 'possible' },
      evidence: { 'peripheral-arterial-disease': ['pad.coded:provisional'] },
    },
  ],
  [
    '"r/o PAD" with all four criteria: RLS likely, the rule-out named with claudication',
    {
      id: 'p46',
      findings: irlssg,
      tiers: { rls: 'likely', 'peripheral-arterial-disease': 'less-likely' },
      mimics: [{ candidate: 'peripheral-arterial-disease', finding: 'claudication' }],
    },
  ],
  [
    '"r/o PAD" with claudication and absent pulses: PAD likely on the bedside findings, RLS lowered',
    {
      id: 'p46',
      findings: { ...irlssg, 'relief-by-movement': 'unknown', claudication: 'yes', 'absent-pulses': 'yes' },
      tiers: { 'peripheral-arterial-disease': 'likely', rls: 'less-likely' },
    },
  ],
  [
    'diabetic peripheral angiopathy E10.51 is PAD',
    {
      id: 'p47',
      tiers: { 'peripheral-arterial-disease': 'likely', 'peripheral-neuropathy': 'possible' },
      evidence: {
        'peripheral-arterial-disease': ['pad.coded:current'],
        'peripheral-neuropathy': ['neuropathy.diabetes:current'],
      },
    },
  ],
  [
    '"No history of restless legs", a family history and "Denies leg cramps" count for nothing',
    {
      id: 'p48',
      tiers: { rls: 'possible', 'nocturnal-leg-cramps': 'possible' },
      evidence: { rls: [], 'nocturnal-leg-cramps': ['cramps.female'] },
      pitfalls: [],
    },
  ],
  [
    'a refuted RLS and a PAD entered in error never count; unconfirmed cramps are provisional',
    {
      id: 'p49',
      tiers: {
        rls: 'possible',
        'peripheral-arterial-disease': 'less-likely',
        'nocturnal-leg-cramps': 'possible',
      },
      evidence: { rls: [], 'nocturnal-leg-cramps': ['cramps.coded:provisional'] },
    },
  ],
];

describe('patients p40–p49: condition statuses and IRLSSG criterion 5 (now = 2026-11-25)', () => {
  it.each(stories)('%s', (_title, story) => {
    const r = analyze(story.id, story.findings);
    for (const [id, tier] of Object.entries(story.tiers))
      expect(candidate(r, id as CandidateId).tier, id).toBe(tier);
    for (const [id, evidence] of Object.entries(story.evidence ?? {}))
      expect(chartEvidence(r, id as CandidateId), id).toEqual(evidence);
    if ('mimics' in story) expect(mimics(r)).toEqual(story.mimics);
    if (story.pitfalls) expect(r.pitfalls.map((p) => p.id)).toEqual(story.pitfalls);
  });
});

describe('what the evidence says about a non-current condition', () => {
  const conditionEvidence = (r: Report, id: CandidateId, status: ConditionStatus) =>
    candidate(r, id).supporting.find((e) => e.conditionStatus === status);

  it('says "symptom charted" for R25.2 and cites the encounter diagnosis', () => {
    expect(conditionEvidence(analyze('p40'), 'nocturnal-leg-cramps', 'symptom')).toMatchObject({
      sources: ['Condition/p40-leg-spasms'],
      text: expect.stringMatching(/^Symptom charted: /),
    });
  });

  it('labels the provisional verification, the rule-out and the unconfirmed verification', () => {
    expect(conditionEvidence(analyze('p43'), 'venous-disease', 'provisional')?.text).toMatch(
      /^Provisional diagnosis: .*verification: provisional/,
    );
    expect(conditionEvidence(analyze('p46'), 'peripheral-arterial-disease', 'provisional')?.text).toMatch(
      /rule-out/,
    );
    expect(conditionEvidence(analyze('p49'), 'nocturnal-leg-cramps', 'provisional')?.text).toMatch(
      /unconfirmed/,
    );
  });

  it('says why the old delivery is history, citing both old encounter diagnoses', () => {
    expect(conditionEvidence(analyze('p44'), 'rls', 'history')).toMatchObject({
      sources: ['Condition/p44-delivery', 'Condition/p44-prenatal'],
      text: expect.stringMatching(/not recorded in the last 12 months/),
    });
  });

  it('cites only the E11.40 condition for neuropathy, not the autonomic E11.43', () => {
    const r = analyze('p42');
    expect(candidate(r, 'peripheral-neuropathy').supporting[0]?.sources).toEqual([
      'Condition/p42-dm-neuropathy',
    ]);
  });

  it('names the coded mimic and the bedside question in the pitfall text', () => {
    const text = analyze('p46', irlssg).pitfalls.find((p) => p.id === 'rls-mimic-misclassification')?.text;
    expect(text).toContain('Peripheral arterial disease');
    expect(text).toContain('claudication');
    expect(text).toContain('solely accounted for');
  });
});
