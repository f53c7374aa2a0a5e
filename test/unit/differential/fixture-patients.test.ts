import { describe, expect, it } from 'vitest';
import type {
  BedsideFindingsInput,
  CandidateId,
  IronDecisionId,
  IronThresholdSet,
} from '@/lib/contracts/ids';
import { type Report, reportSchema } from '@/lib/contracts/report-schema';
import { analyzeChart } from '@/lib/differential/analyze-chart';
import { everyChartReference } from '../../support/chart-references';
import { fixtureNow, fixturePatientIds, fixtureSnapshot } from '../../support/fixture-snapshot';
import { medicationGoldens } from './medication-goldens';

// Golden expectations per synthetic patient (fhir-fixtures/patients/README.md tells each story).

const now = fixtureNow;
const snapshotOf = fixtureSnapshot;

function analyze(id: string, findings?: BedsideFindingsInput): Report {
  return analyzeChart(snapshotOf(id), { now, findings });
}

const likely = (r: Report) => r.candidates.filter((c) => c.tier === 'likely').map((c) => c.id);
const possible = (r: Report) => r.candidates.filter((c) => c.tier === 'possible').map((c) => c.id);
const flags = (r: Report) => r.flags.medications.map((f) => `${f.class}:${f.ingredient}:${f.status}`);
const states = (r: Report) => Object.fromEntries(r.checklist.map((c) => [c.id, c.state]));
const tierOf = (r: Report, id: CandidateId) => r.candidates.find((c) => c.id === id)?.tier;

interface Golden {
  likely: CandidateId[];
  possible: CandidateId[];
  flags: string[];
  iron: Report['flags']['iron']['status'];
  ferritin: 'done' | 'due' | 'not-assessable';
}

const golden: Record<string, Golden> = {
  p01: {
    likely: ['rls'],
    possible: ['plms', 'nocturnal-leg-cramps', 'akathisia'],
    flags: ['ssri:sertraline:current'],
    iron: 'low',
    ferritin: 'done',
  },
  p02: { likely: ['rls'], possible: ['plms'], flags: [], iron: 'low', ferritin: 'done' },
  p03: {
    likely: ['plms'],
    possible: ['nocturnal-leg-cramps', 'rls'],
    flags: [],
    iron: 'missing',
    ferritin: 'due',
  },
  p04: {
    likely: ['nocturnal-leg-cramps'],
    possible: ['rls'],
    flags: ['sedating-antihistamine:hydroxyzine:current'],
    iron: 'normal',
    ferritin: 'done',
  },
  p05: {
    likely: ['peripheral-neuropathy'],
    possible: ['rls'],
    flags: ['snri:duloxetine:current'],
    iron: 'normal',
    ferritin: 'done',
  },
  p06: {
    likely: ['venous-disease'],
    possible: ['nocturnal-leg-cramps', 'rls'],
    flags: [],
    iron: 'borderline',
    ferritin: 'done',
  },
  p07: {
    likely: ['peripheral-arterial-disease'],
    possible: ['rls'],
    flags: [],
    iron: 'stale',
    ferritin: 'due',
  },
  p08: {
    likely: ['lumbar-spinal-stenosis'],
    possible: ['akathisia', 'rls'],
    flags: ['tca:amitriptyline:current'],
    iron: 'normal',
    ferritin: 'done',
  },
  p09: {
    likely: ['arthritis'],
    possible: ['rls', 'nocturnal-leg-cramps', 'peripheral-neuropathy'],
    flags: [],
    iron: 'low',
    ferritin: 'done',
  },
  p10: {
    likely: ['akathisia'],
    possible: ['rls'],
    flags: ['dopamine-antagonist:haloperidol:current', 'dopamine-antagonist:metoclopramide:current'],
    iron: 'normal',
    ferritin: 'done',
  },
  p11: {
    likely: ['rls'],
    possible: ['plms', 'nocturnal-leg-cramps', 'akathisia'],
    flags: ['ssri:paroxetine:current', 'sedating-antihistamine:diphenhydramine:current'],
    iron: 'borderline',
    ferritin: 'done',
  },
  p12: {
    likely: [],
    possible: ['akathisia', 'rls'],
    flags: ['lithium:lithium:current'],
    iron: 'normal',
    ferritin: 'done',
  },
  p13: {
    likely: [],
    possible: ['nocturnal-leg-cramps', 'akathisia', 'rls'],
    flags: ['dopamine-antagonist:quetiapine:current', 'mirtazapine:mirtazapine:current'],
    iron: 'normal',
    ferritin: 'done',
  },
  p14: {
    likely: [],
    possible: ['rls'],
    flags: ['sedating-antihistamine:doxylamine:current', 'ssri:citalopram:recent'],
    iron: 'stale',
    ferritin: 'due',
  },
  p15: { likely: [], possible: ['nocturnal-leg-cramps', 'rls'], flags: [], iron: 'normal', ferritin: 'done' },
  p16: {
    likely: [],
    possible: ['rls', 'peripheral-neuropathy', 'akathisia'],
    flags: ['dopamine-antagonist:promethazine:current', 'sedating-antihistamine:promethazine:current'],
    iron: 'borderline',
    ferritin: 'done',
  },
  p17: {
    likely: [],
    possible: ['rls', 'nocturnal-leg-cramps', 'akathisia'],
    flags: ['dopamine-antagonist:prochlorperazine:current'],
    iron: 'low',
    ferritin: 'done',
  },
  // Issue 14C (spec §1 and §4): condition statuses, symptom codes, names. Stories with bedside
  // findings are in fixture-patients-conditions.test.ts.
  p40: { likely: [], possible: ['nocturnal-leg-cramps', 'rls'], flags: [], iron: 'normal', ferritin: 'done' },
  p41: { likely: [], possible: ['nocturnal-leg-cramps', 'rls'], flags: [], iron: 'normal', ferritin: 'done' },
  p42: { likely: ['peripheral-neuropathy'], possible: ['rls'], flags: [], iron: 'normal', ferritin: 'done' },
  p43: {
    likely: [],
    possible: ['nocturnal-leg-cramps', 'venous-disease', 'rls'],
    flags: [],
    iron: 'normal',
    ferritin: 'done',
  },
  p44: {
    likely: [],
    possible: ['rls', 'nocturnal-leg-cramps'],
    flags: [],
    iron: 'borderline',
    ferritin: 'done',
  },
  p45: { likely: ['rls'], possible: ['plms'], flags: [], iron: 'low', ferritin: 'done' },
  p46: {
    likely: [],
    possible: ['peripheral-neuropathy', 'peripheral-arterial-disease', 'rls'],
    flags: [],
    iron: 'normal',
    ferritin: 'done',
  },
  p47: {
    likely: ['peripheral-arterial-disease'],
    possible: ['nocturnal-leg-cramps', 'peripheral-neuropathy', 'rls'],
    flags: [],
    iron: 'normal',
    ferritin: 'done',
  },
  p48: { likely: [], possible: ['nocturnal-leg-cramps', 'rls'], flags: [], iron: 'normal', ferritin: 'done' },
  p49: { likely: [], possible: ['nocturnal-leg-cramps', 'rls'], flags: [], iron: 'normal', ferritin: 'done' },
  // Iron (clinical spec §3): TSAT codes and units, calculated TSAT, text ferritin, thresholds.
  p30: {
    likely: ['rls'],
    possible: ['plms', 'nocturnal-leg-cramps'],
    flags: [],
    iron: 'borderline',
    ferritin: 'done',
  },
  p31: {
    likely: [],
    possible: ['peripheral-neuropathy', 'rls'],
    flags: [],
    iron: 'normal',
    ferritin: 'done',
  },
  p32: {
    likely: [],
    possible: ['rls', 'nocturnal-leg-cramps', 'akathisia'],
    flags: ['ssri:sertraline:current'],
    iron: 'borderline',
    ferritin: 'done',
  },
  p33: { likely: [], possible: ['rls'], flags: [], iron: 'low', ferritin: 'done' },
  p34: {
    likely: ['rls'],
    possible: ['plms', 'nocturnal-leg-cramps'],
    flags: [],
    iron: 'unknown',
    ferritin: 'not-assessable',
  },
  p35: {
    likely: [],
    possible: ['rls', 'peripheral-neuropathy'],
    flags: [],
    iron: 'borderline',
    ferritin: 'done',
  },
  p36: { likely: ['rls'], possible: ['plms'], flags: [], iron: 'normal', ferritin: 'done' },
  p37: {
    likely: [],
    possible: ['rls', 'nocturnal-leg-cramps'],
    flags: ['sedating-antihistamine:diphenhydramine:current'],
    iron: 'low',
    ferritin: 'done',
  },
  p38: { likely: [], possible: ['rls'], flags: [], iron: 'low', ferritin: 'done' },
  p39: {
    likely: ['rls'],
    possible: ['plms', 'nocturnal-leg-cramps'],
    flags: [],
    iron: 'stale',
    ferritin: 'due',
  },
  // Deceased (clinical spec §4, revision 2): open orders, a statement and a dose given before death are
  // past, so nothing is flagged; the iron result is for review only.
  p18: {
    likely: ['rls'],
    possible: ['plms', 'nocturnal-leg-cramps', 'peripheral-neuropathy'],
    flags: [],
    iron: 'stale',
    ferritin: 'due',
  },
  p19: { likely: ['akathisia'], possible: ['rls'], flags: [], iron: 'missing', ferritin: 'due' },
  // Issue 19: a long iron history and several drug periods (the pictures over time).
  p50: {
    likely: ['rls'],
    possible: ['nocturnal-leg-cramps', 'akathisia', 'plms'],
    flags: ['ssri:sertraline:current', 'sedating-antihistamine:diphenhydramine:current'],
    iron: 'borderline',
    ferritin: 'done',
  },
  ...medicationGoldens,
};

describe('golden reports of the synthetic patients (now = 2026-11-25)', () => {
  it('has a golden expectation for every fixture bundle', () => {
    expect(fixturePatientIds().sort()).toEqual(Object.keys(golden).sort());
  });

  it.each(Object.entries(golden))('%s: tiers, flags, iron and checklist match its story', (id, g) => {
    const snapshot = snapshotOf(id);
    const r = analyzeChart(snapshot, { now });
    expect(reportSchema.safeParse(r).success).toBe(true);
    expect(r.patient.reference).toBe(`Patient/${id}`);
    expect(likely(r)).toEqual(g.likely);
    expect(possible(r)).toEqual(g.possible);
    expect(flags(r)).toEqual(g.flags);
    expect(r.flags.iron.status).toBe(g.iron);
    expect(r.flags.medicationSearch).toBe('complete');
    expect(states(r)).toEqual({
      'medication-review': 'done',
      ferritin: g.ferritin,
      'vascular-assessment': 'not-assessable',
      'neurological-exam': 'not-assessable',
    });
    // Every cited source is a resource of this chart.
    const known = everyChartReference(snapshot);
    const cited = [
      ...r.candidates.flatMap((c) => [...c.supporting, ...c.against].flatMap((e) => e.sources)),
      ...r.flags.medications.flatMap((f) => f.sources),
      ...r.flags.iron.sources,
      ...r.notes.flatMap((n) => n.sources),
      ...r.checklist.flatMap((c) => c.sources),
      ...r.pitfalls.flatMap((p) => p.sources),
      ...r.considerations.flatMap((c) => c.sources),
    ];
    for (const s of cited) expect(known).toContain(s);
  });
});

describe('patient stories', () => {
  it('flags sertraline charted as a statement and an order (RxNorm 328670 "Sertraline 100MG") once, citing both', () => {
    const r = analyze('p01');
    expect(r.flags.medications).toHaveLength(1);
    expect(r.flags.medications[0]?.sources.sort()).toEqual([
      'MedicationRequest/p01-sertraline-order',
      'MedicationStatement/p01-sertraline-stmt',
    ]);
    expect(r.candidates.find((c) => c.id === 'rls')?.supporting.map((e) => e.ruleId)).toEqual([
      'rls.coded',
      'rls.iron',
    ]);
    expect(r.pitfalls.map((p) => p.id)).toEqual(['plms-vs-rls']);
  });

  it('resolves urn:uuid references, keeps the "<10" comparator and notes the augmentation risk of pramipexole', () => {
    const r = analyze('p02');
    expect(r.flags.iron).toMatchObject({
      status: 'low',
      ferritinNgPerMl: 10,
      comparator: '<',
      sources: ['Observation/p02-ferritin-1'],
    });
    expect(r.notes.map((n) => n.id)).toEqual(['augmentation-risk:pramipexole']);
    expect(r.notes[0]?.sources).toEqual(['MedicationRequest/p02-pramipexole']);
    expect(r.candidates.find((c) => c.id === 'rls')?.supporting.map((e) => e.ruleId)).toContain(
      'rls.treatment',
    );
  });

  it('asks for a ferritin when PLMD is coded and hemoglobin is normal but no ferritin exists', () => {
    const r = analyze('p03');
    expect(r.flags.iron.recommendation).toMatch(/even if hemoglobin is normal/);
    expect(r.pitfalls.map((p) => p.id)).toEqual(['plms-vs-rls']);
  });

  it('warns not to blame electrolytes for coded leg cramps, and finds hydroxyzine by its local formulary name', () => {
    const r = analyze('p04');
    expect(r.pitfalls.map((p) => p.id)).toEqual(['electrolytes-and-cramps']);
    expect(r.flags.medications[0]?.display).toBe('HYDROXYZINE HCL 25MG TAB');
  });

  it('converts a molar ferritin (135 pmol/L) to 60 ng/mL, borderline, and shows the venous-stasis pitfall', () => {
    const r = analyze('p06');
    expect(r.flags.iron.ferritinNgPerMl).toBeCloseTo(60.08, 1);
    expect(r.flags.iron.original).toEqual({ value: 135, unit: 'pmol/L' });
    expect(r.flags.iron.recommendation).toMatch(/≤ 75 ng\/mL or TSAT < 20%/);
    expect(r.pitfalls.map((p) => p.id)).toEqual(['venous-stasis']);
  });

  it('says the 12-month staleness window is a project default when the only ferritin is from 2023', () => {
    expect(analyze('p07').flags.iron.recommendation).toMatch(/project default/);
  });

  it('keeps a resolved cramp diagnosis at most possible (history)', () => {
    const r = analyze('p09');
    const cramps = r.candidates.find((c) => c.id === 'nocturnal-leg-cramps');
    expect(cramps?.tier).toBe('possible');
    expect(cramps?.supporting.map((e) => e.ruleId)).toContain('cramps.coded');
  });

  it('makes akathisia likely from a coded G25.71 with haloperidol and the antiemetic metoclopramide flagged', () => {
    const r = analyze('p10');
    expect(r.candidates[0]?.id).toBe('akathisia');
    expect(r.candidates[0]?.supporting.map((e) => e.ruleId)).toEqual([
      'akathisia.coded',
      'akathisia.dopamine-antagonist',
      'akathisia.dopamine-antagonist',
    ]);
    expect(r.candidates[0]?.supporting[2]?.sources).toEqual(['MedicationRequest/p10-metoclopramide']);
  });

  it('reads a Cerner-style chart of MedicationRequests only (home meds, tall-man text), and not trazodone or ferrous sulfate', () => {
    const r = analyze('p11');
    expect(r.flags.medications.map((f) => f.display)).toEqual([
      'PARoxetine 20 mg oral tablet',
      'diphenhydrAMINE 25 mg oral capsule',
    ]);
  });

  it('quarantines malformed resources and still uses the valid ones', () => {
    const r = analyze('p12');
    expect(r.quarantined.map((q) => q.reference).sort()).toEqual([
      'Condition/p12-rls-no-subject',
      'Observation/p12-ferritin-bad-status',
      'Observation/p12-ferritin-bad-value',
      'entry 9',
    ]);
    expect(r.flags.iron.sources).toEqual(['Observation/p12-ferritin-1']);
    expect(r.candidates.find((c) => c.id === 'rls')?.tier).toBe('possible');
  });

  it('shows the behavioural cues for a patient with Alzheimer’s dementia', () => {
    const r = analyze('p13');
    expect(r.considerations.map((c) => [c.id, c.sources])).toEqual([
      ['cognitive-impairment', ['Condition/p13-alzheimers']],
    ]);
  });

  it('flags the OTC doxylamine combination and citalopram stopped 76 days ago, not fluoxetine (past) or escitalopram (entered in error)', () => {
    const r = analyze('p14');
    expect(JSON.stringify(r.flags)).not.toMatch(/fluoxetine|escitalopram/);
    expect(r.flags.medications.find((f) => f.ingredient === 'citalopram')?.recommendation).toMatch(/90 days/);
  });

  it('gives the clean patient no flags, a done ferritin check and nothing likely', () => {
    const r = analyze('p15');
    expect(r.flags.medications).toEqual([]);
    expect(likely(r)).toEqual([]);
    expect(r.pitfalls).toEqual([]);
  });

  it('says ESRD iron thresholds differ and gives promethazine one flag per class', () => {
    const r = analyze('p16');
    expect(r.flags.iron.recommendation).toMatch(/ESRD/);
    expect(r.flags.medications.map((f) => f.sources)).toEqual([
      ['MedicationRequest/p16-promethazine'],
      ['MedicationRequest/p16-promethazine'],
    ]);
    expect(r.notes).toEqual([]);
  });

  it('moves candidates live with bedside findings: p15 with all four RLS criteria makes RLS likely', () => {
    expect(
      tierOf(
        analyze('p15', {
          'urge-to-move': 'yes',
          'rest-induced': 'yes',
          'relief-by-movement': 'yes',
          'evening-worsening': 'yes',
        }),
        'rls',
      ),
    ).toBe('likely');
  });

  it('makes RLS likely on the four criteria in the PAD patient; the pitfall names PAD and claudication (criterion 5: solely accounted for)', () => {
    const r = analyze('p07', {
      'urge-to-move': 'yes',
      'rest-induced': 'yes',
      'relief-by-movement': 'yes',
      'evening-worsening': 'yes',
    });
    expect(tierOf(r, 'rls')).toBe('likely');
    const pitfall = r.pitfalls.find((p) => p.id === 'rls-mimic-misclassification');
    expect(pitfall?.mimics).toEqual([{ candidate: 'peripheral-arterial-disease', finding: 'claudication' }]);
    expect(pitfall?.sources).toEqual(['Condition/p07-pad']);
  });

  it('makes akathisia likely in the quetiapine patient with whole-body restlessness', () => {
    expect(tierOf(analyze('p13', { 'whole-body-restlessness': 'yes' }), 'akathisia')).toBe('likely');
  });

  it('makes positional discomfort likely only from the bedside answer (the chart cannot show it)', () => {
    expect(tierOf(analyze('p15'), 'positional-discomfort')).toBe('less-likely');
    expect(tierOf(analyze('p15', { 'relief-position-change': 'yes' }), 'positional-discomfort')).toBe(
      'likely',
    );
  });

  it('marks the vascular and neurological exams done once the clinician enters pulses and sensation', () => {
    const r = analyze('p05', { 'absent-pulses': 'no', 'sensory-deficit': 'yes' });
    expect(states(r)).toMatchObject({ 'vascular-assessment': 'done', 'neurological-exam': 'done' });
  });
});

interface IronGolden {
  decidedBy: IronDecisionId;
  thresholdSet: IronThresholdSet;
  /** The TSAT the flag shows (rounded percent), whether calculated and current; null when none. */
  tsat: { percent: number; calculated: boolean; current: boolean } | null;
  ferritinNgPerMl: number | null;
  comparator: '<' | null;
  prompts: string[];
  /** The flag's sources, in order. */
  sources: string[];
  notes: string[];
}

// What decided each iron story, and what the flag rests on (fhir-fixtures/patients/README.md).
const ironGolden: Record<string, IronGolden> = {
  p30: {
    decidedBy: 'tsat-below',
    thresholdSet: 'adult',
    tsat: { percent: 15, calculated: false, current: true },
    ferritinNgPerMl: 112,
    comparator: null,
    prompts: [],
    sources: ['Observation/p30-ferritin-1', 'Observation/p30-tsat-1'],
    notes: [],
  },
  p31: {
    decidedBy: 'ferritin-above-borderline',
    thresholdSet: 'adult',
    tsat: { percent: 32, calculated: false, current: true },
    ferritinNgPerMl: 85,
    comparator: null,
    prompts: [],
    sources: ['Observation/p31-ferritin-1', 'Observation/p31-tsat-1'],
    notes: [],
  },
  p32: {
    decidedBy: 'tsat-below',
    thresholdSet: 'adult',
    tsat: { percent: 8, calculated: true, current: true },
    ferritinNgPerMl: 90,
    comparator: null,
    prompts: [],
    sources: ['Observation/p32-ferritin-1', 'Observation/p32-iron-1', 'Observation/p32-tibc-1'],
    notes: [],
  },
  p33: {
    decidedBy: 'ferritin-below-low',
    thresholdSet: 'adult',
    tsat: null,
    ferritinNgPerMl: 15,
    comparator: '<',
    prompts: ['iron-deficiency-cause'],
    sources: ['Observation/p33-ferritin-1'],
    notes: [],
  },
  p34: {
    decidedBy: 'newest-ferritin-unreadable',
    thresholdSet: 'adult',
    tsat: null,
    ferritinNgPerMl: null,
    comparator: null,
    prompts: [],
    sources: ['Observation/p34-ferritin-1', 'Observation/p34-ferritin-0'],
    notes: [],
  },
  p35: {
    decidedBy: 'esrd-ferritin-and-tsat-below',
    thresholdSet: 'esrd',
    tsat: { percent: 18, calculated: false, current: true },
    ferritinNgPerMl: 180,
    comparator: null,
    prompts: [],
    sources: ['Observation/p35-ferritin-1', 'Observation/p35-tsat-1', 'Condition/p35-dialysis'],
    notes: [],
  },
  p36: {
    decidedBy: 'child-ferritin-not-low',
    thresholdSet: 'child',
    tsat: { percent: 17, calculated: false, current: true },
    ferritinNgPerMl: 62,
    comparator: null,
    prompts: [],
    sources: ['Observation/p36-ferritin-1', 'Observation/p36-tsat-1', 'Patient/p36'],
    notes: ['paediatric-rls-criteria'],
  },
  p37: {
    decidedBy: 'ferritin-below-low',
    thresholdSet: 'adult',
    tsat: { percent: 22, calculated: false, current: true },
    ferritinNgPerMl: 40,
    comparator: null,
    prompts: ['iron-deficiency-cause'],
    sources: ['Observation/p37-ferritin-1', 'Observation/p37-tsat-1'],
    notes: [],
  },
  p38: {
    decidedBy: 'ferritin-below-low',
    thresholdSet: 'adult',
    tsat: { percent: 17, calculated: true, current: true },
    ferritinNgPerMl: 40,
    comparator: null,
    prompts: ['iron-deficiency-cause'],
    sources: ['Observation/p38-ferritin-1', 'Observation/p38-iron-1', 'Observation/p38-tibc-1'],
    notes: [],
  },
  p39: {
    decidedBy: 'ferritin-stale',
    thresholdSet: 'adult',
    tsat: { percent: 12, calculated: false, current: false },
    ferritinNgPerMl: 35,
    comparator: null,
    prompts: [],
    sources: ['Observation/p39-ferritin-1', 'Observation/p39-tsat-1'],
    notes: [],
  },
};

describe('iron stories (p30–p39): what decided the flag, and what it rests on', () => {
  it.each(Object.entries(ironGolden))('%s', (id, g) => {
    const r = analyze(id);
    const iron = r.flags.iron;
    expect(iron.decidedBy).toBe(g.decidedBy);
    expect(iron.thresholdSet).toBe(g.thresholdSet);
    const tsat = iron.tsat ?? null;
    expect(
      tsat && { percent: Math.round(tsat.percent), calculated: tsat.calculated, current: tsat.current },
    ).toEqual(g.tsat);
    expect(iron.ferritinNgPerMl === null ? null : Math.round(iron.ferritinNgPerMl)).toBe(g.ferritinNgPerMl);
    expect(iron.comparator).toBe(g.comparator);
    expect(iron.prompts).toEqual(g.prompts);
    expect(iron.sources).toEqual(g.sources);
    expect(r.notes.map((n) => n.id)).toEqual(g.notes);
  });

  it('never says "TSAT not below 20%" when no TSAT is on file (the old fixtures with a normal ferritin)', () => {
    for (const id of ['p04', 'p05', 'p08', 'p10', 'p12', 'p13', 'p15']) {
      const iron = analyze(id).flags.iron;
      expect(iron.status).toBe('normal');
      expect(iron.tsat).toBeNull();
      expect(iron.recommendation).not.toMatch(/TSAT not below/);
      expect(iron.recommendation).toMatch(/AASM 2024 tests ferritin and TSAT/);
    }
  });

  it('reads the child against the paediatric threshold and cites the child’s age', () => {
    const r = analyze('p36');
    expect(r.flags.iron.reason).toMatch(/adult AASM 2024 thresholds do not apply/);
    expect(r.notes[0]?.sources).toEqual(['Patient/p36']);
  });

  it('supports RLS with the calculated TSAT, citing the iron and TIBC results', () => {
    const evidence = analyze('p32')
      .candidates.find((c) => c.id === 'rls')
      ?.supporting.find((e) => e.ruleId === 'rls.iron');
    expect(evidence?.sources).toEqual([
      'Observation/p32-ferritin-1',
      'Observation/p32-iron-1',
      'Observation/p32-tibc-1',
    ]);
  });

  it('gives no iron evidence for RLS when the newest ferritin is unreadable, though an older one was low', () => {
    const rls = analyze('p34').candidates.find((c) => c.id === 'rls');
    expect(rls?.supporting.map((e) => e.ruleId)).toEqual(['rls.coded']);
  });
});
