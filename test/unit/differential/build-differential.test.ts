import { describe, expect, it } from 'vitest';
import type { FeatureModel } from '@/lib/contracts/feature-model';
import { type CandidateId, candidateIds } from '@/lib/contracts/ids';
import { type Report, reportSchema } from '@/lib/contracts/report-schema';
import { buildDifferential } from '@/lib/differential/build-differential';
import { rlsSymptomRuleId } from '@/lib/knowledge/differential-pitfalls';
import { differentialRules } from '@/lib/knowledge/differential-rules';
import { featureSources } from '../../support/chart-references';
import { allRlsCriteria, emptyFeatures, FeatureBuilder } from './feature-model-builder';

function report(features: FeatureModel): Report {
  const r = buildDifferential(features);
  expect(reportSchema.safeParse(r).success).toBe(true);
  const known = featureSources(features);
  for (const c of r.candidates)
    for (const e of [...c.supporting, ...c.against]) for (const s of e.sources) expect(known).toContain(s);
  return r;
}
const tier = (r: Report, id: CandidateId) => r.candidates.find((c) => c.id === id)?.tier;
const candidate = (r: Report, id: CandidateId) => {
  const c = r.candidates.find((x) => x.id === id);
  if (!c) throw new Error(`no candidate ${id}`);
  return c;
};

describe('buildDifferential: the shape of every report', () => {
  it('lists all ten candidates, each with label, citation and distinguishing questions, even for an empty chart', () => {
    const r = report(emptyFeatures());
    expect(r.candidates.map((c) => c.id).sort()).toEqual([...candidateIds].sort());
    for (const c of r.candidates) {
      expect(c.label).not.toBe('');
      expect(c.citation).not.toBe('');
      expect(c.topReason).not.toBe('');
      expect(c.distinguishingFindings.length).toBeGreaterThan(0);
      for (const f of c.distinguishingFindings) expect(f.question).not.toBe(f.id);
    }
    expect(r.schemaVersion).toBe(1);
    expect(r.generatedAt).toBe('2026-11-25T12:00:00.000Z');
    expect(r.patient).toEqual({ reference: 'Patient/t1', ageYears: 60, sex: 'male' });
  });

  it('keeps RLS possible as the presenting question and everything else less likely when the chart is empty', () => {
    const r = report(emptyFeatures());
    expect(tier(r, 'rls')).toBe('possible');
    expect(r.candidates[0]?.id).toBe('rls');
    for (const c of r.candidates.filter((x) => x.id !== 'rls')) expect(c.tier).toBe('less-likely');
    expect(r.candidates.slice(1).map((c) => c.id)).toEqual(candidateIds.filter((id) => id !== 'rls'));
  });

  it('does not read absence as a negative: without complete searches a candidate says the chart is incomplete', () => {
    const complete = report(emptyFeatures());
    expect(candidate(complete, 'peripheral-arterial-disease').topReason).toMatch(
      /^No arterial disease in the chart/,
    );
    const partial = emptyFeatures();
    partial.conditions.search = 'partial';
    const r = report(partial);
    expect(candidate(r, 'peripheral-arterial-disease').topReason).toBe(
      'Nothing found, but the chart could not be read completely (see data gaps): ask about claudication and palpate distal pulses',
    );
    expect(candidate(r, 'peripheral-arterial-disease').tier).toBe('less-likely');
  });

  it('is deterministic: the same features give the same report', () => {
    const f = new FeatureBuilder()
      .condition('rls')
      .medication('sertraline', ['ssri'])
      .iron('low', 30)
      .build();
    expect(buildDifferential(f)).toEqual(buildDifferential(structuredClone(f)));
  });

  it('gives every rule a ruleId and a citation, and rule ids are unique', () => {
    const ids = differentialRules.map((r) => r.ruleId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of differentialRules) expect(r.citation).not.toBe('');
    expect(ids).toContain(rlsSymptomRuleId);
  });
});

describe('tier rules per candidate', () => {
  it.each([
    ['rls', 'rls'],
    ['plmd', 'plms'],
    ['leg-cramps', 'nocturnal-leg-cramps'],
    ['neuropathy', 'peripheral-neuropathy'],
    ['varicose-veins', 'venous-disease'],
    ['venous-insufficiency', 'venous-disease'],
    ['pad', 'peripheral-arterial-disease'],
    ['lumbar-spinal-stenosis', 'lumbar-spinal-stenosis'],
    ['arthritis', 'arthritis'],
    ['drug-induced-akathisia', 'akathisia'],
  ] as const)(
    'makes a current coded %s diagnosis make %s likely, with the condition as its source',
    (group, id) => {
      const f = new FeatureBuilder().condition(group).build();
      const r = report(f);
      expect(tier(r, id)).toBe('likely');
      const c = candidate(r, id);
      expect(c.supporting[0]?.sources).toEqual(['Condition/t1']);
      expect(c.supporting[0]?.fromClinician).toBe(false);
      expect(c.topReason).toContain(group);
      expect(r.candidates[0]?.tier).toBe('likely');
    },
  );

  it('lets a history (inactive or resolved) diagnosis support at most possible', () => {
    const r = report(new FeatureBuilder().condition('pad', 'history').condition('rls', 'history').build());
    expect(tier(r, 'peripheral-arterial-disease')).toBe('possible');
    expect(tier(r, 'rls')).toBe('possible');
    expect(candidate(r, 'peripheral-arterial-disease').supporting[0]?.text).toContain('history');
  });

  it('makes RLS likely when the clinician confirms all four IRLSSG criteria, and not with three', () => {
    const all = report(new FeatureBuilder().findings(allRlsCriteria).build());
    expect(tier(all, 'rls')).toBe('likely');
    expect(candidate(all, 'rls').supporting.every((e) => e.fromClinician && e.sources.length === 0)).toBe(
      true,
    );
    const three = report(
      new FeatureBuilder().findings({ ...allRlsCriteria, 'evening-worsening': 'unknown' }).build(),
    );
    expect(tier(three, 'rls')).toBe('possible');
  });

  it.each([
    ['low', 30],
    ['borderline', 60],
  ] as const)('supports RLS with a %s ferritin', (status, value) => {
    const r = report(new FeatureBuilder().iron(status, value).build());
    expect(tier(r, 'rls')).toBe('possible');
    expect(candidate(r, 'rls').supporting[0]?.ruleId).toBe('rls.iron');
    expect(candidate(r, 'rls').supporting[0]?.sources).toEqual(['Observation/t1']);
  });

  it.each(['iron-deficiency', 'ckd', 'esrd', 'pregnancy', 'neuropathy'] as const)(
    'supports RLS with coded %s (indirect chart support)',
    (group) => {
      const r = report(new FeatureBuilder().condition(group).build());
      expect(tier(r, 'rls')).toBe('possible');
      expect(candidate(r, 'rls').supporting.length).toBe(1);
    },
  );

  it('supports RLS with a current dopamine agonist, but not when Parkinson’s disease explains it', () => {
    const plain = report(
      new FeatureBuilder().medication('pramipexole', ['dopamine-agonist'], 'current', 'treatment').build(),
    );
    expect(candidate(plain, 'rls').supporting.map((e) => e.ruleId)).toEqual(['rls.treatment']);
    const pd = report(
      new FeatureBuilder()
        .condition('parkinsons')
        .medication('pramipexole', ['dopamine-agonist'], 'current', 'treatment')
        .build(),
    );
    expect(candidate(pd, 'rls').supporting).toEqual([]);
  });

  it.each([
    ['claudication', 'rls.against.claudication'],
    ['relief-lumbar-flexion', 'rls.against.lumbar-flexion'],
    ['relief-by-stretching', 'rls.against.stretching'],
    ['relief-position-change', 'rls.against.position-change'],
  ] as const)('lowers RLS to less likely when the clinician reports %s', (finding, ruleId) => {
    const r = report(new FeatureBuilder().findings({ [finding]: 'yes' }).build());
    expect(tier(r, 'rls')).toBe('less-likely');
    expect(candidate(r, 'rls').against[0]?.ruleId).toBe(ruleId);
    expect(candidate(r, 'rls').topReason).toMatch(/^Against: /);
  });

  it('lowers a coded RLS one tier (to possible) when the patient has claudication', () => {
    const r = report(new FeatureBuilder().condition('rls').findings({ claudication: 'yes' }).build());
    expect(tier(r, 'rls')).toBe('possible');
    expect(candidate(r, 'rls').topReason).toContain('but');
  });

  it('counts an IRLSSG criterion answered no against RLS, and unknown never counts', () => {
    const no = report(new FeatureBuilder().findings({ 'urge-to-move': 'no' }).build());
    expect(tier(no, 'rls')).toBe('less-likely');
    const unknown = report(
      new FeatureBuilder().findings({ 'urge-to-move': 'unknown', claudication: 'unknown' }).build(),
    );
    expect(unknown).toEqual(report(emptyFeatures()));
  });

  it('makes RLS likely on the four criteria although a mimic is coded (criterion 5: solely accounted for), and the pitfall names the mimic and what separates it', () => {
    const r = report(new FeatureBuilder().condition('varicose-veins').findings(allRlsCriteria).build());
    expect(tier(r, 'rls')).toBe('likely');
    expect(candidate(r, 'rls').against).toEqual([]);
    // The mimic keeps its own tier: coded (likely), lowered by "worse in the evening".
    expect(tier(r, 'venous-disease')).toBe('possible');
    const pitfall = r.pitfalls.find((p) => p.id === 'rls-mimic-misclassification');
    expect(pitfall?.mimics).toEqual([{ candidate: 'venous-disease', finding: 'edema-varicosities' }]);
    expect(pitfall?.sources).toEqual(['Condition/t1']);
    expect(pitfall?.text).toContain('Venous stasis / varicosities');
  });

  it.each([
    ['relief-by-stretching', 'rls.against.stretching'],
    ['claudication', 'rls.against.claudication'],
    ['relief-lumbar-flexion', 'rls.against.lumbar-flexion'],
    ['relief-position-change', 'rls.against.position-change'],
    ['whole-body-restlessness', 'rls.against.whole-body-restlessness'],
  ] as const)('lowers RLS with the four criteria one tier when %s is also present', (finding, ruleId) => {
    const r = report(new FeatureBuilder().findings({ ...allRlsCriteria, [finding]: 'yes' }).build());
    expect(tier(r, 'rls')).toBe('possible');
    expect(candidate(r, 'rls').against.map((e) => e.ruleId)).toEqual([ruleId]);
  });

  it.each(['current', 'provisional', 'symptom', 'history'] as const)(
    'never lowers RLS with the four criteria for a %s coded mimic of any kind',
    (status) => {
      const b = new FeatureBuilder().findings(allRlsCriteria);
      for (const group of ['pad', 'neuropathy', 'arthritis', 'venous-insufficiency', 'leg-cramps'] as const)
        b.condition(group, status);
      expect(tier(report(b.build()), 'rls')).toBe('likely');
    },
  );

  it('supports at most possible from a provisional or symptom-coded diagnosis, and says which', () => {
    const r = report(
      new FeatureBuilder()
        .condition('pad', 'provisional', 'r/o PAD')
        .condition('leg-cramps', 'symptom', 'Cramp and spasm')
        .build(),
    );
    expect(tier(r, 'peripheral-arterial-disease')).toBe('possible');
    expect(candidate(r, 'peripheral-arterial-disease').supporting[0]).toMatchObject({
      ruleId: 'pad.coded',
      conditionStatus: 'provisional',
      text: 'Provisional diagnosis: r/o PAD (verification: provisional)',
    });
    expect(tier(r, 'nocturnal-leg-cramps')).toBe('possible');
    expect(candidate(r, 'nocturnal-leg-cramps').supporting[0]).toMatchObject({
      conditionStatus: 'symptom',
      text: 'Symptom charted: Cramp and spasm (a symptom code, not a diagnosis)',
    });
  });

  it('does not read a charted sensory symptom as a neuropathy that causes secondary RLS', () => {
    const r = report(new FeatureBuilder().condition('neuropathy', 'symptom', 'Paresthesia of skin').build());
    expect(tier(r, 'peripheral-neuropathy')).toBe('possible');
    expect(candidate(r, 'rls').supporting).toEqual([]);
  });

  it('keeps a coded RLS likely even when a mimic is also coded, and its symptoms argue against PAD', () => {
    const r = report(new FeatureBuilder().condition('rls').condition('pad').findings(allRlsCriteria).build());
    expect(tier(r, 'rls')).toBe('likely');
    expect(tier(r, 'peripheral-arterial-disease')).toBe('possible');
    expect(candidate(r, 'peripheral-arterial-disease').against[0]?.ruleId).toBe(
      'pad.against.relief-by-movement',
    );
  });

  it('makes PLMS possible when RLS is likely, citing what made RLS likely', () => {
    const r = report(new FeatureBuilder().condition('rls').build());
    expect(tier(r, 'plms')).toBe('possible');
    expect(candidate(r, 'plms').supporting[0]?.sources).toEqual(['Condition/t1']);
    const bySymptoms = report(new FeatureBuilder().findings(allRlsCriteria).build());
    expect(tier(bySymptoms, 'plms')).toBe('possible');
    expect(candidate(bySymptoms, 'plms').supporting[0]?.fromClinician).toBe(true);
  });

  it('makes PLMS likely from twitching noticed by a bed partner with no urge to move, possible from twitching alone', () => {
    const both = report(
      new FeatureBuilder().findings({ 'unperceived-twitching': 'yes', 'urge-to-move': 'no' }).build(),
    );
    expect(tier(both, 'plms')).toBe('likely');
    const alone = report(new FeatureBuilder().findings({ 'unperceived-twitching': 'yes' }).build());
    expect(tier(alone, 'plms')).toBe('possible');
    const none = report(
      new FeatureBuilder().condition('plmd').findings({ 'unperceived-twitching': 'no' }).build(),
    );
    expect(tier(none, 'plms')).toBe('possible');
  });

  it('makes cramps possible from female sex, metabolic syndrome or venous disease, likely from relief by stretching', () => {
    expect(tier(report(new FeatureBuilder().female().build()), 'nocturnal-leg-cramps')).toBe('possible');
    expect(
      tier(report(new FeatureBuilder().condition('metabolic-syndrome').build()), 'nocturnal-leg-cramps'),
    ).toBe('possible');
    expect(
      tier(report(new FeatureBuilder().condition('varicose-veins').build()), 'nocturnal-leg-cramps'),
    ).toBe('possible');
    const stretch = report(new FeatureBuilder().findings({ 'relief-by-stretching': 'yes' }).build());
    expect(tier(stretch, 'nocturnal-leg-cramps')).toBe('likely');
    expect(tier(stretch, 'rls')).toBe('less-likely');
    const noStretch = report(
      new FeatureBuilder().female().findings({ 'relief-by-stretching': 'no' }).build(),
    );
    expect(tier(noStretch, 'nocturnal-leg-cramps')).toBe('less-likely');
  });

  it('makes neuropathy possible from diabetes or CKD, likely from a sensory deficit, less likely without one', () => {
    expect(tier(report(new FeatureBuilder().condition('diabetes').build()), 'peripheral-neuropathy')).toBe(
      'possible',
    );
    expect(tier(report(new FeatureBuilder().condition('ckd').build()), 'peripheral-neuropathy')).toBe(
      'possible',
    );
    expect(
      tier(
        report(new FeatureBuilder().findings({ 'sensory-deficit': 'yes' }).build()),
        'peripheral-neuropathy',
      ),
    ).toBe('likely');
    expect(
      tier(
        report(new FeatureBuilder().condition('diabetes').findings({ 'sensory-deficit': 'no' }).build()),
        'peripheral-neuropathy',
      ),
    ).toBe('less-likely');
  });

  it('makes venous disease likely from visible varicosities, and an evening pattern argues against it', () => {
    expect(
      tier(report(new FeatureBuilder().findings({ 'edema-varicosities': 'yes' }).build()), 'venous-disease'),
    ).toBe('likely');
    const evening = report(
      new FeatureBuilder().condition('varicose-veins').findings({ 'evening-worsening': 'yes' }).build(),
    );
    expect(tier(evening, 'venous-disease')).toBe('possible');
    expect(candidate(evening, 'venous-disease').against[0]?.ruleId).toBe('venous.against.circadian');
  });

  it('makes PAD likely from claudication with absent pulses, possible from claudication alone; relief by walking argues against', () => {
    expect(
      tier(
        report(new FeatureBuilder().findings({ claudication: 'yes', 'absent-pulses': 'yes' }).build()),
        'peripheral-arterial-disease',
      ),
    ).toBe('likely');
    expect(
      tier(
        report(new FeatureBuilder().findings({ claudication: 'yes' }).build()),
        'peripheral-arterial-disease',
      ),
    ).toBe('possible');
    const walking = report(
      new FeatureBuilder().condition('pad').findings({ 'relief-by-movement': 'yes' }).build(),
    );
    expect(tier(walking, 'peripheral-arterial-disease')).toBe('possible');
  });

  it('makes lumbar spinal stenosis likely from relief with lumbar flexion; an urge to move argues against it', () => {
    expect(
      tier(
        report(new FeatureBuilder().findings({ 'relief-lumbar-flexion': 'yes' }).build()),
        'lumbar-spinal-stenosis',
      ),
    ).toBe('likely');
    expect(
      tier(
        report(
          new FeatureBuilder()
            .condition('lumbar-spinal-stenosis')
            .findings({ 'urge-to-move': 'yes' })
            .build(),
        ),
        'lumbar-spinal-stenosis',
      ),
    ).toBe('possible');
  });

  it('makes arthritis likely from joint findings on exam, less likely without them', () => {
    expect(
      tier(report(new FeatureBuilder().findings({ 'joint-findings': 'yes' }).build()), 'arthritis'),
    ).toBe('likely');
    expect(
      tier(
        report(new FeatureBuilder().condition('arthritis').findings({ 'joint-findings': 'no' }).build()),
        'arthritis',
      ),
    ).toBe('possible');
  });

  it('makes akathisia possible with a current dopamine antagonist, likely with whole-body restlessness too', () => {
    const drug = report(new FeatureBuilder().medication('haloperidol', ['dopamine-antagonist']).build());
    expect(tier(drug, 'akathisia')).toBe('possible');
    expect(candidate(drug, 'akathisia').supporting[0]?.ruleId).toBe('akathisia.dopamine-antagonist');
    const restless = report(
      new FeatureBuilder()
        .medication('haloperidol', ['dopamine-antagonist'])
        .findings({ 'whole-body-restlessness': 'yes' })
        .build(),
    );
    expect(tier(restless, 'akathisia')).toBe('likely');
    expect(candidate(restless, 'akathisia').supporting[0]?.ruleId).toBe(
      'akathisia.antagonist-and-restlessness',
    );
  });

  it.each([
    ['amitriptyline', 'tca'],
    ['sertraline', 'ssri'],
    ['lithium', 'lithium'],
  ] as const)('makes akathisia possible (weaker) with current %s', (ingredient, cls) => {
    const r = report(new FeatureBuilder().medication(ingredient, [cls]).build());
    expect(tier(r, 'akathisia')).toBe('possible');
    expect(candidate(r, 'akathisia').supporting[0]?.ruleId).toBe('akathisia.other-causative-drug');
  });

  it('does not count an SNRI for akathisia', () => {
    const r = report(new FeatureBuilder().medication('duloxetine', ['snri']).build());
    expect(tier(r, 'akathisia')).toBe('less-likely');
  });

  // Spec revision 2 §1: akathisia is possible with any current or recent dopamine antagonist (revision 1
  // counted current ones only), and likely with whole-body restlessness when it was given in the last 7 days.
  it('counts a recent (stopped) dopamine antagonist as possible for akathisia', () => {
    const r = report(
      new FeatureBuilder()
        .medication('haloperidol', ['dopamine-antagonist'], 'recent', 'offending', { daysAgo: 40 })
        .build(),
    );
    expect(tier(r, 'akathisia')).toBe('possible');
  });

  it.each([
    [7, 'likely'],
    [8, 'possible'],
  ] as const)(
    'a dopamine antagonist given %i days ago plus whole-body restlessness: akathisia %s',
    (daysAgo, expected) => {
      const r = report(
        new FeatureBuilder()
          .medication('droperidol', ['dopamine-antagonist'], 'recent', 'offending', {
            daysAgo,
            basis: 'administration',
          })
          .findings({ 'whole-body-restlessness': 'yes' })
          .build(),
      );
      expect(tier(r, 'akathisia')).toBe(expected);
    },
  );

  it('gives no augmentation note for a dopamine agonist, and no RLS-treatment evidence, when Parkinson’s is coded', () => {
    const withParkinsons = report(
      new FeatureBuilder()
        .medication('pramipexole', ['dopamine-agonist'], 'current', 'treatment')
        .condition('parkinsons')
        .build(),
    );
    expect(withParkinsons.notes).toEqual([]);
    expect(
      withParkinsons.candidates.find((c) => c.id === 'rls')?.supporting.map((e) => e.ruleId),
    ).not.toContain('rls.treatment');
    const historyOnly = report(
      new FeatureBuilder()
        .medication('pramipexole', ['dopamine-agonist'], 'current', 'treatment')
        .condition('parkinsons', 'history')
        .build(),
    );
    expect(historyOnly.notes).toEqual([]);
    const without = report(
      new FeatureBuilder().medication('pramipexole', ['dopamine-agonist'], 'current', 'treatment').build(),
    );
    expect(without.notes.map((n) => n.id)).toEqual(['augmentation-risk:pramipexole']);
  });

  it('ranks a dopamine antagonist with restlessness above the weaker drugs, and restlessness without a drug as possible', () => {
    const r = report(new FeatureBuilder().findings({ 'whole-body-restlessness': 'yes' }).build());
    expect(tier(r, 'akathisia')).toBe('possible');
  });

  it('makes positional discomfort likely only from the bedside finding; relief by walking argues against it', () => {
    expect(
      tier(
        report(new FeatureBuilder().findings({ 'relief-position-change': 'yes' }).build()),
        'positional-discomfort',
      ),
    ).toBe('likely');
    expect(
      tier(
        report(
          new FeatureBuilder()
            .findings({ 'relief-position-change': 'yes', 'relief-by-movement': 'yes' })
            .build(),
        ),
        'positional-discomfort',
      ),
    ).toBe('possible');
  });
});

describe('ordering', () => {
  it('orders by tier, then a coded diagnosis before clinician findings before indirect support, then fixed order', () => {
    const r = report(
      new FeatureBuilder()
        .condition('pad')
        .findings({ 'joint-findings': 'yes' })
        .condition('diabetes')
        .medication('haloperidol', ['dopamine-antagonist'])
        .female()
        .build(),
    );
    const ids = r.candidates.map((c) => c.id);
    expect(ids.slice(0, 2)).toEqual(['peripheral-arterial-disease', 'arthritis']);
    // possible: rls (floor, no evidence) comes after candidates with indirect support
    expect(ids.slice(2, 6)).toEqual(['nocturnal-leg-cramps', 'peripheral-neuropathy', 'akathisia', 'rls']);
  });
});

describe('medication flags', () => {
  it('flags each offending class of a current drug with its recommendation and source', () => {
    const r = report(new FeatureBuilder().medication('sertraline', ['ssri']).build());
    expect(r.flags.medications).toEqual([
      expect.objectContaining({
        class: 'ssri',
        classLabel: 'SSRI antidepressant',
        ingredient: 'sertraline',
        status: 'current',
        sources: ['MedicationRequest/t1'],
        recommendation: expect.stringContaining('consider stopping or substituting'),
        citation: expect.stringContaining('seed [2]'),
      }),
    ]);
  });

  it('gives a drug in two classes one flag per class (promethazine)', () => {
    const r = report(
      new FeatureBuilder()
        .medication('promethazine', ['dopamine-antagonist', 'sedating-antihistamine'])
        .build(),
    );
    expect(r.flags.medications.map((f) => f.class)).toEqual([
      'dopamine-antagonist',
      'sedating-antihistamine',
    ]);
    expect(new Set(r.flags.medications.map((f) => f.ingredient))).toEqual(new Set(['promethazine']));
  });

  it('flags a recently stopped drug with its own wording, and never a past one or a treatment', () => {
    const r = report(
      new FeatureBuilder()
        .medication('citalopram', ['ssri'], 'recent')
        .medication('fluoxetine', ['ssri'], 'past')
        .medication('pramipexole', ['dopamine-agonist'], 'current', 'treatment')
        .build(),
    );
    expect(r.flags.medications.map((f) => [f.ingredient, f.status])).toEqual([['citalopram', 'recent']]);
    expect(r.flags.medications[0]?.recommendation).toContain('Stopped within the last 90 days');
  });

  it.each([
    'ssri',
    'tca',
    'lithium',
    'dopamine-antagonist',
    'sedating-antihistamine',
    'snri',
    'mirtazapine',
  ] as const)('flags the %s class with a label and citation', (cls) => {
    const r = report(new FeatureBuilder().medication('x', [cls]).build());
    expect(r.flags.medications[0]?.class).toBe(cls);
    expect(r.flags.medications[0]?.classLabel).not.toBe('');
  });

  it('passes the medication search completeness through', () => {
    expect(report(new FeatureBuilder().medicationGap().build()).flags.medicationSearch).toBe('unavailable');
  });
});

describe('iron flag', () => {
  it.each([
    ['low', 30, null, /below 50 ng\/mL/],
    ['borderline', 60, null, /≤ 75 ng\/mL or TSAT < 20%.*< 50 ng\/mL/],
    ['normal', 120, 30, /not indicated/],
    ['stale', 80, null, /12 months.*project default.*even if hemoglobin is normal/],
    ['missing', null, null, /order serum ferritin.*even if hemoglobin is normal/],
    ['unknown', null, null, /could not be read.*check ferritin in the EHR/],
  ] as const)('recommends the right action for %s ferritin', (status, value, tsat, text) => {
    const r = report(new FeatureBuilder().iron(status, value, tsat).build());
    expect(r.flags.iron.status).toBe(status);
    expect(r.flags.iron.recommendation).toMatch(text);
    expect(r.flags.iron.citation).not.toBe('');
  });

  it('never says the TSAT is not below 20% when no TSAT is on file: it says AASM 2024 tests both', () => {
    const r = report(new FeatureBuilder().iron('normal', 120).build());
    expect(r.flags.iron.recommendation).not.toMatch(/TSAT not below/);
    expect(r.flags.iron.recommendation).toMatch(
      /no current TSAT is on file.*AASM 2024 tests ferritin and TSAT/,
    );
    expect(r.flags.iron.tsat).toBeNull();
  });

  it('reports the value in ng/mL and keeps the charted value and unit when it was converted', () => {
    const f = new FeatureBuilder().iron('borderline', 60.1).build();
    if (f.iron.latest) f.iron.latest.original = { value: 135, unit: 'pmol/L' };
    const r = report(f);
    expect(r.flags.iron).toMatchObject({ ferritinNgPerMl: 60.1, original: { value: 135, unit: 'pmol/L' } });
    expect(r.flags.iron.sources).toEqual(['Observation/t1']);
  });

  it('keeps a "<10" comparator', () => {
    const f = new FeatureBuilder().iron('low', 10).build();
    if (f.iron.latest) f.iron.latest.comparator = '<';
    expect(report(f).flags.iron).toMatchObject({ ferritinNgPerMl: 10, comparator: '<', original: null });
  });

  it('words the ESRD thresholds when the feature applied them', () => {
    const r = report(
      new FeatureBuilder()
        .condition('esrd')
        .iron('borderline', 150, 15)
        .ironFacts({
          decidedBy: 'esrd-ferritin-and-tsat-below',
          thresholds: { set: 'esrd', sources: ['Condition/t1'], ageYears: 60 },
        })
        .build(),
    );
    expect(r.flags.iron).toMatchObject({ thresholdSet: 'esrd', decidedBy: 'esrd-ferritin-and-tsat-below' });
    expect(r.flags.iron.recommendation).toMatch(/ESRD.*< 200 ng\/mL and TSAT < 20%/);
    expect(r.flags.iron.tsat).toMatchObject({ percent: 15, calculated: false, current: true });
    const parts = r.flags.iron.citation.split('; ');
    expect(new Set(parts).size).toBe(parts.length);
  });

  it('adds the AGA 2020 prompt to look for the cause of iron deficiency, with its citation', () => {
    const r = report(
      new FeatureBuilder()
        .iron('low', 30)
        .ironFacts({ prompts: ['iron-deficiency-cause'] })
        .build(),
    );
    expect(r.flags.iron.prompts).toEqual(['iron-deficiency-cause']);
    expect(r.flags.iron.recommendation).toMatch(/cause of iron deficiency \(e\.g\. blood loss\)/);
    expect(r.flags.iron.citation).toMatch(/AGA 2020/);
  });

  it('adds the paediatric criteria note for a child', () => {
    const r = report(
      new FeatureBuilder()
        .iron('normal', 60)
        .ironFacts({
          decidedBy: 'child-ferritin-not-low',
          thresholds: { set: 'child', sources: ['Patient/t1'], ageYears: 13 },
        })
        .build(),
    );
    expect(r.notes.map((n) => [n.id, n.sources])).toEqual([['paediatric-rls-criteria', ['Patient/t1']]]);
    expect(r.flags.iron.recommendation).toMatch(/not used for children/);
  });
});

describe('notes, checklist, pitfalls and considerations', () => {
  it('adds an augmentation-risk note for a current dopamine agonist or levodopa, not for a stopped one', () => {
    const r = report(
      new FeatureBuilder()
        .medication('pramipexole', ['dopamine-agonist'], 'current', 'treatment')
        .medication('levodopa', ['levodopa'], 'current', 'treatment')
        .medication('ropinirole', ['dopamine-agonist'], 'past', 'treatment')
        .build(),
    );
    expect(r.notes.map((n) => n.id)).toEqual(['augmentation-risk:pramipexole', 'augmentation-risk:levodopa']);
    expect(r.notes[0]?.text).toMatch(/augmentation/);
    expect(r.notes[0]?.citation).toMatch(/AASM 2024/);
  });

  it('marks the medication review done when the searches completed, due with the gap otherwise', () => {
    const done = report(new FeatureBuilder().medication('sertraline', ['ssri']).build());
    expect(done.checklist.find((c) => c.id === 'medication-review')).toMatchObject({
      state: 'done',
      sources: ['MedicationRequest/t1'],
    });
    const due = report(new FeatureBuilder().medicationGap().build());
    expect(due.checklist.find((c) => c.id === 'medication-review')).toMatchObject({
      state: 'due',
      reason: expect.stringContaining('HTTP 403'),
    });
  });

  it.each([
    ['low', 30, 'done'],
    ['borderline', 60, 'done'],
    ['normal', 120, 'done'],
    ['stale', 80, 'due'],
    ['missing', null, 'due'],
    ['unknown', null, 'not-assessable'],
  ] as const)('marks the ferritin check for %s ferritin (%s ng/mL) as %s', (status, value, state) => {
    const r = report(new FeatureBuilder().iron(status, value).build());
    expect(r.checklist.find((c) => c.id === 'ferritin')?.state).toBe(state);
  });

  it('leaves the vascular and neurological exams not assessable until the clinician enters a finding', () => {
    const before = report(emptyFeatures());
    expect(before.checklist.map((c) => [c.id, c.state])).toEqual([
      ['medication-review', 'done'],
      ['ferritin', 'due'],
      ['vascular-assessment', 'not-assessable'],
      ['neurological-exam', 'not-assessable'],
    ]);
    const after = report(
      new FeatureBuilder().findings({ 'absent-pulses': 'no', 'sensory-deficit': 'yes' }).build(),
    );
    expect(after.checklist.find((c) => c.id === 'vascular-assessment')?.state).toBe('done');
    expect(after.checklist.find((c) => c.id === 'neurological-exam')?.state).toBe('done');
    const edema = report(new FeatureBuilder().findings({ 'edema-varicosities': 'yes' }).build());
    expect(edema.checklist.find((c) => c.id === 'vascular-assessment')?.state).toBe('done');
  });

  it('shows the PLMS-vs-RLS pitfall when PLMD is coded or RLS is likely', () => {
    expect(report(new FeatureBuilder().condition('plmd').build()).pitfalls.map((p) => p.id)).toEqual([
      'plms-vs-rls',
    ]);
    expect(report(new FeatureBuilder().condition('rls').build()).pitfalls.map((p) => p.id)).toEqual([
      'plms-vs-rls',
    ]);
    expect(report(emptyFeatures()).pitfalls).toEqual([]);
  });

  it('shows the venous-stasis pitfall when varicose veins or venous insufficiency are coded', () => {
    const r = report(new FeatureBuilder().condition('venous-insufficiency').build());
    expect(r.pitfalls).toEqual([expect.objectContaining({ id: 'venous-stasis', sources: ['Condition/t1'] })]);
  });

  it('shows the electrolytes pitfall when cramps are coded or likely', () => {
    expect(report(new FeatureBuilder().condition('leg-cramps').build()).pitfalls.map((p) => p.id)).toEqual([
      'electrolytes-and-cramps',
    ]);
    expect(
      report(new FeatureBuilder().findings({ 'relief-by-stretching': 'yes' }).build()).pitfalls.map(
        (p) => p.id,
      ),
    ).toEqual(['electrolytes-and-cramps']);
  });

  it('shows the 16% misclassification pitfall when RLS symptoms are entered while a mimic is likely', () => {
    const r = report(new FeatureBuilder().condition('pad').findings({ 'urge-to-move': 'yes' }).build());
    expect(r.pitfalls.map((p) => p.id)).toEqual(['rls-mimic-misclassification']);
    expect(r.pitfalls[0]?.text).toContain('16%');
  });

  it('adds the behavioural cues when dementia is coded', () => {
    const r = report(new FeatureBuilder().condition('dementia').build());
    expect(r.considerations).toEqual([
      expect.objectContaining({ id: 'cognitive-impairment', sources: ['Condition/t1'] }),
    ]);
    expect(r.considerations[0]?.cues).toContain('Repetitive kicking');
    expect(report(emptyFeatures()).considerations).toEqual([]);
  });

  it('passes data gaps and quarantined resources through', () => {
    const f = new FeatureBuilder().medicationGap().build();
    f.quarantined.push({ reference: 'Observation/bad', reason: 'status: invalid' });
    const r = report(f);
    expect(r.dataGaps).toEqual([
      { resourceType: 'MedicationRequest', reason: 'forbidden', detail: 'HTTP 403' },
    ]);
    expect(r.quarantined).toEqual([{ reference: 'Observation/bad', reason: 'status: invalid' }]);
  });

  // That evidence names only chart resources holds by construction (features cite only resources of
  // the snapshot, which all have ids): test/unit/features/provenance-properties.test.ts checks it.
  it('cites a source once even when a feature repeats it', () => {
    const f = new FeatureBuilder().condition('rls').build();
    const first = f.conditions.items[0];
    if (first?.sources[0]) first.sources.push(first.sources[0]);
    const coded = candidate(buildDifferential(f), 'rls').supporting.find((e) => e.ruleId === 'rls.coded');
    expect(coded?.sources).toEqual(first?.sources.slice(0, 1));
  });
});
