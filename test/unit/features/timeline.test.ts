import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChartSnapshot } from '@/lib/contracts/chart-snapshot';
import type { WithId } from '@/lib/contracts/references';
import { reportSchema } from '@/lib/contracts/report-schema';
import type { Timeline } from '@/lib/contracts/timeline-schema';
import { analyzeChart } from '@/lib/differential/analyze-chart';
import { deriveFeatures } from '@/lib/features/derive-features';
import { resourcesFromBundle, snapshotsFromResources } from '@/lib/fhir/bundle-input';
import { oldActiveOrderText } from '@/lib/knowledge/timeline';
import { laneText, periodText } from '@/lib/knowledge/timeline-labels';
import { everyChartReference } from '../../support/chart-references';
import { chartOf, now, withQueries } from './chart-fixtures';

// The pictures' data, from the chart: readings, bands, drug periods, doses and onsets.

const patientsDir = join(import.meta.dirname, '..', '..', '..', 'fhir-fixtures', 'patients');

function patient(file: string): ChartSnapshot {
  const bundle: unknown = JSON.parse(readFileSync(join(patientsDir, `${file}.json`), 'utf8'));
  const [snapshot] = snapshotsFromResources(resourcesFromBundle(bundle));
  if (!snapshot) throw new Error(`no patient in ${file}`);
  return snapshot;
}

function timelineOf(chart: Parameters<typeof deriveFeatures>[0]): Timeline {
  const timeline = deriveFeatures(chart, { now }).timeline;
  if (!timeline) throw new Error('no timeline');
  return timeline;
}

const drug = (t: Timeline, ingredient: string) => t.drugs.find((d) => d.ingredient === ingredient);

const rxnorm = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const subject = { reference: 'Patient/p1' };
const sertraline = { coding: [{ system: rxnorm, code: '36437', display: 'sertraline' }], text: 'sertraline' };
const haloperidol = { coding: [{ system: rxnorm, code: '5093' }], text: 'haloperidol 5 mg IM' };

function tsat(id: string, date: string, value: number, unit: string) {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '2502-3' }] },
    subject,
    effectiveDateTime: date,
    valueQuantity: { value, unit },
  };
}

describe('the timeline of p50 (fifteen years of iron and drugs)', () => {
  const t = timelineOf(patient('p50-long-iron-history-drug-periods'));

  it('lists every ferritin in ng/mL and every TSAT in %, oldest first, comparators and conversions kept', () => {
    const ferritin = t.labs.filter((p) => p.lab === 'ferritin');
    expect(ferritin).toHaveLength(18);
    expect(t.labs.filter((p) => p.lab === 'tsat')).toHaveLength(8);
    expect(ferritin[0]).toMatchObject({
      date: '2012-03-05',
      value: 22,
      source: 'Observation/p50-ferritin-01',
    });
    expect(ferritin.at(-1)).toMatchObject({ date: '2026-10-19', value: 68 });
    expect(ferritin.find((p) => p.comparator)).toMatchObject({ comparator: '<', value: 10 });
    const molar = ferritin.find((p) => p.original?.unit === 'pmol/L');
    expect(molar?.value).toBeCloseTo(93.5, 1);
    const dates = t.labs.map((p) => p.date ?? '');
    expect(dates).toEqual([...dates].sort());
  });

  it('draws the seed and AASM 2024 bands for an adult without ESRD, from lib/knowledge', () => {
    expect(t.bands.map((b) => [b.id, b.lab, b.limit, b.inclusive])).toEqual([
      ['seed', 'ferritin', 50, false],
      ['aasm-2024', 'ferritin', 75, true],
      ['aasm-2024', 'tsat', 20, false],
    ]);
    expect(t.bands[1]?.label).toBe('AASM 2024, adults: ferritin ≤ 75 ng/mL');
    expect(t.bands.every((b) => b.citation.length > 0)).toBe(true);
  });

  it('shows sertraline started in June 2021 before RLS was coded in August 2021', () => {
    expect(drug(t, 'sertraline')?.periods.map((p) => [p.start, p.endKind])).toEqual([
      ['2021-06-07', 'ongoing'],
      ['2026-06-02', 'ongoing'],
    ]);
    expect(t.onsets.find((o) => o.group === 'rls')).toMatchObject({
      date: '2021-08-16',
      dateKind: 'onset',
      source: 'Condition/p50-rls',
    });
    expect(t.onsets.map((o) => o.label)).toEqual(['Leg cramps', 'Akathisia', 'RLS']);
  });

  it('marks the diphenhydramine order active since 2013 as an old active order, 13 years old', () => {
    expect(drug(t, 'diphenhydramine')?.periods).toEqual([
      {
        source: 'MedicationRequest/p50-diphenhydramine-order',
        kind: 'order',
        start: '2013-02-04',
        end: null,
        endKind: 'ongoing',
        oldActiveOrderYears: 13,
      },
    ]);
    // Sertraline's order is recent, so neither of its periods is old.
    expect(drug(t, 'sertraline')?.periods.every((p) => p.oldActiveOrderYears === null)).toBe(true);
  });

  it('keeps a stopped order without an end date as an unknown end, and a charted end as ended', () => {
    expect(drug(t, 'amitriptyline')?.periods[0]).toMatchObject({ endKind: 'unknown', end: null });
    expect(drug(t, 'metoclopramide')?.periods[0]).toMatchObject({
      start: '2016-03-01',
      end: '2016-04-15',
      endKind: 'ended',
    });
  });

  it('tells oral from IV iron, and puts offending drugs before RLS treatments', () => {
    expect(drug(t, 'ferrous sulfate')?.ironRoute).toBe('oral');
    expect(drug(t, 'ferric carboxymaltose')?.ironRoute).toBe('intravenous');
    expect(drug(t, 'gabapentin')?.ironRoute).toBeNull();
    const roles = t.drugs.map((d) => d.role);
    expect(roles.indexOf('treatment')).toBeGreaterThan(roles.lastIndexOf('offending'));
    expect(t.drugs.filter((d) => d.role === 'offending').map((d) => d.ingredient)).toEqual([
      'diphenhydramine',
      'amitriptyline',
      'metoclopramide',
      'quetiapine',
      'sertraline',
    ]);
    expect(t.drugs.flatMap((d) => d.periods)).toHaveLength(12);
  });

  it('cites only resources of the chart, and the Report schema accepts it', () => {
    const snapshot = patient('p50-long-iron-history-drug-periods');
    const report = analyzeChart(snapshot, { now });
    expect(reportSchema.safeParse(report).success).toBe(true);
    const known = everyChartReference(snapshot);
    const cited = [
      ...t.labs.map((p) => p.source),
      ...t.drugs.flatMap((d) => [...d.periods.map((p) => p.source), ...d.doses.map((x) => x.source)]),
      ...t.onsets.map((o) => o.source),
    ];
    for (const source of cited) expect(known).toContain(source);
  });
});

describe('the timeline, case by case', () => {
  it('draws the ESRD band only when ESRD is coded', () => {
    const t = timelineOf(patient('p16-esrd-promethazine-two-classes'));
    expect(t.bands.find((b) => b.id === 'esrd')).toMatchObject({ lab: 'ferritin', limit: 200 });
    expect(timelineOf(patient('p01-rls-sertraline-low-ferritin')).bands.map((b) => b.id)).not.toContain(
      'esrd',
    );
  });

  it('leaves the adult AASM 2024 bands out for a child', () => {
    const chart = chartOf([]);
    const child: ChartSnapshot = {
      ...chart,
      patient: { resourceType: 'Patient', id: 'p1', gender: 'male', birthDate: '2013-05-01' },
    };
    // The iron flag's child set: the paediatric threshold only (lib/knowledge/labs.ts).
    expect(timelineOf(child).bands.map((b) => [b.id, b.label])).toEqual([
      ['child', 'Children: ferritin < 50 ng/mL'],
    ]);
  });

  it('draws the ESRD set (seed, ferritin < 200 and TSAT < 20 %), not the adult AASM 2024 bands', () => {
    const t = timelineOf(patient('p35-dialysis-z99-ferritin-180-tsat-18'));
    expect(t.bands.map((b) => [b.id, b.lab, b.limit])).toEqual([
      ['seed', 'ferritin', 50],
      ['esrd', 'ferritin', 200],
      ['esrd', 'tsat', 20],
    ]);
  });

  it('reads a TSAT as the iron flag does: a fraction as percent, an unknown unit kept without a value', () => {
    const t = timelineOf(
      chartOf([
        tsat('t1', '2026-01-05', 0.18, '1'),
        tsat('t2', '2026-02-05', 18, '%'),
        tsat('t3', '2026-03-05', 18, 'mg/dL'),
      ]),
    );
    expect(t.labs.map((p) => [p.value, p.problem])).toEqual([
      [18, null],
      [18, null],
      [null, "Its unit 'mg/dL' cannot be converted to a percentage"],
    ]);
    expect(t.labs[0]?.original).toEqual({ value: 0.18, unit: '1' });
  });

  it('draws a TSAT calculated from serum iron and TIBC of the same day, with both as its sources', () => {
    const t = timelineOf(patient('p32-calculated-tsat-same-day-iron-tibc'));
    const calculated = t.labs.filter((p) => p.calculatedFrom !== null);
    expect(calculated).toHaveLength(1);
    expect(calculated[0]?.value).toBeCloseTo(8.4, 1);
    expect(calculated[0]?.calculatedFrom).toMatchObject({
      iron: { value: 38, comparator: null },
      tibc: { value: 450, comparator: null },
    });
    expect(calculated[0]?.sources).toHaveLength(2);
    expect(calculated[0]?.source).toBe(calculated[0]?.sources[0]);
  });

  it('reads a ferritin sent as text with its comparator, as the iron flag does', () => {
    const t = timelineOf(patient('p33-text-ferritin-below-15-newer-than-high'));
    const text = t.labs.find((p) => p.text !== null);
    expect(text).toMatchObject({ lab: 'ferritin', value: 15, comparator: '<', text: '<15' });
  });

  it('marks old active orders as the medication feature does (p26: quetiapine, not sertraline)', () => {
    const t = timelineOf(patient('p26-old-active-orders-confirm'));
    const quetiapine = drug(t, 'quetiapine')?.periods.filter((p) => p.oldActiveOrderYears !== null);
    expect(quetiapine?.map((p) => p.oldActiveOrderYears)).toEqual([7]);
    expect(drug(t, 'sertraline')?.periods.every((p) => p.oldActiveOrderYears === null)).toBe(true);
    expect(drug(t, 'mirtazapine')?.periods.every((p) => p.oldActiveOrderYears === null)).toBe(true);
  });

  it("gives each old active order its own age, not the newest order's (the flag keeps the newest)", () => {
    const order = (id: string, authoredOn: string) => ({
      resourceType: 'MedicationRequest',
      id,
      status: 'active',
      intent: 'order',
      subject,
      authoredOn,
      medicationCodeableConcept: sertraline,
    });
    const chart = chartOf([order('old', '2012-03-01'), order('newer', '2020-05-01')]);
    const t = timelineOf(chart);
    expect(drug(t, 'sertraline')?.periods.map((p) => [p.source, p.oldActiveOrderYears])).toEqual([
      ['MedicationRequest/old', 14],
      ['MedicationRequest/newer', 6],
    ]);
    const flag = analyzeChart(chart, { now }).flags.medications.find((f) => f.ingredient === 'sertraline');
    expect(flag?.confirmStillTaking?.years).toBe(6);
    // The lane says the flag's figure (the newest old order); each bar says its own.
    const lane = drug(t, 'sertraline');
    if (!lane) throw new Error('no sertraline lane');
    expect(laneText(lane)).toBe('sertraline · active order from 6 years ago');
    expect(lane.periods.map((p) => periodText(lane, p).split('; ')[1])).toEqual([
      oldActiveOrderText(14),
      oldActiveOrderText(6),
    ]);
  });

  it('draws a long-acting injection with the end of its dosing interval (p24 paliperidone)', () => {
    const t = timelineOf(patient('p24-paliperidone-monthly-injection-current'));
    const doses = drug(t, 'paliperidone')?.doses ?? [];
    expect(doses.length).toBeGreaterThan(0);
    expect(doses.at(-1)?.actingUntil).toBe('2026-12-09');
  });

  it('ends what was open at death for a deceased patient (p18): no ongoing drug, no old-order marker', () => {
    const t = timelineOf(patient('p18-deceased-open-orders-low-ferritin'));
    const periods = t.drugs.flatMap((d) => d.periods);
    expect(periods.filter((p) => p.endKind === 'open-at-death').length).toBeGreaterThanOrEqual(2);
    expect(periods.some((p) => p.endKind === 'ongoing')).toBe(false);
    expect(periods.every((p) => p.oldActiveOrderYears === null)).toBe(true);
    expect(drug(t, 'haloperidol')?.doses).toHaveLength(1);
  });

  it('leaves out local uses (creams, sprays) as the flags do (p22)', () => {
    const t = timelineOf(patient('p22-topical-forms-not-flagged'));
    expect(t.drugs.map((d) => d.ingredient)).toEqual(['hydroxyzine']);
  });

  it('does not mark an old active order when the drug was charted again since', () => {
    const t = timelineOf(
      chartOf([
        {
          resourceType: 'MedicationRequest',
          id: 'old',
          status: 'active',
          intent: 'order',
          medicationCodeableConcept: sertraline,
          subject,
          authoredOn: '2015-01-10',
        },
        {
          resourceType: 'MedicationStatement',
          id: 'newer',
          status: 'active',
          medicationCodeableConcept: sertraline,
          subject,
          effectivePeriod: { start: '2026-03-01' },
        },
      ]),
    );
    expect(drug(t, 'sertraline')?.periods.map((p) => p.oldActiveOrderYears)).toEqual([null, null]);
  });

  it('draws administrations as doses, skips those not given, and never lets a withdrawn order make a period', () => {
    const chart = chartOf([
      {
        resourceType: 'MedicationRequest',
        id: 'withdrawn',
        status: 'entered-in-error',
        intent: 'order',
        medicationCodeableConcept: haloperidol,
        subject,
        authoredOn: '2026-11-01',
      },
    ]);
    const administration = (
      id: string,
      status: fhir4.MedicationAdministration['status'],
      date: string,
    ): WithId<fhir4.MedicationAdministration> => ({
      resourceType: 'MedicationAdministration',
      id,
      status,
      medicationCodeableConcept: haloperidol,
      subject,
      effectiveDateTime: date,
    });
    const t = timelineOf({
      ...chart,
      medicationAdministrations: [
        administration('a2', 'completed', '2026-11-20T08:00:00Z'),
        administration('a1', 'completed', '2026-10-02T22:15:00Z'),
        administration('a3', 'not-done', '2026-11-21T08:00:00Z'),
      ],
    });
    expect(drug(t, 'haloperidol')).toMatchObject({
      periods: [],
      doses: [
        { date: '2026-10-02T22:15:00Z', source: 'MedicationAdministration/a1' },
        { date: '2026-11-20T08:00:00Z', source: 'MedicationAdministration/a2' },
      ],
    });
  });

  it('marks a condition by its recorded date when no onset is charted, and never a refuted one', () => {
    const condition = (id: string, verification: string) => ({
      resourceType: 'Condition',
      id,
      verificationStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: verification },
        ],
      },
      code: { coding: [{ system: 'http://snomed.info/sct', code: '32914008' }], text: 'Restless legs' },
      subject,
      recordedDate: '2024-04-04',
    });
    const t = timelineOf(chartOf([condition('c1', 'confirmed'), condition('c2', 'refuted')]));
    expect(t.onsets).toEqual([
      {
        group: 'rls',
        label: 'RLS',
        display: 'Restless legs',
        date: '2024-04-04',
        dateKind: 'recorded',
        source: 'Condition/c1',
      },
    ]);
  });

  it('says when a search did not complete, so an empty picture is not read as "none"', () => {
    const t = timelineOf(chartOf([], withQueries({ Observation: ['forbidden'] })));
    expect(t.labs).toEqual([]);
    expect(t.searches).toEqual({ labs: 'unavailable', medications: 'complete', conditions: 'complete' });
  });
});
